"""The runtime's security and OAuth2 cores, sans-I/O: requirement selection, plans, what a
plan does to a request, cookie merging, stripping on another origin, token requests and the
token cache."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs

import httpx
import pytest

from generator.runtime._oauth import (
    OAuthConfig,
    TokenCache,
    discovery_endpoint,
    read_token,
    resolve_url,
    token_request,
)
from generator.runtime._security import (
    ClientSecurity,
    SecurityScheme,
    basic_credential,
    merge_cookie_header,
    oauth_credential,
    origin_of,
    strip_foreign,
)

SCHEMES = [
    SecurityScheme("Key", "api_key", "header", "X-Key", "api_key="),
    SecurityScheme("Query", "api_key", "query", "k", "query="),
    SecurityScheme("Cookie", "api_key", "cookie", "sid", "cookie="),
    SecurityScheme("Bearer", "bearer", "header", "Authorization", "bearer="),
    SecurityScheme("Basic", "basic", "header", "Authorization", "username="),
    SecurityScheme("Sign", "signing", "header", "X-Agent", "agent="),
]
ROOT = ((("Key", ()),), (("Bearer", ()),))


def security(**values: object) -> ClientSecurity:
    return ClientSecurity(SCHEMES, values, ROOT)


def test_first_fully_configured_alternative_wins() -> None:
    both = ((("Key", ()), ("Query", ())), (("Bearer", ()),), ())
    assert security(Bearer="b", Key="k").select(both) == (("Bearer", ()),)
    assert security(Key="k", Query="q").select(both) == (("Key", ()), ("Query", ()))
    assert security(Key="k").select(both) == ()  # the anonymous alternative
    assert security(Key="k").select(((("Bearer", ()),),)) is None
    assert security().select(((),)) == ()


def test_plan_places_each_credential_and_is_cached() -> None:
    s = security(Key="k", Query="q", Cookie="c", Basic=basic_credential("u", "p"), Sign=True)
    plan = s.plan(((("Key", ()), ("Query", ()), ("Cookie", ()), ("Basic", ()), ("Sign", ())),))
    assert plan is not None
    assert dict(plan.headers) == {"X-Key": "k", "Authorization": "Basic " + b64("u:p")}
    assert dict(plan.params) == {"k": "q"} and dict(plan.cookies) == {"sid": "c"}
    assert plan.tokens == () and plan.callables == ()
    assert (
        s.plan(((("Key", ()), ("Query", ()), ("Cookie", ()), ("Basic", ()), ("Sign", ())),)) is plan
    )


def test_unmet_requirement_message_names_schemes_never_values() -> None:
    s = security(Key="secret-k")
    assert s.plan(((("Bearer", ()),), (("Query", ()), ("Cookie", ())))) is None
    message = s.missing_message(((("Bearer", ()),), (("Query", ()), ("Cookie", ()))), "GET /x")
    assert (
        message
        == "GET /x needs credentials: Bearer (bearer=); or Query (query=) and Cookie (cookie=)"
    )
    assert "secret-k" not in message


def test_mock_mode_plans_nothing_for_an_unmet_requirement() -> None:
    s = ClientSecurity(SCHEMES, {}, ROOT, skip_checks=True)
    assert s.default_plan().headers == {} and s.default_is_static


def test_apply_replaces_the_default_plan() -> None:
    s = security(Key="k", Query="q", Cookie="c", Bearer="b")
    default = s.default_plan()
    request = httpx.Request(
        "GET", "https://a.test/x?k=q&z=1", headers={"X-Key": "k", "Cookie": "theme=dark; sid=c"}
    )
    assert s.plan(((("Bearer", ()),),)) is not None
    # The default (Key) is what the client's settings put on; pretend they put all three.
    default = default._replace(params={"k": "q"}, cookies={"sid": "c"})
    s.apply(request, s.plan(((("Bearer", ()),),)), default)  # type: ignore[arg-type]
    assert "x-key" not in request.headers and request.headers["authorization"] == "Bearer b"
    assert request.url.params.get("k") is None and request.url.params["z"] == "1"
    assert request.headers["cookie"] == "theme=dark"


def test_merge_cookie_header_keeps_parameters_and_adds_credentials() -> None:
    assert merge_cookie_header("theme=dark", {"sid": "s"}, frozenset()) == "theme=dark; sid=s"
    assert merge_cookie_header("sid=old; a=1", {}, frozenset({"sid"})) == "a=1"
    assert merge_cookie_header("", {"sid": "s"}, frozenset()) == "sid=s"


def test_strip_foreign_removes_headers_query_and_cookies() -> None:
    s = security(Key="k", Query="q", Cookie="c", Bearer="b")
    request = httpx.Request(
        "GET",
        "https://evil.test/?k=q&keep=1",
        headers={"X-Key": "k", "Authorization": "Bearer b", "Cookie": "sid=c", "Accept": "*/*"},
    )
    strip_foreign(request, s)
    assert dict(request.headers) == {"host": "evil.test", "accept": "*/*"}
    assert str(request.url) == "https://evil.test/?keep=1"


def test_origin_fills_default_ports() -> None:
    assert origin_of(httpx.URL("https://a.test/x")) == origin_of(httpx.URL("https://a.test:443/"))
    assert origin_of(httpx.URL("http://a.test")) != origin_of(httpx.URL("https://a.test"))
    assert origin_of(httpx.URL("https://a.test:8443")) != origin_of(httpx.URL("https://a.test"))


def test_secrets_cover_every_held_value() -> None:
    s = security(Key="k1", Basic=basic_credential("u", "pw"))
    assert sorted(s.secrets()) == sorted(["k1", b64("u:pw"), "pw"])


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# -- OAuth2 -------------------------------------------------------------------------------------


def form(body: object) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(str(body)).items()}


def test_client_credentials_request_authenticates_with_basic() -> None:
    config = OAuthConfig("client_credentials", "/token", client_id="a b", client_secret="s:1")
    url, fields, headers = token_request(config, "https://x/token", ("r", "w"))
    assert url == "https://x/token"
    assert dict(fields) == {"grant_type": "client_credentials", "scope": "r w"}
    # RFC 6749 2.3.1: id and secret form-encoded before they are joined.
    assert headers["Authorization"] == "Basic " + b64("a%20b:s%3A1")


def test_post_client_auth_password_and_refresh_grants() -> None:
    config = OAuthConfig(
        "password", "/t", client_id="app", client_secret="s", username="u", password="p",
        client_auth="post",
    )  # fmt: skip
    _, fields, headers = token_request(config, "u", ())
    assert dict(fields) == {
        "grant_type": "password", "username": "u", "password": "p",
        "client_id": "app", "client_secret": "s",
    }  # fmt: skip
    assert "Authorization" not in headers
    _, fields, _ = token_request(config, "u", ("a",), refresh_token="rt")
    assert fields["grant_type"] == "refresh_token" and fields["refresh_token"] == "rt"
    assert fields["scope"] == "a" and "password" not in fields


def test_read_token_and_cache_expiry() -> None:
    now = [100.0]
    cache = TokenCache(lambda: now[0])
    answer = {"access_token": "t1", "expires_in": 60, "refresh_token": "r1"}
    token = read_token(httpx.Response(200, json=answer), now[0])
    assert token.expires_at == 100 + 60 - 6  # a tenth of a short lifetime
    cache.store(("s",), token)
    assert cache.fresh(("s",)) == "t1" and cache.fresh(()) is None
    now[0] = 154.0
    assert cache.fresh(("s",)) is None and cache.refresh_tokens == {("s",): "r1"}
    cache.store(("s",), read_token(httpx.Response(200, json={"access_token": "t2"}), now[0]))
    cache.drop(("s",), "t1")  # an older token's rejection does not drop the newer one
    assert cache.fresh(("s",)) == "t2"
    cache.drop(("s",), "t2")
    assert cache.fresh(("s",)) is None
    with pytest.raises(ValueError):
        read_token(httpx.Response(200, json={"error": "x"}), 0)


def test_discovery_and_relative_urls() -> None:
    response = httpx.Response(200, json={"token_endpoint": "https://id.test/token"})
    assert discovery_endpoint(response) == "https://id.test/token"
    with pytest.raises(ValueError):
        discovery_endpoint(httpx.Response(200, json={}))
    assert resolve_url("http://127.0.0.1:8000/api", "token") == "http://127.0.0.1:8000/api/token"
    assert resolve_url("http://h/api", "/token") == "http://h/token"
    assert resolve_url("http://h/api", "https://id.test/t") == "https://id.test/t"


def test_oauth_credential_needs_what_its_grant_needs() -> None:
    cc = OAuthConfig("client_credentials", "/t", client_id="a")
    assert oauth_credential("tok", None, cc) == "tok"
    provider = lambda scopes: "x"  # noqa: E731
    assert oauth_credential(None, provider, cc) is provider
    assert oauth_credential(None, None, cc) is cc
    assert oauth_credential(None, None, OAuthConfig("client_credentials", "/t")) is None
    password = OAuthConfig("password", "/t", username="u")
    assert oauth_credential(None, None, password) is None
    assert oauth_credential(None, None, password._replace(password="p")) is not None
    code = OAuthConfig("authorization_code", "/t", client_id="a")
    assert oauth_credential(None, None, code) is None  # the client cannot run it
    assert oauth_credential(None, None, code._replace(refresh_token="r")) is not None


@pytest.mark.parametrize("name", ["codevf", "flowmaestro", "openspawn", "taskforceai"])
def test_the_four_sdks_never_authorize_per_call(name: str) -> None:
    # Their operations all use the root requirement, whose credentials sit in the client's
    # headers: a call must not reach ``authorize`` (the hot path stays as it was).
    from tests.support.packages import client_class, import_generated

    package = import_generated(name)
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = client_class(package, False)(api_key="k", http_client=http)
    core = client._api.core
    assert core.auth_always is False

    def refuse(*args: object) -> None:
        raise AssertionError("authorize called")

    core.authorize = refuse
    client._api.request("GET", "/x")
    headers = sent[0].headers
    assert headers.get("authorization") == "Bearer k" or headers.get("x-api-key") == "k"
