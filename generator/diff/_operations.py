"""The wire contract of operations: which exist, their parameters, request bodies, responses,
response headers and media types, callbacks and webhooks.

Operations are matched by method and path template with parameter names blanked, so renaming
``{id}`` to ``{pet_id}`` compares the same operation (the renamed argument is a change of the
SDK surface, reported by ``_surface``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import join_pointer
from ..ir.extensions import walk_path_items
from ..ir.media import item_schema, sequence_kind
from ..load import Spec
from ._change import BREAKING, INFO, WARNING, Change
from ._schema import SchemaDiff
from ._security import security_changes
from ._site import Site

__all__ = ["OperationDiff", "operation_key"]

# (the operation, its "parameters" replaced by (parameter, pointer) pairs merged with the path's;
# its pointer; its path)
Operation = tuple[dict[str, Any], str, str]


def operation_key(method: str, path: str) -> tuple[str, str]:
    return (method.upper(), re.sub(r"\{[^}]*\}", "{}", path))


def index_operations(spec: Spec, paths: Any, base: str) -> dict[tuple[str, str], Operation]:
    found: dict[tuple[str, str], Operation] = {}
    for site in walk_path_items(paths, base, spec.resolve):
        merged = dict(site.operation)
        merged["parameters"] = _merged_parameters(
            spec, site.item, site.operation, join_pointer(base, site.path), site.pointer
        )
        found[operation_key(site.method, site.path)] = (merged, site.pointer, site.path)
    return found


def _merged_parameters(
    spec: Spec, item: dict[str, Any], op: dict[str, Any], item_pointer: str, op_pointer: str
) -> list[tuple[Any, str]]:
    """Path-level parameters, overridden by operation-level ones with the same name and place,
    each with its JSON pointer."""
    result: dict[tuple[str, str], tuple[Any, str]] = {}
    for holder, pointer in ((item, item_pointer), (op, op_pointer)):
        for index, raw in enumerate(holder.get("parameters") or []):
            param = spec.resolve(raw)
            if isinstance(param, dict) and "name" in param:
                at = join_pointer(pointer, "parameters", index)
                result[(str(param.get("in")), str(param["name"]))] = (raw, at)
    return list(result.values())


class OperationDiff:
    """Compares the operations of two specs. ``flipped`` compares callbacks and webhooks,
    where the API sends the request and the client answers."""

    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self.schemas = SchemaDiff(old, new)

    def all(self) -> Iterator[Change]:
        old_doc, new_doc = self.old.document, self.new.document
        yield from self.operations(old_doc.get("paths"), new_doc.get("paths"), "#/paths")
        yield from self.operations(
            old_doc.get("webhooks"),
            new_doc.get("webhooks"),
            "#/webhooks",
            flipped=True,
            noun="webhook",
        )

    def operations(
        self,
        old_paths: Any,
        new_paths: Any,
        base: str,
        *,
        flipped: bool = False,
        noun: str = "operation",
    ) -> Iterator[Change]:
        before = index_operations(self.old, old_paths, base)
        after = index_operations(self.new, new_paths, base)
        for key in sorted(before.keys() - after.keys()):
            op, pointer, path = before[key]
            name = f"{key[0]} {path}"
            if op.get("deprecated") is True:
                yield Change(
                    INFO,
                    f"{noun}-removed-with-deprecation",
                    pointer,
                    f"deprecated {noun} {name} removed",
                    name,
                )
            else:
                yield Change(BREAKING, f"{noun}-removed", pointer, f"{noun} {name} removed", name)
        for key in sorted(after.keys() - before.keys()):
            _, pointer, path = after[key]
            name = f"{key[0]} {path}"
            yield Change(INFO, f"{noun}-added", pointer, f"{noun} {name} added", name)
        for key in sorted(before.keys() & after.keys()):
            (old_op, pointer, path), (new_op, _, _) = before[key], after[key]
            yield from self.operation(old_op, new_op, pointer, f"{key[0]} {path}", flipped)

    def operation(
        self, old: dict[str, Any], new: dict[str, Any], pointer: str, name: str, flipped: bool
    ) -> Iterator[Change]:
        sends, reads = ("response", "request") if flipped else ("request", "response")
        if old.get("deprecated") is not True and new.get("deprecated") is True:
            yield Change(INFO, "endpoint-deprecated", pointer, "operation deprecated", name)
        elif old.get("deprecated") is True and new.get("deprecated") is not True:
            yield Change(
                INFO, "endpoint-reactivated", pointer, "operation no longer deprecated", name
            )
        if old.get("operationId") != new.get("operationId"):
            yield Change(
                INFO,
                "api-operation-id-changed",
                pointer,
                f"operationId {old.get('operationId')!r} -> {new.get('operationId')!r}",
                name,
            )
        if (old.get("tags") or []) != (new.get("tags") or []):
            yield Change(
                INFO,
                "api-tags-changed",
                pointer,
                f"tags {old.get('tags') or []} -> {new.get('tags') or []}",
                name,
            )
        yield from self.parameters(old, new, pointer, name, sends)
        yield from self.request_body(old, new, pointer, name, sends)
        yield from self.responses(old, new, pointer, name, reads)
        if not flipped:
            yield from security_changes(self.old, self.new, old, new, pointer, name)
        yield from self.callbacks(old, new, pointer, name)
        yield from _servers(old.get("servers"), new.get("servers"), pointer, name)

    def parameters(
        self, old: dict[str, Any], new: dict[str, Any], pointer: str, name: str, direction: str
    ) -> Iterator[Change]:
        before = _params(self.old, old)
        after = _params(self.new, new)
        moved = {k[1] for k in before.keys() - after.keys()} & {
            k[1] for k in after.keys() - before.keys()
        }
        for key in sorted(before.keys() - after.keys()):
            where, param_name = key
            at = before[key]["x-pointer"]
            if param_name in moved:
                new_in = next(k[0] for k in after if k[1] == param_name and k not in before)
                yield Change(
                    BREAKING,
                    "request-parameter-location-changed",
                    at,
                    f"parameter {param_name!r} moved from {where} to {new_in}",
                    name,
                )
            elif where == "path":
                continue  # a renamed path parameter: the path template is the same operation
            else:
                level = INFO if before[key].get("deprecated") is True else WARNING
                yield Change(
                    level,
                    "request-parameter-removed",
                    at,
                    f"{where} parameter {param_name!r} removed",
                    name,
                )
        for key in sorted(after.keys() - before.keys()):
            where, param_name = key
            if param_name in moved or (where == "path" and _path_renamed(before, after, key)):
                continue
            at = after[key]["x-pointer"]
            if after[key].get("required") is True or where == "path":
                yield Change(
                    BREAKING,
                    "new-required-request-parameter",
                    at,
                    f"required {where} parameter {param_name!r} added",
                    name,
                )
            else:
                yield Change(
                    INFO,
                    "new-optional-request-parameter",
                    at,
                    f"optional {where} parameter {param_name!r} added",
                    name,
                )
        for key in sorted(before.keys() & after.keys()):
            yield from self._parameter(before[key], after[key], key, pointer, name, direction)
        # Renamed path parameters: the same position in the (matched) path template.
        old_path = [k for k in before if k[0] == "path" and k not in after]
        new_path = [k for k in after if k[0] == "path" and k not in before]
        for old_key, new_key in zip(old_path, new_path):
            yield from self._parameter(
                before[old_key], after[new_key], old_key, pointer, name, direction
            )

    def _parameter(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        key: tuple[str, str],
        pointer: str,
        name: str,
        direction: str,
    ) -> Iterator[Change]:
        where = f"{key[0]} parameter {key[1]!r}"
        at = old["x-pointer"]
        if new.get("required") is True and old.get("required") is not True:
            yield Change(
                BREAKING, "request-parameter-became-required", at, f"{where} became required", name
            )
        elif old.get("required") is True and new.get("required") is not True and key[0] != "path":
            yield Change(
                INFO, "request-parameter-became-optional", at, f"{where} became optional", name
            )
        for field, default in (("style", _default_style(key[0])), ("explode", None)):
            was, now = old.get(field, default), new.get(field, default)
            if field == "explode":
                was = old.get("explode", old.get("style", _default_style(key[0])) == "form")
                now = new.get("explode", new.get("style", _default_style(key[0])) == "form")
            if was != now:
                yield Change(
                    BREAKING,
                    f"request-parameter-{field}-changed",
                    at,
                    f"{where}: {field} {was!r} -> {now!r}",
                    name,
                )
        if old.get("deprecated") is not True and new.get("deprecated") is True:
            yield Change(INFO, "request-parameter-deprecated", at, f"{where} deprecated", name)
        elif old.get("deprecated") is True and new.get("deprecated") is not True:
            yield Change(
                INFO, "request-parameter-reactivated", at, f"{where} no longer deprecated", name
            )
        site = Site(direction, "parameter", name, join_pointer(at, "schema"), where)
        yield from self.schemas.compare(
            _param_schema(self.old, old), _param_schema(self.new, new), site
        )

    def request_body(
        self, old: dict[str, Any], new: dict[str, Any], pointer: str, name: str, direction: str
    ) -> Iterator[Change]:
        before, after = (
            self.old.resolve(old.get("requestBody")),
            self.new.resolve(new.get("requestBody")),
        )
        at = join_pointer(pointer, "requestBody")
        if not isinstance(before, dict) and isinstance(after, dict):
            if after.get("required") is True:
                yield Change(
                    BREAKING,
                    "request-body-added-required",
                    at,
                    "a required request body was added",
                    name,
                )
            else:
                yield Change(
                    INFO,
                    "request-body-added-optional",
                    at,
                    "an optional request body was added",
                    name,
                )
            return
        if isinstance(before, dict) and not isinstance(after, dict):
            yield Change(BREAKING, "request-body-removed", at, "request body removed", name)
            return
        if not isinstance(before, dict) or not isinstance(after, dict):
            return
        if after.get("required") is True and before.get("required") is not True:
            yield Change(
                BREAKING, "request-body-became-required", at, "request body became required", name
            )
        elif before.get("required") is True and after.get("required") is not True:
            yield Change(
                INFO, "request-body-became-optional", at, "request body became optional", name
            )
        yield from self._content(before, after, at, name, direction, "request body", "request-body")

    def responses(
        self, old: dict[str, Any], new: dict[str, Any], pointer: str, name: str, direction: str
    ) -> Iterator[Change]:
        before = {str(k): v for k, v in (old.get("responses") or {}).items()}
        after = {str(k): v for k, v in (new.get("responses") or {}).items()}
        at = join_pointer(pointer, "responses")
        for status in sorted(before.keys() - after.keys()):
            success = status.startswith("2")
            kind = "success" if success else "non-success"
            level = BREAKING if success else INFO
            yield Change(
                level,
                f"response-{kind}-status-removed",
                join_pointer(at, status),
                f"response status {status} removed",
                name,
            )
        for status in sorted(after.keys() - before.keys()):
            kind = "success" if status.startswith("2") else "non-success"
            yield Change(
                INFO,
                f"response-{kind}-status-added",
                join_pointer(at, status),
                f"response status {status} added",
                name,
            )
        for status in sorted(before.keys() & after.keys()):
            old_resp, new_resp = self.old.resolve(before[status]), self.new.resolve(after[status])
            if not isinstance(old_resp, dict) or not isinstance(new_resp, dict):
                continue
            here = join_pointer(at, status)
            yield from self._content(
                old_resp, new_resp, here, name, direction, f"response {status}", "response"
            )
            yield from self._headers(old_resp, new_resp, here, name, direction, status)

    def _content(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        at: str,
        name: str,
        direction: str,
        label: str,
        stem: str,
    ) -> Iterator[Change]:
        before: dict[str, Any] = old["content"] if isinstance(old.get("content"), dict) else {}
        after: dict[str, Any] = new["content"] if isinstance(new.get("content"), dict) else {}
        for media in sorted(set(before) - set(after)):
            yield Change(
                BREAKING,
                f"{stem}-media-type-removed",
                join_pointer(at, "content", media),
                f"{label}: media type {media!r} removed",
                name,
            )
        for media in sorted(set(after) - set(before)):
            yield Change(
                INFO,
                f"{stem}-media-type-added",
                join_pointer(at, "content", media),
                f"{label}: media type {media!r} added",
                name,
            )
        for media in sorted(set(before) & set(after)):
            old_media, new_media = self.old.resolve(before[media]), self.new.resolve(after[media])
            if not isinstance(old_media, dict) or not isinstance(new_media, dict):
                continue
            kind = sequence_kind(media)
            if kind is not None:
                # A stream's items: `itemSchema` (OpenAPI 3.2) or `schema`, compared as one.
                old_media = _items_as_schema(old_media, kind, self.old.resolve)
                new_media = _items_as_schema(new_media, kind, self.new.resolve)
            here = join_pointer(at, "content", media, "schema")
            text = label if len(before) == 1 else f"{label} ({media})"
            if "schema" in old_media and "schema" not in new_media:
                yield from Site(direction, "body", name, here, text).widened(
                    "media-type-schema-removed", "schema removed", soft=True
                )
            elif "schema" in new_media and "schema" not in old_media:
                yield from Site(direction, "body", name, here, text).narrowed(
                    "media-type-schema-added", "schema added"
                )
            loose = "json" not in media and media not in ("*/*", "application/*")
            site = Site(direction, "body", name, here, text, loose=loose)
            yield from self.schemas.compare(old_media.get("schema"), new_media.get("schema"), site)

    def _headers(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        at: str,
        name: str,
        direction: str,
        status: str,
    ) -> Iterator[Change]:
        before = {str(k).lower(): v for k, v in (old.get("headers") or {}).items()}
        after = {str(k).lower(): v for k, v in (new.get("headers") or {}).items()}
        for header in sorted(before.keys() - after.keys()):
            resolved = self.old.resolve(before[header])
            required = isinstance(resolved, dict) and resolved.get("required") is True
            yield Change(
                BREAKING if required else WARNING,
                f"{'required' if required else 'optional'}-response-header-removed",
                join_pointer(at, "headers", header),
                f"response {status}: {'required' if required else 'optional'} header "
                f"{header!r} removed",
                name,
            )
        for header in sorted(after.keys() - before.keys()):
            yield Change(
                INFO,
                "response-header-added",
                join_pointer(at, "headers", header),
                f"response {status}: header {header!r} added",
                name,
            )
        for header in sorted(before.keys() & after.keys()):
            old_h, new_h = self.old.resolve(before[header]), self.new.resolve(after[header])
            if not isinstance(old_h, dict) or not isinstance(new_h, dict):
                continue
            here = join_pointer(at, "headers", header)
            if old_h.get("required") is True and new_h.get("required") is not True:
                yield Change(
                    BREAKING,
                    "response-header-became-optional",
                    here,
                    f"response {status}: header {header!r} may now be absent",
                    name,
                )
            elif old_h.get("required") is not True and new_h.get("required") is True:
                yield Change(
                    INFO,
                    "response-header-became-required",
                    here,
                    f"response {status}: header {header!r} now always present",
                    name,
                )
            site = Site(
                direction,
                "header",
                name,
                join_pointer(here, "schema"),
                f"response {status} header {header!r}",
            )
            yield from self.schemas.compare(old_h.get("schema"), new_h.get("schema"), site)

    def callbacks(
        self, old: dict[str, Any], new: dict[str, Any], pointer: str, name: str
    ) -> Iterator[Change]:
        before, after = old.get("callbacks") or {}, new.get("callbacks") or {}
        for callback in sorted(set(before) - set(after)):
            yield Change(
                BREAKING,
                "callback-removed",
                join_pointer(pointer, "callbacks", callback),
                f"callback {callback!r} removed",
                name,
            )
        for callback in sorted(set(after) - set(before)):
            yield Change(
                INFO,
                "callback-added",
                join_pointer(pointer, "callbacks", callback),
                f"callback {callback!r} added",
                name,
            )
        for callback in sorted(set(before) & set(after)):
            yield from self.operations(
                self.old.resolve(before[callback]),
                self.new.resolve(after[callback]),
                join_pointer(pointer, "callbacks", callback),
                flipped=True,
                noun="callback",
            )


def _params(spec: Spec, op: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Parameters by (location, name), each with its pointer under the key ``"x-pointer"``."""
    result = {}
    for raw, pointer in op.get("parameters") or []:
        param = spec.resolve(raw)
        if isinstance(param, dict):
            param = {**param, "x-pointer": pointer}
        if isinstance(param, dict) and "name" in param:
            where = str(param.get("in"))
            # Header names are case-insensitive on the wire.
            result[
                (where, str(param["name"]).lower() if where == "header" else str(param["name"]))
            ] = param
    return result


