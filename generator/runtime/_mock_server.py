"""The mock over real HTTP: an ASGI app around ``MockAPI``, served by uvicorn on loopback.

``python -m PKG.mock`` (and ``python -m generator mock NAME``) run it; the first line printed is
the base URL a client should use. Fault injection for tests: added latency, a share of requests
answered 500/503/429 with ``Retry-After``. uvicorn is imported only here (the ``[mock]`` extra).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import random
import sys
from collections.abc import Awaitable, Sequence
from typing import Any, Callable, Optional

import httpx

from ._mock import MockAPI, MockRoute

__all__ = ["Faults", "asgi_app", "main"]

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class Faults:
    """Injected misbehaviour: ``latency`` seconds before each answer; a ``rate`` share of
    requests answered ``status`` (with ``Retry-After: retry_after``). Seeded: reproducible."""

    def __init__(
        self, latency: float = 0.0, rate: float = 0.0, status: int = 503,
        retry_after: float = 1.0, seed: int = 0,
    ) -> None:  # fmt: skip
        self.latency, self.rate, self.status, self.retry_after = latency, rate, status, retry_after
        self._random = random.Random(seed)

    def pick(self) -> Optional[httpx.Response]:
        if self.rate and self._random.random() < self.rate:
            body = {"error": {"code": "injected_fault", "message": "injected by the mock server",
                              "status": self.status, "retryable": True}}  # fmt: skip
            headers = {"Retry-After": f"{self.retry_after:g}"}
            return httpx.Response(self.status, json=body, headers=headers)
        return None


def asgi_app(api: MockAPI, faults: Optional[Faults] = None) -> Callable[..., Awaitable[None]]:
    """An ASGI application answering every HTTP request through ``api``."""

    async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # served with lifespan="off": nothing else arrives
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = scope.get("query_string", b"").decode("latin-1")
        # raw_path keeps the percent-encoding: a decoded path with `?`, `#` or `%` would misparse.
        raw = scope.get("raw_path") or scope["path"].encode("utf-8")
        url = "http://mock" + raw.decode("latin-1") + (f"?{query}" if query else "")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        request = httpx.Request(scope["method"], url, headers=headers, content=body)
        if faults is not None and faults.latency:
            await asyncio.sleep(faults.latency)
        response = (faults.pick() if faults else None) or api.handle(request)
        content = response.read()
        await send({
            "type": "http.response.start",
            "status": response.status_code,
            "headers": [(k.encode("latin-1"), v.encode("latin-1"))
                        for k, v in response.headers.items() if k.lower() != "content-length"]
                       + [(b"content-length", str(len(content)).encode())],
        })  # fmt: skip
        await send({"type": "http.response.body", "body": content})

    return app


def main(
    routes: Sequence[MockRoute], base_path: str, default_port: int, argv: Optional[list[str]] = None
) -> None:
    parser = argparse.ArgumentParser(description="Serve this API's mock on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=default_port)
    parser.add_argument("--host", default="127.0.0.1", help="loopback only by default")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each answer")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of requests failed")
    parser.add_argument("--fault-status", type=int, default=503, choices=(429, 500, 503))
    parser.add_argument("--retry-after", type=float, default=1.0)
    args = parser.parse_args(argv)
    try:
        uvicorn = importlib.import_module("uvicorn")  # an optional dependency: the [mock] extra
    except ImportError:  # pragma: no cover - depends on the environment
        sys.exit("the mock server needs uvicorn: pip install 'PACKAGE[mock]'")
    faults = Faults(args.latency, args.fault_rate, args.fault_status, args.retry_after)
    host = "localhost" if args.host in ("127.0.0.1", "localhost") else args.host
    print(f"http://{host}:{args.port}{base_path}", flush=True)
    uvicorn.run(asgi_app(MockAPI(routes, check_auth=True), faults), host=args.host, port=args.port,
                log_level="warning", lifespan="off")  # fmt: skip
