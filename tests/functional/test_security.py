"""The security matrix (tests/golden/security/spec.yaml), sync and async from one body: exactly
which credentials each request carries, for alternatives, AND-combinations, ``security: []``,
per-operation overrides, every scheme type, operations served from another origin and
redirects; OAuth2 tokens fetched, cached, shared and renewed."""

from __future__ import annotations

import asyncio
import base64
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from tests.support.packages import client_class, generate_and_import
from tests.support.twins import Twin, both, run

SPEC = Path(__file__).resolve().parents[1] / "golden" / "security" / "spec.yaml"
TOKEN_URL = "https://auth.vault.test/oauth/token"
DISCOVERY = "https://auth.vault.test/.well-known/openid-configuration"
APP = {"client_id": "app", "client_secret": "s3cret-client"}
CREDENTIAL_HEADERS = ("x-api-key", "authorization", "cookie", "x-partner-token")


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield generate_and_import(SPEC, tmp_path_factory.mktemp("security"), "vault")


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("API_KEY", "BEARER", "USERNAME", "PASSWORD", "CLIENT_ID", "CLIENT_SECRET"):
        monkeypatch.delenv(f"VAULT_{name}", raising=False)


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"id": "x"})


def carried(request: httpx.Request) -> dict[str, str]:
    """Every credential-bearing part of ``request``: its credential headers and query key."""
    found = {k: v for k, v in request.headers.items() if k.lower() in CREDENTIAL_HEADERS}
    key = request.url.params.get("key")
    if key is not None:
        found["?key"] = key
    return found


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@both
def test_root_alternatives_first_configured_wins(vault: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        everything = t.client(vault, ok, api_key="K", bearer="B", username="u", password="p")
        await t.call(everything.items.list_items())
        bearer_only = t.client(vault, ok, api_key=None, bearer="B")
        await t.call(bearer_only.items.list_items())
        basic_only = t.client(vault, ok, api_key=None, username="u", password="p")
        await t.call(basic_only.items.list_items())
        assert [carried(r) for r in t.requests] == [
            {"x-api-key": "K"},
            {"authorization": "Bearer B"},
            {"authorization": basic("u", "p")},
        ]

    run(is_async, body)


@both
def test_operation_requirements_override_the_root(vault: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            vault, ok, api_key="K", bearer="B", query_key="Q", session="S", username="u",
            password="p",
        )  # fmt: skip
        await t.call(client.items.health())  # security: []
        await t.call(client.items.bearer_only())  # Bearer alone, not the root's key
        await t.call(client.items.both_keys(q="z"))  # ApiKey AND QueryKey
        await t.call(client.items.alternatives())  # Bearer first
        await t.call(client.items.me(theme="dark"))  # Session cookie merged with `theme`
        assert [carried(r) for r in t.requests] == [
            {},
            {"authorization": "Bearer B"},
            {"x-api-key": "K", "?key": "Q"},
            {"authorization": "Bearer B"},
            {"cookie": "theme=dark; sid=S"},
        ]
        assert t.requests[2].url.params["q"] == "z"

    run(is_async, body)


@both
def test_alternatives_fall_through_to_an_and_combination_then_none(
    vault: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        both_keys = t.client(vault, ok, api_key="K", query_key="Q")
        await t.call(both_keys.items.alternatives())
        nothing = t.client(vault, ok, api_key=None)
        await t.call(nothing.items.alternatives())  # the `{}` alternative: anonymous
        await t.call(nothing.items.health())
        assert [carried(r) for r in t.requests] == [{"x-api-key": "K", "?key": "Q"}, {}, {}]

    run(is_async, body)


@both
def test_unmet_requirement_raises_naming_the_schemes_before_sending(
    vault: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(vault, ok, api_key="K")
        with pytest.raises(vault.MissingCredentialsError) as caught:
            await t.call(client.items.bearer_only())
        assert isinstance(caught.value, vault.VaultError)
        assert str(caught.value) == (
            "GET /v1/bearer-only needs credentials: Bearer (bearer= or VAULT_BEARER)"
        )
        anonymous = t.client(vault, ok, api_key=None)  # constructing needs no credentials
        with pytest.raises(vault.MissingCredentialsError, match=r"ApiKey .* or Basic") as caught:
            await t.call(anonymous.items.list_items())
        assert "api_key= or VAULT_API_KEY" in str(caught.value)
        with pytest.raises(vault.MissingCredentialsError, match="QueryKey"):
            await t.call(client.items.both_keys())  # an AND-combination needs both
        assert t.requests == []

    run(is_async, body)


@both
def test_cookie_parameters_and_credential_cookies_share_the_header(
    vault: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(vault, ok, api_key=None, session="S")
        await t.call(client.items.me())
        await t.call(client.items.me(theme="dark"))
        assert [r.headers.get("cookie") for r in t.requests] == ["sid=S", "theme=dark; sid=S"]

    run(is_async, body)


@both
def test_foreign_origin_gets_no_credentials_unless_it_names_a_scheme(
    vault: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "the spec's root security would ask for a key the README's rule withholds"
        client = t.client(
            vault, ok, api_key="K", bearer="B", session="S", query_key="Q", partner_token="P"
        )
        await t.call(client.external.third_party_hook())
        await t.call(client.external.partner_signed())
        hook, partner = t.requests
        assert hook.url.host == "third-party.example.net" and carried(hook) == {}
        assert partner.url.host == "partner.example.net"
        assert carried(partner) == {"x-partner-token": "P"}

    run(is_async, body)


def redirecting(target: str) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.vault.test" and request.url.path == "/v1/items":
            return httpx.Response(302, headers={"Location": target})
        return ok(request)

    return handler


@both
@pytest.mark.parametrize(
    "target,kept",
    [
        ("https://elsewhere.example.org/steal", False),
        ("http://api.vault.test/v1/moved", False),  # another scheme is another origin
        ("https://api.vault.test:8443/v1/moved", False),  # and another port
        ("https://api.vault.test/v1/moved", True),
    ],
)
def test_redirect_to_another_origin_drops_every_credential(
    vault: ModuleType, is_async: bool, target: str, kept: bool
) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "a redirect target is not an operation of the spec"
        client = t.client(vault, redirecting(target), api_key="K", query_key="Q", session="S")
        client._api.http_client.follow_redirects = True
        await t.call(client.items.both_keys())  # no redirect: both keys
        await t.call(client.items.list_items())  # redirected
        first, original, followed = t.requests
        assert carried(first) == {"x-api-key": "K", "?key": "Q"}
        assert carried(original) == {"x-api-key": "K"}
        assert str(followed.url) == target
        assert carried(followed) == ({"x-api-key": "K"} if kept else {})

    run(is_async, body)


@both
def test_redirect_hop_drops_query_and_cookie_credentials(vault: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.vault.test" and request.url.path == "/v1/both-keys":
            # A server echoing the request's query into the Location (the key included).
            return httpx.Response(
                302, headers={"Location": f"https://evil.test/x?{request.url.query.decode()}"}
            )
        return ok(request)

    async def body(t: Twin) -> None:
        t.unchecked = "a redirect target is not an operation of the spec"
        client = t.client(vault, handler, api_key="K", query_key="Q")
        client._api.http_client.follow_redirects = True
        await t.call(client.items.both_keys(q="z"))
        followed = t.requests[-1]
        assert followed.url.host == "evil.test" and carried(followed) == {}
        assert followed.url.params["q"] == "z"

    run(is_async, body)


class TokenServer:
    """An OAuth2 token endpoint (client credentials, client authentication by HTTP basic) and
    an API that accepts only the tokens it issued, for the scopes they carry."""

    def __init__(self, lifetime: int = 3600, reject_first: bool = False) -> None:
        self.issued: list[dict[str, Any]] = []
        self.lifetime = lifetime
        self.reject_first = reject_first
        self.valid: dict[str, set[str]] = {}
        self.lock = threading.Lock()
        self.reject_all = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if str(request.url) == DISCOVERY:
            return httpx.Response(200, json={"issuer": "x", "token_endpoint": TOKEN_URL})
        if str(request.url) == TOKEN_URL:
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            if request.headers.get("authorization") != basic("app", "s3cret-client"):
                return httpx.Response(401, json={"error": "invalid_client"})
            with self.lock:
                token = f"tok{len(self.issued) + 1}"
                self.issued.append(form)
            self.valid[token] = set(form.get("scope", "").split())
            body = {"access_token": token, "token_type": "Bearer", "expires_in": self.lifetime}
            body["refresh_token"] = f"refresh-{token}"
            return httpx.Response(200, json=body)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if (self.reject_first and token == "tok1") or self.reject_all:
            return httpx.Response(401, json={"error": {"code": "expired", "message": "expired"}})
        if token not in self.valid:
            return httpx.Response(401, json={"error": {"code": "bad", "message": "bad"}})
        return ok(request)


@both
def test_client_credentials_token_fetched_per_scope_and_cached(
    vault: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "the token endpoint is not an operation of the API's spec"
        server = TokenServer(lifetime=600)
        client = t.client(
            vault, server, api_key=None, client_id="app", client_secret="s3cret-client"
        )
        await t.call(client.reports.list_reports())
        await t.call(client.reports.list_reports())
        await t.call(client.reports.create_report())
        assert server.issued == [
            {"grant_type": "client_credentials", "scope": "reports:read"},
            {"grant_type": "client_credentials", "scope": "reports:write"},
        ]
        api = [r for r in t.requests if r.url.host == "api.vault.test"]
        assert [r.headers["authorization"] for r in api] == [
            "Bearer tok1", "Bearer tok1", "Bearer tok2",
        ]  # fmt: skip
        assert all("x-api-key" not in r.headers for r in t.requests)
        # Renewed 30 s (at most a tenth of its lifetime) before it expires.
        t.now += 600 - 31  # 31 s before: kept
        await t.call(client.reports.list_reports())
        t.now += 2  # 29 s before: renewed
        await t.call(client.reports.list_reports())
        assert len(server.issued) == 3
        api = [r for r in t.requests if r.url.host == "api.vault.test"]
        assert [r.headers["authorization"] for r in api[-2:]] == ["Bearer tok1", "Bearer tok3"]

    run(is_async, body)


@both
def test_expired_token_is_renewed_with_the_refresh_token(vault: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "the token endpoint is not an operation of the API's spec"
        server = TokenServer(lifetime=600)
        client = t.client(vault, server, api_key=None, **APP)
        await t.call(client.reports.list_reports())
        t.now += 600
        await t.call(client.reports.list_reports())
        assert server.issued == [
            {"grant_type": "client_credentials", "scope": "reports:read"},
            {
                "grant_type": "refresh_token",
                "refresh_token": "refresh-tok1",
                "scope": "reports:read",
            },
        ]
        assert t.requests[-1].headers["authorization"] == "Bearer tok2"

    run(is_async, body)


@both
def test_rejected_token_is_renewed_once_and_the_call_retried(
    vault: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "the token endpoint is not an operation of the API's spec"
        server = TokenServer(reject_first=True)
        client = t.client(
            vault, server, api_key=None, client_id="app", client_secret="s3cret-client"
        )
        await t.call(client.reports.list_reports())
        api = [r.headers["authorization"] for r in t.requests if r.url.host == "api.vault.test"]
        assert api == ["Bearer tok1", "Bearer tok2"] and len(server.issued) == 2
        server.reject_all = True  # every token now fails: one renewal, then the error
        with pytest.raises(vault.AuthenticationError):
            await t.call(client.reports.list_reports())
        assert len(server.issued) == 3

    run(is_async, body)


@both
def test_per_call_options_and_with_options_keep_each_operations_credentials(
    vault: ModuleType, is_async: bool
) -> None:
    # Per-call options (issue 16) are added to an operation's own options, its security
    # requirement among them; a with_options client shares the credentials and token cache.
    async def body(t: Twin) -> None:
        t.unchecked = "the token endpoint is not an operation of the API's spec; extra_query"
        server = TokenServer(lifetime=600)

        def handler(request: httpx.Request) -> httpx.Response:
            api = request.url.host == "api.vault.test" and "/reports" not in request.url.path
            return ok(request) if api else server(request)

        client = t.client(
            vault, handler, api_key="K", bearer="B", client_id="app", client_secret="s3cret-client"
        )
        await t.call(client.items.bearer_only(extra_headers={"X-Trace": "1"}, max_retries=0))
        await t.call(client.items.health(extra_query={"v": "1"}, deadline=30.0))
        await t.call(client.reports.list_reports(timeout=None))
        derived = client.with_options(timeout=5.0, max_retries=0)
        await t.call(derived.reports.list_reports())
        await t.call(derived.items.bearer_only())
        api = [r for r in t.requests if r.url.host == "api.vault.test"]
        assert [carried(r) for r in api] == [
            {"authorization": "Bearer B"},
            {},
            {"authorization": "Bearer tok1"},
            {"authorization": "Bearer tok1"},
            {"authorization": "Bearer B"},
        ]
        assert api[0].headers["x-trace"] == "1" and api[1].url.params["v"] == "1"
        assert len(server.issued) == 1  # the derived client used the original's token

    run(is_async, body)


@both
def test_bad_client_secret_is_the_packages_error(vault: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "the token endpoint is not an operation of the API's spec"
        client = t.client(vault, TokenServer(), api_key=None, client_id="app", client_secret="no")
        with pytest.raises(vault.AuthenticationError) as caught:
            await t.call(client.reports.list_reports())
        assert "no" not in str(caught.value).split()

    run(is_async, body)


def test_token_fetched_once_for_many_threads(vault: ModuleType) -> None:
    server = TokenServer()
    gate = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == TOKEN_URL:
            gate.wait(5)  # hold the first fetch until every thread is calling
        return server(request)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = client_class(vault, False)(
        http_client=http, client_id="app", client_secret="s3cret-client"
    )
    started = threading.Barrier(9)
    errors: list[BaseException] = []

    def call() -> None:
        started.wait(5)
        try:
            client.reports.list_reports()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    started.wait(5)
    gate.set()
    for thread in threads:
        thread.join(10)
    assert errors == [] and len(server.issued) == 1


def test_token_fetched_once_for_many_tasks(vault: ModuleType) -> None:
    server = TokenServer()

    async def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == TOKEN_URL:
            await asyncio.sleep(0)  # let the other tasks reach the lock
        return server(request)

    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        client = client_class(vault, True)(
            http_client=http, client_id="app", client_secret="s3cret-client"
        )
        await asyncio.gather(*(client.reports.list_reports() for _ in range(8)))

    asyncio.run(main())
    assert len(server.issued) == 1


@both
def test_token_provider_and_ready_tokens(vault: ModuleType, is_async: bool) -> None:
    asked: list[list[str]] = []

    def provider(scopes: list[str]) -> str:
        asked.append(scopes)
        return "provided-" + "+".join(scopes)

    async def body(t: Twin) -> None:
        client = t.client(vault, ok, api_key=None, token_provider=provider)
        await t.call(client.reports.create_report())
        ready = t.client(vault, ok, api_key=None, oauth="ready-token")
        await t.call(ready.reports.list_reports())
        assert [r.headers["authorization"] for r in t.requests] == [
            "Bearer provided-reports:write", "Bearer ready-token",
        ]  # fmt: skip
        assert asked == [["reports:write"]]

    run(is_async, body)


@both
def test_openid_connect_reads_the_discovery_document(vault: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "the discovery and token endpoints are not operations of the API's spec"
        server = TokenServer()
        client = t.client(
            vault, server, api_key=None, client_id="app", client_secret="s3cret-client"
        )
        await t.call(client.items.oidc())
        await t.call(client.items.oidc())
        assert [str(r.url) for r in t.requests] == [
            DISCOVERY, TOKEN_URL, "https://api.vault.test/v1/oidc", "https://api.vault.test/v1/oidc",
        ]  # fmt: skip
        assert server.issued == [{"grant_type": "client_credentials", "scope": "openid"}]

    run(is_async, body)


@both
def test_other_http_scheme_takes_a_value_or_a_callable(vault: ModuleType, is_async: bool) -> None:
    def sign(request: httpx.Request) -> None:
        request.headers["Authorization"] = f'Digest uri="{request.url.path}"'

    async def body(t: Twin) -> None:
        await t.call(t.client(vault, ok, api_key=None, digest="username=a").items.digest())
        await t.call(t.client(vault, ok, api_key="K", digest=sign).items.digest())
        assert [carried(r) for r in t.requests] == [
            {"authorization": "Digest username=a"},
            {"authorization": 'Digest uri="/v1/digest"'},
        ]

    run(is_async, body)


@both
def test_mutual_tls_requires_a_client_certificate(
    vault: ModuleType, is_async: bool, tmp_path: Path
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(vault, ok, api_key="K")
        with pytest.raises(vault.MissingCredentialsError, match="client_cert="):
            await t.call(client.items.mtls())
        with pytest.raises(vault.VaultError, match=r"client_cert: cannot load .*missing\.pem"):
            t.client(vault, ok, client_cert=str(tmp_path / "missing.pem"))  # loaded at once
        assert t.requests == []

    run(is_async, body)


@both
def test_mock_mode_needs_no_credentials(vault: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = client_class(vault, t.is_async)(mock_mode=True)
        item = await t.call(client.items.bearer_only())
        assert item.id

    run(is_async, body)


@both
def test_every_scheme_reads_its_environment_variable(
    vault: ModuleType, is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAULT_BEARER", "env-bearer")
    monkeypatch.setenv("VAULT_SESSION", "env-sid")
    monkeypatch.setenv("VAULT_PARTNER_TOKEN", "env-partner")
    monkeypatch.setenv("VAULT_CLIENT_ID", "app")
    monkeypatch.setenv("VAULT_CLIENT_SECRET", "s3cret-client")

    async def body(t: Twin) -> None:
        t.unchecked = "the token endpoint is not an operation of the API's spec"
        server = TokenServer()
        tokens_or_ok = lambda r: server(r) if r.url.host == "auth.vault.test" else ok(r)  # noqa: E731
        client = t.client(vault, tokens_or_ok, api_key=None)
        await t.call(client.items.bearer_only())
        await t.call(client.items.me())
        await t.call(client.external.partner_signed())
        await t.call(client.reports.list_reports())
        api = [carried(r) for r in t.requests if r.url.host != "auth.vault.test"]
        assert api == [
            {"authorization": "Bearer env-bearer"},
            {"cookie": "sid=env-sid"},
            {"x-partner-token": "env-partner"},
            {"authorization": "Bearer tok1"},
        ]
        assert server.issued == [{"grant_type": "client_credentials", "scope": "reports:read"}]
        explicit = t.client(vault, ok, api_key=None, bearer="given")
        await t.call(explicit.items.bearer_only())  # an argument wins over the environment
        assert t.requests[-1].headers["authorization"] == "Bearer given"

    run(is_async, body)


@both
def test_endless_redirects_end_in_the_packages_error(vault: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "https://api.vault.test/v1/items"})

    async def body(t: Twin) -> None:
        t.unchecked = "every answer is a redirect"
        client = t.client(vault, handler, api_key="K", max_retries=0)
        client._api.http_client.follow_redirects = True
        client._api.http_client.max_redirects = 3
        with pytest.raises(vault.APIConnectionError, match="more than 3 redirects"):
            await t.call(client.items.list_items())
        assert len(t.requests) == 4
        assert all(carried(r) == {"x-api-key": "K"} for r in t.requests)  # one origin: kept

    run(is_async, body)


@both
def test_a_signer_stands_in_for_unmet_requirements(vault: ModuleType, is_async: bool) -> None:
    # signer= is the documented hook for anything else: with one, an unmet requirement is the
    # signer's to meet, as before requirements existed.
    def sign(request: httpx.Request) -> None:
        request.headers["Authorization"] = "Custom signed"

    async def body(t: Twin) -> None:
        t.unchecked = "the caller's signer sends a scheme of its own"
        client = t.client(vault, ok, api_key="K", signer=sign)
        await t.call(client.items.bearer_only())
        assert carried(t.requests[-1]) == {"authorization": "Custom signed"}

    run(is_async, body)
