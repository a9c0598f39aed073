# Generated from its async twin by generator/unasync.py; do not edit.
"""An I/O shell of a generated client: send, retry, stream.

Only the async shell is written by hand; the sync one is derived from it by the rule table in
``generator/unasync.py`` and checked to be current, so the two never drift. All decisions are
``ClientCore``'s; how a call is sent beyond its request is its ``RequestOptions``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Iterator, Mapping
from typing import Any, Callable, Generic, Optional, TypeVar

import attrs
import httpx

from ._capture import CAPTURE
from ._core import ClientCore
from ._deadline import Deadline
from ._decoding import DECODE_FAILURES
from ._models import UnknownVariantError
from ._options import NO_OPTIONS, RequestOptions, merge_extras
from ._security import Plan, origin_of, strip_foreign
from ._sequences import SSE, Framing
from ._sleep import sync_sleep
from ._sse import ServerSentEvent, iter_sse

__all__ = ["RETRY_COUNT_HEADER", "SyncAPIClient", "Stream", "resume_headers"]

T = TypeVar("T")
Invalid = Callable[[ServerSentEvent, BaseException], Exception]

# Sent on every retry (not on a first attempt) with the retry's number: 1, 2, ...
RETRY_COUNT_HEADER = "x-sdk-retry-count"


def resume_headers(headers: dict[str, str], last_event_id: Optional[str]) -> dict[str, str]:
    """The request headers of a stream, resuming after ``last_event_id`` when there is one."""
    return {**headers, "Last-Event-ID": last_event_id} if last_event_id else headers


class SyncAPIClient:
    """Owns the httpx client (unless one was given) and runs requests with retries.

    An owned httpx client is built on first use, not here: building one loads httpcore and an
    SSL context (tens of milliseconds), which a program that only constructs a client (to read
    its settings, or in a test) should not pay. Once this client is closed, a first use raises
    the ``RuntimeError`` httpx raises for a closed client.
    """

    def __init__(self, core: ClientCore, http_client: Optional[httpx.Client] = None) -> None:
        self._core = core
        self._owns_http = http_client is None
        self._http = http_client
        self._closed = False
        self._lock = threading.Lock()
        # A caller's client keeps its own defaults; ours are added to them per request.
        self._extra_headers = list(core.headers.items()) if http_client is not None else None
        self.sleep: Callable[[float], None] = sync_sleep

    @property
    def http_client(self) -> httpx.Client:
        return self._http or self._open_http()

    def _open_http(self) -> httpx.Client:
        with self._lock:  # two threads' first calls must not build two pools
            if self._http is None:
                if self._closed:
                    raise RuntimeError("Cannot send a request, as the client has been closed.")
                core = self._core
                self._http = httpx.Client(
                    headers=core.headers,
                    timeout=core.timeout,
                    **({} if core.tls is None else {"verify": core.tls}),
                )
            return self._http

    @property
    def core(self) -> ClientCore:
        return self._core

    def derive(self, core: ClientCore) -> SyncAPIClient:
        """A shell for ``core`` (``with_options``) sending through this one's connection pool,
        which stays this one's to close."""
        derived = SyncAPIClient(core, self._http or self._open_http())
        derived._owns_http = False
        derived.sleep = self.sleep
        return derived

    idempotency_key = staticmethod(ClientCore.idempotency_key)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, str]] = None,
        json: Any = None,
        content: Any = None,
        data: Optional[Mapping[str, Any]] = None,
        files: Any = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> httpx.Response:
        """Send with retries; return a 2xx response or raise the package's error for it."""
        capture = CAPTURE.get()  # set only under with_raw_response/with_streaming_response
        if capture is not None:
            if capture.replay is not None:
                return capture.replay
            if capture.follow is not None:  # the next page's URL, given by the previous page
                origin, path = capture.follow
                params, options = None, attrs.evolve(options, base_url=origin)
        core = self._core
        http = self._http or self._open_http()
        if options.extra_headers:
            headers = {**(headers or {}), **options.extra_headers}
        if options.extra_query or options.extra_body:
            params, json, data, files = merge_extras(options, params, json, data, content, files)
        request = core.build_request(
            http, method, path, params=params, headers=headers, json=json,
            content=content, data=data, files=files, options=options, extra=self._extra_headers,
        )  # fmt: skip
        plan: Optional[Plan] = None
        if options.security is not None or core.auth_always:
            plan = core.authorize(request, options)  # before anything is sent
            if plan.tokens:
                self._bearer(http, request, plan)
        retry_safe, stream = options.retry_safe, options.stream
        if capture is not None and capture.intercept:
            stream = True
        budget = core.max_retries if options.max_retries is None else options.max_retries
        seconds = core.max_elapsed if options.deadline is None else options.deadline
        deadline = None if seconds is None else Deadline(seconds, core.clock)
        attempt = 0
        renewed = False
        while True:
            if attempt:
                # Servers can tell a retry from a first attempt (whose bytes stay as they were).
                request.headers[RETRY_COUNT_HEADER] = str(attempt)
            limiter = core.call_limiter
            if limiter is not None:  # the spec's budget paces every request (scope all)
                pause = limiter.reserve(core.clock())
                if pause > 0:
                    if deadline is not None and not deadline.allows(pause):
                        raise core.errors.timeout(deadline.expired_message(attempt))
                    self.sleep(pause)
            pacer = core.pacer
            if pacer is not None and pacer.until and pacer.until > core.clock():  # spent
                pause = pacer.delay(core.clock())
                if deadline is not None and not deadline.allows(pause):
                    raise core.errors.timeout(deadline.expired_message(attempt))
                self.sleep(pause)
            if deadline is not None and not deadline.bound(request):
                raise core.errors.timeout(deadline.expired_message(attempt))
            if core.signer is not None:
                core.signer(request)  # per attempt: signatures carry a fresh timestamp/nonce
            started = time.perf_counter()
            try:
                response = http.send(request, stream=stream, follow_redirects=False)
                if response.next_request is not None and http.follow_redirects:
                    response = self._follow(http, response, stream)
            except httpx.TransportError as exc:
                # Connecting failed: nothing reached the server, so any method may retry.
                nothing_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
                if not core.may_retry(request, attempt, retry_safe or nothing_sent, budget):
                    raise core.connection_error(exc) from None
                delay = core.retry_delay(attempt)
                if deadline is not None and not deadline.allows(delay):
                    raise core.connection_error(exc) from None
                self.sleep(delay)
                attempt += 1
                continue
            core.observe(response, time.perf_counter() - started)
            if pacer is not None:
                pacer.observe(response.headers, core.clock)
            if response.is_success:
                return response if capture is None else capture.took(response)
            if response.status_code == 401 and plan is not None and plan.tokens and not renewed:
                # The token may have expired early (revoked, clock skew): one new token, one
                # more try, outside the retry budget.
                renewed = True
                used = request.headers.get("Authorization", "").partition(" ")[2]
                for source, scopes in plan.tokens:
                    source.reject(scopes, used)
                response.close()
                self._bearer(http, request, plan)
                continue
            if core.should_retry_response(response, attempt, retry_safe, budget):
                delay = core.retry_delay(attempt, response)
                if deadline is None or deadline.allows(delay):
                    response.close()
                    self.sleep(delay)
                    attempt += 1
                    continue
            if stream:
                response.read()
            raise core.error_for(response)

    def _bearer(self, http: httpx.Client, request: httpx.Request, plan: Plan) -> None:
        for source, scopes in plan.tokens:
            request.headers["Authorization"] = f"Bearer {source.token(http, scopes)}"

    def _follow(
        self, http: httpx.Client, response: httpx.Response, stream: bool, /
    ) -> httpx.Response:
        """Follow redirects for a client that asks for it, as httpx would, except that a hop
        to another origin than the request's drops every credential (httpx keeps all but
        ``Authorization``), and they are not put back later."""
        origin = origin_of(response.request.url)
        hops = 0
        while response.next_request is not None:
            if hops >= http.max_redirects:
                response.close()
                raise self._core.errors.connection(f"more than {hops} redirects")
            following = response.next_request
            if origin_of(following.url) != origin:
                strip_foreign(following, self._core.security)
            response.close()
            response = http.send(following, stream=stream, follow_redirects=False)
            hops += 1
        return response

    def close(self) -> None:
        self._closed = True
        if self._owns_http and self._http is not None:
            self._http.close()


