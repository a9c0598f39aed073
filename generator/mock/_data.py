"""Data built from a schema, for answers the spec gives no example of (sans-I/O, deterministic).

``sample(schema, schemas)`` returns a value shaped exactly as the schema says: every property of
an object (``writeOnly`` ones left out), one item per array (``minItems`` more), the first
``enum`` value, ``const``, ``default`` or the schema's own scalar ``example`` when it has one,
numbers inside their bounds, strings in their ``format`` (``date-time``, ``date``, ``uuid``,
``email``, ``uri``, ``ipv4``...) or matching their ``pattern`` (simple regular expressions:
literals, classes, groups, alternation, bounded repeats; otherwise a plain string), within
``minLength``/``maxLength``. ``allOf`` parts are merged; ``oneOf``/``anyOf`` take the first
variant, with its discriminator property set to the value naming it. The same schema always gives
the same value, so two runs of the mock answer alike; strings derive from the property name, so
answers read as data rather than noise. Recursion is cut at a fixed depth (optional properties
first, then arrays left empty).
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Mapping
from typing import Any, Optional

__all__ = ["sample", "string_for"]

_DEPTH = 8
_FORMATS = {
    "date-time": "2025-01-15T10:30:00Z",
    "date": "2025-01-15",
    "time": "10:30:00Z",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "iri": "https://example.com/resource",
    "uri-reference": "/resource",
    "duration": "PT1H",
    "byte": base64.b64encode(b"example").decode(),
    "binary": "example",
    "password": "example-password",
}


def _deref(schema: Any, schemas: Mapping[str, Any]) -> Any:
    for _ in range(32):
        if isinstance(schema, dict) and "$ref" in schema:
            schema = schemas.get(schema["$ref"], {})
        else:
            break
    return schema


def sample(schema: Any, schemas: Mapping[str, Any], name: str = "", depth: int = 0) -> Any:
    """A value of ``schema`` (``$ref`` by component name into ``schemas``); ``name``: the
    property it is for, which shapes strings."""
    schema = _deref(schema, schemas)
    if not isinstance(schema, dict):
        return None
    for key in ("const", "example", "default"):
        if key in schema and _plain(schema[key]):
            return schema[key]
    if schema.get("enum"):
        return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
    if isinstance(schema.get("allOf"), list) and schema["allOf"]:
        return _all_of(schema, schemas, name, depth)
    for key in ("oneOf", "anyOf"):
        variants = schema.get(key)
        if isinstance(variants, list) and variants:
            return _variant(schema, variants, schemas, name, depth)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else ""
    if kind == "object":
        return _object(schema, schemas, depth)
    if kind == "array":
        return _array(schema, schemas, name, depth)
    if kind == "integer":
        return int(_number(schema, integer=True))
    if kind == "number":
        return _number(schema, integer=False)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    if kind == "string" or not kind:
        return string_for(schema, name)
    return None


def _plain(value: Any) -> bool:
    """A scalar example is used as is; a structured one was reduced away with its schema."""
    return not isinstance(value, (dict, list))


def _object(schema: dict[str, Any], schemas: Mapping[str, Any], depth: int) -> dict[str, Any]:
    props: dict[str, Any] = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    out: dict[str, Any] = {}
    for prop, sub in props.items():
        resolved = _deref(sub, schemas)
        if isinstance(resolved, dict) and resolved.get("writeOnly"):
            continue
        if depth >= _DEPTH and prop not in required:
            continue
        out[prop] = sample(sub, schemas, prop, depth + 1)
    extra = schema.get("additionalProperties")
    wanted = int(schema.get("minProperties") or 0)
    index = 0
    while len(out) < wanted:
        index += 1
        value = sample(extra, schemas, "value", depth + 1) if isinstance(extra, dict) else "value"
        out.setdefault(f"key{index}", value)
    return out


def _array(schema: dict[str, Any], schemas: Mapping[str, Any], name: str, depth: int) -> list[Any]:
    count = max(1, int(schema.get("minItems") or 0))
    if depth >= _DEPTH:
        count = int(schema.get("minItems") or 0)
    if schema.get("maxItems") is not None:
        count = min(count, int(schema["maxItems"]))
    item = schema.get("items")
    values = []
    for index in range(count):
        value = sample(item, schemas, name.rstrip("s") or "item", depth + 1)
        if isinstance(value, str) and index and schema.get("uniqueItems"):
            value = f"{value}{index}"
        values.append(value)
    return values


def _all_of(schema: dict[str, Any], schemas: Mapping[str, Any], name: str, depth: int) -> Any:
    merged: dict[str, Any] = {}
    rest = {k: v for k, v in schema.items() if k != "allOf"}
    for part in [*schema["allOf"], rest]:
        value = sample(part, schemas, name, depth)
        if isinstance(value, dict):
            merged.update(value)
        elif value is not None and not merged:
            return value
    return merged


def _variant(
    schema: dict[str, Any], variants: list[Any], schemas: Mapping[str, Any], name: str, depth: int
) -> Any:
    chosen = next((v for v in variants if _deref(v, schemas).get("type") != "null"), variants[0])
    value = sample(chosen, schemas, name, depth)
    discriminator = schema.get("discriminator")
    if isinstance(discriminator, dict) and isinstance(value, dict):
        field = str(discriminator.get("propertyName") or "")
        target = chosen.get("$ref") if isinstance(chosen, dict) else None
        mapping = discriminator.get("mapping") or {}
        named = [k for k, v in mapping.items() if v == target]
        if field and named:
            value[field] = named[0]
        elif field and target and field not in value:
            value[field] = target
    return value


def _number(schema: dict[str, Any], *, integer: bool) -> float:
    low, high = schema.get("minimum"), schema.get("maximum")
    step = 1 if integer else 0.5
    ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if ex_low is True:  # OpenAPI 3.0: a flag on minimum
        ex_low = low
    if ex_high is True:
        ex_high = high
    value: float = 1 if integer else 1.5
    if isinstance(low, (int, float)) and not isinstance(low, bool):
        value = max(value, low)
    if isinstance(ex_low, (int, float)) and not isinstance(ex_low, bool) and value <= ex_low:
        value = ex_low + step
    if isinstance(high, (int, float)) and not isinstance(high, bool):
        value = min(value, high)
    if isinstance(ex_high, (int, float)) and not isinstance(ex_high, bool) and value >= ex_high:
        value = ex_high - step
    multiple = schema.get("multipleOf")
    if isinstance(multiple, (int, float)) and multiple > 0:
        value = (value // multiple + (value % multiple > 0)) * multiple
    return int(value) if integer else float(value)


def string_for(schema: Mapping[str, Any], name: str = "") -> str:
    """A string ``schema`` accepts: its format's, else one matching its pattern, else one
    derived from ``name``; always within its length bounds."""
    fmt = schema.get("format")
    if fmt == "uuid":
        text = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sdkgen-mock:{name}"))
    elif isinstance(fmt, str) and fmt in _FORMATS:
        text = _FORMATS[fmt]
    else:
        text = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "string"
        if name == "id" or name.endswith(("Id", "_id")):
            text = f"{text}_1"
    found = _from_pattern(schema.get("pattern")) if "pattern" in schema else None
    if found is not None:
        return found
    low, high = int(schema.get("minLength") or 0), schema.get("maxLength")
    if len(text) < low:
        text += "x" * (low - len(text))
    if isinstance(high, int) and len(text) > high:
        text = text[:high]
    return text


def _from_pattern(pattern: Any) -> Optional[str]:
    """A short string matching ``pattern`` (searched, as JSON Schema does), or None."""
    if not isinstance(pattern, str):
        return None
    try:
        from re import _parser  # type: ignore[attr-defined]  # the stdlib's own regex parser

        parsed = _parser.parse(pattern)
        text = _emit(list(parsed), _parser)
        return text if re.search(pattern, text) else None
    except Exception:  # an unusual pattern: the caller falls back to a plain string
        return None


def _emit(items: list[Any], parser: Any) -> str:
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_member(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            out.append(_emit(list(sub), parser) * (max(low, 1) if high else 0))
        elif name == "SUBPATTERN":
            out.append(_emit(list(arg[-1]), parser))
        elif name == "BRANCH":
            out.append(_emit(list(arg[1][0]), parser))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        elif name == "NOT_LITERAL":
            out.append("a" if arg != ord("a") else "b")
        else:
            raise ValueError(name)
    return "".join(out)


def _member(items: list[Any]) -> str:
    op, arg = items[0]
    name = str(op)
    if name == "NEGATE":
        excluded = {chr(a) for o, a in items[1:] if str(o) == "LITERAL"}
        return next(c for c in "aA0_-" if c not in excluded)
    if name == "LITERAL":
        return chr(arg)
    if name == "RANGE":
        return chr(arg[0])
    if name == "CATEGORY":
        return {"CATEGORY_DIGIT": "0", "CATEGORY_SPACE": " "}.get(str(arg), "a")
    raise ValueError(name)
