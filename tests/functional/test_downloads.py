"""Binary and text bodies read whole by the methods and as a stream by
``with_streaming_response``, against a real Starlette app whose bodies are ``StreamingResponse``
generators (served by uvicorn on 127.0.0.1). Sync and async from one body.

Incremental delivery is proved without timing: the server sends the first part of a body and
then holds the rest until the test opens a gate, which the test does only after it has received
that first part. A client that buffered the body would wait for the rest, which never comes
(the server gives up after a bound and sends a marker the assertions reject).
Connection release is proved twice: the server sees the client go away (its generator ends
early), and a client whose pool holds a single connection can make its next call.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import
from tests.support.twins import both

SPEC = Path(__file__).parent / "specs" / "downloads.yaml"
# The media type each path answers with, and the method reading it.
KINDS = {
    "blobs": ("application/octet-stream", "get_blob"),
    "images": ("image/png", "get_image"),
    "reports": ("application/pdf", "get_report"),
    "exports": ("application/zip", "get_export"),  # the spec says `*/*`, binary
    "logs": ("text/plain; charset=utf-8", "get_log"),
    "tables": ("text/csv; charset=utf-8", "get_table"),
}
# Sent before the gate: 64 KiB, a whole number of the chunk sizes asked for (a chunk of the
# asked size is handed out only when complete).
HEAD = b"first part 0123\n" * 4096
TAIL = b"second part\n" * 100
NEVER_OPENED = b"GATE NEVER OPENED"
BOUND = 3_000  # polls of 10 ms before the server gives up on a gate (a guard, not a timing)


class Server:
    """The app and what it observed: per key, a gate the test opens and whether the body's
    generator ran to its end or stopped because the client went away."""

    def __init__(self) -> None:
        self.gates: dict[str, threading.Event] = {}
        self.finished: dict[str, threading.Event] = {}
        self.outcome: dict[str, str] = {}
        self.keys = itertools.count()

    def key(self) -> str:
        key = f"k{next(self.keys)}"
        self.gates[key] = threading.Event()
        self.finished[key] = threading.Event()
        return key

    async def body(self, request: Request, key: str) -> AsyncIterator[bytes]:
        outcome = "ended"
        try:
            yield HEAD
            for _ in range(BOUND):
                if self.gates[key].is_set():
                    yield TAIL
                    break
                if await request.is_disconnected():
                    outcome = "client went away"
                    return
                await asyncio.sleep(0.01)
            else:
                yield NEVER_OPENED
        except BaseException:  # cancelled by the server when the client went away
            outcome = "client went away"
            raise
        finally:
            self.outcome[key] = outcome
            self.finished[key].set()

    def app(self) -> Starlette:
        async def answer(request: Request) -> StreamingResponse:
            kind = request.url.path.split("/")[1]
            key = request.path_params["key"]
            return StreamingResponse(self.body(request, key), media_type=KINDS[kind][0])

        return Starlette(routes=[Route(f"/{kind}/{{key}}", answer) for kind in KINDS])


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_and_import(SPEC, tmp_path_factory.mktemp("downloads"), "downloads")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Server, str]]:
    state = Server()
    with serve(state.app()) as url:
        yield state, url


def make_client(module: ModuleType, url: str, is_async: bool) -> Any:
    """A client whose pool holds one connection: a response not released blocks the next
    call (until the pool timeout, which then fails the test)."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    timeout = httpx.Timeout(30.0, pool=10.0)
    http_class = httpx.AsyncClient if is_async else httpx.Client
    http = http_class(limits=limits, timeout=timeout)
    return client_class(module, is_async)(base_url=url, http_client=http)


async def close(client: Any) -> None:
    """Close the client and the httpx client it was given (which the caller owns)."""
    await call(client.close())
    http = client._api.http_client
    await call(http.aclose() if isinstance(http, httpx.AsyncClient) else http.close())


