"""The hooks of ``.pre-commit-hooks.yaml`` run by pre-commit itself, in a throwaway git repo
whose ``.pre-commit-config.yaml`` takes them from a snapshot of this tree (a local git repo at
a commit, as a user's config names this repository at a tag). pre-commit builds the hook
environment the way it would in a user's CI (``language: python``: a virtualenv with this
repository pip-installed); that takes about a minute, once per module.

- sdkgen-check passes on a current SDK and fails on a stale one (the spec edited, the SDK not
  regenerated), naming the stale file;
- sdkgen-diff (``--base HEAD``) passes when nothing breaks and fails on a breaking change,
  naming its rule id; files that are not OpenAPI documents are skipped;
- the ``-system`` pair runs the ``sdkgen`` on PATH and builds no environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PETSTORE = Path(__file__).parent / "petstore.yaml"
# What `pip install .` of this repository needs (see pyproject.toml), and the hook list.
SOURCE = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "generator", "templates")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "SKIP": ""}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args], cwd=repo, env=env,
        capture_output=True, text=True, timeout=1200,
    )  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a user's repository with a current SDK and the hooks configured, PRE_COMMIT_HOME)."""
    base = tmp_path_factory.mktemp("precommit")
    source = base / "sdkgen-src"
    source.mkdir()
    for name in SOURCE:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(ROOT / name, source / name)
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "snapshot")
    rev = git(source, "rev-parse", "HEAD")

    repo = base / "user"
    repo.mkdir()
    (repo / "openapi.yaml").write_text(PETSTORE.read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "sdkgen.toml").write_text('[[sdk]]\nspec = "openapi.yaml"\noutput = "sdk"\n')
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n"
        "      - id: sdkgen-check\n"
        "      - id: sdkgen-diff\n        args: [--base, HEAD]\n"
    )
    (repo / "ci.yaml").write_text("jobs: {}\n")  # YAML, not OpenAPI: sdkgen-diff skips it
    generated = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "-q"], cwd=repo,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "api and sdk")
    return repo, base / "pre-commit-home"


def test_hooks_pass_on_a_current_sdk(project: tuple[Path, Path]) -> None:
    repo, home = project
    done = pre_commit(repo, home, "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sdkgen check" in done.stdout and "sdkgen diff" in done.stdout
    assert "Failed" not in done.stdout


def test_check_hook_fails_on_a_stale_sdk(project: tuple[Path, Path]) -> None:
    repo, home = project
    spec = repo / "openapi.yaml"
    before = spec.read_text(encoding="utf-8")
    spec.write_text(
        before.replace("title: Swagger Petstore", "title: Swagger Petstore\n  description: Pets.")
    )
    try:
        done = pre_commit(repo, home, "sdkgen-check", "--all-files")
    finally:
        spec.write_text(before, encoding="utf-8")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "README.md: stale" in done.stdout and "run `sdkgen generate`" in done.stdout


def test_diff_hook_fails_on_a_breaking_change_only(project: tuple[Path, Path]) -> None:
    repo, home = project
    spec = repo / "openapi.yaml"
    before = spec.read_text(encoding="utf-8")
    try:
        spec.write_text(before.replace("maximum: 100", "maximum: 200"), encoding="utf-8")
        safe = pre_commit(
            repo, home, "sdkgen-diff", "--verbose", "--files", "openapi.yaml", "ci.yaml"
        )
        spec.write_text(before.replace("maximum: 100", "maximum: 50"), encoding="utf-8")
        breaking = pre_commit(repo, home, "sdkgen-diff", "--files", "openapi.yaml", "ci.yaml")
    finally:
        spec.write_text(before, encoding="utf-8")
    assert safe.returncode == 0, safe.stdout + safe.stderr
    assert "0 breaking" in safe.stdout
    assert breaking.returncode == 1, breaking.stdout + breaking.stderr
    assert "request-parameter-max-decreased" in breaking.stdout
    assert "openapi.yaml against HEAD" in breaking.stdout and "ci.yaml" not in breaking.stdout


def test_system_hooks_use_the_sdkgen_on_path_without_an_index(
    project: tuple[Path, Path], tmp_path: Path
) -> None:
    """The ``-system`` variants run the ``sdkgen`` on PATH (here a shim running this tree): no
    hook environment, so nothing is fetched."""
    repo, _ = project
    shim = tmp_path / "bin" / "sdkgen"
    shim.parent.mkdir()
    shim.write_text(
        f'#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m generator "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    config = repo / ".pre-commit-config.yaml"
    before = config.read_text(encoding="utf-8")
    config.write_text(
        before.replace("id: sdkgen-check", "id: sdkgen-check-system").replace(
            "id: sdkgen-diff", "id: sdkgen-diff-system"
        ),
        encoding="utf-8",
    )
    spec = repo / "openapi.yaml"
    spec_text = spec.read_text(encoding="utf-8")
    home = tmp_path / "empty-home"  # no cached hook environments
    env_path = f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    try:
        os.environ["PATH"], saved = env_path, os.environ.get("PATH", "")
        current = pre_commit(repo, home, "--all-files")
        spec.write_text(spec_text.replace("maximum: 100", "maximum: 50"), encoding="utf-8")
        breaking = pre_commit(repo, home, "--all-files")
    finally:
        os.environ["PATH"] = saved
        config.write_text(before, encoding="utf-8")
        spec.write_text(spec_text, encoding="utf-8")
    assert current.returncode == 0, current.stdout + current.stderr
    assert breaking.returncode == 1, breaking.stdout + breaking.stderr
    assert "request-parameter-max-decreased" in breaking.stdout  # diff failed
    assert "README.md: stale" in breaking.stdout  # and check: the SDK was not regenerated
    assert list(home.glob("repo*"))  # the hook list was read from the clone ...
    assert not list(home.rglob("py_env-*"))  # ... and no environment was built
