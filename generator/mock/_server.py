"""The mock over real HTTP: an ASGI app around ``MockAPI``, served by uvicorn on loopback.

``python -m PKG.mock`` (and ``python -m generator mock NAME``) run it; the first line printed is
the base URL a client should use. uvicorn is imported only here (the ``[mock]`` extra).

Fault injection (seeded, so a run is reproducible): ``latency`` seconds before each answer; a
``rate`` share of requests answered with one of ``statuses`` (429/500/503 with ``Retry-After``)
without acting; a ``drop_before`` share whose connection is reset before the mock acts; a
``drop_after`` share that the mock acts on (state changes) and then resets; a ``slow`` share
answered only after ``slow_seconds`` (for client timeouts); a ``cut`` share of event streams
broken off half-way through their bytes (a stream's client must reconnect). ``limit``: only
the first that many requests may fault, so a test can watch a call fail and then its resend
succeed.

``GET /__mock/state`` (never faulted, outside every spec's paths) answers the number of
resources created through the mock per collection, for tests that count what the server holds.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import socket
import sys
from collections.abc import Awaitable
from typing import Any, Callable, Optional

import httpx

from ._core import MockAPI, MockSpec
from ._faults import Faults

__all__ = ["STATE_PATH", "ConnectionDropped", "Faults", "asgi_app", "main"]

STATE_PATH = "/__mock/state"
# The HTTP parser's limit on a request head: far above the mock's own (``MockAPI`` answers 431
# in the platform's error shape), so an oversized header reaches the mock instead of a reset.
_MAX_HEAD = 1024 * 1024

log = logging.getLogger(__name__)

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class ConnectionDropped(Exception):
    """Raised inside the ASGI app to make the server reset the connection without answering."""


async def _answer(
    api: MockAPI, faults: Optional[Faults], scope: dict[str, Any], receive: Receive, send: Send
) -> None:
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":  # the client went away: nothing to answer
            return
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    if scope["path"] == STATE_PATH:
        await _send(send, httpx.Response(200, json={"created": api.store.created_counts()}))
        return
    fault = faults.pick() if faults is not None else ""
    if faults is not None and faults.latency:
        await asyncio.sleep(faults.latency)
    if fault == "drop-before":
        await _drop(send, "before acting")
    if fault == "status":
        assert faults is not None
        response = faults.response(api)
    else:
        response = api.handle_raw(
            scope["method"], scope.get("raw_path") or scope["path"].encode("utf-8"),
            scope.get("query_string", b""), scope["headers"], body,
        )  # fmt: skip
    if fault == "drop-after":
        await _drop(send, "after acting")
    if fault == "slow":
        assert faults is not None
        await asyncio.sleep(faults.slow_seconds)
    stream = response.headers.get("content-type", "").startswith("text/event-stream")
    await _send(send, response, cut=fault == "cut" and stream)


def asgi_app(api: MockAPI, faults: Optional[Faults] = None) -> Callable[..., Awaitable[None]]:
    """An ASGI application answering every HTTP request through ``api``."""

    async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # served with lifespan="off": nothing else arrives
            return
        try:
            await _answer(api, faults, scope, receive, send)
        except ConnectionDropped:
            raise
        except Exception:  # never a crash: the platform's error shape and a log line
            log.exception("mock: %s %s failed", scope.get("method"), scope.get("path"))
            response = api.error(None, 500, "mock_error", "mock: the request handler failed")
            await _send(send, response)

    return app


async def _send(send: Send, response: httpx.Response, *, cut: bool = False) -> None:
    """Answer ``response``; ``cut``: send the first half of its bytes, then reset."""
    content = response.read()
    headers = [(k.encode("latin-1"), v.encode("latin-1"))
               for k, v in response.headers.items() if k.lower() != "content-length"]  # fmt: skip
    if not cut:
        headers.append((b"content-length", str(len(content)).encode()))
    await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
    if cut:
        await send({"type": "http.response.body", "body": content[: len(content) // 2],
                    "more_body": True})  # fmt: skip
        raise ConnectionDropped("injected: event stream cut half-way")
    await send({"type": "http.response.body", "body": content})


async def _drop(send: Send, when: str) -> None:
    """Reset the connection: ASGI can't close a socket, but an app failing after it promised a
    body makes the server abort the connection, so the client sees no usable response."""
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", b"1")]})  # fmt: skip
    raise ConnectionDropped(f"injected: connection reset {when}")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Serve this API's mock on 127.0.0.1.")
    add = parser.add_argument
    add("--port", type=int, help="default: the spec's x-sdk-mock-port, else 8000; 0: any free")
    add("--host", default="127.0.0.1", help="loopback only by default")
    add("--strict", action="store_true", help="unknown ids answer 404 instead of an example")
    add("--rate-limit", action="store_true", help="enforce the spec's x-sdk-rate-limit")
    add("--step-seconds", type=float, help="a polled resource's seconds per status")
    add("--latency", type=float, default=0.0, help="seconds added to each answer")
    add("--fault-rate", type=float, default=0.0, help="share of requests failed")
    add("--fault-status", type=_statuses, default=(503,), help="429, 500 and/or 503, e.g. 500,503")
    add("--retry-after", type=float, default=1.0, help="Retry-After seconds of faulted answers")
    add("--drop-before", type=float, default=0.0, help="share reset before the mock acts")
    add("--drop-after", type=float, default=0.0, help="share reset after the mock acted")
    add("--slow-rate", type=float, default=0.0, help="share answered after --slow-seconds")
    add("--slow-seconds", type=float, default=0.0, help="delay of a --slow-rate answer")
    add("--seed", type=int, default=0, help="seed of the fault draws")
    add("--fault-limit", type=int, help="only the first N requests may fault")
    add("--cut-streams", type=float, default=0.0, help="share of event streams cut half-way")
    return parser


def _statuses(text: str) -> tuple[int, ...]:
    try:
        statuses = tuple(int(part) for part in text.split(","))
    except ValueError:
        statuses = ()
    if not statuses or any(s not in (429, 500, 503) for s in statuses):
        raise argparse.ArgumentTypeError(f"{text!r}: expected 429, 500 or 503, comma-separated")
    return statuses


def main(
    routes: MockSpec, base_path: str, default_port: int, argv: Optional[list[str]] = None
) -> None:
    args = parser().parse_args(argv)
    try:
        uvicorn = importlib.import_module("uvicorn")  # an optional dependency: the [mock] extra
    except ImportError:  # pragma: no cover - depends on the environment
        sys.exit("the mock server needs uvicorn: pip install 'PACKAGE[mock]'")
    faults = Faults(args.latency, args.fault_rate, args.fault_status, args.retry_after,
                    args.seed, args.drop_before, args.drop_after, args.slow_rate,
                    args.slow_seconds, args.fault_limit, args.cut_streams)  # fmt: skip
    api = MockAPI(routes, check_auth=True, strict=args.strict, rate_limit=args.rate_limit,
                  step_seconds=args.step_seconds)  # fmt: skip
    port = default_port if args.port is None else args.port
    # Bound before the URL is printed: a script reading the first line must never be sent to
    # whatever else holds the port. --port 0 takes a free one (the URL names it).
    sock = _bind(args.host, port)
    port = sock.getsockname()[1]
    host = "localhost" if args.host in ("127.0.0.1", "localhost") else args.host
    print(f"http://{host}:{port}{base_path}", flush=True)
    config = uvicorn.Config(asgi_app(api, faults), log_level="critical", lifespan="off",
                            access_log=False, h11_max_incomplete_event_size=_MAX_HEAD)  # fmt: skip
    uvicorn.Server(config).run(sockets=[sock])


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named: asyncio sets TCP_NODELAY only on connections of a socket created so;
    # without it each answer waits for the client's delayed ACK (~40 ms a request).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        print(f"mock server: cannot listen on {host}:{port}: {exc.strerror or exc} "
              f"(port {port} is in use? choose another with --port)", file=sys.stderr)  # fmt: skip
        sys.exit(2)
    return sock
