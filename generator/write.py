"""Writing a rendered package into an output directory without ever losing a user's file.

The output may be shared with the user (their tests, a CHANGELOG, CI files next to the SDK), so
the generator only ever touches what it wrote itself. It says what that is in a manifest,
``.sdkgen-manifest.json`` at the top of the output: every file it wrote, with the sha256 of its
bytes. A run then

- refuses a non-empty directory without a manifest (one it did not create), listing the files
  in the way, unless ``force=True``, which writes the package among them, overwriting only
  files at the package's own paths (a directory holding only files that carry sdkgen's
  generated-file header, the output of a version before manifests, is taken as its own);
- refuses to overwrite or remove a generated file edited since it was written (its hash no
  longer matches the manifest) and to overwrite a file it did not write, unless ``force``;
- replaces the files of the previous manifest, removes those no longer generated (and the
  directories that leaves empty), and leaves every other file in place.

It is atomic for the cases that matter: everything is rendered and formatted in a staging
directory beside the output first, so a failed render or format (or Ctrl-C then) leaves the
output untouched; an output holding only generated files is swapped whole by a rename; one
shared with user files is updated file by file with each replaced file moved aside first, and
any failure or interrupt during that puts every file back. (A run killed outright in that last
phase, by SIGKILL or a power cut, leaves the previous files in ``.NAME.sdkgen-old-*`` beside
the output.)

Nothing is written outside the output directory whatever the spec contains: every relative path
is checked before it is joined, and a symlink inside the output is not followed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Optional

import attrs

from .render import format_tree

__all__ = [
    "MANIFEST",
    "OutputError",
    "OutputInTheWayError",
    "UnsafePathError",
    "WriteReport",
    "materialise",
    "read_manifest",
    "stage",
    "write_package",
]

MANIFEST = ".sdkgen-manifest.json"
# Caches tools leave in a package tree: never ours, never in the way, never reported.
_CACHE_DIRS = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")


class OutputError(Exception):
    """The output directory can't be written as asked; ``path`` names it."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class UnsafePathError(OutputError, ValueError):
    """A rendered file would land outside the package directory."""

    def __init__(self, message: str, path: Optional[Path] = None) -> None:
        super().__init__(message, path or Path())


class OutputInTheWayError(OutputError):
    """Files the generator did not write (or that were edited since) are where it would write
    or remove; ``files`` lists them, relative to ``path``."""

    def __init__(self, message: str, path: Path, files: Iterable[str]) -> None:
        super().__init__(message, path)
        self.files = tuple(files)


@attrs.frozen
class WriteReport:
    """What a write did, relative paths: ``removed`` were generated before and no longer are;
    ``kept`` are the files beside the package that were left alone."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    kept: tuple[str, ...]


def _safe_relative(name: str) -> tuple[str, ...]:
    """The parts of ``name``, a relative path inside the package (``.`` and empty parts
    dropped); refused if it is absolute, climbs out (``..``) or names the manifest."""
    parts = tuple(p for p in name.split("/") if p and p != ".")
    if (
        name.startswith("/")
        or ".." in parts
        or not parts
        or "\\" in name
        or "\0" in name
        or parts == (MANIFEST,)
    ):
        raise UnsafePathError(f"refusing to write {name!r} outside the package directory")
    return parts


def materialise(
    files: Mapping[str, str],
    root: Path,
    *,
    format: bool = True,
    progress: Optional[Callable[[str], None]] = None,
) -> dict[str, str]:
    """Write ``files`` (relative path -> text) under ``root`` and format them (unless not
    ``format``: a throw-away tree, such as the one ``sdkgen mock SPEC`` serves from); returns
    path -> sha256 of the bytes left on disk. ``progress`` hears ``staging N/M files``, then
    ``formatting M files``."""
    # Plain strings, not Path objects: a large spec has thousands of files, and building a
    # Path for each costs more than writing its bytes.
    base = os.fspath(root)
    made: set[str] = set()  # thousands of files share a handful of directories
    hashes: dict[str, str] = {}
    total = len(files)
    for done, name in enumerate(sorted(files), 1):
        *folders, filename = _safe_relative(name)
        parent = os.path.join(base, *folders)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        data = files[name].encode("utf-8")
        with open(os.path.join(parent, filename), "wb") as handle:
            handle.write(data)
        hashes[name] = hashlib.sha256(data).hexdigest()
        if progress is not None:
            progress(f"staging {done}/{total} files")
    if format:
        if progress is not None:
            progress(f"formatting {total} files (ruff)")
        changed = format_tree(root)
        for name in files if changed is None else changed.intersection(files):
            hashes[name] = _sha256(os.path.join(base, *_safe_relative(name)))
    return hashes


def _sha256(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def manifest_text(hashes: Mapping[str, str]) -> str:
    body = {
        "generator": "sdkgen",
        "note": "Files sdkgen wrote here, with their sha256. It replaces and removes only "
        "these; every other file is yours and left alone. Do not edit.",
        "files": dict(sorted(hashes.items())),
    }
    return json.dumps(body, indent=1) + "\n"


def stage(
    files: Mapping[str, str], root: Path, progress: Optional[Callable[[str], None]] = None
) -> dict[str, str]:
    """``materialise`` plus the manifest of the formatted bytes; returns path -> sha256."""
    hashes = materialise(files, root, progress=progress)
    (root / MANIFEST).write_text(manifest_text(hashes), encoding="utf-8")
    return hashes


def read_manifest(target: Path) -> Optional[dict[str, str]]:
    """The files (with hashes) the manifest in ``target`` lists; None when there is none.
    An unreadable manifest, or one naming unsafe paths, is refused: trusting it could delete
    a user's file."""
    path = target / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        listed = data["files"]
        if data.get("generator") != "sdkgen" or not isinstance(listed, dict):
            raise ValueError("not an sdkgen manifest")
        for name, digest in listed.items():
            _safe_relative(name)
            if not isinstance(digest, str):
                raise ValueError(f"{name}: no hash")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise OutputError(
            f"{path}: unreadable manifest ({exc}); remove it only if nothing in "
            f"{target} is yours, or choose another output directory",
            target,
        ) from exc
    return {str(k): str(v) for k, v in listed.items()}


