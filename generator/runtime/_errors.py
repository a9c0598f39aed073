"""Error behaviour shared by every generated package.

Each package defines its own exception classes (rooted at its own base, e.g. ``CodeVFError``)
from a template and mixes in ``APIErrorMixin``; the client core receives them as an
``ErrorTable`` and chooses the class from the status code and the error ``code`` in the body.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from typing import Any, Optional

import attrs
import httpx

__all__ = [
    "APIErrorMixin",
    "ErrorTable",
    "parse_error_body",
    "request_id_of",
    "retry_after_seconds",
]


class APIErrorMixin(Exception):
    """An error response: status, code, message, request id, body and headers.

    The message never includes request headers, so credentials cannot leak through it.
    """

    status_code: Optional[int]
    code: Optional[str]
    message: str
    request_id: Optional[str]
    body: Any
    headers: Mapping[str, str]
    retry_after: Optional[float]
    # Set on polling errors: the last observed resource and its status.
    last: Any = None
    status: Optional[str] = None
    # Set on response validation errors (``_decoding``): where in the body decoding failed
    # (a JSON pointer, "" for the whole body) and the type expected there.
    pointer: Optional[str] = None
    expected: Optional[str] = None
    # Set on an argument refused before sending (InvalidArgumentError): the argument's name
    # and the rule it breaks.
    field: Optional[str] = None
    rule: Optional[str] = None
    # Set on an interrupted event stream: the events delivered before the drop, in order, and
    # the last event id the server gave (``None`` when it gave none).
    events: Optional[list[Any]] = None
    last_event_id: Optional[str] = None

    @property
    def retryable(self) -> bool:
        """Whether retrying may succeed: the body's ``retryable`` flag when the API sends one,
        else true for 408, 429 and 5xx."""
        error = self.body.get("error") if isinstance(self.body, dict) else None
        flag = error.get("retryable") if isinstance(error, dict) else None
        if isinstance(flag, bool):
            return flag
        return self.status_code is not None and (
            self.status_code in (408, 429) or self.status_code >= 500
        )

    def __init__(
        self,
        message: str,
        *,
        status_code: Optional[int] = None,
        code: Optional[str] = None,
        body: Any = None,
        headers: Optional[Mapping[str, str]] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code
        self.body = body
        self.headers = dict(headers or {})
        self.request_id = request_id
        self.retry_after = retry_after

    @property
    def response_data(self) -> Any:
        """The decoded error body (alias kept for SDKs that document this name)."""
        return self.body

    def __str__(self) -> str:
        parts = [str(self.status_code)] if self.status_code is not None else []
        if self.code:
            parts.append(self.code)
        text = " ".join(parts)
        text = f"{text}: {self.message}" if text else self.message
        return f"{text} (request-id: {self.request_id})" if self.request_id else text


@attrs.frozen
class ErrorTable:
    """The exception classes of one package, by status and by error code."""

    base: type[APIErrorMixin]
    api: type[APIErrorMixin]
    by_status: Mapping[int, type[APIErrorMixin]]
    server: type[APIErrorMixin]
    connection: type[APIErrorMixin]
    timeout: type[APIErrorMixin]
    by_code: Mapping[str, type[APIErrorMixin]] = attrs.field(factory=dict)
    wait_failed_class: Optional[type[APIErrorMixin]] = None
    wait_timeout_class: Optional[type[APIErrorMixin]] = None
    # Raised before sending when no alternative of an operation's security is configured.
    missing_credentials: Optional[type[APIErrorMixin]] = None
    stream_interrupted_class: Optional[type[APIErrorMixin]] = None

    def stream_interrupted(
        self, cause: str, why: str, events: list[Any], last_event_id: Optional[str]
    ) -> APIErrorMixin:
        """An event stream broke off and cannot be resumed without repeating events."""
        error = (self.stream_interrupted_class or self.connection)(
            f"the event stream broke off after {len(events)} event(s) and was not resumed "
            f"({why}): {cause}"
        )
        error.events, error.last_event_id = events, last_event_id
        return error

    def wait_failed(self, status: str, last: Any) -> APIErrorMixin:
        """A polled resource reached a failure status."""
        error = (self.wait_failed_class or self.base)(
            f"wait ended with status {status!r}", code=status, body=last
        )
        error.last, error.status = last, status
        return error

    def wait_timed_out(self, status: Optional[str], last: Any) -> APIErrorMixin:
        """Attempts or time ran out (or the wait was cancelled) before a terminal status."""
        error = (self.wait_timeout_class or self.base)(
            f"stopped waiting; last status {status!r}", code=status, body=last
        )
        error.last, error.status = last, status
        return error

    def for_response(self, response: httpx.Response) -> APIErrorMixin:
        body = _decode(response)
        code, message = parse_error_body(body)
        status = response.status_code
        cls = self.by_code.get(code) if code else None
        if cls is None:
            cls = self.by_status.get(status) or (self.server if status >= 500 else self.api)
        headers = response.headers
        return cls(
            message or response.reason_phrase or f"HTTP {status}",
            status_code=status,
            code=code,
            body=body,
            headers=headers,
            request_id=request_id_of(response),
            retry_after=retry_after_seconds(headers),
        )


def request_id_of(response: httpx.Response) -> Optional[str]:
    """The ``request-id`` (or ``x-request-id``) header of a response."""
    value = response.headers.get("request-id") or response.headers.get("x-request-id")
    return str(value) if value is not None else None


def _decode(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return response.text or None


def parse_error_body(body: Any) -> tuple[Optional[str], Optional[str]]:
    """(code, message) from the shapes APIs use: ``{"error": {"code", "message"}}``, the legacy
    ``{"error": "code"}``, flat ``{"code", "message"}`` and ``{"detail": ...}``."""
    if not isinstance(body, dict):
        return None, body if isinstance(body, str) and len(body) < 500 else None
    error = body.get("error")
    if isinstance(error, dict):
        code, message = error.get("code"), error.get("message")
    elif isinstance(error, str) and isinstance(body.get("code"), str):
        # {"error": "Human text", "code": "machine_code"}
        code, message = body["code"], error
    elif isinstance(error, str):
        code, message = error, body.get("message") or body.get("error_description")
    else:
        code, message = body.get("code"), body.get("message") or body.get("detail")
    code = code if isinstance(code, str) else None
    if message is not None and not isinstance(message, str):
        message = json.dumps(message)
    return code, message


def retry_after_seconds(headers: Mapping[str, str]) -> Optional[float]:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    ms = _header(headers, "retry-after-ms")
    if ms is not None:
        try:
            return max(_not_nan(ms) / 1000.0, 0.0)
        except ValueError:
            pass
    value = _header(headers, "retry-after")
    if value is None:
        return None
    try:
        return max(_not_nan(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        return max(email.utils.mktime_tz(parsed) - time.time(), 0.0)


def _header(headers: Mapping[str, str], name: str) -> Optional[str]:
    """``headers.get(name)``. Read on every response of a poll, where the header is usually
    absent: ``httpx.Headers.get`` finds that out by raising and catching a ``KeyError``, and
    ``get_list`` (same values, joined the same way) without."""
    if isinstance(headers, httpx.Headers):
        values = headers.get_list(name)
        return ", ".join(values) if values else None
    return headers.get(name)


def _not_nan(text: str) -> float:
    """``float(text)``, refusing NaN: a NaN delay would make the shells' sleep raise."""
    number = float(text)
    if number != number:
        raise ValueError(f"not a number: {text!r}")
    return number
