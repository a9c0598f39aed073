# Generated from its async twin by generator/unasync.py; do not edit.
"""``client.<ns>.with_raw_response.<method>(...)`` and ``with_streaming_response``.

Each resource's wrappers call its plain method (the same generated code, with the same
arguments and types) under a ``Capture`` (``_capture``), and hand back the HTTP response
beside the decoded value:

- ``with_raw_response.m(...)`` sends, reads the body and decodes as ``m`` does; the result is
  an ``APIResponse`` whose ``parse()`` returns what ``m`` returns. Errors raise as ``m``'s.
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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, TypeVar, Union

import httpx

from ._bodies import BodyConsumedError
from ._capture import CAPTURE, Capture, Captured
from ._errors import request_id_of
from ._sync_http import RETRY_COUNT_HEADER, Stream

if TYPE_CHECKING:
    from typing_extensions import ParamSpec

    P = ParamSpec("P")

__all__ = [
    "APIResponse",
    "APIResponseWithHeaders",
    "ResponseContextManager",
    "ResponseWithHeadersContextManager",
    "sync_raw_headers_wrapper",
    "sync_raw_stream_wrapper",
    "sync_raw_wrapper",
    "sync_streamed_headers_wrapper",
    "sync_streamed_stream_wrapper",
    "sync_streamed_wrapper",
    "sync_fetch_page",
]

R = TypeVar("R")
T = TypeVar("T")
H = TypeVar("H")


def _read_whole(response: httpx.Response) -> bytes:
    try:
        return response.read()
    except httpx.StreamConsumed:
        raise BodyConsumedError() from None


class APIResponse(Generic[R]):
    """The HTTP response of one call, and its decoded value (``parse()``)."""

    def __init__(
        self,
        http_response: httpx.Response,
        parse: Callable[[], R],
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

    def parse(self) -> R:
        """What the plain method returns, decoded once (later calls return the same value)."""
        if self._parsed is None:
            self._parsed = (self._parse(),)
        return self._parsed[0]

    def read(self) -> bytes:
        """The whole body (read now, unless already read)."""
        return _read_whole(self.http_response)

    def text(self) -> str:
        _read_whole(self.http_response)
        return self.http_response.text

    def json(self) -> Any:
        _read_whole(self.http_response)
        return self.http_response.json()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body's bytes as they arrive (decompressed), in chunks of ``chunk_size`` bytes
        when given (the last may be shorter), else as the network delivers them."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        """The body as text as it arrives, decoded by the response's charset (UTF-8 when it
        names none)."""
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        """The body's lines as they arrive, without their line endings."""
        return self.http_response.iter_lines()

    def stream_to_file(
        self, path: Union[str, os.PathLike[str]], *, chunk_size: Optional[int] = None
    ) -> int:
        """Write the body to the file at ``path`` (created or truncated) as it arrives, one
        chunk in memory at a time; return the number of bytes written. The writes are plain
        local-file writes, made between network reads."""
        written = 0
        with open(path, "wb") as file:
            for chunk in self.http_response.iter_bytes(chunk_size):
                file.write(chunk)
                written += len(chunk)
        return written

    def close(self) -> None:
        self.http_response.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.http_response.request.method}>"


