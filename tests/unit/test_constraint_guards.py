"""The inline guards before ``check()`` (``Constraints.guard``): a shortcut, never a loophole.

A generated method tests ``if not (GUARD): check(...)``, so a guard may only be true of values
``check()`` accepts. Here every guard the IR can produce is evaluated on values of every kind
(subclasses, enum members, NaN, bools, wrong types) and compared with the runtime's own
``check()``; and the plain valid values a caller passes must take the shortcut.
"""

from __future__ import annotations

import enum
import math

import pytest

from generator.ir.constraints import Constraints
from generator.runtime._validate import check


class Invalid(ValueError):
    pass


class Colour(enum.Enum):
    RED = "red"


class Text(str):
    pass


class Count(int):
    pass


CASES = [  # (constraints, what the argument is declared as)
    (Constraints(minimum=1, maximum=1920), "int"),
    (Constraints(minimum=1), "int"),
    (Constraints(maximum=0.5), "float"),
    (Constraints(exclusive_minimum=0, maximum=5.5), "float"),
    (Constraints(exclusive_minimum=-1, exclusive_maximum=1), "float"),
    (Constraints(min_length=10, max_length=12), "str"),
    (Constraints(min_length=1), "str"),
    (Constraints(min_length=0), "str"),
    (Constraints(max_length=3), "str"),
    (Constraints(min_items=1, max_items=2), "list"),
    (Constraints(max_items=5), "list"),
    (Constraints(enum=("red", "blue")), "enum"),
    (Constraints(enum=("red", "blue")), "str"),
    (Constraints(enum=(1, 2)), "int"),
    (Constraints(enum=(1, "one", 2.5)), "enum"),
]

VALUES = [
    None, True, False, 0, 1, 2, 3, 1920, 1921, -1, 0.5, 0.0, 5.5, 6.0, math.nan, math.inf,
    -math.inf, 10**30, Count(2), "", "x", "red", "blue", "one", "a" * 10, "a" * 12, "a" * 13,
    Text("red"), Text("a" * 11), b"red", [], ["a"], ["a", "b"], ["a"] * 6, ("a",), {"a": 1},
    Colour.RED, 2.5, object(),
]  # fmt: skip


def passes(constraints: Constraints, value: object) -> bool:
    try:
        check(Invalid, "x", value, **attrs_of(constraints))
    except Invalid:
        return False
    return True


def attrs_of(constraints: Constraints) -> dict[str, object]:
    import attrs

    return {k: v for k, v in attrs.asdict(constraints).items() if v is not None}


@pytest.mark.parametrize(("constraints", "shape"), CASES, ids=lambda c: getattr(c, "arguments", c))
def test_a_guard_holds_only_for_values_check_accepts(constraints: Constraints, shape: str) -> None:
    guard = constraints.guard("x", shape)
    assert guard  # every case here is one a guard is made for
    for value in VALUES:
        if eval(guard, {}, {"x": value}):
            assert passes(constraints, value), (guard, value)


@pytest.mark.parametrize(
    ("constraints", "plain"),
    [
        (Constraints(minimum=1, maximum=1920), 30),
        (Constraints(exclusive_minimum=0, maximum=5.5), 2.5),
        (Constraints(min_length=10, max_length=12), "Refactor it"),
        (Constraints(max_items=5), ["a"]),
        (Constraints(enum=("red", "blue")), "red"),
        (Constraints(enum=(1, 2)), 2),
    ],
)
def test_a_plain_valid_value_takes_the_shortcut(constraints: Constraints, plain: object) -> None:
    shape = "list" if isinstance(plain, list) else type(plain).__name__
    assert eval(constraints.guard("x", shape), {}, {"x": plain})


@pytest.mark.parametrize(
    "constraints",
    [
        Constraints(pattern="^a"),
        Constraints(min_length=1, pattern="^a"),
        Constraints(minimum=1, exclusive_minimum=0),  # two lower bounds: check() weighs them
        Constraints(minimum=1, min_length=2),  # rules of two kinds
        Constraints(max_items=3, enum=("a",)),
    ],
)
def test_no_guard_where_a_short_test_would_not_be_exact(constraints: Constraints) -> None:
    assert constraints.guard("x", "str") == constraints.guard("x", "int") == ""


@pytest.mark.parametrize(
    ("constraints", "shape"),
    [
        (Constraints(max_items=2), "tuple"),  # a fixed tuple: `type(x) is list` never holds
        (Constraints(max_items=2), ""),
        (Constraints(min_length=1), "int"),  # lengths on a number: check() says what it says
        (Constraints(minimum=1), "str"),
        (Constraints(enum=("a",)), "list"),
        (Constraints(enum=(1, 2)), "str"),  # a string declared with integer values
        (Constraints(enum=("a", 1)), "int"),
        (Constraints(enum=(True,)), "bool"),
    ],
)
def test_no_guard_whose_type_test_cannot_hold_for_the_declared_type(
    constraints: Constraints, shape: str
) -> None:
    assert constraints.guard("x", shape) == ""
