"""The package as a whole: its security schemes, errors, exports and hand-written extensions."""

from __future__ import annotations

from functools import cached_property
from typing import Optional
from urllib.parse import urlsplit

import attrs

from ..runtime._options import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from .definitions import EnumDef, ModelModule
from .imports import import_block
from .model import Operation, Resource
from .servers import Environment, ServerVariable
from .webhooks import Webhooks

__all__ = ["AuthScheme", "ErrorClass", "ErrorCode", "Export", "Extend", "Package", "Signing"]


@attrs.frozen
class AuthScheme:
    """A security scheme (``ir/security.py`` builds them): ``kind`` is api_key, bearer, basic,
    http (another HTTP scheme, ``param_name`` its word), oauth2, openid or mtls; ``signing``
    marks a signer hook (``x-sdk-signing``). ``arg`` is its constructor argument (basic: the
    stem of ``<arg>_username``/``<arg>_password``, "" for ``username``/``password``) and ``env``
    the environment variable's suffix."""

    key: str
    kind: str
    location: str = "header"  # for api_key: header, query, cookie
    param_name: str = ""
    description: str = ""
    signing: bool = False
    arg: str = ""
    env: str = ""
    grant: str = ""  # oauth2/openid: client_credentials, password, authorization_code, implicit
    token_url: str = ""
    refresh_url: str = ""
    discovery_url: str = ""
    client_auth: str = "basic"  # how the OAuth2 client authenticates: basic or post

    @property
    def user_arg(self) -> str:
        return f"{self.arg}_username" if self.arg else "username"

    @property
    def password_arg(self) -> str:
        return f"{self.arg}_password" if self.arg else "password"

    @property
    def runtime_kind(self) -> str:
        """The kind the runtime's ``SecurityScheme`` names (``signing`` for a signer hook)."""
        return "signing" if self.signing else self.kind

    @property
    def tokens(self) -> bool:
        """OAuth2 or OpenID Connect: tokens come from a token source."""
        return self.kind in ("oauth2", "openid")

    @property
    def fetches(self) -> bool:
        """The client obtains tokens itself (client credentials, password, OpenID discovery)."""
        return self.tokens and self.grant in ("client_credentials", "password")

    def env_var(self, prefix: str, suffix: str = "") -> str:
        return f"{prefix}_{(self.env + suffix) if self.env else suffix.lstrip('_')}"

    def hint(self, prefix: str) -> str:
        """How a user configures it, for the missing-credentials error."""
        if self.signing:
            return "signing credentials"
        if self.kind == "basic":
            return (
                f"{self.user_arg}=/{self.password_arg}= or "
                f"{self.env_var(prefix, '_USERNAME')}/{self.env_var(prefix, '_PASSWORD')}"
            )
        if self.kind == "mtls":
            return "client_cert="
        shown = f"{self.arg}= or {self.env_var(prefix)}"
        if self.tokens:
            shown += ", client_id=/client_secret=" if self.fetches else ""
            shown += ", token_provider="
        return shown


@attrs.frozen
class Signing:
    """``x-sdk-signing`` on a security scheme: constructor credentials and the signer spec."""

    credentials: tuple[str, ...]  # Python argument names, in order
    spec: str  # a Python literal of the signing description (inert data)


@attrs.frozen
class ErrorCode:
    """One ``x-sdk-errors`` entry: the class raised for an error ``code`` in a body. Several
    codes may name one class; ``parent`` (another class) overrides the default parent, the
    class for ``status``."""

    code: str
    class_name: str
    status: Optional[int]
    description: str = ""
    parent: str = ""


@attrs.frozen
class ErrorClass:
    """One exception class of the errors module. ``status``: the HTTP status it stands for in
    the status table (None: chosen otherwise, by error code, range or kind)."""

    name: str
    parent: str
    doc: str
    status: Optional[int] = None


@attrs.frozen
class Export:
    """A package-level name: where type checkers import it from, and where ``__getattr__``
    loads it on first use."""

    name: str
    module: str  # relative to the package, e.g. ``._client`` or ``.models.task``
    lazy_module: str  # what the lazy table names (``.models`` for a model's enum)


