"""Every change kind of ``generator diff`` in both directions, the breaking and the safe variant.

The pairs are in tests/support/diff_cases.py. A schema row is a schema before and after a
change, compared at every place a schema sits (a body property, a whole body, a query parameter,
a response header): at a request place first -> second and back, at a response place
second -> first and back; each comparison must report exactly one change, with its rule id and
level. An operation row is an edit compared forwards and backwards, each with exactly the
changes listed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.diff_cases import (
    OPERATION_CASES,
    SCHEMA_CASES,
    SURFACE_CASES,
    directions,
    found,
    found_with_surface,
    operation_pair,
    placed,
    places,
)

PLACED = [(case, place) for case in SCHEMA_CASES for place in places(case)]


@pytest.mark.parametrize(("case", "place"), PLACED, ids=[f"{c[0]}-{p}" for c, p in PLACED])
def test_change_kind_both_ways(case: Any, place: str) -> None:
    for before, after, rule, level in directions(case, place):
        assert found(placed(place, before), placed(place, after)) == {(rule, level)}, (
            place,
            before,
            after,
        )


@pytest.mark.parametrize("case", OPERATION_CASES, ids=[c[0] for c in OPERATION_CASES])
def test_operation_change_both_ways(case: Any) -> None:
    """Each edit forwards (the change) and backwards (its reverse): exactly these changes."""
    old, new = operation_pair(case)
    assert found(old, new) == set(case[3])
    assert found(new, old) == set(case[4])


@pytest.mark.parametrize("case", SURFACE_CASES, ids=[c[0] for c in SURFACE_CASES])
def test_surface_change_both_ways(case: Any) -> None:
    old, new = operation_pair(case)
    assert found_with_surface(old, new) == set(case[3])
    assert found_with_surface(new, old) == set(case[4])


def test_query_parameters_are_text_and_their_defaults_are_behaviour() -> None:
    """The PARAMETER_SPECIFIC rows, as parameters."""
    string = {"type": "string"}
    either = {"type": ["string", "integer"]}
    assert found(placed("request-parameter", either), placed("request-parameter", string)) == {
        ("request-parameter-type-compatible", "warning")
    }
    assert found(placed("request-parameter", string), placed("request-parameter", either)) == {
        ("request-parameter-type-generalized", "info")
    }
    a, b = ({**string, "default": value} for value in ("a", "b"))
    assert found(placed("request-parameter", a), placed("request-parameter", b)) == {
        ("request-parameter-default-value-changed", "breaking")
    }
