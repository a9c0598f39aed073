"""Defects that leave a spec's meaning recoverable: each becomes a warning with a fallback.

Real specs routinely carry small mistakes a strict validator rejects: a boolean default written
as a string (``default: 'false'``), a default outside its own enum (``'1'`` for ``enum: [1, 3]``),
an ``email`` default ``''``, duplicate enum values, a path template whose variable is spelled
oddly (``{insight_id:}``). Refusing the whole document for them leaves the user with no client
at all, so by default each is repaired in the loaded document and reported as a located warning
saying what was done; ``strict=True`` (``--strict``, ``strict = true`` in the config) reports
the same findings as errors instead. Defects that leave no meaning (an unknown ``$ref``, a
YAML error, a missing required field) are never softened.

The fallbacks, applied to the bundled document before the IR reads it:

* **a default its schema rejects** is coerced when its text spells a value of the schema's
  type (``'false'`` -> ``false``, ``'5'`` -> ``5``, ``5`` -> ``'5'`` for a string) or of one of
  its enum values (``'1'`` -> ``1``) and the result is accepted; otherwise it is dropped (the
  argument then defaults to "not sent", so the server applies its own default). A default
  violating only a ``format`` or a bound is dropped too: sending a value the API itself calls
  invalid would be worse than sending nothing;
* **duplicate values** in an ``enum`` or ``required`` list: later repeats are dropped;
* **a path parameter without** ``required: true``: taken as required (path parameters are);
* **a schema written as a schema's** ``type`` (``type: {type: string, enum: [...]}``, as in
  codat's specs): read as the schema it holds (its keywords join the outer schema's, which
  win on a clash). A misspelt type name (``strin``) stays an error;
* **a field OpenAPI does not define where it stands** (``title`` on an operation, ``const`` in
  a 3.0 schema, a misspelt key): ignored as the validator sees it (the IR still reads the
  keywords it knows, such as ``const``);
* **a path template and its parameters disagreeing** (``/insights/{insight_id:}`` with a
  parameter named ``insight_id:``): names are matched literally, as written between the
  braces; a template variable without a parameter becomes a required string parameter, and a
  path parameter missing from the template is left out of the method (it could never be sent).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any, Optional

from generator.errors import Location, Problem, join_pointer
from generator.load._pointer import MISSING, resolve_tokens, split_pointer

__all__ = [
    "DROP",
    "Defect",
    "coerce_default",
    "path_template_defects",
    "repair",
    "invalid_type_defect",
    "unexpected_defect",
    "unrequired_path_parameter",
]

Locate = Callable[[str], Location]
DROP: Any = object()  # coerce_default's answer when no value fits
_PATH_TEMPLATE = re.compile(r"\{([^{}]+)\}")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
_UNIQUE_LISTS = ("enum", "required")
_INVALID_DEFAULT = "invalid default"
_PATH_TEMPLATE_KIND = "path template and parameters disagree"
_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
# The one `type` of OpenAPI's own objects (every other `type` is a schema's).
_SECURITY_TYPE = re.compile(r"^#/components/securitySchemes/[^/]+/type$")


class Defect:
    """A recoverable problem: where it is, what is wrong, and the repair (applied by
    ``repair``) with the sentence describing it."""

    __slots__ = ("detail", "fallback", "fix", "kind", "pointer")

    def __init__(
        self,
        pointer: str,
        kind: str,
        detail: str,
        fallback: str,
        fix: Optional[Callable[[], None]] = None,
    ) -> None:
        self.pointer = pointer
        self.kind = kind  # the same for every defect of its sort: the summary counts by it
        self.detail = detail
        self.fallback = fallback
        self.fix = fix


def _parent(document: Any, pointer: str) -> tuple[Any, str]:
    tokens = split_pointer(pointer) or []
    if not tokens:
        return MISSING, ""
    return resolve_tokens(document, tokens[:-1]), tokens[-1]


def _types(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return []


def _spelled_as(value: Any, kind: str) -> Any:
    """``value`` read as JSON type ``kind`` when its text unambiguously says so, else DROP."""
    if kind == "boolean":
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return DROP
    if kind in ("integer", "number"):
        if isinstance(value, bool):
            return DROP
        if isinstance(value, float) and kind == "integer":
            return int(value) if value.is_integer() else DROP
        if isinstance(value, str):
            text = value.strip()
            try:
                return int(text)
            except ValueError:
                pass
            if kind == "number":
                try:
                    number = float(text)
                except ValueError:
                    return DROP
                return number if math.isfinite(number) else DROP
        return DROP
    if kind == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if kind == "null" and value in ("null", "None", ""):
        return None
    return DROP


def _accepts(schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` passes the checks a default is held to that a repair can change:
    type and enum. (A bound or format violation is judged by the validator, not here.)"""
    kinds = _types(schema)
    null_ok = value is None and schema.get("nullable") is True
    if kinds and not null_ok and not any(_is_type(value, k) for k in kinds):
        return False
    enum = schema.get("enum")
    return not isinstance(enum, list) or any(_same(value, v) for v in enum)


