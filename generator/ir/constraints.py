"""The checks a method makes on an argument before sending: its schema's bounds, lengths,
pattern and enum, as keyword arguments of the runtime's ``check()``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Optional

from ..errors import join_pointer

__all__ = ["constraints_of"]

# Schema keywords an argument is checked against, and the runtime check()'s keyword for each.
_CONSTRAINTS = (
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("exclusiveMinimum", "exclusive_minimum"),
    ("exclusiveMaximum", "exclusive_maximum"),
    ("minLength", "min_length"),
    ("maxLength", "max_length"),
    ("pattern", "pattern"),
    ("minItems", "min_items"),
    ("maxItems", "max_items"),
)
_CONSTRAINT_KEYS = frozenset([key for key, _ in _CONSTRAINTS] + ["enum"])


def constraints_of(
    schema: Any,
    resolve: Callable[[Any], Any],
    warn: Optional[Callable[[str, str], None]] = None,
    pointer: str = "",
) -> str:
    """The checkable constraints of an argument's schema, as ``check()`` keyword arguments
    (each value through ``repr``: inert data). A bound that is not a number is ignored, and a
    ``pattern`` Python's ``re`` cannot compile (ECMA-262 only, such as ``\\p{L}``) is left
    unchecked with a warning: the server still checks it, a client must not crash on it."""
    schema = resolve(schema)
    if not isinstance(schema, dict) or _CONSTRAINT_KEYS.isdisjoint(schema):
        return ""
    values = {arg: schema.get(key) for key, arg in _CONSTRAINTS}
    # OpenAPI 3.0: exclusiveMinimum/exclusiveMaximum are booleans turning the bound exclusive.
    for bound, exclusive in (("minimum", "exclusive_minimum"), ("maximum", "exclusive_maximum")):
        if isinstance(values[exclusive], bool):
            if values[exclusive]:
                values[bound], values[exclusive] = None, values[bound]
            else:
                values[exclusive] = None
    pattern = values.pop("pattern")
    found = [
        f"{arg}={value!r}"
        for arg, value in values.items()
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    ]
    if isinstance(pattern, str):
        try:
            re.compile(pattern)
            found.append(f"pattern={pattern!r}")
        except (re.error, RecursionError, OverflowError):
            if warn is not None:
                warn(join_pointer(pointer, "pattern"), "pattern is not a Python regex; unchecked")
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, (str, int, float)) for v in enum):
        found.append(f"enum={tuple(dict.fromkeys(enum))!r}")
    return ", ".join(found)
