"""Every Python code block of the seed documents runs unchanged against the mock servers.

Each seed runs in its own interpreter (``run_seed.py``) the way a reader runs it; only base URLs
are supplied, through ``NAME_BASE_URL`` and, where a block passes ``base_url=`` itself, that
string. CodeVF's first fragment uses the ``client`` that the seed's set-up text creates with
``client = CodeVFClient()`` after exporting ``CODEVF_API_KEY`` (a block fenced as bash), so that
line is the prelude there.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mock_server import ROOT, mock_server

from .seed_blocks import SEEDS, python_blocks

PLATFORMS = {"000": "taskforceai", "001": "codevf", "003": "openspawn", "004": "flowmaestro"}
PRELUDE = {"codevf": "from codevf import CodeVFClient\nclient = CodeVFClient()\n"}
SEED_FILES = sorted(p for p in SEEDS.glob("0*.txt") if p.name[:3] in PLATFORMS)
MOCK_SENTENCE = "This is a mock response. Configure your API key to get real results."


def test_every_platform_seed_is_found() -> None:
    # The seeds sit beside the checkout (../shared/seeds); without them every example test below
    # would be parametrised over nothing and pass by running nothing.
    assert sorted(p.name[:3] for p in SEED_FILES) == sorted(PLATFORMS), f"no seeds in {SEEDS}"


@pytest.fixture(scope="module")
def base_urls() -> Iterator[dict[str, str]]:
    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(mock_server(name)) for name in PLATFORMS.values()}


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_every_python_block_runs_against_the_mock(seed: Path, base_urls: dict[str, str]) -> None:
    name = PLATFORMS[seed.name[:3]]
    env = {**os.environ, "CODEVF_API_KEY": "sk_test_seed", "PYTHONPATH": os.pathsep.join(
        str(p) for p in sorted((ROOT / "generated").glob("*/src")))}  # fmt: skip
    env.update({f"{platform.upper()}_BASE_URL": url for platform, url in base_urls.items()})
    runner = Path(__file__).parent / "run_seed.py"
    command = [sys.executable, str(runner), str(seed), base_urls[name], PRELUDE.get(name, "")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["block"] for line in lines] == [b.id for b in python_blocks(seed)]
    failures = [f"{line['block']}: {line['status']}" for line in lines if line["status"] != "ok"]
    assert not failures, "\n".join(failures)
    if name == "taskforceai":
        outputs = {line["block"]: line["output"] for line in lines}
        assert outputs["000:48"].strip() == MOCK_SENTENCE
