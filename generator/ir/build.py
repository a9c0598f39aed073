"""Spec to ``Package``: names, resources, operations, model modules, auth and errors."""

from __future__ import annotations

import keyword
import re
from pathlib import PurePath, PurePosixPath
from typing import Any, Callable, Optional

import attrs

from ..errors import Problem, join_pointer
from ..load import Spec
from ..runtime._options import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from .definitions import EnumDef, Model, ModelModule, UnionDef
from .document_extensions import DocumentExtensions, ErrorSpec, ExtendSpec, document_extensions
from .extensions import OperationExtensions, operation_extensions, walk_operations
from .mock import mock_table
from .model import Operation, Resource
from .naming import (
    ATTRIBUTE,
    IMPORTED_NAMES,
    MODULE,
    PARAMETER,
    RESOURCE,
    class_name,
    shorten,
    snake_name,
    unique,
)
from .naming import package_name as package_name_from
from .operations import OperationBuilder
from .package import ErrorCode, Extend, Package, Signing
from .schemas import Definition, SchemaTypes
from .security import build_schemes, root_requirement, with_requirements
from .servers import build_servers, server_url
from .uses import model_module_imports, resource_imports, webhooks_imports
from .webhooks import Webhooks, build_webhooks, placed

__all__ = ["Warnings", "build_package"]


class Warnings:
    """Collects what could not be typed precisely, each with its location."""

    def __init__(self, spec: Spec) -> None:
        self._spec = spec
        self.items: list[tuple[str, str]] = []
        self._seen: set[tuple[str, str]] = set()

    def __call__(self, pointer: str, message: str) -> None:
        # Once each: a schema reached by two routes (a $ref and its target) is read twice.
        if (pointer, message) not in self._seen:
            self._seen.add((pointer, message))
            self.items.append((pointer, message))

    def problems(self) -> list[Problem]:
        return [Problem(self._spec.locate(p), m) for p, m in self.items]


