"""The error runtime: error-body shapes, class choice by code/status, fields, ``str()``."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx
import pytest

from generator.runtime._errors import (
    APIErrorMixin,
    ErrorTable,
    parse_error_body,
    retry_after_seconds,
)
from tests.support.errors import (
    ERRORS,
    DemoAPIError,
    DemoConnectionError,
    DemoError,
    DemoNotFoundError,
    DemoQuotaExceededError,
    DemoRateLimitError,
    DemoServerError,
    DemoTimeoutError,
)


def response(status: int, body: Any = None, *, text: str | None = None, **headers: str) -> Any:
    request = httpx.Request("GET", "https://api.example.com/v1/things")
    if text is not None:
        return httpx.Response(status, text=text, headers=headers, request=request)
    if body is None:
        return httpx.Response(status, headers=headers, request=request)
    return httpx.Response(status, json=body, headers=headers, request=request)


# --- parse_error_body ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": {"code": "bad_thing", "message": "it broke"}}, ("bad_thing", "it broke")),
        ({"error": {"message": "no code"}}, (None, "no code")),
        ({"error": {"code": "only_code"}}, ("only_code", None)),
        ({"error": "invalid_grant", "message": "legacy"}, ("invalid_grant", "legacy")),
        (
            {"error": "invalid_grant", "error_description": "oauth style"},
            ("invalid_grant", "oauth style"),
        ),
        ({"error": "bare_code"}, ("bare_code", None)),
        ({"code": "flat_code", "message": "flat message"}, ("flat_code", "flat message")),
        ({"detail": "Not found."}, (None, "Not found.")),
        ({"message": "wins", "detail": "loses"}, (None, "wins")),
        ({}, (None, None)),
        ({"error": None, "code": "c"}, ("c", None)),
    ],
    ids=[
        "nested",
        "nested-no-code",
        "nested-no-message",
        "legacy",
        "legacy-oauth",
        "legacy-bare",
        "flat",
        "detail",
        "message-over-detail",
        "empty",
        "null-error-falls-back-to-flat",
    ],
)
def test_parse_error_body_shapes(body: Any, expected: tuple[Any, Any]) -> None:
    assert parse_error_body(body) == expected


def test_parse_error_body_non_string_message_is_json_encoded() -> None:
    detail = [{"loc": ["body", "name"], "msg": "field required"}]
    code, message = parse_error_body({"detail": detail})
    assert code is None
    assert message == '[{"loc": ["body", "name"], "msg": "field required"}]'
    assert parse_error_body({"error": {"code": "x", "message": {"a": 1}}}) == ("x", '{"a": 1}')
    assert parse_error_body({"code": "n", "message": 42}) == ("n", "42")


def test_parse_error_body_non_string_code_is_dropped() -> None:
    assert parse_error_body({"error": {"code": 1234, "message": "m"}}) == (None, "m")
    assert parse_error_body({"code": ["a"], "message": "m"}) == (None, "m")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (None, (None, None)),
        ("plain text failure", (None, "plain text failure")),
        ("x" * 500, (None, None)),  # a long text body (an HTML page, say) is not a message
        ([{"code": "a"}], (None, None)),
        (42, (None, None)),
        (True, (None, None)),
    ],
    ids=["none", "short-text", "long-text", "list", "int", "bool"],
)
def test_parse_error_body_non_dict(body: Any, expected: tuple[Any, Any]) -> None:
    assert parse_error_body(body) == expected


# --- ErrorTable.for_response -----------------------------------------------------------------


def test_code_wins_over_status() -> None:
    error = ERRORS.for_response(
        response(404, {"error": {"code": "quota_exceeded", "message": "out of quota"}})
    )
    assert type(error) is DemoQuotaExceededError
    assert (error.status_code, error.code, error.message) == (404, "quota_exceeded", "out of quota")


def test_unknown_code_falls_back_to_status() -> None:
    error = ERRORS.for_response(response(404, {"error": {"code": "nope", "message": "missing"}}))
    assert type(error) is DemoNotFoundError
    assert error.code == "nope"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (404, DemoNotFoundError),
        (429, DemoRateLimitError),
        (400, DemoAPIError),
        (409, DemoAPIError),
        (500, DemoServerError),
        (503, DemoServerError),
        (599, DemoServerError),
        (302, DemoAPIError),
    ],
)
def test_class_by_status_then_server_or_api(status: int, cls: type[APIErrorMixin]) -> None:
    error = ERRORS.for_response(response(status, {"message": "m"}))
    assert type(error) is cls
    assert isinstance(error, DemoError)
    assert error.status_code == status


def test_status_class_beats_server_fallback() -> None:
    table = ErrorTable(
        base=DemoError,
        api=DemoAPIError,
        by_status={503: DemoRateLimitError},
        server=DemoServerError,
        connection=DemoConnectionError,
        timeout=DemoTimeoutError,
    )
    assert type(table.for_response(response(503))) is DemoRateLimitError
    assert type(table.for_response(response(502))) is DemoServerError
    assert table.by_code == {}


def test_fields_of_an_error() -> None:
    body = {"error": {"code": "quota_exceeded", "message": "slow down"}}
    error = ERRORS.for_response(
        response(429, body, **{"request-id": "req_123", "Retry-After": "7", "X-Extra": "1"})
    )
    assert error.status_code == 429
    assert error.code == "quota_exceeded"
    assert error.message == "slow down"
    assert error.request_id == "req_123"
    assert error.retry_after == 7.0
    assert error.body == body
    assert error.response_data == body
    assert error.headers["x-extra"] == "1"
    assert isinstance(error.headers, dict)


def test_request_id_from_x_request_id() -> None:
    error = ERRORS.for_response(response(500, {"message": "boom"}, **{"x-request-id": "abc"}))
    assert error.request_id == "abc"


def test_request_id_prefers_request_id_header() -> None:
    error = ERRORS.for_response(
        response(500, {"message": "boom"}, **{"request-id": "first", "x-request-id": "second"})
    )
    assert error.request_id == "first"


def test_no_request_id_no_retry_after() -> None:
    error = ERRORS.for_response(response(400, {"message": "bad"}))
    assert error.request_id is None
    assert error.retry_after is None


def test_text_body_is_kept_and_used_as_message() -> None:
    error = ERRORS.for_response(response(502, text="upstream went away"))
    assert error.body == "upstream went away"
    assert error.message == "upstream went away"
    assert error.code is None


def test_empty_body_message_is_reason_phrase() -> None:
    error = ERRORS.for_response(response(404))
    assert error.body is None
    assert error.message == "Not Found"


def test_unknown_status_without_reason_phrase() -> None:
    error = ERRORS.for_response(response(599))
    assert error.message == "HTTP 599"


def test_invalid_utf8_body_does_not_crash() -> None:
    request = httpx.Request("GET", "https://api.example.com/")
    raw = httpx.Response(
        500, content=b"\xff\xfe\xfa", headers={"content-type": "application/json"}, request=request
    )
    error = ERRORS.for_response(raw)
    assert type(error) is DemoServerError
    assert error.status_code == 500


# --- str() ---------------------------------------------------------------------------------


def test_str_with_status_code_message_and_request_id() -> None:
    error = ERRORS.for_response(
        response(
            404,
            {"error": {"code": "not_found", "message": "no such task"}},
            **{"request-id": "r1"},
        )
    )
    assert str(error) == "404 not_found: no such task (request-id: r1)"


def test_str_variants() -> None:
    assert str(DemoError("just a message")) == "just a message"
    assert str(DemoError("m", status_code=500)) == "500: m"
    assert str(DemoError("m", code="c")) == "c: m"
    assert str(DemoError("m", request_id="r")) == "m (request-id: r)"
    assert str(ERRORS.for_response(response(400, {"message": "bad"}))) == "400: bad"


def test_str_never_includes_request_headers() -> None:
    request = httpx.Request(
        "GET", "https://api.example.com/", headers={"Authorization": "Bearer sk-secret"}
    )
    raw = httpx.Response(401, json={"message": "denied"}, request=request)
    error = ERRORS.for_response(raw)
    assert "sk-secret" not in str(error)
    assert "sk-secret" not in repr(error)
    assert "sk-secret" not in repr(error.headers)


def test_mixin_defaults() -> None:
    error = DemoError("m")
    assert error.message == "m"
    assert error.args == ("m",)
    assert (error.status_code, error.code, error.body, error.request_id, error.retry_after) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert error.headers == {}


# --- retry_after_seconds -------------------------------------------------------------------


def test_retry_after_seconds_forms() -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After": "3"})) == 3.0
    assert retry_after_seconds(httpx.Headers({"Retry-After": "1.5"})) == 1.5
    assert retry_after_seconds(httpx.Headers({"Retry-After": "-4"})) == 0.0
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "250"})) == 0.25
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "20", "Retry-After": "9"})) == 0.02
    # An unparsable ms value falls back to Retry-After.
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "x", "Retry-After": "9"})) == 9.0
    assert retry_after_seconds(httpx.Headers({"Retry-After": "soon"})) is None
    assert retry_after_seconds(httpx.Headers({})) is None


def test_retry_after_http_date() -> None:
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    seconds = retry_after_seconds(httpx.Headers({"Retry-After": future}))
    assert seconds is not None and 27.0 <= seconds <= 31.0
    past = email.utils.formatdate(time.time() - 300, usegmt=True)
    assert retry_after_seconds(httpx.Headers({"Retry-After": past})) == 0.0


@pytest.mark.parametrize("header", ["Retry-After", "retry-after-ms"])
@pytest.mark.parametrize("value", ["nan", "NaN", "-nan"])
def test_retry_after_not_a_number_is_ignored(header: str, value: str) -> None:
    # float("nan") parses, but a NaN delay would make time.sleep()/anyio.sleep() raise.
    assert retry_after_seconds(httpx.Headers({header: value})) is None