@attrs.frozen
class Extend:
    """Where hand-written code (``specs/NAME/lib/``) takes over, from ``info.x-sdk-extend``.

    ``client``/``resources`` name lib modules ``_async_<stem>.py`` whose classes subclass the
    generated ones (their sync twins are derived); ``exports`` adds package-level names;
    ``modules`` (from ``info.x-sdk-modules``) adds public modules re-exporting model names.
    """

    client: str = ""
    resources: tuple[tuple[str, str], ...] = ()  # (resource attr, lib module stem)
    exports: tuple[tuple[str, str], ...] = ()  # (name, module relative to the package)
    modules: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (module, names)

    def resource_stem(self, attr: str) -> str:
        return dict(self.resources).get(attr, "")


# The exceptions an error status raises when no error code names a class: (name, doc, status).
_STATUS_ERRORS = (
    ("BadRequestError", "400: the request was malformed or invalid.", 400),
    ("AuthenticationError", "401: missing, invalid or expired credentials.", 401),
    ("PermissionDeniedError", "403: the credentials lack a permission.", 403),
    ("NotFoundError", "404: no such resource.", 404),
    ("ConflictError", "409: the request conflicts with the resource's state.", 409),
    ("PayloadTooLargeError", "413: the request body is too large.", 413),
    ("UnprocessableEntityError", "422: the request failed validation.", 422),
    ("RateLimitError", "429: too many requests; see ``retry_after``.", 429),
)


