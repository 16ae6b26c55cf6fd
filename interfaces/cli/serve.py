from __future__ import annotations

import uvicorn

from infrastructure.settings import Settings
from interfaces.http.app import create_app


def serve(settings: Settings, host: str, port: int, workers: int) -> int:
    # proxy_headers=False: uvicorn would otherwise believe X-Forwarded-For from loopback and rewrite
    # the client address before we see it; ClientAddresses believes it only from ANNALS_TRUSTED_PROXIES.
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False,
                ws="websockets-sansio", lifespan="on", proxy_headers=False)
    return 0
