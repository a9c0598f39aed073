"""Mock mode: the API answered in-process from the spec's own examples (no network, no key).

The generator writes each package's routes (method, path template, status, media type, example)
into ``PKG/_mock_routes.py``; ``MockAPI`` serves them through ``httpx.MockTransport``. A polled
resource (``x-sdk-polling``) first reports each non-terminal status of its lifecycle, one per
poll, then its example, so waiting code runs as it would against the service.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from typing import Any, Optional

import attrs
import httpx

__all__ = ["MockAPI", "MockRoute"]


@attrs.frozen
class MockRoute:
    method: str
    path: str  # the spec's template, e.g. /tasks/{id}
    status: int
    media_type: str
    example: Any
    status_field: str = ""  # dotted wire path of a polled status
    lifecycle: tuple[str, ...] = ()  # statuses reported before the example's own
    auth: tuple[tuple[str, str], ...] = ()  # (header|query|cookie, name): one must be present

    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"\{[^{}]+\}", self.path)
        # Suffix match: the base URL's path prefix (and a sibling API's) is not part of the spec.
        return re.compile("(?:.*)" + "[^/]+".join(re.escape(p) for p in parts) + "$")


class MockAPI:
    """An httpx handler serving ``routes``; unknown paths answer 404 in a common error shape."""

    def __init__(self, routes: Sequence[MockRoute], check_auth: bool = False) -> None:
        # In-process mock mode needs no key; the served mock answers 401 like the API would.
        self._check_auth = check_auth
        # Longest templates first, so /tasks/{id}/cancel wins over /tasks/{id}.
        ordered = sorted(routes, key=lambda r: (-len(r.path), r.path))
        self._routes = [(r, r.pattern()) for r in ordered]
        self._polls: dict[str, int] = {}
        self._requests = itertools.count(1)  # request ids: unique per mock, in order

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        route = next(
            (
                r
                for r, pattern in self._routes
                if r.method == request.method and pattern.match(path)
            ),
            None,
        )
        if route is None:
            body = {
                "error": {"code": "not_found", "message": f"mock: no route {request.method} {path}"}
            }
            return httpx.Response(404, json=body)
        if self._check_auth and route.auth and not _authenticated(request, route.auth):
            wanted = " or ".join(name for _, name in route.auth)
            body = {
                "error": {
                    "code": "unauthorized",
                    "message": f"mock: missing credentials ({wanted})",
                }
            }
            return httpx.Response(401, json=body)
        if request.method != "GET":
            # A write starts a new resource's life: its next polls walk the lifecycle again.
            self._polls.clear()
        headers = {"request-id": f"mock_{next(self._requests)}", "x-mock": "true"}
        if route.media_type == "text/event-stream":
            headers["content-type"] = "text/event-stream"
            return httpx.Response(route.status, headers=headers, content=_sse(route.example))
        if route.status == 204 or not route.media_type:
            return httpx.Response(route.status, headers=headers)
        example = self._lifecycle(route, path)
        if example is None:
            message = f"mock: the spec has no example for {request.method} {route.path}"
            return httpx.Response(
                501, headers=headers, json={"error": {"code": "no_example", "message": message}}
            )
        if "json" in route.media_type:
            return httpx.Response(route.status, headers=headers, json=example)
        content = example.encode() if isinstance(example, str) else json.dumps(example).encode()
        return httpx.Response(
            route.status, headers={**headers, "content-type": route.media_type}, content=content
        )

    def _lifecycle(self, route: MockRoute, path: str) -> Any:
        if not route.lifecycle or not isinstance(route.example, dict):
            return route.example
        seen = self._polls.get(path, 0)
        self._polls[path] = seen + 1
        if seen >= len(route.lifecycle):
            return route.example
        return _with_path(route.example, route.status_field, route.lifecycle[seen])


def _authenticated(request: httpx.Request, alternatives: Sequence[tuple[str, str]]) -> bool:
    for where, name in alternatives:
        if where == "header" and request.headers.get(name, "").strip():
            return True
        if where == "query" and request.url.params.get(name):
            return True
        if where == "cookie" and f"{name}=" in request.headers.get("cookie", ""):
            return True
    return False


def _with_path(value: dict[str, Any], path: str, new: Any) -> dict[str, Any]:
    head, _, rest = path.partition(".")
    copy = dict(value)
    copy[head] = _with_path(copy.get(head) or {}, rest, new) if rest else new
    return copy


def _sse(example: Any) -> bytes:
    events = example if isinstance(example, list) else [example]
    chunks = []
    for event in events:
        name: Optional[str] = event.get("type") if isinstance(event, dict) else None
        prefix = f"event: {name}\n" if isinstance(name, str) else ""
        chunks.append(f"{prefix}data: {json.dumps(event)}\n\n")
    return "".join(chunks).encode()
