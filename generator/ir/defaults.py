"""A schema's ``default`` as Python source: a model field's default, and a method argument's
(with a docstring note where no immutable literal can show it)."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from typing import Any, Optional

from .definitions import EnumDef
from .literals import literal
from .types import Kind, TypeRef

__all__ = ["argument_default", "default_literal", "schema_default"]

_PY_TYPES = {"str": str, "int": int, "float": float, "bool": bool}
_SCALAR_DEFAULTS = frozenset({Kind.PRIMITIVE, Kind.DATE, Kind.DATETIME})


def schema_default(
    schema: dict[str, Any], type_: TypeRef, definitions: Mapping[str, Any]
) -> Optional[str]:
    """A model field's default: the schema's ``default`` as a Python expression, or None."""
    if "default" not in schema:
        return None
    value = schema["default"]
    return default_literal(value, type_, definitions)


def argument_default(
    schema: Any, type_: TypeRef, definitions: Mapping[str, Any]
) -> tuple[Optional[str], str]:
    """A default as a method argument shows it: (the Python expression, a note for the
    docstring). An array default is a tuple (the argument is then a ``Sequence``: one
    immutable value shared by every call, never a list a call could change). An object
    default, or an array of objects, has no immutable literal: the argument stays
    ``None`` (left out, so the server applies it) and the note documents the value."""
    if not isinstance(schema, dict) or "default" not in schema:
        return None, ""
    value = schema["default"]
    spelled = default_literal(value, type_, definitions, argument=True)
    if spelled is not None or value is None:
        return spelled, ""
    text = json.dumps(value, separators=(", ", ": "), ensure_ascii=False)
    return None, f"Default: ``{text}`` (the server's, applied when left out)."


def default_literal(
    value: Any, type_: TypeRef, definitions: Mapping[str, Any], argument: bool = False
) -> Optional[str]:
    """A default as a Python expression of ``type_`` (None: not expressible as one, such
    as an object default, or an array one outside an argument: a shared mutable default;
    the server applies those itself)."""
    kind = type_.kind
    if kind == Kind.OPTIONAL:
        return (
            "None" if value is None else default_literal(value, type_.inner, definitions, argument)
        )
    if kind == Kind.LIST and argument and isinstance(value, list):
        items = [default_literal(v, type_.inner, definitions) for v in value]
        if any(i is None for i in items):
            return None
        return f"({', '.join(items)}{',' if len(items) == 1 else ''})"  # type: ignore[arg-type]
    if kind == Kind.DATETIME and isinstance(value, str):
        return _datetime_literal(value)
    if kind == Kind.ENUM:
        definition = definitions.get(type_.name)
        if isinstance(definition, EnumDef):
            for member in definition.members:
                if member.value == literal(value):
                    return f"{definition.name}.{member.name}"
        return None
    if kind == Kind.DATE and isinstance(value, str):
        try:
            day = _dt.date.fromisoformat(value)
        except ValueError:
            return None
        return f"_dt.date({day.year}, {day.month}, {day.day})"
    if not isinstance(value, (str, int, float, bool)):
        return None
    if kind == Kind.ANY:
        return literal(value)
    if kind in (Kind.UNION, Kind.CHOICE):
        variants = (
            type_.args
            if kind == Kind.CHOICE
            else getattr(definitions.get(type_.name), "variants", ())
        )
        for variant in variants:
            spelled = default_literal(value, variant, definitions)
            if spelled is not None and variant.kind in _SCALAR_DEFAULTS:
                return spelled
        return None
    if kind == Kind.PRIMITIVE:
        if type_.name == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if _PY_TYPES[type_.name] is type(value):
            return literal(value)
    return None


def _datetime_literal(value: str) -> Optional[str]:
    """``_dt.datetime(...)`` for an RFC 3339 date-time default (None: not one)."""
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        when = _dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    parts = [when.year, when.month, when.day, when.hour, when.minute, when.second]
    if when.microsecond:
        parts.append(when.microsecond)
    offset = when.utcoffset()
    if offset is None:
        return None  # RFC 3339 requires an offset; a naive default is not one
    tz = (
        "_dt.timezone.utc"
        if not offset
        else f"_dt.timezone(_dt.timedelta(seconds={int(offset.total_seconds())}))"
    )
    return f"_dt.datetime({', '.join(map(str, parts))}, tzinfo={tz})"
