"""The mock's table: what the simulation needs of a spec, as plain data (``PKG/_mock_routes.py``).

Generated packages depend on httpx and attrs only, so the mock cannot carry a JSON Schema
library or the spec itself. Instead the generator writes a compact, inert table: per operation
its method, path, parameters and body with their schemas reduced to the validation keywords,
success and error examples, security requirements with scopes, and the ``x-sdk-*`` data the
simulation reads (polling, pagination, idempotency, ``x-sdk-mock``); per document the reduced
component schemas (``$ref`` kept as the schema name), the security schemes (with
``x-sdk-signing``), the error codes of ``x-sdk-errors`` and the rate limit. The extensions come
parsed (``extensions``, ``document_extensions``): this module reads no ``x-sdk-*`` key itself.
The mock's ``_schema.validate`` checks requests against it (see ``generator/mock/_core.py``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

from .document_extensions import DocumentExtensions
from .extensions import OperationExtensions, PollingSpec, walk_operations
from .operations import wire_path

__all__ = ["mock_table"]

# The JSON Schema keywords a request is checked against; descriptions and examples are dropped.
_KEEP = frozenset({
    "type", "enum", "const", "format", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
    "required", "nullable", "default", "maxProperties", "minProperties", "readOnly", "writeOnly",
    "multipleOf", "uniqueItems",
})  # fmt: skip
_NESTED = ("items", "additionalProperties", "propertyNames", "not", "contentSchema")
_LISTS = ("oneOf", "anyOf", "allOf")
_REF = "#/components/schemas/"
OIDC_TOKEN_PATH = "/__mock/oauth/token"  # the token endpoint of the mock's OpenID discovery

Resolve = Callable[[Any], Any]


def mock_table(
    doc: dict[str, Any],
    resolve: Resolve,
    extensions: DocumentExtensions,
    operation_extensions: dict[str, OperationExtensions],
) -> dict[str, Any]:
    """The mock's table for ``doc`` (plain JSON-like data, safe to ``repr`` into code), given
    its parsed extensions: the document's, and each operation's by JSON pointer."""
    components = doc.get("components") or {}
    used: set[str] = set()
    operations = []
    for site in sorted(walk_operations(doc, resolve), key=lambda s: s.path):
        shared = [resolve(p) for p in site.path_parameters]
        ext = operation_extensions[site.pointer]
        operations.append(
            _operation(doc, resolve, site.path, site.method, site.operation, ext, shared, used)
        )
    schemas: dict[str, Any] = {}
    pending = sorted(used)
    raw = components.get("schemas") or {}
    while pending:
        name = pending.pop()
        target = raw.get(name) if "/" not in name else resolve({"$ref": _REF + name})
        if name in schemas or target is None:
            continue
        found: set[str] = set()
        schemas[name] = _schema(target, resolve, found)
        pending += sorted(found - set(schemas))
    shared = _share(operations, ("errors", "error_headers"))
    codes = {e.code: e.status for e in extensions.errors if e.status is not None}
    signing = {s.scheme: dict(s.settings) for s in extensions.signing}
    return {
        "operations": operations,
        "schemas": dict(sorted(schemas.items())),
        "schemes": _schemes(components.get("securitySchemes") or {}, resolve, signing),
        "security": _security(doc.get("security")),
        "codes": codes,
        "status_codes": _status_codes(extensions, operations, codes, shared),
        "rate_limit": extensions.rate_limit.table() if extensions.rate_limit else {},
        "max_body": extensions.mock.max_body,
        "shared": shared,
    }


def _share(operations: list[dict[str, Any]], keys: tuple[str, ...]) -> list[Any]:
    """Error bodies and headers repeat across operations (shared responses): each is written
    once, in ``shared``, and operations name it by index."""
    shared: list[Any] = []
    index: dict[str, int] = {}
    for op in operations:
        for key in keys:
            for status, value in op[key].items():
                seen = index.setdefault(repr(value), len(shared))
                if seen == len(shared):
                    shared.append(value)
                op[key][status] = seen
    return shared


def _operation(
    doc: dict[str, Any], resolve: Resolve, path: str, method: str, op: dict[str, Any],
    ext: OperationExtensions, shared: list[Any], used: set[str],
) -> dict[str, Any]:  # fmt: skip
    params = {}
    for raw in [*shared, *(resolve(p) for p in op.get("parameters") or ())]:
        if isinstance(raw, dict) and "name" in raw:
            params[(raw["name"], raw.get("in"))] = {
                "name": str(raw["name"]), "in": str(raw.get("in", "query")),
                "required": bool(raw.get("required")),
                "schema": _schema(raw.get("schema") or {}, resolve, used),
                # Only when the spec says: the reader defaults the rest per location.
                **{k: raw[k] for k in ("style", "explode") if k in raw},
            }  # fmt: skip
    body = None
    request = resolve(op.get("requestBody"))
    content = request.get("content") if isinstance(request, dict) else None
    # An empty `content` describes no body (a malformed spec the loader only warns about).
    if isinstance(request, dict) and isinstance(content, dict) and content:
        media_type = next(iter(content))
        media = resolve(request["content"][media_type]) or {}
        body = {"required": bool(request.get("required")), "media": media_type,
                "schema": _schema(media.get("schema") or {}, resolve, used)}  # fmt: skip
    successes: dict[int, Any] = {}
    errors: dict[int, Any] = {}
    error_headers: dict[int, Any] = {}
    for status, raw in (op.get("responses") or {}).items():
        if not str(status).isdigit():
            continue
        response = resolve(raw) or {}
        content = response.get("content") or {}
        media_type = next((c for c in content if "json" in c), next(iter(content), ""))
        media = resolve(content.get(media_type)) if media_type else {}
        example = _example(media or {}, resolve)
        code = int(status)
        headers = {}
        for name, header in (response.get("headers") or {}).items():
            header = resolve(header) or {}
            value = header.get("example", (resolve(header.get("schema")) or {}).get("example"))
            headers[str(name).lower()] = value
        media = media or {}
        # OpenAPI 3.2 describes a stream's items with `itemSchema` (the event, not the stream).
        schema = _schema(media.get("schema") or media.get("itemSchema") or {}, resolve, used)
        if 200 <= code < 300:
            successes[code] = {"media": media_type, "example": example, "headers": headers,
                               "schema": schema}  # fmt: skip
            if media_type == "text/event-stream":
                successes[code]["item_schema"] = "itemSchema" in media
                successes[code]["examples"] = _all_examples(media, resolve)
        elif code >= 400 and (isinstance(example, dict) or schema):
            # No example: the mock builds the error body from the schema (`_mock/_data.py`).
            errors[code] = example if isinstance(example, dict) else {"x-mock-schema": schema}
            if headers:
                error_headers[code] = headers
    idempotency = ext.idempotency
    return {
        "id": str(op.get("operationId") or f"{method} {path}"),
        "method": method.upper(),
        "path": wire_path(path),
        "params": list(params.values()),
        "body": body,
        "responses": dict(sorted(successes.items())),
        "errors": dict(sorted(errors.items())),
        "error_headers": dict(sorted(error_headers.items())),
        "security": _security(op.get("security", doc.get("security"))),
        "polling": _polling(ext.polling, successes, resolve, op),
        "pagination": ext.pagination.table() if ext.pagination else None,
        "idempotency": idempotency.table() if idempotency else None,
        "mock": ext.mock,
    }


def _polling(
    polling: Optional[PollingSpec], successes: dict[int, Any], resolve: Resolve, op: dict[str, Any]
) -> Optional[dict[str, Any]]:
    """Status field, the non-terminal statuses in order, and the terminal ones."""
    if polling is None:
        return None
    field = polling.status
    success = list(polling.success)
    failure = list(polling.failure)
    terminal = set(success) | set(failure)
    schema: Any = None
    for status in sorted(op.get("responses") or {}):
        if str(status).startswith("2"):
            content = (resolve(op["responses"][status]) or {}).get("content") or {}
            media = resolve(next(iter(content.values()), None)) or {}
            schema = resolve(media.get("schema"))
            break
    for part in field.split("."):
        props = schema.get("properties") if isinstance(schema, dict) else None
        schema = resolve(props.get(part)) if isinstance(props, dict) else None
    values = schema.get("enum") if isinstance(schema, dict) else None
    first = next((r.get("example") for r in successes.values()), None)
    if (
        field.startswith("data.")
        and isinstance(first, dict)
        and isinstance(first.get("data"), dict)
    ):
        field = field[len("data.") :]  # the mock keeps resources out of their envelope
    lifecycle = [str(v) for v in values or () if str(v) not in terminal]
    if not lifecycle:
        lifecycle = [s for s, _ in polling.intervals if s not in terminal]
    return {"field": field, "lifecycle": lifecycle, "success": success, "failure": failure}


_NO: frozenset[str] = frozenset()


def _example(media: dict[str, Any], resolve: Resolve) -> Any:
    if "example" in media:
        return media["example"]
    examples = media.get("examples")
    if isinstance(examples, dict) and examples:
        first = resolve(next(iter(examples.values())))
        if isinstance(first, dict) and "value" in first:
            return first["value"]
    schema = resolve(media.get("schema"))
    return schema.get("example") if isinstance(schema, dict) else None


def _all_examples(media: dict[str, Any], resolve: Resolve) -> list[Any]:
    """Every example of a stream, in the spec's order: each one event, or a list of events."""
    found = [media["example"]] if "example" in media else []
    for named in (media.get("examples") or {}).values():
        named = resolve(named)
        if isinstance(named, dict) and "value" in named:
            found.append(named["value"])
    return found


