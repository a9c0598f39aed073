"""Progress on a terminal: a spec with hundreds of operations, generated with stderr on a pty,
reports each stage and counts the long ones (``rendering N/M modules``) in place; the same run
with stderr on a pipe prints no progress at all."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support.cli import ROOT, large_spec, run_on_pty

TAGS = 120  # one resource module per tag, one model module per schema: 240 counted modules


def _generate(tmp_path: Path, out: str, stderr_on_pty: bool) -> tuple[int, str]:
    spec = tmp_path / "large.yaml"
    if not spec.exists():
        large_spec(spec, TAGS)
    args = ["generate", str(spec), "-o", str(tmp_path / out)]
    if stderr_on_pty:
        return run_on_pty(args, tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "generator", *args]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600)
    return done.returncode, done.stderr


def test_progress_on_a_terminal_counts_the_long_stages(tmp_path: Path) -> None:
    code, shown = _generate(tmp_path, "sdk", stderr_on_pty=True)
    assert code == 0, shown
    lines = shown.replace("\r\n", "\n").split("\n")
    stages = [re.sub(r"^.*\r", "", line) for line in lines]  # what the terminal finally shows
    stamped = [s for s in stages if re.match(r"\[\s*\d+\.\d+s\] ", s)]
    text = "\n".join(stamped)
    for stage in ("loading and validating", "building the model", "rendering"):
        assert stage in text, shown
    total = TAGS * 2
    assert f"rendering {total}/{total} modules" in text, shown
    assert re.search(r"staging (\d+)/\1 files", text), shown
    assert "formatting" in text and "moving" in text, shown
    assert "\r" in shown  # counted stages are redrawn in place, not one line per module
    assert len(stamped) < 40, shown


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    code, err = _generate(tmp_path, "sdk", stderr_on_pty=False)
    assert code == 0, err
    assert "rendering" not in err and "\r" not in err and not re.search(r"\[\s*\d", err)
