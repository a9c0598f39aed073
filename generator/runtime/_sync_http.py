# Generated from its async twin by generator/unasync.py; do not edit.
"""The sync I/O shell of a generated client: send, retry, stream.

Derived from its async twin by the rule table in ``generator/unasync.py``
and checked to be current, so the two never drift. All decisions are ``ClientCore``'s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any, Callable, Generic, Optional, TypeVar, Union

import httpx

from ._core import ClientCore
from ._sse import ServerSentEvent, iter_sse

__all__ = ["SyncAPIClient", "Stream"]

T = TypeVar("T")


def _sync_sleep(seconds: float) -> None:
    time.sleep(seconds)


class SyncAPIClient:
    """Owns the httpx client (unless one was given) and runs requests with retries."""

    def __init__(self, core: ClientCore, http_client: Optional[httpx.Client] = None) -> None:
        self._core = core
        self._owns_http = http_client is None
        if http_client is None:
            http_client = httpx.Client(headers=core.headers, timeout=core.timeout)
            self._extra_headers: Optional[dict[str, str]] = None
        else:
            # A caller's client keeps its own defaults; ours are sent per request.
            self._extra_headers = core.headers
        self._http = http_client
        self.sleep: Callable[[float], None] = _sync_sleep

    @property
    def http_client(self) -> httpx.Client:
        return self._http

    @property
    def core(self) -> ClientCore:
        return self._core

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
        timeout: Union[float, httpx.Timeout, None] = None,
        idempotent: bool = False,
        stream: bool = False,
        base_url: Optional[str] = None,
    ) -> httpx.Response:
        """Send with retries; return a 2xx response or raise the package's error for it."""
        core = self._core
        if self._extra_headers is not None:
            headers = {**self._extra_headers, **(headers or {})}
        request = core.build_request(
            self._http, method, path, params=params, headers=headers, json=json,
            content=content, data=data, files=files, timeout=timeout, base_url=base_url,
        )  # fmt: skip
        attempt = 0
        while True:
            if core.signer is not None:
                core.signer(request)  # per attempt: signatures carry a fresh timestamp/nonce
            started = time.perf_counter()
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                # Connecting failed: nothing reached the server, so any method may retry.
                nothing_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
                if not core.may_retry(request, attempt, idempotent or nothing_sent):
                    raise core.connection_error(exc) from None
                self.sleep(core.retry_delay(attempt))
                attempt += 1
                continue
            core.observe(response, time.perf_counter() - started)
            if response.is_success:
                return response
            if core.should_retry_response(response, attempt, idempotent):
                response.close()
                self.sleep(core.retry_delay(attempt, response))
                attempt += 1
                continue
            if stream:
                response.read()
            raise core.error_for(response)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()


class Stream(Generic[T]):
    """Server-sent events of one response, each decoded by ``decode``; closing (or leaving the
    ``async with``/loop early via ``close``) closes the connection."""

    def __init__(self, response: httpx.Response, decode: Callable[[ServerSentEvent], T]) -> None:
        self.response = response
        self._decode = decode
        self._events = iter_sse(response)

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        try:
            event = self._events.__next__()
        except StopIteration:
            self.close()
            raise
        return self._decode(event)

    def close(self) -> None:
        self.response.close()

    cancel = close

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
