"""The intermediate model: everything the templates need, computed, frozen.

The loaded spec is a tree of dicts; the templates must not dig in it. ``build`` turns the spec into
these nouns, with every derived value (Python names, annotations, decode/encode expressions, module
layout, imports) already worked out, so a template only loops and branches. This module holds
operations and what they are made of; ``definitions`` the models, enums and unions; ``package``
the package as a whole.
"""

from __future__ import annotations

from typing import Optional

import attrs

from .constraints import GUARD_BUILTINS
from .definitions import EnumDef, EnumMember, Field, Model, ModelModule, UnionDef
from .headers import ResponseHeader
from .media import STREAM_KINDS
from .pagination import Pagination
from .params import Param
from .types import ANY, Kind, TypeRef, choice_of

__all__ = [
    "Body",
    "EnumDef",
    "EnumMember",
    "Field",
    "Model",
    "ModelModule",
    "Operation",
    "Pagination",
    "Param",
    "Polling",
    "Resource",
    "ResponseCase",
    "TypeRef",
    "UnionDef",
]


@attrs.frozen
class Body:
    """A request body. ``kind``: json, form, multipart, binary, text."""

    kind: str
    content_type: str
    style: str  # flatten | model | value
    type: TypeRef
    required: bool


_DECODE_FAILURE_NAMES = frozenset(
    {"DECODE_FAILURES", "response_validation_error", "APIResponseValidationError"}
)


@attrs.frozen
class ResponseCase:
    """How to turn a response with some status into the method's return value."""

    status: str  # "200", "2XX", "default"
    kind: str  # json, text, binary, empty, dispatch (by the answer's Content-Type), or a
    # stream of items: sse, jsonl, jsonseq (ir/media.py)
    type: Optional[TypeRef]
    media_type: str = ""
    terminator: str = ""  # x-sdk-stream: the item ending a stream
    # The status's other media types (CSV beside JSON...): the answer's Content-Type picks.
    alternatives: tuple[ResponseCase, ...] = ()

    @property
    def framing(self) -> str:
        """The runtime framing of a stream other than plain server-sent events ("" for those):
        ``JSON_LINES``, ``SSE.until('[DONE]')``... (runtime/_sequences.py)."""
        base = STREAM_KINDS.get(self.kind, "")
        if not self.terminator:
            return base
        return f"{base or 'SSE'}.until({self.terminator!r})"

    @property
    def framing_names(self) -> frozenset[str]:
        return frozenset({self.framing.split(".", 1)[0]}) if self.framing else frozenset()

    @property
    def status_code(self) -> int:
        """The status this case is chosen by (a range or default stands for 200)."""
        return int(self.status) if self.status.isdigit() else 200

    @property
    def value_type(self) -> TypeRef:
        own = self.type if self.type is not None else TypeRef(Kind.NULL)
        if not self.alternatives:
            return own
        types = tuple(dict.fromkeys([own, *(a.value_type for a in self.alternatives)]))
        return types[0] if len(types) == 1 else choice_of(types)

    @property
    def decode_expr(self) -> str:
        """The expression turning ``response`` into the returned value."""
        if self.kind == "json" and self.type is not None:
            if self.type.decoder is None and not self.type.is_any:
                # Plain JSON already is the value; cast() tells type checkers so.
                return f"cast({self.type.annotation!r}, response.json())"
            return self.type.decode("response.json()")
        if self.kind == "dispatch":
            return "decode_by_content_type(response)"
        return {"text": "response.text", "binary": "response.content"}.get(self.kind, "None")

    @property
    def can_fail(self) -> bool:
        """Decoding may fail (the body is parsed as JSON): the call site turns a failure into
        the package's ``APIResponseValidationError`` (``runtime/_decoding.py``)."""
        return (self.kind == "json" and self.type is not None) or self.kind == "dispatch"

    @property
    def expected(self) -> str:
        """The decoded type as text, named in a decode failure (this media type's own)."""
        return (self.type if self.type is not None else TypeRef(Kind.NULL)).annotation

    @property
    def names(self) -> frozenset[str]:
        if self.alternatives:
            others = frozenset().union(*(a.names for a in self.alternatives))
            own = attrs.evolve(self, alternatives=()).names
            return own | others | {"media_type_is"} | self.value_type.annotation_names
        if self.kind == "dispatch":
            return _DECODE_FAILURE_NAMES | {"decode_by_content_type"}
        if self.kind != "json" or self.type is None:
            return frozenset()
        if self.type.decoder is None and not self.type.is_any:
            return self.type.annotation_names | {"cast"} | _DECODE_FAILURE_NAMES
        return self.type.decoder_names | _DECODE_FAILURE_NAMES


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
    initial_delay: float = 0.0  # the spec's wait before the first poll, kept under poll_interval

    @property
    def names(self) -> frozenset[str]:
        return frozenset(
            {"AsyncPoller", "Poller", "policy_from_spec", "ERRORS", "Callable", "Any", "Optional"}
            | self.returns_type.annotation_names
            | self.item_type.annotation_names
        )


