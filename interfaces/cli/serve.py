from __future__ import annotations

import uvicorn

from infrastructure.settings import Settings
from interfaces.http.app import create_app


def serve(settings: Settings, host: str, port: int, workers: int) -> int:
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False,
                ws="websockets-sansio", lifespan="on")
    return 0
