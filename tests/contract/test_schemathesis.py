"""Schemathesis against each platform's mock server over HTTP: 0 failures, bounded.

Positive mode (valid requests) runs every check, ``ignored_auth`` included: the mock tells valid
from invalid credentials by the test-key convention (README, "Mock"): a key containing
``invalid`` (schemathesis probes with ``SCHEMATHESIS-INVALID-VALUE``) or none at all is refused.
Negative mode (invalid requests), against the ``--strict`` mock (which also asserts ``format``),
checks that the mock never fails (no 5xx), rejects what the spec forbids, and answers in the
platform's error schema with a documented status.

Left out, each for a stated reason: the server-sent-event operations, because these specs
document the JSON ``data`` of one event as the ``text/event-stream`` schema (see the README)
while schemathesis reads it as the event envelope (OpenAPI 3.2's ``itemSchema`` view). In
both modes, CodeVF's ``positive_data_acceptance``: the platform's documented rules reject
requests its schema alone allows (an unknown ``projectId``, an inactive tag, a binary attachment
whose ``content`` is not base64, more credits than the account holds), and the mock applies them
(``specs/codevf/lib/mock_rules.py``; each is tested in ``tests/unit/test_mock.py``); and
OpenSpawn's: schemathesis generates the ``Idempotency-Key`` header from a small pool, so it
sends one key with different bodies, which OpenSpawn documents as ``422
IDEMPOTENCY_KEY_REUSED`` (tested in ``tests/unit/test_mock.py``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.mock_server import ROOT, mock_server

BUSINESS_RULES = {"codevf": ["positive_data_acceptance"], "openspawn": ["positive_data_acceptance"]}
# Operations with nothing to make invalid (no parameters, no body): schemathesis reports a
# schema error for them in negative mode instead of skipping them.
NOTHING_TO_BREAK = {"openspawn": ["listAgents", "getCreditBalance"]}
PLATFORMS = {
    "codevf": ("Authorization: Bearer sk_test_contract", []),
    "flowmaestro": (
        "Authorization: Bearer fm_live_contract",
        ["streamExecution", "sendMessageStream"],
    ),
    "openspawn": ("Authorization: Bearer os_contract", []),
    "taskforceai": ("x-api-key: contract", ["streamTaskEvents"]),
}


def schemathesis(
    name: str, tmp_path: Path, *extra: str, server: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    header, sse_operations = PLATFORMS[name]
    spec = str(ROOT / "specs" / name / "openapi.yaml")
    with mock_server(name, *server) as base_url:
        command = [
            sys.executable, "-m", "schemathesis.cli", "run", spec,
            "--url", base_url.replace("localhost", "127.0.0.1"), "--max-examples", "10",
            "--generation-deterministic", "--header", header, "--no-color",
            "--request-timeout", "10", *extra,
        ]  # fmt: skip
        for operation in sse_operations:
            command += ["--exclude-operation-id", operation]
        # Run from a scratch directory: schemathesis keeps a cache folder in its working directory.
        return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)


def assert_passed(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout.split("SUMMARY")[-1]


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_schemathesis_positive_finds_no_failure(name: str, tmp_path: Path) -> None:
    args = ["--mode", "positive", "--phases", "examples,fuzzing"]
    for check in BUSINESS_RULES.get(name, []):
        args += ["--exclude-checks", check]
    assert_passed(schemathesis(name, tmp_path, *args))


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_schemathesis_negative_finds_no_failure(name: str, tmp_path: Path) -> None:
    # Negative generation filters many candidates on small operations: not the mock's concern.
    args = [
        "--mode",
        "negative",
        "--phases",
        "fuzzing",
        "--suppress-health-check",
        "filter_too_much",
    ]
    for check in BUSINESS_RULES.get(name, []):
        args += ["--exclude-checks", check]
    for operation in NOTHING_TO_BREAK.get(name, []):
        args += ["--exclude-operation-id", operation]
    assert_passed(schemathesis(name, tmp_path, *args, server=("--strict",)))


GARBAGE = [
    (b"{not json", "application/json"),
    (b'{"prompt": "' + b"x" * 2_000_000 + b'"}', "application/json"),
    (bytes(range(256)) * 64, "application/octet-stream"),
    (b"prompt=hi", "application/x-www-form-urlencoded"),
    (b"", "application/json"),
]
CREATES = {
    "codevf": ("/tasks/create", "Bearer sk_test_garbage", "authorization"),
    "flowmaestro": ("/v1/webhooks", "Bearer fm_live_garbage", "authorization"),
    "openspawn": ("/v1/tasks", "Bearer os_garbage", "authorization"),
    "taskforceai": ("/run", "garbage", "x-api-key"),
}


@pytest.mark.parametrize("name", sorted(CREATES))
def test_garbage_bodies_get_the_platform_error_schema(name: str) -> None:
    path, key, header = CREATES[name]
    with mock_server(name) as base_url, httpx.Client(timeout=30) as http:
        answers = [
            http.post(base_url + path, content=content,
                      headers={header: key, "content-type": content_type})
            for content, content_type in GARBAGE
        ]  # fmt: skip
    for response in answers:
        assert 400 <= response.status_code < 500, response.text[:300]
        body = response.json()
        code = body["code"] if name == "openspawn" else body["error"]["code"]
        assert isinstance(code, str) and code
        if name == "openspawn":
            assert body["statusCode"] == response.status_code and body["requestId"]