# What an operation's method returns (Operation.return_shape).
RETURNS_NOTHING = "nothing"
RETURNS_VALUE = "value"  # the decoded body of its one kind of success
RETURNS_BY_STATUS = "by_status"  # success statuses with different bodies
RETURNS_PICKED = "picked"  # x-sdk-returns: one attribute of the decoded body
RETURNS_PICKED_TUPLE = "picked_tuple"  # x-sdk-returns: a tuple of attributes
RETURNS_STREAM = "stream"  # an event stream
# Methods whose repetition has no further effect (RFC 9110 9.2.2), as the runtime's retries read it.
_REPEATABLE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})


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
    # Its security requirement where it differs from the root's (ir/security.py): alternatives
    # of (scheme key, scopes); ((),) sends no credentials. None: the client's defaults.
    requirement: Optional[tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]] = None
    # Headers its success responses declare, parsed by ``with_raw_response`` (ir/headers.py).
    response_headers: tuple[ResponseHeader, ...] = ()
    # A JSON success that also comes as a stream (application/json and text/event-stream
    # listed together): the method asks for JSON; ``stream_twin`` is its streaming sibling.
    stream_alternative: Optional[ResponseCase] = None

    def stream_twin(self, name: str) -> Operation:
        """The operation again as ``name``, asking for and returning the stream."""
        case = self.stream_alternative
        assert case is not None and case.type is not None
        return attrs.evolve(
            self,
            name=name,
            success=(case,),
            return_type=case.type,
            returns=(),
            polling=None,
            pagination=None,
            stream_alternative=None,
        )

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
        return next((c for c in self.success if c.kind in STREAM_KINDS), None)

    @property
    def accept(self) -> str:
        """The ``Accept`` header when the success answers come in several media types (JSON
        first): the server then knows what the client decodes. "" otherwise (nothing sent)."""
        if self.stream is not None:
            return ""
        if self.stream_alternative is not None:  # JSON, not the stream the twin asks for
            return self.success[0].media_type if self.success else ""
        offered = [c.media_type for c in self.success if c.media_type]
        offered += [a.media_type for c in self.success for a in c.alternatives]
        unique = list(dict.fromkeys(offered))
        return ", ".join(unique) if len(unique) > 1 else ""

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
    def event_decoder(self) -> str:
        """A stream event's decoding: an event whose discriminator names a variant this SDK
        doesn't know raises ``UnknownVariantError`` there, which the stream skips (APIs add
        event types); a regular response keeps it as the union's ``...Unknown`` value."""
        expr = self.return_type.decode("event.json()")
        return f"known_variant({expr})" if self.return_type.kind == Kind.UNION else expr

    @property
    def return_annotation(self) -> str:
        return self.return_type.annotation

    def returns_annotation(self, is_async: bool) -> str:
        """The method's return annotation (a stream's depends on the client)."""
        if self.stream is not None:
            return f"{'AsyncStream' if is_async else 'Stream'}[{self.return_type.annotation}]"
        pg = self.pagination
        if pg is not None and pg.page_class:
            if is_async:  # awaitable (the first page) and async-iterable (every item)
                return f"AsyncPageCall[Async{pg.page_class}, {pg.item_type.annotation}]"
            return pg.page_class
        return self.return_type.annotation

    def page_annotation(self, is_async: bool) -> str:
        """Its page object's class on the sync or async client."""
        page_class = self.pagination.page_class if self.pagination else ""
        return f"{'Async' if is_async else ''}{page_class}"

    @property
    def downloads(self) -> bool:
        """Answers a file or text body: the method returns it whole, and
        ``with_streaming_response`` reads it as it arrives (the README shows both)."""
        return self.stream is None and any(c.kind in ("binary", "text") for c in self.success)

    @property
    def reads_response(self) -> bool:
        """The method keeps the response to decode or return it."""
        return self.return_shape != RETURNS_NOTHING

    @property
    def poll_iterator(self) -> str:
        """The polling iterator's method: public when the spec names it."""
        return (self.polling.iterator if self.polling else "") or f"_poll_{self.name}"

    @property
    def media_param(self) -> Optional[Param]:
        """``content_type``: the operation offers its body in several media types."""
        return next(iter(self.params_in("body-media")), None)

    @property
    def media_fields(self) -> str:
        """What ``request_body`` encodes in the chosen media type: the assembled ``body``, the
        whole-body argument, or an empty object when the schema leaves nothing to send."""
        value = self.value_param
        if self.builds_body or value is None:
            return "body" if self.builds_body else "{}"
        return value.name

    @property
    def part_params(self) -> tuple[Param, ...]:
        """Multipart: every flattened property is a part (files, text, JSON)."""
        if self.body is None or self.body.kind != "multipart" or self.media_param:
            return ()
        return self.params_in("body")

    @property
    def field_params(self) -> tuple[Param, ...]:
        """Flattened body properties sent as fields of a JSON or form body (or, with several
        media types, gathered for the runtime to encode)."""
        if self.body is not None and self.body.kind == "multipart" and not self.media_param:
            return ()
        return self.params_in("body")

    @property
    def extra_param(self) -> Optional[Param]:
        """``additional_properties``: keys the body schema allows beyond its declared ones."""
        return next(iter(self.params_in("body-extra")), None)

    @property
    def builds_body(self) -> bool:
        """The body is assembled from flattened arguments (and maybe the idempotency key)."""
        return bool(self.params_in("body") or self.idempotency_field)

    @property
    def raw_form(self) -> bool:
        """A form body the runtime spells (a property that is not one plain value)."""
        return (
            self.body is not None
            and self.body.kind == "form"
            and not self.media_param
            and any(not p.plain_query for p in self.field_params)
        )

    @property
    def optional_json(self) -> bool:
        """An optional flattened JSON body: sent only when some property is given."""
        return (
            self.body is not None
            and self.body.kind == "json"
            and not self.body.required
            and not self.idempotency_field
        )

    @property
    def content_type_guard(self) -> str:
        """When the method sets the body's Content-Type itself ("always", a condition, or "":
        httpx's own is right): text and binary bodies, and JSON sent as another JSON media type
        (``application/merge-patch+json``)."""
        body = self.body
        if body is None or self.media_param is not None:
            return ""
        if body.kind not in ("text", "binary") and not (
            body.kind == "json" and body.content_type.lower() != "application/json"
        ):
            return ""
        value = self.value_param
        if value is not None and not value.required:
            return f"{value.name} is not None"
        return "body" if self.optional_json and value is None else "always"

    @property
    def body_names(self) -> frozenset[str]:
        """Names the body's assembly uses beyond its arguments' own."""
        body = self.body
        if body is None:
            return frozenset()
        found: set[str] = set()
        for p in self.part_params:
            found.add("file_part" if p.type.is_binary else "form_part")
        if self.part_params and self.extra_param:
            found.add("form_part")
        if self.raw_form:
            found |= {"query_items", "InvalidArgumentError"}
        value = self.value_param
        if value is not None and value.type.kind == Kind.CONTENT:
            found |= {"binary_body", "async_binary_body"}
        if self.media_param is not None:
            found.add("request_body")
        if any(p.omittable for p in self.params):
            found |= {"NOT_GIVEN", "NotGiven", "Union"}
        return frozenset(found)

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

    @property
    def raw_query(self) -> bool:
        """The runtime builds the query string (some parameter is not one plain value), so
        delimiters and reserved characters are spelt as the style says, not as httpx would."""
        return any(not p.plain_query for p in self.params_in("query"))

    @property
    def checks(self) -> tuple[tuple[Param, str], ...]:
        """Each argument ``check()`` verifies, with the guard that skips the call when it
        plainly holds ("" for none). An argument named ``type``, ``len``... shadows builtins
        the guards spell: such a method calls ``check()`` without them."""
        shadowed = any(p.name in GUARD_BUILTINS for p in self.params)
        return tuple((p, "" if shadowed else p.check_guard) for p in self.params if p.constraints)

    def params_in(self, location: str) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == location)

    @property
    def own_options(self) -> tuple[tuple[str, str], ...]:
        """The ``RequestOptions`` fields the operation sets itself, as (field, expression)."""
        found = []
        if self.retry_safe:
            found.append(("retry_safe", "True"))
        if self.stream:
            found.append(("stream", "True"))
        if self.base_url_expr:
            found.append(("base_url", self.base_url_expr))
        if self.requirement is not None:
            found.append(("security", repr(self.requirement)))
        return tuple(found)

    @property
    def options_constant(self) -> str:
        """The options a call passes when its caller gives no per-call option, built once:
        ``NO_OPTIONS`` (the runtime's) when the operation sets none, else a constant of its
        resource module (``Resource.option_constants``); "" when they depend on the client (a
        base URL derived from the client's), so each call builds them."""
        if self.base_up or self.base_append:
            return ""
        return f"_{self.name.upper()}_OPTIONS" if self.own_options else "NO_OPTIONS"

    @property
    def stream_resumable(self) -> bool:
        """A dropped event stream may be reopened after its last event id: the request may be
        repeated (a retry-safe method, or an idempotency key / ``x-sdk-idempotent``)."""
        return self.http_method.upper() in _REPEATABLE_METHODS or self.retry_safe

    @property
    def headers_class(self) -> str:
        """The class of its declared response headers (``PetsListHeaders``); "" when none."""
        if not self.response_headers or self.return_shape == RETURNS_STREAM:
            return ""
        return "".join(w[:1].upper() + w[1:] for w in self.name.split("_")) + "Headers"

    @property
    def raw_wrappers(self) -> tuple[str, str, str, str]:
        """The runtime wrappers of ``with_raw_response.<name>`` and
        ``with_streaming_response.<name>``: sync raw, async raw, sync streamed, async streamed
        (an event stream's own kind when the operation answers one; both parse the declared
        response headers too when there are some)."""
        kind = "_stream" if self.return_shape == RETURNS_STREAM else ""
        raw = "_headers" if self.headers_class else kind
        return (
            f"sync_raw{raw}_wrapper",
            f"async_raw{raw}_wrapper",
            f"sync_streamed{raw}_wrapper",
            f"async_streamed{raw}_wrapper",
        )

    @property
    def names(self) -> frozenset[str]:
        """Every importable name the operation's methods (sync and async) use."""
        found = {"Optional", "Mapping", "Union", "httpx", "SyncAPIClient", "AsyncAPIClient"}
        # Every call passes its options: the runtime's NO_OPTIONS, or its own; the caller's
        # extra_query/extra_body are Mapping[str, Any].
        found.add("NO_OPTIONS" if self.options_constant == "NO_OPTIONS" else "RequestOptions")
        found |= {"NotGiven", "NOT_GIVEN", "Any"}
        for p in self.params:
            found |= p.names
        if (self.params_in("query") and not self.raw_query) or (
            self.builds_body and not self.raw_form
        ):
            found.add("Any")  # dict[str, Any]
        if self.raw_query:
            found |= {"query_items", "InvalidArgumentError"}
        found |= self.body_names
        if any(p.plain_path for p in self.params_in("path")):
            found.add("path_param")
        shape = self.return_shape
        found |= self.return_type.annotation_names
        found |= set(self.raw_wrappers)
        if self.headers_class:
            found |= {"DeclaredHeaders", "httpx"}
            for h in self.response_headers:
                found |= h.names
        if shape == RETURNS_STREAM:
            found |= {"Stream", "AsyncStream", "resume_headers"} | self.return_type.decoder_names
            if self.return_type.kind == Kind.UNION:
                found.add("known_variant")
            if self.stream is not None:
                found |= self.stream.framing_names
                found |= {"event_validation_error", "APIResponseValidationError"}
        elif shape == RETURNS_BY_STATUS:
            for case in self.success:
                found |= case.names
        elif shape != RETURNS_NOTHING:
            found |= self.success[0].names
        if self.polling is not None:
            found |= self.polling.names | {"Tuple"}
        if self.pagination is not None:
            found |= {"Iterator", "AsyncIterator", "read_path"}
            if self.pagination.style == "cursor":
                found |= {"read_next", "Any"}
            if self.pagination.follows_urls:
                found |= {"same_origin_target", "Tuple", "ERRORS"}
                found.add("next_link" if self.pagination.style == "link" else "read_next")
                found |= {"sync_fetch_page", "async_fetch_page"}
            found |= self.pagination.item_type.annotation_names
            if self.pagination.page_class:
                found |= {"first_page", "Paging", "Paged", "AsyncPaged", "AsyncPageCall"}
                found.add(self.pagination.page_model)
        return frozenset(found)


