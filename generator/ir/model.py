"""The intermediate model: everything the templates need, computed, frozen.

The loaded spec is a tree of dicts; the templates must not dig in it. ``build`` turns the spec into
these nouns, with every derived value (Python names, annotations, decode/encode expressions, module
layout, imports) already worked out, so a template only loops and branches.
"""

from __future__ import annotations

from functools import cached_property
from typing import Optional
from urllib.parse import urlsplit

import attrs

from ..runtime._options import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT

__all__ = [
    "AuthScheme",
    "Body",
    "EnumDef",
    "EnumMember",
    "ErrorCode",
    "Extend",
    "Field",
    "Model",
    "ModelModule",
    "Operation",
    "Package",
    "MockAnswer",
    "Pagination",
    "Param",
    "Polling",
    "Resource",
    "ResponseCase",
    "Signing",
    "TypeRef",
    "UnionDef",
]

_PLACEHOLDER = "$x"


@attrs.frozen
class TypeRef:
    """A Python type as the generated code spells it, and how values cross the wire.

    ``decoder``/``encoder`` are expressions with ``$x`` standing for the input; ``None`` means the
    JSON value is already the Python value, so nothing is emitted (the fast path for primitives).
    ``refs`` names the model/enum/union definitions the type mentions, for imports.
    """

    annotation: str
    decoder: Optional[str] = None
    encoder: Optional[str] = None
    refs: frozenset[str] = frozenset()
    # For arguments: what callers may pass (enums also accept their literal values).
    input_annotation: Optional[str] = None
    is_binary: bool = False

    def decode(self, source: str) -> str:
        return source if self.decoder is None else self.decoder.replace(_PLACEHOLDER, source)

    def encode(self, source: str) -> str:
        return source if self.encoder is None else self.encoder.replace(_PLACEHOLDER, source)

    @property
    def argument_annotation(self) -> str:
        return self.input_annotation or self.annotation


@attrs.frozen
class Field:
    """One property of a model: Python name, wire name, type and presence rules."""

    name: str
    wire_name: str
    type: TypeRef
    required: bool
    description: str = ""
    default: Optional[str] = None  # a Python literal, when the spec gives a simple default
    read_only: bool = False
    write_only: bool = False
    pointer: str = ""
    sensitive: bool = False  # x-sdk-sensitive or format: password: kept out of repr()
    constraints: str = ""  # as Param.constraints, checked when the field is an argument
    required_in_schema: bool = False  # listed in `required` (before readOnly/writeOnly relaxing)

    @property
    def has_default(self) -> bool:
        return not self.required

    @property
    def default_literal(self) -> str:
        return self.default if self.default is not None else "None"

    @property
    def annotation(self) -> str:
        annotation = self.type.annotation
        if self.required or annotation == "Any" or annotation.startswith("Optional["):
            return annotation
        return f"Optional[{annotation}]"


@attrs.frozen
class Model:
    """An object schema: an attrs class with straight-line ``from_dict``/``to_dict``."""

    name: str
    fields: tuple[Field, ...]
    description: str = ""
    extra: Optional[TypeRef] = None  # type of additionalProperties values; None: keep as Any
    pointer: str = ""

    @property
    def ordered_fields(self) -> tuple[Field, ...]:
        # attrs needs fields without defaults before fields with them; positional from_dict
        # construction follows the same order.
        return tuple(f for f in self.fields if not f.has_default) + tuple(
            f for f in self.fields if f.has_default
        )


@attrs.frozen
class EnumMember:
    name: str
    value: str  # a Python literal


@attrs.frozen
class EnumDef:
    name: str
    base: str  # "str" or "int"
    members: tuple[EnumMember, ...]
    description: str = ""

    @property
    def literal_annotation(self) -> str:
        return "Literal[" + ", ".join(m.value for m in self.members) + "]"


@attrs.frozen
class UnionDef:
    """``oneOf``/``anyOf``: a type alias plus a decoder choosing the variant.

    With a discriminator the variant is looked up by the discriminator's value (never by first
    fit); without one, variants are tried in order and the first that decodes wins.
    """

    name: str
    variants: tuple[TypeRef, ...]
    discriminator: Optional[str] = None
    mapping: tuple[tuple[str, str], ...] = ()  # (wire value, model name)
    description: str = ""

    @property
    def annotation(self) -> str:
        return "Union[" + ", ".join(v.annotation for v in self.variants) + "]"

    @property
    def decoder_name(self) -> str:
        return f"decode_{self.name}"


