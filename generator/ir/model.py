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
from .imports import import_block
from .types import ANY, Kind, TypeRef, nullable

__all__ = [
    "AuthScheme",
    "Body",
    "EnumDef",
    "EnumMember",
    "ErrorClass",
    "ErrorCode",
    "Export",
    "Extend",
    "Field",
    "Model",
    "ModelModule",
    "Operation",
    "Package",
    "Pagination",
    "Param",
    "Polling",
    "Resource",
    "ResponseCase",
    "Signing",
    "TypeRef",
    "UnionDef",
]


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
    def declared_type(self) -> TypeRef:
        """The attribute's type: optional unless required."""
        return self.type if self.required else nullable(self.type)

    @property
    def annotation(self) -> str:
        return self.declared_type.annotation

    @property
    def sets_default(self) -> bool:
        return self.default is not None


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
    def names(self) -> frozenset[str]:
        """Names the alias and its decoder use (for the module's imports)."""
        found = {"Any", "Union"}
        if self.discriminator:
            found.add("UnknownVariantError")
        for v in self.variants:
            found |= v.annotation_names | v.decoder_names
        return frozenset(found)

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
    imports: str = ""  # the module's import block (ir/uses.py)

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
        if self.type.is_list and not self.explode:
            delimiter = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(self.style, ",")
            return f"{delimiter!r}.join(str(v) for v in {encoded})"
        return encoded

    @property
    def argument_type(self) -> TypeRef:
        """The argument's type: optional (default None) unless required."""
        return self.type if self.required else nullable(self.type)

    @property
    def signature(self) -> str:
        annotation = self.argument_type.input_annotation
        if self.required:
            return f"{self.name}: {annotation}"
        return f"{self.name}: {annotation} = {self.default or 'None'}"

    @property
    def names(self) -> frozenset[str]:
        """Names the argument's annotation, default, check and encoding use."""
        found = set(self.argument_type.input_names | self.type.encoder_names)
        if self.default and "." in self.default:  # an enum member: Enum.MEMBER
            found.add(self.default.split(".", 1)[0])
        if self.constraints:
            found |= {"check", "InvalidArgumentError"}
        return frozenset(found)


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

    @property
    def status_code(self) -> int:
        """The status this case is chosen by (a range or default stands for 200)."""
        return int(self.status) if self.status.isdigit() else 200

    @property
    def value_type(self) -> TypeRef:
        return self.type if self.type is not None else TypeRef(Kind.NULL)

    @property
    def decode_expr(self) -> str:
        """The expression turning ``response`` into the returned value."""
        if self.kind == "json" and self.type is not None:
            if self.type.decoder is None and not self.type.is_any:
                # Plain JSON already is the value; cast() tells type checkers so.
                return f"cast({self.type.annotation!r}, response.json())"
            return self.type.decode("response.json()")
        return {"text": "response.text", "binary": "response.content"}.get(self.kind, "None")

    @property
    def names(self) -> frozenset[str]:
        if self.kind != "json" or self.type is None:
            return frozenset()
        if self.type.decoder is None and not self.type.is_any:
            return self.type.annotation_names | {"cast"}
        return self.type.decoder_names


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
    returns_type: TypeRef  # what the waiter returns
    project: str = ""  # `returns` when the status lies inside it: polled values are that part
    item_type: TypeRef = ANY  # what the iterator yields and on_status receives

    @property
    def names(self) -> frozenset[str]:
        return frozenset(
            {"AsyncPoller", "Poller", "policy_from_spec", "ERRORS", "Callable", "Any", "Optional"}
            | self.returns_type.annotation_names
            | self.item_type.annotation_names
        )


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
    item_type: TypeRef

    @property
    def first(self) -> int:
        """The first cursor value: page numbers count from 1, offsets from 0."""
        return 1 if self.style == "page" else 0

    @property
    def step(self) -> str:
        """How the cursor moves after a page: one page, or past the items received."""
        return "1" if self.style == "page" else "len(items)"


