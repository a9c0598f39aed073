"""Exactly-once event streams (issue 16): a dropped stream resumes only where no event can be
delivered twice and the request may be repeated; otherwise it raises ``StreamInterruptedError``
with the events already delivered. Sync and async from one body, on the package generated
from tests/golden/features/spec.yaml."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.twins import Twin, both, run

SSE = {"Content-Type": "text/event-stream"}


class Dropping(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Some events, then the connection breaks."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks

    def __iter__(self) -> Any:
        yield from self.chunks
        raise httpx.ReadError("connection reset")

    async def __aiter__(self) -> Any:
        for chunk in self.chunks:
            yield chunk
        raise httpx.ReadError("connection reset")


WITH_IDS = (b'id: 1\ndata: {"type": "fed", "grams": 1}\n\n', b'id: 2\ndata: {"type": "fed", "gr')
NO_IDS = (b'data: {"type": "fed", "grams": 1}\n\n', b'data: {"type": "fed", "grams": 2}\n\n')
REST = b'id: 3\ndata: {"type": "fed", "grams": 3}\n\n'


def grams(events: list[Any]) -> list[int]:
    return [e.grams for e in events]


async def drain(t: Twin, stream: Any, into: list[Any]) -> None:
    if t.is_async:
        async for event in stream:
            into.append(event)
    else:
        for event in stream:
            into.append(event)


@both
def test_post_stream_without_key_is_never_sent_twice(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            zoo, lambda r: httpx.Response(200, stream=Dropping(*WITH_IDS), headers=SSE)
        )
        seen: list[Any] = []
        with pytest.raises(zoo.StreamInterruptedError) as info:
            await drain(t, client.events.replay(since="0"), seen)
        assert len(t.requests) == 1  # not re-POSTed: that would run it again
        assert grams(seen) == [1] and grams(info.value.events) == [1]
        assert info.value.last_event_id == "1"
        assert isinstance(info.value, zoo.APIConnectionError)

    run(is_async, body)


@both
def test_keyed_post_stream_resumes_after_the_last_id(zoo: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "Last-Event-ID" in request.headers:
            return httpx.Response(200, content=REST, headers=SSE)
        return httpx.Response(200, stream=Dropping(*WITH_IDS), headers=SSE)

    async def body(t: Twin) -> None:
        client = t.client(zoo, handler)
        events = await t.collect(client.events.replay_keyed(since="0"))
        assert grams(events) == [1, 3]  # the event cut mid-way (2) is the server's to replay
        first, second = t.requests
        assert second.headers["Last-Event-ID"] == "1"
        assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]

    run(is_async, body)


@both
def test_stream_without_event_ids_raises_rather_than_repeat(
    zoo: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(zoo, lambda r: httpx.Response(200, stream=Dropping(*NO_IDS), headers=SSE))
        seen: list[Any] = []
        with pytest.raises(zoo.StreamInterruptedError) as info:
            await drain(t, client.events.stream(), seen)  # a GET, but nothing to resume after
        assert grams(info.value.events) == grams(seen) == [1, 2]
        assert info.value.last_event_id is None and len(t.requests) == 1
        assert "no event id" in str(info.value)

    run(is_async, body)


@both
def test_get_stream_cut_before_any_event_starts_again(zoo: ModuleType, is_async: bool) -> None:
    replies = [Dropping(b'data: {"type": "fe'), Dropping(*NO_IDS[:1])]

    def handler(request: httpx.Request) -> httpx.Response:
        if replies:
            return httpx.Response(200, stream=replies.pop(0), headers=SSE)
        return httpx.Response(200, content=b"", headers=SSE)

    async def body(t: Twin) -> None:
        client = t.client(zoo, handler)
        seen: list[Any] = []
        with pytest.raises(zoo.StreamInterruptedError):
            await drain(t, client.events.stream(), seen)
        # Cut before any event: sent again from the start (nothing could repeat); cut after one
        # event without ids: raised, that event delivered once.
        assert len(t.requests) == 2 and grams(seen) == [1]

    run(is_async, body)