def _distribution_name(declared: str, package_name: str) -> str:
    """``x-sdk-distribution`` as a valid PEP 508 name (runs of other characters become ``-``),
    else the package name with dashes."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", declared).strip("-._")
    return cleaned or package_name.replace("_", "-")


def build_package(
    spec: Spec, name: Optional[str] = None, warnings: Optional[Warnings] = None
) -> Package:
    """Build the IR for ``spec``; ``name`` overrides the package name."""
    doc = spec.document
    info = doc.get("info") or {}
    warn = warnings if warnings is not None else Warnings(spec)
    ext = document_extensions(doc, spec.resolve, warn)
    title = str(info.get("title") or "api")
    declared = ext.info.package
    package_name = package_name_from(title) if not (name or declared) else ""
    package_name = package_name or snake_name(str(name or declared), fallback="api")
    base = class_name(title, fallback="Api")
    # Each operation's extensions, parsed (and warned about) once, on the first pass.
    parsed: dict[str, OperationExtensions] = {}
    types, resources, webhooks = _build_types(doc, spec, warn, None, parsed, ext)
    request_models = _request_models(resources, types)
    # readOnly relaxes `required` only in models a request can carry. Now that those are known,
    # response-only models get their required readOnly fields back: in place, unless an
    # operation already read such a model's fields (a waiter's or x-sdk-returns' type), which
    # only building again gets right.
    relaxed = _relaxed_response_models(types, request_models)
    if relaxed & types.fields_read:
        # The same warnings again: the first pass's stand.
        types, resources, webhooks = _build_types(doc, spec, _silent, request_models, parsed, ext)
    else:
        types.require_read_only(relaxed)
    received = _response_models(resources, types, webhooks)
    _mark_omittable(types, request_models, received)
    modules = _model_modules(types.definitions, types.edges)
    module_of = {n: m.module for m in modules for n in m.names}
    # Resource classes share modules with imported models, so their names avoid the models'.
    client_class = class_name(ext.info.client or f"{base}Client")
    classes = set(types.definitions) | {f"Async{n}" for n in types.definitions} | IMPORTED_NAMES
    classes |= {client_class, f"Async{client_class}"}
    errors_module = snake_name(ext.info.errors_module or "errors")
    named = tuple(attrs.evolve(r, class_name=_resource_class(r.attr, classes)) for r in resources)
    errors = _error_codes(ext.errors)
    signing = _signing(ext)
    schemes = build_schemes(doc, ext, warn, frozenset(signing.credentials if signing else ()))
    # Requirements before imports: an operation's own requirement is one of its options.
    named = with_requirements(named, doc, schemes, warn)
    named = _nest(named)
    named = tuple(
        attrs.evolve(r, imports=resource_imports(r, module_of, errors_module)) for r in named
    )
    modules = tuple(attrs.evolve(m, imports=model_module_imports(m, module_of)) for m in modules)
    # Server variables become constructor arguments too: they avoid the credentials' names.
    scheme_args = {n for a in schemes for n in (a.arg, a.user_arg, a.password_arg) if n}
    scheme_args |= set(signing.credentials if signing else ())
    servers = build_servers(doc, ext.environments, scheme_args)
    if webhooks is not None:
        webhooks = _placed_webhooks(webhooks, named, errors_module, ext, module_of)
    package = Package(
        name=package_name,
        distribution=_distribution_name(ext.info.distribution, package_name),
        version=str(info.get("version") or "0.1.0"),
        title=title,
        description=str(info.get("description") or "").strip(),
        spec_display_path=_shown_path(spec.display_path),
        spec_sha256=spec.sha256,
        client_class=client_class,
        error_class=class_name(ext.info.error or f"{base}Error"),
        errors_module=errors_module,
        env_prefix=snake_name(ext.info.env_prefix or package_name).upper().strip("_"),
        base_url=_base_url(doc),
        auth=schemes,
        root_requirement=root_requirement(doc, schemes),
        resources=named,
        model_modules=modules,
        error_codes=errors,
        extend=_extend(ext.info.extend, ext.info.modules, modules, warn),
        rate_limit=(ext.rate_limit.requests, float(ext.rate_limit.period))
        if ext.rate_limit
        else None,
        paces_every_call=ext.rate_limit is not None and ext.rate_limit.scope == "all",
        environments=servers[0],
        server_variables=servers[1],
        url_template=_url_template(doc),
        signing=signing,
        require_credentials=ext.info.require_credentials,
        mock_port=8000 if ext.info.mock_port is None else ext.info.mock_port,
        mock_table=repr(mock_table(doc, spec.resolve, ext, parsed)),
        error_aliases=tuple(
            sorted(
                (class_name(alias), class_name(target)) for alias, target in ext.info.error_aliases
            )
        ),
        timeout=DEFAULT_TIMEOUT if ext.info.timeout is None else ext.info.timeout,
        max_retries=DEFAULT_MAX_RETRIES if ext.info.max_retries is None else ext.info.max_retries,
        webhooks=webhooks,
    )
    return attrs.evolve(package, error_aliases=_known_aliases(package, warn))


def _shown_path(display: str) -> str:
    """The spec's path as generated files name it: as given when relative (``specs/x.yaml``),
    else its file name alone, so output doesn't depend on, or disclose, where the spec was on
    the machine that generated it."""
    return PurePosixPath(display).name if PurePath(display).is_absolute() else display


def _known_aliases(package: Package, warn: Warnings) -> tuple[tuple[str, str], ...]:
    """The ``x-sdk-error-aliases`` naming a new name for an exception class of the package; any
    other (an unknown target, an alias shadowing a class) is left out with a warning."""
    classes = {package.error_class} | {e.name for e in package.error_classes}
    kept = []
    for alias, target in package.error_aliases:
        if target in classes and alias not in classes:
            kept.append((alias, target))
        else:
            message = f"alias {alias!r} of {target!r} left out: not a new name for an exception"
            warn("#/info/x-sdk-error-aliases", message)
    return tuple(kept)


def _silent(pointer: str, message: str) -> None:
    """Where a second build's warnings go: the first build reported the same ones."""


