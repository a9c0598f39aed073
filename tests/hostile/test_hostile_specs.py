"""The hostile spec corpus through the real command line, sandboxed.

For every case in ``corpus.CASES``: no network attempt, nothing written outside
``generated/NAME/`` (temporary files included), no traceback, bounded memory and time
(``sandbox``), and the outcome the case expects: a package whose code stays inside the
repertoire of the real packages (``shapes``) and imports without running any spec string, or
problems each located as ``file[:line] #/pointer: message`` with exit code 2.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml

from generator.pipeline import build, generate

from .corpus import (
    CASES,
    NASTY,
    Case,
    hostile_strings_spec,
    reference_spec,
    root_extensions_spec,
)
from .sandbox import Run, import_all, run_generator
from .shapes import Repertoire, learn, problems_in

LOCATED = re.compile(r"^\S+(:\d+)? #\S*: \S")


@pytest.fixture(scope="module")
def repertoire(tmp_path_factory: pytest.TempPathFactory) -> Repertoire:
    """The real packages' repertoire, plus a reference package for template features none of
    them uses (cookie parameters), generated from plain names."""
    directory = tmp_path_factory.mktemp("reference")
    spec = directory / "openapi.yaml"
    spec.write_text(yaml.safe_dump(reference_spec()), encoding="utf-8")
    generate(spec, directory / "out", "reference")
    return learn(("reference", directory / "out" / "src" / "reference"))


def assert_contained(run: Run) -> None:
    assert run.network == ()
    assert "Traceback" not in run.stderr
    assert run.changed == frozenset()
    assert [path for path in run.created if "PWNED" in path] == []
    assert [path for path in run.created if path.startswith("tmp/")] == []  # cleaned up
    # Beside the output, only the compiled templates (the same whatever the spec says).
    cache = ("home/.cache", "home/.cache/sdkgen")
    home = [path for path in run.created if path.startswith("home/") and path not in cache]
    assert [path for path in home if not path.startswith("home/.cache/sdkgen/")] == []


def test_repertoire_is_learnt_from_the_real_packages(repertoire: Repertoire) -> None:
    # The allowlist is only as strong as it is narrow: no dangerous name made it in.
    assert {"eval", "exec", "compile", "__import__", "open", "breakpoint"}.isdisjoint(
        repertoire.called
    )
    assert {"subprocess", "sys", "builtins", "pickle"}.isdisjoint(repertoire.imports)
    assert "os.system" not in repertoire.module_attributes
    assert "__globals__" not in repertoire.dunders
    assert len(repertoire.shapes) > 100


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_spec(case: Case, tmp_path: Path, repertoire: Repertoire) -> None:
    scratch = tmp_path / "scratch"
    (scratch / "spec").mkdir(parents=True)
    spec = case.build(scratch / "spec")
    run = run_generator(scratch, spec)
    assert_contained(run)
    if case.expect == "error":
        assert run.returncode == 2, run.stderr[-2000:]
        *problems, summary = run.stderr.splitlines()
        assert re.fullmatch(r"\d+ problem\(s\)", summary)
        assert problems
        assert [p for p in problems if not LOCATED.match(p)] == []
        assert not any(path.startswith("work/generated/") for path in run.created)
        return
    assert run.returncode == 0, run.stderr[-2000:]
    made = [path for path in run.created if not path.startswith("home/")]  # the cache: above
    packages = {path.split("/")[2] for path in made if path.count("/") >= 2}
    assert len(packages) == 1, packages
    (name,) = packages
    inside = f"work/generated/{name}"
    outside = [p for p in made if p != "work/generated" and not p.startswith(inside)]
    assert outside == []
    package_dir = scratch / "work" / "generated" / name
    assert problems_in(package_dir, repertoire) == []
    imported = import_all(scratch, package_dir / "src", name)
    assert_contained(imported)
    assert imported.returncode == 0, imported.stderr[-2000:]
    assert "PWNED" not in imported.stdout + imported.stderr


def test_every_hostile_operation_is_generated() -> None:
    # Hostile names are sanitised, not dropped: one method per operation.
    with tempfile.TemporaryDirectory() as directory:
        spec = Path(directory) / "openapi.yaml"
        spec.write_text(yaml.safe_dump(hostile_strings_spec()), encoding="utf-8")
        package = build(spec).package
    methods = [op.name for resource in package.resources for op in resource.operations]
    assert len(methods) == len(NASTY)
    assert all(name.isidentifier() for name in methods)


def test_the_checks_would_catch_code_made_from_a_spec(
    tmp_path: Path, repertoire: Repertoire
) -> None:
    # The same checks on a package where a spec string did become code.
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(reference_spec()), encoding="utf-8")
    generate(spec, tmp_path / "out", "reference")
    assert problems_in(tmp_path / "out", repertoire) == []
    module = tmp_path / "out" / "src" / "reference" / "models" / "thing.py"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n__import__('os').system('PWNED')\n"
        "import subprocess\nexec(subprocess.__doc__.__globals__)\n",
        encoding="utf-8",
    )
    assert set(problems_in(tmp_path / "out", repertoire)) >= {
        "call of unknown name '__import__'",
        "call of unknown name 'exec'",
        "new dunder '__globals__'",
        "new import 'subprocess'",
    }


def test_a_formatter_failure_is_reported_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Under a memory limit ruff itself can fail (SIGABRT): the run must still end cleanly.
    import subprocess

    from generator import __main__ as cli
    from generator import write

    def failing(root: Path) -> None:
        raise subprocess.CalledProcessError(-6, ["ruff", "format"])

    monkeypatch.setattr(write, "format_tree", failing)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(reference_spec()), encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["generate", "--spec", str(spec), "--output", str(out)]) == 2
    assert "ruff exited with -6" in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [spec]  # the staging directory was removed


def test_unusable_extension_names_are_dropped_with_warnings(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(root_extensions_spec()), encoding="utf-8")
    result = build(spec)
    # "Exception" from x-sdk-errors is a class of the package (as Exception_); "os" is not.
    assert result.package.error_aliases == (("Builtins", "Exception_"),)
    assert [name for name, _ in result.package.extend.exports] == ["PWNED"]
    messages = [problem.message for problem in result.warnings]
    assert [m for m in messages if "left out" in m] == [
        "alias 'X' of 'Os' left out: not a new name for an exception"
    ]
