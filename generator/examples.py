"""Example argument values for the generated README, taken from the spec.

For each argument an operation requires: the parameter's or property's ``example`` (or first
``examples`` value), else its schema's ``example``, ``default`` or first ``enum`` value, else a
value of its type within its bounds. Each is a Python literal (``repr`` of JSON data, so inert)
keyed by operation pointer and argument name; an argument whose Python type is not plain data
(``datetime``, ``bytes``, a file) keeps its name, as a placeholder the reader fills in.
"""

from __future__ import annotations

import json
from typing import Any

from .ir.model import Param
from .ir.package import Package
from .ir.samples import MISSING as _MISSING
from .ir.samples import fits, object_schema, sample
from .ir.types import Kind
from .load import Spec

__all__ = ["example_arguments", "smoke_arguments"]

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


def smoke_arguments(spec: Spec, package: Package) -> dict[str, dict[str, str]]:
    """``{operation pointer: {argument: expression}}`` for every required argument, each a
    Python expression the generated smoke tests (``--tests``) can pass as it is: the example
    value, or for types that are not plain data one of their own (``datetime.date(2024, 1, 1)``,
    ``b"example"``), so every call can be made. The expressions need only ``import datetime``."""
    found: dict[str, dict[str, str]] = {}
    for resource in package.resources:
        for op in resource.operations:
            node = _node(spec, op.pointer)
            found[op.pointer] = {
                param.name: _expression(spec, node, param) for param in op.params if param.required
            }
    return found


_FIXED = {
    Kind.DATETIME: "datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)",
    Kind.DATE: "datetime.date(2024, 1, 1)",
    Kind.BASE64: "b'example'",
    Kind.BINARY: "b'example'",
    Kind.FILE: "('example.txt', b'Hello')",
    Kind.CONTENT: "b'example'",  # a raw request body (application/octet-stream, image/*...)
}


def _expression(spec: Spec, node: dict[str, Any], param: Param) -> str:
    if param.type.kind in _FIXED:
        return _FIXED[param.type.kind]
    if param.type.kind == Kind.LIST and param.type.args and param.type.args[0].kind in _FIXED:
        return f"[{_FIXED[param.type.args[0].kind]}]"  # files of a multipart body, say
    value = _for_param(spec, node, param)
    # Enum arguments take their literal values and model arguments a dict with wire names.
    return "None" if value is _MISSING else repr(value)


def _node(spec: Spec, pointer: str) -> dict[str, Any]:
    """The operation at ``pointer``, its parameters including those its path item shares
    (an operation's own of the same name and location win)."""
    node: Any = spec.document
    parent: Any = None
    for token in pointer.lstrip("#/").split("/") if pointer.strip("#/") else []:
        token = token.replace("~1", "/").replace("~0", "~")
        node = spec.resolve(node)
        parent = node
        node = node.get(token) if isinstance(node, dict) else None
    node = spec.resolve(node)
    if not isinstance(node, dict):
        return {}
    shared = parent.get("parameters") if isinstance(parent, dict) else None
    if not isinstance(shared, list) or not shared:
        return node
    own = [spec.resolve(p) for p in node.get("parameters") or []]
    taken = {(p.get("name"), p.get("in")) for p in own if isinstance(p, dict)}
    rest = [
        p
        for p in map(spec.resolve, shared)
        if isinstance(p, dict) and (p.get("name"), p.get("in")) not in taken
    ]
    return {**node, "parameters": own + rest}


def _for_param(spec: Spec, op: dict[str, Any], param: Param) -> Any:
    if param.location in ("path", "query", "header", "cookie"):
        for raw in op.get("parameters") or []:
            p = spec.resolve(raw)
            if isinstance(p, dict) and p.get("name") == param.wire_name:
                own = _own_example(p)
                if own is not _MISSING and fits(spec.resolve, p.get("schema"), own):
                    return own
                return sample(spec.resolve, p.get("schema"), 0)
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
        return own if own is not _MISSING else sample(spec.resolve, media.get("schema"), 0)
    schema = object_schema(spec.resolve, media.get("schema"))
    whole = _own_example(media)
    prop = (schema.get("properties") or {}).get(param.wire_name)
    named = whole.get(param.wire_name, _MISSING) if isinstance(whole, dict) else _MISSING
    if named is not _MISSING and fits(spec.resolve, prop, named):
        return named
    return sample(spec.resolve, prop, 0)


def _own_example(node: dict[str, Any]) -> Any:
    if "example" in node:
        return node["example"]
    examples = node.get("examples")
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        if isinstance(first, dict) and "value" in first:
            return first["value"]
    return _MISSING


def webhook_samples(spec: Spec, package: Package) -> dict[str, tuple[str, dict[str, str]]]:
    """``{unwrap function: (JSON body, headers)}``: a sample request of every webhook whose
    payload schema gives one (``ir.samples``), with the header naming its event when the
    spec says the event travels in a header; the smoke tests (``--tests``) decode them."""
    webhooks = package.webhooks
    if webhooks is None:
        return {}
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for entry in webhooks.entries:
        value = sample(spec.resolve, _at(spec, entry.schema_pointer))
        if value is _MISSING:
            continue
        headers = {}
        if webhooks.dispatch is not None and webhooks.dispatch[0] == "header":
            headers[webhooks.dispatch[1]] = entry.event
        found[entry.function] = (json.dumps(value, sort_keys=True), headers)
    return found


def _at(spec: Spec, pointer: str) -> Any:
    node: Any = spec.document
    for token in pointer.lstrip("#/").split("/") if pointer.strip("#/") else []:
        node = spec.resolve(node)
        token = token.replace("~1", "/").replace("~0", "~")
        node = node.get(token) if isinstance(node, dict) else None
    return spec.resolve(node)
