"""ClientCore: configuration, auth, path encoding, retry decisions, errors and observation."""

from __future__ import annotations

import email.utils
import enum
import logging
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from generator.runtime._core import (
    MAX_RETRY_AFTER,
    RETRY_STATUSES,
    AuthSpec,
    ClientCore,
    Secret,
    path_param,
)
from tests.support.errors import ERRORS, DemoConnectionError, DemoError, DemoTimeoutError

PREFIX = "SDKTESTCORE"
KEY = "sk-live-0123456789"


HEADER_KEY: AuthSpec = ("api_key", "header", "x-api-key")
QUERY_KEY: AuthSpec = ("api_key", "query", "api_key")
COOKIE_KEY: AuthSpec = ("api_key", "cookie", "session")
BEARER: AuthSpec = ("bearer", "header", "Authorization")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for suffix in ("API_KEY", "BASE_URL", "LOG"):
        monkeypatch.delenv(f"{PREFIX}_{suffix}", raising=False)
    yield
    logger = logging.getLogger(PREFIX.lower())
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


def make_core(**kwargs: Any) -> ClientCore:
    kwargs.setdefault("env_prefix", PREFIX)
    kwargs.setdefault("default_base_url", "https://api.example.com/v1/")
    kwargs.setdefault("auth", [HEADER_KEY])
    kwargs.setdefault("errors", ERRORS)
    kwargs.setdefault("user_agent", "demo-sdk/1.0")
    return ClientCore(**kwargs)


def reply(
    status: int,
    method: str = "GET",
    *,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    request = httpx.Request(method, "https://api.example.com/v1/things")
    if body is None:
        return httpx.Response(status, headers=headers, request=request)
    return httpx.Response(status, json=body, headers=headers, request=request)


# --- auth ----------------------------------------------------------------------------------


def test_api_key_in_header() -> None:
    core = make_core(api_key=KEY, auth=[HEADER_KEY])
    assert core.headers == {"User-Agent": "demo-sdk/1.0", "x-api-key": KEY}
    assert core.params == {} and core.cookies == {}


def test_api_key_in_query() -> None:
    core = make_core(api_key=KEY, auth=[QUERY_KEY])
    assert core.params == {"api_key": KEY}
    assert "x-api-key" not in core.headers and core.cookies == {}


def test_api_key_in_cookie() -> None:
    core = make_core(api_key=KEY, auth=[COOKIE_KEY])
    assert core.cookies == {"session": KEY}
    assert core.params == {}
    assert set(core.headers) == {"User-Agent"}


def test_bearer() -> None:
    core = make_core(api_key=KEY, auth=[BEARER])
    assert core.headers["Authorization"] == f"Bearer {KEY}"


def test_several_schemes_all_applied() -> None:
    core = make_core(api_key=KEY, auth=[BEARER, QUERY_KEY])
    assert core.headers["Authorization"] == f"Bearer {KEY}"
    assert core.params == {"api_key": KEY}


def test_default_headers_merge_after_user_agent() -> None:
    core = make_core(api_key=KEY, default_headers={"X-Team": "a", "User-Agent": "custom"})
    assert core.headers["X-Team"] == "a"
    assert core.headers["User-Agent"] == "custom"
    assert core.headers["x-api-key"] == KEY


def test_auth_reaches_built_request() -> None:
    core = make_core(api_key=KEY, auth=[QUERY_KEY, COOKIE_KEY])
    with httpx.Client() as http:
        request = core.build_request(http, "GET", "/things", params={"page": 2})
    assert request.url.params["api_key"] == KEY
    assert request.url.params["page"] == "2"
    assert request.headers["cookie"] == f"session={KEY}"
    assert str(request.url).startswith("https://api.example.com/v1/things?")


# --- configuration from the environment --------------------------------------------------


def test_api_key_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(f"{PREFIX}_API_KEY", "from-env")
    core = make_core()
    assert core.api_key is not None and core.api_key.reveal() == "from-env"
    assert core.headers["x-api-key"] == "from-env"


def test_explicit_api_key_beats_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(f"{PREFIX}_API_KEY", "from-env")
    core = make_core(api_key="explicit")
    assert core.api_key is not None and core.api_key.reveal() == "explicit"
    assert core.headers["x-api-key"] == "explicit"


def test_base_url_default_env_and_explicit(monkeypatch: pytest.MonkeyPatch) -> None:
    assert make_core(api_key=KEY).base_url == "https://api.example.com/v1"
    monkeypatch.setenv(f"{PREFIX}_BASE_URL", "https://env.example.com/")
    assert make_core(api_key=KEY).base_url == "https://env.example.com"
    assert make_core(api_key=KEY, base_url="https://arg.example.com").base_url == (
        "https://arg.example.com"
    )


def test_missing_api_key_raises_base_error_naming_env_var() -> None:
    with pytest.raises(DemoError) as caught:
        make_core()
    assert type(caught.value) is DemoError
    assert f"{PREFIX}_API_KEY" in str(caught.value)
    assert "api_key=" in str(caught.value)


def test_missing_api_key_allowed_when_not_required_or_basic_only() -> None:
    assert make_core(require_api_key=False).api_key is None
    assert make_core(auth=[("basic", "header", "Authorization")]).api_key is None
    core = make_core(auth=[])
    assert core.api_key is None and core.headers == {"User-Agent": "demo-sdk/1.0"}


# --- Secret --------------------------------------------------------------------------------


def test_secret_never_shows_value() -> None:
    secret = Secret(KEY)
    assert KEY not in repr(secret)
    assert KEY not in str(secret)
    assert KEY not in f"{secret}"
    assert KEY not in repr([secret])
    assert secret.reveal() == KEY


def test_core_api_key_is_a_secret() -> None:
    core = make_core(api_key=KEY)
    assert isinstance(core.api_key, Secret)
    assert KEY not in repr(core.api_key)


# --- path_param ----------------------------------------------------------------------------


class Color(enum.Enum):
    LIGHT_BLUE = "light blue"


class Level(enum.IntEnum):
    HIGH = 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc-123_x.y~z", "abc-123_x.y~z"),
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("ü", "%C3%BC"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("a?b#c&d=e%f", "a%3Fb%23c%26d%3De%25f"),
        (42, "42"),
        (Color.LIGHT_BLUE, "light%20blue"),
        (Level.HIGH, "3"),
    ],
)
def test_path_param_encodes_one_segment(value: Any, expected: str) -> None:
    assert path_param(value) == expected