def _build_types(
    doc: dict[str, Any],
    spec: Spec,
    warn: Callable[[str, str], None],
    request_models: Optional[set[str]],
    parsed: dict[str, OperationExtensions],
    ext: DocumentExtensions,
) -> tuple[SchemaTypes, list[Resource], Optional[Webhooks]]:
    types = SchemaTypes(doc, spec.resolve, warn, request_models)
    resources = _resources(doc, spec, types, warn, parsed)
    # Named component schemas become definitions even when no operation uses them.
    for key in (doc.get("components") or {}).get("schemas") or {}:
        types.type_for({"$ref": join_pointer("#/components/schemas", key)}, "", key)
    # Webhook payloads last: an inline one never takes a component's name.
    webhooks = build_webhooks(doc, spec.resolve, types, ext, warn)
    return types, resources, webhooks


def _placed_webhooks(
    webhooks: Webhooks,
    resources: tuple[Resource, ...],
    errors_module: str,
    ext: DocumentExtensions,
    module_of: dict[str, str],
) -> Webhooks:
    """The webhooks module and client attribute named clear of the package's own, with the
    module's import block."""
    attrs_taken = {r.attr for r in resources if r.attr and "." not in r.attr}
    attrs_taken |= {op.name for r in resources if not r.attr for op in r.operations}
    attrs_taken |= set(RESOURCE) | {"close", "base_url", "with_options", "last_response"}
    modules_taken = {errors_module, "models", "resources", "lib", "mock", "errors", "_client"}
    modules_taken |= {snake_name(m, reserved=MODULE) for m, _ in ext.info.modules}
    found = placed(webhooks, attrs_taken, modules_taken)
    return attrs.evolve(found, imports=webhooks_imports(found, module_of, errors_module))


def _request_models(resources: list[Resource], types: SchemaTypes) -> set[str]:
    """Definitions a request can carry: those named by arguments, and everything they reach."""
    pending = [
        name for r in resources for op in r.operations for p in op.params for name in p.type.refs
    ] + [n for r in resources for op in r.operations if op.body for n in op.body.type.refs]
    return _reachable(pending, types)


def _response_models(
    resources: list[Resource], types: SchemaTypes, webhooks: Optional[Webhooks] = None
) -> set[str]:
    """Definitions a response can carry (success bodies, events, what pollers and pagers
    read; webhook payloads, which the client receives too), and everything they reach."""
    pending = [
        name
        for r in resources
        for op in r.operations
        for case in op.success
        if case.type is not None
        for name in case.type.refs
    ]
    pending += [n for w in (webhooks.entries if webhooks else ()) for n in w.type.refs]
    return _reachable(pending, types)


def _reachable(names: list[str], types: SchemaTypes) -> set[str]:
    """``names`` and every definition they reach through their fields."""
    pending, seen = list(names), set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(types.edges.get(name, ()))
    return seen


def _mark_omittable(types: SchemaTypes, requests: set[str], responses: set[str]) -> None:
    """In models only requests carry, an optional nullable field defaults to NOT_GIVEN, so
    ``None`` can send null. Models a response may carry keep ``None`` for absent (what their
    readers test for)."""
    for name in sorted(requests - responses):
        model = types.definitions.get(name)
        if isinstance(model, Model):
            fields = tuple(
                attrs.evolve(f, omittable=True, default=None if f.default == "None" else f.default)
                if not f.required and f.type.is_optional
                else f
                for f in model.fields
            )
            types.definitions[name] = attrs.evolve(model, fields=fields)


def _relaxed_response_models(types: SchemaTypes, request_models: set[str]) -> set[str]:
    """Models no request carries whose required readOnly fields were built as optional."""
    return {
        name
        for name, d in types.definitions.items()
        if isinstance(d, Model)
        and name not in request_models
        and any(f.read_only and f.required_in_schema and not f.write_only for f in d.fields)
    }


