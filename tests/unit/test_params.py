"""The runtime's serialisers (generator/runtime/_params.py) fed values alone: the OpenAPI style
tables' examples (color = blue/black/brown, {R: 100, G: 200, B: 150}), encoding, refusals."""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import io
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.runtime._params import (
    NOT_GIVEN,
    NotGiven,
    async_binary_body,
    binary_body,
    cookie_value,
    file_part,
    form_part,
    header_value,
    json_value,
    path_value,
    query_items,
)

ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}
NESTED = {"a": {"b": 1}, "t": ["x", "y"]}  # deepObject nesting as qs and Rack read it back


class Invalid(Exception):
    field: str
    rule: str


class Shade(str, enum.Enum):
    DARK = "dark"


@pytest.mark.parametrize(
    ("style", "explode", "value", "expected"),
    [
        ("simple", False, "blue", "blue"),
        ("simple", False, ARRAY, "blue,black,brown"),
        ("simple", True, ARRAY, "blue,black,brown"),
        ("simple", False, OBJECT, "R,100,G,200,B,150"),
        ("simple", True, OBJECT, "R=100,G=200,B=150"),
        ("label", False, "blue", ".blue"),
        ("label", False, ARRAY, ".blue,black,brown"),
        ("label", True, ARRAY, ".blue.black.brown"),
        ("label", False, OBJECT, ".R,100,G,200,B,150"),
        ("label", True, OBJECT, ".R=100.G=200.B=150"),
        ("matrix", False, "blue", ";color=blue"),
        ("matrix", False, ARRAY, ";color=blue,black,brown"),
        ("matrix", True, ARRAY, ";color=blue;color=black;color=brown"),
        ("matrix", False, OBJECT, ";color=R,100,G,200,B,150"),
        ("matrix", True, OBJECT, ";R=100;G=200;B=150"),
    ],
)
def test_path_styles_as_the_spec_tables(
    style: str, explode: bool, value: Any, expected: str
) -> None:
    assert path_value(Invalid, "color", "color", value, style, explode) == expected


@pytest.mark.parametrize(
    ("style", "explode", "value", "expected"),
    [
        ("form", True, "blue", ["color=blue"]),
        ("form", False, ARRAY, ["color=blue,black,brown"]),
        ("form", True, ARRAY, ["color=blue", "color=black", "color=brown"]),
        ("form", False, OBJECT, ["color=R,100,G,200,B,150"]),
        ("form", True, OBJECT, ["R=100", "G=200", "B=150"]),
        ("spaceDelimited", False, ARRAY, ["color=blue%20black%20brown"]),
        ("pipeDelimited", False, ARRAY, ["color=blue|black|brown"]),
        ("deepObject", True, OBJECT, ["color[R]=100", "color[G]=200", "color[B]=150"]),
        ("deepObject", True, NESTED, ["color[a][b]=1", "color[t][]=x", "color[t][]=y"]),
        ("form", True, [], []),
        ("form", True, None, []),
    ],
)  # fmt: skip
def test_query_styles_as_the_spec_tables(
    style: str, explode: bool, value: Any, expected: list[str]
) -> None:
    assert query_items(Invalid, "color", "color", value, style, explode) == expected


def test_primitives_as_json_spells_them() -> None:
    values = [True, False, 0, 1.5, Decimal("2.50"), dt.date(2024, 1, 2), Shade.DARK, "a b/&"]
    assert [query_items(Invalid, "v", "v", v)[0] for v in values] == [
        "v=true", "v=false", "v=0", "v=1.5", "v=2.50", "v=2024-01-02", "v=dark", "v=a%20b%2F%26"
    ]  # fmt: skip


def test_allow_reserved_keeps_reserved_characters_but_not_structure() -> None:
    assert query_items(Invalid, "p", "p", "/a?b:c&d=e#f", allow_reserved=True) == [
        "p=/a?b:c%26d%3De%23f"
    ]


def test_form_body_encodes_delimiters() -> None:
    assert query_items(Invalid, "ids", "ids", [1, 2], "form", False, in_body=True) == ["ids=1%2C2"]


@pytest.mark.parametrize(
    "value", [[[1]], [{"a": 1}], float("nan"), float("inf"), Decimal("NaN"), b"raw", object()]
)
def test_values_that_cannot_be_sent_name_the_argument(value: Any) -> None:
    with pytest.raises(Invalid) as caught:
        query_items(Invalid, "tag_ids", "tagIds", value, "form", False)
    assert caught.value.field == "tag_ids" and str(caught.value).startswith("tag_ids: ")


def test_path_refuses_none_and_dot_segments_stay_segments() -> None:
    with pytest.raises(Invalid, match="id: is required"):
        path_value(Invalid, "id", "id", None, "simple", False)
    assert path_value(Invalid, "id", "id", "..", "simple", False) == "%2E%2E"


def test_headers_and_cookies() -> None:
    assert header_value(Invalid, "h", ARRAY) == "blue,black,brown"
    assert header_value(Invalid, "h", OBJECT, explode=True) == "R=100,G=200,B=150"
    assert header_value(Invalid, "h", True) == "true"
    with pytest.raises(Invalid, match="line break"):
        header_value(Invalid, "h", "a\r\nInjected: 1")
    assert cookie_value(Invalid, "c", "c", ARRAY, explode=False) == "c=blue,black,brown"
    assert cookie_value(Invalid, "c", "c", ARRAY, explode=True) == "c=blue; c=black; c=brown"
    assert cookie_value(Invalid, "c", "c", OBJECT, explode=True) == "R=100; G=200; B=150"
    assert cookie_value(Invalid, "c", "c", "a;b c") == "c=a%3Bb%20c"


def test_json_content_and_parts() -> None:
    assert json_value({"R": 1, "d": dt.date(2024, 1, 2), "s": Shade.DARK}) == (
        '{"R":1,"d":"2024-01-02","s":"dark"}'
    )
    assert form_part({"a": 1}) == (None, '{"a":1}', "application/json")
    assert form_part(True) == (None, "true")
    assert form_part("x", "text/markdown") == (None, "x", "text/markdown")


def test_file_parts_from_paths_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"a,b")
    assert file_part(path) == ("report.csv", b"a,b", "text/csv")
    assert file_part(b"raw", "image/png") == ("upload", b"raw", "image/png")
    handle = io.BytesIO(b"x")
    assert file_part(handle) is handle


def test_binary_bodies_stream_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(b"y" * 100_000)
    assert b"".join(binary_body(path)) == b"y" * 100_000
    assert [len(c) for c in binary_body(io.BytesIO(b"z" * 70_000))] == [65536, 4464]
    assert binary_body(b"raw") == b"raw"

    async def collect() -> bytes:
        return b"".join([c async for c in async_binary_body(iter([b"a", b"b"]))])

    assert asyncio.run(collect()) == b"ab"
    with pytest.raises(TypeError):
        binary_body(3)


def test_not_given_is_a_falsy_singleton() -> None:
    assert NotGiven() is NOT_GIVEN and not NOT_GIVEN and repr(NOT_GIVEN) == "NOT_GIVEN"
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN
