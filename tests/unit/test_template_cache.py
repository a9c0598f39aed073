"""Compiled templates kept between runs (render._bytecode_cache): used, never stale, optional."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "golden" / "minimal30" / "spec.yaml"


def generate(out: Path, cache: str, templates: Path | None = None) -> str:
    """``generate`` in a fresh interpreter (the environment is built once per process)."""
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(SPEC), "-o", str(out)]
    command += ["--templates", str(templates)] if templates else []
    env = {**os.environ, "SDKGEN_CACHE_DIR": cache, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return next(out.glob("src/*/__init__.py")).read_text(encoding="utf-8")


def entries(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in cache.rglob("*.cache")}


def test_compiled_once_then_read_back(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = generate(tmp_path / "a", str(cache))
    written = entries(cache)
    assert len(written) >= 10  # every template the package renders
    assert generate(tmp_path / "b", str(cache)) == first
    assert entries(cache) == written  # read, not compiled and written again


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    cache, custom = tmp_path / "cache", tmp_path / "templates"
    custom.mkdir()
    init = (ROOT / "templates" / "package_init.py.j2").read_text(encoding="utf-8")
    (custom / "package_init.py.j2").write_text(init + "FIRST = 1\n", encoding="utf-8")
    assert "FIRST = 1" in generate(tmp_path / "a", str(cache), custom)
    (custom / "package_init.py.j2").write_text(init + "SECOND = 2\n", encoding="utf-8")
    again = generate(tmp_path / "b", str(cache), custom)
    assert "SECOND = 2" in again and "FIRST" not in again
    assert "FIRST" not in generate(tmp_path / "c", str(cache))  # the built-in one, unchanged


@pytest.mark.parametrize("setting", ["", "unwritable"])
def test_no_cache_when_turned_off_or_impossible(tmp_path: Path, setting: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n", encoding="utf-8")
    cache = "" if setting == "" else str(blocker / "cache")  # under a file: can't be made
    assert "__all__" in generate(tmp_path / "out", cache)
    assert list(tmp_path.rglob("*.cache")) == []


def test_where_the_cache_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    from generator.render import _bytecode_cache

    def directory() -> Path | None:
        cache = _bytecode_cache(jinja2.Environment())
        return None if cache is None else Path(cache.directory)

    monkeypatch.delenv("SDKGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    found = directory()
    assert found is not None and found.parent == tmp_path / "xdg" / "sdkgen"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec ignores it
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    found = directory()
    assert found is not None and found.parent == tmp_path / "home" / ".cache" / "sdkgen"

    def no_home(cls: type) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", classmethod(no_home))
    monkeypatch.chdir(tmp_path)
    assert directory() is None
    assert not (tmp_path / "~").exists() and not (tmp_path / "relative").exists()
