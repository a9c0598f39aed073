"""The checks a method makes on an argument before sending: its schema's bounds, lengths,
pattern and enum, as keyword arguments of the runtime's ``check()``."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, Optional, Union

import attrs

from ..errors import join_pointer
from .literals import literal

__all__ = ["GUARD_BUILTINS", "NO_CONSTRAINTS", "Constraints", "constraints_of"]

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

Number = Union[int, float]
# The builtins a guard spells: a method with an argument of one of these names checks plainly.
GUARD_BUILTINS = frozenset({"type", "len", "str", "int", "float", "list"})


@attrs.frozen
class Constraints:
    """What ``check()`` verifies on one argument before anything is sent (false: nothing)."""

    minimum: Optional[Number] = None
    maximum: Optional[Number] = None
    exclusive_minimum: Optional[Number] = None
    exclusive_maximum: Optional[Number] = None
    min_length: Optional[Number] = None
    max_length: Optional[Number] = None
    min_items: Optional[Number] = None
    max_items: Optional[Number] = None
    pattern: Optional[str] = None
    enum: Optional[tuple[Union[str, Number], ...]] = None

    def __bool__(self) -> bool:
        return self != NO_CONSTRAINTS

    @property
    def arguments(self) -> str:
        """``check()``'s keyword arguments, as Python literals (inert data)."""
        return ", ".join(
            f"{field.name}={literal(value)}"
            for field in attrs.fields(Constraints)
            if (value := getattr(self, field.name)) is not None
        )

    def guard(self, name: str, shape: str) -> str:
        """An expression true only of values that pass every check, so that a call whose
        argument plainly fits skips ``check()`` (a function call with a dozen arguments, on the
        per-call path); "" when no such test is short. Any value it is false for still goes
        through ``check()``, which decides: the guard may let a valid value through to it,
        never an invalid one past it. ``shape`` is what the argument is declared as (``int``,
        ``float``, ``str``, ``list``, ``enum``; "" for anything else): a guard is made only
        where its type test can hold for the declared type (a type checker flags the rest)."""
        numbers = (self.minimum, self.maximum, self.exclusive_minimum, self.exclusive_maximum)
        lengths = (self.min_length, self.max_length)
        items = (self.min_items, self.max_items)
        groups = [any(v is not None for v in g) for g in (numbers, lengths, items)]
        if self.pattern is not None or sum(groups) + (self.enum is not None) != 1:
            return ""  # a pattern, or rules of different kinds: check() alone
        kinds = {type(v).__name__ for v in self.enum or ()}
        if self.enum is not None and (shape == "enum" or kinds <= _ENUM_KINDS.get(shape, set())):
            kind = f"is {next(iter(kinds))}" if len(kinds) == 1 else "in (str, int, float)"
            return f"type({name}) {kind} and {name} in {literal(self.enum)}"
        if self.enum is not None or (groups[0] and shape not in ("int", "float")):
            return ""
        if groups[0]:
            if (self.minimum is not None and self.exclusive_minimum is not None) or (
                self.maximum is not None and self.exclusive_maximum is not None
            ):
                return ""  # two bounds on one side: check() weighs them
            low = _bound(self.minimum, "<=") or _bound(self.exclusive_minimum, "<")
            high = _bound(self.maximum, "<=") or _bound(self.exclusive_maximum, "<")
            chain = f"{low[0]} {low[1]} {name}" if low else name
            chain += f" {high[1]} {high[0]}" if high else ""
            return f"type({name}) in (int, float) and {chain}"
        low_n, high_n, kind = (
            (self.min_length, self.max_length, "str") if groups[1] else
            (self.min_items, self.max_items, "list")
        )  # fmt: skip
        if shape != kind:
            return ""
        chain = (f"{low_n} <= " if low_n else "") + f"len({name})"
        chain += f" <= {high_n}" if high_n is not None else ""
        if chain == f"len({name})":
            return f"type({name}) is {kind}"  # min 0: any length
        return f"type({name}) is {kind} and {chain}"

    def with_min_length(self, length: int) -> Constraints:
        """These constraints, with ``min_length`` set unless it already is."""
        return self if self.min_length is not None else attrs.evolve(self, min_length=length)


NO_CONSTRAINTS = Constraints()
# The enum values whose type test can hold for an argument declared as each plain type.
_ENUM_KINDS = {"str": {"str"}, "int": {"int"}, "float": {"int", "float"}}


def _bound(value: Optional[Number], operator: str) -> Optional[tuple[str, str]]:
    return None if value is None else (literal(value), operator)


def constraints_of(
    schema: Any,
    resolve: Callable[[Any], Any],
    warn: Optional[Callable[[str, str], None]] = None,
    pointer: str = "",
) -> Constraints:
    """The checkable constraints of an argument's schema. A bound that is not a number is
    ignored, and a ``pattern`` Python's ``re`` cannot compile (ECMA-262 only, such as
    ``\\p{L}``) is left unchecked with a warning: the server still checks it, a client must
    not crash on it."""
    schema = resolve(schema)
    if not isinstance(schema, dict) or _CONSTRAINT_KEYS.isdisjoint(schema):
        return NO_CONSTRAINTS
    values = {arg: schema.get(key) for key, arg in _CONSTRAINTS}
    # OpenAPI 3.0: exclusiveMinimum/exclusiveMaximum are booleans turning the bound exclusive.
    for bound, exclusive in (("minimum", "exclusive_minimum"), ("maximum", "exclusive_maximum")):
        if isinstance(values[exclusive], bool):
            if values[exclusive]:
                values[bound], values[exclusive] = None, values[bound]
            else:
                values[exclusive] = None
    pattern = values.pop("pattern")
    found: dict[str, Any] = {
        arg: value
        for arg, value in values.items()
        # A bound that is not a finite number bounds nothing (YAML's .inf would also be
        # spelled as an undefined name in the generated code).
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    }
    if isinstance(pattern, str):
        try:
            re.compile(pattern)
            found["pattern"] = pattern
        except (re.error, RecursionError, OverflowError):
            if warn is not None:
                warn(join_pointer(pointer, "pattern"), "pattern is not a Python regex; unchecked")
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, (str, int, float)) for v in enum):
        found["enum"] = tuple(dict.fromkeys(enum))
    return Constraints(**found)
