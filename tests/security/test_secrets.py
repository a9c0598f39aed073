"""Secrets stay secret: API keys (header, query, cookie), bearer tokens, basic passwords, HMAC
signing secrets, OAuth2 client secrets and the access and refresh tokens a client obtains never
appear in what an SDK shows a user or a log.

For every platform (and a basic-auth package), sync and async, with ``NAME_LOG=debug``: every
operation is called against a server that answers 200, then 401 and 500 with a body echoing the
credential (a misbehaving server), then with the connection failing. Everything a user could
see is collected: repr/str of the client and its resources, results, errors (str, repr, args,
the request and response they carry, the formatted traceback with its chain) and every log
line. No distinctive secret string may occur in any of it.
"""

from __future__ import annotations

import base64
import io
import logging
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Optional

import httpx
import pytest

from generator.ir.package import Package
from tests.support.ledger import write_ledger_spec
from tests.support.packages import generate_and_import, import_generated
from tests.support.twins import Twin, both, run

from .validators import package_ir, valid_value

API_KEY = "sk_live_SECRETKEY7f3a9c1e"
HMAC_SECRET = "5ec7e75ec7e7" + "c0ffee" * 8 + "abcd"  # 64 hex characters
AGENT_ID = "agent-7"
USERNAME = "ann"
PASSWORD = "pw-SECRETPASS-93af"
BASIC_TOKEN = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
QUERY_KEY = "qk-SECRETQUERY-5d1"
SESSION = "sess-SECRETCOOKIE-77"
CLIENT_SECRET = "cs-SECRETCLIENT-0e"
ISSUED_TOKEN = "at-SECRETTOKEN-9f"
ISSUED_REFRESH = "rt-SECRETREFRESH-3c"
DIGEST = "dg-SECRETDIGEST-4a"
PARTNER = "pt-SECRETPARTNER-8b"
SECRETS = (API_KEY, HMAC_SECRET, PASSWORD, BASIC_TOKEN, "SECRETKEY", "SECRETPASS")
SECRETS += (QUERY_KEY, SESSION, CLIENT_SECRET, ISSUED_TOKEN, ISSUED_REFRESH, DIGEST, PARTNER)
SECRETS += ("SECRETQUERY", "SECRETCOOKIE", "SECRETCLIENT", "SECRETTOKEN", "SECRETREFRESH")
VAULT_SPEC = Path(__file__).resolve().parents[1] / "golden" / "security" / "spec.yaml"

EVERY_SCHEME = {
    "api_key": API_KEY, "query_key": QUERY_KEY, "session": SESSION, "bearer": API_KEY,
    "username": USERNAME, "password": PASSWORD, "digest": DIGEST, "partner_token": PARTNER,
    "client_id": "app", "client_secret": CLIENT_SECRET,
}  # fmt: skip

EVERY_SCHEME = {
    "api_key": API_KEY, "query_key": QUERY_KEY, "session": SESSION, "bearer": API_KEY,
    "username": USERNAME, "password": PASSWORD, "digest": DIGEST, "partner_token": PARTNER,
    "client_id": "app", "client_secret": CLIENT_SECRET,
}  # fmt: skip

# (label, package, client keyword arguments)
CONFIGS = [
    ("codevf", "codevf", {"api_key": API_KEY}),
    ("flowmaestro", "flowmaestro", {"api_key": API_KEY}),
    ("taskforceai", "taskforceai", {"api_key": API_KEY}),
    ("openspawn-key", "openspawn", {"api_key": API_KEY}),
    ("openspawn-hmac", "openspawn", {"api_key": None, "agent_id": AGENT_ID, "secret": HMAC_SECRET}),
    ("basic", "ledger", {"api_key": None, "username": USERNAME, "password": PASSWORD}),
    # The security matrix: every scheme at once, and OAuth2 tokens obtained with a client secret.
    ("every-scheme", "vault", EVERY_SCHEME),
    ("oauth-tokens", "vault", {"api_key": None, "oauth": ISSUED_TOKEN, "oidc": ISSUED_TOKEN}),
]


def token_endpoint(request: httpx.Request) -> Optional[httpx.Response]:
    """The security matrix's OAuth2 endpoints, answering with secret-looking tokens."""
    if request.url.path.endswith("/openid-configuration"):
        return httpx.Response(200, json={"token_endpoint": "https://auth.vault.test/oauth/token"})
    if request.url.path == "/oauth/token":
        body = {"access_token": ISSUED_TOKEN, "refresh_token": ISSUED_REFRESH, "expires_in": 60}
        return httpx.Response(200, json=body)
    return None