# What an operation's method returns (Operation.return_shape).
RETURNS_NOTHING = "nothing"
RETURNS_VALUE = "value"  # the decoded body of its one kind of success
RETURNS_BY_STATUS = "by_status"  # success statuses with different bodies
RETURNS_PICKED = "picked"  # x-sdk-returns: one attribute of the decoded body
RETURNS_PICKED_TUPLE = "picked_tuple"  # x-sdk-returns: a tuple of attributes
RETURNS_STREAM = "stream"  # an event stream


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
    return_type: TypeRef  # for a stream, the type of its events
    returns: tuple[str, ...]  # x-sdk-returns: attribute names picked from the decoded body
    idempotency: Optional[tuple[str, str]]  # (in, wire name)
    security: Optional[tuple[str, ...]]  # scheme names; None: the document default
    pointer: str
    deprecated: bool = False
    # An operation with its own `servers`: its base is the client's base URL with `base_up`
    # trailing path segments removed and `base_append` added (so overriding base_url moves it
    # too); `base_absolute` when its server is on another host.
    base_up: int = 0
    base_append: str = ""
    base_absolute: str = ""
    polling: Optional[Polling] = None
    pagination: Optional[Pagination] = None
    idempotent: bool = False  # x-sdk-idempotent: repeating it has no further effect

    @property
    def retry_safe(self) -> bool:
        """May be sent again after a failure: declared idempotent, or made so by its key."""
        return self.idempotent or self.idempotency is not None

    @property
    def idempotency_header(self) -> str:
        """The header the idempotency key goes in ("" when none or in the body)."""
        return self.idempotency[1] if self.idempotency and self.idempotency[0] == "header" else ""

    @property
    def idempotency_field(self) -> str:
        """The body field the idempotency key goes in ("" when none or in a header)."""
        return self.idempotency[1] if self.idempotency and self.idempotency[0] == "body" else ""

    @property
    def stream(self) -> Optional[ResponseCase]:
        return next((c for c in self.success if c.kind == "sse"), None)

    @property
    def return_shape(self) -> str:
        if self.stream is not None:
            return RETURNS_STREAM
        if self.returns:
            return RETURNS_PICKED_TUPLE if self.return_type.kind == Kind.TUPLE else RETURNS_PICKED
        if len({c.value_type for c in self.success}) > 1:
            return RETURNS_BY_STATUS
        if self.success and self.return_type.kind != Kind.NULL:
            return RETURNS_VALUE
        return RETURNS_NOTHING

    @property
    def return_annotation(self) -> str:
        return self.return_type.annotation

    def returns_annotation(self, is_async: bool) -> str:
        """The method's return annotation (a stream's depends on the client)."""
        if self.stream is not None:
            return f"{'AsyncStream' if is_async else 'Stream'}[{self.return_type.annotation}]"
        return self.return_type.annotation

    @property
    def reads_response(self) -> bool:
        """The method keeps the response to decode or return it."""
        return self.return_shape != RETURNS_NOTHING

    @property
    def poll_iterator(self) -> str:
        """The polling iterator's method: public when the spec names it."""
        return (self.polling.iterator if self.polling else "") or f"_poll_{self.name}"

    @property
    def file_params(self) -> tuple[Param, ...]:
        """Multipart parts sent as files."""
        if self.body is None or self.body.kind != "multipart":
            return ()
        return tuple(p for p in self.params if p.location == "body" and p.type.is_binary)

    @property
    def field_params(self) -> tuple[Param, ...]:
        """Flattened body properties sent as fields of the body (not as files)."""
        files = set(self.file_params)
        return tuple(p for p in self.params if p.location == "body" and p not in files)

    @property
    def builds_body(self) -> bool:
        """The body is assembled from flattened arguments (and maybe the idempotency key)."""
        return bool(self.params_in("body") or self.idempotency_field)

    @property
    def value_param(self) -> Optional[Param]:
        """The one argument that is the whole body, when the body is not flattened."""
        return next(iter(self.params_in("body-value")), None)

    @property
    def iter_params(self) -> tuple[Param, ...]:
        """Parameters of ``iter_<name>``: all but the page cursor, which it drives itself."""
        cursor = self.pagination.cursor if self.pagination else ""
        return tuple(p for p in self.params if p.name != cursor)

    @property
    def iter_positional_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.iter_params if p.location == "path" or p.positional)

    @property
    def iter_keyword_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.iter_params if not (p.location == "path" or p.positional))

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
    def names(self) -> frozenset[str]:
        """Every importable name the operation's methods (sync and async) use."""
        found = {"Optional", "Mapping", "Union", "httpx", "SyncAPIClient", "AsyncAPIClient"}
        found.add("RequestOptions")  # every call passes its options
        for p in self.params:
            found |= p.names
        if self.params_in("query") or self.builds_body:
            found.add("Any")  # dict[str, Any]
        if any(p.style == "deepObject" for p in self.params_in("query")):
            found.add("deep_object")
        if self.params_in("path"):
            found.add("path_param")
        shape = self.return_shape
        found |= self.return_type.annotation_names
        if shape == RETURNS_STREAM:
            found |= {"Stream", "AsyncStream", "resume_headers"} | self.return_type.decoder_names
        elif shape == RETURNS_BY_STATUS:
            for case in self.success:
                found |= case.names
        elif shape != RETURNS_NOTHING:
            found |= self.success[0].names
        if self.polling is not None:
            found |= self.polling.names | {"Tuple"}
        if self.pagination is not None:
            found |= {"Iterator", "AsyncIterator", "read_path"}
            found |= self.pagination.item_type.annotation_names
        return frozenset(found)


