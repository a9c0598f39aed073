"""The mock enforces each operation's security requirement (a valid credential for another
scheme answers 401) and serves the spec's OAuth2 token endpoints; a generated client runs its
client-credentials flow against it. Built from the security matrix (tests/golden/security)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.load import load_spec
from generator.mock._core import MockAPI, MockSpec
from tests.support.mock_server import mock_table_of
from tests.support.packages import client_class, generate_and_import

SPEC = Path(__file__).resolve().parents[1] / "golden" / "security" / "spec.yaml"
BASE = "https://api.vault.test/v1"


@pytest.fixture(scope="module")
def api() -> MockAPI:
    spec = load_spec(SPEC)
    return MockAPI(MockSpec(mock_table_of(spec)), check_auth=True)


def send(api: MockAPI, method: str, path: str, **kwargs: Any) -> httpx.Response:
    url = path if "://" in path else BASE + path
    return api.handle(httpx.Request(method, url, **kwargs))


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    "path,headers,status",
    [
        ("/items", {"X-API-Key": "k"}, 200),
        ("/items", {"Authorization": "Bearer b"}, 200),
        ("/items", {"Authorization": basic("u", "p")}, 200),
        ("/items", {}, 401),
        ("/health", {}, 200),
        ("/bearer-only", {"X-API-Key": "k"}, 401),  # valid key, wrong scheme
        ("/bearer-only", {"Authorization": "Bearer b"}, 200),
        ("/both-keys", {"X-API-Key": "k"}, 401),  # half an AND-combination
        ("/both-keys?key=q", {"X-API-Key": "k"}, 200),
        ("/me", {"Cookie": "theme=dark; sid=s"}, 200),
        ("/me", {"Cookie": "theme=dark"}, 401),
        ("/alternatives", {}, 200),  # its `{}` alternative
        ("/digest", {"Authorization": "Digest x"}, 200),
        ("/digest", {"Authorization": "Bearer b"}, 401),
        ("/reports", {"X-API-Key": "k"}, 401),
        ("/reports", {"Authorization": "Bearer t.scopes=reports:read"}, 200),
        ("/reports", {"Authorization": "Bearer t.scopes=reports:write"}, 403),
    ],
)
def test_each_operation_demands_its_own_requirement(
    api: MockAPI, path: str, headers: dict[str, str], status: int
) -> None:
    assert send(api, "GET", path, headers=headers).status_code == status


def token(api: MockAPI, url: str, form: dict[str, str], **headers: str) -> httpx.Response:
    return send(api, "POST", url, data=form, headers=headers)


def test_token_endpoint_grants() -> None:
    spec = load_spec(SPEC)
    api = MockAPI(MockSpec(mock_table_of(spec)), check_auth=True)
    url = "https://auth.vault.test/oauth/token"
    answer = token(
        api, url, {"grant_type": "client_credentials", "scope": "reports:read"},
        Authorization=basic("app", "secret"),
    )  # fmt: skip
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    read = body["access_token"]
    assert read.endswith(".scopes=reports:read")
    auth = {"Authorization": f"Bearer {read}"}
    assert send(api, "GET", "/reports", headers=auth).status_code == 200
    assert send(api, "POST", "/reports", headers=auth).status_code == 403  # needs write
    refused = token(
        api, url, {"grant_type": "client_credentials"}, Authorization=basic("app", "invalid-s")
    )
    assert (refused.status_code, refused.json()["error"]) == (401, "invalid_client")
    anonymous = token(api, url, {"grant_type": "client_credentials"})
    assert anonymous.status_code == 401
    refreshed = token(api, url, {"grant_type": "refresh_token", "refresh_token": "r1"})
    assert refreshed.status_code == 200
    unsupported = token(api, url, {"grant_type": "magic"})
    assert unsupported.json()["error"] == "unsupported_grant_type"


def test_generated_client_runs_client_credentials_against_the_mock(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    vault = generate_and_import(SPEC, tmp_path_factory.mktemp("mock-security"), "vault_mock")
    spec = load_spec(SPEC)
    api = MockAPI(MockSpec(mock_table_of(spec)), check_auth=True)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return api.handle(request)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = client_class(vault, False)(http_client=http, client_id="app", client_secret="s")
    assert client.reports.list_reports().id == "item_1"
    assert client.reports.create_report().id == "item_1"
    assert [r.url.path for r in seen] == [
        "/oauth/token",
        "/v1/reports",
        "/oauth/token",
        "/v1/reports",
    ]
    with pytest.raises(vault.MissingCredentialsError):
        client.items.bearer_only()
    wrong = client_class(vault, False)(http_client=http, api_key="k", bearer=None)
    assert wrong.items.list_items().id == "item_1"
    client.close()


def test_openid_connect_discovery_names_the_mocks_token_endpoint(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    vault = generate_and_import(SPEC, tmp_path_factory.mktemp("mock-oidc"), "vault_oidc")
    spec = load_spec(SPEC)
    api = MockAPI(MockSpec(mock_table_of(spec)), check_auth=True)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(f"{request.method} {request.url.path}")
        return api.handle(request)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = client_class(vault, False)(http_client=http, client_id="app", client_secret="s")
    assert client.items.oidc().id == "item_1"
    assert seen == [
        "GET /.well-known/openid-configuration",
        "POST /__mock/oauth/token",
        "GET /v1/oidc",
    ]
    client.close()