def _present(target: Path) -> set[str]:
    """Files (and symlinks) under ``target``, caches and the manifest left out."""
    if not target.is_dir():
        return set()
    found = set()
    for path in target.rglob("*"):
        rel = path.relative_to(target)
        if any(part in _CACHE_DIRS for part in rel.parts) or rel.as_posix() == MANIFEST:
            continue
        if path.is_symlink() or not path.is_dir():
            found.add(rel.as_posix())
    return found


_GENERATED_MARKS = (b"Generated by sdkgen from ", b"copied by sdkgen from ")


def _says_generated(path: Path) -> bool:
    """Whether a file begins with the header every generated file carries."""
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(512)
    return any(mark in head for mark in _GENERATED_MARKS)


def _listing(names: Iterable[str], limit: int = 20) -> str:
    names = sorted(names)
    shown = "\n".join(f"  {n}" for n in names[:limit])
    more = f"\n  ... and {len(names) - limit} more" if len(names) > limit else ""
    return shown + more


def _check_no_symlinks(target: Path, names: Iterable[str]) -> None:
    """A symlinked directory inside the output would carry a write outside it."""
    seen: set[tuple[str, ...]] = set()  # each directory looked at once, not once per file
    for name in names:
        folders = _safe_relative(name)[:-1]
        for depth in range(1, len(folders) + 1):
            if folders[:depth] in seen:
                continue
            seen.add(folders[:depth])
            parent = target.joinpath(*folders[:depth])
            if parent.is_symlink():
                raise UnsafePathError(f"refusing to write {name!r}: {parent} is a symlink", target)


