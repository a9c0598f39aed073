"""JSON lines, NDJSON and RFC 7464 JSON text sequences from a real Starlette app, decoded as
typed items as they arrive (specs/sequences.yaml: `itemSchema` and `schema` descriptions).

The server sends the first item, then holds the rest until the test opens a gate, which it
does only after the client has handed it the first item, decoded: a client that waited for
the whole body would wait for ever (the server gives up after a bound and ends the stream
early, which the assertions reject). The rest arrives cut mid-record, across chunks. Sync and
async from one body.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import
from tests.support.twins import both

SPEC = Path(__file__).parent / "specs" / "sequences.yaml"
BOUND = 3_000  # polls of 10 ms before the server gives up on a gate (a guard, not a timing)
READINGS = [
    {"index": i, "at": f"2026-01-05T10:00:0{i}Z", "level": "high" if i % 2 else "low"}
    for i in range(4)
]
READINGS[2]["note"] = "caf\u00e9 \u2014 \U0001f600"  # multi-byte UTF-8, cut mid-character below
# (media type, record start, record end) per framing
FRAMINGS = {
    "lines": ("application/jsonl", b"", b"\n"),
    "ndjson": ("application/x-ndjson", b"", b"\r\n"),
    "seq": ("application/json-seq", b"\x1e", b"\n"),
}
METHODS = {"lines": "reading_lines", "ndjson": "reading_ndjson", "seq": "reading_seq"}


class Server:
    def __init__(self) -> None:
        self.gates: dict[str, threading.Event] = {}
        self.outcome: dict[str, str] = {}
        self.finished: dict[str, threading.Event] = {}
        self.keys = itertools.count()

    def key(self) -> str:
        key = f"s{next(self.keys)}"
        self.gates[key] = threading.Event()
        self.finished[key] = threading.Event()
        return key

    async def body(self, request: Request, key: str, framing: str) -> AsyncIterator[bytes]:
        import json

        _, start, end = FRAMINGS[framing]
        records = [start + json.dumps(r, ensure_ascii=False).encode() + end for r in READINGS]
        outcome = "ended"
        try:
            yield records[0]
            for _ in range(BOUND):
                if self.gates[key].is_set():
                    break
                if await request.is_disconnected():
                    outcome = "client went away"
                    return
                await asyncio.sleep(0.01)
            else:
                outcome = "gate never opened"
                return
            rest = b"".join(records[1:])
            cut = rest.index("\u2014".encode()) + 1  # inside a three-byte character
            for piece in (rest[:5], rest[5:cut], rest[cut:]):
                yield piece
        except BaseException:  # cancelled by the server when the client went away
            outcome = "client went away"
            raise
        finally:
            self.outcome[key] = outcome
            self.finished[key].set()

    def app(self) -> Starlette:
        async def answer(request: Request) -> StreamingResponse:
            framing = request.url.path.rsplit("/", 1)[1]
            key = request.path_params["key"]
            media_type = FRAMINGS[framing][0]
            return StreamingResponse(self.body(request, key, framing), media_type=media_type)

        routes = [Route(f"/readings/{{key}}/{framing}", answer) for framing in FRAMINGS]
        return Starlette(routes=routes)


@pytest.fixture(scope="module")
def sequences(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_and_import(SPEC, tmp_path_factory.mktemp("sequences"), "sequences")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Server, str]]:
    state = Server()
    with serve(state.app()) as url:
        yield state, url


async def items(stream: Any) -> AsyncIterator[Any]:
    if hasattr(stream, "__aiter__"):
        async for item in stream:
            yield item
    else:
        for item in stream:
            yield item


async def call(value: Any) -> Any:
    return await value if asyncio.iscoroutine(value) else value


@both
@pytest.mark.parametrize("framing", sorted(FRAMINGS))
def test_items_are_typed_and_arrive_one_by_one(
    sequences: ModuleType, server: tuple[Server, str], framing: str, is_async: bool
) -> None:
    state, url = server
    Reading, Level = sequences.models.Reading, sequences.models.ReadingLevel

    async def body() -> None:
        client = client_class(sequences, is_async)(base_url=url)
        key = state.key()
        received = []
        async for reading in items(getattr(client.default, METHODS[framing])(key)):
            assert isinstance(reading, Reading)
            received.append(reading)
            state.gates[key].set()  # the first item is here, decoded: now the rest
        assert [r.index for r in received] == [0, 1, 2, 3]
        assert received[1].at == dt.datetime(2026, 1, 5, 10, 0, 1, tzinfo=dt.timezone.utc)
        assert [r.level for r in received] == [Level.LOW, Level.HIGH, Level.LOW, Level.HIGH]
        assert received[2].note == READINGS[2]["note"]
        assert state.finished[key].wait(10) and state.outcome[key] == "ended"
        await call(client.close())

    asyncio.run(body())


@both
def test_breaking_off_a_stream_closes_it(
    sequences: ModuleType, server: tuple[Server, str], is_async: bool
) -> None:
    state, url = server

    async def body() -> None:
        client = client_class(sequences, is_async)(base_url=url)
        key = state.key()
        stream = client.default.reading_seq(key)
        async for reading in items(stream):
            assert reading.index == 0
            break
        await call(stream.close())
        assert state.finished[key].wait(30) and state.outcome[key] == "client went away"
        await call(client.close())

    asyncio.run(body())
