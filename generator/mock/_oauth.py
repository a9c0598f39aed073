"""The mock's OAuth2 token endpoint: each ``tokenUrl`` (and ``refreshUrl``) of the spec's OAuth2
flows, served at its path (a relative URL under the API's base path); for OpenID Connect, the
``openIdConnectUrl``'s path answers ``GET`` with a discovery document naming the mock's token
endpoint.

Grants: ``client_credentials`` (the client authenticated by HTTP basic or ``client_id``/
``client_secret`` in the form), ``password`` (``username``/``password``) and ``refresh_token``.
A client secret or password containing ``invalid`` is refused (401 ``invalid_client``, 400
``invalid_grant``), as the mock's test-key convention refuses keys. Issued tokens follow the same
convention: they carry the scopes asked for (``mock_at_N.scopes=a,b``), so an operation needing
another scope answers 403, and one without scopes has them all.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any, Optional
from urllib.parse import parse_qs, unquote

import httpx

__all__ = [
    "answer_discovery",
    "answer_token",
    "discovery_paths",
    "match_token_path",
    "token_paths",
]

LIFETIME = 3600


def token_paths(schemes: Mapping[str, Any]) -> tuple[str, ...]:
    """The path (suffix) of every token endpoint the schemes name."""
    found = {p for scheme in schemes.values() for p in scheme.get("token_paths") or ()}
    return tuple(sorted(found))


def discovery_paths(schemes: Mapping[str, Any]) -> tuple[str, ...]:
    """The path of every OpenID Connect discovery document the schemes name."""
    return tuple(sorted({s["discovery_path"] for s in schemes.values() if s.get("discovery_path")}))


OIDC_TOKEN_PATH = "/__mock/oauth/token"  # as ``generator/ir/mock.py`` names it


def answer_discovery(request: httpx.Request) -> httpx.Response:
    """An OpenID Connect discovery document whose token endpoint is the mock's own."""
    token = request.url.copy_with(path=OIDC_TOKEN_PATH, query=None)
    issuer = request.url.copy_with(path="/", query=None)
    body: dict[str, Any] = {"issuer": str(issuer), "token_endpoint": str(token)}
    body["grant_types_supported"] = ["client_credentials", "password", "refresh_token"]
    return httpx.Response(200, json=body)


def answer_token(request: httpx.Request, serial: str) -> httpx.Response:
    """The token endpoint's answer to ``request`` (``serial`` makes the token unique)."""
    form = {k: v[0] for k, v in parse_qs(request.content.decode("utf-8", "replace")).items()}
    grant = form.get("grant_type", "")
    client_id, secret = _client(request, form)
    if grant == "client_credentials":
        if not client_id or not secret:
            return _refuse(401, "invalid_client", "client authentication is missing")
        if "invalid" in secret.lower():
            return _refuse(401, "invalid_client", "the client secret is not valid")
    elif grant == "password":
        if not form.get("username") or not form.get("password"):
            return _refuse(400, "invalid_request", "username and password are required")
        if "invalid" in form["password"].lower():
            return _refuse(400, "invalid_grant", "the username or password is not valid")
    elif grant == "refresh_token":
        token = form.get("refresh_token", "")
        if not token or "invalid" in token.lower() or "expired" in token.lower():
            return _refuse(400, "invalid_grant", "the refresh token is not valid")
    else:
        return _refuse(400, "unsupported_grant_type", f"grant_type {grant!r} is not supported")
    scopes = form.get("scope", "").split()
    access = f"mock_at_{serial}" + (f".scopes={','.join(scopes)}" if scopes else "")
    body = {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": LIFETIME,
        "refresh_token": f"mock_rt_{serial}",
    }
    if scopes:
        body["scope"] = " ".join(scopes)
    return httpx.Response(200, json=body, headers={"Cache-Control": "no-store"})


def _client(request: httpx.Request, form: Mapping[str, str]) -> tuple[str, str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            pair = base64.b64decode(header[6:].strip()).decode("utf-8")
        except ValueError:
            return "", ""
        user, _, secret = pair.partition(":")
        return unquote(user), unquote(secret)
    return form.get("client_id", ""), form.get("client_secret", "")


def _refuse(status: int, error: str, description: str) -> httpx.Response:
    # RFC 6749 5.2's error shape: what OAuth2 clients (and this SDK's errors) read.
    body: dict[str, Any] = {"error": error, "error_description": description}
    return httpx.Response(status, json=body, headers={"Cache-Control": "no-store"})


def match_token_path(path: str, paths: tuple[str, ...]) -> Optional[str]:
    return next((p for p in paths if path == p or path.endswith(p)), None)
