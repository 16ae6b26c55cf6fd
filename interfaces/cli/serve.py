from __future__ import annotations

import uvicorn

from infrastructure.settings import Settings
from interfaces.http.app import create_app


def serve(settings: Settings, host: str, port: int, workers: int) -> int:
    # proxy_headers=False: uvicorn would otherwise believe X-Forwarded-For from loopback and rewrite
    # the client address before we see it; ClientAddresses believes it only from ANNALS_TRUSTED_PROXIES.
    # timeout_graceful_shutdown: open requests are cut after the grace, then the lifespan's shutdown
    # records the replies they carried as interrupted; without it uvicorn waits for every stream to end.
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False,
                ws="websockets-sansio", lifespan="on", proxy_headers=False,
                timeout_graceful_shutdown=max(1, round(settings.shutdown_grace_seconds)))
    return 0
