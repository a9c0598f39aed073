"""The typing tests: tests/typing/*.py pass `mypy --strict` against the generated packages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FILES = sorted((Path(__file__).parent / "typing").glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_public_api_types(path: Path, tmp_path: Path) -> None:
    sources = os.pathsep.join(str(p) for p in sorted((ROOT / "generated").glob("*/src")))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--warn-unused-ignores",
            "--python-version",
            "3.10",
            "--cache-dir",
            os.devnull,
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": sources},
    )
    assert result.returncode == 0, result.stdout + result.stderr