def _path_renamed(
    before: dict[tuple[str, str], Any], after: dict[tuple[str, str], Any], key: tuple[str, str]
) -> bool:
    return any(k[0] == "path" and k not in after for k in before)


def _default_style(location: str) -> str:
    return "simple" if location in ("path", "header") else "form"


def _param_schema(spec: Spec, param: dict[str, Any]) -> Any:
    if "schema" in param:
        return param["schema"]
    content = param.get("content")
    if isinstance(content, dict) and content:
        media = spec.resolve(next(iter(content.values())))
        return media.get("schema") if isinstance(media, dict) else None
    return None


def _servers(old: Any, new: Any, pointer: str, name: str) -> Iterator[Change]:
    before = {str(s.get("url")) for s in old or () if isinstance(s, dict)}
    after = {str(s.get("url")) for s in new or () if isinstance(s, dict)}
    for url in sorted(before - after):
        yield Change(
            WARNING,
            "server-removed",
            join_pointer(pointer, "servers"),
            f"server {url!r} removed",
            name,
        )
    for url in sorted(after - before):
        yield Change(
            INFO, "server-added", join_pointer(pointer, "servers"), f"server {url!r} added", name
        )


def document_servers(old: Spec, new: Spec) -> Iterator[Change]:
    yield from _servers(old.document.get("servers"), new.document.get("servers"), "#", "")


def _items_as_schema(media: dict[str, Any], kind: str, resolve: Any) -> dict[str, Any]:
    """``media`` with ``schema`` standing for one item of the stream (ir/media.py)."""
    schema, _ = item_schema(media, kind, resolve)
    if not schema:
        return {k: v for k, v in media.items() if k != "schema"}
    return {**media, "schema": schema}
