"""IR units for shapes real-world specs contain: constraints a client cannot check as written."""

from __future__ import annotations

from typing import Any

from generator.ir.schemas import constraints_of


def same(value: Any) -> Any:
    return value


def test_pattern_python_cannot_compile_is_left_unchecked_with_a_warning() -> None:
    warned: list[tuple[str, str]] = []
    schema = {"type": "string", "pattern": r"^[\p{L}\p{N}]+$", "maxLength": 5}
    found = constraints_of(schema, same, lambda p, m: warned.append((p, m)), "#/x/schema")
    assert found == "max_length=5"
    assert warned == [("#/x/schema/pattern", "pattern is not a Python regex; unchecked")]


def test_bounds_that_are_not_numbers_are_ignored_and_enum_values_deduplicated() -> None:
    schema = {"minimum": "5", "maximum": True, "maxItems": 3, "pattern": "^a", "enum": [1, 1, 2]}
    assert constraints_of(schema, same) == "max_items=3, pattern='^a', enum=(1, 2)"