@attrs.frozen
class ModelModule:
    """One module of ``models/``: a strongly connected group of definitions (so recursive and
    mutually recursive schemas share a module and imports between modules form a DAG)."""

    module: str
    models: tuple[Model, ...]
    enums: tuple[EnumDef, ...]
    unions: tuple[UnionDef, ...]
    imports: tuple[tuple[str, str], ...]  # (module, name) from sibling modules

    @property
    def names(self) -> tuple[str, ...]:
        return (
            tuple(e.name for e in self.enums)
            + tuple(m.name for m in self.models)
            + tuple(u.name for u in self.unions)
        )


@attrs.frozen
class Param:
    """A parameter or flattened body property as a Python argument."""

    name: str
    wire_name: str
    location: str  # path, query, header, cookie, body, body-model
    type: TypeRef
    required: bool
    description: str = ""
    default: Optional[str] = None
    positional: bool = False
    style: str = "form"
    explode: bool = True
    constraints: str = ""  # keyword arguments of the runtime's check(), as Python literals

    def query_value(self, value: str) -> str:
        """The expression a query parameter is sent as, per its ``style``/``explode``: exploded
        arrays repeat the key (httpx's list behaviour); the others join with their delimiter."""
        encoded = self.type.encode(value)
        if self.type.annotation.startswith("List[") and not self.explode:
            delimiter = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(self.style, ",")
            return f"{delimiter!r}.join(str(v) for v in {encoded})"
        return encoded

    @property
    def signature(self) -> str:
        annotation = self.type.argument_annotation
        if self.required:
            return f"{self.name}: {annotation}"
        if not (annotation == "Any" or annotation.startswith("Optional[")):
            annotation = f"Optional[{annotation}]"
        return f"{self.name}: {annotation} = {self.default or 'None'}"


@attrs.frozen
class Body:
    """A request body. ``kind``: json, form, multipart, binary, text."""

    kind: str
    content_type: str
    style: str  # flatten | model | value
    type: TypeRef
    required: bool


@attrs.frozen
class ResponseCase:
    """How to turn a response with some status into the method's return value."""

    status: str  # "200", "2XX", "default"
    kind: str  # json, text, binary, sse, empty
    type: Optional[TypeRef]


@attrs.frozen
class Polling:
    """``x-sdk-polling`` on a status-read operation: a generated waiter (and iterator).

    ``policy_args`` is the literal argument list of the runtime's ``policy_from_spec`` (built
    here from the spec's values through ``repr``, so it is inert data)."""

    method: str
    iterator: str
    policy_args: str
    interval: Optional[float]  # the spec's fixed interval; None: its per-status cadence
    max_attempts: Optional[int]
    timeout: Optional[float]
    returns_annotation: str
    project: str = ""  # `returns` when the status lies inside it: polled values are that part
    item_annotation: str = "Any"  # what the iterator yields and on_status receives


@attrs.frozen
class Pagination:
    """``x-sdk-pagination``: an ``iter_<method>`` that walks every page and yields the items.

    ``style`` page: the ``cursor`` parameter is a page number from 1; offset: an item offset
    from 0. ``items`` and ``total`` are dotted wire paths into the response."""

    style: str
    cursor: str  # Python name of the page/offset parameter
    size: str  # Python name of the page-size/limit parameter ("" if none)
    items: str
    total: str
    item_annotation: str
    item_refs: frozenset[str] = frozenset()


@attrs.frozen
class MockAnswer:
    """What mock mode answers for an operation: its first success response's example."""

    status: int
    media_type: str
    example: str  # a Python literal (repr of the JSON example): inert data
    status_field: str = ""
    lifecycle: tuple[str, ...] = ()
    # Credentials the served mock demands: alternatives of (where, name); empty: none needed.
    auth: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Operation:
    name: str
    operation_id: str
    http_method: str
    path: str
    path_expr: str  # an f-string body building the path from argument names
    summary: str
    description: str
    params: tuple[Param, ...]
    body: Optional[Body]
    success: tuple[ResponseCase, ...]
    return_annotation: str
    returns: tuple[str, ...]  # x-sdk-returns: attribute names picked from the decoded body
    idempotency: Optional[tuple[str, str]]  # (in, wire name)
    security: Optional[tuple[str, ...]]  # scheme names; None: the document default
    pointer: str
    deprecated: bool = False
    return_refs: frozenset[str] = frozenset()  # definitions the return annotation names
    # An operation with its own `servers`: its base is the client's base URL with `base_up`
    # trailing path segments removed and `base_append` added (so overriding base_url moves it
    # too); `base_absolute` when its server is on another host.
    base_up: int = 0
    base_append: str = ""
    base_absolute: str = ""
    polling: Optional[Polling] = None
    mock: Optional[MockAnswer] = None
    pagination: Optional[Pagination] = None
    retry_safe: bool = False  # x-sdk-idempotent: repeating it has no further effect

    @property
    def iter_params(self) -> tuple[Param, ...]:
        """Parameters of ``iter_<name>``: all but the page cursor, which it drives itself."""
        cursor = self.pagination.cursor if self.pagination else ""
        return tuple(p for p in self.params if p.name != cursor)

    @property
    def base_url_expr(self) -> str:
        if self.base_absolute:
            return repr(self.base_absolute)
        if self.base_up or self.base_append:
            return f"self._api.core.derived_base({self.base_up}, {self.base_append!r})"
        return ""

    @property
    def positional_params(self) -> tuple[Param, ...]:
        # A required parameter can't follow one with a default; such a one stays keyword-only.
        result: list[Param] = []
        for p in self.params:
            if p.location == "path" or p.positional:
                if p.required and result and not result[-1].required:
                    continue
                result.append(p)
        return tuple(result)

    @property
    def keyword_params(self) -> tuple[Param, ...]:
        positional = set(self.positional_params)
        rest = [p for p in self.params if p not in positional]
        return tuple(sorted(rest, key=lambda p: not p.required))

    def params_in(self, location: str) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == location)

    @property
    def stream(self) -> Optional[ResponseCase]:
        return next((c for c in self.success if c.kind == "sse"), None)


