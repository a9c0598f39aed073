"""Writing a package: unsafe paths refused, generated files replaced, failures leave no trace.

(User files beside generated ones, the manifest and ``--force``: tests/unit/test_write_owned.py.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import write
from generator.write import MANIFEST, UnsafePathError, materialise, write_package


def listing(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and directory (None) under ``root``, dot-files included,
    but the manifests."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
        if p.name != MANIFEST
    }


@pytest.fixture
def area(tmp_path: Path) -> Path:
    """A parent directory holding an existing package and a bystander file."""
    parent = tmp_path / "out"
    write_package({"old.py": "OLD = 1\n", "sub/keep.txt": "previous\n"}, parent / "pkg")
    (parent / "bystander.txt").write_text("not ours\n", encoding="utf-8")
    return parent


UNSAFE = [
    "../escape.py",
    "pkg/../../escape.py",
    "a/../b.py",
    "..",
    "/etc/passwd",
    "/tmp/escape.py",
    "a\\..\\..\\escape.py",
    "dir\\file.py",
    "nul\0byte.py",
    "",
    ".",
]


@pytest.mark.parametrize("name", UNSAFE)
def test_unsafe_path_refused_and_nothing_written(area: Path, name: str) -> None:
    before_parent = listing(area.parent)
    files = {"a_first.py": "A = 1\n", name: "EVIL = 1\n", "z_last.py": "Z = 1\n"}
    with pytest.raises(UnsafePathError) as caught:
        write_package(files, area / "pkg")
    assert repr(name) in str(caught.value)
    assert listing(area.parent) == before_parent


@pytest.mark.parametrize("name", UNSAFE)
def test_unsafe_path_refused_for_new_target(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafePathError):
        write_package({"ok.py": "X = 1\n", name: "EVIL = 1\n"}, tmp_path / "new" / "pkg")
    assert listing(tmp_path) == {}  # refused before anything was created


def test_unsafe_path_is_a_value_error() -> None:
    assert issubclass(UnsafePathError, ValueError)


def test_materialise_refuses_before_writing_the_bad_name(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(UnsafePathError):
        materialise({"../outside.py": "X = 1\n"}, root)
    assert listing(tmp_path) == {"root": None}


def test_write_package_replaces_target_whole(area: Path) -> None:
    write_package(
        {"pkg_mod.py": "x=1\n", "sub/new.py": "def f( ):\n  return 1\n", "README.md": "# r\n"},
        area / "pkg",
    )
    assert listing(area / "pkg") == {
        "README.md": b"# r\n",
        "pkg_mod.py": b"x = 1\n",  # formatted
        "sub": None,
        "sub/new.py": b"def f():\n    return 1\n",
    }
    # Nothing left beside it but what was there: no staging or old-tree directories.
    assert sorted(os.listdir(area)) == ["bystander.txt", "pkg"]
    assert (area / "bystander.txt").read_text(encoding="utf-8") == "not ours\n"


def test_write_package_creates_missing_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "pkg"
    write_package({"m.py": "M = 1\n"}, target)
    assert listing(target) == {"m.py": b"M = 1\n"}
    assert os.listdir(target.parent) == ["pkg"]


def test_write_package_twice_is_stable(tmp_path: Path) -> None:
    files = {"m.py": "M = 1\n", "d/n.py": "N = 2\n"}
    write_package(files, tmp_path / "pkg")
    first = listing(tmp_path)
    write_package(files, tmp_path / "pkg")
    assert listing(tmp_path) == first


def test_write_package_through_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_package({"m.py": "M = 1\n"}, Path("rel") / ".." / "pkg")
    assert listing(tmp_path) == {"pkg": None, "pkg/m.py": b"M = 1\n"}


def test_formatting_failure_leaves_previous_tree(
    area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = listing(area)

    def broken(root: Path) -> None:
        assert any(root.iterdir())  # called on the staged files
        raise RuntimeError("ruff exploded")

    monkeypatch.setattr(write, "format_tree", broken)
    with pytest.raises(RuntimeError, match="ruff exploded"):
        write_package({"new.py": "N = 1\n"}, area / "pkg")
    assert listing(area) == before


def test_formatting_failure_for_new_target_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "format_tree", broken)
    with pytest.raises(KeyboardInterrupt):
        write_package({"new.py": "N = 1\n"}, tmp_path / "pkg")
    assert os.listdir(tmp_path) == []


def test_clashing_names_fail_cleanly(area: Path) -> None:
    before = listing(area)
    with pytest.raises(OSError):
        write_package({"m": "file\n", "m/n.py": "N = 1\n"}, area / "pkg")
    assert listing(area) == before


def test_non_ascii_content_written_as_utf8(tmp_path: Path) -> None:
    write_package({"m.py": 'NAME = "Zoë — 日本"\n'}, tmp_path / "pkg")
    assert (tmp_path / "pkg" / "m.py").read_bytes() == 'NAME = "Zoë — 日本"\n'.encode()


def test_refuses_to_replace_a_directory_it_did_not_write(tmp_path: Path) -> None:
    precious = tmp_path / "project"
    (precious / ".git").mkdir(parents=True)
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(write.OutputInTheWayError, match="sdkgen did not create it"):
        write_package({"a.py": "x = 1\n"}, precious)
    assert (precious / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


# --- formatting: ruff checks first and rewrites only the files it names -------------------------

CLEAN = 'X = "already formatted"\n'
DIRTY = "X   =  'not formatted'\n"


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_format_tree_rewrites_and_names_only_unformatted_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "clean.py").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "sub" / "dirty.py").write_text(DIRTY, encoding="utf-8")
    os.utime(tmp_path / "clean.py", ns=(1_000_000_000, 1_000_000_000))

    assert write.format_tree(tmp_path) == {"sub/dirty.py"}
    assert (tmp_path / "sub" / "dirty.py").read_text(encoding="utf-8") == 'X = "not formatted"\n'
    assert (tmp_path / "clean.py").stat().st_mtime_ns == 1_000_000_000  # never rewritten


def test_manifest_hashes_are_the_bytes_on_disk(tmp_path: Path) -> None:
    files = {f"m{i}.py": (CLEAN if i % 2 else DIRTY) for i in range(6)}
    files["README.md"] = "# readme\n"
    write_package(files, tmp_path / "pkg")
    manifest = write.read_manifest(tmp_path / "pkg")
    assert manifest is not None and set(manifest) == set(files)
    for name, digest in manifest.items():
        assert digest == _sha256(tmp_path / "pkg" / name), name
    assert (tmp_path / "pkg" / "m0.py").read_text(encoding="utf-8") == 'X = "not formatted"\n'


def test_listing_not_understood_formats_everything_and_rehashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A ruff whose check output this version can't read (an older one): the whole tree is
    # formatted and every file read back for its hash.
    from generator import render

    monkeypatch.setattr(render, "_unformatted", lambda listing: None)
    files = {"a.py": DIRTY, "b.py": CLEAN}
    write_package(files, tmp_path / "pkg")
    assert (tmp_path / "pkg" / "a.py").read_text(encoding="utf-8") == 'X = "not formatted"\n'
    manifest = write.read_manifest(tmp_path / "pkg")
    assert manifest == {n: _sha256(tmp_path / "pkg" / n) for n in files}


def test_many_unformatted_files_are_formatted_in_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import render

    monkeypatch.setattr(render, "_ARGUMENTS", 30)  # a few names per ruff command line
    files = {f"module_{i:03}.py": DIRTY for i in range(25)}
    write_package(files, tmp_path / "pkg")
    for name in files:
        assert (tmp_path / "pkg" / name).read_text(encoding="utf-8") == 'X = "not formatted"\n'


def test_unformatted_listing_parsed() -> None:
    from generator.render import _unformatted

    listing = (
        "a.py:1:5: unformatted: File would be reformatted\n"
        "src/pkg/b c.py:10:1: unformatted: File would be reformatted\n"
        ".\\win\\d.py:2:3: unformatted: File would be reformatted\n"
    )
    assert _unformatted(listing) == {"a.py", "src/pkg/b c.py", "win/d.py"}
    assert _unformatted("") == set()
    assert _unformatted("Would reformat: a.py\n") is None
