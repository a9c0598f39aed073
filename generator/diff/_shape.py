"""What a schema admits, read the same way from OpenAPI 3.0 and 3.1 forms: its types
(``nullable: true`` and ``type: [X, "null"]`` and ``oneOf: [{type: "null"}, X]`` all mean "X or
null"), its closed set of values (``enum``, ``const``, or a ``oneOf``/``anyOf`` of them), its
numeric and size bounds, and its properties merged through ``allOf``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Optional

__all__ = [
    "Bound",
    "canonical",
    "lower_bound",
    "merged_object",
    "split_null",
    "type_set",
    "upper_bound",
    "value_set",
]

Resolve = Callable[[Any], Any]
Bound = tuple[float, bool]  # (value, exclusive)


def canonical(value: Any) -> str:
    """A hashable, order-independent spelling of a JSON value."""
    return json.dumps(value, sort_keys=True, default=str)


def _is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null"
        or schema.get("type") == ["null"]
        or schema.get("const", 0) is None
    )


def split_null(schema: dict[str, Any], resolve: Resolve) -> tuple[dict[str, Any], bool]:
    """(the schema without its null alternative, whether null is allowed)."""
    nullable = schema.get("nullable") is True
    types = schema.get("type")
    if isinstance(types, list) and "null" in types:
        rest = [t for t in types if t != "null"]
        schema = {**schema, "type": rest[0] if len(rest) == 1 else rest}
        nullable = True
    if isinstance(schema.get("enum"), list) and None in schema["enum"]:
        schema = {**schema, "enum": [v for v in schema["enum"] if v is not None]}
        nullable = True
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if not isinstance(branches, list) or not any(_is_null_schema(resolve(b)) for b in branches):
            continue
        rest = [b for b in branches if not _is_null_schema(resolve(b))]
        others = {k: v for k, v in schema.items() if k not in (key, "nullable")}
        if len(rest) == 1:
            inner = resolve(rest[0])
            if isinstance(inner, dict):
                core, _ = split_null(inner, resolve)
                return {**core, **others}, True
        return {**others, key: rest}, True
    return schema, nullable


def type_set(schema: dict[str, Any]) -> frozenset[str]:
    """The declared JSON types, without null (empty: not declared)."""
    types = schema.get("type")
    if isinstance(types, str):
        return frozenset({types} - {"null"})
    if isinstance(types, list):
        return frozenset(str(t) for t in types if t != "null")
    return frozenset()


def admits(types: frozenset[str], kind: str) -> bool:
    return kind in types or (kind == "integer" and "number" in types)


def value_set(schema: dict[str, Any], resolve: Resolve, depth: int = 0) -> Optional[frozenset[str]]:
    """The closed set of values the schema allows (canonical spellings), or None when open."""
    if "const" in schema:
        return frozenset({canonical(schema["const"])})
    if isinstance(schema.get("enum"), list):
        return frozenset(canonical(v) for v in schema["enum"])
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches and depth < 8:
            parts = [resolve(b) for b in branches]
            sets = [
                value_set(p, resolve, depth + 1) if isinstance(p, dict) else None for p in parts
            ]
            if all(s is not None for s in sets):
                return frozenset().union(*(s for s in sets if s is not None))
    return None


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def upper_bound(schema: dict[str, Any]) -> Optional[Bound]:
    """The tightest of ``maximum`` and ``exclusiveMaximum`` (3.1 number or 3.0 flag form)."""
    maximum, exclusive = _number(schema.get("maximum")), schema.get("exclusiveMaximum")
    bounds: list[Bound] = []
    if maximum is not None:
        bounds.append((maximum, exclusive is True))
    exclusive_value = _number(exclusive)
    if exclusive_value is not None:
        bounds.append((exclusive_value, True))
    return min(bounds, key=lambda b: (b[0], not b[1])) if bounds else None


def lower_bound(schema: dict[str, Any]) -> Optional[Bound]:
    minimum, exclusive = _number(schema.get("minimum")), schema.get("exclusiveMinimum")
    bounds: list[Bound] = []
    if minimum is not None:
        bounds.append((minimum, exclusive is True))
    exclusive_value = _number(exclusive)
    if exclusive_value is not None:
        bounds.append((exclusive_value, True))
    return max(bounds, key=lambda b: (b[0], b[1])) if bounds else None


def merged_object(
    schema: dict[str, Any], resolve: Resolve, depth: int = 0
) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of ``schema`` and its ``allOf`` parts, merged."""
    properties = dict(schema.get("properties") or {})
    required = {str(r) for r in schema.get("required") or ()}
    for part in schema.get("allOf") or ():
        part = resolve(part)
        if isinstance(part, dict) and depth < 16:
            more, also = merged_object(part, resolve, depth + 1)
            properties = {**more, **properties}
            required |= also
    return properties, required
