"""Warnings that predict run-time failures, said at generation instead.

Each is a (JSON pointer, message) pair the pipeline adds to the build's located warnings. They
cover what a spec can be valid with and still give a client that can't work out of the box:
no usable server URL, or credentials the generated client does not apply by itself (a scheme
type it has no argument for, or a second key: ``api_key=`` goes with one scheme only).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from .errors import join_pointer
from .ir.servers import server_url

__all__ = ["preflight"]

_SUPPORTED_HTTP = ("bearer", "basic")
_FETCHED_FLOWS = ("clientCredentials", "password")


def preflight(document: dict[str, Any], env_prefix: str) -> Iterator[tuple[str, str]]:
    """Every predictable failure of the client ``document`` generates (its environment
    variables start with ``env_prefix``). Every security scheme the client applies has a
    constructor argument of its own (ir/security.py), so only those it cannot apply warn."""
    yield from _servers(document, f"{env_prefix}_BASE_URL")
    yield from _security(document)


def _servers(document: dict[str, Any], variable: str) -> Iterator[tuple[str, str]]:
    servers = document.get("servers") or []
    first = servers[0] if servers and isinstance(servers[0], dict) else None
    if first is None or not first.get("url"):
        yield (
            "#/servers" if "servers" in document else "#",
            f"no servers; the client has no default base URL: every call needs base_url= "
            f"or {variable} (mock mode works without), and the README says so",
        )
        return
    url = server_url(first)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        yield (
            "#/servers/0/url",
            f"server URL {url!r} is not an absolute http(s) URL; the client needs base_url= "
            f"or {variable} to reach the API (mock mode works without)",
        )


def _security(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Schemes the client cannot apply by itself: an unknown type, an HTTP scheme other than
    bearer and basic (its argument takes the credentials or a callable), and OAuth2 flows the
    client does not run (authorization code, implicit: a token or ``token_provider=``)."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    if not isinstance(schemes, dict):
        return
    for key, scheme in schemes.items():
        if not isinstance(scheme, dict) or "$ref" in scheme:
            continue
        where = join_pointer("#/components/securitySchemes", str(key))
        kind = scheme.get("type")
        http_scheme = str(scheme.get("scheme", "")).lower()
        if kind == "http" and http_scheme not in _SUPPORTED_HTTP:
            yield (
                where,
                f"http {http_scheme} is not computed by the client: its argument takes the "
                "value sent after the scheme word, or a callable given each request",
            )
        elif kind == "oauth2":
            flows = scheme.get("flows") if isinstance(scheme.get("flows"), dict) else {}
            if flows and not any(f in flows for f in _FETCHED_FLOWS):
                yield (
                    where,
                    "oauth2 with only authorizationCode/implicit flows: the client does not "
                    "run them; it needs a token, token_provider= or refresh_token=",
                )
        elif kind not in ("apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"):
            yield (where, f"security scheme type {kind!r} is not applied by the client")