@pytest.mark.parametrize("value", [".", "..", "a/../..", "../admin"])
def test_path_param_cannot_leave_its_segment(value: str) -> None:
    # httpx removes dot segments from a URL's path, so a bare "." or ".." id would address
    # another resource (GET /v1/pets/.. is GET /v1/); every value must stay one segment.
    url = httpx.URL("https://api.example.com/v1/pets/" + path_param(value) + "/photos")
    assert url.path.startswith("/v1/pets/")
    assert url.path.endswith("/photos")
    assert url.raw_path.decode().count("/") == 4


# --- retry_delay ---------------------------------------------------------------------------


def test_retry_delay_uses_retry_after_seconds() -> None:
    core = make_core(api_key=KEY)
    assert core.retry_delay(0, reply(429, headers={"Retry-After": "3"})) == 3.0
    assert core.retry_delay(5, reply(429, headers={"Retry-After": "0"})) == 0.0


def test_retry_delay_uses_retry_after_ms() -> None:
    core = make_core(api_key=KEY)
    assert core.retry_delay(0, reply(429, headers={"retry-after-ms": "1500"})) == 1.5


def test_retry_delay_uses_http_date() -> None:
    core = make_core(api_key=KEY)
    date = email.utils.formatdate(time.time() + 20, usegmt=True)
    delay = core.retry_delay(0, reply(503, headers={"Retry-After": date}))
    assert 17.0 <= delay <= 21.0


def test_retry_delay_caps_retry_after() -> None:
    core = make_core(api_key=KEY)
    assert core.retry_delay(0, reply(429, headers={"Retry-After": "3600"})) == MAX_RETRY_AFTER
    assert core.retry_delay(0, reply(429, headers={"retry-after-ms": "1e9"})) == MAX_RETRY_AFTER
    far = email.utils.formatdate(time.time() + 86400, usegmt=True)
    assert core.retry_delay(0, reply(429, headers={"Retry-After": far})) == MAX_RETRY_AFTER


def test_retry_delay_ignores_unusable_retry_after() -> None:
    core = make_core(api_key=KEY)
    core.random = lambda: 0.0
    assert core.retry_delay(1, reply(503, headers={"Retry-After": "whenever"})) == 1.0
    assert core.retry_delay(1, reply(503, headers={"Retry-After": "nan"})) == 1.0


