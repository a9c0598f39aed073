"""Security: every ``components/securitySchemes`` entry as a constructor argument, the root
requirement, and each operation's own requirement (one record per operation).

Rules (README "Security"):

- The first scheme of the root ``security`` that is an apiKey or http bearer scheme (without
  ``x-sdk-signing`` or ``x-sdk-argument``) takes ``api_key=`` (env ``PREFIX_API_KEY``); without
  a root ``security``, only a spec's single such scheme does (with several, which one
  ``api_key=`` means would be a guess). The first http basic scheme takes
  ``username=``/``password=``. Every other scheme takes its key in snake_case (``session`` for
  ``Session``), or the name its ``x-sdk-argument`` gives; env ``PREFIX_<NAME>``.
- OAuth2 and OpenID Connect schemes share ``client_id=``/``client_secret=``/``token_provider=``
  /``refresh_token=`` (one authorization server per API is the norm) and each takes a ready
  access token under its own name; the password flow reads ``username=``/``password=`` too.
  ``mutualTLS`` takes ``client_cert=``.
- An operation's requirement is its own ``security``, else the root's (``[]``: none). An
  operation served from another origin than the API's servers gets no credentials unless its
  own ``security`` names them.
- Scopes matter only to OAuth2/OpenID schemes (a token per scope set); other schemes' scopes
  are documentation, so an operation differing from the root only by them needs no record.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Optional
from urllib.parse import urlsplit

import attrs

from ..errors import join_pointer
from .document_extensions import DocumentExtensions, SchemeExtensions
from .model import Operation, Resource
from .naming import PARAMETER, snake_name, unique
from .package import AuthScheme
from .servers import server_url

__all__ = ["Requirement", "build_schemes", "root_requirement", "with_requirements"]

Requirement = tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]
ANONYMOUS: Requirement = ((),)

# Constructor arguments a scheme's own name must not take.
_CLIENT_ARGS = frozenset(
    {
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "default_headers",
        "http_client",
        "response_hook",
        "signer",
        "mock_mode",
        "username",
        "password",
        "client_id",
        "client_secret",
        "token_provider",
        "refresh_token",
        "client_cert",
        "max_elapsed",
        "respect_rate_limits",
        "environment",
        "self",
    }
)
_GRANTS = (
    ("clientCredentials", "client_credentials"),
    ("password", "password"),
    ("authorizationCode", "authorization_code"),
    ("implicit", "implicit"),
)

Warn = Callable[[str, str], None]


def _root_order(doc: dict[str, Any], schemes: dict[str, Any]) -> list[str]:
    preferred = [k for req in doc.get("security") or () if isinstance(req, dict) for k in req]
    return list(dict.fromkeys([k for k in preferred if k in schemes] + sorted(schemes)))


def build_schemes(
    doc: dict[str, Any],
    ext: DocumentExtensions,
    warn: Warn,
    reserved: frozenset[str] = frozenset(),
) -> tuple[AuthScheme, ...]:
    """Every usable scheme, the root ``security``'s first (in its order), then by key.
    ``ext``: the document's parsed extensions (each scheme's own among them); ``reserved``:
    other constructor arguments (signing credentials)."""
    schemes = ((doc.get("components") or {}).get("securitySchemes")) or {}
    if not isinstance(schemes, dict):
        return ()

    def own_ext(key: str) -> SchemeExtensions:
        return ext.schemes.get(key) or SchemeExtensions()

    taken = set(_CLIENT_ARGS | reserved)
    result: list[AuthScheme] = []
    have_basic = False
    # Without a root requirement, ``api_key=`` is only unambiguous for a lone key scheme.
    keyed = [k for k, v in schemes.items() if isinstance(v, dict) and _is_key(v, own_ext(k))]
    have_primary = not doc.get("security") and len(keyed) != 1
    for key in _root_order(doc, schemes):
        scheme = _resolved(schemes, schemes[key])
        where = join_pointer("#/components/securitySchemes", key)
        if not isinstance(scheme, dict):
            warn(where, "security scheme is not an object (or an unresolvable $ref); not applied")
            continue
        kind = scheme.get("type")
        signing = own_ext(key).signing
        description = str(scheme.get("description") or "").strip()
        http = str(scheme.get("scheme", "")).lower()
        own = own_ext(key).argument or None
        base: dict[str, Any] = dict(key=key, description=description, signing=signing)
        if kind == "apiKey" or (kind == "http" and http == "bearer"):
            location = str(scheme.get("in") or "header") if kind == "apiKey" else "header"
            if location not in ("header", "query", "cookie"):
                warn(where, f"apiKey in {location!r} is not applied (header, query or cookie)")
                continue
            name = str(scheme.get("name") or "") if kind == "apiKey" else "Authorization"
            if kind == "apiKey" and not name:
                warn(where, "apiKey scheme without a name is not applied")
                continue
            primary = not have_primary and not signing and own is None
            arg = "api_key" if primary else _arg(own or key, taken)
            have_primary = have_primary or primary
            result.append(
                AuthScheme(
                    kind="api_key" if kind == "apiKey" else "bearer",
                    location=location,
                    param_name=name,
                    arg="" if signing else arg,
                    env="API_KEY" if primary else arg.upper(),
                    **base,
                )
            )
        elif kind == "http" and http == "basic":
            first = not have_basic and own is None
            stem = "" if first else _arg(own or key, taken)
            have_basic = True
            result.append(
                AuthScheme(
                    kind="basic",
                    param_name="Authorization",
                    arg=stem,
                    env=stem.upper(),
                    **base,
                )
            )
        elif kind == "http" and http:
            arg = _arg(own or key, taken)
            word = str(scheme.get("scheme"))
            result.append(
                AuthScheme(kind="http", param_name=word, arg=arg, env=arg.upper(), **base)
            )
        elif kind in ("oauth2", "openIdConnect"):
            found = _oauth(scheme, where, warn) if kind == "oauth2" else _openid(scheme, where)
            if found is None:
                continue
            grant, token_url, refresh_url, discovery = found
            arg = _arg(own or key, taken)
            result.append(
                AuthScheme(
                    kind="oauth2" if kind == "oauth2" else "openid",
                    arg=arg,
                    env=arg.upper(),
                    grant=grant,
                    token_url=token_url,
                    refresh_url=refresh_url,
                    discovery_url=discovery,
                    client_auth=own_ext(key).client_auth,
                    **base,
                )
            )
        elif kind == "mutualTLS":
            result.append(AuthScheme(kind="mtls", arg="client_cert", env="CLIENT_CERT", **base))
        # Other types: preflight warns that the client does not apply them.
    return tuple(result)


def _resolved(schemes: dict[str, Any], scheme: Any, depth: int = 0) -> Any:
    """A scheme given as ``$ref`` to another entry of ``components/securitySchemes``."""
    ref = scheme.get("$ref") if isinstance(scheme, dict) else None
    prefix = "#/components/securitySchemes/"
    if not isinstance(ref, str) or depth > 8:
        return None if ref is not None else scheme
    target = ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
    return _resolved(schemes, schemes.get(target), depth + 1) if ref.startswith(prefix) else None


def _is_key(scheme: dict[str, Any], own: SchemeExtensions) -> bool:
    kind, http = scheme.get("type"), str(scheme.get("scheme", "")).lower()
    return (kind == "apiKey" or (kind == "http" and http == "bearer")) and not (
        own.signing or own.argument
    )


def _arg(name: str, taken: set[str]) -> str:
    # "OAuth" is one word to its readers (``oauth``, not ``o_auth``).
    arg = snake_name(re.sub(r"OAuth", "Oauth", name), fallback="credential", reserved=PARAMETER)
    if arg.rstrip("_") in _CLIENT_ARGS:  # the client's own argument (``timeout`` -> ``timeout_``)
        arg = arg.rstrip("_") + "_auth"
    return unique(arg, taken)


def _oauth(scheme: dict[str, Any], where: str, warn: Warn) -> Optional[tuple[str, str, str, str]]:
    """(grant the client runs, token URL, refresh URL, ""): client credentials first, then
    password; flows the client cannot run itself take a token or ``token_provider=``."""
    raw = scheme.get("flows")
    flows: dict[str, Any] = raw if isinstance(raw, dict) else {}
    present = [(name, grant) for name, grant in _GRANTS if isinstance(flows.get(name), dict)]
    if not present:
        warn(where, "oauth2 scheme without flows is not applied")
        return None
    for name, grant in present:
        flow = flows[name]
        if grant in ("client_credentials", "password") and isinstance(flow.get("tokenUrl"), str):
            return grant, flow["tokenUrl"], str(flow.get("refreshUrl") or ""), ""
    # Flows the client does not run (preflight warns): a token or token_provider= instead.
    name, grant = present[0]
    flow = flows[name]
    # Its tokenUrl still serves refresh_token= (authorization code).
    return grant, str(flow.get("tokenUrl") or ""), str(flow.get("refreshUrl") or ""), ""


def _openid(scheme: dict[str, Any], where: str) -> Optional[tuple[str, str, str, str]]:
    url = scheme.get("openIdConnectUrl")
    if not isinstance(url, str) or not url:
        return None
    return "client_credentials", "", "", url


def _normalise(
    raw: Any, kinds: dict[str, str], where: str = "", warn: Optional[Warn] = None
) -> Requirement:
    """Alternatives of (scheme, scopes). One naming a scheme the client does not know (not
    defined, or not applied) can never be met: it is left out, with a warning; when none is
    left the operation is sent without credentials (the spec gives no way to send them)."""
    alternatives = []
    for index, alternative in enumerate(raw if isinstance(raw, list) else ()):
        if not isinstance(alternative, dict):
            continue
        unknown = sorted(str(k) for k in alternative if str(k) not in kinds)
        if unknown:
            if warn is not None:
                warn(
                    join_pointer(where, str(index)),
                    f"security requirement names {', '.join(unknown)}, which the client cannot "
                    "apply (not a usable scheme of components/securitySchemes); left out",
                )
            continue
        alternatives.append(
            tuple(
                (
                    str(key),
                    tuple(sorted({str(s) for s in scopes}))  # one token per scope set
                    if kinds.get(str(key)) in ("oauth2", "openid") and isinstance(scopes, list)
                    else (),
                )
                for key, scopes in alternative.items()
            )
        )
    return tuple(alternatives) if alternatives else ANONYMOUS


def root_requirement(
    doc: dict[str, Any], schemes: tuple[AuthScheme, ...], warn: Optional[Warn] = None
) -> Requirement:
    """The requirement of operations that state none (no root ``security``: none)."""
    kinds = {s.key: s.kind for s in schemes}
    raw = doc.get("security")
    return _normalise(raw, kinds, "#/security", warn) if "security" in doc else ANONYMOUS


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return (parts.scheme, (parts.hostname or "").lower(), port)


def _pointed(doc: dict[str, Any], pointer: str) -> Any:
    node: Any = doc
    for part in pointer.lstrip("#/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node.get(part) if isinstance(node, dict) else None
    return node


def with_requirements(
    resources: tuple[Resource, ...],
    doc: dict[str, Any],
    schemes: tuple[AuthScheme, ...],
    warn: Optional[Warn] = None,
) -> tuple[Resource, ...]:
    """``resources`` with each operation's ``requirement`` set where it differs from the root's
    (``None`` elsewhere: such calls carry the client's default credentials at no cost)."""
    kinds = {s.key: s.kind for s in schemes}
    root = root_requirement(doc, schemes, warn)
    api_origins = {_origin(server_url(s)) for s in doc.get("servers") or () if isinstance(s, dict)}

    def requirement(op: Operation) -> Optional[Requirement]:
        raw = _pointed(doc, op.pointer)
        own = raw.get("security") if isinstance(raw, dict) and "security" in raw else None
        foreign = bool(op.base_absolute) and _origin(op.base_absolute) not in api_origins
        if own is None:
            return ANONYMOUS if foreign and root != ANONYMOUS else None
        found = _normalise(own, kinds, join_pointer(op.pointer, "security"), warn)
        return None if found == root and not foreign else found

    return tuple(
        attrs.evolve(
            r,
            operations=tuple(attrs.evolve(op, requirement=requirement(op)) for op in r.operations),
        )
        for r in resources
    )