@attrs.frozen
class Resource:
    """A namespace on the client (``client.tasks``); ``attr == ""`` is the client itself."""

    attr: str
    class_name: str
    module: str
    operations: tuple[Operation, ...]
    imports: str = ""  # the module's import block (ir/uses.py)


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
class ErrorClass:
    """One exception class of the errors module. ``status``: the HTTP status it stands for in
    the status table (None: chosen otherwise, by error code, range or kind)."""

    name: str
    parent: str
    doc: str
    status: Optional[int] = None


@attrs.frozen
class Export:
    """A package-level name: where type checkers import it from, and where ``__getattr__``
    loads it on first use."""

    name: str
    module: str  # relative to the package, e.g. ``._client`` or ``.models.task``
    lazy_module: str  # what the lazy table names (``.models`` for a model's enum)


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


# The exceptions an error status raises when no error code names a class: (name, doc, status).
_STATUS_ERRORS = (
    ("BadRequestError", "400: the request was malformed or invalid.", 400),
    ("AuthenticationError", "401: missing, invalid or expired credentials.", 401),
    ("PermissionDeniedError", "403: the credentials lack a permission.", 403),
    ("NotFoundError", "404: no such resource.", 404),
    ("ConflictError", "409: the request conflicts with the resource's state.", 409),
    ("PayloadTooLargeError", "413: the request body is too large.", 413),
    ("UnprocessableEntityError", "422: the request failed validation.", 422),
    ("RateLimitError", "429: too many requests; see ``retry_after``.", 429),
)


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

    @cached_property
    def error_classes(self) -> tuple[ErrorClass, ...]:
        """Every exception class but the base, parents first: the standard ones, then those of
        ``x-sdk-errors``."""
        base, api = self.error_class, "APIError"
        standard = [
            ErrorClass(api, base, "The API answered with an error status."),
            *(ErrorClass(name, api, doc, status) for name, doc, status in _STATUS_ERRORS),
            ErrorClass("InternalServerError", api, "5xx: the server failed."),
            ErrorClass("APIConnectionError", base, "The API could not be reached."),
            ErrorClass("APITimeoutError", "APIConnectionError", "The request timed out."),
            ErrorClass(
                "InvalidArgumentError",
                f"{base}, ValueError",
                "An argument breaks the spec's constraints; nothing was sent (see ``rule``).",
            ),
            ErrorClass("WaitError", base, "A wait for a terminal status did not succeed."),
            ErrorClass(
                "WaitFailedError",
                "WaitError",
                "The resource reached a failure status; see ``last``.",
            ),
            ErrorClass(
                "WaitTimeoutError", "WaitError", "Attempts or time ran out first; see ``last``."
            ),
        ]
        names = {e.name for e in standard}
        by_status = {status: name for name, _, status in _STATUS_ERRORS}
        custom: dict[str, ErrorClass] = {}
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
            # Custom classes are found by their code, not in the status table.
            custom[code.class_name] = ErrorClass(code.class_name, parent, doc)
        known = names | set(custom)
        # Parents first; a parent naming no known class falls back to APIError.
        ordered: list[ErrorClass] = []
        placed = set(names)
        pending = [e if e.parent in known else attrs.evolve(e, parent=api) for e in custom.values()]
        while pending:
            ready = [e for e in pending if e.parent in placed] or [
                attrs.evolve(pending[0], parent=api)
            ]
            for entry in ready:
                ordered.append(entry)
                placed.add(entry.name)
            pending = [e for e in pending if e.name not in placed]
        return tuple(standard) + tuple(ordered)

    @property
    def status_table(self) -> tuple[ErrorClass, ...]:
        """The classes an error status maps to (the errors module's ``by_status``)."""
        return tuple(e for e in self.error_classes if e.status is not None)

    @cached_property
    def exports(self) -> tuple[Export, ...]:
        """Every package-level name, in ``__all__`` order."""
        errors = f".{self.errors_module}"
        sync, async_ = self.client_module
        found = [
            Export(self.client_class, sync, sync),
            Export(self.async_client_class, async_, async_),
            Export(self.error_class, errors, errors),
            *(Export(e.name, errors, errors) for e in self.error_classes),
            *(Export(alias, errors, errors) for alias, _ in self.error_aliases),
            *(
                Export(e.name, f".models.{self.model_module_of[e.name]}", ".models")
                for e in self.enums
            ),
            *(Export(name, module, module) for name, module in self.extend.exports),
        ]
        return tuple(found)

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
    def export_imports(self) -> str:
        """What type checkers import for the package's lazily loaded names."""
        return import_block((), local=((e.module, e.name) for e in self.exports))

    @property
    def model_imports(self) -> str:
        """What type checkers import for ``models/``' lazily loaded names."""
        return import_block((), local=(("." + m, n) for n, m in self.exported_models))

    def alias_imports(self, names: tuple[str, ...]) -> str:
        """The imports of a module re-exporting ``names`` (``x-sdk-modules``)."""
        wanted = set(names)
        found = ((f"models.{m}", n) for n, m in self.exported_models if n in wanted)
        return import_block((), local=found)

    @property
    def client_imports(self) -> str:
        """The import block of ``_client.py``."""
        names = {"Mapping", "Optional", "TypeVar", "Union", "httpx", "AsyncAPIClient"}
        names |= {"ClientCore", "RateLimit", "RequestSigner", "ResponseHook", "request_id_of"}
        names.add("SyncAPIClient")
        if self.namespaces:
            names |= {"functools", "TYPE_CHECKING"}
        if self.signing:
            names |= {"os", "HmacSigner"}
        local = [(self.errors_module, "ERRORS")]
        if self.root_resource:
            local += [("resources._root", "Root"), ("resources._root", "AsyncRoot")]
        return import_block(names, local=local)

    @property
    def client_type_imports(self) -> str:
        """The namespace classes ``_client.py`` names in annotations only."""
        local = []
        for r in self.namespaces:
            stem = self.extend.resource_stem(r.attr)
            if stem:
                local += [(f"lib._async_{stem}", f"Async{r.class_name}")]
                local += [(f"lib._sync_{stem}", r.class_name)]
            else:
                local += [
                    (f"resources.{r.module}", n) for n in (r.class_name, f"Async{r.class_name}")
                ]
        return import_block((), local=local)

    @property
    def enums(self) -> tuple[EnumDef, ...]:
        return tuple(e for m in self.model_modules for e in m.enums)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)
