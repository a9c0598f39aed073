"""Spec pairs derived from oasdiff's checker tests, read from a local mirror of its repository
at test time (nothing of it is committed here): the reference for measuring ``generator diff``.

A pair is a test function that opens two different files of ``data/checker`` and changes
nothing in code between loading and diffing; its label is the most severe level oasdiff's
rule table gives the change ids the test expects (``ERR`` -> breaking), or "none" when the test
expects no change. Set ``OASDIFF_REPO`` to a git directory of github.com/oasdiff/oasdiff.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Optional

import attrs
import yaml

from generator.errors import SpecError
from generator.load import Spec, load_spec

__all__ = ["Pair", "derive_pairs", "find_repo", "lenient_spec", "read_file"]

_DEFAULT = Path("/work/.mirror/oasdiff+oasdiff/repo")
_LABEL = {"ERR": "breaking", "WARN": "warning", "INFO": "info"}


@attrs.frozen
class Pair:
    base: str  # path inside the repository
    revision: str
    label: str  # breaking, warning, info or none
    tests: tuple[str, ...]
    ids: tuple[str, ...]


def find_repo() -> Optional[Path]:
    path = Path(os.environ.get("OASDIFF_REPO") or _DEFAULT)
    return path if (path / "HEAD").exists() or (path / ".git").exists() else None


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={_git_dir(repo)}", *args], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def _git_dir(repo: Path) -> Path:
    return repo / ".git" if (repo / ".git").exists() else repo


def read_file(repo: Path, path: str) -> str:
    return _git(repo, "show", f"HEAD:{path}")


def derive_pairs(repo: Path) -> list[Pair]:
    files = _git(repo, "ls-tree", "-r", "--name-only", "HEAD", "checker").split()
    sources = {f: read_file(repo, f) for f in files if f.endswith(".go")}
    constants: dict[str, str] = {}
    levels: dict[str, str] = {}
    for text in sources.values():
        constants.update(re.findall(r'(\w+Id)\s*=\s*"([a-z0-9-]+)"', text))
        levels.update(re.findall(r"newBackwardCompatibilityRule\((\w+), (ERR|WARN|INFO)", text))
    found: dict[tuple[str, str], list[tuple[str, set[str], list[str]]]] = {}
    for name, text in sorted(sources.items()):
        if not name.endswith("_test.go"):
            continue
        for match in re.finditer(r"\nfunc (Test\w+)\(t \*testing\.T\) \{(.*?)\n\}", text, re.S):
            test, body = match.groups()
            opened = re.findall(r'open\w*\((?:t, )?"\.\./(data/checker/[\w.-]+\.ya?ml)"', body)
            if len(opened) != 2 or opened[0] == opened[1]:
                continue
            if re.search(r"\bs[12]\.[\w.()\"/\[\]]*\s*=[^=]", body) or "delete(" in body:
                continue  # the test edits a loaded spec: the files alone are not the case
            ids = re.findall(r"checker\.(\w+Id)\b", body)
            expects_none = "require.Empty" in body or "require.Len(t, errs, 0)" in body
            if not ids and not expects_none:
                continue
            found.setdefault((opened[0], opened[1]), []).append(
                (
                    test,
                    {_LABEL[levels[i]] for i in ids if i in levels},
                    [constants.get(i, i) for i in ids],
                )
            )
    pairs = []
    for (base, revision), tests in sorted(found.items()):
        seen = set().union(*(t[1] for t in tests))
        label = next((lv for lv in ("breaking", "warning", "info") if lv in seen), "none")
        ids = tuple(sorted({i for t in tests for i in t[2]}))
        pairs.append(Pair(base, revision, label, tuple(t[0] for t in tests), ids))
    return pairs


def lenient_spec(path: Path) -> Spec:
    """A spec loaded without validation: many of oasdiff's test files are not valid OpenAPI
    (no ``responses``, an undeclared path parameter), and the diff needs only the document."""
    try:
        return load_spec(path)
    except SpecError:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        version = "3.1" if str(document.get("openapi", "")).startswith("3.1") else "3.0"
        return Spec(path, str(path), document, "", version)