async def call(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def enter(manager: Any, is_async: bool) -> Any:
    return await manager.__aenter__() if is_async else manager.__enter__()


async def leave(manager: Any, is_async: bool, exc: BaseException | None = None) -> None:
    info = (type(exc), exc, exc.__traceback__) if exc else (None, None, None)
    await call(manager.__aexit__(*info) if is_async else manager.__exit__(*info))


async def pieces(iterator: Any) -> AsyncIterator[Any]:
    """Sync or async iterator, iterated the same way."""
    if hasattr(iterator, "__aiter__"):
        async for piece in iterator:
            yield piece
    else:
        for piece in iterator:
            yield piece


def pool_in_use(client: Any) -> int:
    """Connections of the client's pool that are neither idle nor closed (serving a response)."""
    pool = client._api.http_client._transport._pool
    return sum(1 for c in pool.connections if not (c.is_idle() or c.is_closed()))


@both
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_bodies_arrive_incrementally(
    downloads: ModuleType, server: tuple[Server, str], kind: str, is_async: bool
) -> None:
    state, url = server
    method = KINDS[kind][1]

    async def body() -> None:
        client = make_client(downloads, url, is_async)
        key = state.key()
        manager = getattr(client.files.with_streaming_response, method)(key)
        response = await enter(manager, is_async)
        assert response.status_code == 200
        received = b""
        async for chunk in pieces(response.iter_bytes(4096)):
            assert len(chunk) <= 4096
            received += chunk
            if len(received) >= len(HEAD):
                state.gates[key].set()  # only now may the rest come
        await leave(manager, is_async)
        assert received == HEAD + TAIL
        assert state.finished[key].wait(10) and state.outcome[key] == "ended"
        assert pool_in_use(client) == 0
        await close(client)

    asyncio.run(body())


@both
def test_text_bodies_by_lines_and_text(
    downloads: ModuleType, server: tuple[Server, str], is_async: bool
) -> None:
    state, url = server

    async def body() -> None:
        client = make_client(downloads, url, is_async)
        key = state.key()
        manager = client.files.with_streaming_response.get_table(key)
        response = await enter(manager, is_async)
        lines: list[str] = []
        async for line in pieces(response.iter_lines()):
            lines.append(line)
            if len(lines) == HEAD.count(b"\n"):
                state.gates[key].set()  # every line of the first part, before the rest
        await leave(manager, is_async)
        assert lines == ["first part 0123"] * 4096 + ["second part"] * 100

        key = state.key()
        state.gates[key].set()
        manager = client.files.with_streaming_response.get_log(key)
        response = await enter(manager, is_async)
        text = "".join([t async for t in pieces(response.iter_text())])
        await leave(manager, is_async)
        assert text == (HEAD + TAIL).decode()
        assert pool_in_use(client) == 0
        await close(client)

    asyncio.run(body())


@both
def test_parse_reads_the_whole_body_as_the_method_returns_it(
    downloads: ModuleType, server: tuple[Server, str], is_async: bool
) -> None:
    state, url = server

    async def body() -> None:
        client = make_client(downloads, url, is_async)
        for method, expected in (("get_report", HEAD + TAIL), ("get_log", (HEAD + TAIL).decode())):
            key = state.key()
            state.gates[key].set()
            manager = getattr(client.files.with_streaming_response, method)(key)
            response = await enter(manager, is_async)
            value = await call(response.parse())
            await leave(manager, is_async)
            assert value == expected and type(value) is type(expected)
            # The plain method: the same value, whole, as before streaming existed.
            key = state.key()
            state.gates[key].set()
            assert await call(getattr(client.files, method)(key)) == expected
        await close(client)

    asyncio.run(body())


@both
def test_stream_to_file_writes_as_the_body_arrives(
    downloads: ModuleType, server: tuple[Server, str], is_async: bool, tmp_path: Path
) -> None:
    state, url = server

    async def body() -> None:
        client = make_client(downloads, url, is_async)
        key = state.key()
        target = tmp_path / f"export-{is_async}.zip"
        manager = client.files.with_streaming_response.get_export(key)
        response = await enter(manager, is_async)
        # Opened when the first part has been written: the file holds it before the rest came.
        opener = threading.Thread(target=open_when_written, args=(target, state.gates[key]))
        opener.start()
        written = await call(response.stream_to_file(target, chunk_size=8192))
        opener.join(timeout=30)
        await leave(manager, is_async)
        assert written == len(HEAD + TAIL) and target.read_bytes() == HEAD + TAIL
        assert pool_in_use(client) == 0
        await close(client)

    asyncio.run(body())


def open_when_written(target: Path, gate: threading.Event) -> None:
    """Open ``gate`` once ``target`` holds the first part (checked as the file grows)."""
    for _ in range(BOUND):
        if target.exists() and target.stat().st_size >= len(HEAD):
            gate.set()
            return
        threading.Event().wait(0.01)


@both
def test_breaking_off_or_raising_releases_the_connection(
    downloads: ModuleType, server: tuple[Server, str], is_async: bool
) -> None:
    state, url = server

    async def body() -> None:
        client = make_client(downloads, url, is_async)
        # Break off after the first chunk: the gate never opens, the server sees the client go.
        key = state.key()
        manager = client.files.with_streaming_response.get_blob(key)
        response = await enter(manager, is_async)
        async for _chunk in pieces(response.iter_bytes()):
            break
        await leave(manager, is_async)
        assert state.finished[key].wait(30) and state.outcome[key] == "client went away"
        assert pool_in_use(client) == 0

        # An exception inside the block: the same.
        key = state.key()
        manager = client.files.with_streaming_response.get_image(key)
        response = await enter(manager, is_async)
        failure = ValueError("the caller's own error")
        await leave(manager, is_async, failure)
        assert state.finished[key].wait(30) and state.outcome[key] == "client went away"
        assert pool_in_use(client) == 0

        # The pool's only connection is free again: the next call goes through.
        key = state.key()
        state.gates[key].set()
        assert await call(client.files.get_blob(key)) == HEAD + TAIL
        await close(client)

    asyncio.run(body())


@both
def test_a_body_is_read_once(
    downloads: ModuleType, server: tuple[Server, str], is_async: bool
) -> None:
    state, url = server

    async def body() -> None:
        client = make_client(downloads, url, is_async)
        key = state.key()
        state.gates[key].set()
        manager = client.files.with_streaming_response.get_blob(key)
        response = await enter(manager, is_async)
        received = b"".join([c async for c in pieces(response.iter_bytes())])
        assert received == HEAD + TAIL
        with pytest.raises(httpx.StreamConsumed, match="already read by iter_bytes"):
            await call(response.parse())
        with pytest.raises(downloads._runtime._bodies.BodyConsumedError):
            await call(response.read())
        await leave(manager, is_async)

        # Read whole first: iterating afterwards replays what was read.
        key = state.key()
        state.gates[key].set()
        manager = client.files.with_streaming_response.get_blob(key)
        response = await enter(manager, is_async)
        assert await call(response.parse()) == HEAD + TAIL
        assert b"".join([c async for c in pieces(response.iter_bytes())]) == HEAD + TAIL
        await leave(manager, is_async)
        await close(client)

    asyncio.run(body())


def test_the_methods_still_return_bytes_and_str(downloads: ModuleType) -> None:
    resource = type(downloads.DownloadsClient(base_url="http://127.0.0.1:9").files)
    hints = {
        method: inspect.signature(getattr(resource, method)).return_annotation
        for _, method in KINDS.values()
    }
    assert hints == {
        "get_blob": "bytes",
        "get_image": "bytes",
        "get_report": "bytes",
        "get_export": "bytes",
        "get_log": "str",
        "get_table": "str",
    }
