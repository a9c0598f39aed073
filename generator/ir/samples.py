"""Values for schemas that come without an example: the README's example arguments
(``generator.examples``) and the mock's answers for success responses with a schema but no
example (``ir.mock``), so a spec without examples still gives calls that work."""

from __future__ import annotations

import math
import re
from typing import Any, Callable, Optional

from .pattern_sample import pattern_sample

__all__ = ["MISSING", "Resolve", "fits", "object_schema", "sample"]

Resolve = Callable[[Any], Any]
MISSING: Any = object()
_STRINGS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "email": "user@example.com",
    "uri": "https://example.com",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "byte": "ZXhhbXBsZQ==",
    "binary": "example",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "idn-email": "user@example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri-reference": "https://example.com",
    "iri": "https://example.com",
    "iri-reference": "https://example.com",
    "url": "https://example.com",
    "time": "00:00:00Z",
    "duration": "P1D",
    "int32": "1",
    "int64": "1",
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
    properties; strings of its ``format``, or matching its ``pattern``: ``ir/pattern_sample``);
    ``MISSING`` when nothing can be said (no type, or nested deeper than four levels).
    ``allOf`` parts are merged into one schema first (a ``$ref`` wrapped in ``allOf`` to add a
    description is the ``$ref``'s type), and the first ``oneOf``/``anyOf`` branch giving a value
    is taken."""
    schema = resolve(schema)
    if not isinstance(schema, dict) or depth > 4:
        return MISSING
    if isinstance(schema.get("allOf"), list) and schema["allOf"]:
        schema = _merged(resolve, schema, depth)
    for key in ("const", "example", "default"):
        if key in schema:
            return schema[key]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key] and "type" not in schema:
            for branch in schema[key]:
                value = sample(resolve, branch, depth + 1)
                if value is not MISSING:
                    return value
            return MISSING
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "string":
        return _string(schema)
    if kind in ("integer", "number"):
        return _number(schema, kind)
    if kind == "boolean":
        return True
    if kind == "array":
        item = sample(resolve, schema.get("items"), depth + 1)
        count = max(int(schema.get("minItems") or 1), 1)
        if isinstance(schema.get("maxItems"), int):
            count = min(count, schema["maxItems"])
        return [] if item is MISSING else [item] * count
    if kind == "object" or "properties" in schema:
        return _object_example(resolve, schema, depth)
    return MISSING


def fits(resolve: Resolve, schema: Any, value: Any) -> bool:
    """Whether a spec's own example for ``schema`` keeps its plain constraints (``enum``, a
    string's ``pattern`` and lengths, a number's bounds): examples that break them (an Azure
    example already percent-encoded, ``requests%2Fcount`` for the enum's ``requests/count``)
    are replaced by a sample. What is not checked here counts as fitting."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return True
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and value not in enum:
        return False
    if isinstance(value, str):
        pattern = schema.get("pattern")
        try:
            if isinstance(pattern, str) and re.search(pattern, value) is None:
                return False
        except (re.error, RecursionError, OverflowError):
            pass
        low, high = schema.get("minLength"), schema.get("maxLength")
        if isinstance(low, int) and len(value) < low:
            return False
        if isinstance(high, int) and len(value) > high:
            return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = schema.get("minimum"), schema.get("maximum")
        if isinstance(low, (int, float)) and value < low:
            return False
        if isinstance(high, (int, float)) and value > high:
            return False
    return True


def _merged(resolve: Resolve, schema: dict[str, Any], depth: int) -> dict[str, Any]:
    """``schema`` with its ``allOf`` parts folded in: properties merged, ``required`` joined,
    every other keyword the schema's own else the first part's that says it."""
    merged: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    required: list[str] = []
    own = {k: v for k, v in schema.items() if k != "allOf"}
    for part, is_own in [*((resolve(p), False) for p in schema["allOf"]), (own, True)]:
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("allOf"), list) and part["allOf"] and depth < 8:
            part = _merged(resolve, part, depth + 1)
        properties.update(part.get("properties") or {})
        required += [r for r in part.get("required") or [] if isinstance(r, str)]
        for key, value in part.items():
            if key not in ("properties", "required") and (is_own or key not in merged):
                merged[key] = value
    merged.pop("allOf", None)
    if properties:
        merged["properties"] = properties
    if required:
        merged["required"] = list(dict.fromkeys(required))
    return merged


def _string(schema: dict[str, Any]) -> str:
    text = _STRINGS.get(str(schema.get("format")), "example")
    low, high = int(schema.get("minLength") or 0), schema.get("maxLength")
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            fits = re.search(pattern, text) is not None
        except (re.error, RecursionError, OverflowError):
            fits = True  # a pattern Python cannot read: nothing better to offer
        matching = (
            None if fits else pattern_sample(pattern, low, high if isinstance(high, int) else None)
        )
        if matching is not None:
            return matching
    text = text.ljust(low, "x")
    return text[: int(high)] if isinstance(high, int) and high else text


def _object_example(resolve: Resolve, schema: dict[str, Any], depth: int) -> Any:
    required = set(schema.get("required") or [])
    result = {}
    properties = schema.get("properties") or {}
    for name, prop in properties.items():
        if name in required:
            value = sample(resolve, prop, depth + 1)
            if value is not MISSING:
                result[name] = value
    # minProperties (AWS's tag maps: at least one): optional properties first, then extra keys.
    wanted = schema.get("minProperties")
    wanted = wanted if isinstance(wanted, int) and not isinstance(wanted, bool) else 0
    for name, prop in properties.items():
        if len(result) >= wanted:
            break
        value = sample(resolve, prop, depth + 1) if name not in result else MISSING
        if value is not MISSING:
            result[name] = value
    extra = schema.get("additionalProperties")
    index = 0
    while len(result) < wanted and extra is not False and index < wanted:
        index += 1
        value = sample(resolve, extra, depth + 1) if isinstance(extra, dict) else "example"
        if value is MISSING:
            break
        result.setdefault(f"key{index}", value)
    return result


def _number(schema: dict[str, Any], kind: str) -> Optional[float]:
    low, high = schema.get("minimum"), schema.get("maximum")
    step = 1 if kind == "integer" else 0.5
    if isinstance(schema.get("exclusiveMinimum"), bool):  # OpenAPI 3.0: a flag on minimum
        if schema["exclusiveMinimum"] and isinstance(low, (int, float)):
            low = low + step
    elif isinstance(schema.get("exclusiveMinimum"), (int, float)):
        low = schema["exclusiveMinimum"] + step
    if isinstance(schema.get("exclusiveMaximum"), bool):
        if schema["exclusiveMaximum"] and isinstance(high, (int, float)):
            high = high - step
    elif isinstance(schema.get("exclusiveMaximum"), (int, float)):
        high = schema["exclusiveMaximum"] - step
    value = low if isinstance(low, (int, float)) and not isinstance(low, bool) else 1
    if isinstance(high, (int, float)) and not isinstance(high, bool) and value > high:
        value = high
    multiple = schema.get("multipleOf")
    if isinstance(multiple, (int, float)) and not isinstance(multiple, bool) and multiple > 0:
        value = math.ceil(value / multiple) * multiple
    return int(value) if kind == "integer" else float(value)
