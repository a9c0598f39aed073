"""``with_raw_response`` and ``with_streaming_response`` (issue 16), sync and async from one
body, on the package generated from tests/golden/features/spec.yaml."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.twins import Twin, both, run

PET = {"id": "p1", "name": "Rex", "kind": "dog"}


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body sent in pieces, recording how many the client has pulled."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks
        self.pulled = 0
        self.closed = False

    def __iter__(self) -> Any:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk

    async def __aiter__(self) -> Any:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


async def enter(t: Twin, manager: Any) -> Any:
    return await manager.__aenter__() if t.is_async else manager.__enter__()


async def leave(t: Twin, manager: Any) -> None:
    await t.call(
        manager.__aexit__(None, None, None) if t.is_async else manager.__exit__(None, None, None)
    )


@both
def test_raw_response_parses_to_the_usual_value(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        headers = {"request-id": "req_42", "x-ratelimit-remaining": "9"}
        client = t.client(zoo, lambda r: httpx.Response(200, json=PET, headers=headers))
        raw = await t.call(client.pets.with_raw_response.get("p1", extra_headers={"X-Trace": "t1"}))
        assert raw.status_code == 200 and raw.request_id == "req_42"
        assert raw.headers["x-ratelimit-remaining"] == "9"
        assert isinstance(raw.http_response, httpx.Response)
        assert raw.retries_taken == 0
        pet = await t.call(raw.parse())
        assert isinstance(pet, zoo.models.Pet) and pet.name == "Rex"
        assert await t.call(raw.parse()) is pet  # decoded once
        assert t.requests[0].headers["X-Trace"] == "t1"  # the method's options pass through
        # The wrapper is the same method: a plain call gives the same value.
        plain = await t.call(client.pets.get("p1"))
        assert plain.to_dict() == pet.to_dict()

    run(is_async, body)


@both
def test_raw_response_of_a_picked_return_and_of_the_client_itself(
    zoo: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(zoo, lambda r: httpx.Response(200, json={"id": "f1"}))
        raw = await t.call(client.with_raw_response.feed(pet_id="p1"))
        assert raw.status_code == 200
        assert await t.call(raw.parse()) == "f1"  # x-sdk-returns: id, as the plain call

    run(is_async, body)


@both
def test_raw_response_counts_retries_and_errors_raise_as_usual(
    zoo: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "a 503 and a 404 the operation does not list"
        replies = [httpx.Response(503, json={"message": "busy"}), httpx.Response(200, json=PET)]
        client = t.client(zoo, lambda r: replies.pop(0))
        raw = await t.call(client.pets.with_raw_response.get("p1"))
        assert raw.retries_taken == 1
        replies[:] = [httpx.Response(404, json={"message": "no such pet"})]
        with pytest.raises(zoo.NotFoundError):
            await t.call(client.pets.with_raw_response.get("p1"))

    run(is_async, body)


@both
def test_streaming_response_reads_the_body_incrementally(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        photo = Chunks(b"\x89PNG", b"-part-2", b"-part-3")
        client = t.client(
            zoo,
            lambda r: httpx.Response(200, stream=photo, headers={"content-type": "image/png"}),
        )
        manager = client.pets.with_streaming_response.photo("p1")
        assert t.requests == []  # sent on entry
        response = await enter(t, manager)
        assert response.status_code == 200 and photo.pulled == 0  # nothing read yet
        pieces = []
        if is_async:
            async for chunk in response.iter_bytes():
                pieces.append(chunk)
        else:
            pieces = list(response.iter_bytes())
        assert b"".join(pieces) == b"\x89PNG-part-2-part-3"
        await leave(t, manager)
        assert photo.closed

    run(is_async, body)


@both
def test_streaming_response_parse_decodes_like_the_method(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(zoo, lambda r: httpx.Response(200, json=PET))
        manager = client.pets.with_streaming_response.get("p1")
        response = await enter(t, manager)
        pet = await t.call(response.parse())
        await leave(t, manager)
        assert isinstance(pet, zoo.models.Pet) and pet.kind is zoo.models.PetKind.DOG
        assert len(t.requests) == 1  # parse() decodes what was received: nothing resent

    run(is_async, body)


@both
def test_raw_response_of_an_event_stream(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        sse = b'data: {"type": "fed", "grams": 4}\n\n'
        client = t.client(
            zoo,
            lambda r: httpx.Response(
                200, content=sse, headers={"Content-Type": "text/event-stream", "request-id": "r9"}
            ),
        )
        raw = await t.call(client.events.with_raw_response.stream())
        assert raw.request_id == "r9" and len(t.requests) == 1  # opened: headers are here
        events = await t.collect(await t.call(raw.parse()))
        assert [e.grams for e in events] == [4]

    run(is_async, body)


def test_concurrent_raw_calls_each_get_their_own_response(zoo: ModuleType) -> None:
    """A response is the call's own, never another thread's or task's (unlike last_response)."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=PET, headers={"request-id": request.url.path})

    client = zoo.ZooClient(
        api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    seen: dict[str, str] = {}

    def call(pet_id: str) -> None:
        seen[pet_id] = client.pets.with_raw_response.get(pet_id).request_id

    threads = [threading.Thread(target=call, args=(f"p{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert seen == {f"p{i}": f"/v1/pets/p{i}" for i in range(8)}

    async def tasks() -> dict[str, str]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        aclient = zoo.AsyncZooClient(api_key="k", http_client=http)
        raws = await asyncio.gather(
            *(aclient.pets.with_raw_response.get(f"q{i}") for i in range(8))
        )
        return {f"q{i}": raw.request_id for i, raw in enumerate(raws)}

    assert asyncio.run(tasks()) == {f"q{i}": f"/v1/pets/q{i}" for i in range(8)}


@both
def test_declared_response_headers_are_parsed_and_typed(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        headers = {
            "x-ratelimit-remaining": "41",
            "x-ratelimit-reset": "2026-01-05T10:00:00Z",
            "x-cache-hit": "true",
        }
        page = {"data": [], "total": 0}
        client = t.client(zoo, lambda r: httpx.Response(200, json=page, headers=headers))
        raw = await t.call(client.pets.with_raw_response.list())
        parsed = raw.parsed_headers
        assert parsed.x_ratelimit_remaining == 41
        assert parsed.x_ratelimit_reset == dt.datetime(2026, 1, 5, 10, tzinfo=dt.timezone.utc)
        assert parsed.x_cache_hit is True
        assert (await t.call(raw.parse())).total == 0

    run(is_async, body)


@both
def test_streaming_response_offers_the_declared_headers_typed(
    zoo: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        headers = {"x-ratelimit-remaining": "7", "x-cache-hit": "false"}
        page = {"data": [{"name": "Rex", "kind": "dog", "id": "p1"}], "total": 1}
        client = t.client(zoo, lambda r: httpx.Response(200, json=page, headers=headers))
        manager = client.pets.with_streaming_response.list()
        response = await enter(t, manager)
        parsed = response.parsed_headers
        assert parsed.x_ratelimit_remaining == 7
        assert parsed.x_cache_hit is False
        assert parsed.x_ratelimit_reset is None  # absent
        assert type(parsed) is type(
            (await t.call(client.pets.with_raw_response.list())).parsed_headers
        )
        value = await t.call(response.parse())
        assert value.total == 1
        await leave(t, manager)
        assert len(t.requests) == 2  # the parse replayed the streamed response, nothing resent

    run(is_async, body)


@both
def test_streaming_response_of_an_event_stream(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        sse = b'id: 1\ndata: {"type": "fed", "grams": 6}\n\n'
        client = t.client(
            zoo,
            lambda r: httpx.Response(
                200, content=sse, headers={"Content-Type": "text/event-stream"}
            ),
        )
        manager = client.events.with_streaming_response.stream()
        response = await enter(t, manager)
        assert response.status_code == 200 and len(t.requests) == 1
        events = await t.collect(await t.call(response.parse()))
        await leave(t, manager)
        assert [e.grams for e in events] == [6]

    run(is_async, body)
