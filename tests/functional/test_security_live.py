"""A real FastAPI service using FastAPI's own security utilities, served on loopback, and a
client generated from its ``app.openapi()``: every credential reaches the dependency that
checks it, anonymous operations need none, and the OAuth2 password and client-credentials
token endpoints are used as FastAPI users write them. Sync and async from one body."""

# No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations at run
# time, and they name dependencies local to ``build_app``.
import asyncio
import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, Optional

import pytest
from fastapi import Cookie, Depends, FastAPI, Form, HTTPException, Security
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlows
from fastapi.security import (
    APIKeyCookie,
    APIKeyHeader,
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
    OAuth2,
    OAuth2PasswordBearer,
    OAuth2PasswordRequestForm,
    SecurityScopes,
)

from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import
from tests.support.twins import both

KEY, SESSION, BEARER = "key-live-1", "sess-live-2", "bearer-live-3"
ALICE = ("alice", "wonderland-pw")
APP_ID, APP_SECRET = "reporting-app", "cc-secret-4"


def build_app() -> FastAPI:
    app = FastAPI(title="Live Security", version="1.0.0")
    bearer = HTTPBearer()
    api_key = APIKeyHeader(name="X-API-Key")
    session = APIKeyCookie(name="session")
    password_flow = OAuth2PasswordBearer(
        tokenUrl="token", scopes={"items:read": "Read items.", "items:write": "Write items."}
    )
    machine_flow = OAuth2(
        flows=OAuthFlows(
            clientCredentials=OAuthFlowClientCredentials(
                tokenUrl="machine/token", scopes={"reports:read": "Read reports."}
            )
        )
    )
    client_basic = HTTPBasic(auto_error=False)
    issued: dict[str, tuple[str, list[str]]] = {}
    app.state.token_requests = []

    def new_token(who: str, scopes: list[str]) -> dict[str, Any]:
        token = secrets.token_urlsafe(12)
        issued[token] = (who, scopes)
        return {"access_token": token, "token_type": "bearer", "expires_in": 3600}

    @app.post("/token")
    def password_token(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict[str, Any]:
        app.state.token_requests.append(("password", form.username, form.scopes))
        if (form.username, form.password) != ALICE:
            raise HTTPException(400, "Incorrect username or password")
        return new_token(form.username, form.scopes)

    @app.post("/machine/token")
    def machine_token(
        grant_type: Annotated[str, Form()],
        credentials: Annotated[Optional[HTTPBasicCredentials], Depends(client_basic)],
        scope: Annotated[str, Form()] = "",
    ) -> dict[str, Any]:
        app.state.token_requests.append((grant_type, credentials and credentials.username, scope))
        if grant_type != "client_credentials" or credentials is None:
            raise HTTPException(400, "unsupported grant")
        if (credentials.username, credentials.password) != (APP_ID, APP_SECRET):
            raise HTTPException(401, "invalid client")
        return new_token(credentials.username, scope.split())

    def scoped(token: str, scopes: SecurityScopes) -> str:
        who, granted = issued.get(token, ("", []))
        if not who or not set(scopes.scopes) <= set(granted):
            raise HTTPException(401, "Not authenticated", {"WWW-Authenticate": "Bearer"})
        return who

    def user(scopes: SecurityScopes, token: Annotated[str, Depends(password_flow)]) -> str:
        return scoped(token, scopes)

    def machine(scopes: SecurityScopes, token: Annotated[str, Depends(machine_flow)]) -> str:
        return scoped(token.removeprefix("Bearer "), scopes)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/whoami/bearer")
    def whoami_bearer(
        credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)],
    ) -> dict[str, str]:
        return {"bearer": credentials.credentials}

    @app.get("/whoami/key")
    def whoami_key(key: Annotated[str, Security(api_key)]) -> dict[str, str]:
        return {"key": key}

    @app.get("/whoami/session")
    def whoami_session(
        sid: Annotated[str, Security(session)], theme: Annotated[Optional[str], Cookie()] = None
    ) -> dict[str, Any]:
        return {"session": sid, "theme": theme}

    @app.get("/items")
    def items(who: Annotated[str, Security(user, scopes=["items:read"])]) -> dict[str, str]:
        return {"owner": who}

    @app.get("/reports")
    def reports(who: Annotated[str, Security(machine, scopes=["reports:read"])]) -> dict[str, str]:
        return {"client": who}

    return app


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Any, str]]:
    app = build_app()
    out = tmp_path_factory.mktemp("live-security")
    spec = out / "openapi.json"
    spec.write_text(json.dumps(app.openapi()), encoding="utf-8")
    package = generate_and_import(spec, out, "live_security")
    with serve(app) as url:
        yield package, app, url


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("USERNAME", "PASSWORD", "CLIENT_ID", "CLIENT_SECRET", "API_KEY"):
        monkeypatch.delenv(f"LIVE_SECURITY_{name}", raising=False)