@pytest.mark.parametrize(
    ("attempt", "full"), [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (20, 8.0)]
)
def test_backoff_is_exponential_capped_with_jitter(attempt: int, full: float) -> None:
    core = make_core(api_key=KEY)
    core.random = lambda: 0.0
    assert core.retry_delay(attempt) == full
    assert core.retry_delay(attempt, reply(500)) == full  # no Retry-After: backoff
    core.random = lambda: 1.0
    assert core.retry_delay(attempt) == pytest.approx(full * 0.75)
    core.random = lambda: 0.5
    assert core.retry_delay(attempt) == pytest.approx(full * 0.875)


def test_backoff_jitter_stays_in_bounds_with_real_random() -> None:
    core = make_core(api_key=KEY)
    delays = [core.retry_delay(2) for _ in range(200)]
    assert all(1.5 <= d <= 2.0 for d in delays)
    assert len(set(delays)) > 1


# --- should_retry_response -----------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(RETRY_STATUSES - {409}))
def test_retry_statuses_retried_for_get(status: int) -> None:
    core = make_core(api_key=KEY)
    assert core.should_retry_response(reply(status), 0, retry_safe=False)


@pytest.mark.parametrize("status", [200, 400, 401, 403, 404, 422, 501])
def test_other_statuses_not_retried(status: int) -> None:
    core = make_core(api_key=KEY)
    assert not core.should_retry_response(reply(status), 0, retry_safe=True)


@pytest.mark.parametrize("status", sorted(RETRY_STATUSES - {409}))
def test_attempts_exhausted(status: int) -> None:
    core = make_core(api_key=KEY, max_retries=2)
    assert core.should_retry_response(reply(status), 1, retry_safe=True)
    assert not core.should_retry_response(reply(status), 2, retry_safe=True)
    assert not make_core(api_key=KEY, max_retries=0).should_retry_response(
        reply(status), 0, retry_safe=True
    )


def test_x_should_retry_false_stops_retry() -> None:
    core = make_core(api_key=KEY)
    response = reply(503, headers={"x-should-retry": "false"})
    assert not core.should_retry_response(response, 0, retry_safe=True)


@pytest.mark.parametrize("status", sorted(RETRY_STATUSES))
def test_post_without_idempotency_only_when_server_did_not_act(status: int) -> None:
    core = make_core(api_key=KEY)
    retried = core.should_retry_response(reply(status, "POST"), 0, retry_safe=False)
    assert retried == (status in (408, 429, 503))


@pytest.mark.parametrize("status", sorted(RETRY_STATUSES - {409}))
def test_post_with_idempotency_retries_like_get(status: int) -> None:
    core = make_core(api_key=KEY)
    assert core.should_retry_response(reply(status, "POST"), 0, retry_safe=True)


@pytest.mark.parametrize(
    ("body", "retried"),
    [
        ({"error": {"retryable": True}}, True),
        ({"error": {"retryable": False}}, False),
        ({"error": {"retryable": "true"}}, False),
        ({"error": {"code": "idempotency_conflict"}}, False),
        ({"error": "locked", "retryable": True}, False),
        ({"retryable": True}, False),
        (["retryable"], False),
        (None, False),
    ],
)
def test_409_only_when_body_says_retryable(body: Any, retried: bool) -> None:
    core = make_core(api_key=KEY)
    assert core.should_retry_response(reply(409, "GET", body=body), 0, retry_safe=False) is retried
    assert core.should_retry_response(reply(409, "POST", body=body), 0, retry_safe=True) is retried


def test_409_non_json_body_not_retried() -> None:
    core = make_core(api_key=KEY)
    request = httpx.Request("GET", "https://api.example.com/")
    response = httpx.Response(409, text="<html>conflict</html>", request=request)
    assert not core.should_retry_response(response, 0, retry_safe=True)


def test_409_post_without_idempotency_never_retried() -> None:
    core = make_core(api_key=KEY)
    response = reply(409, "POST", body={"error": {"retryable": True}})
    assert not core.should_retry_response(response, 0, retry_safe=False)


def test_may_retry_transport_errors() -> None:
    core = make_core(api_key=KEY, max_retries=1)
    get = httpx.Request("GET", "https://api.example.com/")
    post = httpx.Request("POST", "https://api.example.com/")
    assert core.may_retry(get, 0, retry_safe=False)
    assert not core.may_retry(get, 1, retry_safe=False)
    assert not core.may_retry(post, 0, retry_safe=False)
    assert core.may_retry(post, 0, retry_safe=True)


def test_idempotency_key() -> None:
    assert ClientCore.idempotency_key("mine") == "mine"
    first, second = ClientCore.idempotency_key(None), ClientCore.idempotency_key(None)
    assert first != second and len(first) == 36


# --- connection_error ----------------------------------------------------------------------