@attrs.frozen
class Resource:
    """A namespace on the client (``client.tasks``); ``attr == ""`` is the client itself."""

    attr: str
    class_name: str
    module: str
    operations: tuple[Operation, ...]
    refs: tuple[tuple[str, str], ...]  # (models module, name) used by its operations


@attrs.frozen
class AuthScheme:
    """A security scheme: ``kind`` is api_key, bearer or basic; ``signing`` marks a signer hook."""

    key: str
    kind: str
    location: str = "header"  # for api_key: header, query, cookie
    param_name: str = ""
    description: str = ""
    signing: bool = False


@attrs.frozen
class Signing:
    """``x-sdk-signing`` on a security scheme: constructor credentials and the signer spec."""

    credentials: tuple[str, ...]  # Python argument names, in order
    spec: str  # a Python literal of the signing description (inert data)


@attrs.frozen
class ErrorCode:
    """One ``x-sdk-errors`` entry: the class raised for an error ``code`` in a body. Several
    codes may name one class; ``parent`` (another class) overrides the default parent, the
    class for ``status``."""

    code: str
    class_name: str
    status: Optional[int]
    description: str = ""
    parent: str = ""


@attrs.frozen
class Extend:
    """Where hand-written code (``specs/NAME/lib/``) takes over, from ``info.x-sdk-extend``.

    ``client``/``resources`` name lib modules ``_async_<stem>.py`` whose classes subclass the
    generated ones (their sync twins are derived); ``exports`` adds package-level names;
    ``modules`` (from ``info.x-sdk-modules``) adds public modules re-exporting model names.
    """

    client: str = ""
    resources: tuple[tuple[str, str], ...] = ()  # (resource attr, lib module stem)
    exports: tuple[tuple[str, str], ...] = ()  # (name, module relative to the package)
    modules: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (module, names)

    def resource_stem(self, attr: str) -> str:
        return dict(self.resources).get(attr, "")


