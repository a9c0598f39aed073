"""The document's own ``x-sdk-*`` extensions (on ``info``, at the root, on root servers and
security schemes),
read and validated once into typed records.

The sibling of ``extensions`` (which reads an operation's): the README's tables are the
contract, and these two modules are its only readers. A malformed value is left out with a
warning at its JSON pointer, and the default applies (a client without the feature beats no
client). The records keep the spec's values (strings as written, not yet Python names): what
the generated package makes of them is the IR builders' decision (``build``), and the mock's
table (``mock``) copies what the simulation needs from the same records.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from typing import Any, Optional, Union

import attrs

from ..errors import join_pointer

__all__ = [
    "DocumentExtensions",
    "DocumentMock",
    "ErrorSpec",
    "ExtendSpec",
    "InfoExtensions",
    "RateLimit",
    "SchemeExtensions",
    "SigningSpec",
    "WebhookDispatch",
    "WebhookSigning",
    "WebhooksSpec",
    "document_extensions",
    "webhook_signing",
]

Warn = Callable[[str, str], None]
Resolve = Callable[[Any], Any]

_INFO = "#/info"


@attrs.frozen
class ExtendSpec:
    """``info.x-sdk-extend``: lib modules taking over the client and resources, extra exports
    (each as written in the spec: ``resources`` maps a resource to a module stem, ``exports``
    a name to a dotted module path)."""

    client: str = ""
    resources: tuple[tuple[str, str], ...] = ()
    exports: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class InfoExtensions:
    """``info``'s extensions; ``""``/None: not given (the README's default applies)."""

    package: str = ""  # x-sdk-package
    distribution: str = ""  # x-sdk-distribution
    client: str = ""  # x-sdk-client
    error: str = ""  # x-sdk-error
    errors_module: str = ""  # x-sdk-errors-module
    env_prefix: str = ""  # x-sdk-env-prefix
    timeout: Optional[float] = None  # x-sdk-timeout (seconds, > 0)
    max_retries: Optional[int] = None  # x-sdk-max-retries (>= 0)
    mock_port: Optional[int] = None  # x-sdk-mock-port (0..65535)
    error_aliases: tuple[tuple[str, str], ...] = ()  # x-sdk-error-aliases: (alias, class)
    modules: tuple[tuple[str, tuple[str, ...]], ...] = ()  # x-sdk-modules: (module, names)
    extend: ExtendSpec = ExtendSpec()  # x-sdk-extend
    # x-sdk-require-credentials: a client built without any credential is refused at once
    # (the API has no anonymous use); default: credentials are checked per operation.
    require_credentials: bool = False


@attrs.frozen
class ErrorSpec:
    """One ``x-sdk-errors`` entry: the ``code`` found in error bodies and its class."""

    code: str
    class_name: str  # as written; the IR makes it a Python class name
    status: Optional[int] = None
    description: str = ""
    parent: Optional[str] = None  # another class; None: the class for ``status``


@attrs.frozen
class RateLimit:
    """``x-sdk-rate-limit``: ``requests`` per ``period`` seconds (both positive); ``scope``
    ``all`` (every request of the client waits for its slot) or ``polling`` (only the polls of
    waiters do)."""

    requests: int
    period: Union[int, float]  # as written, so the mock's table reads as the spec does
    scope: str = "all"

    def table(self) -> dict[str, Any]:
        """As the mock's table holds it (the README's keys)."""
        return {"requests": self.requests, "period": self.period}


@attrs.frozen
class DocumentMock:
    """The root ``x-sdk-mock``: the mock's defaults."""

    error_codes: tuple[tuple[int, str], ...] = ()  # status -> the code answered for it
    max_body: Optional[int] = None  # bytes; larger request bodies answer 413


@attrs.frozen
class SigningSpec:
    """``x-sdk-signing`` on the security scheme ``scheme``. The generator decides on
    ``credentials`` (constructor arguments), ``key`` (which of them signs), ``headers`` and
    ``canonical_string``; ``settings`` is the whole mapping (its description left out), the
    signer's and the mock's data."""

    scheme: str
    credentials: tuple[str, ...]
    key: str
    headers: tuple[tuple[str, str], ...] = ()
    canonical_string: tuple[str, ...] = ()
    settings: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class SchemeExtensions:
    """A security scheme's own extensions: ``x-sdk-argument`` (the constructor argument's name,
    ``""``: derived from the scheme's key), ``x-sdk-client-auth`` (how an OAuth2 client
    authenticates at the token URL: ``basic`` or ``post``) and whether it declares
    ``x-sdk-signing`` at all (a malformed one too: such a scheme is never ``api_key=``)."""

    argument: str = ""
    client_auth: str = "basic"
    signing: bool = False


