"""The runtime's decode-failure locator (generator/runtime/_decoding.py), fed data and types
alone: the pointer and expected type of the first value a decoder rejects."""

# The types are spelled as generated packages spell them (typing.List...: Python 3.9).
# ruff: noqa: UP006, UP035

from __future__ import annotations

import datetime as _dt
from typing import Any, ClassVar, Dict, List, Optional, Tuple, Union

import attrs
import httpx
import pytest

from generator.runtime._decoding import find_mismatch, response_validation_error
from generator.runtime._errors import APIErrorMixin
from generator.runtime._models import Model, StrEnum


class Color(StrEnum):
    RED = "red"
    GREEN = "green"


class Only(StrEnum):  # a `const`: one member
    ONLY = "only"


@attrs.define(slots=True)
class Leaf(Model):
    name: str
    when: Optional[_dt.datetime] = None
    additional_properties: dict[str, Any] = attrs.field(factory=dict, repr=False)
    _wire: ClassVar[dict[str, str]] = {"name": "name", "when": "when"}

    @classmethod
    def from_dict(cls, d: Any) -> Leaf:
        return cls(d["name"])


@attrs.define(slots=True)
class Tree(Model):
    leaves: List[Leaf]
    color: Color
    tags: Optional[Dict[str, int]] = None
    additional_properties: dict[str, Any] = attrs.field(factory=dict, repr=False)
    _wire: ClassVar[dict[str, str]] = {"a/b": "leaves", "color": "color", "tags": "tags"}

    @classmethod
    def from_dict(cls, d: Any) -> Tree:
        return cls(d["a/b"], d["color"])


@pytest.mark.parametrize(
    ("data", "hint", "expected"),
    [
        ({"a/b": [], "color": "blue"}, Tree, None),  # enums are open: any string fits
        ({"a/b": [{"name": "x"}, {}], "color": "red"}, Tree,
         ("/a~1b/1/name", "str", "missing required field")),
        ({"a/b": [{"name": "x", "when": "never"}], "color": "r"}, Tree,
         ("/a~1b/0/when", "datetime", "got a string 'never'")),
        ({"a/b": {}, "color": "r"}, Tree, ("/a~1b", "List[Leaf]", "got an object, not an array")),
        ({"color": "r"}, Tree, ("/a~1b", "List[Leaf]", "missing required field")),
        # A wrong JSON type the decoder would pass silently is found when nothing worse is.
        ({"a/b": [], "color": "r", "tags": {"x": "1"}}, Tree, ("/tags/x", "int", "got a string")),
        ([1, "a"], Tuple[int, str], None),
        ([1], Tuple[int, str], ("", "Tuple[int, str]", "got 1 items, not 2")),
        ("x", Union[int, List[int]],
         ("", "Union[int, List[int]]", "got a string matching no variant")),
        ([1, "x"], Union[int, List[int]], ("/1", "int", "got a string")),
        (None, Optional[Leaf], None),
        (5, Any, None),
        ("other", Only, ("", "Only", "got 'other'")),  # a const is not open
        ("only", Only, None),
    ],
)  # fmt: skip
def test_the_first_value_a_decoder_rejects_is_located(data: Any, hint: Any, expected: Any) -> None:
    assert find_mismatch(data, hint) == expected


class Failure(APIErrorMixin):
    pass


def test_the_error_carries_status_raw_body_pointer_and_expected() -> None:
    response = httpx.Response(
        200, text='{"a/b": [{}], "color": "red"}', headers={"x-request-id": "req_1"}
    )
    namespace = {"Tree": Tree, "List": List}
    error = response_validation_error(Failure, response, KeyError("name"), "Tree", namespace)
    assert (error.status_code, error.pointer, error.expected) == (200, "/a~1b/0/name", "str")
    assert error.body == '{"a/b": [{}], "color": "red"}' and error.request_id == "req_1"
    assert str(error) == (
        "200: response body does not match the spec: /a~1b/0/name: expected str; missing "
        "required field (request-id: req_1)"
    )
    listed = response_validation_error(Failure, response, KeyError(), "List[Tree]", namespace)
    assert (listed.pointer, listed.expected) == ("", "List[Tree]")


def test_an_unknown_name_in_the_expected_type_still_gives_an_error() -> None:
    response = httpx.Response(200, json={"x": 1})
    error = response_validation_error(Failure, response, KeyError("y"), "Nowhere", {})
    assert error.pointer == "" and error.expected == "Nowhere" and "KeyError" in str(error)
