"""``client.<ns>.with_raw_response.<method>(...)`` and ``with_streaming_response``.

Each resource's wrappers call its plain method (the same generated code, with the same
arguments and types) under a ``Capture`` (``_capture``), and hand back the HTTP response
beside the decoded value:

- ``with_raw_response.m(...)`` sends, reads the body and decodes as ``m`` does; the result is
  an ``AsyncAPIResponse`` whose ``parse()`` returns what ``m`` returns. Errors raise as ``m``'s.
- ``with_streaming_response.m(...)`` is a context manager: the body is not read on entry
  (``iter_bytes()``/``iter_text()``/``iter_lines()`` read it incrementally, as it arrives;
  ``stream_to_file(path)`` writes it chunk by chunk); ``parse()`` reads it whole and decodes it
  as ``m`` does (``bytes`` for a binary body, ``str`` for text). The connection is released on
  exit, also when the block raises or breaks off mid-body (a half-read body closes the
  connection rather than returning it to the pool).

A body is read once: iterating it and then calling ``parse()``/``read()`` (or iterating again)
raises ``BodyConsumedError`` (an ``httpx.StreamConsumed``) saying so, since the bytes already
handed out were not kept (keeping them is what streaming avoids).

Where the spec declares response headers, both responses carry them typed (``parsed_headers``).

For an operation answering server-sent events, ``parse()`` is the stream of events, opened.
Only the async module is written by hand; ``_sync_raw`` is derived by ``generator/unasync.py``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator, Awaitable
from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, TypeVar, Union

import httpx

from ._async_http import RETRY_COUNT_HEADER, AsyncStream
from ._bodies import BodyConsumedError
from ._capture import CAPTURE, Capture, Captured
from ._errors import request_id_of

if TYPE_CHECKING:
    from typing_extensions import ParamSpec

    P = ParamSpec("P")

__all__ = [
    "AsyncAPIResponse",
    "AsyncAPIResponseWithHeaders",
    "AsyncResponseContextManager",
    "AsyncResponseWithHeadersContextManager",
    "async_raw_headers_wrapper",
    "async_raw_stream_wrapper",
    "async_raw_wrapper",
    "async_streamed_headers_wrapper",
    "async_streamed_stream_wrapper",
    "async_streamed_wrapper",
    "async_fetch_page",
]

R = TypeVar("R")
T = TypeVar("T")
H = TypeVar("H")


async def _read_whole(response: httpx.Response) -> bytes:
    try:
        return await response.aread()
    except httpx.StreamConsumed:
        raise BodyConsumedError() from None


class AsyncAPIResponse(Generic[R]):
    """The HTTP response of one call, and its decoded value (``parse()``)."""

    def __init__(
        self,
        http_response: httpx.Response,
        parse: Callable[[], Awaitable[R]],
    ) -> None:
        self.http_response = http_response
        self._parse = parse
        self._parsed: Optional[tuple[R]] = None

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def request_id(self) -> Optional[str]:
        """The ``request-id`` (or ``x-request-id``) the server gave this response."""
        return request_id_of(self.http_response)

    @property
    def retries_taken(self) -> int:
        """How many retries came before this response (0: the first attempt answered)."""
        return int(self.http_response.request.headers.get(RETRY_COUNT_HEADER, "0"))

    async def parse(self) -> R:
        """What the plain method returns, decoded once (later calls return the same value)."""
        if self._parsed is None:
            self._parsed = (await self._parse(),)
        return self._parsed[0]

    async def read(self) -> bytes:
        """The whole body (read now, unless already read)."""
        return await _read_whole(self.http_response)

    async def text(self) -> str:
        await _read_whole(self.http_response)
        return self.http_response.text

    async def json(self) -> Any:
        await _read_whole(self.http_response)
        return self.http_response.json()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        """The body's bytes as they arrive (decompressed), in chunks of ``chunk_size`` bytes
        when given (the last may be shorter), else as the network delivers them."""
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: Optional[int] = None) -> AsyncIterator[str]:
        """The body as text as it arrives, decoded by the response's charset (UTF-8 when it
        names none)."""
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        """The body's lines as they arrive, without their line endings."""
        return self.http_response.aiter_lines()

    async def stream_to_file(
        self, path: Union[str, os.PathLike[str]], *, chunk_size: Optional[int] = None
    ) -> int:
        """Write the body to the file at ``path`` (created or truncated) as it arrives, one
        chunk in memory at a time; return the number of bytes written. The writes are plain
        local-file writes, made between network reads."""
        written = 0
        with open(path, "wb") as file:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                file.write(chunk)
                written += len(chunk)
        return written

    async def close(self) -> None:
        await self.http_response.aclose()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.http_response.request.method}>"


class AsyncAPIResponseWithHeaders(AsyncAPIResponse[R], Generic[R, H]):
    """The raw response of an operation whose spec declares response headers:
    ``parsed_headers`` holds them typed (an operation's ``...Headers`` class)."""

    def __init__(
        self,
        http_response: httpx.Response,
        parse: Callable[[], Awaitable[R]],
        parse_headers: Callable[[httpx.Headers], H],
    ) -> None:
        super().__init__(http_response, parse)
        self._parse_headers = parse_headers
        self._headers: Optional[tuple[H]] = None

    @property
    def parsed_headers(self) -> H:
        """The declared headers, parsed (ints, floats, booleans, datetimes; ``None`` when a
        header is absent or malformed)."""
        if self._headers is None:
            self._headers = (self._parse_headers(self.http_response.headers),)
        return self._headers[0]


class AsyncResponseContextManager(Generic[R]):
    """``async with``: sends on entry, closes the response on exit."""

    def __init__(self, enter: Callable[[], Awaitable[AsyncAPIResponse[R]]]) -> None:
        self._enter = enter
        self._response: Optional[AsyncAPIResponse[R]] = None

    async def __aenter__(self) -> AsyncAPIResponse[R]:
        self._response = await self._enter()
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.close()


def async_raw_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[AsyncAPIResponse[R]]]:
    """``with_raw_response.m``: ``m``'s call, returning the response beside its value."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncAPIResponse[R]:
        capture = Capture()
        token = CAPTURE.set(capture)
        try:
            value = await func(*args, **kwargs)
        finally:
            CAPTURE.reset(token)
        return AsyncAPIResponse(_sent(capture.response), _value(value))

    return wrapped


# The raw response of an event stream (an alias: the sync rule for Awaitable[...] reads one
# level of brackets).
_RawStream = AsyncAPIResponse[AsyncStream[T]]


def async_raw_headers_wrapper(
    func: Callable[P, Awaitable[R]],
    parse_headers: Callable[[httpx.Headers], H],
) -> Callable[P, Awaitable[AsyncAPIResponseWithHeaders[R, H]]]:
    """``with_raw_response.m`` of an operation declaring response headers."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncAPIResponseWithHeaders[R, H]:
        capture = Capture()
        token = CAPTURE.set(capture)
        try:
            value = await func(*args, **kwargs)
        finally:
            CAPTURE.reset(token)
        return AsyncAPIResponseWithHeaders(_sent(capture.response), _value(value), parse_headers)

    return wrapped