@attrs.frozen
class DocumentExtensions:
    """Every document-level extension of a spec."""

    info: InfoExtensions = InfoExtensions()
    errors: tuple[ErrorSpec, ...] = ()  # x-sdk-errors, in the spec's order
    rate_limit: Optional[RateLimit] = None
    mock: DocumentMock = DocumentMock()
    signing: tuple[SigningSpec, ...] = ()  # one per scheme declaring it, by scheme name
    schemes: Mapping[str, SchemeExtensions] = attrs.field(factory=dict)  # by scheme key
    # Each root ``servers`` entry's x-sdk-environment, in the spec's order ("": not given).
    environments: tuple[str, ...] = ()
    webhooks: WebhooksSpec = attrs.field(factory=lambda: WebhooksSpec())  # x-sdk-webhooks

    @property
    def signed_schemes(self) -> frozenset[str]:
        return frozenset(s.scheme for s in self.signing)


def document_extensions(
    document: dict[str, Any], resolve: Resolve, warn: Warn
) -> DocumentExtensions:
    """The parsed document-level extensions of ``document``; problems go to ``warn``."""
    info = document.get("info")
    return DocumentExtensions(
        info=_info(info if isinstance(info, dict) else {}, warn),
        errors=_errors(document.get("x-sdk-errors"), warn),
        rate_limit=_rate_limit(document.get("x-sdk-rate-limit"), warn),
        mock=_mock(document.get("x-sdk-mock"), warn),
        signing=_signing(document, resolve, warn),
        schemes=_schemes(document, resolve, warn),
        environments=_environments(document.get("servers"), warn),
        webhooks=_webhooks(document.get("x-sdk-webhooks"), warn),
    )


def _text(value: Any) -> str:
    """A name-like value as written (``""``: not given)."""
    return str(value) if value else ""


def _info(info: dict[str, Any], warn: Warn) -> InfoExtensions:
    def at(key: str) -> str:
        return join_pointer(_INFO, key)

    return InfoExtensions(
        package=_text(info.get("x-sdk-package")),
        distribution=_text(info.get("x-sdk-distribution")),
        client=_text(info.get("x-sdk-client")),
        error=_text(info.get("x-sdk-error")),
        errors_module=_text(info.get("x-sdk-errors-module")),
        env_prefix=_text(info.get("x-sdk-env-prefix")),
        timeout=_positive_number(info.get("x-sdk-timeout"), at("x-sdk-timeout"), warn),
        max_retries=_integer(info.get("x-sdk-max-retries"), 0, None, at("x-sdk-max-retries"), warn),
        mock_port=_integer(info.get("x-sdk-mock-port"), 0, 65535, at("x-sdk-mock-port"), warn),
        error_aliases=_pairs(info.get("x-sdk-error-aliases"), at("x-sdk-error-aliases"), warn),
        modules=_modules(info.get("x-sdk-modules"), at("x-sdk-modules"), warn),
        extend=_extend(info.get("x-sdk-extend"), at("x-sdk-extend"), warn),
        require_credentials=_flag(
            info.get("x-sdk-require-credentials"), at("x-sdk-require-credentials"), warn
        ),
    )


def _positive_number(value: Any, pointer: str, warn: Warn) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    warn(pointer, "expected a positive number of seconds; the default applies")
    return None


def _integer(
    value: Any, least: int, most: Optional[int], pointer: str, warn: Warn
) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= least
        and (most is None or value <= most)
    ):
        return value
    bounds = f"{least}..{most}" if most is not None else f">= {least}"
    warn(pointer, f"expected an integer {bounds}; the default applies")
    return None


def _pairs(
    value: Any, pointer: str, warn: Warn, text: Callable[[Any], str] = str
) -> tuple[tuple[str, str], ...]:
    """A map of names to names (``x-sdk-error-aliases``, extend's resources and exports),
    each value through ``text``."""
    if not value:
        return ()
    if not isinstance(value, dict):
        warn(pointer, "expected a map of names; left out")
        return ()
    return tuple((str(k), text(v)) for k, v in value.items())


