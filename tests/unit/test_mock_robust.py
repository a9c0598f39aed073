"""The mock never crashes: a failure inside a request handler is an answer in the platform's
error shape and a log line; oversized heads answer 431; 405 carries ``Allow``."""

from __future__ import annotations

import importlib
import logging
from typing import Any

import httpx
import pytest

from tests.support.packages import import_generated


def mock(name: str, **options: Any) -> Any:
    import_generated(name)
    routes = importlib.import_module(f"{name}._mock_routes").ROUTES
    return importlib.import_module(f"{name}._mock").MockAPI(routes, **options)


class Broken:
    """Platform rules whose every hook fails, as a bug in a rules file would."""

    def check(self, api: Any, call: Any) -> None:
        raise RuntimeError("secret-ish internal detail")


def test_a_failing_handler_answers_the_error_shape_and_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    api = mock("openspawn")
    api.rules = Broken()
    with caplog.at_level(logging.ERROR):
        response = api.handle(httpx.Request("GET", "http://mock/v1/agents"))
    body = response.json()
    assert response.status_code == 500 and body["code"] and body["statusCode"] == 500
    assert "secret-ish" not in response.text  # the traceback goes to the log, not the client
    assert any("GET /v1/agents failed" in r.getMessage() and r.exc_info for r in caplog.records)


@pytest.mark.parametrize("name", ["codevf", "flowmaestro", "openspawn", "taskforceai"])
def test_raw_requests_that_are_not_requests_answer_400(name: str) -> None:
    api = mock(name)
    response = api.handle_raw("GET", b"/x y\x00", b"", [(b"host", b"mock")], b"")
    assert response.status_code in (400, 404)
    assert response.headers["content-type"] == "application/json"


def test_oversized_head_and_405() -> None:
    api = mock("codevf")
    big = api.handle(httpx.Request("GET", "http://mock/tasks", headers={"x-a": "a" * 9000}))
    assert big.status_code == 431 and big.json()["error"]["code"]
    many = {f"x-h{i}": "a" * 1000 for i in range(40)}
    assert api.handle(httpx.Request("GET", "http://mock/tasks", headers=many)).status_code == 431
    wrong = api.handle(httpx.Request("DELETE", "http://mock/tasks/create"))
    assert wrong.status_code == 405 and "POST" in wrong.headers["allow"]