def _same(a: Any, b: Any) -> bool:
    return (type(a) is type(b) and a == b) or (
        isinstance(a, (int, float))
        and isinstance(b, (int, float))
        and not isinstance(a, bool)
        and not isinstance(b, bool)
        and a == b
    )


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    return kind != "object" or isinstance(value, dict)


def coerce_default(value: Any, schema: dict[str, Any], validator: str) -> Any:
    """The value a rejected default stands for, or DROP (see the module docstring).

    ``validator`` is the JSON Schema keyword that rejected it (``type``, ``enum``, ``format``,
    ``minimum``...): only type and enum mistakes are a matter of spelling."""
    if validator not in ("type", "enum"):
        return DROP
    enum = schema.get("enum")
    if isinstance(enum, list):
        for member in enum:
            if member is not None and str(member).strip() == str(value).strip():
                return member if _accepts(schema, member) else DROP
    for kind in _types(schema) or ["string"]:
        candidate = _spelled_as(value, kind)
        if candidate is not DROP and _accepts(schema, candidate):
            return candidate
    return DROP


def default_defect(document: Any, pointer: str, message: str, validator: str) -> Optional[Defect]:
    """The defect for a ``default`` at ``pointer`` its schema rejects (None if it is gone)."""
    schema, key = _parent(document, pointer)
    if not isinstance(schema, dict) or key != "default" or "default" not in schema:
        return None
    value = schema["default"]
    fixed = coerce_default(value, schema, validator)
    if fixed is DROP:

        def drop() -> None:
            schema.pop("default", None)

        return Defect(pointer, _INVALID_DEFAULT, message, "default ignored", drop)

    def set_value() -> None:
        schema["default"] = fixed

    return Defect(pointer, _INVALID_DEFAULT, message, f"read as {_json(fixed)}", set_value)


def duplicate_defect(document: Any, pointer: str, message: str) -> Optional[Defect]:
    """The defect for repeated values in an ``enum`` or ``required`` list at ``pointer``."""
    owner, key = _parent(document, pointer)
    if not isinstance(owner, dict) or key not in _UNIQUE_LISTS:
        return None
    values = owner.get(key)
    if not isinstance(values, list):
        return None

    def dedupe() -> None:
        kept: list[Any] = []
        for item in values:
            if not any(_same(item, k) for k in kept):
                kept.append(item)
        owner[key] = kept

    return Defect(pointer, "duplicate values", message, "repeats ignored", dedupe)


def unexpected_defect(pointer: str, detail: str) -> Defect:
    """Fields OpenAPI does not define where they stand (``title`` on an operation, ``const``
    in a 3.0 schema): ignored by the validator's rules, read where the IR knows them."""
    return Defect(pointer, "unexpected field", detail, "ignored")


def _type_name(value: Any) -> bool:
    return value in _TYPES or (
        isinstance(value, list) and bool(value) and all(v in _TYPES for v in value)
    )


def invalid_type_defect(document: Any, pointer: str) -> Optional[Defect]:
    """A schema's ``type`` holding a schema (see the module docstring), else None."""
    schema, key = _parent(document, pointer)
    if key != "type" or not isinstance(schema, dict) or _SECURITY_TYPE.match(pointer):
        return None
    value = schema.get("type")
    if "type" not in schema or _type_name(value):
        return None
    if not isinstance(value, dict) or not _type_name(value.get("type")):
        return None  # a misspelt name (`strin`) says nothing for sure: an error still

    def hoist() -> None:
        del schema["type"]
        for name, keyword in value.items():
            schema.setdefault(name, keyword)

    detail = "'type' holds a schema, not a type name"
    return Defect(pointer, "invalid type", detail, "read as the schema it holds", hoist)


