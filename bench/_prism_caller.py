"""The child of ``bench/prism_corpus.py`` that makes the calls: imports one generated package
and its smoke-test module (both on ``PYTHONPATH``), builds the sync client against Prism and
calls every operation from index FIRST on, printing one JSON line per call.

Usage: ``python bench/_prism_caller.py NAME URL FIRST KEYS_JSON``. A dummy credential is given
for every constructor argument that takes one; OAuth2 gets a ``token_provider`` (client
credentials would make the client fetch a token from the spec's token URL). Every request that
is not for 127.0.0.1 is refused before it is sent. When Prism's answer is its own 500 naming
only *response* violations (the request was accepted; the answer Prism built from the spec's
example or schema breaks the spec), the call is made once more asking Prism for a generated
answer (``Prefer: dynamic=true``; Prism runs with ``--seed``, so this is deterministic).
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
import traceback
from typing import Any, Callable

import httpx

SETTINGS = frozenset(
    {
        "base_url", "timeout", "max_retries", "default_headers", "http_client", "response_hook",
        "signer", "mock_mode", "max_elapsed", "respect_rate_limits", "environment",
        "client_id", "client_secret", "refresh_token", "client_cert",
    }
)  # fmt: skip
CALL_TIMEOUT = 15.0  # seconds per request
_DROPPED_HEADERS = ("host", "user-agent", "accept-encoding", "connection")


def on_request(request: httpx.Request) -> None:
    if request.url.host != "127.0.0.1":
        raise RuntimeError(f"refused to send to {request.url.host} (not loopback)")


def credentials_for(client_class: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for param in list(inspect.signature(client_class.__init__).parameters.values())[1:]:
        if param.name == "token_provider":
            found[param.name] = lambda scopes: "dummy-token"
        elif param.name not in SETTINGS and param.default is None:
            found[param.name] = "dummy-" + param.name.replace("_", "-")
    return found


def problem_of(response: httpx.Response) -> dict[str, Any]:
    """Prism's ``application/problem+json`` answer (its first ten violations), else {}."""
    if "problem+json" not in response.headers.get("content-type", ""):
        return {}
    try:
        problem = json.loads(response.content)
    except ValueError:
        return {}
    if not isinstance(problem, dict):
        return {}
    found = problem.get("validation")
    problem["validation"] = found[:10] if isinstance(found, list) else []
    return problem


def answered_invalid(response: httpx.Response) -> bool:
    """Prism's 500: the request was accepted, the answer it built violates the spec."""
    if response.status_code != 500:
        return False
    found = problem_of(response)["validation"] if problem_of(response) else []
    return bool(found) and all((v.get("location") or [""])[0] == "response" for v in found)


def call(client: Any, smoke: Any, key: str, responses: list[httpx.Response]) -> dict[str, Any]:
    responses.clear()
    result: dict[str, Any] = {"key": key}
    try:
        value = smoke.CALLS[key](client)
        if hasattr(value, "__next__"):
            list(value)
        result["ok"] = True
    except Exception as exc:  # the figure being measured: every exception is classified
        result["ok"] = False
        result["exception"] = type(exc).__name__
        result["message"] = str(exc)[:500]
        result["where"] = traceback.format_tb(exc.__traceback__)[-1].strip()[:300]
        cause: BaseException | None = exc
        seen: set[int] = set()
        while cause is not None and id(cause) not in seen:
            seen.add(id(cause))
            if isinstance(cause, (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError)):
                result["connection"] = True
            cause = cause.__cause__ or cause.__context__
    if responses:
        last = responses[-1]
        request = last.request
        result.update(
            status=last.status_code,
            violations=last.headers.get("sl-violations", ""),
            content_type=last.headers.get("content-type", ""),
            body=last.content[:2000].decode("utf-8", "replace"),
            problem=problem_of(last),
            request=f"{request.method} {request.url}",
            request_headers={
                k: v for k, v in request.headers.items() if k.lower() not in _DROPPED_HEADERS
            },
        )
        try:
            result["request_body"] = request.content[:500].decode("utf-8", "replace")
        except httpx.RequestNotRead:
            result["request_body"] = "<stream>"
    return result


def main(name: str, url: str, first: int, keys: list[str]) -> None:
    package = importlib.import_module(name)
    smoke = importlib.import_module(f"test_{name}_smoke")
    del package
    responses: list[httpx.Response] = []

    def on_response(response: httpx.Response) -> None:
        response.read()
        responses.append(response)

    client_class: Any = next(
        obj
        for obj in vars(smoke).values()
        if inspect.isclass(obj)
        and obj.__module__ == f"{name}._client"
        and hasattr(obj, "__enter__")
    )
    credentials = credentials_for(client_class)
    hooks: dict[str, list[Callable[..., Any]]] = {
        "request": [on_request],
        "response": [on_response],
    }
    clients = [
        client_class(
            base_url=url,
            http_client=httpx.Client(timeout=CALL_TIMEOUT, event_hooks=hooks),
            max_retries=0,
            respect_rate_limits=False,
            default_headers=headers,
            **credentials,
        )
        for headers in (None, {"Prefer": "dynamic=true"})
    ]
    for index, key in enumerate(keys):
        if index < first:
            continue
        result = call(clients[0], smoke, key, responses)
        if not result["ok"] and responses and answered_invalid(responses[-1]):
            result = {**call(clients[1], smoke, key, responses), "answer": "dynamic"}
        print(json.dumps(result), flush=True)
        if result.get("connection"):
            break


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4]))
