"""Sans-I/O parts of following pages (``generator/runtime/_pages.py``)."""

from __future__ import annotations

import pytest

from generator.runtime._pages import next_link, read_next, same_origin_target


def test_next_link_parses_rfc_8288() -> None:
    assert next_link('<https://x/a?p=2>; rel="next"') == "https://x/a?p=2"
    assert next_link('<a>; rel=prev, <b>; title="x, y"; rel="NEXT"') == "b"
    assert next_link('<a>; rel="prev"') is None and next_link(None) is None


def test_read_next_is_none_where_a_step_is_missing() -> None:
    assert read_next({"meta": {"next": "c2"}}, "meta.next") == "c2"
    assert read_next({"meta": None}, "meta.next") is None and read_next({}, "a.b") is None


def test_same_origin_target_resolves_and_refuses() -> None:
    base = "https://api.example/v1"
    current = "https://api.example/v1/things?p=1"
    assert same_origin_target(base, current, "?p=2") == ("https://api.example", "/v1/things?p=2")
    assert same_origin_target(base, current, "/v1/things") == ("https://api.example", "/v1/things")
    for elsewhere in ("http://api.example/v1/things", "https://api.example:444/x", "//evil/x"):
        with pytest.raises(ValueError, match="another origin"):
            same_origin_target(base, current, elsewhere)
