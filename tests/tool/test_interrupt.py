"""Ctrl-C during ``generate``: exit 130 with one line and no traceback, and the output as it was
before the run (nothing half-written, no staging directory left behind), whichever stage the
interrupt lands in. The child's stderr is a pty, so its progress lines say which stage it is
in, and SIGINT is sent when the stage named starts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.support.cli import large_spec, run_on_pty

TAGS = 400


def _snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("stage", ["building the model", "rendering", "staging"])
def test_ctrl_c_leaves_the_previous_output_intact(stage: str, tmp_path: Path) -> None:
    spec = large_spec(tmp_path / "api.yaml", TAGS)
    code, _ = run_on_pty(["generate", str(spec), "-o", "sdk"], tmp_path)
    assert code == 0
    (tmp_path / "sdk" / "NOTES.md").write_text("mine\n", encoding="utf-8")
    before = _snapshot(tmp_path / "sdk")
    large_spec(spec, TAGS, title="Large renamed")  # every file would change
    code, shown = run_on_pty(["generate", str(spec), "-o", "sdk"], tmp_path, interrupt_after=stage)
    assert code == 130, shown
    assert "Traceback" not in shown and "interrupted" in shown
    assert _snapshot(tmp_path / "sdk") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api.yaml", "sdk"]


def test_ctrl_c_on_a_first_run_leaves_nothing(tmp_path: Path) -> None:
    spec = large_spec(tmp_path / "api.yaml", TAGS)
    code, shown = run_on_pty(
        ["generate", str(spec), "-o", "sdk"], tmp_path, interrupt_after="staging"
    )
    assert code == 130, shown
    assert "Traceback" not in shown
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api.yaml"]
