"""``sdkgen generate SPEC -o DIR --tests``: the generated smoke suite (every operation in mock
mode, sync and async) passes when pytest runs it in the SDK's directory, for the four specs,
the golden specs and a spec without a single example; without ``--tests`` no tests/ appear."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted(ROOT.glob("specs/*/openapi.yaml")) + sorted(ROOT.glob("tests/golden/*/spec.yaml"))
PETSTORE = Path(__file__).parent / "petstore.yaml"  # no examples in its responses, no servers


def _generate(spec: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), *extra]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.parametrize("spec", [*SPECS, PETSTORE], ids=lambda p: p.parent.name or p.stem)
def test_generated_smoke_suite_passes(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    done = _generate(spec, out, "--tests")
    assert done.returncode == 0, done.stderr
    (module,) = (out / "tests").glob("test_*_smoke.py")
    calls = re.findall(r"^    [\"']([\w.]+)[\"']: lambda client:", module.read_text(), re.M)
    assert calls, module.read_text()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST"))}
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=out, capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-8000:] + ran.stderr[-2000:]
    # every operation, twice (sync and async), each webhook's sample once, and nothing skipped
    webhooks = re.findall(r"^    [\"'](\w+)[\"']: \(", module.read_text(), re.M)
    expected = 2 * len(calls) + len(webhooks)
    assert re.search(rf"\b{expected} passed\b", ran.stdout), ran.stdout[-2000:]
    assert "skipped" not in ran.stdout
    # The generated tests pass the package's own ruff rules (its pyproject.toml) as its code does.
    ruff = Path(sys.executable).parent / "ruff"
    linted = subprocess.run([str(ruff), "check", "tests"], cwd=out, capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout


def test_generated_tests_type_check_strictly(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    assert _generate(ROOT / "specs" / "codevf" / "openapi.yaml", out, "--tests").returncode == 0
    env = {**os.environ, "MYPYPATH": str(out / "src")}
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "tests"],
        cwd=out, capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout


def test_tests_are_opt_in_and_checked_like_the_rest(tmp_path: Path) -> None:
    plain = _generate(PETSTORE, tmp_path / "plain")
    assert plain.returncode == 0 and not (tmp_path / "plain" / "tests").exists()
    with_tests = _generate(PETSTORE, tmp_path / "sdk", "--tests")
    assert with_tests.returncode == 0, with_tests.stderr
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    check = [sys.executable, "-m", "generator", "check", str(PETSTORE), "-o", str(tmp_path / "sdk")]
    assert subprocess.run([*check, "--tests"], env=env, capture_output=True).returncode == 0
    stale = subprocess.run(check, env=env, capture_output=True, text=True)  # tests/ now extra
    assert stale.returncode == 1 and "tests/" in stale.stderr
    # Dropping the option removes the tests it wrote, and nothing else.
    (tmp_path / "sdk" / "tests" / "test_mine.py").write_text("def test_x() -> None: ...\n")
    again = _generate(PETSTORE, tmp_path / "sdk")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in (tmp_path / "sdk" / "tests").iterdir()) == ["test_mine.py"]
