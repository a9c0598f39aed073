"""Per-call and per-client request options (issue 16), sync and async from one body.

Driven through the package generated from tests/golden/features/spec.yaml. The clients run on
virtual time (``Twin``): their sleeps advance ``t.now``, which is also their clock, so deadlines
are checked without waiting.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.twins import Twin, both, run

PET = {"id": "p1", "name": "Rex", "kind": "dog"}


def reply(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


class Timeouts(list[Any]):
    """A response hook recording the read timeout each attempt was sent with (the original
    request keeps its extensions; a retry resends it with new ones)."""

    def __call__(self, response: httpx.Response) -> None:
        self.append(response.request.extensions["timeout"]["read"])


@both
def test_timeout_not_given_none_and_number(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        seen = Timeouts()
        client = t.client(zoo, lambda r: reply(200, PET), timeout=12.0, response_hook=seen)
        await t.call(client.pets.get("p1"))  # not given: the client's
        await t.call(client.pets.get("p1", timeout=None))  # None: no timeout at all
        await t.call(client.pets.get("p1", timeout=3.5))
        await t.call(client.pets.get("p1", timeout=httpx.Timeout(1.0, read=7.0)))
        assert seen == [12.0, None, 3.5, 7.0]

    run(is_async, body)


@both
def test_max_retries_per_call_overrides_the_client(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "a 503 the operation does not list, to be retried"
        client = t.client(zoo, lambda r: reply(503, {"message": "busy"}), max_retries=1)
        with pytest.raises(zoo.APIError):
            await t.call(client.pets.get("p1", max_retries=0))
        assert len(t.requests) == 1
        with pytest.raises(zoo.APIError):
            await t.call(client.pets.get("p1", max_retries=3))
        assert len(t.requests) == 1 + 4
        with pytest.raises(zoo.APIError):
            await t.call(client.pets.get("p1"))  # the client's budget again
        assert len(t.requests) == 5 + 2

    run(is_async, body)


@both
def test_extra_headers_query_and_body(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "extra_query/extra_body send fields the spec does not list, on purpose"
        client = t.client(
            zoo, lambda r: reply(201, {"id": "o1"}) if r.method == "POST" else reply(200, PET)
        )
        await t.call(
            client.orders.place(
                pet_id="p1",
                extra_headers={"X-Beta": "on"},
                extra_query={"dry_run": "1"},
                extra_body={"note": "gift", "petId": "p2"},
            )
        )
        sent = t.requests[0]
        assert sent.headers["X-Beta"] == "on"
        assert sent.url.params["dry_run"] == "1"
        payload = httpx.Response(200, content=sent.content).json()
        assert payload["note"] == "gift"
        assert payload["petId"] == "p2"  # extra_body wins over the method's field
        assert "requestKey" in payload  # the method's own fields stay
        await t.call(client.pets.get("p1", extra_query={"expand": "owner"}))
        assert t.requests[1].url.params["expand"] == "owner"

    run(is_async, body)


@both
def test_extra_body_joins_a_form_body(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "extra_body sends a field the spec does not list, on purpose"
        client = t.client(zoo, lambda r: reply(200, {"url": "u"}))
        await t.call(client.pets.upload_photo("p1", file=b"png", extra_body={"album": "a1"}))
        assert b'name="album"' in t.requests[0].content

    run(is_async, body)


@both
def test_with_options_shares_the_pool_and_keeps_the_original(
    zoo: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "a 503 the operation does not list, to be retried"
        seen = Timeouts()
        ok = {"status": 200}

        def handler(request: httpx.Request) -> httpx.Response:
            return reply(ok["status"], PET if ok["status"] == 200 else {"message": "busy"})

        client = t.client(zoo, handler, timeout=12.0, max_retries=2, response_hook=seen)
        derived = client.with_options(
            timeout=None,
            max_retries=0,
            base_url="https://other.example/api/",
            default_headers={"X-Tenant": "t1"},
        )
        assert type(derived) is type(client)
        assert derived._api.http_client is client._api.http_client  # one pool
        assert derived.base_url == "https://other.example/api"
        assert client.base_url != derived.base_url
        await t.call(derived.pets.get("p1"))
        await t.call(client.pets.get("p1"))
        first, second = t.requests
        assert str(first.url) == "https://other.example/api/pets/p1"
        assert first.headers["X-Tenant"] == "t1" and "X-Tenant" not in second.headers
        assert first.headers["x-api-key"] == second.headers["x-api-key"] == "sk-test-secret"
        assert seen == [None, 12.0]
        ok["status"] = 503
        with pytest.raises(zoo.APIError):
            await t.call(derived.pets.get("p1"))
        assert len(t.requests) == 3  # max_retries=0
        # Closing the derived client leaves the shared pool to its owner.
        await t.call(derived.close())
        ok["status"] = 200
        await t.call(client.pets.get("p1"))
        assert len(t.requests) == 4

    run(is_async, body)


@both
def test_deadline_bounds_the_call_across_retries(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "a 503 the operation does not list, to be retried"
        seen = Timeouts()
        client = t.client(
            zoo,
            lambda r: reply(503, {"message": "busy"}, **{"Retry-After": "2"}),
            max_retries=10,
            response_hook=seen,
        )
        with pytest.raises(zoo.APIError) as info:
            await t.call(client.pets.get("p1", deadline=5.0))
        assert info.value.status_code == 503
        # Attempts at t=0, 2, 4: each attempt's timeout shrinks to what remains of the 5 s; a
        # fourth would start at 6 s, past the deadline, so it is not made.
        assert t.sleeps == [2.0, 2.0] and t.now == 4.0
        assert seen == [5.0, 3.0, 1.0]

    run(is_async, body)


@both
def test_client_max_elapsed_and_an_expired_deadline(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        seen = Timeouts()

        def slow(request: httpx.Request) -> httpx.Response:
            t.now += 3.0  # each attempt takes 3 s of the budget, then times out
            raise httpx.ReadTimeout("slow", request=request)

        client = t.client(zoo, slow, max_retries=5, max_elapsed=4.0, response_hook=seen)
        with pytest.raises(zoo.APITimeoutError):
            await t.call(client.pets.get("p1"))
        # The first attempt spends 3 s, a backoff under 1 s leaves time for a second, which
        # spends the rest: no third attempt although 5 retries were allowed.
        assert len(t.requests) == 2 and len(t.sleeps) == 1
        per_call = client.with_options(max_elapsed=None)
        t.requests.clear()
        with pytest.raises(zoo.APITimeoutError):
            await t.call(per_call.pets.get("p1", max_retries=1))
        assert len(t.requests) == 2  # no deadline: the retry budget decides

    run(is_async, body)


@both
def test_should_retry_header_and_retry_count_header(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "statuses the operation does not list, to be retried"
        replies = [
            reply(400, {"message": "try again"}, **{"x-should-retry": "true"}),
            reply(503, {"message": "busy"}),
            reply(201, {"id": "o1"}),
        ]
        client = t.client(zoo, lambda r: replies.pop(0), max_retries=2)
        # POST with a body idempotency key: retry-safe, so 503 retries too; the 400 only
        # because the server says so.
        await t.call(client.orders.place(pet_id="p1"))
        counts = [r.headers.get("x-sdk-retry-count") for r in t.requests]
        assert counts == [None, "1", "2"]  # a first attempt is sent as before
        replies[:] = [reply(503, {"message": "busy"}, **{"x-should-retry": "false"})]
        with pytest.raises(zoo.APIError):
            await t.call(client.pets.get("p1"))
        assert len(t.requests) == 4

    run(is_async, body)


@both
@pytest.mark.parametrize(
    "spent",
    [
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "3"},
        {"RateLimit-Remaining": "0", "RateLimit-Reset": "3"},
        {"RateLimit": '"default";r=0;t=3'},
        {"RateLimit": "limit=10, remaining=0, reset=3"},
    ],
    ids=["x-ratelimit", "ratelimit-fields", "ietf-structured", "ietf-draft"],
)
def test_a_spent_rate_budget_paces_the_next_call(
    zoo: ModuleType, is_async: bool, spent: dict[str, str]
) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "rate-limit headers the operation does not declare"
        answers = [reply(200, PET, **spent), reply(200, PET), reply(200, PET)]
        client = t.client(zoo, lambda r: answers.pop(0))
        await t.call(client.pets.get("p1"))
        assert t.sleeps == []  # the call that learns of it is not delayed
        await t.call(client.pets.get("p1"))
        assert t.sleeps == [3.0]  # the next one waits for the reset instead of a 429
        await t.call(client.pets.get("p1"))
        assert t.sleeps == [3.0]  # the window has reset

        answers[:] = [reply(200, PET, **spent), reply(200, PET)]
        off = t.client(zoo, lambda r: answers.pop(0), respect_rate_limits=False)
        await t.call(off.pets.get("p1"))
        await t.call(off.pets.get("p1"))
        assert t.sleeps == [3.0]  # opted out: sent at once

    run(is_async, body)


@both
def test_the_pace_is_shared_with_with_options_clients(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "rate-limit headers the operation does not declare"
        spent = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "2"}
        answers = [reply(200, PET, **spent), reply(200, PET)]
        client = t.client(zoo, lambda r: answers.pop(0))
        await t.call(client.pets.get("p1"))
        await t.call(client.with_options(timeout=3.0).pets.get("p1"))  # one server budget
        assert t.sleeps == [2.0]

    run(is_async, body)
