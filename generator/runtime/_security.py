"""Security requirements, sans-I/O: which credentials one request carries.

A client holds at most one credential per security scheme of its spec. An operation names a
*requirement*: alternatives, each a set of schemes that must all be applied (OpenAPI's
``security`` list of objects). The first alternative whose schemes are all configured wins; an
empty alternative means "no credentials". A requirement no alternative of which is configured
raises ``MissingCredentials`` (the package's own subclass) before anything is sent.

What an alternative applies is computed once per requirement (a ``Plan``): the static headers,
query parameters and cookies, the OAuth2 token sources to ask (I/O, done by the shells) and the
per-scheme request callables. The client's *default* plan (the spec's root requirement) is put
into the client's headers once, so operations that use it cost nothing per call; only an
operation with a requirement of its own, a default needing tokens, or an unmet default pays for
``authorize``.

Origins: ``strip_foreign`` removes every credential a request carries (headers, query, the
``Cookie`` header) when a redirect leaves the origin its credentials were meant for; httpx
itself only drops ``Authorization``.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping, Sequence
from typing import Any, Callable, NamedTuple, Optional

import httpx

__all__ = [
    "Plan",
    "basic_credential",
    "client_tls",
    "oauth_credential",
    "from_env",
    "Requirement",
    "SecurityScheme",
    "ClientSecurity",
    "merge_cookie_header",
    "origin_of",
    "strip_foreign",
]

Scopes = tuple[str, ...]
# Alternatives of AND-combined (scheme key, scopes); ``((),)`` is "no credentials".
Requirement = tuple[tuple[tuple[str, Scopes], ...], ...]
ANONYMOUS: Requirement = ((),)


class SecurityScheme(NamedTuple):
    """One security scheme as the client applies it.

    ``kind``: ``api_key`` (``location`` header, query or cookie; ``name`` the parameter),
    ``bearer``, ``basic``, ``http`` (another HTTP scheme, ``name`` its word: ``Digest``),
    ``oauth2``, ``openid``, ``mtls`` or ``signing`` (a signer hook). ``hint`` says how to
    configure it (``api_key= or CODEVF_API_KEY``), for error messages.
    """

    key: str
    kind: str
    location: str
    name: str
    hint: str


class Plan(NamedTuple):
    """What one satisfied requirement puts on a request."""

    headers: Mapping[str, str]
    params: Mapping[str, str]
    cookies: Mapping[str, str]
    tokens: tuple[tuple[Any, Scopes], ...]  # (token source, scopes): a bearer token each
    callables: tuple[Callable[[httpx.Request], None], ...]


_NO_PLAN = Plan({}, {}, {}, (), ())


def basic_credential(user: Optional[str], password: Optional[str]) -> Optional[tuple[str, str]]:
    """HTTP basic credentials as held: (base64 of ``user:password`` as sent, the password)."""
    if user is None or password is None:
        return None
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return (token, password)


def from_env(value: Any, variable: str) -> Any:
    """``value`` when given, else the environment variable (``None`` when unset)."""
    return value if value is not None else os.environ.get(variable)


def client_tls(cert: Any, error: Callable[[str], Exception]) -> Any:
    """An ``ssl.SSLContext`` presenting the client certificate ``cert`` (a PEM file holding the
    certificate and key, or ``(certificate file, key file)``) for mutualTLS; ``None``: none.
    A file that cannot be loaded raises ``error`` naming it."""
    if cert is None:
        return None
    import ssl  # only clients with a certificate pay for it

    files = (cert, None) if isinstance(cert, str) else (cert[0], cert[1])
    context = ssl.create_default_context()
    try:
        context.load_cert_chain(*files)
    except (OSError, ssl.SSLError) as exc:
        shown = " and ".join(repr(f) for f in files if f)
        raise error(f"client_cert: cannot load {shown}: {exc.strerror or exc}") from None
    return context


def oauth_credential(token: Optional[str], provider: Any, config: Any) -> Any:
    """The credential of an OAuth2/OpenID scheme: a ready token, else the caller's token
    provider, else the configuration of a grant the client runs when it has what that grant
    needs (``None``: not configured)."""
    if token:
        return token
    if provider is not None:
        return provider
    ready = config.client_id is not None or config.refresh_token is not None
    if config.grant == "password":
        ready = config.username is not None and config.password is not None
    elif config.grant not in ("client_credentials",):
        ready = config.refresh_token is not None and bool(config.token_url)
    return config if ready and (config.token_url or config.discovery_url) else None


def origin_of(url: httpx.URL) -> tuple[str, str, int]:
    """(scheme, host, port) with the scheme's default port filled in."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return (url.scheme, url.host, port)


