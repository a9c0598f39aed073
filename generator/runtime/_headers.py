"""Readers of the response headers a spec declares, for the generated ``...Headers`` classes.

Each returns ``None`` when the header is absent or its value does not parse: a header is
metadata, and a malformed one must not turn a successful call into an error.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
from typing import Optional

import httpx

from ._models import parse_datetime

__all__ = [
    "DeclaredHeaders",
    "header_bool",
    "header_datetime",
    "header_float",
    "header_int",
    "header_str",
]


class DeclaredHeaders:
    """Base of the generated ``...Headers`` classes: plain slotted classes (built at import
    time by the dozen, so cheaper to create than attrs classes), equal by value, with a repr."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DeclaredHeaders) or type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({fields})"


def header_str(headers: httpx.Headers, name: str) -> Optional[str]:
    value: Optional[str] = headers.get(name)
    return value


def header_int(headers: httpx.Headers, name: str) -> Optional[int]:
    value = headers.get(name)
    try:
        return None if value is None else int(value.strip())
    except ValueError:
        return None


def header_float(headers: httpx.Headers, name: str) -> Optional[float]:
    value = headers.get(name)
    try:
        return None if value is None else float(value.strip())
    except ValueError:
        return None


def header_bool(headers: httpx.Headers, name: str) -> Optional[bool]:
    value = (headers.get(name) or "").strip().lower()
    return True if value == "true" else False if value == "false" else None


def header_datetime(headers: httpx.Headers, name: str) -> Optional[_dt.datetime]:
    """RFC 3339 (``format: date-time``) or an HTTP date (``Sun, 06 Nov 1994 08:49:37 GMT``)."""
    value = headers.get(name)
    if value is None:
        return None
    try:
        return parse_datetime(value.strip())
    except (ValueError, TypeError):
        pass
    try:
        return email.utils.parsedate_to_datetime(value)
    except (ValueError, TypeError):
        return None