class _Opened:
    """The response of a stream, shared by the stream and its event generator (the generator
    must not hold the stream itself: that cycle would keep a broken-off loop's connection open
    until garbage collection instead of closing it at once)."""

    __slots__ = ("response",)

    def __init__(self) -> None:
        self.response: Optional[httpx.Response] = None


def _events(
    open_response: Callable[[Optional[str]], httpx.Response],
    decode: Callable[[ServerSentEvent], T],
    opened: _Opened,
    api: Optional[SyncAPIClient],
    framing: Framing,
    invalid: Optional[Invalid],
    resumable: bool,
) -> Generator[T, None, None]:
    decoder = framing.decoder()
    drops = 0
    received: list[T] = []  # for the error of a stream that cannot resume
    response = opened.response or open_response(None)
    opened.response = response
    try:
        while True:
            try:
                for event in iter_sse(response, decoder):
                    if event.data == framing.terminator:
                        return  # the stream's declared end (`data: [DONE]`)
                    try:
                        item = decode(event)
                    except UnknownVariantError:
                        continue
                    except DECODE_FAILURES as exc:
                        if invalid is None:
                            raise
                        raise invalid(event, exc) from exc
                    received.append(item)
                    yield item
                return
            except httpx.TransportError as exc:
                # The connection dropped mid-stream. Only a request that may be repeated is
                # sent again (a POST would run a second generation, billed twice), and only
                # where no event is delivered twice: after the last event id seen (the server
                # replays what follows it), or from the start when nothing was delivered yet.
                # A framing without event ids (JSON lines, JSON text sequences) only restarts.
                if api is None:
                    raise
                last_id = (decoder.last_event_id or None) if framing.resumable else None
                if not (resumable and (last_id or not received)):
                    why = "no event id to resume after" if resumable else "not repeatable"
                    raise api.core.errors.stream_interrupted(
                        api.core.redact(f"{type(exc).__name__}: {exc}"), why, received, last_id
                    ) from None
                if drops >= api.core.max_retries:
                    raise api.core.connection_error(exc) from None
                response.close()
                decoder.close()
                hint = decoder.retry
                api.sleep(hint / 1000 if hint is not None else api.core.retry_delay(drops))
                drops += 1
                response = open_response(last_id)
                opened.response = response
    finally:
        response.close()


