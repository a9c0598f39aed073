"""One request as the mock sees it, and its checks against the operation (sans-I/O).

``check_request`` runs the spec's parameter and body rules over a ``Call`` and answers a
``Refusal`` (status, message, the field it names) or None; the caller renders the refusal in
the platform's error shape. Parameters it checks are stored on the call typed as their schema
says (path values in ``params``, query and header values in ``query``), the JSON body in
``body``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Optional

import attrs
import httpx

from ._schema import coerce, deref, multipart_names, validate
from ._styles import header_value, path_value, query_value

__all__ = ["Call", "Refusal", "check_head", "check_request", "idempotency_key"]

# A request head past these answers 431 (RFC 6585): common servers' limits are of this order.
MAX_HEADER_VALUE = 8 * 1024
MAX_HEAD = 32 * 1024

# OpenAPI: header parameters of these names are ignored (the client sets them itself).
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


@attrs.define
class Call:
    """One request as the rules see it: operation, path values, query, body, credential."""

    op: dict[str, Any]
    request: httpx.Request
    request_id: str
    params: dict[str, Any] = attrs.field(factory=dict)
    query: dict[str, Any] = attrs.field(factory=dict)
    body: Any = None
    credential: str = ""
    remaining: Optional[int] = None  # requests left in the rate window, once counted


@attrs.frozen
class Refusal:
    """Why a request is refused before it acts; ``field`` (a wire name) picks the error code."""

    status: int
    message: str
    field: str = ""


def check_head(request: httpx.Request) -> Optional[Refusal]:
    """431 for an oversized header or head (before anything else is looked at), else None."""
    total = 0
    for name, value in request.headers.raw:
        total += len(name) + len(value) + 4
        if len(value) > MAX_HEADER_VALUE:
            return Refusal(431, f"header {name.decode('latin-1')[:64]}: the value is too large")
    if total > MAX_HEAD:
        return Refusal(431, "the request headers are too large")
    return None


def check_request(
    call: Call, schemas: Mapping[str, Any], *, strict: bool, max_body: int
) -> Optional[Refusal]:
    """The first way ``call`` breaks its operation's parameters or body, None if it doesn't.
    ``strict``: also assert formats. ``max_body``: the size limit unless the operation's
    ``x-sdk-mock.max-body`` sets its own."""
    op, request = call.op, call.request
    for param in op["params"]:
        name, where, schema = param["name"], param["in"], param["schema"]
        resolved = schemas.get(schema.get("$ref", ""), schema)
        kind = resolved.get("type") if isinstance(resolved, dict) else None
        value: Any = None
        if where == "path":
            raw = call.params.get(name)
            value = None if raw is None else path_value(param, kind, raw)
        elif where == "query":
            value = query_value(param, kind, request.url.params)
            if value is None and kind == "object" and not param["required"]:
                continue
        elif where == "header" and name.lower() not in _IGNORED_HEADERS:
            raw = request.headers.get(name)
            if raw is not None and not _visible_ascii(raw):
                # RFC 9110 5.5: field values are visible ASCII; other octets are opaque data
                # the API would not accept as a value of this parameter.
                return _invalid(op, where, name, "must be visible ASCII characters")
            value = None if raw is None else header_value(param, kind, raw)
        else:
            continue
        if isinstance(value, list):
            items = resolved.get("items", {})
            value = [coerce(v, items, schemas) if isinstance(v, str) else v for v in value]
        elif isinstance(value, dict):
            props = resolved.get("properties", {})
            value = {k: coerce(v, props.get(k, {}), schemas) for k, v in value.items()}
        if value is None:
            if param["required"]:
                return _invalid(op, where, name, "is required")
            continue
        if isinstance(value, str):
            value = coerce(value, schema, schemas)
        problem = validate(value, schema, schemas, "/" + name, formats=strict)
        if problem is not None:
            return _invalid(op, where, name, problem.rule)
        (call.params if where == "path" else call.query)[name] = value
    return _check_body(call, schemas, strict=strict, max_body=max_body)


def _check_body(
    call: Call, schemas: Mapping[str, Any], *, strict: bool, max_body: int
) -> Optional[Refusal]:
    op, request, body = call.op, call.request, call.op["body"]
    content = request.content
    limit = op["mock"].get("max-body") or max_body
    if len(content) > limit:
        return Refusal(413 if 413 in op["errors"] else 400, "the request body is too large")
    if body is None:
        return None
    if not content:
        if body["required"]:
            return _invalid(op, "body", "", "a request body is required")
        return None
    sent = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if "json" in body["media"]:
        if "json" not in sent:
            status = 415 if 415 in op["errors"] else 400
            return Refusal(status, f"the body must be sent as {body['media']}")
        try:
            call.body = json.loads(content)
        except ValueError:  # UnicodeDecodeError included
            return _invalid(op, "body", "", "the body is not valid JSON")
        problem = validate(call.body, body["schema"], schemas, formats=strict)
        if problem is not None:
            return _invalid(op, "body", problem.field, problem.rule, problem.pointer)
    elif body["media"].startswith("multipart/"):
        names = multipart_names(content, request.headers.get("content-type", ""))
        if not sent.startswith("multipart/") or names is None:
            return _invalid(op, "body", "", f"the body must be sent as {body['media']}")
        for name in deref(body["schema"], schemas).get("required") or ():
            if name not in names:
                return _invalid(op, "body", name, "is required")
    return None


def _visible_ascii(value: str) -> bool:
    return all(32 <= ord(c) < 127 or c == "\t" for c in value)


def _invalid(
    op: Mapping[str, Any], where: str, field: str, rule: str, pointer: str = ""
) -> Refusal:
    status = 400
    if 400 not in op["errors"] and where == "path" and 404 in op["errors"]:
        status = 404  # a malformed id names no resource; the spec documents no 400 here
    label = (pointer.lstrip("/").replace("/", ".") or field) or "body"
    return Refusal(status, f"{label}: {rule}", field)


def idempotency_key(call: Call) -> str:
    """The key the request carries where ``x-sdk-idempotency`` says (header or body), or ""."""
    spec = call.op["idempotency"]
    if not spec:
        return ""
    name = str(spec.get("name", ""))
    if spec.get("in") == "body":
        value = call.body.get(name) if isinstance(call.body, dict) else None
    else:
        value = call.request.headers.get(name)
    return str(value) if value else ""