def unrequired_path_parameter(document: Any, pointer: str) -> Optional[Defect]:
    """A path parameter without ``required: true`` (a path parameter is always required)."""
    param = resolve_tokens(document, split_pointer(pointer) or [])
    if not isinstance(param, dict) or param.get("in") != "path" or param.get("required") is True:
        return None

    def mark() -> None:
        param["required"] = True

    detail = f"path parameter '{param.get('name')}' lacks required: true"
    return Defect(pointer, "path parameter not required", detail, "taken as required", mark)


def _json(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return repr(value)


# -- path templates ---------------------------------------------------------------------------


def _follow(document: Any, node: Any) -> Any:
    for _ in range(32):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            return node
        node = resolve_tokens(document, split_pointer(ref, ref=True) or ["\0"])
    return MISSING


def _path_parameters(document: Any, items: Any) -> Iterator[str]:
    for raw in items if isinstance(items, list) else ():
        param = _follow(document, raw)
        if isinstance(param, dict) and param.get("in") == "path":
            yield str(param.get("name"))


def path_template_defects(document: Any, operations: set[str]) -> list[Defect]:
    """Defects of the path templates of ``operations`` (pointers of operations the validator
    found unresolvable path parameters in), matching template variables literally."""
    defects: list[Defect] = []
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return defects
    for pointer in sorted(operations):
        tokens = split_pointer(pointer) or []
        if len(tokens) != 3 or tokens[0] != "paths":
            continue
        path, method = tokens[1], tokens[2]
        item = _follow(document, paths.get(path))
        operation = item.get(method) if isinstance(item, dict) else None
        if not isinstance(operation, dict):
            continue
        template = [m.group(1) for m in _PATH_TEMPLATE.finditer(path)]
        declared = set(_path_parameters(document, item.get("parameters")))
        declared |= set(_path_parameters(document, operation.get("parameters")))
        odd = [name for name in template if not name.isidentifier() and name in declared]
        if odd and all(name in declared for name in template) and declared <= set(template):
            names = ", ".join(f"'{n}'" for n in odd)
            message = f"path template {path!r}: unusual variable name(s) {names}"
            fallback = "matched to the parameters literally"
            defects.append(Defect(pointer, _PATH_TEMPLATE_KIND, message, fallback))
        for name in template:
            if name not in declared:
                defects.append(_missing_parameter(operation, pointer, path, name))
        for name in sorted(declared - set(template)):
            message = f"path parameter '{name}' does not appear in the path template {path!r}"
            fallback = "left out of the method (never sent)"
            defects.append(Defect(pointer, _PATH_TEMPLATE_KIND, message, fallback))
    return defects


def _missing_parameter(operation: dict[str, Any], pointer: str, path: str, name: str) -> Defect:
    message = f"path template {path!r} has variable '{name}' but no path parameter of that name"

    def add() -> None:
        params = operation.setdefault("parameters", [])
        if isinstance(params, list):
            params.append(
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            )

    fallback = "taken as a required string parameter"
    return Defect(pointer, _PATH_TEMPLATE_KIND, message, fallback, add)


def repair(defects: list[Defect], locate: Locate, strict: bool) -> list[Problem]:
    """Located problems for ``defects``; unless ``strict``, each defect's repair is applied
    and its fallback said in its message (``invalid default; ...; read as false``)."""
    problems = []
    for defect in defects:
        where = locate(defect.pointer)
        if strict:
            problems.append(Problem(where, f"{defect.kind}: {defect.detail}"))
            continue
        if defect.fix is not None:
            defect.fix()
        message = f"{defect.kind}; {defect.detail}; {defect.fallback}"
        problems.append(Problem(where, message))
    return problems


def is_path_parameter_of(pointer: str) -> bool:
    """True for an operation's pointer (``#/paths/P/METHOD``), where path checks apply."""
    tokens = split_pointer(pointer) or []
    return len(tokens) == 3 and tokens[0] == "paths" and tokens[2] in _METHODS


def operation_pointer(parts: tuple[Any, ...]) -> str:
    """The pointer of the operation the validator's node path ``parts`` names."""
    return join_pointer("#", *map(str, parts[:3]))