def write_package(
    files: Mapping[str, str],
    target: Path,
    *,
    force: bool = False,
    progress: Optional[Callable[[str], None]] = None,
) -> WriteReport:
    """Write ``files`` (formatted) into ``target``, replacing what an earlier run wrote there
    and nothing else (see the module docstring). Raises ``UnsafePathError`` for a path outside
    the output and ``OutputInTheWayError`` for files it may not overwrite or remove."""
    for name in files:
        _safe_relative(name)
    target = Path(os.path.abspath(target))
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} is a file, not a directory", target)
    previous = read_manifest(target)
    present = _present(target)
    if previous is None and present:
        # Output of an sdkgen from before manifests: each of its files says it is generated.
        adopted = {n: _sha256(target / n) for n in present if _says_generated(target / n)}
        if adopted and len(adopted) == len(present):
            previous = adopted
    if previous is None and present and not force:
        raise OutputInTheWayError(
            f"refusing to write into {target}: it is not empty and sdkgen did not create it "
            f"(no {MANIFEST}). Files in the way:\n{_listing(present)}\n"
            "Choose an empty or new directory, or pass --force to add the package among "
            "these files (files at the package's own paths are overwritten; none is removed).",
            target,
            present,
        )
    owned = dict(previous or {})
    edited = sorted(
        n for n, digest in owned.items() if n in present and _sha256(target / n) != digest
    )
    foreign = sorted(n for n in files if n in present and n not in owned)
    if (edited or foreign) and not force and previous is not None:
        lines = [f"  {n}  (edited since sdkgen wrote it)" for n in edited]
        lines += [f"  {n}  (not written by sdkgen)" for n in foreign]
        raise OutputInTheWayError(
            f"refusing to update {target}: these files would be overwritten or removed:\n"
            + "\n".join(lines)
            + "\nMove your changes elsewhere (hand-written code belongs in the spec's lib/), "
            "or pass --force to overwrite them.",
            target,
            [*edited, *foreign],
        )
    # Generated before, gone now, and edited by hand: kept even with --force (it is theirs now).
    keep_edited = {n for n in edited if n not in files}
    replaced = (set(owned) & present) - keep_edited | (set(files) & present)
    removed = sorted((set(owned) & present) - set(files) - keep_edited)
    kept = sorted(present - replaced)
    _check_no_symlinks(target, files)

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.sdkgen-", dir=target.parent))
    try:
        stage(files, staging, progress)
        if progress is not None:
            progress(f"moving {len(files)} files into {target}")
        if not target.exists():
            os.replace(staging, target)
        elif not (kept or _has_other_entries(target, replaced) or _holds_cwd(target)):
            _swap_whole(staging, target)
        else:
            _swap_files(staging, target, sorted(files), sorted(replaced))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteReport(tuple(sorted(files)), tuple(removed), tuple(kept))


def _has_other_entries(target: Path, replaced: set[str]) -> bool:
    """Whether ``target`` holds anything but the files being replaced, the manifest and
    directories (caches included): then it can't be swapped whole."""
    for path in target.rglob("*"):
        rel = path.relative_to(target).as_posix()
        if path.is_dir() and not path.is_symlink():
            if path.name in _CACHE_DIRS:
                return True
            continue
        if rel != MANIFEST and rel not in replaced:
            return True
    return False


def _holds_cwd(target: Path) -> bool:
    """A directory the process stands in can't be renamed away from under it."""
    cwd = Path.cwd().resolve()
    resolved = target.resolve()
    return resolved == cwd or resolved in cwd.parents


def _swap_whole(staging: Path, target: Path) -> None:
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.sdkgen-old-", dir=target.parent))
    os.replace(target, old / "tree")
    try:
        os.replace(staging, target)
    except BaseException:
        os.replace(old / "tree", target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _swap_files(staging: Path, target: Path, names: list[str], replaced: list[str]) -> None:
    """Move the replaced files aside, the new ones in; on any failure, undo both."""
    backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.sdkgen-old-", dir=target.parent))
    moved: list[str] = []
    placed: list[str] = []
    made: list[Path] = []
    aside = [*replaced, MANIFEST] if (target / MANIFEST).exists() else replaced
    try:
        for rel in aside:
            (backup / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(target / rel, backup / rel)
            moved.append(rel)
        for rel in [*names, MANIFEST]:
            made += _make_parents(target, rel)
            os.replace(staging / rel, target / rel)
            placed.append(rel)
    except BaseException:
        for rel in reversed(placed):
            (target / rel).unlink()
        for directory in reversed(made):
            _rmdir_if_empty(directory)
        for rel in reversed(moved):
            os.replace(backup / rel, target / rel)
        shutil.rmtree(backup, ignore_errors=True)
        raise
    for rel in moved:  # directories left empty by files no longer generated
        parent = (target / rel).parent
        while parent != target and _rmdir_if_empty(parent):
            parent = parent.parent
    shutil.rmtree(backup, ignore_errors=True)


def _make_parents(target: Path, rel: str) -> list[Path]:
    made = []
    parent = target
    for part in PurePosixPath(rel).parts[:-1]:
        parent = parent / part
        if not parent.exists():
            parent.mkdir()
            made.append(parent)
    return made


def _rmdir_if_empty(directory: Path) -> bool:
    try:
        directory.rmdir()
    except OSError:
        return False
    return True
