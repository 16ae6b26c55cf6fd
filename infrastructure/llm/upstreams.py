"""The upstream servers behind the connections, over one pooled HTTP client."""

from __future__ import annotations

from typing import Any

import httpx

from application.models.connections import Upstream
from application.models.ports import (
    ChatModel,
    UpstreamAddressRefusedError,
    UpstreamError,
    UpstreamTimeout,
)
from infrastructure.llm.ollama_native import OllamaNative
from infrastructure.llm.openai_compatible import OpenAICompatibleModel, error_message
from infrastructure.outbound import (
    SSRFProtectionError,
    UpstreamAddressPolicy,
    guarded_client,
    refusal,
)


class HttpUpstreams:
    """OpenAI-compatible servers at their base URL (``.../v1``); Ollama at its root, where its
    OpenAI-compatible endpoints live under ``/v1``."""

    def __init__(self, completion_timeout: float, policy: UpstreamAddressPolicy) -> None:
        self._completion_timeout = completion_timeout
        self._policy = policy
        self._client: httpx.AsyncClient | None = None

    def client(self) -> httpx.AsyncClient:
        """Made on first use, inside the event loop that will use it."""
        if self._client is None:
            self._client = guarded_client(self._policy, trust_env=False, limits=httpx.Limits(
                max_connections=500, max_keepalive_connections=100))
        return self._client

    async def list_models(self, upstream: Upstream, timeout: float) -> list[dict[str, Any]]:
        if upstream.kind == "openai":
            payload = await self._get(upstream, f"{upstream.url}/models", timeout)
            models = payload.get("data") if isinstance(payload, dict) else payload
        else:
            payload = await self._get(upstream, f"{upstream.url}/api/tags", timeout)
            models = payload.get("models") if isinstance(payload, dict) else None
        return [m for m in models if isinstance(m, dict)] if isinstance(models, list) else []

    async def version(self, upstream: Upstream, timeout: float) -> str:
        payload = await self._get(upstream, f"{upstream.url}/api/version", timeout)
        return str(payload.get("version", "")) if isinstance(payload, dict) else ""

    def chat_model(self, upstream: Upstream, model_id: str) -> ChatModel:
        base_url = upstream.url if upstream.kind == "openai" else f"{upstream.url}/v1"
        return OpenAICompatibleModel(self.client, base_url, upstream.key, model_id, self._completion_timeout)

    def ollama_native(self) -> OllamaNative:
        return OllamaNative(self.client, self._completion_timeout)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _get(self, upstream: Upstream, url: str, timeout: float) -> Any:
        headers = {"Authorization": f"Bearer {upstream.key}"} if upstream.key else {}
        try:
            response = await self.client().get(url, headers=headers, timeout=timeout)
        except httpx.TimeoutException as error:
            raise UpstreamTimeout(f"{upstream.url} did not answer within {timeout:g} s") from error
        except SSRFProtectionError as error:
            raise UpstreamAddressRefusedError(refusal(error)) from error
        except httpx.HTTPError as error:
            raise UpstreamError(f"{upstream.url} is unreachable: {error}") from error
        except (httpx.InvalidURL, ValueError) as error:  # a URL saved before it was checked, or a name DNS refuses
            raise UpstreamError(f"{upstream.url} cannot be called: {error}") from error
        if response.status_code >= 400:
            raise UpstreamError(error_message(response), response.status_code)
        try:
            return response.json()
        except ValueError as error:
            raise UpstreamError(f"{upstream.url} did not answer with JSON") from error
