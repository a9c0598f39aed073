"""The pure logic of a generated client: configuration, requests, retry decisions, errors.

``ClientCore`` does no I/O, so the sync and async shells (``_sync_http``, ``_async_http``) are
thin loops around it, and its decisions are tested without a network. It is built once per client
and read on every call, so it precomputes what it can (auth headers, URL prefix).
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Mapping, Sequence
from typing import Any, Callable, NamedTuple, Optional, Union
from urllib.parse import quote, quote_plus, urlencode, urlsplit, urlunsplit

import httpx

from ._errors import APIErrorMixin, ErrorTable, retry_after_seconds
from ._options import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    NO_OPTIONS,
    NotGiven,
    RequestOptions,
)
from ._pacer import Pacer
from ._params import not_replayable_note, replayable
from ._poll import RateLimiter
from ._security import (
    ClientSecurity,
    Plan,
    SecurityScheme,
    basic_credential,
    merge_cookie_header,
)

__all__ = [
    "AuthSpec",
    "ClientCore",
    "RequestSigner",
    "ResponseHook",
    "Secret",
    "RateLimit",
    "path_param",
    "random_uuid4",
]

# Statuses worth another try: the server says "later" (408, 429, 503), a conflict that may clear
# (409), or it failed (5xx). A request that is not retry-safe retries only when nothing was done.
RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
# Methods that are retry-safe by definition: repeating them has no further effect (RFC 9110).
# QUERY (OpenAPI 3.2, the HTTP QUERY method) is safe and idempotent by definition.
RETRY_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "QUERY"})
# Retry-After is honoured up to this many seconds; beyond it, waiting is the caller's decision.
MAX_RETRY_AFTER = 60.0
# Bounds the parsed-URL cache; when full it starts over (cheaper than tracking recency).
_URL_CACHE_SIZE = 256
_REDACTED_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})

ResponseHook = Callable[[httpx.Response], Any]
RequestSigner = Callable[[httpx.Request], None]
# (kind, location, name): ("api_key", "header", "x-api-key"), ("bearer", "header", "Authorization")
AuthSpec = tuple[str, str, str]


class RateLimit(NamedTuple):
    """The rate-limit headers of a response (``x-ratelimit-*`` or the IETF ``ratelimit-*``)."""

    limit: Optional[int]
    remaining: Optional[int]
    reset: Optional[float]

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> Optional[RateLimit]:
        values = [
            headers.get(f"x-ratelimit-{name}") or headers.get(f"ratelimit-{name}")
            for name in ("limit", "remaining", "reset")
        ]
        if not any(values):
            return None
        limit, remaining, reset = (_number(v) for v in values)
        return cls(
            None if limit is None else int(limit),
            None if remaining is None else int(remaining),
            reset,
        )


def _number(value: Optional[str]) -> Optional[float]:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


class Secret:
    """Holds a credential; its repr and str never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__