def _modules(value: Any, pointer: str, warn: Warn) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not value:
        return ()
    if not isinstance(value, dict):
        warn(pointer, "expected a map of module name to [model or enum names]; left out")
        return ()
    found = []
    for module, names in value.items():
        if names and not isinstance(names, list):
            warn(join_pointer(pointer, module), "expected a list of model or enum names")
            names = []
        found.append((str(module), tuple(str(n) for n in names or ())))
    return tuple(found)


def _extend(value: Any, pointer: str, warn: Warn) -> ExtendSpec:
    if not value:
        return ExtendSpec()
    if not isinstance(value, dict):
        warn(pointer, "expected a map {client, resources, exports}; left out")
        return ExtendSpec()
    return ExtendSpec(
        client=_text(value.get("client")),
        # A resource mapped to nothing keeps the generated class: "" as its stem.
        resources=_pairs(value.get("resources"), join_pointer(pointer, "resources"), warn, _text),
        exports=_pairs(value.get("exports"), join_pointer(pointer, "exports"), warn),
    )


def _errors(value: Any, warn: Warn) -> tuple[ErrorSpec, ...]:
    pointer = "#/x-sdk-errors"
    if not value:
        return ()
    if not isinstance(value, dict):
        warn(pointer, "expected a map of error code to {class, status}")
        return ()
    found = []
    for code, spec in value.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("class"), str):
            warn(join_pointer(pointer, code), "expected {class: Name, status: int}")
            continue
        status, parent = spec.get("status"), spec.get("parent")
        found.append(
            ErrorSpec(
                str(code),
                spec["class"],
                status if isinstance(status, int) and not isinstance(status, bool) else None,
                str(spec.get("description") or "").strip(),
                parent if isinstance(parent, str) else None,
            )
        )
    return tuple(found)


# Which requests the spec's budget paces (``all`` is the default).
RATE_LIMIT_SCOPES = ("all", "polling")


def _rate_limit(value: Any, warn: Warn) -> Optional[RateLimit]:
    if value is None:
        return None
    requests, period = (
        (value.get("requests"), value.get("period")) if isinstance(value, dict) else (None, None)
    )
    if (
        isinstance(requests, int)
        and not isinstance(requests, bool)
        and requests > 0
        and isinstance(period, (int, float))
        and not isinstance(period, bool)
        and period > 0
    ):
        scope = value.get("scope", "all")
        if scope not in RATE_LIMIT_SCOPES:
            warn(
                "#/x-sdk-rate-limit/scope",
                f"expected one of {', '.join(RATE_LIMIT_SCOPES)} (all: every request waits for "
                f"its slot; polling: only polls do), not {scope!r}; using 'all'",
            )
            scope = "all"
        return RateLimit(requests, period, scope)
    warn(
        "#/x-sdk-rate-limit",
        "expected {requests: positive int, period: positive seconds, scope: all|polling}",
    )
    return None


def _mock(value: Any, warn: Warn) -> DocumentMock:
    pointer = "#/x-sdk-mock"
    if not value:
        return DocumentMock()
    if not isinstance(value, dict):
        warn(pointer, "expected a map {error-codes, max-body}; left out")
        return DocumentMock()
    codes = []
    given = value.get("error-codes") or {}
    if not isinstance(given, dict):
        warn(join_pointer(pointer, "error-codes"), "expected a map of status to error code")
        given = {}
    for status, code in given.items():
        number = status if isinstance(status, int) else None
        if isinstance(status, str) and status.strip().isdigit():
            number = int(status)
        if number is None or isinstance(status, bool) or not isinstance(code, (str, int)):
            warn(join_pointer(pointer, "error-codes", status), "expected status: error code")
            continue
        codes.append((number, str(code)))
    return DocumentMock(
        tuple(codes),
        _integer(value.get("max-body"), 1, None, join_pointer(pointer, "max-body"), warn),
    )


def _signing(document: dict[str, Any], resolve: Resolve, warn: Warn) -> tuple[SigningSpec, ...]:
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    found = []
    for name, raw in sorted((schemes if isinstance(schemes, dict) else {}).items()):
        scheme = resolve(raw)
        spec = scheme.get("x-sdk-signing") if isinstance(scheme, dict) else None
        if spec is None:
            continue
        pointer = join_pointer("#/components/securitySchemes", name, "x-sdk-signing")
        credentials = spec.get("credentials") if isinstance(spec, dict) else None
        if not (
            isinstance(credentials, list)
            and credentials
            and all(isinstance(c, str) for c in credentials)
        ):
            warn(pointer, "x-sdk-signing needs credentials: [names of constructor arguments]")
            continue
        assert isinstance(spec, dict)
        headers = spec.get("headers") or {}
        parts = spec.get("canonical-string") or ()
        if not isinstance(headers, dict) or not isinstance(parts, (list, tuple)):
            warn(pointer, "x-sdk-signing: headers must be a map, canonical-string a list")
            continue
        found.append(
            SigningSpec(
                scheme=str(name),
                credentials=tuple(credentials),
                key=str(spec.get("key", credentials[-1])),
                headers=tuple((str(k), str(v)) for k, v in headers.items()),
                canonical_string=tuple(str(p) for p in parts),
                settings={k: v for k, v in spec.items() if k != "description"},
            )
        )
    return tuple(found)


