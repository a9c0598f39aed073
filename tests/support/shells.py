"""The runtime's sync and async HTTP shells without a generated package: a demo ``ClientCore``
(the error fixture, one header API key) and a shell of a twin's flavour over a handler."""

from __future__ import annotations

from typing import Any, Union

import httpx

from generator.runtime._async_http import AsyncAPIClient
from generator.runtime._core import ClientCore
from generator.runtime._sync_http import SyncAPIClient
from tests.support.errors import ERRORS
from tests.support.twins import Handler, Twin

__all__ = ["API", "KEY", "make_api", "make_core"]

KEY = "sk-shell-secret"
API = Union[SyncAPIClient, AsyncAPIClient]


def make_core(**kwargs: Any) -> ClientCore:
    kwargs.setdefault("env_prefix", "SDKTESTSHELL")
    kwargs.setdefault("default_base_url", "https://api.example.com/v1")
    kwargs.setdefault("auth", [("api_key", "header", "x-api-key")])
    kwargs.setdefault("errors", ERRORS)
    kwargs.setdefault("user_agent", "demo-sdk/1.0")
    kwargs.setdefault("api_key", KEY)
    core = ClientCore(**kwargs)
    core.random = lambda: 0.0  # no jitter: backoff is exactly 0.5, 1, 2, ...
    return core


def make_api(
    t: Twin,
    handler: Handler,
    core: ClientCore | None = None,
    **http_kwargs: Any,
) -> Any:
    """A shell of ``t``'s flavour whose requests go to ``handler`` and whose sleeps are recorded.

    ``t.requests`` gets a snapshot of every attempt (the shell re-sends one request object)."""

    def recording(request: httpx.Request) -> httpx.Response:
        request.read()
        snapshot = httpx.Request(
            request.method, request.url, headers=request.headers, content=request.content
        )
        t.requests.append(snapshot)
        return handler(request)

    transport = httpx.MockTransport(recording)
    core = core or make_core()
    if t.is_async:
        api: API = AsyncAPIClient(core, httpx.AsyncClient(transport=transport, **http_kwargs))

        async def sleep(seconds: float) -> None:
            t.sleeps.append(seconds)

    else:
        api = SyncAPIClient(core, httpx.Client(transport=transport, **http_kwargs))

        def sleep(seconds: float) -> None:  # type: ignore[misc]
            t.sleeps.append(seconds)

    api.sleep = sleep  # type: ignore[assignment]
    return api
