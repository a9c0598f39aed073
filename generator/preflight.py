"""Warnings that predict run-time failures, said at generation instead.

Each is a (JSON pointer, message) pair the pipeline adds to the build's located warnings. They
cover what a spec can be valid with and still give a client that can't work out of the box:
no usable server URL, or credentials the generated client does not apply by itself (a scheme
type it has no argument for, or a second key: ``api_key=`` goes with one scheme only).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Optional
from urllib.parse import urlsplit

from .errors import join_pointer
from .ir.operations import server_url

__all__ = ["preflight"]

_SUPPORTED_HTTP = ("bearer", "basic")


def preflight(
    document: dict[str, Any], env_prefix: str, applied: Optional[frozenset[str]] = None
) -> Iterator[tuple[str, str]]:
    """Every predictable failure of the client ``document`` generates (its environment
    variables start with ``env_prefix``; ``applied`` names the security schemes the client
    sends credentials for by itself, when known)."""
    yield from _servers(document, f"{env_prefix}_BASE_URL")
    yield from _security(document)
    if applied is not None:
        yield from _requirements(document, applied)


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
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    if not isinstance(schemes, dict):
        return
    for key, scheme in schemes.items():
        if not isinstance(scheme, dict) or "$ref" in scheme:
            continue
        kind = scheme.get("type")
        http_scheme = str(scheme.get("scheme", "")).lower()
        if kind == "apiKey" or (kind == "http" and http_scheme in _SUPPORTED_HTTP):
            continue
        shown = f"http {http_scheme}" if kind == "http" else str(kind)
        yield (
            join_pointer("#/components/securitySchemes", str(key)),
            f"security scheme type not applied by the client; {shown}: the client sends "
            "no credential for it: pass default_headers= (a token you obtained) or signer=",
        )


def _requirements(document: dict[str, Any], applied: frozenset[str]) -> Iterator[tuple[str, str]]:
    """Operations whose every security alternative needs a scheme the client does not apply
    (a second API key, say: ``api_key=`` is sent with one scheme): one warning per set of
    missing schemes, at its first operation, with how many operations need it. Schemes of a
    type the client has no argument for are said once by ``_security`` instead."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    if not isinstance(schemes, dict):
        return
    supported = {k for k, v in schemes.items() if isinstance(v, dict) and _supported(v)}
    root = document.get("security")
    found: dict[tuple[str, ...], list[str]] = {}
    paths = document.get("paths") or {}
    for path, item in paths.items() if isinstance(paths, dict) else ():
        if not isinstance(item, dict):
            continue
        for method, op in item.items():
            if not isinstance(op, dict) or method in ("parameters", "servers", "$ref"):
                continue
            requirement = op.get("security", root)
            if not isinstance(requirement, list) or not requirement:
                continue
            alternatives = [set(r) for r in requirement if isinstance(r, dict)]
            if any(alt <= applied for alt in alternatives):
                continue
            needed: set[str] = set().union(*alternatives)
            missing = sorted((needed - applied) & supported)
            if missing:
                pointer = join_pointer("#/paths", str(path), str(method))
                found.setdefault(tuple(missing), []).append(pointer)
    for names_needed, pointers in found.items():
        names = ", ".join(repr(m) for m in names_needed)
        yield (
            pointers[0],
            f"security scheme {names} not applied by the client (api_key= goes with one "
            f"scheme only); {len(pointers)} operation(s) need it: pass its credential with "
            "default_headers= or signer=",
        )


def _supported(scheme: dict[str, Any]) -> bool:
    kind = scheme.get("type")
    return kind == "apiKey" or (
        kind == "http" and str(scheme.get("scheme", "")).lower() in _SUPPORTED_HTTP
    )
