"""How the mock's requests and answers look: route patterns and path values, error bodies in the
platform's shape, resources in the shape of an example, the ids of examples."""

from __future__ import annotations

import copy
import hashlib
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any, TypeVar, cast

import httpx

_T = TypeVar("_T")

__all__ = [
    "code_in",
    "fill_error",
    "fingerprint",
    "has_code",
    "id_keys",
    "json_copy",
    "last_param",
    "names_nothing",
    "nullable",
    "params",
    "pattern",
    "project",
    "rebrand",
    "snake",
    "success_example",
    "success_status",
    "test_vector_secret",
]


def json_copy(value: _T) -> _T:
    """A deep copy of JSON-like data (dicts, lists, scalars): the mock's examples and bodies.
    Several times faster than ``copy.deepcopy``, which it falls back to for anything else."""
    data: Any = value
    kind = type(data)
    if kind is dict:
        return cast(_T, {k: json_copy(v) for k, v in data.items()})
    if kind is list:
        return cast(_T, [json_copy(v) for v in data])
    if kind in (str, int, float, bool) or data is None:
        return value
    return copy.deepcopy(value)


def project(template: Any, data: Mapping[str, Any]) -> Any:
    if not isinstance(template, dict):
        return json_copy(dict(data))
    return {k: json_copy(data[k]) if k in data else v for k, v in template.items()}


def code_in(body: Any) -> str:
    if isinstance(body, dict):
        if isinstance(body.get("code"), str):
            return str(body["code"])
        if isinstance(body.get("error"), str):
            return str(body["error"])
        return next((c for c in map(code_in, body.values()) if c), "")
    return ""


def has_code(body: Any) -> bool:
    return bool(code_in(body))


def fill_error(node: Any, code: str, message: str, status: int, request_id: str, field: str) -> Any:
    if isinstance(node, list):
        return [fill_error(n, code, message, status, request_id, field) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if (key == "code" and isinstance(value, str)) or (
            key == "error" and isinstance(value, str)
        ):
            out[key] = code
        elif key == "code" and type(value) is int:  # an HTTP-style numeric code
            out[key] = status
        elif key == "message" and isinstance(value, str):
            out[key] = message
        elif key in ("status", "statusCode") and type(value) is int:
            out[key] = status
        elif key == "retryable" and isinstance(value, bool):
            out[key] = status in (429, 500, 503)
        elif key in ("requestId", "request_id"):
            out[key] = request_id
        elif key == "details":
            if isinstance(value, list):
                out[key] = [{"field": field, "message": message}] if field else []
            elif isinstance(value, dict):
                out[key] = {"field": field} if field else None
            else:  # documented as null here: keep it so
                out[key] = value
        else:
            out[key] = fill_error(value, code, message, status, request_id, field)
    return out


def test_vector_secret(schemes: Mapping[str, Any]) -> str:
    for scheme in schemes.values():
        vectors = (scheme.get("signing") or {}).get("test-vectors") or []
        if vectors and isinstance(vectors[0], dict) and vectors[0].get("secret"):
            return str(vectors[0]["secret"])
    return ""


def pattern(path: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^{}]+\}", path)
    # Suffix match: the base URL's path prefix (and a sibling API's) is not part of the spec.
    groups = [f"(?P<p{i}>[^/]+)" for i in range(len(parts) - 1)]
    body = "".join(re.escape(p) + (groups[i] if i < len(groups) else "")
                   for i, p in enumerate(parts))  # fmt: skip
    return re.compile("(?:.*)" + body + "$")


def params(op: dict[str, Any], match: re.Match[str]) -> dict[str, str]:
    names = re.findall(r"\{([^{}]+)\}", op["path"])
    return {name: urllib.parse.unquote(match.group(f"p{i}")) for i, name in enumerate(names)}


def last_param(op: dict[str, Any], params: Mapping[str, Any]) -> Any:
    names = re.findall(r"\{([^{}]+)\}", op["path"])
    read_names = [n for n in names if n in params]
    # A view or action (P/{id}/x) names its resource by its last path value.
    return params.get(read_names[-1]) if read_names else None


# The test-id convention (README, "The mock"): a path value containing one of these names no
# resource, so it answers 404 in the platform's error shape whatever the mock holds.
ABSENT_WORDS = ("missing", "invalid", "notfound", "not_found", "not-found", "doesnotexist")


def names_nothing(value: Any) -> bool:
    text = str(value).lower()
    return any(word in text for word in ABSENT_WORDS)


def rebrand(value: Any, old: str, new: str) -> Any:
    """``value`` with every string mentioning the id ``old`` mentioning ``new`` instead. Short
    or all-digit ids are left alone: ``1`` or ``p1`` also occur inside dates and words."""
    if len(old) < 4 or old.isdigit():
        return value
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [rebrand(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: rebrand(v, old, new) for k, v in value.items()}
    return value


def fingerprint(request: httpx.Request) -> str:
    """What makes two requests with one idempotency key the same request."""
    digest = hashlib.sha256(request.content).hexdigest()
    return f"{request.method} {request.url.path} {digest}"


def nullable(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return bool(schema.get("nullable")) or (isinstance(kind, list) and "null" in kind)


def id_keys(example: Any) -> list[str]:
    if not isinstance(example, dict):
        return []
    return [k for k in example if k == "id" or k.endswith(("Id", "_id"))][:1]


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_").lower()


def success_status(op: Mapping[str, Any]) -> int:
    """The operation's lowest success status (the table keeps only successes, sorted)."""
    return next(iter(op["responses"]), 200)


def success_example(op: Mapping[str, Any]) -> Any:
    """A copy of the example of the operation's success response (None if it has none)."""
    return json_copy(op["responses"].get(success_status(op), {}).get("example"))