def _schemes(document: dict[str, Any], resolve: Resolve, warn: Warn) -> dict[str, SchemeExtensions]:
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    found: dict[str, SchemeExtensions] = {}
    for name, raw in (schemes if isinstance(schemes, dict) else {}).items():
        scheme = resolve(raw)
        if not isinstance(scheme, dict):
            continue
        pointer = join_pointer("#/components/securitySchemes", name)
        argument = scheme.get("x-sdk-argument", "")
        if argument != "" and not (isinstance(argument, str) and argument.isidentifier()):
            warn(join_pointer(pointer, "x-sdk-argument"), "expected a Python identifier; ignored")
            argument = ""
        client_auth = scheme.get("x-sdk-client-auth", "basic")
        if client_auth not in ("basic", "post"):
            warn(
                join_pointer(pointer, "x-sdk-client-auth"), "expected basic or post; basic is used"
            )
            client_auth = "basic"
        found[str(name)] = SchemeExtensions(
            str(argument), str(client_auth), "x-sdk-signing" in scheme
        )
    return found


def _environments(servers: Any, warn: Warn) -> tuple[str, ...]:
    """``servers[i].x-sdk-environment``: the environment's name as written ("" when absent)."""
    found = []
    for index, server in enumerate(servers if isinstance(servers, list) else ()):
        given = server.get("x-sdk-environment", "") if isinstance(server, dict) else ""
        if given != "" and not (isinstance(given, str) and given.strip()):
            pointer = join_pointer(join_pointer("#/servers", str(index)), "x-sdk-environment")
            warn(pointer, "expected a non-empty string; the server's description names it")
            given = ""
        found.append(str(given).strip())
    return tuple(found)


def _flag(value: Any, pointer: str, warn: Warn) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    warn(pointer, "expected true or false; false is used")
    return False


# -- webhooks -------------------------------------------------------------------------------

# The signing schemes a webhook may name, as the runtime's ``verify_signature`` reads them.
WEBHOOK_SIGNING_PRESETS: dict[str, dict[str, Any]] = {
    # Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...] over "{t}.{body}".
    "stripe": {
        "algorithm": "HMAC-SHA256",
        "format": "pairs",
        "header": "Stripe-Signature",
        "timestamp-key": "t",
        "version": "v1",
        "encoding": "hex",
        "payload": "{timestamp}.{body}",
        "secret-encoding": "utf-8",
    },
    # Standard Webhooks (standardwebhooks.com): webhook-id, webhook-timestamp and
    # webhook-signature: v1,<base64>[ v1,<base64>...] over "{id}.{timestamp}.{body}", the
    # secret "whsec_" + base64.
    "standard-webhooks": {
        "algorithm": "HMAC-SHA256",
        "format": "list",
        "header": "webhook-signature",
        "timestamp-header": "webhook-timestamp",
        "id-header": "webhook-id",
        "version": "v1",
        "encoding": "base64",
        "payload": "{id}.{timestamp}.{body}",
        "secret-encoding": "base64",
        "secret-prefix": "whsec_",
    },
}
_SIGNING_CHOICES = {
    "algorithm": ("HMAC-SHA256", "HMAC-SHA512"),
    "format": ("pairs", "list"),
    "encoding": ("hex", "base64"),
    "secret-encoding": ("utf-8", "base64", "hex"),
}
_SIGNING_TEXT = ("header", "timestamp-key", "timestamp-header", "id-header", "version")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@attrs.frozen
class WebhookSigning:
    """A webhook signing scheme, its preset filled in: ``settings`` are the runtime's keys
    (see ``WEBHOOK_SIGNING_PRESETS``), ``tolerance`` the default age limit in seconds."""

    settings: tuple[tuple[str, str], ...]
    tolerance: float = 300.0

    def table(self) -> dict[str, str]:
        return dict(self.settings)


