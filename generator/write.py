"""Writing a rendered package: into a temporary directory, formatted, then swapped into place.

Nothing is written outside the target directory whatever the spec contains: every relative path
is checked before it is joined, and the target is replaced whole, so a failed run leaves the
previous tree untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .render import format_tree

__all__ = ["UnsafePathError", "materialise", "write_package"]


class UnsafePathError(ValueError):
    """A rendered file would land outside the package directory."""


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name or "\0" in name:
        raise UnsafePathError(f"refusing to write {name!r} outside the package directory")
    return path


def materialise(files: Mapping[str, str], root: Path) -> None:
    """Write ``files`` (relative path -> text) under ``root`` and format them."""
    made: set[Path] = set()  # thousands of files share a handful of directories
    for name in sorted(files):
        target = root.joinpath(*_safe_relative(name).parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(files[name].encode("utf-8"))
    format_tree(root)


def _is_replaceable(target: Path) -> bool:
    """Whether ``target`` may be replaced whole: never a repository, the working directory or
    one of its parents, or the home directory (a mistyped ``--output .`` must not delete them)."""
    if not target.exists() or not any(target.iterdir()):
        return True
    cwd = Path.cwd().resolve()
    return not (
        (target / ".git").exists()
        or target == cwd
        or target in cwd.parents
        or target == Path.home().resolve()
    )


def write_package(files: Mapping[str, str], target: Path) -> None:
    """Replace ``target`` with a directory holding exactly ``files``, formatted.

    Refuses (``UnsafePathError``) to replace a repository, the working directory or its parents,
    or the home directory.
    """
    target = target.resolve()
    if not _is_replaceable(target):
        raise UnsafePathError(
            f"refusing to replace {target}: it holds a repository or the working directory"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        materialise(files, staging)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old / "tree")
            os.replace(staging, target)
            shutil.rmtree(old)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
