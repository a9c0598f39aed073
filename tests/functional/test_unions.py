"""Unions as real APIs answer them: an unknown discriminator value on a regular response is the
union's ``...Unknown`` value keeping the raw data (streams skip it: tests/functional/
test_features.py); oneOf/anyOf without a discriminator picks the best match; a nullable allOf
ref accepts null; prefixItems are tuples; x-enum-varnames name members; ``type: null``."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.packages import client_class, generate_and_import

SPEC = Path(__file__).parent / "specs" / "unions.yaml"


@pytest.fixture(scope="module")
def unions(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_and_import(SPEC, tmp_path_factory.mktemp("unions"), "unions")


def fetch(unions: ModuleType, body: dict[str, Any], is_async: bool) -> Any:
    transport_reply = httpx.Response(200, json=body)
    if is_async:

        async def go() -> Any:
            http = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: transport_reply))
            async with client_class(unions, True)(http_client=http) as client:
                return await client.default.get_shapes()

        return asyncio.run(go())
    http = httpx.Client(transport=httpx.MockTransport(lambda r: transport_reply))
    with client_class(unions, False)(http_client=http) as client:
        return client.default.get_shapes()


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_an_unknown_discriminator_value_is_kept_as_the_unions_unknown_value(
    unions: ModuleType, is_async: bool
) -> None:
    raw = {"kind": "triangle", "sides": [3, 4, 5]}
    bag = fetch(unions, {"needed": None, "shape": raw}, is_async)
    shape = bag.shape
    assert isinstance(shape, unions.models.ShapeUnknown)
    from unions._runtime._unions import UnknownVariant

    assert isinstance(shape, UnknownVariant)
    assert shape.kind == "triangle" and shape["sides"] == [3, 4, 5] and shape.data == raw
    assert bag.to_dict()["shape"] == raw  # encodes back unchanged
    known = fetch(unions, {"needed": None, "shape": {"kind": "circle", "r": 2}}, is_async)
    assert isinstance(known.shape, unions.models.Circle) and known.shape.r == 2


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"b": 5}, "B"),  # all-optional variants: the one knowing the key, not the first
        ({"a": 1}, "A"),
        ({"a": 1, "b": 2}, "A"),  # a tie goes to the variant listed first
        ({}, "A"),
        ({"a": 1, "zz": 2}, "A"),
    ],
)
def test_oneof_without_discriminator_picks_the_best_match(
    unions: ModuleType, data: dict[str, Any], expected: str
) -> None:
    bag = fetch(unions, {"needed": None, "ab": data}, False)
    assert type(bag.ab).__name__ == expected
    assert bag.ab.to_dict() == data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"y": 1, "z": 2}, "D"),  # C lacks its required x
        ({"y": 1}, "D"),  # ditto, though C knows y too
        ({"x": 1, "y": 2}, "C"),
        ({"x": 1, "y": 2, "z": 3}, "C"),  # C: required present, 2 known keys; D: 2 known keys
    ],
)
def test_required_properties_rule_out_a_variant(
    unions: ModuleType, data: dict[str, Any], expected: str
) -> None:
    bag = fetch(unions, {"needed": None, "cd": data}, False)
    assert type(bag.cd).__name__ == expected


def test_nullable_allof_prefix_items_enum_names_const_and_null(unions: ModuleType) -> None:
    bag = fetch(
        unions,
        {"needed": None, "maybe": None, "pair": [1, "a"], "point": [0.5, 2], "level": 3,
         "nothing": None, "fixed": "v1"},
        False,
    )  # fmt: skip
    assert bag.needed is None and bag.maybe is None
    assert bag.pair == (1, "a") and bag.point == (0.5, 2)
    assert bag.level is unions.models.BagLevel.HIGH
    assert bag.fixed == "v1"
    assert fetch(unions, {"needed": {"a": 1}}, False).needed.a == 1
    hints = inspect.get_annotations(unions.models.Bag)
    assert hints["pair"] == "Optional[Tuple[int, str]]"
    assert hints["open"] == "Optional[List[Union[int, str]]]"  # more items may follow
    assert hints["needed"] == "Optional[A]"
    assert hints["nothing"] == "None"
    assert bag.to_dict()["pair"] == [1, "a"]