async def call(value: Any) -> Any:
    return await value if hasattr(value, "__await__") else value


OPEN: list[Any] = []


def make(package: ModuleType, is_async: bool, url: str, **kwargs: Any) -> Any:
    client = client_class(package, is_async)(base_url=url, max_retries=0, **kwargs)
    OPEN.append(client)
    return client


def run_closing(body: Any) -> None:
    """Run ``body`` and close every client it made (their pools hold loopback sockets)."""

    async def closing() -> None:
        try:
            await body()
        finally:
            while OPEN:
                await call(OPEN.pop().close())

    asyncio.run(closing())


def body_of(result: Any) -> Any:
    return result.to_dict() if hasattr(result, "to_dict") else result


@both
def test_each_scheme_reaches_fastapis_dependency(
    live: tuple[ModuleType, Any, str], is_async: bool
) -> None:
    package, _, url = live

    async def body() -> None:
        client = make(
            package, is_async, url, http_bearer=BEARER, api_key_header=KEY, api_key_cookie=SESSION
        )
        api = client.default
        assert body_of(await call(api.health_health_get())) == {"status": "ok"}
        assert body_of(await call(api.whoami_bearer_whoami_bearer_get())) == {"bearer": BEARER}
        assert body_of(await call(api.whoami_key_whoami_key_get())) == {"key": KEY}
        got = body_of(await call(api.whoami_session_whoami_session_get(theme="dark")))
        assert got == {"session": SESSION, "theme": "dark"}  # cookie parameter kept
        anonymous = make(package, is_async, url)
        assert body_of(await call(anonymous.default.health_health_get())) == {"status": "ok"}
        with pytest.raises(package.MissingCredentialsError, match="http_bearer="):
            await call(anonymous.default.whoami_bearer_whoami_bearer_get())

    run_closing(body)


@both
def test_oauth2_password_and_client_credentials_flows(
    live: tuple[ModuleType, Any, str], is_async: bool
) -> None:
    package, app, url = live

    async def body() -> None:
        app.state.token_requests.clear()
        client = make(
            package, is_async, url, username=ALICE[0], password=ALICE[1], client_id=APP_ID,
            client_secret=APP_SECRET,
        )  # fmt: skip
        for _ in range(2):
            assert body_of(await call(client.default.items_items_get())) == {"owner": "alice"}
            assert body_of(await call(client.default.reports_reports_get())) == {"client": APP_ID}
        # One token per flow and scope set, reused by the second round.
        assert app.state.token_requests == [
            ("password", "alice", ["items:read"]),
            ("client_credentials", APP_ID, "reports:read"),
        ]
        wrong = make(package, is_async, url, username="alice", password="nope")
        with pytest.raises(package.BadRequestError):
            await call(wrong.default.items_items_get())

    run_closing(body)


def test_generated_arguments_follow_the_schemes(live: tuple[ModuleType, Any, str]) -> None:
    package, _, _ = live
    import inspect

    params = inspect.signature(client_class(package, False)).parameters
    for name in ("http_bearer", "api_key_header", "api_key_cookie", "oauth2_password_bearer"):
        assert name in params
    for name in ("oauth2", "client_id", "client_secret", "token_provider", "username"):
        assert name in params
    assert "api_key" in params  # kept, as every client has it; no scheme is behind it here
    assert Path(package.__file__).is_file()