def random_uuid4() -> str:
    """A random version-4 UUID written as ``str(uuid.uuid4())`` writes it, from the same
    ``os.urandom`` bytes, without importing ``uuid`` (which imports ``platform``) into every
    client, and in about half the time."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def path_param(value: Any) -> str:
    """Percent-encode one path segment; enum members contribute their value."""
    segment = quote(str(getattr(value, "value", value)), safe="")
    # A bare "." or ".." is a dot segment that httpx resolves away, addressing another resource.
    return segment.replace(".", "%2E") if segment in (".", "..") else segment


class ClientCore:
    """Settings and decisions shared by a client's sync and async shells."""

    def __init__(
        self,
        *,
        env_prefix: str,
        default_base_url: str,
        auth: Sequence[AuthSpec],
        errors: ErrorTable,
        user_agent: str,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None] = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        response_hook: Optional[ResponseHook] = None,
        signer: Optional[RequestSigner] = None,
        require_api_key: bool = True,
        rate_limit: Optional[tuple[int, float]] = None,
        env_api_key: bool = True,
        basic_auth: Optional[tuple[Optional[str], Optional[str]]] = None,
        mock_mode: bool = False,
        security: Optional[ClientSecurity] = None,
        tls: Any = None,
        max_elapsed: Optional[float] = None,
        respect_rate_limits: bool = True,
        pace_every_call: bool = False,
    ) -> None:
        """``security``: the spec's schemes and this client's credentials (generated clients);
        without it, ``auth``/``api_key``/``basic_auth`` describe one key and HTTP basic.
        ``require_api_key``: fail now when no credential at all is configured.
        ``tls``: what the owned httpx client verifies with (an ``ssl.SSLContext`` carrying a
        client certificate, for mutualTLS)."""
        if security is not None:
            self._init_security(env_prefix, security)
            if require_api_key and not security.values:
                # Every operation of the API needs credentials and none were given: say so
                # now, as an SDK whose every call would fail should (``require_api_key`` is
                # false when some operation needs none, in mock mode and with a signer).
                error = errors.missing_credentials or errors.base
                raise error(security.missing_message(security.default, "every operation"))
        else:
            self._init_legacy(
                env_prefix, auth, errors, api_key, require_api_key, env_api_key, basic_auth
            )
        self.tls = tls
        self.env_prefix = env_prefix
        url = base_url or os.environ.get(f"{env_prefix}_BASE_URL") or default_base_url
        if mock_mode and not urlsplit(url).netloc:
            # In-process mock: any host will do, and a spec without servers names none.
            url = "http://localhost" + url
        self.base_url = url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        # Seconds a call may take across all its attempts and waits (``deadline=`` per call).
        self.max_elapsed = max_elapsed
        self.errors = errors
        self.response_hook = response_hook
        self.signer = signer
        self.logger = logging.getLogger(env_prefix.lower())
        if os.environ.get(f"{env_prefix}_LOG", "").lower() == "debug":
            _enable_debug_logging(self.logger)
        default = self._default_plan
        self.headers: dict[str, str] = {
            "User-Agent": user_agent,
            **(default_headers or {}),
            **default.headers,
        }
        self.params: dict[str, str] = dict(default.params)
        self.cookies: dict[str, str] = dict(default.cookies)
        # Jitter source and clock; tests replace them for determinism.
        self.random: Callable[[], float] = random.random
        self.clock: Callable[[], float] = time.monotonic
        # One budget for every polling wait of this client (the spec's x-sdk-rate-limit), or
        # (``pace_every_call``: its scope is all) for every request the shell sends, polls
        # included; None costs a call one branch.
        self.limiter = RateLimiter(*rate_limit) if rate_limit else None
        self.call_limiter: Optional[RateLimiter] = None
        if pace_every_call and self.limiter is not None:
            self.call_limiter, self.limiter = self.limiter, None
        # Every call waits out a budget the server's rate-limit headers say is spent.
        self.pacer = Pacer() if respect_rate_limits else None
        # The latest response, for rate-limit and request-id telemetry (see the clients).
        self.last_response: Optional[httpx.Response] = None
        self._derived: dict[tuple[int, str], str] = {}
        # Parsed request URLs by text: parsing is the largest step of building a request, and
        # most calls repeat a URL (fixed paths, polling one resource). httpx.URL is immutable.
        self._urls: dict[str, httpx.URL] = {}
        # build_request's shortcuts: the merged base headers per httpx client, and the
        # client timeout's phases (each kept with what it was computed from).
        self._base: Optional[tuple[Any, Any, list[Any], httpx.Headers]] = None
        self._timeout_dict: Optional[tuple[Any, dict[str, Optional[float]]]] = None

    def _init_security(self, env_prefix: str, security: ClientSecurity) -> None:
        self.security = security
        self.api_key: Optional[Secret] = None
        self.password: Optional[Secret] = None
        self.basic_token: Optional[Secret] = None
        self._default_plan = security.default_plan()
        # Calls of the root requirement carry the default plan through the client's headers;
        # only when that is not all (tokens to fetch, callables, an unmet requirement to
        # report) does every call go through ``authorize``.
        self.auth_always = not security.default_is_static
        self._secret_headers = _REDACTED_HEADERS | security.header_names

    def bind_tokens(
        self, sources: Callable[[Any, ClientCore], Any], providers: Callable[[Any], Any]
    ) -> None:
        """Make the OAuth2 credentials token sources of the client being built (sync or
        async): ``sources(config, self)`` for a grant the client runs, ``providers(callable)``
        for the caller's ``token_provider``."""
        security = self.security
        security.bind(lambda config: sources(config, self), providers)
        self._init_security(self.env_prefix, security)

    def _init_legacy(
        self,
        env_prefix: str,
        auth: Sequence[AuthSpec],
        errors: ErrorTable,
        api_key: Optional[str],
        require_api_key: bool,
        env_api_key: bool,
        basic_auth: Optional[tuple[Optional[str], Optional[str]]],
    ) -> None:
        key = api_key
        if key is None and env_api_key:  # not when another credential (a signer) is in use
            key = os.environ.get(f"{env_prefix}_API_KEY")
        if key is None and require_api_key and any(kind != "basic" for kind, _, _ in auth):
            raise errors.base(
                f"no API key: pass api_key= or set the {env_prefix}_API_KEY environment variable"
            )
        schemes = [
            SecurityScheme(f"{kind}:{name}", kind, location, name, "api_key=")
            for kind, location, name in auth
        ]
        values: dict[str, Any] = {s.key: key for s in schemes}
        password: Optional[str] = None
        if basic_auth is not None:  # HTTP basic: username/password, or <PREFIX>_USERNAME/_PASSWORD
            user = (
                basic_auth[0]
                if basic_auth[0] is not None
                else os.environ.get(f"{env_prefix}_USERNAME")
            )
            word = (
                basic_auth[1]
                if basic_auth[1] is not None
                else os.environ.get(f"{env_prefix}_PASSWORD")
            )
            if user is not None and word is not None:
                schemes.append(SecurityScheme("basic", "basic", "header", "Authorization", ""))
                values["basic"] = basic_credential(user, word)
                password = word
        # Everything configured is applied (one key and basic auth, as before requirements).
        default = (tuple((s.key, ()) for s in schemes if values.get(s.key) is not None),)
        self._init_security(env_prefix, ClientSecurity(schemes, values, default))
        self.api_key = Secret(key) if key is not None else None
        if password is not None:
            self.password = Secret(password)
            self.basic_token = Secret(values["basic"][0])

    def derived_base(self, up: int, append: str) -> str:
        """The base URL of operations served beside the main API: this client's base URL with
        ``up`` trailing path segments removed and ``append`` added (cached per client)."""
        key = (up, append)
        base = self._derived.get(key)
        if base is None:
            scheme, netloc, path, _, _ = urlsplit(self.base_url)
            segments = [s for s in path.split("/") if s]
            kept = segments[: max(len(segments) - up, 0)] + [s for s in append.split("/") if s]
            new_path = "/" + "/".join(kept) if kept else ""
            base = self._derived[key] = urlunsplit((scheme, netloc, new_path, "", ""))
        return base

    # -- building -------------------------------------------------------------------------------

    def build_request(
        self,
        http: Union[httpx.Client, httpx.AsyncClient],
        method: str,
        path: str,
        *,
        params: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, str]] = None,
        json: Any = None,
        content: Any = None,
        data: Optional[Mapping[str, Any]] = None,
        files: Any = None,
        options: RequestOptions = NO_OPTIONS,
        extra: Optional[Sequence[tuple[str, str]]] = None,
    ) -> httpx.Request:
        """The request of one call. ``extra``: this client's headers, when ``http`` is a
        caller's httpx client (which has its own defaults, sent too)."""
        if self.params:
            if "?" in path:  # a query the runtime spelt itself: add to it, don't re-encode it
                path = f"{path}&{urlencode(self.params, quote_via=quote)}"
            else:
                params = {**self.params, **(params or {})}
        cookies = self.cookies or None
        if cookies and headers and "Cookie" in headers:
            # The operation's cookie parameters and the credential cookies share one header:
            # httpx would send only the former.
            merged = merge_cookie_header(headers["Cookie"], cookies, frozenset())
            headers, cookies = {**headers, "Cookie": merged}, None
        url = (options.base_url or self.base_url) + path
        parsed = self._urls.get(url)
        if parsed is None:
            if len(self._urls) >= _URL_CACHE_SIZE:
                self._urls.clear()
            parsed = httpx.URL(url)
            if not parsed.is_absolute_url:  # once per URL: the cache keeps the checked ones
                raise self.errors.base(
                    f"no base URL for {url!r}: the API's spec names no server to default "
                    f"to; pass base_url= or set {self.env_prefix}_BASE_URL"
                )
            self._urls[url] = parsed
        timeout = options.timeout
        base = self._base_headers(http, extra)
        if base is None:  # the httpx client has cookies or parameters of its own: let it merge
            if extra:
                headers = {**dict(extra), **(headers or {})}
            return http.build_request(
                method,
                parsed,
                params=params,
                headers=headers,
                json=json,
                content=content,
                data=data,
                files=files,
                cookies=cookies,
                timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            )
        # What ``http.build_request`` would build, without merging the httpx client's headers
        # into a new object on every call (the merged set is kept while they stay the same).
        if headers:
            base = httpx.Headers(base)
            base.update(headers)
        if isinstance(timeout, NotGiven):
            known = self._timeout_dict
            if known is None or known[0] is not self.timeout:
                known = self._timeout_dict = (self.timeout, httpx.Timeout(self.timeout).as_dict())
            phases = known[1]
        else:
            phases = httpx.Timeout(timeout).as_dict()
        return httpx.Request(
            method,
            parsed,
            params=params,
            headers=base,
            json=json,
            content=content,
            data=data,
            files=files,
            cookies=cookies,
            extensions={"timeout": phases},
        )

    def _base_headers(
        self,
        http: Union[httpx.Client, httpx.AsyncClient],
        extra: Optional[Sequence[tuple[str, str]]],
    ) -> Optional[httpx.Headers]:
        """The headers every request through ``http`` starts from (the httpx client's, then
        ``extra``), or ``None`` when ``http.build_request`` must merge (the httpx client has
        cookies or query parameters of its own, or headers it cannot hold). Kept while the
        httpx client's headers stay the same: httpx keeps them as a list of triples, compared
        in well under a microsecond (other versions of httpx: no shortcut)."""
        # The cookie jar's own table: ``bool(http.cookies)`` counts every cookie (a walk).
        if getattr(http.cookies.jar, "_cookies", http.cookies) or http.params:
            return None
        current = getattr(http.headers, "_list", None)
        known = self._base
        if known is not None and known[0] is http and known[1] is extra and known[2] == current:
            return known[3]
        if not isinstance(current, list):
            return None
        try:
            base = httpx.Headers(http.headers)
            if extra:
                base.update(dict(extra))
        except (UnicodeError, TypeError):  # not ASCII: httpx's own merge decides
            return None
        self._base = (http, extra, list(current), base)
        return base

    def authorize(self, request: httpx.Request, options: RequestOptions) -> Plan:
        """Put the credentials of the call's requirement on ``request`` (the client's settings
        put the default plan's there already); raise the package's missing-credentials error
        when no alternative is configured. The plan's tokens are the shell's to fetch."""
        security = self.security
        requirement = options.security
        plan = security.plan(security.default if requirement is None else requirement)
        if plan is None:
            wanted = security.default if requirement is None else requirement
            where = f"{request.method} {self.redact(request.url.path)}"
            error = self.errors.missing_credentials or self.errors.base
            raise error(security.missing_message(wanted, where))
        if requirement is not None:
            security.apply(request, plan, self._default_plan)
        else:
            for call in plan.callables:
                call(request)
        return plan

    @staticmethod
    def idempotency_key(given: Optional[str]) -> str:
        """The key for one call: the caller's, or a fresh UUID4 kept for all its retries."""
        return given if given is not None else random_uuid4()

    # -- deciding -------------------------------------------------------------------------------

    def may_retry(
        self,
        request: httpx.Request,
        attempt: int,
        retry_safe: bool,
        max_retries: Optional[int] = None,
    ) -> bool:
        """After a transport error: ``retry_safe`` when repeating is harmless (or nothing was
        sent); otherwise only a retry-safe method is sent again. ``max_retries`` is the call's
        budget (``None``: the client's)."""
        budget = self.max_retries if max_retries is None else max_retries
        return (
            attempt < budget
            and (retry_safe or request.method in RETRY_SAFE_METHODS)
            and replayable(request)  # a one-shot body (an iterator's) cannot be sent again
        )

    def retry_delay(self, attempt: int, response: Optional[httpx.Response] = None) -> float:
        """Seconds before retry number ``attempt + 1``: the server's Retry-After when it gives
        one (capped), else exponential backoff from 0.5 s, capped at 8 s, with jitter."""
        if response is not None:
            hinted = retry_after_seconds(response.headers)
            if hinted is not None:
                return min(hinted, MAX_RETRY_AFTER)
        backoff = min(0.5 * 2.0**attempt, 8.0)
        return backoff * (1.0 - 0.25 * self.random())

    def should_retry_response(
        self,
        response: httpx.Response,
        attempt: int,
        retry_safe: bool,
        max_retries: Optional[int] = None,
    ) -> bool:
        """After an error response, within the budget: the server's ``x-should-retry``
        (``true``/``false``) decides when sent; else the status, and for a request that is not
        retry-safe only a status saying nothing was done."""
        if attempt >= (self.max_retries if max_retries is None else max_retries):
            return False
        if not replayable(response.request):  # a one-shot body (an iterator's)
            return False
        hint = response.headers.get("x-should-retry")
        if hint == "true":
            return True
        status = response.status_code
        if status not in RETRY_STATUSES or hint == "false":
            return False
        # Without an idempotency key a POST is only retried when the server says it did not act.
        if not (retry_safe or response.request.method in RETRY_SAFE_METHODS):
            return status in (408, 429, 503)
        return status != 409 or _body_says_retryable(response)

    def error_for(self, response: httpx.Response) -> APIErrorMixin:
        error = self.errors.for_response(response)
        # A server may echo the credential it rejected; the message is shown, logged and kept in
        # tracebacks, so it never carries it (``body`` stays the server's data, as sent).
        message = self.redact(error.message)
        if message != error.message:
            error.message, error.args = message, (message,)
        if not replayable(response.request):
            not_replayable_note(error)
        return error

    def connection_error(self, exc: Exception) -> APIErrorMixin:
        cls = (
            self.errors.timeout
            if isinstance(exc, httpx.TimeoutException)
            else self.errors.connection
        )
        # The exception's own text may carry the URL; query-string credentials are removed.
        error = cls(self.redact(f"{type(exc).__name__}: {exc}"))
        request = exc._request if isinstance(exc, httpx.RequestError) else None
        if request is not None and not replayable(request):
            not_replayable_note(error)
        return error

    def redact(self, text: str) -> str:
        # Longest first: a secret containing another is removed whole.
        for secret in sorted(self.security.secrets(), key=len, reverse=True):
            # As given, and as percent-encoded in a query string or a path.
            for form in (secret, quote_plus(secret), quote(secret, safe="")):
                text = text.replace(form, "**********")
        return text

    # -- observing ------------------------------------------------------------------------------

    def observe(self, response: httpx.Response, elapsed: float) -> None:
        self.last_response = response
        if self.response_hook is not None:
            self.response_hook(response)
        if self.logger.isEnabledFor(logging.DEBUG):
            request = response.request
            headers = {
                k: "**********" if k.lower() in self._secret_headers else v
                for k, v in request.headers.items()
            }
            self.logger.debug(
                "%s %s -> %s in %.1f ms headers=%s",
                request.method,
                self.redact(str(request.url)),
                response.status_code,
                elapsed * 1000,
                self.redact(str(headers)),
            )


def _body_says_retryable(response: httpx.Response) -> bool:
    # A 409 is retried only if the server marks it retryable (a lock that may clear); an
    # idempotency conflict, for one, never clears.
    try:
        body = response.json()
    except ValueError:
        return False
    error = body.get("error") if isinstance(body, dict) else None
    return isinstance(error, dict) and error.get("retryable") is True


def _enable_debug_logging(logger: logging.Logger) -> None:
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
