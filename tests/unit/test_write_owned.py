"""The output directory is shared with the user: only files sdkgen wrote are replaced/removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import write
from generator.write import MANIFEST, OutputInTheWayError, write_package

V1 = {"README.md": "# v1\n", "src/pkg/__init__.py": "A = 1\n", "src/pkg/old/gone.py": "G = 1\n"}
V2 = {"README.md": "# v2\n", "src/pkg/__init__.py": "A = 2\n", "src/pkg/new.py": "N = 1\n"}
# A user file at every level of the tree, including inside the generated package.
USER = ["CHANGELOG.md", "tests/test_mine.py", "src/notes.txt", "src/pkg/mine.py",
        "src/pkg/old/keep.csv", "sub/data.csv"]  # fmt: skip


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def add_user_files(out: Path) -> None:
    for rel in USER:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(f"mine: {rel}\n", encoding="utf-8")


def test_regeneration_keeps_user_files_at_every_level(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_package(V1, out)
    add_user_files(out)
    report = write_package(V2, out)
    files = tree(out)
    for rel in USER:
        assert files[rel] == f"mine: {rel}\n"
    assert files["README.md"] == "# v2\n" and "src/pkg/old/gone.py" not in files
    assert report.removed == ("src/pkg/old/gone.py",)
    assert set(report.kept) == set(USER)
    listed = json.loads(files[MANIFEST])["files"]
    assert sorted(listed) == sorted(V2)


def test_directories_emptied_by_removed_files_go(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_package(V1, out)
    (out / "mine.txt").write_text("x", encoding="utf-8")
    write_package(V2, out)
    assert not (out / "src" / "pkg" / "old").exists()


@pytest.mark.parametrize("files", [["NOTES.txt", "sub/data.csv"], ["README.md"]])
def test_a_directory_sdkgen_did_not_create_is_refused(tmp_path: Path, files: list[str]) -> None:
    out = tmp_path / "sdk"
    for rel in files:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("mine\n", encoding="utf-8")
    before = tree(out)
    with pytest.raises(OutputInTheWayError) as caught:
        write_package(V1, out)
    assert caught.value.path == out and set(caught.value.files) == set(files)
    for rel in files:
        assert rel in str(caught.value)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sdk"]  # no staging left


def test_force_adds_the_package_and_removes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    (out / "sub").mkdir(parents=True)
    (out / "sub" / "data.csv").write_text("1,2\n", encoding="utf-8")
    (out / "README.md").write_text("mine\n", encoding="utf-8")
    write_package(V1, out, force=True)
    assert tree(out)["sub/data.csv"] == "1,2\n"
    assert tree(out)["README.md"] == "# v1\n"  # at the package's own path: overwritten


def test_an_edited_generated_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_package(V1, out)
    (out / "README.md").write_text("my edits\n", encoding="utf-8")
    with pytest.raises(OutputInTheWayError, match="edited since sdkgen wrote it"):
        write_package(V2, out)
    assert (out / "README.md").read_text(encoding="utf-8") == "my edits\n"
    write_package(V2, out, force=True)
    assert (out / "README.md").read_text(encoding="utf-8") == "# v2\n"


def test_a_file_of_the_user_at_a_new_generated_path_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_package(V1, out)
    (out / "src" / "pkg" / "new.py").write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputInTheWayError, match="not written by sdkgen"):
        write_package(V2, out)
    assert (out / "src" / "pkg" / "new.py").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("exc", [KeyboardInterrupt, OSError])
def test_a_failure_mid_swap_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: type[BaseException]
) -> None:
    out = tmp_path / "sdk"
    write_package(V1, out)
    add_user_files(out)
    before = tree(out)
    real = write.os.replace
    calls = []

    def flaky(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 5:
            raise exc("interrupted")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(write.os, "replace", flaky)
    with pytest.raises(exc):
        write_package(V2, out)
    monkeypatch.setattr(write.os, "replace", real)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sdk"]


def test_a_symlinked_directory_inside_the_output_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "sdk"
    write_package({"README.md": "# r\n"}, out)
    (out / "src").symlink_to(outside, target_is_directory=True)
    with pytest.raises(write.UnsafePathError, match="symlink"):
        write_package(V1, out, force=True)
    assert list(outside.iterdir()) == []
