"""The sync and async I/O shells, one test body for both, over ``httpx.MockTransport``.

Each test is an ``async def`` run once with ``SyncAPIClient``/``Stream`` and once with
``AsyncAPIClient``/``AsyncStream``; ``t.call(x)`` awaits ``x`` only when it is awaitable.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from generator.runtime._async_http import AsyncAPIClient, AsyncStream
from generator.runtime._options import RequestOptions
from generator.runtime._sync_http import Stream, SyncAPIClient
from tests.support.errors import (
    DemoConnectionError,
    DemoNotFoundError,
    DemoRateLimitError,
    DemoServerError,
    DemoTimeoutError,
)
from tests.support.replies import replies
from tests.support.shells import API, KEY, make_api, make_core
from tests.support.twins import Twin, both, run

STREAM = RequestOptions(stream=True)


async def close_http(t: Twin, api: API) -> None:
    await t.call(api.http_client.aclose() if t.is_async else api.http_client.close())


class TrackedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body for either client that records whether it was read and closed."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.read = False
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        self.read = True
        yield from self.chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.read = True
        for chunk in self.chunks:
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def tracked(status: int, chunks: list[bytes], **headers: str) -> tuple[httpx.Response, Any]:
    body = TrackedStream(chunks)
    return httpx.Response(status, stream=body, headers=headers), body


SSE = [b"data: one\n\n", b"event: tick\ndata: two\n\n", b"data: three\n\n"]


# --- retries -------------------------------------------------------------------------------


@both
def test_retries_then_success(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(
            t,
            replies(
                httpx.Response(503),
                httpx.Response(429, headers={"Retry-After": "3"}),
                httpx.Response(200, json={"ok": True}),
            ),
        )
        response = await t.call(api.request("GET", "/things", params={"page": 2}))
        assert response.status_code == 200
        assert response.json() == {"ok": True}
        assert len(t.requests) == 3
        assert all(str(r.url) == "https://api.example.com/v1/things?page=2" for r in t.requests)
        assert t.sleeps == [0.5, 3.0]  # backoff for attempt 0, then the server's Retry-After
        assert api.core.last_response is response
        await close_http(t, api)

    run(is_async, body)


@both
def test_retries_exhausted_raise_mapped_error(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(
            t,
            lambda r: httpx.Response(
                429,
                json={"error": {"code": "slow_down", "message": "too many"}},
                headers={"x-request-id": "req_9"},
            ),
        )
        with pytest.raises(DemoRateLimitError) as caught:
            await t.call(api.request("GET", "/things"))
        error = caught.value
        assert (error.status_code, error.code, error.message) == (429, "slow_down", "too many")
        assert error.request_id == "req_9"
        assert len(t.requests) == 3  # max_retries=2: one try and two retries
        assert t.sleeps == [0.5, 1.0]
        await close_http(t, api)

    run(is_async, body)


@both
def test_server_error_after_retries(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(t, lambda r: httpx.Response(500, text="boom"), make_core(max_retries=3))
        with pytest.raises(DemoServerError) as caught:
            await t.call(api.request("DELETE", "/things/1"))
        assert caught.value.status_code == 500
        assert len(t.requests) == 4
        assert t.sleeps == [0.5, 1.0, 2.0]
        await close_http(t, api)

    run(is_async, body)


@both
def test_not_retried_statuses_raise_at_once(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(t, lambda r: httpx.Response(404, json={"message": "gone"}))
        with pytest.raises(DemoNotFoundError):
            await t.call(api.request("GET", "/things/1"))
        assert len(t.requests) == 1 and t.sleeps == []
        await close_http(t, api)

    run(is_async, body)


@both
def test_post_without_idempotency_not_retried_on_500(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(t, lambda r: httpx.Response(500))
        with pytest.raises(DemoServerError):
            await t.call(api.request("POST", "/things", json={"a": 1}))
        assert len(t.requests) == 1
        await close_http(t, api)

    run(is_async, body)


@both
def test_idempotent_post_retried_with_same_body_and_key(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(t, replies(httpx.Response(500), httpx.Response(201, json={"id": "x"})))
        key = api.idempotency_key(None)
        response = await t.call(
            api.request(
                "POST",
                "/things",
                json={"a": 1},
                headers={"Idempotency-Key": key},
                options=RequestOptions(retry_safe=True),
            )
        )
        assert response.status_code == 201
        assert [r.headers["Idempotency-Key"] for r in t.requests] == [key, key]
        assert [r.content for r in t.requests] == [b'{"a":1}', b'{"a":1}']
        await close_http(t, api)

    run(is_async, body)


@both
def test_unusable_retry_after_falls_back_to_backoff(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(
            t,
            replies(
                httpx.Response(503, headers={"Retry-After": "nan"}),
                httpx.Response(503, headers={"Retry-After": "later"}),
                httpx.Response(204),
            ),
        )
        response = await t.call(api.request("GET", "/things"))
        assert response.status_code == 204
        assert t.sleeps == [0.5, 1.0]
        assert all(math.isfinite(s) for s in t.sleeps)
        await close_http(t, api)

    run(is_async, body)


@both
def test_connection_errors_retried_then_raised_redacted(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError(f"refused for {request.url}", request=request)

        core = make_core(auth=[("api_key", "query", "key")])
        api = make_api(t, refuse, core)
        # A POST may retry a failed connect: nothing reached the server.
        with pytest.raises(DemoConnectionError) as caught:
            await t.call(api.request("POST", "/things", json={}))
        assert type(caught.value) is DemoConnectionError
        assert caught.value.__cause__ is None and caught.value.__suppress_context__
        assert KEY not in str(caught.value)
        assert "key=**********" in str(caught.value)
        assert len(t.requests) == 3 and t.sleeps == [0.5, 1.0]
        await close_http(t, api)

    run(is_async, body)


@both
def test_read_timeout_on_post_not_retried(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(t, replies(httpx.ReadTimeout("slow"), httpx.Response(200)))
        with pytest.raises(DemoTimeoutError):
            await t.call(api.request("POST", "/things", json={}))
        assert len(t.requests) == 1 and t.sleeps == []
        await close_http(t, api)

    run(is_async, body)


@both
def test_read_timeout_on_get_retried(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(t, replies(httpx.ReadTimeout("slow"), httpx.Response(200)))
        response = await t.call(api.request("GET", "/things"))
        assert response.status_code == 200
        assert len(t.requests) == 2 and t.sleeps == [0.5]
        await close_http(t, api)

    run(is_async, body)


# --- signing -------------------------------------------------------------------------------


@both
def test_signer_called_once_per_attempt(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        calls: list[str] = []

        def signer(request: httpx.Request) -> None:
            calls.append(request.method)
            request.headers["X-Signature"] = f"sig-{len(calls)}"

        core = make_core(signer=signer)
        api = make_api(t, replies(httpx.Response(502), httpx.Response(504), httpx.Response(200)))
        api._core = core
        await t.call(api.request("GET", "/things"))
        assert calls == ["GET", "GET", "GET"]
        assert [r.headers["X-Signature"] for r in t.requests] == ["sig-1", "sig-2", "sig-3"]
        await close_http(t, api)

    run(is_async, body)


@both
def test_signer_called_once_without_retry(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        calls: list[httpx.Request] = []
        api = make_api(t, lambda r: httpx.Response(200), make_core(signer=calls.append))
        await t.call(api.request("GET", "/things"))
        assert len(calls) == 1
        await close_http(t, api)

    run(is_async, body)


# --- the httpx client ----------------------------------------------------------------------


@both
def test_callers_client_keeps_its_headers_and_gets_ours_per_request(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(
            t,
            lambda r: httpx.Response(200),
            make_core(default_headers={"X-Team": "core"}),
            headers={"X-Mine": "caller", "X-Team": "caller"},
        )
        await t.call(api.request("GET", "/things", headers={"X-Call": "1"}))
        sent = t.requests[0].headers
        assert sent["X-Mine"] == "caller"  # the caller's own default
        assert sent["x-api-key"] == KEY  # ours, per request
        assert sent["User-Agent"] == "demo-sdk/1.0"
        assert sent["X-Team"] == "core"
        assert sent["X-Call"] == "1"
        # The caller's client was not changed.
        assert "x-api-key" not in api.http_client.headers
        assert api.http_client.headers["X-Team"] == "caller"
        # Nor closed by us: it is the caller's.
        await t.call(api.close())
        assert not api.http_client.is_closed
        await close_http(t, api)

    run(is_async, body)


@both
def test_callers_client_changes_after_a_call_reach_the_next(is_async: bool) -> None:
    """The shell keeps the merged defaults of a caller's httpx client between calls; what the
    caller changes on that client afterwards (headers in place, parameters, cookies a server
    set) is sent from the next call on."""

    async def body(t: Twin) -> None:
        api = make_api(
            t,
            lambda r: (
                httpx.Response(200, headers={"Set-Cookie": "seen=1; Path=/"})
                if r.url.path.endswith("/login")
                else httpx.Response(200)
            ),
            make_core(),
            headers={"X-Mine": "before"},
        )
        await t.call(api.request("GET", "/a"))
        api.http_client.headers["X-Mine"] = "after"  # changed in place
        api.http_client.headers["X-Added"] = "1"
        await t.call(api.request("GET", "/b", headers={"X-Call": "c"}))
        api.http_client.params = {"tenant": "t1"}
        await t.call(api.request("GET", "/c"))
        api.http_client.params = {}
        await t.call(api.request("GET", "/login"))
        await t.call(api.request("GET", "/d"))
        first, second, third, _, fifth = t.requests
        assert first.headers["X-Mine"] == "before" and "X-Added" not in first.headers
        assert second.headers["X-Mine"] == "after" and second.headers["X-Added"] == "1"
        assert second.headers["X-Call"] == "c" and second.headers["x-api-key"] == KEY
        assert dict(third.url.params) == {"tenant": "t1"}
        assert third.headers["x-api-key"] == KEY and third.headers["X-Mine"] == "after"
        assert fifth.headers["cookie"] == "seen=1"  # the server's cookie, kept by httpx
        assert fifth.headers["x-api-key"] == KEY and "tenant" not in str(fifth.url)
        await close_http(t, api)

    run(is_async, body)


@pytest.mark.parametrize("callers_client", [False, True], ids=["owned", "callers"])
@both
def test_extra_headers_win_over_the_methods_and_the_clients(
    is_async: bool, callers_client: bool
) -> None:
    async def body(t: Twin) -> None:
        core = make_core(default_headers={"X-Team": "core"})
        api = make_api(t, lambda r: httpx.Response(200), core)
        if not callers_client:  # the shell's own httpx client carries the client's headers
            api._http.headers.update(core.headers)
            api._extra_headers = None
        extra = {"X-Team": "call", "x-api-key": "other", "X-New": "1"}
        options = RequestOptions(extra_headers=extra)
        await t.call(api.request("GET", "/a", headers={"X-Call": "m"}, options=options))
        await t.call(api.request("GET", "/b", options=options))
        for sent in t.requests:
            assert sent.headers["X-Team"] == "call"
            assert sent.headers["x-api-key"] == "other"
            assert sent.headers["X-New"] == "1"
            assert sent.headers["User-Agent"] == "demo-sdk/1.0"
        assert t.requests[0].headers["X-Call"] == "m"
        assert extra == {"X-Team": "call", "x-api-key": "other", "X-New": "1"}  # not changed
        await close_http(t, api)

    run(is_async, body)


@both
def test_options_timeout_and_base_url_reach_the_request(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        seen: list[httpx.Request] = []
        api = make_api(t, lambda r: seen.append(r) or httpx.Response(200), make_core(timeout=5.0))
        await t.call(api.request("GET", "/a"))
        options = RequestOptions(timeout=1.5, base_url="https://other.example.com/x")
        await t.call(api.request("GET", "/b", options=options))
        assert seen[0].extensions["timeout"] == httpx.Timeout(5.0).as_dict()
        assert seen[1].extensions["timeout"] == httpx.Timeout(1.5).as_dict()
        assert [str(r.url) for r in seen] == [
            "https://api.example.com/v1/a",
            "https://other.example.com/x/b",
        ]
        await close_http(t, api)

    run(is_async, body)


@both
def test_callers_client_gets_query_and_cookie_credentials(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        core = make_core(auth=[("api_key", "query", "key"), ("api_key", "cookie", "sid")])
        api = make_api(t, lambda r: httpx.Response(200), core)
        await t.call(api.request("GET", "/things", params={"q": "x"}))
        sent = t.requests[0]
        assert dict(sent.url.params) == {"key": KEY, "q": "x"}
        assert sent.headers["cookie"] == f"sid={KEY}"
        await close_http(t, api)

    run(is_async, body)


@both
def test_owned_client_has_our_headers_and_is_closed(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        core = make_core(timeout=5.0)
        api: API = AsyncAPIClient(core) if t.is_async else SyncAPIClient(core)
        assert api.http_client.headers["x-api-key"] == KEY
        assert api.http_client.headers["User-Agent"] == "demo-sdk/1.0"
        assert api.http_client.timeout == httpx.Timeout(5.0)
        assert api.core is core
        await t.call(api.close())
        assert api.http_client.is_closed

    run(is_async, body)


@both
def test_default_sleep_is_real(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api: API = AsyncAPIClient(make_core()) if t.is_async else SyncAPIClient(make_core())
        assert await t.call(api.sleep(0)) is None
        await t.call(api.close())

    run(is_async, body)


# --- streaming -----------------------------------------------------------------------------


@both
def test_stream_error_response_read_before_raising(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        response, stream_body = tracked(
            404, [b'{"error": {"code": "no_task", ', b'"message": "missing"}}']
        )
        api = make_api(t, lambda r: response)
        with pytest.raises(DemoNotFoundError) as caught:
            await t.call(api.request("GET", "/events", options=STREAM))
        assert caught.value.code == "no_task"
        assert caught.value.message == "missing"
        assert caught.value.body == {"error": {"code": "no_task", "message": "missing"}}
        assert stream_body.read and stream_body.closed
        await close_http(t, api)

    run(is_async, body)


@both
def test_stream_retried_response_closed_unread(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        first, first_body = tracked(503, [b"busy"])
        second, second_body = tracked(200, SSE)
        api = make_api(t, replies(first, second))
        response = await t.call(api.request("GET", "/events", options=STREAM))
        assert response is second
        assert first_body.closed
        assert not second_body.read and not second_body.closed  # the caller reads it
        await t.call(response.aclose() if t.is_async else response.close())
        assert second_body.closed
        await close_http(t, api)

    run(is_async, body)


def open_stream(t: Twin, api: Any) -> Any:
    """A stream whose request is sent on first use, as generated methods build them."""

    def decode(event: Any) -> str:
        return f"{event.event}:{event.data}"

    def send(last_event_id: Any) -> Any:
        return api.request("GET", "/events", options=STREAM)

    return AsyncStream(send, decode) if t.is_async else Stream(send, decode)


@both
def test_stream_closes_response_when_loop_ends(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        response, stream_body = tracked(200, SSE)
        api = make_api(t, lambda r: response)
        stream = open_stream(t, api)
        assert await t.collect(stream) == ["message:one", "tick:two", "message:three"]
        assert stream_body.closed
        assert stream.response.is_closed
        await close_http(t, api)

    run(is_async, body)


@both
def test_stream_close_and_cancel_close_response(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        for method in ("close", "cancel"):
            response, stream_body = tracked(200, SSE)
            api = make_api(t, lambda r, response=response: response)  # type: ignore[misc]
            stream = open_stream(t, api)
            assert await t.collect(stream, limit=1) == ["message:one"]
            assert not stream_body.closed
            await t.call(getattr(stream, method)())
            assert stream_body.closed, method
            assert stream.response.is_closed
            await close_http(t, api)

    run(is_async, body)


@both
def test_stream_context_manager_closes_response(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        response, stream_body = tracked(200, SSE)
        api = make_api(t, lambda r: response)
        stream = open_stream(t, api)
        if t.is_async:
            async with stream as entered:
                assert entered is stream
                assert await entered.__anext__() == "message:one"
        else:
            with stream as entered:
                assert entered is stream
                assert next(entered) == "message:one"
        assert stream_body.closed
        await close_http(t, api)

    run(is_async, body)
