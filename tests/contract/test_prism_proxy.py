"""Stoplight Prism in proxy mode in front of each mock server validates every request and answer
of every seed example (an independent validator between the clients and the mock).

Prism logs each violation it sees. Allowed, each for a stated reason:

- ``must match format "uuid"``: the seeds' placeholder ids (``agent-123``, ``task-123``) where
  OpenSpawn's spec says uuid, in requests and in the answers about those ids.

The event streams are described with OpenAPI 3.2's ``itemSchema``, so Prism holds their answers
to the spec as well.

Every request must match a route of the spec (else Prism validates nothing and says so).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.live import prism_binary
from tests.support.mock_server import ROOT, free_port, mock_server

from .seed_blocks import SEEDS

PLATFORMS = {"000": "taskforceai", "001": "codevf", "003": "openspawn", "004": "flowmaestro"}
PRELUDE = {"codevf": "from codevf import CodeVFClient\nclient = CodeVFClient()\n"}
SEED_FILES = sorted(p for p in SEEDS.glob("0*.txt") if p.name[:3] in PLATFORMS)
PLACEHOLDER = 'must match format "uuid"'


def violations(log: str) -> list[str]:
    """Prism's violations in ``log`` that no stated reason allows, each with its request."""
    current = ""
    left = []
    for line in log.splitlines():
        received = re.search(r"\[HTTP SERVER\] (\w+) (\S+) .*Request received", line)
        if received:
            current = f"{received.group(1).upper()} {received.group(2)}"
            continue
        if "Violation:" not in line:
            continue
        text = line.split("Violation:", 1)[1].strip()
        if PLACEHOLDER in text:
            continue
        left.append(f"{current}: {text}")
    return left


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_prism_proxy_finds_no_violation_in_the_seed_examples(seed: Path, tmp_path: Path) -> None:
    name = PLATFORMS[seed.name[:3]]
    log = tmp_path / "prism.log"
    with mock_server(name) as base_url, log.open("w") as out:
        port = free_port()
        upstream = base_url.replace("localhost", "127.0.0.1")
        spec = ROOT / "specs" / name / "openapi.yaml"
        prism = subprocess.Popen(
            [str(prism_binary()), "proxy", "-h", "127.0.0.1", "-p", str(port), str(spec),
             upstream],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
        try:
            for _ in range(1200):  # bounded: Prism takes seconds to start on a busy machine
                if "Prism is listening" in log.read_text() or prism.poll() is not None:
                    break
                time.sleep(0.1)
            # Prism matches the spec's paths at its root and forwards them under the mock's base.
            url = f"http://127.0.0.1:{port}"
            env = {**os.environ, "CODEVF_API_KEY": "sk_test_seed", "PYTHONPATH": os.pathsep.join(
                str(p) for p in sorted((ROOT / "generated").glob("*/src")))}  # fmt: skip
            env[f"{name.upper()}_BASE_URL"] = url
            runner = Path(__file__).parent / "run_seed.py"
            command = [sys.executable, str(runner), str(seed), url, PRELUDE.get(name, "")]
            result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        finally:
            prism.terminate()
            prism.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    statuses = [json.loads(line)["status"] for line in result.stdout.splitlines()]
    assert statuses and set(statuses) == {"ok"}, result.stdout[-2000:]
    text = log.read_text()
    assert "Request received" in text and "Selected route not found" not in text
    left = violations(text)
    assert not left, "\n".join(left[:20])


def test_only_the_stated_reasons_pass() -> None:
    log = "\n".join([
        "[HTTP SERVER] get /v1/agents/agent-123 \u2139  info      Request received",
        '    [VALIDATOR] ✖  error     Violation: request.path.agentid must match format "uuid"',
        "[HTTP SERVER] get /v1/executions/exec_1/stream \u2139  info      Request received",
        "    [VALIDATOR] ✖  error     Violation: response.body Response body must be object",
        "[HTTP SERVER] get /v1/workflows/wf_1 \u2139  info      Request received",
        "    [VALIDATOR] ✖  error     Violation: response.body.data must have required property",
    ])  # fmt: skip
    left = violations(log)
    assert left == [
        "GET /v1/executions/exec_1/stream: response.body Response body must be object",
        "GET /v1/workflows/wf_1: response.body.data must have required property",
    ]