def _resources(
    doc: dict[str, Any],
    spec: Spec,
    types: SchemaTypes,
    warn: Callable[[str, str], None],
    parsed: dict[str, OperationExtensions],
) -> list[Resource]:
    builder = OperationBuilder(types, spec.resolve, warn, _base_url(doc))
    grouped: dict[str, list[Operation]] = {}
    method_names: dict[str, set[str]] = {}
    tag_parents = _tag_parents(doc)
    for site in walk_operations(doc, spec.resolve):
        op, method, path = site.operation, site.method, site.path
        ext = parsed.get(site.pointer)
        if ext is None:
            ext = parsed[site.pointer] = operation_extensions(op, site.pointer, warn)
        attr = _resource_attr(op, ext, tag_parents)
        # Methods of the client itself (attr "") share it with its members.
        taken = method_names.setdefault(attr, set(RESOURCE) if not attr else set())
        default_name = op.get("operationId") or f"{method} {path}"
        method_name = snake_name(
            ext.method or str(default_name), fallback="call", reserved=ATTRIBUTE
        )
        name = unique(method_name, taken)
        built = builder.build(
            path,
            method,
            op,
            site.path_parameters,
            name,
            site.pointer,
            ext,
            site.item.get("servers"),
        )
        grouped.setdefault(attr, []).append(built)
        if built.stream_alternative is not None:  # JSON or a stream: one method for each
            grouped[attr].append(built.stream_twin(unique(f"{name}_stream", taken)))
    for attr in list(grouped):  # a nested namespace's parents exist, with or without methods
        while "." in attr:
            attr = attr.rpartition(".")[0]
            grouped.setdefault(attr, [])
    resources = []
    modules: set[str] = set()
    for attr in sorted(grouped):
        cls = ""  # named once every model name is known
        flat = attr.replace(".", "_")
        module = unique(shorten(snake_name(flat, reserved=MODULE)), modules) if attr else "_root"
        resources.append(Resource(attr, cls, module, tuple(grouped[attr])))
    return resources


def _nest(resources: tuple[Resource, ...]) -> tuple[Resource, ...]:
    """Each resource with the namespaces directly under it (``beta`` holds ``beta.threads``)."""
    children: dict[str, list[tuple[str, str, str]]] = {}
    for r in resources:
        if "." in r.attr:
            children.setdefault(r.parent, []).append(
                (r.attr.rpartition(".")[2], r.class_name, r.module)
            )
    return tuple(attrs.evolve(r, children=tuple(children.get(r.attr, ()))) for r in resources)


def _resource_class(attr: str, taken: set[str]) -> str:
    if not attr:
        return "Root"
    name = class_name(attr, fallback="Resource")
    if name in taken or f"Async{name}" in taken or name == "Root":
        name = f"{name}Resource"
    return unique(name, taken)


def _resource_attr(
    op: dict[str, Any], ext: OperationExtensions, tag_parents: dict[str, str]
) -> str:
    """The operation's namespace: ``x-sdk-resource`` (dotted for nesting: ``beta.threads``),
    else its first tag, nested under the tag's ``parent`` chain (OpenAPI 3.2)."""
    if ext.resource is not None:
        return _dotted(ext.resource.split(".")) if ext.resource else ""
    tags = op.get("tags") or []
    if not tags:
        return "default"
    chain, tag = [str(tags[0])], str(tags[0])
    while tag in tag_parents and tag_parents[tag] not in chain:  # a cycle stops the walk
        tag = tag_parents[tag]
        chain.insert(0, tag)
    return _dotted(chain)


def _dotted(parts: list[str]) -> str:
    return ".".join(snake_name(p, fallback="default", reserved=RESOURCE) for p in parts)


def _tag_parents(doc: dict[str, Any]) -> dict[str, str]:
    """Tag name -> its ``parent`` tag (OpenAPI 3.2 tag objects)."""
    return {
        str(t["name"]): str(t["parent"])
        for t in doc.get("tags") or []
        if isinstance(t, dict) and isinstance(t.get("name"), str)
        and isinstance(t.get("parent"), str)
    }  # fmt: skip


