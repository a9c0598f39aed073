"""Fault injection of the mock server, each against a real server on 127.0.0.1 (bounded).

The fault draws are seeded, so each run sees the same sequence of faults.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support.mock_server import created_count, mock_server

AUTH = {"authorization": "Bearer sk_test_faults"}
PROMPT = "Refactor this script to use vectorized operations."


def task(key: str) -> dict[str, object]:
    return {"prompt": PROMPT, "maxCredits": 5, "projectId": 123, "idempotencyKey": key}


@pytest.mark.parametrize("status", ["429", "500", "503"])
def test_fault_status_in_the_platform_error_schema(status: str) -> None:
    args = ("--fault-rate", "1", "--fault-status", status, "--retry-after", "2")
    with mock_server("codevf", *args) as base_url, httpx.Client() as http:
        response = http.get(f"{base_url}/credits/balance", headers=AUTH)
    assert response.status_code == int(status) and response.headers["Retry-After"] == "2"
    error = response.json()["error"]
    assert (error["code"], error["status"], error["retryable"]) == (
        "injected_fault",
        int(status),
        True,
    )


def test_latency_and_slow_answers_outlast_a_short_client_timeout() -> None:
    for args in (("--latency", "2"), ("--slow-rate", "1", "--slow-seconds", "2")):
        with (
            mock_server("codevf", *args) as base_url,
            httpx.Client(timeout=0.2) as http,
            pytest.raises(httpx.ReadTimeout),
        ):
            http.get(f"{base_url}/credits/balance", headers=AUTH)


def test_dropped_connections_before_and_after_the_mock_acts() -> None:
    attempts = 12
    for flag, acted in (("--drop-before", False), ("--drop-after", True)):
        with mock_server("codevf", flag, "0.5", "--seed", "7") as base_url, httpx.Client() as http:
            dropped = 0
            for _ in range(attempts):
                try:
                    response = http.post(f"{base_url}/tasks/create", json=task(str(uuid.uuid4())),
                                         headers=AUTH)  # fmt: skip
                    assert response.status_code == 201, response.text
                except httpx.RemoteProtocolError:
                    dropped += 1
            assert 0 < dropped < attempts
            created = created_count(base_url)
        # Reset before acting: nothing happened. Reset after acting: the task exists anyway.
        assert created == (attempts if acted else attempts - dropped)


# SDK creates under mixed faults, on every platform: tests/reliability/test_faults.py.
