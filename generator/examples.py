"""Example argument values for the generated README, taken from the spec.

For each argument an operation requires: the parameter's or property's ``example`` (or first
``examples`` value), else its schema's ``example``, ``default`` or first ``enum`` value, else a
value of its type within its bounds. Each is a Python literal (``repr`` of JSON data, so inert)
keyed by operation pointer and argument name; an argument whose Python type is not plain data
(``datetime``, ``bytes``, a file) keeps its name, as a placeholder the reader fills in.
"""

from __future__ import annotations

from typing import Any, Optional

from .ir.model import Param
from .ir.package import Package
from .ir.types import Kind
from .load import Spec

__all__ = ["example_arguments"]

# Kinds whose values are plain JSON data, written as a literal.
_PLAIN = frozenset({Kind.PRIMITIVE, Kind.LIST, Kind.MAP, Kind.ANY, Kind.OPTIONAL})
_WHOLE = ("body-model", "body-value")  # the whole body as one argument (a model takes a dict)


def example_arguments(spec: Spec, package: Package) -> dict[str, dict[str, str]]:
    """``{operation pointer: {argument: literal}}`` for every required argument."""
    found: dict[str, dict[str, str]] = {}
    for resource in package.resources:
        for op in resource.operations:
            node = _node(spec, op.pointer)
            values = {}
            for param in op.params:
                if not param.required:
                    continue
                if param.type.kind == Kind.FILE:  # a file: a (name, bytes) pair will do
                    values[param.name] = "('example.txt', b'Hello')"
                    continue
                value = _for_param(spec, node, param)
                plain = param.type.kind in _PLAIN or param.location in _WHOLE
                values[param.name] = repr(value) if value is not _MISSING and plain else param.name
            found[op.pointer] = values
    return found


_MISSING: Any = object()
_STRINGS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "email": "user@example.com",
    "uri": "https://example.com",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
}


def _node(spec: Spec, pointer: str) -> dict[str, Any]:
    node: Any = spec.document
    for token in pointer.lstrip("#/").split("/") if pointer.strip("#/") else []:
        token = token.replace("~1", "/").replace("~0", "~")
        node = spec.resolve(node)
        node = node.get(token) if isinstance(node, dict) else None
    node = spec.resolve(node)
    return node if isinstance(node, dict) else {}


def _for_param(spec: Spec, op: dict[str, Any], param: Param) -> Any:
    if param.location in ("path", "query", "header", "cookie"):
        for raw in op.get("parameters") or []:
            p = spec.resolve(raw)
            if isinstance(p, dict) and p.get("name") == param.wire_name:
                own = _own_example(p)
                return own if own is not _MISSING else _from_schema(spec, p.get("schema"), 0)
        return _MISSING
    body = spec.resolve(op.get("requestBody")) or {}
    content = body.get("content") or {} if isinstance(body, dict) else {}
    media = next((m for t, m in content.items() if "json" in t), None) or next(
        iter(content.values()), None
    )
    if not isinstance(media, dict):
        return _MISSING
    if param.location in _WHOLE:
        own = _own_example(media)
        return own if own is not _MISSING else _from_schema(spec, media.get("schema"), 0)
    schema = _object_schema(spec, media.get("schema"))
    whole = _own_example(media)
    if isinstance(whole, dict) and param.wire_name in whole:
        return whole[param.wire_name]
    prop = (schema.get("properties") or {}).get(param.wire_name)
    return _from_schema(spec, prop, 0)


def _own_example(node: dict[str, Any]) -> Any:
    if "example" in node:
        return node["example"]
    examples = node.get("examples")
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        if isinstance(first, dict) and "value" in first:
            return first["value"]
    return _MISSING


def _object_schema(spec: Spec, schema: Any) -> dict[str, Any]:
    """The schema with ``allOf`` parts' properties merged (enough to find a property)."""
    schema = spec.resolve(schema)
    if not isinstance(schema, dict):
        return {}
    merged = {"properties": dict(schema.get("properties") or {})}
    for part in schema.get("allOf") or []:
        merged["properties"].update(_object_schema(spec, part).get("properties") or {})
    return merged


def _from_schema(spec: Spec, schema: Any, depth: int) -> Any:
    schema = spec.resolve(schema)
    if not isinstance(schema, dict) or depth > 4:
        return _MISSING
    for key in ("example", "default"):
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
                return _object_example(spec, _object_schema(spec, schema), schema, depth)
            return _from_schema(spec, schema[key][0], depth + 1)
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
        item = _from_schema(spec, schema.get("items"), depth + 1)
        count = max(int(schema.get("minItems") or 1), 1)
        return [] if item is _MISSING else [item] * count
    if kind == "object" or "properties" in schema:
        return _object_example(spec, schema, schema, depth)
    return _MISSING


def _object_example(spec: Spec, merged: dict[str, Any], schema: dict[str, Any], depth: int) -> Any:
    required = set(schema.get("required") or [])
    for part in schema.get("allOf") or []:
        part = spec.resolve(part)
        if isinstance(part, dict):
            required |= set(part.get("required") or [])
    result = {}
    for name, prop in (merged.get("properties") or {}).items():
        if name in required:
            value = _from_schema(spec, prop, depth + 1)
            if value is not _MISSING:
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
