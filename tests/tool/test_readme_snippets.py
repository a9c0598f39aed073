"""Every Python snippet of every generated README runs, in mock mode.

The README's "Try it" block builds the client with ``mock_mode=True``; each later block runs
with that client (the "Construct" block builds a real one, which sends nothing, and is run
for its syntax and names before the mock client is put back).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = sorted(p for p in (ROOT / "generated").iterdir() if (p / "README.md").is_file())
BLOCK = re.compile(r"```python\n(.*?)```", re.S)

RUNNER = """
import sys, traceback
blocks = {blocks!r}
namespace = {{}}
exec(blocks[0], namespace)  # the mock-mode client
mock = namespace["client"]
failed = 0
for index, block in enumerate(blocks[1:], 1):
    scope = dict(namespace)
    try:
        exec(block, scope)
    except Exception:
        failed += 1
        print(f"--- block {{index}}:\\n{{block}}", file=sys.stderr)
        traceback.print_exc()
    namespace["client"] = mock
sys.exit(1 if failed else 0)
"""


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_every_readme_snippet_runs_in_mock_mode(package: Path) -> None:
    blocks = BLOCK.findall((package / "README.md").read_text(encoding="utf-8"))
    assert "mock_mode=True" in blocks[0]
    assert len(blocks) > 3
    done = subprocess.run(
        [sys.executable, "-c", RUNNER.format(blocks=blocks)],
        env={"PYTHONPATH": str(package / "src"), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-6000:]
