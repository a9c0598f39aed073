"""Breaking changes between two versions of a spec, for users' CI.

Compares what a client relies on: operations (by method and path), their parameters and
request bodies, the success responses and their fields, enums, types and security. A change
that can break an existing client is ``breaking``; additions are reported as ``info``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from .errors import join_pointer
from .ir.extensions import HTTP_METHODS
from .load import Spec

__all__ = ["Change", "diff_specs"]


@attrs.frozen
class Change:
    kind: str  # "breaking" or "info"
    pointer: str  # where in the OLD spec (or the new one for additions)
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "pointer": self.pointer, "message": self.message}

    def __str__(self) -> str:
        return f"{self.kind.upper():8} {self.pointer}: {self.message}"


def diff_specs(old: Spec, new: Spec) -> list[Change]:
    """Every change from ``old`` to ``new`` a client could notice, breaking ones first."""
    changes = list(_operations(old, new)) + list(_security(old.document, new.document))
    return sorted(changes, key=lambda c: (c.kind != "breaking", c.pointer, c.message))


def _operations(old: Spec, new: Spec) -> Iterator[Change]:
    old_ops, new_ops = _index(old), _index(new)
    for key in sorted(old_ops.keys() - new_ops.keys()):
        yield Change("breaking", old_ops[key][1], f"operation {key[0]} {key[1]} removed")
    for key in sorted(new_ops.keys() - old_ops.keys()):
        yield Change("info", new_ops[key][1], f"operation {key[0]} {key[1]} added")
    for key in sorted(old_ops.keys() & new_ops.keys()):
        (old_op, pointer), (new_op, _) = old_ops[key], new_ops[key]
        yield from _parameters(old, new, old_op, new_op, pointer)
        yield from _request_body(old, new, old_op, new_op, pointer)
        yield from _responses(old, new, old_op, new_op, pointer)
        if old_op.get("security") != new_op.get("security") and "security" in new_op:
            yield Change("breaking", pointer, "operation security changed")


def _index(spec: Spec) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    found = {}
    for path, item in (spec.document.get("paths") or {}).items():
        item = spec.resolve(item)
        for method in HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                op = dict(item[method])
                op["parameters"] = list(item.get("parameters") or []) + list(
                    op.get("parameters") or []
                )
                found[(method.upper(), str(path))] = (op, join_pointer("#/paths", path, method))
    return found


def _params(spec: Spec, op: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    result = {}
    for raw in op.get("parameters") or []:
        param = spec.resolve(raw)
        if isinstance(param, dict) and "name" in param:
            result[(str(param.get("in")), str(param["name"]))] = param
    return result


def _parameters(old: Spec, new: Spec, old_op: Any, new_op: Any, pointer: str) -> Iterator[Change]:
    before, after = _params(old, old_op), _params(new, new_op)
    for key in sorted(before.keys() - after.keys()):
        yield Change("breaking", pointer, f"{key[0]} parameter {key[1]!r} removed")
    for key in sorted(after.keys() - before.keys()):
        kind = "breaking" if after[key].get("required") else "info"
        yield Change(kind, pointer, f"{'required' if kind == 'breaking' else 'optional'} "
                                    f"{key[0]} parameter {key[1]!r} added")  # fmt: skip
    for key in sorted(before.keys() & after.keys()):
        where = f"{key[0]} parameter {key[1]!r}"
        if after[key].get("required") and not before[key].get("required"):
            yield Change("breaking", pointer, f"{where} became required")
        yield from _schema(old, new, before[key].get("schema"), after[key].get("schema"),
                           pointer, where, request=True)  # fmt: skip


def _json_schema(spec: Spec, holder: Any) -> Any:
    holder = spec.resolve(holder)
    content = holder.get("content") if isinstance(holder, dict) else None
    if not isinstance(content, dict):
        return None
    media = next((v for k, v in content.items() if "json" in k), None)
    return spec.resolve(media).get("schema") if isinstance(media, dict) else None


def _request_body(old: Spec, new: Spec, old_op: Any, new_op: Any, pointer: str) -> Iterator[Change]:
    before, after = old_op.get("requestBody"), new_op.get("requestBody")
    if after is not None and before is None and spec_required(new, after):
        yield Change("breaking", pointer, "a required request body was added")
    if before is not None and after is not None:
        yield from _schema(old, new, _json_schema(old, before), _json_schema(new, after),
                           pointer, "request body", request=True)  # fmt: skip


def spec_required(spec: Spec, body: Any) -> bool:
    resolved = spec.resolve(body)
    return isinstance(resolved, dict) and resolved.get("required") is True


def _responses(old: Spec, new: Spec, old_op: Any, new_op: Any, pointer: str) -> Iterator[Change]:
    before, after = old_op.get("responses") or {}, new_op.get("responses") or {}
    for status in sorted(set(map(str, before)) - set(map(str, after))):
        yield Change("breaking", pointer, f"response status {status} removed")
    for status in sorted(set(map(str, before)) & set(map(str, after))):
        if status.startswith("2"):
            yield from _schema(old, new, _json_schema(old, before[status]),
                               _json_schema(new, after[status]), pointer,
                               f"response {status}", request=False)  # fmt: skip


def _schema(
    old: Spec, new: Spec, before: Any, after: Any, pointer: str, where: str, *, request: bool,
    depth: int = 0,
) -> Iterator[Change]:  # fmt: skip
    """Changes inside one schema: in a request, narrowing breaks (removed enum values, new
    required fields, changed types); in a response, removing what clients read breaks."""
    before, after = old.resolve(before), new.resolve(after)
    if not isinstance(before, dict) or not isinstance(after, dict) or depth > 8:
        return
    if before.get("type") and after.get("type") and before.get("type") != after.get("type"):
        yield Change("breaking", pointer, f"{where}: type {before['type']!r} -> {after['type']!r}")
    old_enum, new_enum = before.get("enum"), after.get("enum")
    if isinstance(old_enum, list) and isinstance(new_enum, list):
        removed = [v for v in old_enum if v not in new_enum]
        added = [v for v in new_enum if v not in old_enum]
        if removed:  # a request may no longer send them; a response just won't contain them
            kind = "breaking" if request else "info"
            yield Change(kind, pointer, f"{where}: enum values removed {removed!r}")
        if added and not request:
            # A client decoding responses may not know the new values (ours keep them).
            yield Change("info", pointer, f"{where}: enum values added {added!r}")
    old_props, new_props = before.get("properties") or {}, after.get("properties") or {}
    for name in sorted(set(old_props) - set(new_props)):
        if not request:
            yield Change("breaking", pointer, f"{where}: field {name!r} removed")
        else:
            yield Change("breaking", pointer, f"{where}: field {name!r} no longer accepted")
    newly_required = set(after.get("required") or ()) - set(before.get("required") or ())
    if request:
        for name in sorted(newly_required):
            yield Change("breaking", pointer, f"{where}: field {name!r} is now required")
    for name in sorted(set(old_props) & set(new_props)):
        yield from _schema(old, new, old_props[name], new_props[name], pointer,
                           f"{where}.{name}", request=request, depth=depth + 1)  # fmt: skip


def _security(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    old_schemes = (old.get("components") or {}).get("securitySchemes") or {}
    new_schemes = (new.get("components") or {}).get("securitySchemes") or {}
    for name in sorted(set(old_schemes) - set(new_schemes)):
        yield Change(
            "breaking", "#/components/securitySchemes", f"security scheme {name!r} removed"
        )
    for name in sorted(set(old_schemes) & set(new_schemes)):
        if old_schemes[name] != new_schemes[name]:
            yield Change("breaking", join_pointer("#/components/securitySchemes", name),
                         f"security scheme {name!r} changed")  # fmt: skip
    if old.get("security") != new.get("security"):
        yield Change("breaking", "#/security", "document security requirements changed")