def merge_cookie_header(header: str, cookies: Mapping[str, str], drop: frozenset[str]) -> str:
    """A ``Cookie`` header with the operation's cookies kept (but those named in ``drop``) and
    ``cookies`` (credentials) added after them."""
    kept = [
        part
        for part in (p.strip() for p in header.split(";"))
        if part and part.split("=", 1)[0] not in drop
    ]
    kept += [f"{name}={value}" for name, value in cookies.items()]
    return "; ".join(kept)


class ClientSecurity:
    """The schemes of a spec, the credentials one client holds for them and the plan of each
    requirement it has seen."""

    def __init__(
        self,
        schemes: Sequence[SecurityScheme],
        values: Mapping[str, Any],
        default: Requirement,
        *,
        skip_checks: bool = False,
    ) -> None:
        """``values``: the configured credential of each scheme key: a ``str`` (api_key, bearer,
        an ``http`` scheme's credentials, an OAuth2 access token), a base64 ``user:password``
        for basic, a callable given the request (``http``), a token source (OAuth2), ``True``
        (signing, mTLS: applied elsewhere). ``None`` or missing: not configured.
        ``skip_checks``: an unmet requirement sends what is configured rather than fail (mock
        mode; and with a caller's ``signer=``, which may apply what the spec's schemes cannot)."""
        self.schemes = {s.key: s for s in schemes}
        self.values = {k: v for k, v in values.items() if v is not None and v != ""}
        self.default = default
        self.skip_checks = skip_checks
        self._plans: dict[Requirement, Plan] = {}
        carriers = [s for s in schemes if s.key in self.values]
        # Every credential this client can put on a request, by where it goes.
        self.header_names = frozenset(
            ("Authorization" if s.kind != "api_key" else s.name).lower()
            for s in carriers
            if s.kind in ("bearer", "basic", "http", "oauth2", "openid")
            or (s.kind == "api_key" and s.location == "header")
        )
        self.query_names = frozenset(
            s.name for s in carriers if s.kind == "api_key" and s.location == "query"
        )
        self.cookie_names = frozenset(
            s.name for s in carriers if s.kind == "api_key" and s.location == "cookie"
        )

    def bind(self, sources: Callable[[Any], Any], providers: Callable[[Any], Any]) -> None:
        """Turn OAuth2 credentials into token sources of the client's flavour: a grant's
        configuration (it has a ``grant``) by ``sources(value)``, a caller's token provider by
        ``providers(value)``; plans are computed again."""
        for key, value in list(self.values.items()):
            if self.schemes[key].kind not in ("oauth2", "openid") or isinstance(value, str):
                continue
            if hasattr(value, "grant"):
                self.values[key] = sources(value)
            elif callable(value):
                self.values[key] = providers(value)
        self._plans.clear()

    # -- choosing -------------------------------------------------------------------------------

    def select(self, requirement: Requirement) -> Optional[tuple[tuple[str, Scopes], ...]]:
        """The first alternative whose schemes are all configured (``None``: none is)."""
        for alternative in requirement:
            if all(key in self.values for key, _ in alternative):
                return alternative
        return None

    def missing_message(self, requirement: Requirement, where: str) -> str:
        """Names the schemes ``where`` needs and how to configure each (never a value)."""
        options = []
        for alternative in requirement:
            needed = [self.schemes[k] for k, _ in alternative if k in self.schemes]
            options.append(" and ".join(f"{s.key} ({s.hint})" for s in needed))
        shown = "; or ".join(o for o in options if o) or "a scheme this client cannot apply"
        return f"{where} needs credentials: {shown}"

    def plan(self, requirement: Requirement) -> Optional[Plan]:
        """The plan of ``requirement`` (cached), or ``None`` when it cannot be met."""
        found = self._plans.get(requirement)
        if found is not None:
            return found
        alternative = self.select(requirement)
        if alternative is None:
            if not self.skip_checks:
                return None
            alternative = ()
        headers: dict[str, str] = {}
        params: dict[str, str] = {}
        cookies: dict[str, str] = {}
        tokens: list[tuple[Any, Scopes]] = []
        callables: list[Callable[[httpx.Request], None]] = []
        for key, scopes in alternative:
            scheme, value = self.schemes[key], self.values[key]
            kind = scheme.kind
            if kind == "api_key":
                {"query": params, "cookie": cookies}.get(scheme.location, headers)[scheme.name] = (
                    value
                )
            elif kind == "bearer" or (kind in ("oauth2", "openid") and isinstance(value, str)):
                headers["Authorization"] = f"Bearer {value}"
            elif kind == "basic":
                headers["Authorization"] = f"Basic {value[0]}"
            elif kind == "http":
                if callable(value):
                    callables.append(value)
                else:
                    headers["Authorization"] = f"{scheme.name} {value}"
            elif kind in ("oauth2", "openid"):
                tokens.append((value, scopes))
            # signing (the client's signer) and mtls (the TLS layer) apply themselves.
        plan = self._plans[requirement] = Plan(
            headers, params, cookies, tuple(tokens), tuple(callables)
        )
        return plan

    def default_plan(self) -> Plan:
        """What every request of the root requirement carries ({} when it cannot be met)."""
        return self.plan(self.default) or _NO_PLAN

    @property
    def default_is_static(self) -> bool:
        """The default plan is fully applied by the client's headers, params and cookies."""
        plan = self.plan(self.default)
        return plan is not None and not plan.tokens and not plan.callables

    # -- applying -------------------------------------------------------------------------------

    def apply(self, request: httpx.Request, plan: Plan, default: Plan) -> None:
        """Put ``plan`` on ``request`` in place of the ``default`` plan the client's settings
        already put there."""
        headers = request.headers
        for name in default.headers:
            if name not in plan.headers:
                headers.pop(name, None)
        headers.update(plan.headers)
        if default.params or plan.params:
            url = request.url
            for name in default.params:
                url = url.copy_remove_param(name)
            for name, value in plan.params.items():
                url = url.copy_set_param(name, value)
            request.url = url
        if default.cookies or plan.cookies:
            current = headers.get("Cookie", "")
            merged = merge_cookie_header(current, plan.cookies, frozenset(default.cookies))
            if merged:
                headers["Cookie"] = merged
            else:
                headers.pop("Cookie", None)
        for call in plan.callables:
            call(request)

    def secrets(self) -> list[str]:
        """Every secret string held, for redaction (token sources add theirs)."""
        found: list[str] = []
        for value in self.values.values():
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, tuple):  # basic: the token as sent and the password
                found.extend(v for v in value if isinstance(v, str))
            elif hasattr(value, "secrets"):
                found.extend(value.secrets())
        return [s for s in found if s]


def strip_foreign(request: httpx.Request, security: ClientSecurity) -> None:
    """Remove every credential ``request`` could carry: it is about to leave the origin they
    were given for (a redirect elsewhere). Headers, query parameters and the ``Cookie`` header
    (the client's cookie jar is httpx's and the user's to manage)."""
    headers = request.headers
    for name in security.header_names | {"authorization"}:
        headers.pop(name, None)
    if security.cookie_names:
        headers.pop("Cookie", None)
    if security.query_names:
        url = request.url
        for name in security.query_names:
            url = url.copy_remove_param(name)
        request.url = url