@attrs.frozen
class Resource:
    """A namespace on the client (``client.tasks``); ``attr == ""`` is the client itself.

    ``attr`` is dotted for a nested namespace (``beta.threads``, from a dotted
    ``x-sdk-resource`` or a tag's ``parent``); ``children`` are the namespaces directly under
    it, as (attribute, class name, module) triples."""

    attr: str
    class_name: str
    module: str
    operations: tuple[Operation, ...]
    imports: str = ""  # the module's import block (ir/uses.py)
    children: tuple[tuple[str, str, str], ...] = ()

    @property
    def option_constants(self) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
        """The module's ``RequestOptions`` constants: (name, the operation's own fields)."""
        return tuple(
            (op.options_constant, op.own_options)
            for op in self.operations
            if op.options_constant not in ("", "NO_OPTIONS")
        )

    @property
    def page_classes(self) -> tuple[str, ...]:
        """The page-object classes its module defines (sync, then async, per operation)."""
        return tuple(
            f"{prefix}{op.pagination.page_class}"
            for op in self.operations
            if op.pagination is not None and op.pagination.page_class
            for prefix in ("", "Async")
        )

    @property
    def parent(self) -> str:
        """The dotted attribute of the namespace holding this one ("" for the client)."""
        return self.attr.rpartition(".")[0]