@attrs.frozen
class Package:
    """The whole generated package."""

    name: str
    distribution: str
    version: str
    title: str
    description: str
    spec_display_path: str
    spec_sha256: str
    client_class: str
    error_class: str
    errors_module: str
    env_prefix: str
    base_url: str
    auth: tuple[AuthScheme, ...]
    resources: tuple[Resource, ...]
    model_modules: tuple[ModelModule, ...]
    error_codes: tuple[ErrorCode, ...]
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    extend: Extend = Extend()
    rate_limit: Optional[tuple[int, float]] = None  # x-sdk-rate-limit: (requests, period)
    signing: Optional[Signing] = None
    mock_port: int = 8000  # info.x-sdk-mock-port: where `python -m NAME.mock` listens by default
    mock_table: str = "{}"  # the mock's table (ir/mock.py) as a Python literal: inert data
    error_aliases: tuple[tuple[str, str], ...] = ()  # (alias, class) from x-sdk-error-aliases

    @property
    def client_module(self) -> tuple[str, str]:
        """(sync, async) modules the exported client classes come from."""
        if self.extend.client:
            return (f".lib._sync_{self.extend.client}", f".lib._async_{self.extend.client}")
        return ("._client", "._client")

    @property
    def error_classes(self) -> tuple[tuple[str, str, str, Optional[int]], ...]:
        """(class, parent, docstring, status) of every exception class, parents first."""
        base, api = self.error_class, "APIError"
        standard = [
            (api, base, "The API answered with an error status.", None),
            ("BadRequestError", api, "400: the request was malformed or invalid.", 400),
            ("AuthenticationError", api, "401: missing, invalid or expired credentials.", 401),
            ("PermissionDeniedError", api, "403: the credentials lack a permission.", 403),
            ("NotFoundError", api, "404: no such resource.", 404),
            ("ConflictError", api, "409: the request conflicts with the resource's state.", 409),
            ("PayloadTooLargeError", api, "413: the request body is too large.", 413),
            ("UnprocessableEntityError", api, "422: the request failed validation.", 422),
            ("RateLimitError", api, "429: too many requests; see ``retry_after``.", 429),
            ("InternalServerError", api, "5xx: the server failed.", None),
            ("APIConnectionError", base, "The API could not be reached.", None),
            ("APITimeoutError", "APIConnectionError", "The request timed out.", None),
            (
                "InvalidArgumentError",
                f"{base}, ValueError",
                "An argument breaks the spec's constraints; nothing was sent (see ``rule``).",
                None,
            ),
            ("WaitError", base, "A wait for a terminal status did not succeed.", None),
            (
                "WaitFailedError",
                "WaitError",
                "The resource reached a failure status; see ``last``.",
                None,
            ),
            (
                "WaitTimeoutError",
                "WaitError",
                "Attempts or time ran out first; see ``last``.",
                None,
            ),
        ]
        names = {name for name, _, _, _ in standard}
        by_status = {status: name for name, _, _, status in standard if status is not None}
        custom: dict[str, tuple[str, str, str, Optional[int]]] = {}
        for code in self.error_codes:
            if code.class_name in names or code.class_name == base:
                continue
            if code.class_name in custom:  # a second code for the same class
                continue
            if code.status is not None and code.status >= 500:
                parent = "InternalServerError"
            else:
                parent = by_status.get(code.status or 0, api)
            if code.parent:
                parent = code.parent
            doc = code.description or f"The API answered with error code ``{code.code}``."
            custom[code.class_name] = (code.class_name, parent, doc, code.status)
        known = names | set(custom)
        # Parents first; a parent naming no known class falls back to APIError.
        ordered: list[tuple[str, str, str, Optional[int]]] = []
        placed = set(names)
        pending = [(n, p if p in known else api, d, s) for n, p, d, s in custom.values()]
        while pending:
            ready = [c for c in pending if c[1] in placed] or [
                (pending[0][0], api, *pending[0][2:])
            ]
            for entry in ready:
                ordered.append(entry)
                placed.add(entry[0])
            pending = [c for c in pending if c[0] not in placed]
        return tuple(standard) + tuple(ordered)

    @property
    def error_code_map(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (c.code, c.class_name) for c in self.error_codes if c.class_name != self.error_class
        )

    @property
    def base_path(self) -> str:
        """The path of the default server URL (``/api/developer``), served by the mock too."""
        return urlsplit(self.base_url).path.rstrip("/")

    @property
    def api_title(self) -> str:
        """``CodeVF API`` for titles with or without the word already."""
        return self.title if self.title.lower().endswith("api") else f"{self.title} API"

    @property
    def submodules(self) -> tuple[str, ...]:
        """Public modules reachable as attributes of the package (``pkg.types``)."""
        names = {"models", "resources", self.errors_module, *(m for m, _ in self.extend.modules)}
        if self.extend.client or self.extend.resources or self.extend.exports:
            names.add("lib")
        return tuple(sorted(names))

    @property
    def async_client_class(self) -> str:
        return f"Async{self.client_class}"

    @property
    def api_key_scheme(self) -> Optional[AuthScheme]:
        """The scheme an ``api_key`` is sent with: the first one that isn't a signing hook."""
        return next((a for a in self.auth if not a.signing and a.kind != "basic"), None)

    @property
    def basic_scheme(self) -> Optional[AuthScheme]:
        """An HTTP basic scheme: the clients then take ``username=`` and ``password=``."""
        return next((a for a in self.auth if a.kind == "basic"), None)

    @property
    def namespaces(self) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if r.attr)

    @property
    def root_resource(self) -> Optional[Resource]:
        return next((r for r in self.resources if not r.attr), None)

    @cached_property
    def exported_models(self) -> tuple[tuple[str, str], ...]:
        """(name, module) of every model, enum and union, sorted; computed once (templates
        read it once per definition, and GitHub-sized specs have thousands)."""
        return tuple(sorted((n, m.module) for m in self.model_modules for n in m.names))

    @cached_property
    def model_module_of(self) -> dict[str, str]:
        """Name of a model, enum or union -> the ``models/`` module defining it."""
        found: dict[str, str] = {}
        for name, module in self.exported_models:
            found.setdefault(name, module)
        return found

    @property
    def enums(self) -> tuple[EnumDef, ...]:
        return tuple(e for m in self.model_modules for e in m.enums)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)