def _model_modules(
    definitions: dict[str, Definition], edges: dict[str, set[str]]
) -> tuple[ModelModule, ...]:
    """Group definitions into modules by strongly connected component (Tarjan), so mutually
    recursive schemas share one module and imports between modules never cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(root: str) -> None:
        # Iterative, because public specs nest deeper than Python's recursion limit.
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in definitions), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))

    for name in sorted(definitions):
        if name not in index:
            visit(name)
    module_names: set[str] = {"__init__"}
    owner: dict[str, str] = {}
    planned = []
    for component in sorted(components):
        module = unique(
            shorten(snake_name(component[0], fallback="model", reserved=MODULE)), module_names
        )
        for member in component:
            owner[member] = module
        planned.append((module, component))
    modules = []
    for module, component in sorted(planned):
        modules.append(
            ModelModule(
                module=module,
                models=tuple(d for n in component if isinstance(d := definitions[n], Model)),
                enums=tuple(d for n in component if isinstance(d := definitions[n], EnumDef)),
                unions=tuple(d for n in component if isinstance(d := definitions[n], UnionDef)),
            )
        )
    return tuple(modules)


def _extend(
    spec: ExtendSpec,
    aliases: tuple[tuple[str, tuple[str, ...]], ...],
    modules: tuple[ModelModule, ...],
    warn: Warnings,
) -> Extend:
    known = {n for m in modules for n in m.names}
    alias_modules = []
    for module, listed in sorted(aliases):
        for missing in sorted(set(listed) - known):
            warn(
                join_pointer("#/info/x-sdk-modules", module), f"no model or enum named {missing!r}"
            )
        alias_modules.append(
            (snake_name(module, reserved=MODULE), tuple(n for n in listed if n in known))
        )
    return Extend(
        client=_stem(spec.client),
        resources=tuple(
            sorted((snake_name(k, reserved=ATTRIBUTE), _stem(v)) for k, v in spec.resources)
        ),
        exports=tuple(
            sorted(
                (k, _module_path(v))
                for k, v in spec.exports
                # A dunder would replace the package's own (__getattr__, __path__, __import__).
                if k.isidentifier() and not keyword.iskeyword(k) and not _dunder(k)
            )
        ),
        modules=tuple(alias_modules),
    )


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


_SIGNING_KEYS = (
    "algorithm",
    "key",
    "key-encoding",
    "key-length",
    "headers",
    "canonical-string",
    "separator",
)


def _signing(ext: DocumentExtensions) -> Optional[Signing]:
    """The first signing scheme (by name): its credentials as constructor arguments, and the
    signer's settings with the spec's credential names made the Python names."""
    if not ext.signing:
        return None
    spec = ext.signing[0]
    credentials = spec.credentials
    literal = {k: spec.settings[k] for k in _SIGNING_KEYS if k in spec.settings}
    names = tuple(snake_name(c, reserved=PARAMETER) for c in credentials)
    literal["key"] = snake_name(spec.key, reserved=PARAMETER)
    literal["headers"] = {
        snake_name(k, reserved=PARAMETER)
        if k.replace("-", "_") in {c.replace("-", "_") for c in credentials}
        else k: v
        for k, v in spec.headers
    }
    literal["canonical-string"] = [
        snake_name(p, reserved=PARAMETER) if p in credentials else p for p in spec.canonical_string
    ]
    return Signing(names, repr(literal))


def _stem(value: Any) -> str:
    return snake_name(str(value), reserved=MODULE) if value else ""


def _module_path(value: Any) -> str:
    # "lib.credits" -> ".lib.credits"; each part made a safe identifier.
    parts = str(value).split(".")
    return "".join(
        "." + "_" * (len(p) - len(p.lstrip("_"))) + snake_name(p, reserved=MODULE) for p in parts
    )


def _url_template(doc: dict[str, Any]) -> str:
    servers = doc.get("servers") or []
    if servers and isinstance(servers[0], dict) and isinstance(servers[0].get("url"), str):
        return str(servers[0]["url"]).rstrip("/")
    return ""


def _base_url(doc: dict[str, Any]) -> str:
    servers = doc.get("servers") or []
    if servers and isinstance(servers[0], dict) and isinstance(servers[0].get("url"), str):
        return server_url(servers[0])
    return ""


def _error_codes(specs: tuple[ErrorSpec, ...]) -> tuple[ErrorCode, ...]:
    return tuple(
        ErrorCode(
            spec.code,
            class_name(spec.class_name, fallback="Error"),
            spec.status,
            spec.description,
            class_name(spec.parent, fallback="Error") if spec.parent is not None else "",
        )
        for spec in specs
    )