@attrs.frozen
class WebhookDispatch:
    """Where a request names its webhook: a header or a (dotted) body property."""

    location: str  # header or body
    name: str


@attrs.frozen
class WebhooksSpec:
    """The root ``x-sdk-webhooks``: how requests name their webhook, and the signing scheme
    every webhook and callback shares unless its own ``x-sdk-webhook`` says otherwise."""

    dispatch: Optional[WebhookDispatch] = None
    signing: Optional[WebhookSigning] = None


def _webhooks(value: Any, warn: Warn) -> WebhooksSpec:
    pointer = "#/x-sdk-webhooks"
    if value is None:
        return WebhooksSpec()
    if not isinstance(value, dict):
        warn(pointer, "expected a map {event, signing}; left out")
        return WebhooksSpec()
    dispatch = None
    event = value.get("event")
    if event is not None:
        if (
            isinstance(event, dict)
            and event.get("in") in ("header", "body")
            and isinstance(event.get("name"), str)
            and event["name"].strip()
        ):
            dispatch = WebhookDispatch(str(event["in"]), str(event["name"]).strip())
        else:
            message = "expected {in: header or body, name: str}; webhooks are told apart by shape"
            warn(join_pointer(pointer, "event"), message)
    signing = webhook_signing(value.get("signing"), join_pointer(pointer, "signing"), warn)
    return WebhooksSpec(dispatch, signing if isinstance(signing, WebhookSigning) else None)


def webhook_signing(value: Any, pointer: str, warn: Warn) -> Union[WebhookSigning, bool, None]:
    """A webhook signing scheme (``x-sdk-webhooks.signing``, or an operation's
    ``x-sdk-webhook.signing``): None when not given, False for ``false`` (unsigned), else the
    scheme. A scheme the runtime cannot check is a warning at ``pointer`` and None."""
    if value is None:
        return None
    if value is False:
        return False
    if isinstance(value, str):
        value = {"scheme": value}
    if not isinstance(value, dict):
        warn(pointer, "expected a scheme name or a map of signing settings; no verify helper")
        return None
    name = value.get("scheme")
    if name is not None and name not in WEBHOOK_SIGNING_PRESETS:
        known = ", ".join(sorted(WEBHOOK_SIGNING_PRESETS))
        warn(pointer, f"unsupported webhook signing scheme {name!r} (known: {known}); not verified")
        return None
    settings: dict[str, str] = dict(WEBHOOK_SIGNING_PRESETS.get(str(name), {}))
    for key, choices in _SIGNING_CHOICES.items():
        given = value.get(key)
        if given is None:
            continue
        if str(given) not in choices and str(given).upper() not in choices:
            listed = ", ".join(choices)
            warn(
                join_pointer(pointer, key), f"unsupported {key} {given!r} ({listed}); not verified"
            )
            return None
        settings[key] = str(given).upper() if key == "algorithm" else str(given)
    for key in (*_SIGNING_TEXT, "payload", "secret-prefix"):
        given = value.get(key)
        if given is not None:
            settings[key] = str(given)
    settings.setdefault("algorithm", "HMAC-SHA256")
    settings.setdefault("format", "list")
    settings.setdefault("encoding", "hex")
    settings.setdefault("payload", "{timestamp}.{body}")
    problem = _signing_problem(settings)
    if problem:
        warn(pointer, f"{problem}; not verified")
        return None
    tolerance = _positive_number(value.get("tolerance"), join_pointer(pointer, "tolerance"), warn)
    return WebhookSigning(
        tuple(sorted(settings.items())), 300.0 if tolerance is None else tolerance
    )


def _signing_problem(settings: dict[str, str]) -> str:
    payload = settings["payload"]
    unknown = set(_PLACEHOLDER.findall(payload)) - {"{id}", "{timestamp}", "{body}"}
    if not settings.get("header"):
        return "a webhook signing scheme needs header (the signature header's name)"
    if unknown:
        return (
            f"payload: unknown placeholder {sorted(unknown)[0]} ({{id}}, {{timestamp}}, {{body}})"
        )
    if payload.count("{body}") != 1:
        return "payload must contain {body} once"
    if "{id}" in payload and not settings.get("id-header"):
        return "payload names {id}: id-header is needed"
    if settings["format"] == "list" and not settings.get("timestamp-header"):
        return "a list-format scheme needs timestamp-header"
    if not settings.get("version"):
        return "a webhook signing scheme needs version (v1: the signatures' tag)"
    return ""
