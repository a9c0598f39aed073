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

__all__ = ["header_bool", "header_datetime", "header_float", "header_int", "header_str"]


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