@attrs.frozen
class Package:
    """The whole generated package."""

    name: str
    distribution: str
    version: str
    title: str
    description: str
    spec_display_path: str
    spec_sha256: str
    client_class: str
    error_class: str
    errors_module: str
    env_prefix: str
    base_url: str
    auth: tuple[AuthScheme, ...]
    resources: tuple[Resource, ...]
    model_modules: tuple[ModelModule, ...]
    error_codes: tuple[ErrorCode, ...]
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    extend: Extend = Extend()
    rate_limit: Optional[tuple[int, float]] = None  # x-sdk-rate-limit: (requests, period)
    paces_every_call: bool = False  # its scope is all: every request waits for a slot
    require_credentials: bool = False  # info.x-sdk-require-credentials
    # Several servers: named environments; their URL templates' variables (ir/servers.py).
    environments: tuple[Environment, ...] = ()
    server_variables: tuple[ServerVariable, ...] = ()
    url_template: str = ""  # the first server's URL, variables unsubstituted
    signing: Optional[Signing] = None
    # The root security requirement: alternatives of (scheme key, scopes) (ir/security.py).
    root_requirement: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = ((),)
    mock_port: int = 8000  # info.x-sdk-mock-port: where `python -m NAME.mock` listens by default
    mock_table: str = "{}"  # the mock's table (ir/mock.py) as a Python literal: inert data
    error_aliases: tuple[tuple[str, str], ...] = ()  # (alias, class) from x-sdk-error-aliases
    # The spec's webhooks and callbacks (ir/webhooks.py); None: it declares none.
    webhooks: Optional[Webhooks] = None

    @property
    def client_module(self) -> tuple[str, str]:
        """(sync, async) modules the exported client classes come from."""
        if self.extend.client:
            return (f".lib._sync_{self.extend.client}", f".lib._async_{self.extend.client}")
        return ("._client", "._client")

    @cached_property
    def error_classes(self) -> tuple[ErrorClass, ...]:
        """Every exception class but the base, parents first: the standard ones, then those of
        ``x-sdk-errors``."""
        base, api = self.error_class, "APIError"
        standard = [
            ErrorClass(api, base, "The API answered with an error status."),
            *(ErrorClass(name, api, doc, status) for name, doc, status in _STATUS_ERRORS),
            ErrorClass("InternalServerError", api, "5xx: the server failed."),
            ErrorClass("APIConnectionError", base, "The API could not be reached."),
            ErrorClass("APITimeoutError", "APIConnectionError", "The request timed out."),
            ErrorClass(
                "StreamInterruptedError",
                "APIConnectionError",
                "An event stream broke off and could not resume without repeating events; "
                "``events`` holds those already delivered, ``last_event_id`` the last id.",
            ),
            ErrorClass(
                "InvalidArgumentError",
                f"{base}, ValueError",
                "An argument breaks the spec's constraints; nothing was sent (see ``rule``).",
            ),
            ErrorClass(
                "MissingCredentialsError",
                base,
                "No credentials for the operation's security requirement; nothing was sent.",
            ),
            ErrorClass(
                "APIResponseValidationError",
                f"{base}, ValueError",
                "A response the spec does not describe (a missing field, a bad date, HTML "
                "instead of JSON): see ``status_code``, ``body`` (the raw text), ``pointer`` "
                "(where in the body) and ``expected``.",
            ),
            ErrorClass("WaitError", base, "A wait for a terminal status did not succeed."),
            ErrorClass(
                "WaitFailedError",
                "WaitError",
                "The resource reached a failure status; see ``last``.",
            ),
            ErrorClass(
                "WaitTimeoutError", "WaitError", "Attempts or time ran out first; see ``last``."
            ),
        ]
        if self.webhooks is not None:  # only packages with webhooks have them
            standard += [
                ErrorClass(
                    "InvalidWebhookError",
                    f"{base}, ValueError",
                    "An incoming webhook request the spec does not describe (not JSON, naming "
                    "no known webhook, a payload that does not decode: see ``pointer`` and "
                    "``expected``), or one whose signature does not verify.",
                ),
                ErrorClass(
                    "WebhookVerificationError",
                    "InvalidWebhookError",
                    "A webhook's signature is missing, does not match the body and secret, "
                    "or its timestamp is outside the tolerance; the secret is never shown.",
                ),
            ]
        names = {e.name for e in standard}
        by_status = {status: name for name, _, status in _STATUS_ERRORS}
        custom: dict[str, ErrorClass] = {}
        for code in self.error_codes:
            if code.class_name in names or code.class_name == base:
                continue
            if code.class_name in custom:  # a second code for the same class
                continue
            if code.status is not None and code.status >= 500:
                parent = "InternalServerError"
            else:
                parent = by_status.get(code.status or 0, api)
            if code.parent:
                parent = code.parent
            doc = code.description or f"The API answered with error code ``{code.code}``."
            # Custom classes are found by their code, not in the status table.
            custom[code.class_name] = ErrorClass(code.class_name, parent, doc)
        known = names | set(custom)
        # Parents first; a parent naming no known class falls back to APIError.
        ordered: list[ErrorClass] = []
        placed = set(names)
        pending = [e if e.parent in known else attrs.evolve(e, parent=api) for e in custom.values()]
        while pending:
            ready = [e for e in pending if e.parent in placed] or [
                attrs.evolve(pending[0], parent=api)
            ]
            for entry in ready:
                ordered.append(entry)
                placed.add(entry.name)
            pending = [e for e in pending if e.name not in placed]
        return tuple(standard) + tuple(ordered)

    @property
    def status_table(self) -> tuple[ErrorClass, ...]:
        """The classes an error status maps to (the errors module's ``by_status``)."""
        return tuple(e for e in self.error_classes if e.status is not None)

    @cached_property
    def exports(self) -> tuple[Export, ...]:
        """Every package-level name, in ``__all__`` order."""
        errors = f".{self.errors_module}"
        sync, async_ = self.client_module
        found = [
            Export(self.client_class, sync, sync),
            Export(self.async_client_class, async_, async_),
            Export(self.error_class, errors, errors),
            *(Export(e.name, errors, errors) for e in self.error_classes),
            *(Export(alias, errors, errors) for alias, _ in self.error_aliases),
            *(
                Export(e.name, f".models.{self.model_module_of[e.name]}", ".models")
                for e in self.enums
            ),
            *(Export(name, module, module) for name, module in self.extend.exports),
        ]
        if any(p.omittable for r in self.resources for op in r.operations for p in op.params):
            # Callers spell "leave it out" in their own signatures and conditionals.
            params = "._runtime._params"
            found += [Export("NOT_GIVEN", params, params), Export("NotGiven", params, params)]
        if any(
            p.type.is_binary for r in self.resources for op in r.operations for p in op.part_params
        ):
            # A file argument also takes a Part: its own file name, content type and headers.
            found.append(Export("Part", "._runtime._models", "._runtime._models"))
        return tuple(found)

    @property
    def error_code_map(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (c.code, c.class_name) for c in self.error_codes if c.class_name != self.error_class
        )

    @property
    def base_path(self) -> str:
        """The path of the default server URL (``/api/developer``), served by the mock too."""
        return urlsplit(self.base_url).path.rstrip("/")

    @property
    def api_title(self) -> str:
        """``CodeVF API`` for titles with or without the word already."""
        return self.title if self.title.lower().endswith("api") else f"{self.title} API"

    @property
    def submodules(self) -> tuple[str, ...]:
        """Public modules reachable as attributes of the package (``pkg.types``)."""
        names = {"models", "resources", self.errors_module, *(m for m, _ in self.extend.modules)}
        if self.extend.client or self.extend.resources or self.extend.exports:
            names.add("lib")
        if self.webhooks is not None:
            names.add(self.webhooks.module)
        return tuple(sorted(names))

    @property
    def webhook_secret_env(self) -> str:
        """The environment variable ``client.webhooks`` reads its signing secret from."""
        return f"{self.env_prefix}_WEBHOOK_SECRET"

    @property
    def async_client_class(self) -> str:
        return f"Async{self.client_class}"

    @property
    def api_key_scheme(self) -> Optional[AuthScheme]:
        """The scheme an ``api_key`` is sent with."""
        return next((a for a in self.auth if a.arg == "api_key"), None)

    @property
    def basic_scheme(self) -> Optional[AuthScheme]:
        """An HTTP basic scheme: the clients then take ``username=`` and ``password=``."""
        return next((a for a in self.auth if a.kind == "basic" and not a.arg), None)

    @property
    def other_schemes(self) -> tuple[AuthScheme, ...]:
        """Schemes with constructor arguments of their own (beyond ``api_key``, ``username``/
        ``password`` and the shared OAuth2 and mutualTLS ones)."""
        return tuple(a for a in self.auth if a.arg and a.arg != "api_key" and a.kind != "mtls")

    @property
    def oauth(self) -> bool:
        """Some scheme is OAuth2/OpenID Connect: the clients take the OAuth2 arguments."""
        return any(a.tokens for a in self.auth)

    @property
    def oauth_password(self) -> bool:
        """A password flow reads ``username=``/``password=``, and no basic scheme has them."""
        return self.basic_scheme is None and any(
            a.tokens and a.grant == "password" for a in self.auth
        )

    @cached_property
    def anonymous_possible(self) -> bool:
        """A client without any credential may be built: unless the spec says its API has no
        anonymous use (``x-sdk-require-credentials``) while no operation can be called without
        (its requirement, or the root's, has an empty alternative). Otherwise credentials are
        checked per operation, when it is called, before anything is sent."""
        if not self.require_credentials or not self.operations:
            return True
        root = self.root_requirement
        return any(
            () in (root if op.requirement is None else op.requirement) for op in self.operations
        )

    @property
    def takes_username(self) -> bool:
        """The clients take ``username=``/``password=`` (HTTP basic or an OAuth2 password flow)."""
        return self.basic_scheme is not None or self.oauth_password

    def scheme_hint(self, scheme: AuthScheme) -> str:
        """How a user configures ``scheme``, as the missing-credentials error says it."""
        if scheme.signing and self.signing:
            names = self.signing.credentials
            return (
                "=, ".join(names)
                + "= (or "
                + ", ".join(f"{self.env_prefix}_{n.upper()}" for n in names)
                + ")"
            )
        return scheme.hint(self.env_prefix)

    @property
    def mtls(self) -> bool:
        return any(a.kind == "mtls" for a in self.auth)

    @property
    def has_servers(self) -> bool:
        """The default base URL is built from environments or server variables at run time."""
        return bool(self.environments or self.server_variables)

    @property
    def server_templates(self) -> tuple[tuple[str, str], ...]:
        """(environment name, URL template) pairs; one unnamed pair without environments."""
        if self.environments:
            return tuple((e.name, e.url) for e in self.environments)
        return (("default", self.url_template),)

    @property
    def environment_names(self) -> str:
        """The ``Literal[...]`` arguments of ``environment=``."""
        return ", ".join(repr(e.name) for e in self.environments)

    @property
    def raw_example(self) -> str:
        """``client.<ns>`` + ``.with_raw_response.<method>`` of the first GET that needs no
        argument and answers one body (the README's raw-response example); "" when none."""
        for r in self.resources:
            for op in r.operations:
                if (
                    op.http_method.upper() == "GET"
                    and not op.stream
                    and not any(p.required for p in op.params)
                ):
                    owner = f"client.{r.attr}" if r.attr else "client"
                    return f"{owner}.with_raw_response.{op.name}"
        return ""

    @property
    def page_example(self) -> tuple[str, str, str]:
        """The README's page-object example: the call of the first listing method returning
        a page object that needs no argument, its page class and the field of its items ("" when
        it is a dotted path) (``("", "", "")`` when none)."""
        for r in self.resources:
            for op in r.operations:
                pg = op.pagination
                if pg is not None and pg.page_class and not any(p.required for p in op.params):
                    owner = f"client.{r.attr}" if r.attr else "client"
                    return f"{owner}.{op.name}", pg.page_class, "" if "." in pg.items else pg.items
        return "", "", ""

    @property
    def namespaces(self) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if r.attr and not r.parent)

    @property
    def root_resource(self) -> Optional[Resource]:
        return next((r for r in self.resources if not r.attr), None)

    @cached_property
    def exported_models(self) -> tuple[tuple[str, str], ...]:
        """(name, module) of every model, enum and union, sorted; computed once (templates
        read it once per definition, and GitHub-sized specs have thousands)."""
        return tuple(sorted((n, m.module) for m in self.model_modules for n in m.names))

    @cached_property
    def model_module_of(self) -> dict[str, str]:
        """Name of a model, enum or union -> the ``models/`` module defining it."""
        found: dict[str, str] = {}
        for name, module in self.exported_models:
            found.setdefault(name, module)
        return found

    @property
    def export_imports(self) -> str:
        """What type checkers import for the package's lazily loaded names."""
        return import_block((), local=((e.module, e.name) for e in self.exports))

    @property
    def model_imports(self) -> str:
        """What type checkers import for ``models/``' lazily loaded names."""
        return import_block((), local=(("." + m, n) for n, m in self.exported_models))

    def alias_imports(self, names: tuple[str, ...]) -> str:
        """The imports of a module re-exporting ``names`` (``x-sdk-modules``)."""
        wanted = set(names)
        found = ((f"models.{m}", n) for n, m in self.exported_models if n in wanted)
        return import_block((), local=found)

    @property
    def client_imports(self) -> str:
        """The import block of ``_client.py``."""
        names = {"Mapping", "Optional", "TypeVar", "Union", "httpx", "AsyncAPIClient"}
        names |= {"ClientCore", "RateLimit", "RequestSigner", "ResponseHook", "request_id_of"}
        names |= {"SyncAPIClient", "NOT_GIVEN", "NotGiven", "clone_client", "derive_core"}
        names.add("TYPE_CHECKING")  # MockOptions, in annotations only
        if self.has_servers:
            names |= {"server_url", "Literal"} if self.environments else {"server_url"}
        if self.namespaces or self.webhooks is not None:
            names.add("functools")
        if self.webhooks is not None and self.webhooks.signed:
            names.add("os")
        if self.signing:
            names |= {"os", "HmacSigner"}
        names |= {"Any", "ClientSecurity"}
        if self.auth:
            names.add("SecurityScheme")
        if any(not a.signing and a.kind != "mtls" for a in self.auth):
            names.add("from_env")
        if self.basic_scheme or any(a.kind == "basic" for a in self.auth):
            names.add("basic_credential")
        if self.oauth:
            names |= {"Callable", "OAuthConfig", "TokenSource", "AsyncTokenSource"}
            names.add("oauth_credential")
            names |= {"TokenProvider", "AsyncTokenProvider"}
        if self.mtls:
            names.add("client_tls")
        local = [(self.errors_module, "ERRORS")]
        if self.has_servers:
            local.append((self.errors_module, "InvalidArgumentError"))
        if self.root_resource:
            local += [("resources._root", "Root"), ("resources._root", "AsyncRoot")]
        return import_block(names, local=local)

    @property
    def client_type_imports(self) -> str:
        """The names ``_client.py`` uses in annotations only: ``MockOptions``, the namespaces."""
        local = [("_mock", "MockOptions")]
        if self.webhooks is not None:
            local.append((self.webhooks.module, "Webhooks"))
        for r in self.namespaces:
            stem = self.extend.resource_stem(r.attr)
            if stem:
                local += [(f"lib._async_{stem}", f"Async{r.class_name}")]
                local += [(f"lib._sync_{stem}", r.class_name)]
            else:
                local += [
                    (f"resources.{r.module}", n) for n in (r.class_name, f"Async{r.class_name}")
                ]
        return import_block((), local=local)

    @property
    def enums(self) -> tuple[EnumDef, ...]:
        return tuple(e for m in self.model_modules for e in m.enums)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)