def async_raw_stream_wrapper(
    func: Callable[P, AsyncStream[T]],
) -> Callable[P, Awaitable[_RawStream[T]]]:
    """``with_raw_response.m`` of an event stream: the stream, opened (headers received)."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncAPIResponse[AsyncStream[T]]:
        stream = func(*args, **kwargs)
        await stream.__aenter__()
        return AsyncAPIResponse(_sent(stream.response), _value(stream))

    return wrapped


class AsyncResponseWithHeadersContextManager(AsyncResponseContextManager[R], Generic[R, H]):
    """``async with`` of an operation declaring response headers: the response entered has
    ``parsed_headers`` too."""

    def __init__(self, enter: Callable[[], Awaitable[AsyncAPIResponseWithHeaders[R, H]]]) -> None:
        super().__init__(enter)
        self._enter_with_headers = enter

    async def __aenter__(self) -> AsyncAPIResponseWithHeaders[R, H]:
        response = await self._enter_with_headers()
        self._response = response
        return response


def async_streamed_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncResponseContextManager[R]]:
    """``with_streaming_response.m``: ``m``'s call as a context manager, body unread."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseContextManager[R]:
        async def enter() -> AsyncAPIResponse[R]:
            response, parse = await _intercepted(func, args, kwargs)
            return AsyncAPIResponse(response, parse)

        return AsyncResponseContextManager(enter)

    return wrapped


def async_streamed_headers_wrapper(
    func: Callable[P, Awaitable[R]],
    parse_headers: Callable[[httpx.Headers], H],
) -> Callable[P, AsyncResponseWithHeadersContextManager[R, H]]:
    """``with_streaming_response.m`` of an operation declaring response headers: the response
    entered offers them typed (``parsed_headers``), as the raw response does."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseWithHeadersContextManager[R, H]:
        async def enter() -> AsyncAPIResponseWithHeaders[R, H]:
            response, parse = await _intercepted(func, args, kwargs)
            return AsyncAPIResponseWithHeaders(response, parse, parse_headers)

        return AsyncResponseWithHeadersContextManager(enter)

    return wrapped


async def _intercepted(
    func: Callable[..., Awaitable[R]], args: Any, kwargs: Any
) -> tuple[httpx.Response, Callable[[], Awaitable[R]]]:
    """``func(*args, **kwargs)`` sent, stopped with its response unread; and the call that
    decodes that response as ``func`` does (``parse()``)."""
    token = CAPTURE.set(Capture(intercept=True))
    try:
        await func(*args, **kwargs)
    except Captured as captured:
        response = captured.response
    else:  # pragma: no cover - every generated method sends through the shell
        raise RuntimeError(f"{func.__name__} answered without a response to stream")
    finally:
        CAPTURE.reset(token)

    async def parse() -> R:
        # The method again, its request answered by the response already received.
        await _read_whole(response)
        replay = CAPTURE.set(Capture(replay=response))
        try:
            return await func(*args, **kwargs)
        finally:
            CAPTURE.reset(replay)

    return response, parse


def async_streamed_stream_wrapper(
    func: Callable[P, AsyncStream[T]],
) -> Callable[P, AsyncResponseContextManager[AsyncStream[T]]]:
    """``with_streaming_response.m`` of an event stream: the stream, closed on exit."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseContextManager[AsyncStream[T]]:
        async def enter() -> AsyncAPIResponse[AsyncStream[T]]:
            stream = func(*args, **kwargs)
            await stream.__aenter__()
            return AsyncAPIResponse(_sent(stream.response), _value(stream))

        return AsyncResponseContextManager(enter)

    return wrapped


def _sent(response: Optional[httpx.Response]) -> httpx.Response:
    if response is None:  # pragma: no cover - every generated method sends through the shell
        raise RuntimeError("the call answered without a response")
    return response


def _value(value: R) -> Callable[[], Awaitable[R]]:
    async def parse() -> R:
        return value

    return parse


async def async_fetch_page(
    call: Callable[[], Awaitable[R]], follow: Optional[tuple[str, str]] = None
) -> tuple[R, httpx.Response]:
    """One page of a list: ``call()`` (the list method with the caller's arguments), sent to
    ``follow`` (``(origin, path and query)``, the next page's URL) when given; the decoded page
    and its response (whose ``Link`` header may name the next page)."""
    capture = Capture(follow=follow)
    token = CAPTURE.set(capture)
    try:
        page = await call()
    finally:
        CAPTURE.reset(token)
    return page, _sent(capture.response)
