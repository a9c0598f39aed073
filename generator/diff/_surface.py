"""The generated SDK's Python surface, compared from the IR of both versions: what no wire-level
tool sees. Each change names the Python call (or import) that stops working.

Operations are matched by method and path (as in ``_operations``), so an operationId rename or
a tag move reads as a method renamed or moved rather than one removed and one added.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..ir.build import build_package
from ..ir.model import Operation, Param
from ..ir.package import Package
from ..load import Spec
from ._change import BREAKING, INFO, WARNING, Change
from ._operations import operation_key

__all__ = ["surface_changes"]

Located = tuple[str, Operation]  # (namespace attribute, operation)


def surface_changes(old: Spec, new: Spec) -> Iterator[Change]:
    before, after = build_package(old), build_package(new)
    yield from _package(before, after)
    yield from _methods(before, after)
    yield from _models(before, after)
    yield from _errors(before, after)
    yield from _webhooks(before, after)


def _package(old: Package, new: Package) -> Iterator[Change]:
    for field, what, call in (
        ("name", "package", "import {}"),
        ("distribution", "distribution", "pip install {}"),
        ("client_class", "client class", "from PACKAGE import {}"),
        ("error_class", "base exception class", "except {}"),
    ):
        was, now = getattr(old, field), getattr(new, field)
        if was != now:
            call_text = call.format(was).replace("PACKAGE", old.name)
            yield Change(
                BREAKING,
                f"sdk-{what.replace(' ', '-')}-renamed",
                "#/info",
                f"{what} {was!r} renamed to {now!r}",
                call=call_text,
            )


def _index(package: Package) -> dict[tuple[str, str], Located]:
    return {
        operation_key(op.http_method, op.path): (resource.attr, op)
        for resource in package.resources
        for op in resource.operations
    }


def _call(package: Package, attr: str, op: Operation) -> str:
    owner = f"client.{attr}" if attr else "client"
    args = [p.name for p in op.positional_params] + [
        f"{p.name}=..." for p in op.keyword_params if p.required
    ]
    return f"{owner}.{op.name}({', '.join(args)})"


def _methods(old: Package, new: Package) -> Iterator[Change]:
    before, after = _index(old), _index(new)
    for key in sorted(before.keys() & after.keys()):
        (old_attr, old_op), (new_attr, new_op) = before[key], after[key]
        call = _call(old, old_attr, old_op)
        where = f"{key[0]} {old_op.path}"
        if old_attr != new_attr:
            yield Change(
                BREAKING,
                "sdk-namespace-moved",
                old_op.pointer,
                f"method moved from client.{old_attr or '<root>'} to client.{new_attr or '<root>'}",
                where,
                call,
            )
        if old_op.name != new_op.name:
            yield Change(
                BREAKING,
                "sdk-method-renamed",
                old_op.pointer,
                f"method {old_op.name} renamed to {new_op.name}",
                where,
                call,
            )
        yield from _arguments(old_op, new_op, where, call)
        if old_op.return_annotation != new_op.return_annotation:
            level = BREAKING if old_op.returns != new_op.returns else WARNING
            yield Change(
                level,
                "sdk-return-type-changed",
                old_op.pointer,
                f"{old_op.name} returns {new_op.return_annotation} instead of "
                f"{old_op.return_annotation}",
                where,
                call,
            )
        elif old_op.returns != new_op.returns:
            yield Change(
                BREAKING,
                "sdk-returns-changed",
                old_op.pointer,
                f"x-sdk-returns {list(old_op.returns)} -> {list(new_op.returns)}",
                where,
                call,
            )


def _arguments(old: Operation, new: Operation, where: str, call: str) -> Iterator[Change]:
    by_wire = {(p.location, p.wire_name): p for p in new.params}
    by_name = {p.name: p for p in new.params}
    path_params = [p for p in new.params if p.location == "path"]
    renamed: set[str] = set()  # new names of renamed arguments: not new arguments
    for index, param in enumerate(old.params):
        moved = by_wire.get((param.location, param.wire_name))
        if moved is None and param.location == "path":
            olds = [p for p in old.params if p.location == "path"]
            position = olds.index(param)
            moved = path_params[position] if position < len(path_params) else None
        if moved is not None and moved.name != param.name:
            renamed.add(moved.name)
            yield Change(
                BREAKING,
                "sdk-argument-renamed",
                old.pointer,
                f"{old.name}: argument {param.name!r} renamed to {moved.name!r}",
                where,
                call,
            )
        elif moved is None and param.name not in by_name:
            yield Change(
                BREAKING,
                "sdk-argument-removed",
                old.pointer,
                f"{old.name}: argument {param.name!r} removed",
                where,
                call,
            )
        target = moved or by_name.get(param.name)
        if target is not None:
            yield from _argument(old, param, target, where, call)
        del index
    old_names = {p.name for p in old.params} | {p.wire_name for p in old.params}
    for param in new.params:
        if param.name in renamed:
            continue
        if param.required and param.name not in old_names and param.wire_name not in old_names:
            yield Change(
                BREAKING,
                "sdk-argument-added-required",
                old.pointer,
                f"{old.name}: new required argument {param.name!r}",
                where,
                call,
            )
    old_positional = [p.name for p in old.positional_params]
    new_positional = [p.name for p in new.positional_params]
    if old_positional != new_positional:
        # A call passing arguments by position breaks when one of them can no longer be passed
        # so, or when the ones it still may pass sit elsewhere; appending one breaks nothing.
        dropped = [n for n in old_positional if n not in new_positional and n in by_name]
        kept = [n for n in old_positional if n in new_positional]
        if dropped:
            yield Change(
                BREAKING,
                "sdk-argument-keyword-only",
                old.pointer,
                f"{old.name}: {', '.join(dropped)} can no longer be passed by position",
                where,
                call,
            )
        if kept != new_positional[: len(kept)]:
            yield Change(
                BREAKING,
                "sdk-positional-order-changed",
                old.pointer,
                f"{old.name}: positional arguments ({', '.join(old_positional)}) -> "
                f"({', '.join(new_positional)})",
                where,
                call,
            )


def _argument(op: Operation, old: Param, new: Param, where: str, call: str) -> Iterator[Change]:
    if new.required and not old.required:
        yield Change(
            BREAKING,
            "sdk-argument-became-required",
            op.pointer,
            f"{op.name}: argument {new.name!r} became required",
            where,
            call,
        )
    if old.default != new.default and not new.required:
        yield Change(
            WARNING,
            "sdk-argument-default-changed",
            op.pointer,
            f"{op.name}: default of {new.name!r} {old.default} -> {new.default}",
            where,
            call,
        )
    if old.type.input_annotation != new.type.input_annotation:
        yield Change(
            INFO,
            "sdk-argument-type-changed",
            op.pointer,
            f"{op.name}: {new.name!r} is {new.type.input_annotation} "
            f"(was {old.type.input_annotation})",
            where,
            call,
        )


def _models(old: Package, new: Package) -> Iterator[Change]:
    before = {n: m for m in old.model_modules for n in m.names}
    after = {n: m for m in new.model_modules for n in m.names}
    for name in sorted(before.keys() - after.keys()):
        yield Change(
            BREAKING,
            "sdk-type-removed",
            "#/components/schemas",
            f"class {name} no longer generated",
            call=f"from {old.name} import {name}",
        )
    for name in sorted(after.keys() - before.keys()):
        yield Change(INFO, "sdk-type-added", "#/components/schemas", f"class {name} added")
    old_models = {m.name: m for mod in old.model_modules for m in mod.models}
    new_models = {m.name: m for mod in new.model_modules for m in mod.models}
    for name in sorted(old_models.keys() & new_models.keys()):
        old_fields = {f.name: f for f in old_models[name].fields}
        new_fields = {f.name: f for f in new_models[name].fields}
        pointer = old_models[name].pointer or "#/components/schemas"
        for field in sorted(old_fields.keys() - new_fields.keys()):
            yield Change(
                BREAKING,
                "sdk-attribute-removed",
                pointer,
                f"{name}.{field} removed",
                call=f"{name}(...).{field}",
            )
        for field in sorted(old_fields.keys() & new_fields.keys()):
            if old_fields[field].annotation != new_fields[field].annotation:
                yield Change(
                    WARNING,
                    "sdk-attribute-type-changed",
                    pointer,
                    f"{name}.{field} is {new_fields[field].annotation} "
                    f"(was {old_fields[field].annotation})",
                )
    old_enums = {e.name: e for mod in old.model_modules for e in mod.enums}
    new_enums = {e.name: e for mod in new.model_modules for e in mod.enums}
    for name in sorted(old_enums.keys() & new_enums.keys()):
        members = {m.name for m in new_enums[name].members}
        for member in old_enums[name].members:
            if member.name not in members:
                yield Change(
                    BREAKING,
                    "sdk-enum-member-removed",
                    "#/components/schemas",
                    f"{name}.{member.name} removed",
                    call=f"{name}.{member.name}",
                )


def _errors(old: Package, new: Package) -> Iterator[Change]:
    before = {c.name for c in old.error_classes}
    after = {c.name for c in new.error_classes}
    for name in sorted(before - after):
        yield Change(
            BREAKING,
            "sdk-exception-removed",
            "#/info",
            f"exception class {name} no longer generated",
            call=f"except {old.name}.{name}",
        )
    for name in sorted(after - before):
        yield Change(INFO, "sdk-exception-added", "#/info", f"exception class {name} added")


def _webhooks(old: Package, new: Package) -> Iterator[Change]:
    """The webhooks module's helpers (``PKG.webhooks.unwrap_<event>``) and their payloads."""
    before = {e.function: e for e in (old.webhooks.entries if old.webhooks else ())}
    after = {e.function: e for e in (new.webhooks.entries if new.webhooks else ())}
    module = old.webhooks.module if old.webhooks else "webhooks"
    for name in sorted(before.keys() - after.keys()):
        yield Change(
            BREAKING,
            "sdk-webhook-helper-removed",
            before[name].pointer,
            f"{module}.{name} no longer generated",
            call=f"{old.name}.{module}.{name}(body, headers)",
        )
    for name in sorted(after.keys() - before.keys()):
        yield Change(
            INFO, "sdk-webhook-helper-added", after[name].pointer, f"{module}.{name} added"
        )
    for name in sorted(before.keys() & after.keys()):
        was, now = before[name].type.annotation, after[name].type.annotation
        if was != now:
            yield Change(
                WARNING,
                "sdk-webhook-payload-changed",
                before[name].pointer,
                f"{module}.{name} returns {now} (was {was})",
                call=f"{old.name}.{module}.{name}(body, headers)",
            )
    if old.webhooks is not None and new.webhooks is not None:
        for field, what, call in (
            ("module", "module", f"from {old.name} import {{}}"),
            ("client_attr", "client attribute", "client.{}"),
        ):
            was, now = getattr(old.webhooks, field), getattr(new.webhooks, field)
            if was != now:
                yield Change(
                    BREAKING,
                    f"sdk-webhooks-{what.replace(' ', '-')}-renamed",
                    "#/webhooks",
                    f"webhooks {what} {was!r} renamed to {now!r}",
                    call=call.format(was),
                )