def test_connection_error_class_for_timeout() -> None:
    core = make_core(api_key=KEY)
    for exc in (
        httpx.ConnectTimeout("connect timed out"),
        httpx.ReadTimeout("read timed out"),
        httpx.PoolTimeout("pool"),
    ):
        error = core.connection_error(exc)
        assert type(error) is DemoTimeoutError
        assert error.message.startswith(type(exc).__name__ + ": ")


def test_connection_error_class_for_connection() -> None:
    core = make_core(api_key=KEY)
    for exc in (httpx.ConnectError("refused"), httpx.RemoteProtocolError("eof"), OSError("x")):
        error = core.connection_error(exc)
        assert type(error) is DemoConnectionError
        assert error.status_code is None


def test_connection_error_redacts_api_key() -> None:
    core = make_core(api_key=KEY, auth=[QUERY_KEY])
    exc = httpx.ConnectError(f"cannot reach https://api.example.com/v1/x?api_key={KEY} ({KEY})")
    error = core.connection_error(exc)
    assert KEY not in str(error)
    assert KEY not in error.message
    assert "api_key=**********" in error.message


def test_redact_query_key_that_needs_percent_encoding() -> None:
    key = "ab+c/d=e f"
    core = make_core(api_key=key, auth=[QUERY_KEY])
    with httpx.Client() as http:
        request = core.build_request(http, "GET", "/things")
    assert key not in str(request.url)  # httpx percent-encodes it in the URL
    redacted = core.redact(str(request.url))
    assert "api_key=**********" in redacted
    assert "ab%2Bc" not in redacted and "ab+c" not in redacted


def test_redact_with_empty_api_key_leaves_text_alone() -> None:
    core = make_core(api_key="")
    assert core.redact("connection refused") == "connection refused"
    error = core.connection_error(httpx.ConnectError("refused"))
    assert error.message == "ConnectError: refused"


def test_redact_without_api_key() -> None:
    core = make_core(require_api_key=False)
    assert core.redact("text") == "text"


# --- observe -------------------------------------------------------------------------------


def test_observe_calls_hook_and_records_last_response() -> None:
    seen: list[httpx.Response] = []
    core = make_core(api_key=KEY, response_hook=seen.append)
    response = reply(200)
    core.observe(response, 0.01)
    assert seen == [response]
    assert core.last_response is response


def test_observe_debug_log_redacts_credentials(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(f"{PREFIX}_LOG", "DEBUG")
    core = make_core(api_key=KEY, auth=[HEADER_KEY, BEARER, QUERY_KEY])
    with httpx.Client() as http:
        request = core.build_request(
            http, "POST", "/things", headers={**core.headers, "X-Trace": "t-1"}
        )
    response = httpx.Response(201, request=request)
    with caplog.at_level(logging.DEBUG, logger=PREFIX.lower()):
        core.observe(response, 0.0123)
    records = [r for r in caplog.records if r.name == PREFIX.lower()]
    assert len(records) == 1
    message = records[0].getMessage()
    assert records[0].levelno == logging.DEBUG
    assert message.startswith("POST https://api.example.com/v1/things?api_key=********** -> 201")
    assert "12.3 ms" in message
    assert "'x-trace': 't-1'" in message
    assert "'authorization': '**********'" in message
    assert "'x-api-key': '**********'" in message
    assert KEY not in message
    assert KEY not in caplog.text


def test_observe_redacts_custom_key_header(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(f"{PREFIX}_LOG", "debug")
    core = make_core(api_key=KEY, auth=[("api_key", "header", "X-Custom-Token")])
    with httpx.Client() as http:
        request = core.build_request(http, "GET", "/things", headers=core.headers)
    with caplog.at_level(logging.DEBUG, logger=PREFIX.lower()):
        core.observe(httpx.Response(200, request=request), 0.0)
    assert "x-custom-token" in caplog.text
    assert KEY not in caplog.text


def test_observe_does_not_log_without_debug_env(caplog: pytest.LogCaptureFixture) -> None:
    core = make_core(api_key=KEY)
    assert not core.logger.isEnabledFor(logging.DEBUG)
    with caplog.at_level(logging.INFO):
        core.observe(reply(200), 0.0)
    assert not [r for r in caplog.records if r.name == PREFIX.lower()]


def test_debug_env_installs_one_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(f"{PREFIX}_LOG", "debug")
    first = make_core(api_key=KEY)
    make_core(api_key=KEY)
    assert first.logger.level == logging.DEBUG
    assert len(first.logger.handlers) == 1
