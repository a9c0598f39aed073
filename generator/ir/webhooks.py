"""Webhooks and callbacks: the requests an API sends to its users, as typed payloads.

OpenAPI 3.1 ``webhooks`` and every operation's ``callbacks`` (3.0 and 3.1) become entries of
the package's ``webhooks`` module: each payload schema goes through the same schema → model
machinery as responses (``SchemaTypes``: a ``$ref`` to a component is that component's model,
an inline schema is named ``<Event>Payload``), and each entry gets a typed ``unwrap_<event>``.
How a request is told apart (``Webhooks.dispatch``): the header or body property of the root
``x-sdk-webhooks.event``; else a header parameter every webhook declares with one distinct
value each (``X-Event: {const: order.created}``); else, when every payload is a model with a
constant property of the same name (``type: {const: order.created}``), that property; else by
shape at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cached_property
from typing import Any, Callable, Optional

import attrs

from ..errors import join_pointer
from .definitions import Model, UnionDef
from .document_extensions import DocumentExtensions, WebhookSigning
from .extensions import OperationSite, walk_operations, walk_path_items, webhook_extension
from .naming import ATTRIBUTE, IMPORTED_NAMES, class_name, snake_name, unique
from .schemas import SchemaTypes
from .types import Kind, TypeRef

__all__ = ["Webhook", "Webhooks", "build_webhooks", "placed"]

Warn = Callable[[str, str], None]
Resolve = Callable[[Any], Any]

# Names the generated webhooks module defines itself.
_OWN = {"unwrap", "verify", "Webhooks", "WEBHOOKS"}


@attrs.frozen
class Webhook:
    """One webhook or callback: ``event`` (the value naming it in requests), ``key`` (its
    name in the spec: the webhook's key or the callback's), ``function`` (the typed
    ``unwrap_*`` helper), ``type`` (its payload), ``scheme`` (the module constant holding
    its signing table, ``""``: unsigned) and ``models`` (the model classes the payload may
    be, for matching by shape)."""

    event: str
    key: str
    kind: str  # webhook or callback
    function: str
    type: TypeRef
    pointer: str
    summary: str = ""
    scheme: str = ""
    models: tuple[str, ...] = ()
    schema_pointer: str = ""  # the payload's schema (the smoke tests' sample payloads)

    @property
    def decode_expr(self) -> str:
        """``data`` (the parsed body) decoded as the payload: plain JSON already is the value,
        and ``cast()`` tells type checkers so (as a response's ``decode_expr``)."""
        if self.type.decoder is None and not self.type.is_any:
            return f"cast({self.type.annotation!r}, data)"
        return self.type.decode("data")

    @property
    def names(self) -> frozenset[str]:
        """The names its decoding and annotation spell."""
        found = self.type.annotation_names | self.type.decoder_names | set(self.models)
        if self.type.decoder is None and not self.type.is_any:
            found |= {"cast"}
        return frozenset(found)

    @property
    def models_literal(self) -> str:
        """The models as a tuple expression."""
        return "(" + "".join(f"{m}, " for m in self.models) + ")"


@attrs.frozen
class Webhooks:
    """The package's webhooks module: entries, dispatch and signing schemes."""

    module: str  # the public module (``PKG.webhooks``)
    client_attr: str  # ``client.webhooks``
    payload_alias: str  # the union of every payload type (``WebhookPayload``)
    entries: tuple[Webhook, ...]
    dispatch: Optional[tuple[str, str]] = None  # (header|body, name)
    dispatch_source: str = ""  # extension, header parameter, discriminator or "" (by shape)
    schemes: tuple[tuple[str, str], ...] = ()  # (constant, repr of the signing table)
    tolerance: float = 300.0
    imports: str = ""  # the module's import block (filled in by build)

    @property
    def signed(self) -> bool:
        return bool(self.schemes)

    @cached_property
    def payload_annotation(self) -> str:
        """The payload alias's value: one type, or the union of the distinct ones."""
        seen: list[str] = []
        for entry in self.entries:
            if entry.type.annotation not in seen:
                seen.append(entry.type.annotation)
        return seen[0] if len(seen) == 1 else f"Union[{', '.join(seen)}]"

    @property
    def dispatch_text(self) -> str:
        """How ``unwrap`` tells the webhooks apart, for docstrings and the README."""
        if self.dispatch is None:
            if len(self.entries) == 1:
                return "trivially (the spec has one)"
            return "by the payload's shape (the best-fitting model, as for unions)"
        location, name = self.dispatch
        where = f"``{name}`` header" if location == "header" else f"body's ``{name}`` property"
        return f"by the {where}"

    @property
    def dispatch_literal(self) -> str:
        if self.dispatch is None:
            return "None"
        return repr({"in": self.dispatch[0], "name": self.dispatch[1]})

    @cached_property
    def names(self) -> frozenset[str]:
        """The names the module spells, for its import block."""
        found = {"Any", "Callable", "Dict", "Mapping", "Union"}
        found |= {"WebhookEntry", "WebhookTable", "DECODE_FAILURES"}
        if self.signed:
            found |= {"Optional", "WebhookSecret"}
        for entry in self.entries:
            found |= entry.names
        return frozenset(found)


def _sites(doc: dict[str, Any], resolve: Resolve) -> Iterator[tuple[str, str, OperationSite]]:
    """(kind, key, site) of every webhook, then every callback, in document order."""
    for site in walk_path_items(doc.get("webhooks"), "#/webhooks", resolve):
        yield "webhook", site.path, site
    for parent in walk_operations(doc, resolve):
        callbacks = parent.operation.get("callbacks")
        for name, callback in (callbacks if isinstance(callbacks, dict) else {}).items():
            base = join_pointer(parent.pointer, "callbacks", name)
            for site in walk_path_items(resolve(callback), base, resolve):
                yield "callback", str(name), site


def _json_schema(op: dict[str, Any], pointer: str, resolve: Resolve) -> Optional[tuple[Any, str]]:
    """(schema, pointer) of the operation's JSON request body, None if it has none."""
    body = resolve(op.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    for media, item in (content if isinstance(content, dict) else {}).items():
        kind = str(media).split(";", 1)[0].strip().lower()
        if kind == "application/json" or kind.endswith("+json"):
            at = join_pointer(pointer, "requestBody", "content", media, "schema")
            return (item.get("schema", {}) if isinstance(item, dict) else {}), at
    return None


def _models_of(type_: TypeRef, types: SchemaTypes) -> tuple[str, ...]:
    if type_.kind == Kind.MODEL:
        return (type_.name,)
    union = types.definitions.get(type_.name) if type_.kind == Kind.UNION else None
    if isinstance(union, UnionDef):
        return tuple(v.name for v in union.variants if v.kind == Kind.MODEL)
    return ()


def _constant(field_type: TypeRef) -> Optional[str]:
    """The one value of a ``const`` (one-member enum) type, else None."""
    if field_type.kind == Kind.ENUM and len(field_type.literals) == 1:
        value = ast.literal_eval(field_type.literals[0])
        return str(value)
    return None


def _discriminator(payloads: list[TypeRef], types: SchemaTypes) -> Optional[tuple[str, list[str]]]:
    """(wire name, values): a property every payload model holds as a distinct constant."""
    if len(payloads) < 2 or any(p.kind != Kind.MODEL for p in payloads):
        return None
    models = [types.definitions.get(p.name) for p in payloads]
    if not all(isinstance(m, Model) for m in models):
        return None
    first = models[0]
    assert isinstance(first, Model)
    for field in first.fields:
        values = []
        for model in models:
            assert isinstance(model, Model)
            match = next((f for f in model.fields if f.wire_name == field.wire_name), None)
            value = _constant(match.type) if match is not None else None
            if value is None:
                break
            values.append(value)
        if len(values) == len(models) and len(set(values)) == len(values):
            return field.wire_name, values
    return None


def _header_constants(site: OperationSite, resolve: Resolve) -> dict[str, tuple[str, str]]:
    """{header name (lower case): (as written, its one value)} of the operation's header
    parameters whose schema allows one value only (``const``, or a one-item ``enum``):
    GitHub's ``X-GitHub-Event: {enum: [push]}`` kind of declaration."""
    found: dict[str, tuple[str, str]] = {}
    for raw in [*site.path_parameters, *(site.operation.get("parameters") or [])]:
        param = resolve(raw)
        if not isinstance(param, dict) or param.get("in") != "header":
            continue
        schema = resolve(param.get("schema"))
        if not isinstance(schema, dict):
            continue
        values = [schema["const"]] if "const" in schema else schema.get("enum")
        if isinstance(values, list) and len(values) == 1 and isinstance(values[0], (str, int)):
            name = str(param.get("name", ""))
            found[name.lower()] = (name, str(values[0]))
    return found


def _header_discriminator(
    headers: list[dict[str, tuple[str, str]]],
) -> Optional[tuple[str, list[str]]]:
    """(header, values): a header every webhook declares with a distinct single value."""
    if len(headers) < 2:
        return None
    for name in sorted(set.intersection(*(set(h) for h in headers))):
        values = [h[name][1] for h in headers]
        if len(set(values)) == len(values):
            return headers[0][name][0], values
    return None


def build_webhooks(
    doc: dict[str, Any],
    resolve: Resolve,
    types: SchemaTypes,
    ext: DocumentExtensions,
    warn: Warn,
) -> Optional[Webhooks]:
    """The package's webhooks, None when the spec declares none with a JSON payload."""
    found: list[tuple[str, str, OperationSite, TypeRef, str, str]] = []
    signing: list[Optional[WebhookSigning]] = []
    events: list[str] = []
    headers: list[dict[str, tuple[str, str]]] = []
    for kind, key, site in _sites(doc, resolve):
        own = webhook_extension(site.operation, site.pointer, warn)
        located = _json_schema(site.operation, site.pointer, resolve)
        if located is None:
            warn(site.pointer, f"{kind} {key!r} has no JSON request body; no unwrap helper")
            continue
        schema, at = located
        op_id = site.operation.get("operationId")
        name = str(op_id) if kind == "callback" and op_id else key
        payload = types.type_for(schema, at, f"{class_name(name, fallback='Webhook')}Payload")
        found.append((kind, key, site, payload, name, at))
        events.append(own.event or key)
        headers.append(_header_constants(site, resolve))
        chosen = own.signing if own.signing is not None else ext.webhooks.signing
        signing.append(chosen if isinstance(chosen, WebhookSigning) else None)
    if not found:
        return None
    dispatch: Optional[tuple[str, str]] = None
    source = ""
    if ext.webhooks.dispatch is not None:
        dispatch = (ext.webhooks.dispatch.location, ext.webhooks.dispatch.name)
        source = "extension"
    elif (by_header := _header_discriminator(headers)) is not None:
        dispatch, events, source = ("header", by_header[0]), by_header[1], "header parameter"
    else:
        detected = _discriminator([f[3] for f in found], types)
        if detected is not None:
            dispatch, events, source = ("body", detected[0]), detected[1], "discriminator"
    seen_events: set[str] = set()
    for index, event in enumerate(events):
        if event in seen_events:
            warn(
                found[index][2].pointer,
                f"event {event!r} names another webhook too; unwrap picks the first",
            )
        events[index] = unique(event, seen_events) if event in seen_events else event
        seen_events.add(events[index])
    schemes: dict[str, str] = {}
    functions: set[str] = set(_OWN) | set(ATTRIBUTE)
    entries = []
    for (kind, key, site, payload, name, at), event, scheme in zip(found, events, signing):
        constant = ""
        if scheme is not None:
            literal = repr(scheme.table())
            constant = next((c for c, lit in schemes.items() if lit == literal), "")
            if not constant:
                constant = "_SIGNING" if not schemes else f"_SIGNING_{len(schemes) + 1}"
                schemes[constant] = literal
        function = unique(f"unwrap_{snake_name(name, fallback='webhook')}", functions)
        summary = site.operation.get("summary") or site.operation.get("description") or ""
        entries.append(
            Webhook(
                event=event,
                key=key,
                kind=kind,
                function=function,
                type=payload,
                pointer=site.pointer,
                summary=str(summary).strip().split("\n")[0].rstrip("."),
                scheme=constant,
                models=_models_of(payload, types),
                schema_pointer=at,
            )
        )
    if dispatch is None:  # told apart by shape: the same payload type cannot be
        first_of: dict[str, Webhook] = {}
        for entry in entries:
            earlier = first_of.setdefault(entry.type.annotation, entry)
            if earlier is not entry:
                warn(
                    entry.pointer,
                    f"{entry.kind} {entry.key!r} has the payload of {earlier.key!r}: unwrap "
                    f"returns it as that one (use {entry.function}, or x-sdk-webhooks.event)",
                )
    tolerances = [s.tolerance for s in signing if s is not None]
    root = ext.webhooks.signing
    names = set(types.definitions) | set(IMPORTED_NAMES) | _OWN
    return Webhooks(
        module="webhooks",
        client_attr="webhooks",
        payload_alias=unique("WebhookPayload", names),
        entries=tuple(entries),
        dispatch=dispatch,
        dispatch_source=source,
        schemes=tuple(sorted(schemes.items())),
        tolerance=root.tolerance if root is not None else (tolerances[0] if tolerances else 300.0),
    )


def placed(webhooks: Webhooks, attrs_taken: set[str], modules_taken: set[str]) -> Webhooks:
    """``webhooks`` with its module and client attribute named clear of the package's own:
    ``webhooks``, else ``webhook_events`` (a spec with a ``webhooks`` tag keeps its namespace)."""

    def free(taken: set[str]) -> str:
        return "webhooks" if "webhooks" not in taken else unique("webhook_events", set(taken))

    return attrs.evolve(webhooks, module=free(modules_taken), client_attr=free(attrs_taken))
