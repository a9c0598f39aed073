"""Mock mode: a stateful simulation of the API, driven by its spec (sans-I/O).

``MockAPI`` takes an ``httpx.Request`` and returns an ``httpx.Response``; ``transport()`` wraps
it for in-process ``mock_mode=True`` and ``_server`` serves it over HTTP. What it knows of
the API is the table the generator writes into ``PKG/_mock_routes.py`` (``generator/ir/mock.py``)
plus the platform's own rules (``specs/NAME/lib/mock_rules.py``, a ``MockRules``).

Per request, in order: route (404/405), credentials and signatures (``_rules``; only when
``check_auth``), the optional rate limit, the platform's ``check``, validation of parameters and
body against the spec (``_request``: 400, or the status and code the spec documents),
idempotency keys (``x-sdk-idempotency``: the same key answers the original result; from another
credential, its ``conflict`` code, else 409; with another request, its ``mismatch`` code if it
has one), then the operation's role on the state (``_state``): created resources are read,
listed (with the spec's pagination and equality filters), updated and deleted; polled resources
step through their lifecycle (``_lifecycle``), one status per poll or per ``step_seconds``.
Unknown ids answer the spec's example, or 404 when ``strict``. Every error body is the spec's
own error example for that status with the code, message, status and request id filled in.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import time
from collections.abc import Mapping
from typing import Any, Callable, Optional

import httpx

from ._data import sample
from ._lifecycle import act, advance
from ._oauth import (
    answer_discovery,
    answer_token,
    discovery_paths,
    match_token_path,
    token_paths,
)
from ._request import Call, check_head, check_request, idempotency_key
from ._rules import AuthFailure, RateWindow, check_credentials, credential_of, verify_signature
from ._schema import field_names, param_default, properties
from ._shapes import (
    code_in,
    fill_error,
    fingerprint,
    has_code,
    id_keys,
    json_copy,
    last_param,
    names_nothing,
    nullable,
    params,
    pattern,
    project,
    snake,
    success_example,
    success_status,
    test_vector_secret,
)
from ._state import TIMESTAMPS, Resource, Roles, Store, list_page, set_path, stamp, unwrap, wrap
from ._streams import encode, play

__all__ = ["Call", "MockAPI", "MockRules", "MockSpec"]

_GENERIC = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
            415: "unsupported_media_type", 429: "rate_limited",
            431: "request_header_fields_too_large", 500: "internal_error",
            503: "service_unavailable"}  # fmt: skip
_NOT_JSON = object()

log = logging.getLogger(__name__)


class MockRules:
    """Per-platform rules (``specs/NAME/lib/mock_rules.py`` subclasses this as ``RULES``).

    ``check`` runs after authentication and before validation and may answer the request
    itself (return a response); ``created`` adjusts a new resource before it is stored;
    ``answer`` may rewrite any answer body. ``api`` is the ``MockAPI``; ``call`` the request.
    """

    def check(self, api: MockAPI, call: Call) -> Optional[httpx.Response]:
        return None

    def created(self, api: MockAPI, call: Call, data: dict[str, Any]) -> Optional[httpx.Response]:
        return None

    def answer(self, api: MockAPI, call: Call, body: Any) -> Any:
        return body


class MockSpec:
    """The generated table (``data``) and the platform's rules (a ``MockRules`` subclass,
    instantiated per ``MockAPI`` so that each mock keeps its own state)."""

    def __init__(self, data: Mapping[str, Any], rules: Callable[[], MockRules] = MockRules) -> None:
        self.data, self.rules = data, rules


class MockAPI:
    """The simulation. ``check_auth``: demand credentials as the spec's security says (the
    served mock does; in-process mock mode needs no key). ``strict``: unknown ids answer 404
    instead of the spec's example. ``step_seconds``: a polled resource moves one status per
    that many seconds instead of one per poll. ``rate_limit``: enforce ``x-sdk-rate-limit``
    per credential with 429 and ``Retry-After``. ``max_body``: larger bodies answer 413 (or
    400 where the spec documents no 413), unless ``x-sdk-mock.max-body`` says otherwise."""

    def __init__(
        self, spec: MockSpec, check_auth: bool = False, *, strict: bool = False,
        step_seconds: Optional[float] = None, rate_limit: bool = False,
        clock: Callable[[], float] = time.time, signing_secret: Optional[str] = None,
        max_body: int = 32 * 1024 * 1024,
    ) -> None:  # fmt: skip
        data = spec.data
        self.rules, self.strict, self.step_seconds = spec.rules(), strict, step_seconds
        self._check_auth, self._rate_limit, self._clock = check_auth, rate_limit, clock
        self._max_body = int(data.get("max_body") or max_body)  # x-sdk-mock.max-body first
        self.schemas: Mapping[str, Any] = data.get("schemas") or {}
        self._codes: Mapping[str, int] = data.get("codes") or {}
        self._status_codes: Mapping[int, str] = data.get("status_codes") or {}
        self._schemes: Mapping[str, Any] = data.get("schemes") or {}
        self._token_paths = token_paths(self._schemes)  # OAuth2 token endpoints (_oauth)
        self._discovery_paths = discovery_paths(self._schemes)  # OpenID Connect documents
        shared = [self._error_body(body) for body in data.get("shared") or ()]
        self._ops: list[dict[str, Any]] = [
            {**op, "errors": {s: shared[i] for s, i in op["errors"].items()},
             "error_headers": {s: shared[i] for s, i in op["error_headers"].items()},
             "responses": {s: self._with_example(r, op["id"]) for s, r in op["responses"].items()}}
            for op in data.get("operations") or ()
        ]  # fmt: skip
        self._routes = [(op, pattern(op["path"])) for op in
                        sorted(self._ops, key=lambda o: (-len(o["path"]), o["path"]))]  # fmt: skip
        self._error_examples: dict[int, Any] = {}
        for op in self._ops:
            for status, example in op["errors"].items():
                self._error_examples.setdefault(status, example)
        self.roles = Roles(self._ops)
        self.store = Store(self.roles, clock)
        limit = data.get("rate_limit") or {}
        self._window = RateWindow(int(limit.get("requests", 600)), float(limit.get("period", 60)),
                                  clock)  # fmt: skip
        self._nonces: dict[str, float] = {}
        self._secret = signing_secret or test_vector_secret(self._schemes)
        # (operation, key) -> (credential, request fingerprint, first answer)
        self._replays: dict[tuple[str, str], tuple[str, str, httpx.Response]] = {}
        self._polls: dict[str, int] = {}
        self._call: Optional[Call] = None  # the request being answered (for error headers)
        self._requests = itertools.count(1)  # request ids: unique per mock, in order

    def _with_example(self, response: dict[str, Any], operation_id: str) -> dict[str, Any]:
        """A success response with its example, built from its schema when the spec gives none
        (``generated``: such data is not documentation, so no collection is seeded with it); a
        bare string is named after the operation (``health``)."""
        if response.get("example") is not None or not response.get("media"):
            return response
        schema = response.get("schema")
        built = sample(schema or {}, self.schemas, snake(operation_id))
        if built is None and (schema is True or schema in ({}, None)):
            built = {}  # an unconstrained schema: any JSON value, an empty object the plainest
        return {**response, "example": built, "generated": True}

    def _error_body(self, body: Any) -> Any:
        if isinstance(body, dict) and set(body) == {"x-mock-schema"}:
            return sample(body["x-mock-schema"], self.schemas, "error")
        return body

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """The answer to ``request``: never raises. A failure of the mock itself answers 500 in
        the platform's error shape and is logged (``PKG._mock._core``) with its traceback."""
        request_id = f"mock_{next(self._requests)}"
        self._call = None
        try:
            refusal = check_head(request)
            if refusal is not None:
                return self.error(None, refusal.status, request_id, refusal.message)
            return self._handle(request, request_id)
        except Exception as exc:
            log.exception("mock: %s %s failed", request.method, request.url.path)
            return self.error(None, 500, request_id, f"mock: {type(exc).__name__}")

    def handle_raw(
        self, method: str, raw_path: bytes, query: bytes, headers: list[tuple[bytes, bytes]],
        body: bytes,
    ) -> httpx.Response:  # fmt: skip
        """A request as an HTTP server received it, in bytes (the path still percent-encoded,
        header values as sent, any octets): answered as ``handle`` answers it; one that is not
        even a request (an unparseable URL) answers 400 in the platform's error shape."""
        # Percent-encoding kept: a decoded path with `?`, `#` or `%` would misparse.
        target = raw_path.decode("latin-1") + (f"?{query.decode('latin-1')}" if query else "")
        try:
            request = httpx.Request(method, "http://mock" + target, headers=headers,
                                    content=body)  # fmt: skip
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            request_id = f"mock_{next(self._requests)}"
            return self.error(None, 400, request_id, f"mock: not a valid request target: {exc}")
        return self.handle(request)

    # -- errors ---------------------------------------------------------------------------

    def error(
        self, op: Optional[dict[str, Any]], status: int, request_id: str, message: str, *,
        code: str = "", field: str = "", hint: str = "", retry_after: Optional[float] = None,
    ) -> httpx.Response:  # fmt: skip
        """A response in the platform's error shape: the spec's error example for ``status``
        (the operation's own, else any operation's), with code, message, status filled in."""
        template = (op["errors"].get(status) if op else None) or self._error_examples.get(
            status) or next(iter(self._error_examples.values()), None) or {"error": {}}  # fmt: skip
        code = code or self.code_for(op, status, field=field, hint=hint)
        body = fill_error(json_copy(template), code, message, status, request_id, field)
        if isinstance(body, dict) and not has_code(body) and not _fields(body) & {"message"}:
            body = {"error": {"code": code, "message": message}}
        headers = {"request-id": request_id, "x-request-id": request_id, "x-mock": "true"}
        if op is not None:
            headers.update(self._declared(op["error_headers"].get(status) or {}, self._call))
        if retry_after is not None or status in (429, 500, 503):
            wait = 1 if retry_after is None else max(0, math.ceil(retry_after))
            headers["Retry-After"] = str(wait)  # whole seconds: every platform documents those
        return httpx.Response(status, json=body, headers=headers)

    def code_for(
        self, op: Optional[dict[str, Any]], status: int, *, field: str = "", hint: str = ""
    ) -> str:
        """The error code for ``status``: one of the spec's codes matching ``hint``, else
        ``invalid_<field>`` when the spec has it, else the operation's documented code for
        the status (unless it names another field), else the document's code for it."""
        if hint:
            found = [c for c, s in self._codes.items() if s == status and hint in c.lower()]
            if found:
                return found[0]
        if field:
            name = snake(field)
            for candidate in (f"invalid_{name}", f"invalid_{name.rstrip('s')}"):
                if candidate in self._codes:
                    return candidate
        route = code_in(op["errors"].get(status)) if op else ""
        fields = {snake(n) for n in field_names(op, self.schemas)} if route else set()
        if route and not (route.startswith("invalid_") and route[8:] in fields):
            return route
        return self._status_codes.get(status) or _GENERIC.get(status, "error")

    # -- the pipeline ---------------------------------------------------------------------

    def _handle(self, request: httpx.Request, request_id: str) -> httpx.Response:
        path = request.url.path
        tokens = self._token_paths
        if tokens and request.method == "POST" and match_token_path(path, tokens):
            return answer_token(request, request_id.removeprefix("mock_"))
        if request.method == "GET" and path in self._discovery_paths:
            return answer_discovery(request)
        matches = [(op, m) for op, p in self._routes if (m := p.match(path))]
        if matches:  # the most literal template wins: `/tasks/create` is no task `create`
            best = min(op["path"].count("{") for op, _ in matches)
            matches = [(op, m) for op, m in matches if op["path"].count("{") == best]
        found = next(((op, m) for op, m in matches if op["method"] == request.method), None)
        if found is None and matches:
            # RFC 9110 15.5.6: a 405 names the methods the resource supports.
            allowed = ", ".join(dict.fromkeys(op["method"] for op, _ in matches))
            message = f"mock: method not allowed for {request.method} {path}"
            response = self.error(None, 405, request_id, message)
            response.headers["Allow"] = allowed
            return response
        if found is None:
            return self.error(None, 404, request_id, f"mock: no route {request.method} {path}")
        op, match = found
        call = self._call = Call(op, request, request_id, params=dict(params(op, match)))
        refused = self._authenticate(call)
        if refused is not None:
            return refused
        refused = self.rules.check(self, call)
        if refused is not None:
            return refused
        refusal = check_request(call, self.schemas, strict=self.strict, max_body=self._max_body)
        if refusal is not None:
            return self.error(op, refusal.status, request_id, refusal.message, field=refusal.field)
        replay = self._idempotent_replay(call)
        if replay is not None:
            return replay
        response = self._dispatch(call)
        key = idempotency_key(call)
        if key and response.status_code < 300:
            self._replays[(op["id"], key)] = (call.credential, fingerprint(request), response)
        return response

    def _authenticate(self, call: Call) -> Optional[httpx.Response]:
        op, request = call.op, call.request
        try:
            if self._check_auth:
                call.credential, signing = check_credentials(request, op["security"], self._schemes)
                if signing is not None:
                    verify_signature(request, signing, self._secret, self._clock(), self._nonces)
            else:  # in-process: no key needed; one given still scopes idempotency keys
                found = (credential_of(request, s) for s in self._schemes.values())
                call.credential = next((c for c in found if c), "")
        except AuthFailure as failure:
            return self.error(op, failure.status, call.request_id, failure.message,
                              code=failure.code, hint=failure.hint)  # fmt: skip
        if "ratelimited" in call.credential.lower():
            return self.error(op, 429, call.request_id, "rate limit exceeded",
                              retry_after=self._window.period)  # fmt: skip
        if self._rate_limit:
            call.remaining, wait = self._window.take(call.credential)
            if call.remaining < 0:
                return self.error(op, 429, call.request_id, "rate limit exceeded",
                                  retry_after=wait)  # fmt: skip
        return None

    # -- idempotency ----------------------------------------------------------------------

    def replays(self, call: Call) -> bool:
        """Whether ``call`` repeats an idempotency key already answered for its operation (a
        key in the body is known once the body is validated)."""
        key = idempotency_key(call)
        return bool(key) and (call.op["id"], key) in self._replays

    def _idempotent_replay(self, call: Call) -> Optional[httpx.Response]:
        key = idempotency_key(call)
        seen = self._replays.get((call.op["id"], key)) if key else None
        if seen is None:
            return None
        credential, first_request, original = seen
        spec = call.op["idempotency"]
        refusal = ""
        if credential != call.credential:
            refusal, why = str(spec.get("conflict") or ""), "by another API key"
        elif first_request != fingerprint(call.request) and spec.get("mismatch"):
            refusal, why = str(spec["mismatch"]), "with a different request"
        if refusal or credential != call.credential:
            status = self._codes.get(refusal, 409)
            message = f"the idempotency key was already used {why}"
            return self.error(call.op, status, call.request_id, message, code=refusal,
                              hint="" if refusal else "idempotency")  # fmt: skip
        role, _ = self.roles.of[call.op["id"]]
        if role == "create" and original.extensions.get("mock_resource"):
            template, values, rid = original.extensions["mock_resource"]
            resource = self.store.collection(template, values).get(rid)
            if resource is not None:
                replay = 200 if 200 in call.op["responses"] else original.status_code
                return self.render(call, replay, resource.data)
        return httpx.Response(original.status_code, headers=original.headers,
                              content=original.content)  # fmt: skip

    # -- roles ----------------------------------------------------------------------------

    def _dispatch(self, call: Call) -> httpx.Response:
        role, template = self.roles.of[call.op["id"]]
        absent = next((v for v in call.params.values() if names_nothing(v)), None)
        if absent is not None:  # the test-id convention: error branches can be exercised
            return self.error(call.op, 404, call.request_id, f"no resource with id {absent}")
        if role == "stream":
            return self._stream(call, template)
        if role == "create":
            return self._create(call, template)
        if role == "list":
            return self._list(call, template)
        if role in ("read", "view", "update", "delete", "action"):
            return self._on_resource(call, role, template)
        return self._example(call)

    def _create(self, call: Call, template: str) -> httpx.Response:
        op = call.op
        status = 201 if 201 in op["responses"] else success_status(op)
        created = unwrap(op["responses"].get(status, {}).get("example"))
        data = self.store.base(template)
        if isinstance(created, dict):
            data.update(json_copy(created))
        body = call.body if isinstance(call.body, dict) else {}
        shown = properties(self.roles.reads.get(template) or op, self.schemas)
        for name, prop in properties(op, self.schemas, request=True).items():
            if name in body or name not in data:
                continue
            if "default" in prop:  # what the server assumes for a property left out
                data[name] = prop["default"]
            elif nullable(shown.get(name)):
                data[name] = None
        data.update({k: v for k, v in {**call.params, **body}.items() if k in data})
        ids = [k for k in (*self.store.id_fields(template), *id_keys(created)) if k in data]
        collection = self.store.collection(template, call.params)
        inputs = frozenset(properties(op, self.schemas, request=True))
        rid = self.store.new_id(collection, data.get(ids[0]) if ids else None)
        for key in ids or ["id"]:
            data[key] = rid
        read = self.roles.reads.get(template)
        if read is not None and read["polling"] and read["polling"]["lifecycle"]:
            data = set_path(data, read["polling"]["field"], read["polling"]["lifecycle"][0])
            keep = {*ids, *(created if isinstance(created, dict) else ()), *inputs}
            self.unfinished(read, data, keep)
        stamp(data, self.store.now(), created=True)
        refused = self.rules.created(self, call, data)
        if refused is not None:
            return refused
        self.store.add(collection, rid, data).inputs = inputs
        response = self.render(call, status, data)
        response.extensions["mock_resource"] = (template, dict(call.params), str(rid))
        return response

    def unfinished(self, read: dict[str, Any], data: dict[str, Any], keep: set[str]) -> None:
        """Clear the outcome of a resource that has not reached it yet: each nullable field of
        the polled ``read``'s answer outside ``keep`` (ids, what the create answer shows, the
        client's inputs) and not a timestamp is null until the lifecycle ends."""
        shown = properties(read, self.schemas)
        for key in list(data):
            if key not in keep and key not in TIMESTAMPS and nullable(shown.get(key)):
                data[key] = None

    def _stand_in(self, template: str, call: Call, rid: Any) -> Resource:
        resource = self.store.stand_in(template, call.params, rid)
        read = self.roles.reads.get(template)
        if read is not None and not resource.settled:
            self.unfinished(read, resource.data, set(self.store.id_fields(template)))
        return resource

    def _on_resource(self, call: Call, role: str, template: str) -> httpx.Response:
        op = call.op
        rid = last_param(op, call.params)
        collection = self.store.collection(template, call.params)
        resource = collection.get(str(rid))
        if resource is None:
            if self.strict or self.store.deleted(template, call.params, str(rid)):
                return self.error(op, 404, call.request_id, f"no resource with id {rid}")
            resource = self._stand_in(template, call, rid)
        if role == "delete":
            self.store.delete(template, call.params, str(rid))
            return self.render(call, success_status(op), resource.data)
        read = self.roles.reads.get(template)
        clock, step = self._clock, self.step_seconds
        if role == "read" and op["polling"]:
            advance(resource, op, self.store, clock=clock, step_seconds=step)
        elif read is not None and read["polling"] and not resource.settled and role != "read":
            advance(resource, read, self.store, clock=clock, step_seconds=step, count=False)
        if role == "update" and isinstance(call.body, dict):
            resource.data.update(call.body)
            stamp(resource.data, self.store.now(), created=False)
        if role == "action" and read is not None and read["polling"]:
            conflict = act(resource, read["polling"], op, call.body, self.store, strict=self.strict)
            if conflict is not None:
                return self.error(op, 409, call.request_id, conflict)
        return self.render(call, success_status(op), resource.data)

    def _list(self, call: Call, template: str) -> httpx.Response:
        op = call.op
        example = success_example(op)
        collection = self.store.collection(template, call.params)
        items = [r.data for r in self.store.newest_first(collection) if r.listed]
        pagination = op["pagination"] or {}
        size_name = str(pagination.get("page-size") or pagination.get("limit"))
        size = int(call.query.get(size_name) or param_default(op, self.schemas, size_name) or 20)
        shape = self.store.items_of(op, example)
        body = list_page(example, shape, items, call.query, pagination, size)
        return self._respond(call, success_status(op), body)

    def _example(self, call: Call) -> httpx.Response:
        """The spec's example (a polled one walks its lifecycle by path, poll by poll)."""
        op = call.op
        status = success_status(op)
        example = success_example(op)
        polling = op["polling"]
        if polling and polling["lifecycle"] and isinstance(example, dict):
            path = call.request.url.path
            seen = self._polls.get(path, 0)
            self._polls[path] = seen + 1
            if seen < len(polling["lifecycle"]):
                inner = set_path(unwrap(example), polling["field"], polling["lifecycle"][seen])
                example = wrap(example, inner)
        elif op["method"] != "GET":
            self._polls.clear()  # a write starts a new life: polls walk the lifecycle again
        return self._respond(call, status, example)

    def example(self, operation_id: str) -> Any:
        """A copy of the success example of the operation ``operation_id`` (None if unknown)."""
        op = next((o for o in self._ops if o["id"] == operation_id), None)
        return success_example(op) if op else None

    def render(self, call: Call, status: int, data: dict[str, Any]) -> httpx.Response:
        """``data`` in the shape of the operation's example for ``status``."""
        example = call.op["responses"].get(status, {}).get("example")
        inner = unwrap(example)
        return self._respond(call, status, wrap(example, project(inner, data)))

    def _respond(self, call: Call, status: int, body: Any) -> httpx.Response:
        op = call.op
        response = op["responses"].get(status) or {}
        headers = {"request-id": call.request_id, "x-request-id": call.request_id,
                   "x-mock": "true"}  # fmt: skip
        headers.update(self._declared(response.get("headers") or {}, call))
        body = self.rules.answer(self, call, body)
        media = str(response.get("media") or "")
        if status == 204 or not media:
            return httpx.Response(status, headers=headers)
        if body is None:
            message = f"mock: the spec has no example for {op['method']} {op['path']}"
            return self.error(op, 501, call.request_id, message, code="no_example")
        if "json" in media:
            return httpx.Response(status, headers=headers, json=body)
        content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        return httpx.Response(status, headers={**headers, "content-type": media}, content=content)

    def _declared(self, declared: Mapping[str, Any], call: Optional[Call]) -> dict[str, str]:
        """Values for the headers the spec declares on a response: rate-limit headers from the
        per-credential window (counting the request once), others from their examples."""
        headers: dict[str, str] = {}
        for name, value in declared.items():
            if "ratelimit-limit" in name:
                headers[name] = str(self._window.requests)
            elif "ratelimit-remaining" in name:
                if call is not None and call.remaining is None:
                    call.remaining = self._window.take(call.credential)[0]
                left = call.remaining if call is not None else self._window.requests
                headers[name] = str(max(0, left or 0))
            elif "ratelimit-reset" in name:
                headers[name] = str(self._window.reset_at())
            elif value is not None and name not in ("retry-after", "request-id", "x-request-id"):
                headers[name] = str(value)
        return headers

    def _stream(self, call: Call, template: str) -> httpx.Response:
        """The operation's events played for this request (``_streams``); a stream of a
        resource the mock holds first watches it reach the end of its lifecycle."""
        op = call.op
        status = success_status(op)
        resource, polling = None, None
        read = self.roles.reads.get(template) if template else None
        if read is not None:
            rid = last_param(op, call.params)
            collection = self.store.collection(template, call.params)
            resource = collection.get(str(rid))
            if resource is None:
                if self.strict or self.store.deleted(template, call.params, str(rid)):
                    return self.error(op, 404, call.request_id, f"no resource with id {rid}")
                resource = self._stand_in(template, call, rid)
            if read["polling"]:
                polling = read["polling"]
                for _ in range(len(polling["lifecycle"]) + 2):  # bounded: settles by then
                    advance(resource, read, self.store, clock=lambda: math.inf,
                            step_seconds=self.step_seconds)  # fmt: skip
        response = op["responses"].get(status) or {}
        events = play(op, response, self.schemas, call.params, resource, polling, template)
        headers = {"request-id": call.request_id, "x-request-id": call.request_id,
                   "x-mock": "true", "content-type": "text/event-stream",
                   "cache-control": "no-cache"}  # fmt: skip
        resume = call.request.headers.get("last-event-id", "")
        return httpx.Response(status, headers=headers, content=encode(events, resume))


def _fields(body: Any) -> set[str]:
    """The property names anywhere in an error body."""
    if isinstance(body, dict):
        return set(body).union(*(_fields(v) for v in body.values()))
    return set()
