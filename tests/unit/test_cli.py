"""The command line, ``python -m generator``: generate, check and located spec errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.__main__ as cli

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "golden" / "minimal30" / "spec.yaml"  # title: Minimal Thirty
LOCATED = re.compile(r"^\S+\.yaml:\d+ #/\S*: .+$", re.MULTILINE)

BROKEN = """\
openapi: 3.0.3
info:
  title: Broken
  version: "1"
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Missing'
"""


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repo layout with one platform and a config naming it, as the cwd."""
    shutil.copytree(REPO / "specs" / "codevf", tmp_path / "specs" / "codevf")
    shutil.copytree(
        REPO / "generated" / "codevf",
        tmp_path / "generated" / "codevf",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    (tmp_path / "sdkgen.toml").write_text(
        '[[sdk]]\nspec = "specs/codevf/openapi.yaml"\noutput = "generated/codevf"\n'
        'name = "codevf"\nown-output = true\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- generate --spec -----------------------------------------------------------------------


def test_generate_spec_names_package_from_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert cli.main(["generate", "--spec", str(MINIMAL), "--output", str(out)]) == 0
    package = out / "src" / "minimal_thirty"
    assert (package / "__init__.py").is_file()
    assert (package / "_client.py").is_file()
    assert (package / "_runtime" / "_core.py").is_file()
    assert (out / "pyproject.toml").is_file()
    assert [p.name for p in (out / "src").iterdir()] == ["minimal_thirty"]
    assert "class MinimalThirtyClient" in (package / "_client.py").read_text(encoding="utf-8")
    captured = capsys.readouterr()
    assert "package minimal_thirty" in captured.out
    assert str(out) in captured.out


def test_generate_spec_with_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    argv = ["generate", "--spec", str(MINIMAL), "--output", str(out), "--name", "tiny_notes"]
    assert cli.main(argv) == 0
    assert [p.name for p in (out / "src").iterdir()] == ["tiny_notes"]
    assert (out / "src" / "tiny_notes" / "__init__.py").is_file()
    assert "package tiny_notes" in capsys.readouterr().out


def test_generate_spec_replaces_previous_output_and_keeps_user_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli.main(["generate", "--spec", str(MINIMAL), "--output", str(out)]) == 0
    (out / "leftover.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["generate", "--spec", str(MINIMAL), "--output", str(out), "--name", "b"]) == 0
    assert (out / "leftover.txt").read_text(encoding="utf-8") == "mine"
    assert [p.name for p in (out / "src").iterdir()] == ["b"]


def test_generate_spec_without_output_keeps_other_packages(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without --output the package goes to generated/NAME, as for the platforms; it must not
    # replace generated/ (and every other package in it) with itself.
    before = files_under(root / "generated" / "codevf")
    assert cli.main(["generate", "--spec", str(MINIMAL)]) == 0
    assert files_under(root / "generated" / "codevf") == before
    assert (root / "generated" / "minimal_thirty" / "src" / "minimal_thirty").is_dir()
    assert "generated/minimal_thirty" in capsys.readouterr().out.replace("\\", "/")


# --- generate NAME -------------------------------------------------------------------------


def test_generate_platform_into_root(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = root / "generated" / "codevf"
    shutil.rmtree(target)
    assert cli.main(["generate", "codevf"]) == 0
    assert (target / "src" / "codevf" / "_client.py").is_file()
    assert "wrote generated/codevf" in capsys.readouterr().out
    assert cli.main(["check"]) == 0


def test_unknown_platform(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["generate", "nope"]) == 2
    err = capsys.readouterr().err
    assert "nope: unknown platform(s)" in err
    assert "codevf" in err


# --- check ---------------------------------------------------------------------------------


def test_check_up_to_date(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check"]) == 0
    captured = capsys.readouterr()
    assert "up to date" in captured.out
    assert captured.err == ""
    assert cli.main(["check", "codevf"]) == 0


def test_check_names_stale_missing_and_extra_files(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # From a tree fresh from this generator, so the only problems are the three made here.
    assert cli.main(["generate", "codevf"]) == 0
    package = root / "generated" / "codevf" / "src" / "codevf"
    edited = package / "_client.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    (package / "py.typed").unlink()
    (package / "extra_module.py").write_text("X = 1\n", encoding="utf-8")

    capsys.readouterr()
    assert cli.main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "generated/codevf/src/codevf/_client.py: stale",
        "generated/codevf/src/codevf/py.typed: missing",
        "generated/codevf/src/codevf/extra_module.py: not generated (extra file)",
        "stale: run `sdkgen generate`",
    ]
    # The check changes nothing.
    assert not (package / "py.typed").exists()
    assert (package / "extra_module.py").exists()


def test_check_ignores_bytecode_caches(root: Path) -> None:
    assert cli.main(["generate", "codevf"]) == 0
    cache = root / "generated" / "codevf" / "src" / "codevf" / "__pycache__"
    cache.mkdir()
    (cache / "_client.cpython-311.pyc").write_bytes(b"\0")
    assert cli.main(["check"]) == 0


def test_check_with_broken_spec_reports_located_problem(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / "specs" / "codevf" / "openapi.yaml").write_text(BROKEN, encoding="utf-8")
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^specs/codevf/openapi\.yaml:13 #/paths/~1things/get/.+: ", err, re.M)
    assert "Traceback" not in err


def test_check_platform_without_spec(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "specs" / "codevf" / "openapi.yaml").unlink()
    assert cli.main(["check"]) == 2
    assert "openapi.yaml" in capsys.readouterr().err


# --- broken specs --------------------------------------------------------------------------


def test_broken_spec_exits_2_with_located_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["generate", "--spec", str(spec), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert LOCATED.search(err), err
    assert f"{spec.as_posix()}:13 #/paths/~1things/get/responses/200/" in err
    assert "'#/components/schemas/Missing'" in err
    assert "1 problem(s)" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_invalid_yaml_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: [unclosed\n", encoding="utf-8")
    assert cli.main(["generate", "--spec", str(spec), "--output", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert re.search(r"spec\.yaml:\d+ #: invalid YAML", err), err
    assert "Traceback" not in err


def test_missing_spec_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    assert cli.main(["generate", "--spec", str(missing), "--output", str(tmp_path / "o")]) == 2
    assert "nope.yaml" in capsys.readouterr().err


def test_broken_spec_subprocess_has_no_traceback(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(BROKEN, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--output", "o"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"{spec.as_posix()}:13 #/paths/~1things/get/"), done.stderr
    assert done.stdout == ""
    assert not (REPO / "o").exists()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main([])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        cli.main(["frobnicate"])
    assert caught.value.code == 2
    capsys.readouterr()


def test_help_mentions_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for command in ("generate", "check", "diff", "mock", "init"):
        assert command in out
    assert "unasync" not in out  # this repository's maintenance command is not advertised


ROBUST = REPO / "tests" / "golden" / "robust" / "spec.yaml"


def test_warnings_are_summarised_by_kind_and_listed_with_verbose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["generate", "--spec", str(ROBUST), "--output", str(tmp_path / "out"), "--name", "r"]
    assert cli.main(argv) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "r: 2 warning(s) (1 x schema is not an object, 1 x oneOf/anyOf inside allOf); "
        "--verbose lists them"
    ]
    assert cli.main([*argv, "--verbose"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and err[-1].startswith("r: 2 warning(s) (") and "--verbose" not in err[-1]
    assert "#/components/schemas/Client/properties/never: schema is not an object" in err[0]