def _schema(node: Any, resolve: Resolve, used: set[str], inlining: frozenset[str] = _NO) -> Any:
    """``node`` reduced to validation keywords; refs into components stay refs, by name or,
    for a node inside a component (``Pool/properties/ip``), by that path: the table holds each
    once. (Inlining those copied them at every use, and Azure's specs, whose components refer
    to each other's properties, grew to gigabytes.) Any other ref is inlined, unless it is
    being inlined already (a schema referring back to itself): that inner occurrence accepts
    anything."""
    if not isinstance(node, dict):
        return node if isinstance(node, bool) else {}
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref.startswith(_REF):
            used.add(ref[len(_REF) :])
            return {"$ref": ref[len(_REF) :]}
        if ref in inlining:
            return {}
        return _schema(resolve(node), resolve, used, inlining | {ref})
    out: dict[str, Any] = {k: node[k] for k in sorted(_KEEP & set(node))}
    if "example" in node and not isinstance(node["example"], (dict, list)):
        out["example"] = node["example"]  # a scalar's own example: the mock's data uses it
    discriminator = node.get("discriminator")
    if isinstance(discriminator, dict) and discriminator.get("propertyName"):
        mapping = {str(k): str(v)[len(_REF) :] if str(v).startswith(_REF) else str(v)
                   for k, v in (discriminator.get("mapping") or {}).items()}  # fmt: skip
        out["discriminator"] = {"propertyName": str(discriminator["propertyName"]),
                                "mapping": mapping}  # fmt: skip
    if isinstance(node.get("properties"), dict):
        out["properties"] = {str(k): _schema(v, resolve, used, inlining)
                             for k, v in node["properties"].items()}  # fmt: skip
    for key in _NESTED:
        if key in node:
            out[key] = _schema(node[key], resolve, used, inlining)
    for key in _LISTS:
        if isinstance(node.get(key), list):
            out[key] = [_schema(v, resolve, used, inlining) for v in node[key]]
    return out