class APIResponseWithHeaders(APIResponse[R], Generic[R, H]):
    """The raw response of an operation whose spec declares response headers:
    ``parsed_headers`` holds them typed (an operation's ``...Headers`` class)."""

    def __init__(
        self,
        http_response: httpx.Response,
        parse: Callable[[], R],
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


class ResponseContextManager(Generic[R]):
    """``with``: sends on entry, closes the response on exit."""

    def __init__(self, enter: Callable[[], APIResponse[R]]) -> None:
        self._enter = enter
        self._response: Optional[APIResponse[R]] = None

    def __enter__(self) -> APIResponse[R]:
        self._response = self._enter()
        return self._response

    def __exit__(self, *exc_info: object) -> None:
        if self._response is not None:
            self._response.close()


def sync_raw_wrapper(
    func: Callable[P, R],
) -> Callable[P, APIResponse[R]]:
    """``with_raw_response.m``: ``m``'s call, returning the response beside its value."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        capture = Capture()
        token = CAPTURE.set(capture)
        try:
            value = func(*args, **kwargs)
        finally:
            CAPTURE.reset(token)
        return APIResponse(_sent(capture.response), _value(value))

    return wrapped


# The raw response of an event stream (an alias: the sync rule for ... reads one
# level of brackets).
_RawStream = APIResponse[Stream[T]]


def sync_raw_headers_wrapper(
    func: Callable[P, R],
    parse_headers: Callable[[httpx.Headers], H],
) -> Callable[P, APIResponseWithHeaders[R, H]]:
    """``with_raw_response.m`` of an operation declaring response headers."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponseWithHeaders[R, H]:
        capture = Capture()
        token = CAPTURE.set(capture)
        try:
            value = func(*args, **kwargs)
        finally:
            CAPTURE.reset(token)
        return APIResponseWithHeaders(_sent(capture.response), _value(value), parse_headers)

    return wrapped


def sync_raw_stream_wrapper(
    func: Callable[P, Stream[T]],
) -> Callable[P, _RawStream[T]]:
    """``with_raw_response.m`` of an event stream: the stream, opened (headers received)."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[Stream[T]]:
        stream = func(*args, **kwargs)
        stream.__enter__()
        return APIResponse(_sent(stream.response), _value(stream))

    return wrapped


class ResponseWithHeadersContextManager(ResponseContextManager[R], Generic[R, H]):
    """``with`` of an operation declaring response headers: the response entered has
    ``parsed_headers`` too."""

    def __init__(self, enter: Callable[[], APIResponseWithHeaders[R, H]]) -> None:
        super().__init__(enter)
        self._enter_with_headers = enter

    def __enter__(self) -> APIResponseWithHeaders[R, H]:
        response = self._enter_with_headers()
        self._response = response
        return response


def sync_streamed_wrapper(
    func: Callable[P, R],
) -> Callable[P, ResponseContextManager[R]]:
    """``with_streaming_response.m``: ``m``'s call as a context manager, body unread."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseContextManager[R]:
        def enter() -> APIResponse[R]:
            response, parse = _intercepted(func, args, kwargs)
            return APIResponse(response, parse)

        return ResponseContextManager(enter)

    return wrapped


def sync_streamed_headers_wrapper(
    func: Callable[P, R],
    parse_headers: Callable[[httpx.Headers], H],
) -> Callable[P, ResponseWithHeadersContextManager[R, H]]:
    """``with_streaming_response.m`` of an operation declaring response headers: the response
    entered offers them typed (``parsed_headers``), as the raw response does."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseWithHeadersContextManager[R, H]:
        def enter() -> APIResponseWithHeaders[R, H]:
            response, parse = _intercepted(func, args, kwargs)
            return APIResponseWithHeaders(response, parse, parse_headers)

        return ResponseWithHeadersContextManager(enter)

    return wrapped


def _intercepted(
    func: Callable[..., R], args: Any, kwargs: Any
) -> tuple[httpx.Response, Callable[[], R]]:
    """``func(*args, **kwargs)`` sent, stopped with its response unread; and the call that
    decodes that response as ``func`` does (``parse()``)."""
    token = CAPTURE.set(Capture(intercept=True))
    try:
        func(*args, **kwargs)
    except Captured as captured:
        response = captured.response
    else:  # pragma: no cover - every generated method sends through the shell
        raise RuntimeError(f"{func.__name__} answered without a response to stream")
    finally:
        CAPTURE.reset(token)

    def parse() -> R:
        # The method again, its request answered by the response already received.
        _read_whole(response)
        replay = CAPTURE.set(Capture(replay=response))
        try:
            return func(*args, **kwargs)
        finally:
            CAPTURE.reset(replay)

    return response, parse


def sync_streamed_stream_wrapper(
    func: Callable[P, Stream[T]],
) -> Callable[P, ResponseContextManager[Stream[T]]]:
    """``with_streaming_response.m`` of an event stream: the stream, closed on exit."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseContextManager[Stream[T]]:
        def enter() -> APIResponse[Stream[T]]:
            stream = func(*args, **kwargs)
            stream.__enter__()
            return APIResponse(_sent(stream.response), _value(stream))

        return ResponseContextManager(enter)

    return wrapped


def _sent(response: Optional[httpx.Response]) -> httpx.Response:
    if response is None:  # pragma: no cover - every generated method sends through the shell
        raise RuntimeError("the call answered without a response")
    return response


def _value(value: R) -> Callable[[], R]:
    def parse() -> R:
        return value

    return parse


def sync_fetch_page(
    call: Callable[[], R], follow: Optional[tuple[str, str]] = None
) -> tuple[R, httpx.Response]:
    """One page of a list: ``call()`` (the list method with the caller's arguments), sent to
    ``follow`` (``(origin, path and query)``, the next page's URL) when given; the decoded page
    and its response (whose ``Link`` header may name the next page)."""
    capture = Capture(follow=follow)
    token = CAPTURE.set(capture)
    try:
        page = call()
    finally:
        CAPTURE.reset(token)
    return page, _sent(capture.response)