def echo(status: int) -> Any:
    """A server answering ``status`` with a body repeating every credential it was sent."""

    def handler(request: httpx.Request) -> httpx.Response:
        issued = token_endpoint(request)
        if issued is not None:
            return issued
        if status == 200:
            return httpx.Response(200, json={})
        body = {"error": {"code": "bad_key", "message": f"rejected {sent_headers(request)}"}}
        return httpx.Response(status, json=body)

    return handler


def sent_headers(request: httpx.Request) -> str:
    return " ".join(f"{k}={v}" for k, v in request.headers.items()) + f" url={request.url}"


def unreachable(request: httpx.Request) -> httpx.Response:
    issued = token_endpoint(request)
    if issued is not None:
        return issued
    # A transport error whose text repeats what was sent (a proxy's, say).
    raise httpx.ConnectError(f"cannot connect: {sent_headers(request)}", request=request)


def shown(value: Any) -> Iterator[str]:
    """Everything a user sees of ``value``: repr and str, and for an error its args, the
    request/response it carries and its formatted traceback (causes and contexts included)."""
    yield repr(value)
    yield str(value)
    if isinstance(value, BaseException):
        yield repr(value.args)
        yield "".join(traceback.format_exception(value))
        for name in ("request", "response"):
            carried = getattr(value, name, None)
            if carried is not None:
                yield repr(carried)


class Collected:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.calls = 0

    def leaks(self) -> list[str]:
        return [
            f"{secret!r} in {text[:300]!r}"
            for text in self.texts
            for secret in SECRETS
            if secret in text
        ]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Package]:
    spec = write_ledger_spec(tmp_path_factory.mktemp("ledger-spec"))
    module = generate_and_import(spec, tmp_path_factory.mktemp("gen"), "ledger")
    from generator.ir import build_package
    from generator.load import load_spec

    return module, build_package(load_spec(spec), name="ledger")


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Package]:
    module = generate_and_import(VAULT_SPEC, tmp_path_factory.mktemp("gen"), "vault_secrets")
    from generator.ir import build_package
    from generator.load import load_spec

    return module, build_package(load_spec(VAULT_SPEC), name="vault_secrets")


async def exercise(
    twin: Twin, module: ModuleType, ir: Package, kwargs: dict[str, Any], seen: Collected
) -> None:
    twin.unchecked = "placeholder arguments to every operation, answered with the echoed request"
    for handler in (echo(200), echo(401), echo(500), unreachable):
        client = twin.client(module, handler, max_retries=1, **kwargs)
        seen.texts += [
            *shown(client),
            *(repr(getattr(client, r.attr)) for r in ir.resources if r.attr),
        ]
        for resource in ir.resources:
            owner = getattr(client, resource.attr) if resource.attr else client
            for operation in resource.operations:
                arguments = {p.name: valid_value(p) for p in operation.params if p.required}
                seen.calls += 1
                try:
                    result = await twin.call(getattr(owner, operation.name)(**arguments))
                except Exception as error:
                    seen.texts += shown(error)
                else:
                    seen.texts += shown(result)
        seen.texts += shown(client)


@both
@pytest.mark.parametrize(("label", "package", "kwargs"), CONFIGS, ids=[c[0] for c in CONFIGS])
def test_no_secret_is_shown(
    label: str,
    package: str,
    kwargs: dict[str, Any],
    is_async: bool,
    ledger: tuple[ModuleType, Package],
    vault: tuple[ModuleType, Package],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    if package == "ledger":
        module, ir = ledger
    elif package == "vault":
        module, ir = vault
    else:
        module, ir = import_generated(package), package_ir(package)
    monkeypatch.setenv(f"{ir.env_prefix}_LOG", "debug")
    for variable in ("API_KEY", "AGENT_ID", "SECRET", "USERNAME", "PASSWORD"):
        monkeypatch.delenv(f"{ir.env_prefix}_{variable}", raising=False)
    logger = logging.getLogger(ir.env_prefix.lower())
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(args)r"))
    logger.addHandler(handler)
    seen = Collected()
    try:
        run(is_async, lambda twin: exercise(twin, module, ir, kwargs, seen))
    finally:
        logger.removeHandler(handler)
    out, err = capfd.readouterr()
    seen.texts += [log.getvalue(), out, err]
    assert "DEBUG" in log.getvalue()  # debug logging was on: the check looked at real lines
    assert seen.leaks() == []
    print(
        f"{label} ({'async' if is_async else 'sync'}): {seen.calls} calls, {len(seen.texts)} texts"
    )