def _security(requirements: Any) -> list[list[Any]]:
    """Alternatives, each a list of ``[scheme, scopes]``; ``[]`` inside: anonymous allowed."""
    if not isinstance(requirements, list):
        return []
    return [
        [[str(name), [str(s) for s in scopes or ()]] for name, scopes in req.items()]
        for req in requirements
        if isinstance(req, dict)
    ]


def _schemes(
    schemes: dict[str, Any], resolve: Resolve, signing: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    out = {}
    for name, raw in schemes.items():
        scheme = resolve(raw) or {}
        entry = {k: scheme[k] for k in ("type", "in", "name", "scheme") if k in scheme}
        paths = _token_paths(scheme)
        if paths:
            entry["token_paths"] = paths
        if scheme.get("type") == "openIdConnect" and isinstance(
            scheme.get("openIdConnectUrl"), str
        ):
            entry["discovery_path"] = urlsplit(scheme["openIdConnectUrl"]).path
        if str(name) in signing:
            entry["signing"] = signing[str(name)]
        out[str(name)] = entry
    return out


def _token_paths(scheme: dict[str, Any]) -> list[str]:
    """Paths of an OAuth2 scheme's token and refresh URLs (the mock's token endpoint)."""
    if scheme.get("type") == "openIdConnect":
        return [OIDC_TOKEN_PATH]  # what the mock's discovery document names
    flows = scheme.get("flows") if scheme.get("type") == "oauth2" else None
    found = set()
    for flow in flows.values() if isinstance(flows, dict) else ():
        for key in ("tokenUrl", "refreshUrl"):
            url = flow.get(key) if isinstance(flow, dict) else None
            if isinstance(url, str) and url:
                path = urlsplit(url).path
                found.add(path if path.startswith("/") else "/" + path)
    return sorted(found)


def _status_codes(
    extensions: DocumentExtensions, operations: list[dict[str, Any]], codes: dict[str, int],
    shared: list[Any],
) -> dict[int, str]:  # fmt: skip
    """The code the mock answers for a status when no rule names a more precise one: the
    spec's ``x-sdk-mock.error-codes``, else the code most error examples use for it, else the
    first ``x-sdk-errors`` code with that status."""
    seen: dict[int, Counter[str]] = {}
    for op in operations:
        for status, body in op["errors"].items():
            code = _code_in(shared[body])
            if code:
                seen.setdefault(status, Counter())[code] += 1
    chosen = {s: c.most_common(1)[0][0] for s, c in seen.items()}
    for code, status in codes.items():
        chosen.setdefault(status, code)
    chosen.update(extensions.mock.error_codes)
    return dict(sorted(chosen.items()))


def _code_in(body: Any) -> str:
    if isinstance(body, dict):
        if isinstance(body.get("code"), str):
            return str(body["code"])
        for value in body.values():
            found = _code_in(value)
            if found:
                return found
    return ""
