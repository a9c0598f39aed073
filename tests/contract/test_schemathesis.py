"""Schemathesis against each platform's mock server over HTTP: its default phases (examples,
coverage, fuzzing, stateful; valid and invalid requests), every check, 0 failures.

The server runs ``--strict`` (unknown ids answer 404 and ``format`` is asserted, as the API
does). Every check is enabled by name in a ``schemathesis.toml`` written for the run (the same
set as ``--checks all``, which would override per-operation settings), ``ignored_auth``
included: the mock tells valid from invalid credentials by the test-key convention (README,
"The mock"). Example counts are bounded (``--max-examples 10``) so the four runs take a few
minutes together.

Left out, each for a stated reason, and only where it applies (the event streams are described
with OpenAPI 3.2's ``itemSchema`` and checked in full, responses included):

- CodeVF's ``positive_data_acceptance`` on ``createTask``: the platform's documented rules
  reject requests its schema alone allows (an unknown ``projectId``, an inactive tag, a binary
  attachment whose ``content`` is not base64, more credits than the account holds), and the
  mock applies them (``specs/codevf/lib/mock_rules.py``; each tested in
  ``tests/unit/test_mock.py``).
- OpenSpawn's ``positive_data_acceptance`` on its operations with ``x-sdk-idempotency``:
  schemathesis draws the ``Idempotency-Key`` header from a small pool, so it sends one key with
  different bodies, which OpenSpawn documents as ``422 IDEMPOTENCY_KEY_REUSED`` (tested in
  ``tests/unit/test_mock.py``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.support.mock_server import ROOT, mock_server

CHECKS = [
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
    "positive_data_acceptance", "missing_required_header", "unsupported_method",
    "allow_header_conformance", "use_after_free", "ensure_resource_availability", "ignored_auth",
    "object_level_authorization",
]  # fmt: skip
# platform -> operations whose documented business rules refuse schema-valid requests
BUSINESS_RULES: dict[str, list[str]] = {"codevf": ["createTask"]}
HEADERS = {
    "codevf": "Authorization: Bearer sk_test_contract",
    "flowmaestro": "Authorization: Bearer fm_live_contract",
    "openspawn": "Authorization: Bearer os_contract",
    "taskforceai": "x-api-key: contract",
}


def operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in (doc.get("paths") or {}).values() for op in item.values()
            if isinstance(op, dict) and "responses" in op]  # fmt: skip


def config(name: str) -> str:
    """The run's ``schemathesis.toml``: every check on, the exclusions above per operation."""
    doc = yaml.safe_load((ROOT / "specs" / name / "openapi.yaml").read_text(encoding="utf-8"))
    lines = ["[checks]", *(f"{check}.enabled = true" for check in CHECKS)]
    excluded: dict[str, list[str]] = {}
    rules = BUSINESS_RULES.get(name, [])
    if name == "openspawn":
        rules = [str(op["operationId"]) for op in operations(doc) if op.get("x-sdk-idempotency")]
    for op in rules:
        excluded.setdefault(op, []).append("positive_data_acceptance")
    for op, checks in sorted(excluded.items()):
        lines += ["", "[[operations]]", f'include-operation-id = "{op}"']
        lines += [f"checks.{check}.enabled = false" for check in checks]
    return "\n".join(lines) + "\n"


def schemathesis(name: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    spec = str(ROOT / "specs" / name / "openapi.yaml")
    # Run from a scratch directory: schemathesis reads its config and keeps a cache there.
    (tmp_path / "schemathesis.toml").write_text(config(name), encoding="utf-8")
    with mock_server(name, "--strict") as base_url:
        command = [
            sys.executable, "-m", "schemathesis.cli", "run", spec,
            "--url", base_url.replace("localhost", "127.0.0.1"), "--max-examples", "10",
            "--generation-deterministic", "--header", HEADERS[name], "--no-color",
            "--request-timeout", "10",
        ]  # fmt: skip
        return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_schemathesis_default_phases_find_no_failure(name: str, tmp_path: Path) -> None:
    result = schemathesis(name, tmp_path)
    output = result.stdout
    assert result.returncode == 0, output[-6000:] + result.stderr[-2000:]
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅  {phase}" in output or f"✅ {phase}" in output, (phase, output[-3000:])
    assert "failed" not in output.split("SUMMARY")[-1]


def test_config_names_every_exclusion() -> None:
    text = config("taskforceai")
    assert "ignored_auth.enabled = true" in text and text.count("enabled = true") == len(CHECKS)
    assert "[[operations]]" not in text  # its stream is an itemSchema: nothing left out
    openspawn = config("openspawn")
    assert 'include-operation-id = "createTask"' in openspawn


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
