"""Operations: parameters, request bodies and responses of one path item method."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Optional

import attrs

from ..errors import join_pointer
from .constraints import Constraints, constraints_of
from .extensions import OperationExtensions, stream_terminator
from .follow_ups import guessed_pagination, pagination_of, polling_of, with_page_object
from .headers import response_headers
from .literals import literal
from .media import (
    STREAM_KINDS,
    has_no_body,
    item_schema,
    sequence_kind,
    wildcard_kind,
)
from .model import (
    Body,
    Operation,
    Param,
    ResponseCase,
)
from .naming import PARAMETER, class_name, snake_name, unique
from .parts import PartHeaders, part_headers_of
from .schemas import SchemaTypes
from .servers import relative_server, server_url
from .types import (
    ANY,
    BINARY,
    CONTENT,
    FILE,
    NONE,
    Kind,
    TypeRef,
    choice_of,
    dict_of,
    list_of,
    literal_of,
    primitive,
    tuple_of,
)

__all__ = ["OperationBuilder", "wire_path"]

_PATH_TEMPLATE = re.compile(r"\{([^{}]+)\}")
# Header parameters OpenAPI says to ignore: the client sets these itself.
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# Request content types in order of preference when an operation offers several.
_BODY_KINDS = (
    ("json", lambda ct: ct == "application/json" or ct.endswith("+json")),
    ("multipart", lambda ct: ct == "multipart/form-data"),
    ("form", lambda ct: ct == "application/x-www-form-urlencoded"),
    ("text", lambda ct: ct.startswith("text/")),
    ("binary", lambda ct: True),
)


def _media_kind(content_type: str, media: Any = None) -> str:
    ct = content_type.lower()
    sequence = sequence_kind(ct)
    if sequence is not None:
        return sequence
    wildcard = wildcard_kind(ct, media)
    if wildcard is not None:
        return wildcard
    if ct == "application/json" or ct.endswith("+json"):
        return "json"
    if ct.startswith("text/"):
        return "text"
    return "binary"


class OperationBuilder:
    """Builds ``Operation``s against one ``SchemaTypes``; problems go to ``warn``."""

    def __init__(
        self,
        types: SchemaTypes,
        resolve: Callable[[Any], Any],
        warn: Callable[[str, str], None],
        root_server: str = "",
    ) -> None:
        self._root_server = root_server
        self._types = types
        # The stream a JSON response also comes as (set by _responses for the last operation).
        self.stream_twin: Optional[ResponseCase] = None
        self._resolve = resolve
        self._warn = warn

    def build(
        self,
        path: str,
        method: str,
        op: dict[str, Any],
        path_params: list[Any],
        name: str,
        pointer: str,
        ext: OperationExtensions,
        path_servers: Any = None,
    ) -> Operation:
        hint = class_name(op.get("operationId") or name)
        taken: set[str] = set()
        positional_wire = list(ext.positional)
        params = self._parameters(path_params, op.get("parameters") or [], pointer, hint, taken)
        body, body_params = self._body(op, ext, pointer, hint, taken)
        params.extend(body_params)
        for p in params:
            if p.wire_name in positional_wire and p.location != "path":
                params[params.index(p)] = _positional(p)
        # Path parameters first in path order, then positional ones in the listed order.
        order = [m.group(1) for m in _PATH_TEMPLATE.finditer(path)]
        # One missing from the template could never be sent (load/_lenient.py warns of it).
        params = [p for p in params if p.location != "path" or p.wire_name in order]
        params.sort(
            key=lambda p: (
                0 if p.location == "path" else 1 if p.positional else 2,
                order.index(p.wire_name) if p.wire_name in order else 0,
                positional_wire.index(p.wire_name) if p.wire_name in positional_wire else 0,
            )
        )
        idempotency = ext.idempotency
        if idempotency is not None:
            params = [p for p in params if p.wire_name != idempotency.name]
        success, return_type = self._responses(op, pointer, hint, method)
        returns = ext.returns
        returns_tuple: tuple[str, ...] = ()
        if returns:
            returns_tuple, return_type = self._unwrap(returns, success, return_type, pointer)
        security = op.get("security")
        polling = polling_of(ext.polling, success, self._types)
        headers = response_headers(op.get("responses"), self._resolve)
        pagination_spec = ext.pagination
        if not (ext.pagination_written or returns_tuple or polling):
            pagination_spec = guessed_pagination(
                params, success, headers, pointer, name, self._types, self._warn
            )
        pagination = pagination_of(
            pagination_spec, params, success, pointer, self._types, self._warn
        )
        if pagination is not None and not returns_tuple and polling is None:
            pagination = with_page_object(pagination, pagination_spec, success, hint, self._types)
        servers = op.get("servers") or path_servers
        up, append, absolute = (0, "", "")
        if isinstance(servers, list) and servers and isinstance(servers[0], dict):
            up, append, absolute = relative_server(self._root_server, server_url(servers[0]))
        return Operation(
            name=name,
            operation_id=str(op.get("operationId") or name),
            http_method=method.upper(),
            path=path,
            path_expr=_path_expr(
                wire_path(path), {p.wire_name: p.path_expr for p in params if p.location == "path"}
            ),
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            params=tuple(params),
            body=body,
            success=success,
            return_type=return_type,
            returns=returns_tuple,
            idempotency=(idempotency.location, idempotency.name) if idempotency else None,
            security=None
            if security is None
            else tuple(sorted({k for req in security if isinstance(req, dict) for k in req})),
            pointer=pointer,
            deprecated=op.get("deprecated") is True,
            response_headers=headers,
            base_up=up,
            base_append=append,
            base_absolute=absolute,
            polling=polling,
            pagination=pagination,
            idempotent=ext.idempotent,
            stream_alternative=self.stream_twin,
        )

    # -- parameters -----------------------------------------------------------------------------

    def _parameters(
        self, path_level: list[Any], op_level: list[Any], pointer: str, hint: str, taken: set[str]
    ) -> list[Param]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for source, items in (("path-item", path_level), ("operation", op_level)):
            for i, raw in enumerate(items):
                param = self._resolve(raw)
                if not isinstance(param, dict) or "name" not in param or "in" not in param:
                    continue
                where = join_pointer(pointer, "parameters", i) if source == "operation" else pointer
                merged[(str(param["in"]), str(param["name"]))] = (param, where)
        result = []
        for (location, wire), (param, where) in merged.items():
            style = param.get("style")
            if location == "querystring":
                # OpenAPI 3.2: the whole query string from one argument, an object whose
                # properties become the query's keys (form-urlencoded content).
                location, style = "query", "querystring"
            if location not in ("path", "query", "header", "cookie"):
                continue
            if location == "header" and wire.lower() in _IGNORED_HEADERS:
                continue  # OpenAPI: these parameter definitions are ignored
            schema = param.get("schema")
            content = param.get("content")
            content_json = False
            if schema is None and isinstance(content, dict) and content:
                media_type = str(next(iter(content)))
                media = content[media_type]
                schema = media.get("schema") if isinstance(media, dict) else None
                content_json = _media_kind(media_type) == "json"
            ptype = self._types.type_for(
                schema if schema is not None else {},
                join_pointer(where, "schema"),
                f"{hint}{class_name(wire)}",
            )
            resolved = self._resolve(schema) if isinstance(schema, dict) else {}
            style = style or ("form" if location in ("query", "cookie") else "simple")
            if style == "querystring" and ptype.kind not in (Kind.MODEL, Kind.MAP):
                self._warn(where, "querystring parameter whose schema is not an object; left out")
                continue
            default, default_note = self._types.argument_default(
                # 3.1 allows a default beside a $ref; it wins over the target's.
                schema
                if isinstance(schema, dict) and "default" in schema
                else resolved
                if isinstance(resolved, dict)
                else {},
                ptype,
            )
            querystring = style == "querystring"
            if querystring:  # its properties are the query's keys: the form style, exploded
                style = "form"
            result.append(
                Param(
                    name=unique(snake_name(wire, reserved=PARAMETER), taken),
                    wire_name=wire,
                    location=location,
                    type=ptype,
                    required=location == "path" or param.get("required") is True,
                    description=_with_note(_text(param.get("description")), default_note, wire),
                    default=default,
                    style=str(style),
                    explode=querystring or param.get("explode", style == "form") is True,
                    allow_reserved=param.get("allowReserved") is True,
                    content_json=content_json,
                    nullable=_allows_null(resolved),
                    constraints=_path_constraints(
                        location,
                        ptype,
                        constraints_of(
                            schema, self._resolve, self._warn, join_pointer(where, "schema")
                        ),
                    ),
                )
            )
        return result

    # -- request bodies -------------------------------------------------------------------------

    def _body(
        self, op: dict[str, Any], ext: OperationExtensions, pointer: str, hint: str, taken: set[str]
    ) -> tuple[Optional[Body], list[Param]]:
        request_body = self._resolve(op.get("requestBody"))
        if not isinstance(request_body, dict) or not isinstance(request_body.get("content"), dict):
            return None, []
        content: dict[str, Any] = request_body["content"]
        body_pointer = join_pointer(pointer, "requestBody", "content")
        choice = None
        for kind, matches in _BODY_KINDS:
            choice = next(((kind, ct) for ct in content if matches(ct.lower())), None)
            if choice:
                break
        if choice is None:
            return None, []
        kind, content_type = choice
        media = content[content_type] if isinstance(content[content_type], dict) else {}
        schema = media.get("schema", {})
        schema_pointer = join_pointer(body_pointer, content_type, "schema")
        required = request_body.get("required") is True
        style = ext.body.style
        if kind in ("text", "binary"):
            body_type = primitive("str") if kind == "text" else CONTENT
            arg = Param(unique("content", taken), "", "body-value", body_type, required)
            return Body(kind, content_type, "value", body_type, required), [arg]
        body_type = self._types.type_for(schema, schema_pointer, f"{hint}Request")
        model = self._types.model_of(body_type)
        resolved = self._resolve(schema)
        if (
            model is not None
            and kind == "json"
            and not any(not f.read_only for f in model.fields)
            and (_allows_extra(resolved) or _free_form(resolved, model.fields))
        ):
            # Nothing declared, anything allowed: the body is one mapping argument (in any of
            # the media types offered for it: Kubernetes' PATCH bodies).
            body_type = dict_of(model.extra or ANY)
            arg = Param(unique("body", taken), "", "body-value", body_type, required)
            choices = _alternatives(content, content_type, schema, self._resolve)
            params = [arg] + ([self._media_param(choices, taken)] if choices else [])
            return Body(kind, content_type, "value", body_type, required), params
        if model is not None and (kind in ("multipart", "form") or style == "flatten"):
            encoding = media.get("encoding") if isinstance(media.get("encoding"), dict) else {}
            params = []
            headed: list[tuple[str, str, PartHeaders]] = []
            for f in model.fields:
                if f.read_only:
                    continue  # never sent
                ftype = f.type
                if kind == "multipart" and f.type.is_binary:
                    ftype = list_of(FILE) if f.type.is_list else FILE
                part = encoding.get(f.wire_name) if isinstance(encoding, dict) else None
                part = part if isinstance(part, dict) else {}
                part_type = str(part.get("contentType") or "")
                part_style = part.get("style") or "form"
                name = unique(snake_name(f.wire_name, reserved=PARAMETER), taken)
                declared = (
                    part_headers_of(part, self._resolve) if kind == "multipart" else PartHeaders()
                )
                headers_arg = unique(f"{name}_headers", taken) if declared.declared else ""
                if declared.declared:
                    headed.append((headers_arg, f.wire_name, declared))
                params.append(
                    Param(
                        name=name,
                        wire_name=f.wire_name,
                        location="body",
                        type=ftype,
                        # Required as the schema says in the request direction (a writeOnly
                        # property too); a readOnly one is never sent.
                        required=f.required_in_schema and required,
                        description=_with_note(f.description, f.argument_default[1], f.wire_name),
                        # A null default is what leaving the property out means already.
                        default=None if f.argument_default[0] == "None" else f.argument_default[0],
                        constraints=f.constraints,
                        style=str(part_style),
                        explode=part.get("explode", part_style == "form") is True,
                        allow_reserved=part.get("allowReserved") is True,
                        # One concrete type only: a list ("a/b, c/d") or a wildcard is a hint.
                        part_type="" if "," in part_type or "*" in part_type else part_type,
                        nullable=f.type.is_optional,
                        omittable=kind == "json"
                        and f.type.is_optional
                        and not (f.required_in_schema and required),
                        part_headers=declared,
                        headers_arg=headers_arg,
                    )
                )
            for headers_arg, wire, declared in headed:  # after the parts: keyword arguments
                params.append(
                    Param(
                        headers_arg,
                        "",
                        "body-part-headers",
                        dict_of(ANY),
                        False,
                        description=declared.doc(wire),
                    )
                )
            alternatives = _alternatives(content, content_type, schema, self._resolve)
            if alternatives:
                params.append(self._media_param(alternatives, taken))
            if _allows_extra(self._resolve(schema)):
                extra_type = model.extra or ANY
                params.append(
                    Param(
                        unique("additional_properties", taken),
                        "",
                        "body-extra",
                        dict_of(extra_type),
                        False,
                        description="Properties the schema does not declare, sent beside "
                        "the declared ones (which win on a clash).",
                    )
                )
            return Body(kind, content_type, "flatten", body_type, required), params
        arg_name = snake_name(ext.body.name, reserved=PARAMETER) if ext.body.name else "body"
        arg = Param(
            unique(arg_name, taken),
            "",
            "body-value",
            body_type,
            required,
            positional=style == "model",
        )
        return Body(kind, content_type, "value", body_type, required), [arg]

    @staticmethod
    def _media_param(alternatives: tuple[str, ...], taken: set[str]) -> Param:
        """``content_type``: the media type the caller sends the body in (the first offered
        by default)."""
        return Param(
            unique("content_type", taken),
            "",
            "body-media",
            literal_of(alternatives),
            False,
            default=literal(alternatives[0]),
            description="The request's media type (the spec offers several; the "
            "arguments are encoded for the one chosen).",
        )

    # -- responses ------------------------------------------------------------------------------

    def _responses(
        self, op: dict[str, Any], pointer: str, hint: str, method: str = "get"
    ) -> tuple[tuple[ResponseCase, ...], TypeRef]:
        responses = op.get("responses") or {}
        cases: list[ResponseCase] = []
        self.stream_twin = None
        for status in sorted(str(s) for s in responses):
            if not (
                status.startswith("2")
                or (status == "default" and not cases and len(responses) == 1)
            ):
                continue
            response = self._resolve(
                responses.get(status, responses.get(int(status) if status.isdigit() else status))
            )
            content = response.get("content") if isinstance(response, dict) else None
            if not isinstance(content, dict) or not content or has_no_body(status, method):
                cases.append(ResponseCase(status, "empty", None))
                continue
            kinds = {ct: _media_kind(ct, self._resolve(content[ct])) for ct in content}
            ct = next((c for c, k in kinds.items() if k == "json"), None) or next(iter(content))
            kind = kinds[ct]
            media = content[ct] if isinstance(content[ct], dict) else {}
            rpointer = join_pointer(pointer, "responses", status, "content", ct, "schema")
            name_hint = f"{hint}Response" if status.startswith("2") else f"{hint}Default"
            terminator = ""
            if kind == "dispatch":
                rtype = ANY  # decoded by the answer's Content-Type (runtime/_decoding.py)
            elif kind in STREAM_KINDS:
                schema, where = item_schema(media, kind, self._resolve)
                rpointer = join_pointer(pointer, "responses", status, "content", ct, *where)
                rtype = self._types.type_for(schema, rpointer, f"{hint}Event")
                terminator = stream_terminator(media, op)
            elif kind == "json":
                rtype = self._types.type_for(media.get("schema", {}), rpointer, name_hint)
            elif kind == "text":
                rtype = primitive("str")
            else:
                rtype = BINARY
            content_pointer = join_pointer(pointer, "responses", status, "content")
            others: tuple[ResponseCase, ...] = ()
            if kind not in STREAM_KINDS:
                others = self._alternatives(content, ct, kinds, hint, content_pointer)
            cases.append(ResponseCase(status, kind, rtype, ct, terminator, others))
            streamed = next((c for c, k in kinds.items() if k in STREAM_KINDS), None)
            if kind == "json" and streamed is not None and self.stream_twin is None:
                # JSON or a stream, as the client asks (FastAPI lists both): the method
                # returns the JSON, a `_stream` twin the stream (build.py adds it).
                smedia = content[streamed] if isinstance(content[streamed], dict) else {}
                schema, where = item_schema(smedia, kinds[streamed], self._resolve)
                spointer = join_pointer(content_pointer, streamed, *where)
                stype = self._types.type_for(schema, spointer, f"{hint}Event")
                terminator = stream_terminator(smedia, op)
                self.stream_twin = ResponseCase(
                    status, kinds[streamed], stype, streamed, terminator
                )
        stream = next((c for c in cases if c.kind in STREAM_KINDS), None)
        if stream is not None and stream.type is not None:
            return tuple(cases), stream.type  # the event type; Operation.return_shape is stream
        types = tuple(dict.fromkeys(c.value_type for c in cases))
        if not types:
            return tuple(cases), NONE
        return tuple(cases), types[0] if len(types) == 1 else choice_of(types)

    def _alternatives(
        self, content: dict[str, Any], chosen: str, kinds: dict[str, str], hint: str, where: str
    ) -> tuple[ResponseCase, ...]:
        """The other media types of a response, decoded when the answer's Content-Type is
        theirs (text as ``str``, other JSON by its schema, anything else as ``bytes``)."""
        found = []
        for ct, kind in kinds.items():
            if ct == chosen or kind in STREAM_KINDS or kind == "dispatch":
                continue
            if kind == "json":
                media = content[ct] if isinstance(content[ct], dict) else {}
                at = join_pointer(where, ct, "schema")
                rtype = self._types.type_for(media.get("schema", {}), at, f"{hint}Response")
            else:
                rtype = primitive("str") if kind == "text" else BINARY
            found.append(ResponseCase("", kind, rtype, ct))
        return tuple(found)

    def _unwrap(
        self, returns: Any, success: tuple[ResponseCase, ...], whole: TypeRef, pointer: str
    ) -> tuple[tuple[str, ...], TypeRef]:
        names = [returns] if isinstance(returns, str) else list(returns)
        case = next((c for c in success if c.kind == "json" and c.type is not None), None)
        model = self._types.model_of(case.type) if case and case.type else None
        fields = {f.wire_name: f for f in (model.fields if model else ())}
        if not names or any(n not in fields for n in names):
            self._warn(
                join_pointer(pointer, "x-sdk-returns"),
                f"x-sdk-returns names no property of the response body: {returns!r}",
            )
            return (), whole
        picked = tuple(fields[n] for n in names)
        types = tuple(f.declared_type for f in picked)
        result = types[0] if isinstance(returns, str) else tuple_of(types)
        return tuple(f.name for f in picked), result


def _path_constraints(location: str, ptype: TypeRef, constraints: Constraints) -> Constraints:
    # An empty path segment would silently address another endpoint (/tasks/ for /tasks/{id}).
    if location == "path" and ptype == primitive("str"):
        return constraints.with_min_length(1)
    return constraints


def _positional(p: Param) -> Param:
    return attrs.evolve(p, positional=True)


def wire_path(path: str) -> str:
    """The path a request is sent to: the spec's path key without a ``#fragment``. A fragment
    is never sent (RFC 9110), and AWS's specs use one to tell apart operations on one path
    (``/tags/{resourceArn}#tagKeys``); kept in the URL it would swallow the query string that
    follows it, and no server would see the query parameters."""
    return path.split("#", 1)[0]


def _path_expr(path: str, names: dict[str, str]) -> str:
    """A Python expression building the path: literal pieces via ``repr`` (inert data), each
    template variable through the runtime's percent-encoding ``path_param``."""
    pieces: list[str] = []
    pos = 0
    for match in _PATH_TEMPLATE.finditer(path):
        if match.start() > pos:
            pieces.append(literal(path[pos : match.start()]))
        arg = names.get(match.group(1))
        pieces.append(arg if arg else literal(match.group(0)))
        pos = match.end()
    if pos < len(path):
        pieces.append(literal(path[pos:]))
    return " + ".join(pieces) or literal("/")


_ALTERNATIVE_KINDS = frozenset({"json", "form", "multipart"})


def _alternatives(
    content: dict[str, Any], chosen: str, schema: Any, resolve: Callable[[Any], Any]
) -> tuple[str, ...]:
    """The media types an operation offers for the same flattened schema, in the spec's order
    (the first is the default): () when there is only the one chosen."""
    target = resolve(schema)
    found = []
    for ct, media in content.items():
        kind = next((k for k, matches in _BODY_KINDS if matches(ct.lower())), "")
        other = media.get("schema") if isinstance(media, dict) else None
        if kind in _ALTERNATIVE_KINDS and (other == schema or resolve(other) == target):
            found.append(str(ct))
    return tuple(found) if len(found) > 1 and chosen in found else ()


def _allows_extra(schema: Any) -> bool:
    """The body schema says so itself (pydantic's ``extra="allow"``): ``additionalProperties``
    true or a schema. Left unsaid, no extra keys are offered (most specs leave it unsaid)."""
    if not isinstance(schema, dict):
        return False
    extra = schema.get("additionalProperties")
    return extra is True or (isinstance(extra, dict) and bool(extra))


def _free_form(schema: Any, fields: tuple[Any, ...]) -> bool:
    """An object schema declaring no properties and leaving ``additionalProperties`` unsaid
    (``{type: object}``): JSON Schema allows any keys, and there is nothing to flatten, so the
    body is a mapping the caller writes (else the method could not send one at all)."""
    return not fields and isinstance(schema, dict) and "additionalProperties" not in schema


def _allows_null(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    types = schema.get("type")
    return (
        schema.get("nullable") is True
        or (isinstance(types, list) and "null" in types)
        or (isinstance(schema.get("enum"), list) and None in schema["enum"])
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _with_note(description: str, note: str, wire: str) -> str:
    """A description with a note on the argument (its default) after it; the wire name
    stands in for a missing description, as the docstring would show it."""
    if not note:
        return description
    return f"{(description or wire).rstrip()} {note}".strip()
