"""The readers behind the generated ``...Headers`` classes (``with_raw_response``'s
``parsed_headers``): a header that is absent or malformed reads as ``None``."""

from __future__ import annotations

import datetime as dt

import httpx

from generator.runtime._headers import header_bool, header_datetime, header_float, header_int


def test_header_readers_are_lenient() -> None:
    headers = httpx.Headers(
        {"n": "x", "d": "Sun, 06 Nov 1994 08:49:37 GMT", "bad": "soon", "b": "maybe"}
    )
    assert header_int(headers, "n") is None and header_int(headers, "absent") is None
    assert header_datetime(headers, "d") == dt.datetime(
        1994, 11, 6, 8, 49, 37, tzinfo=dt.timezone.utc
    )
    assert header_datetime(headers, "bad") is None and header_bool(headers, "b") is None
    assert header_float(httpx.Headers({"f": "1.5"}), "f") == 1.5


def test_declared_headers_classes_compare_by_value_and_show_their_fields() -> None:
    from generator.runtime._headers import DeclaredHeaders

    class Demo(DeclaredHeaders):
        __slots__ = ("left",)

        def __init__(self, headers: httpx.Headers) -> None:
            self.left = header_int(headers, "x-left")

    one, two = Demo(httpx.Headers({"x-left": "3"})), Demo(httpx.Headers({"X-Left": "3"}))
    assert one == two and hash(one) == hash(two) and repr(one) == "Demo(left=3)"
    assert one != Demo(httpx.Headers())