class Stream(Generic[T]):
    """Server-sent events of one response, each decoded by ``decode``.

    The request is sent on first use (iteration or ``with``), so the same call works with
    ``for`` directly. ``open_response(last_event_id)`` sends it. After a dropped connection
    a ``resumable`` stream (its request may be repeated: a GET, or one carrying an idempotency
    key) is opened again after the last event id seen (the ``Last-Event-ID`` header), or from
    the start when no event had arrived, up to the client's ``max_retries``. Any other stream
    raises the package's ``StreamInterruptedError`` carrying the events already delivered
    (``.events``): no event is delivered twice, no request silently repeated. The response
    closes when the events end, when the loop is left early
    (the event generator is finalised), or on ``close()``/``cancel()``. An event of a type this
    SDK doesn't know (``UnknownVariantError`` from ``decode``) is skipped: APIs add event types.
    ``framing`` (``_sequences``) says how items are cut from the bytes (server-sent events by
    default; JSON lines, JSON text sequences) and which item, if any, ends the stream.
    ``invalid(event, exc)`` makes the package's error for an event ``decode`` fails on.
    """

    def __init__(
        self,
        open_response: Callable[[Optional[str]], httpx.Response],
        decode: Callable[[ServerSentEvent], T],
        api: Optional[SyncAPIClient] = None,
        framing: Framing = SSE,
        invalid: Optional[Invalid] = None,
        *,
        resumable: bool = False,
    ) -> None:
        self._open = open_response
        self._decode = decode
        self._api = api
        self._framing = framing
        self._invalid = invalid
        self._resumable = resumable
        self._opened = _Opened()
        self._events: Optional[Generator[T, None, None]] = None
        self._closed = False

    @property
    def response(self) -> Optional[httpx.Response]:
        return self._opened.response

    def __iter__(self) -> Iterator[T]:
        if self._events is None:
            self._events = _events(
                self._open,
                self._decode,
                self._opened,
                self._api,
                self._framing,
                self._invalid,
                self._resumable,
            )
        return self._events

    def __next__(self) -> T:
        if self._closed:
            raise StopIteration
        return self.__iter__().__next__()

    def close(self) -> None:
        """Stop: no further events; the connection is closed."""
        self._closed = True
        if self._events is not None:
            self._events.close()
        if self._opened.response is not None:
            self._opened.response.close()

    cancel = close

    def __enter__(self) -> Stream[T]:
        if self._opened.response is None:
            self._opened.response = self._open(None)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
