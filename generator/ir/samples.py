"""Values for schemas that come without an example: the README's example arguments
(``generator.examples``) and the mock's answers for success responses with a schema but no
example (``ir.mock``), so a spec without examples still gives calls that work."""

from __future__ import annotations

from typing import Any, Callable, Optional

__all__ = ["MISSING", "Resolve", "object_schema", "sample"]

Resolve = Callable[[Any], Any]
MISSING: Any = object()
_STRINGS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "email": "user@example.com",
    "uri": "https://example.com",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
}


def object_schema(resolve: Resolve, schema: Any) -> dict[str, Any]:
    """The schema with ``allOf`` parts' properties merged (enough to find a property)."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return {}
    merged = {"properties": dict(schema.get("properties") or {})}
    for part in schema.get("allOf") or []:
        merged["properties"].update(object_schema(resolve, part).get("properties") or {})
    return merged


def sample(resolve: Resolve, schema: Any, depth: int = 0) -> Any:
    """A value for ``schema``: its ``const``, ``example``, ``default``, first ``examples`` or
    ``enum`` value, else one of its type within its bounds (objects with their required
    properties); ``MISSING`` when nothing can be said (no type, or nested deeper than four
    levels)."""
    schema = resolve(schema)
    if not isinstance(schema, dict) or depth > 4:
        return MISSING
    for key in ("const", "example", "default"):
        if key in schema:
            return schema[key]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("oneOf", "anyOf", "allOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            if key == "allOf":
                return _object_example(resolve, object_schema(resolve, schema), schema, depth)
            return sample(resolve, schema[key][0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "string":
        text = _STRINGS.get(str(schema.get("format")), "example")
        low, high = int(schema.get("minLength") or 0), schema.get("maxLength")
        text = text.ljust(low, "x")
        return text[: int(high)] if isinstance(high, int) and high else text
    if kind in ("integer", "number"):
        return _number(schema, kind)
    if kind == "boolean":
        return True
    if kind == "array":
        item = sample(resolve, schema.get("items"), depth + 1)
        count = max(int(schema.get("minItems") or 1), 1)
        return [] if item is MISSING else [item] * count
    if kind == "object" or "properties" in schema:
        return _object_example(resolve, schema, schema, depth)
    return MISSING


def _object_example(
    resolve: Resolve, merged: dict[str, Any], schema: dict[str, Any], depth: int
) -> Any:
    required = set(schema.get("required") or [])
    for part in schema.get("allOf") or []:
        part = resolve(part)
        if isinstance(part, dict):
            required |= set(part.get("required") or [])
    result = {}
    for name, prop in (merged.get("properties") or {}).items():
        if name in required:
            value = sample(resolve, prop, depth + 1)
            if value is not MISSING:
                result[name] = value
    return result


def _number(schema: dict[str, Any], kind: str) -> Optional[float]:
    low = schema.get("minimum")
    if isinstance(schema.get("exclusiveMinimum"), (int, float)):
        low = schema["exclusiveMinimum"] + 1
    high = schema.get("maximum")
    value = low if isinstance(low, (int, float)) else 1
    if isinstance(high, (int, float)) and value > high:
        value = high
    return int(value) if kind == "integer" else float(value)
