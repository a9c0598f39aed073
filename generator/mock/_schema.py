"""Request validation for the mock, against the compact schemas of ``PKG/_mock_routes.py``.

Not a JSON Schema implementation: it covers what these specs use to constrain requests (type,
``nullable`` and type lists, ``enum``/``const``, number and string bounds, ``pattern``,
``required``, ``properties``, ``additionalProperties``, ``propertyNames``, ``maxProperties``,
``items`` with ``minItems``/``maxItems``/``uniqueItems``, ``oneOf``/``anyOf``/``allOf``;
``readOnly`` properties are not demanded in requests). ``format`` ``date-time`` and ``date``
are always asserted; ``uuid``, ``uri`` and ``email`` only when asked (the strict mock): by
default they are annotations, as JSON Schema 2020-12 has it, because the documentation's own
examples pass ids such as ``agent-123`` where the spec says ``uuid`` and must keep working.
The first problem found is reported as a ``Problem`` with a JSON pointer and the top-level
field it concerns. The lookups at the end read what an operation's schemas say (body
properties, parameter defaults) for the answers.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping
from typing import Any, Optional

import attrs

from ..runtime._validate import _broken

__all__ = [
    "Problem",
    "coerce",
    "deref",
    "field_names",
    "multipart_names",
    "param_default",
    "properties",
    "validate",
]

_TYPES: Mapping[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


@attrs.frozen
class Problem:
    """``pointer`` (JSON pointer inside the part checked), ``field`` (its first segment, the
    wire name of the parameter or body property) and ``rule`` (what is wrong, no value shown)."""

    pointer: str
    rule: str

    @property
    def field(self) -> str:
        return self.pointer.lstrip("/").split("/", 1)[0]


def validate(
    value: Any, schema: Any, schemas: Mapping[str, Any], pointer: str = "", *,
    formats: bool = False,
) -> Optional[Problem]:  # fmt: skip
    """The first way ``value`` breaks ``schema`` (a request: readOnly properties optional);
    ``formats``: also assert ``format``."""
    return _Checker(schemas, formats).check(value, schema, pointer, 0)


def coerce(text: str, schema: Any, schemas: Mapping[str, Any]) -> Any:
    """A query, path or header string as the type its schema names (unchanged if it can't be)."""
    schema = _deref(schema, schemas)
    kind = schema.get("type") if isinstance(schema, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    try:
        if "integer" in kinds and re.fullmatch(r"[+-]?\d+", text.strip()):
            return int(text)
        if "number" in kinds:
            return float(text)
    except ValueError:
        return text
    if "boolean" in kinds and text in ("true", "false"):
        return text == "true"
    return text


def _deref(schema: Any, schemas: Mapping[str, Any]) -> Any:
    for _ in range(32):  # bounded: a ref to a ref ...
        if isinstance(schema, dict) and "$ref" in schema:
            schema = schemas.get(schema["$ref"], {})
        else:
            break
    return schema


@attrs.frozen
class _Checker:
    schemas: Mapping[str, Any]
    formats: bool

    def check(self, value: Any, schema: Any, pointer: str, depth: int) -> Optional[Problem]:
        return _check(self, value, schema, pointer, depth)


def _check(
    checker: _Checker, value: Any, schema: Any, pointer: str, depth: int
) -> Optional[Problem]:
    schemas = checker.schemas
    schema = _deref(schema, schemas)
    if not isinstance(schema, dict) or depth > 64:
        return None if schema is not False else Problem(pointer, "is not allowed")
    if value is None and schema.get("nullable"):
        return None
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_TYPES.get(k, lambda v: True)(value) for k in kinds):
            return Problem(pointer, f"must be of type {' or '.join(map(str, kinds))}")
    if "const" in schema and value != schema["const"]:
        return Problem(pointer, f"must be {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        return Problem(pointer, "must be one of " + ", ".join(map(str, schema["enum"])))
    rule = _broken(
        value, schema.get("minimum"), schema.get("maximum"), _bound(schema, "Minimum"),
        _bound(schema, "Maximum"), schema.get("minLength"), schema.get("maxLength"),
        schema.get("pattern"), schema.get("minItems"), schema.get("maxItems"), None,
    )  # fmt: skip
    if rule is not None:
        return Problem(pointer, rule)
    fmt = schema.get("format")
    asserted = checker.formats or fmt in _ALWAYS
    if asserted and isinstance(value, str) and not _format_ok(value, fmt):
        return Problem(pointer, f"must be a valid {schema['format']}")
    for key in ("allOf", "anyOf", "oneOf"):
        variants = schema.get(key)
        if isinstance(variants, list) and variants:
            results = [_check(checker, value, v, pointer, depth + 1) for v in variants]
            if key == "allOf" and any(results):
                return next(r for r in results if r)
            if key != "allOf" and all(results):
                return next(r for r in results if r)
    if isinstance(value, dict):
        return _object(checker, value, schema, pointer, depth)
    if isinstance(value, list) and schema.get("uniqueItems"):
        seen = [json.dumps(item, sort_keys=True) for item in value]
        if len(set(seen)) < len(seen):
            return Problem(pointer, "must have unique items")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problem = _check(checker, item, schema["items"], f"{pointer}/{index}", depth + 1)
            if problem:
                return problem
    return None


def _object(
    checker: _Checker, value: dict[str, Any], schema: dict[str, Any], pointer: str, depth: int
) -> Optional[Problem]:
    schemas = checker.schemas
    properties = schema.get("properties") or {}
    for name in schema.get("required") or ():
        prop = _deref(properties.get(name), schemas)
        if name not in value and not (isinstance(prop, dict) and prop.get("readOnly")):
            return Problem(f"{pointer}/{name}", "is required")
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        return Problem(pointer, f"must have at most {schema['maxProperties']} properties")
    extra = schema.get("additionalProperties", True)
    names = schema.get("propertyNames")
    for key, item in value.items():
        where = f"{pointer}/{key}"
        if names is not None:
            problem = _check(checker, key, names, where, depth + 1)
            if problem:
                return Problem(where, "name " + problem.rule)
        if key in properties:
            problem = _check(checker, item, properties[key], where, depth + 1)
        elif extra is False:
            problem = Problem(where, "is not a known property")
        else:
            problem = _check(checker, item, extra, where, depth + 1) if extra is not True else None
        if problem:
            return problem
    return None


def _bound(schema: dict[str, Any], which: str) -> Optional[float]:
    value = schema.get(f"exclusive{which}")
    if value is True:  # OpenAPI 3.0: a flag on minimum/maximum
        return schema.get(which.lower())
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# Asserted even when the mock is lenient: a value that is no date at all is never meant as one
# (``uuid`` is not: documentation passes ids such as ``agent-123`` where the spec says uuid).
_ALWAYS = frozenset({"date-time", "date"})
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+")
_EMAIL = re.compile(r"[\x21-\x3f\x41-\x7e]+@[A-Za-z0-9.-]+")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _format_ok(value: str, fmt: Any) -> bool:
    if fmt == "uuid":
        return bool(_UUID.match(value))
    if fmt in ("uri", "url"):  # RFC 3986: a scheme, then visible ASCII only
        return bool(_URI.fullmatch(value))
    if fmt == "email":
        return bool(_EMAIL.fullmatch(value))
    try:
        if fmt == "date-time":
            if "t" not in value.lower():
                return False
            _dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        elif fmt == "date":
            _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def multipart_names(content: bytes, content_type: str) -> Optional[set[str]]:
    """The field names of a ``multipart/form-data`` body; None when it can't be read."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if match is None:
        return None
    names: set[str] = set()
    for part in content.split(b"--" + match.group(1).encode("latin-1"))[1:]:
        head = part.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        found = re.search(r'(?i)content-disposition:[^\r\n]*\bname="([^"]*)"', head)
        if found:
            names.add(found.group(1))
    return names


# -- what an operation's schemas say ------------------------------------------------------------


def deref(schema: Any, schemas: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$ref`` chain followed; {} when that is not an object schema."""
    found = _deref(schema, schemas)
    return found if isinstance(found, dict) else {}


def properties(
    op: Mapping[str, Any], schemas: Mapping[str, Any], *, request: bool = False
) -> dict[str, Any]:
    """Top-level properties of the request body's schema, or of the (enveloped) resource of the
    first success response, each dereferenced."""
    if request:
        schema = op["body"]["schema"] if op["body"] else {}
    else:
        first: dict[str, Any] = next(iter(op["responses"].values()), {})
        schema = first.get("schema") or {}
    schema = deref(schema, schemas)
    if "data" in (schema.get("properties") or {}) and len(schema["properties"]) <= 2:
        schema = deref(schema["properties"]["data"], schemas)
    props = schema.get("properties") or {}
    return {k: deref(v, schemas) for k, v in props.items()}


def field_names(op: Optional[Mapping[str, Any]], schemas: Mapping[str, Any]) -> list[str]:
    """Wire names of the operation's parameters and top-level body properties."""
    if op is None:
        return []
    schema = op["body"]["schema"] if op["body"] else {}
    schema = schemas.get(schema.get("$ref", ""), schema)
    return [*(p["name"] for p in op["params"]), *(schema.get("properties") or {})]


def param_default(op: Mapping[str, Any], schemas: Mapping[str, Any], name: str) -> Any:
    """The ``default`` of the operation's parameter ``name`` (None when it has none)."""
    for param in op["params"]:
        if param["name"] == name:
            return schemas.get(param["schema"].get("$ref", ""), param["schema"]).get("default")
    return None
