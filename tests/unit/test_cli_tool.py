"""The command line as a tool: conflicting flags, the config, templates, package names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import generator.__main__ as cli
from generator.ir.naming import package_name

MINIMAL = Path(__file__).resolve().parents[2] / "tests" / "golden" / "minimal30" / "spec.yaml"


@pytest.mark.parametrize(
    ("title", "name"),
    [("GitHub v3 REST API", "github_v3_rest_api"), ("TaskForceAI", "taskforceai"),
     ("Swagger Petstore - OpenAPI 3.0", "swagger_petstore_openapi_3_0"), ("email", "email_api"),
     ("3D Printing", "api_3d_printing"), ("class", "class_api"), ("", "api")],
)  # fmt: skip
def test_package_names_from_titles_are_acronym_aware(title: str, name: str) -> None:
    assert package_name(title) == name


@pytest.mark.parametrize(
    "argv",
    [["generate", "--output", "out"], ["generate", "--name", "x"], ["check", "-o", "out"],
     ["generate", str(MINIMAL), str(MINIMAL), "-o", "o"]],
)  # fmt: skip
def test_ignored_or_conflicting_flags_are_rejected(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as caught:
        cli.main(argv)
    assert caught.value.code == 2
    assert list(tmp_path.iterdir()) == []


def test_no_config_and_no_spec_is_an_error_not_a_silent_success(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()  # the lookup stops at the repository root
    monkeypatch.chdir(tmp_path)
    for command in ("generate", "check"):
        with pytest.raises(SystemExit) as caught:
            cli.main([command])
        assert caught.value.code == 2
        assert "sdkgen init" in capsys.readouterr().err


def test_config_in_pyproject_drives_generate_and_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[[tool.sdkgen.sdk]]\nspec = "{MINIMAL.as_posix()}"\n'
        'output = "clients/minimal"\nname = "tiny"\n',
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # found from a subdirectory
    assert cli.main(["generate"]) == 0
    assert (tmp_path / "clients" / "minimal" / "src" / "tiny" / "__init__.py").is_file()
    assert cli.main(["check"]) == 0
    assert cli.main(["check", "tiny"]) == 0
    assert cli.main(["check", "other"]) == 2
    assert "other: unknown platform(s)" in capsys.readouterr().err


def test_bad_config_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sdkgen.toml").write_text('[[sdk]]\nspec = "a.yaml"\nouput = "x"\n')
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate"]) == 2
    err = capsys.readouterr().err
    assert "sdkgen.toml: sdk[0]: unknown key(s) ouput" in err and "Traceback" not in err


def test_templates_override_by_file_name(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "README.md.j2").write_text("# {{ package.title }} (house style)\n")
    out = tmp_path / "out"
    argv = ["generate", str(MINIMAL), "-o", str(out), "--templates", str(templates)]
    assert cli.main(argv) == 0
    assert (out / "README.md").read_text(encoding="utf-8") == "# Minimal Thirty (house style)\n"
    assert cli.main(["generate", str(MINIMAL), "-o", str(tmp_path / "plain")]) == 0
    assert "house style" not in (tmp_path / "plain" / "README.md").read_text(encoding="utf-8")


def test_spec_without_output_says_where_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate", str(MINIMAL)]) == 0
    assert "no --output given: writing to generated/minimal_thirty" in capsys.readouterr().err


def test_diff_needs_two_specs_or_a_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SDKGEN_DIFF_BASE", raising=False)
    with pytest.raises(SystemExit) as caught:
        cli.main(["diff", str(MINIMAL)])
    assert caught.value.code == 2
    assert cli.main(["diff", "--base", "HEAD", str(tmp_path / "missing.yaml")]) == 2


def test_diff_base_outside_git_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(SystemExit) as caught:
        cli.main(["diff", "--base", "HEAD", str(spec)])
    assert caught.value.code == 2
    assert "not in a git repository" in capsys.readouterr().err


def test_every_flag_of_every_command_is_described() -> None:
    import argparse

    parser = cli.build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    undescribed = []
    for name, sub in commands.choices.items():
        if name == "unasync":  # maintenance of this repository, not listed
            continue
        for action in sub._actions:
            if action.help is None or (not action.help.strip()):
                undescribed.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert undescribed == []


def test_diff_base_compares_each_spec_with_its_version_at_a_ref(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    import subprocess

    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}  # fmt: skip
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    text = MINIMAL.read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("just: yaml\n", encoding="utf-8")
    for argv in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "v1"]):
        subprocess.run(["git", *argv], cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / "new.yaml").write_text(text, encoding="utf-8")  # not at HEAD: skipped
    doc = yaml.safe_load(text)
    doc["paths"].pop(next(iter(doc["paths"])))  # an operation removed from b.yaml
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    names = ["a.yaml", "b.yaml", "notes.yaml", "new.yaml"]
    assert cli.main(["diff", "--base", "HEAD", "--format", "json", *names]) == 1
    listed = json.loads(capsys.readouterr().out)
    assert {c["spec"] for c in listed} == {"b.yaml"}
    assert "operation-removed" in {c["id"] for c in listed}
    assert cli.main(["diff", "--base", "HEAD", "a.yaml", "notes.yaml"]) == 0
    out = capsys.readouterr().out
    assert "== a.yaml against HEAD" in out and "notes.yaml" not in out


def test_config_tests_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "api.yaml").write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "sdkgen.toml"
    config.write_text('[[sdk]]\nspec = "api.yaml"\noutput = "sdk"\ntests = "yes"\n')
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate", "-q"]) == 2
    assert "'tests' must be true or false" in capsys.readouterr().err
    config.write_text('[[sdk]]\nspec = "api.yaml"\noutput = "sdk"\ntests = true\n')
    assert cli.main(["generate", "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "sdk" / "tests").iterdir())[0] == "conftest.py"
    assert cli.main(["check"]) == 0  # the config's tests option applies to check too
