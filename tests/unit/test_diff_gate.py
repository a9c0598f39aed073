"""`generator diff` as a CI gate: the SDK surface from both IRs, --fail-on, the ignore file,
the output formats, and recall/precision on pairs derived from oasdiff's checker tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.__main__ import main

OLD = """
openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, maximum: 100}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Pet"}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
"""


def _run(tmp_path: Path, new: str, *args: str) -> tuple[int, str]:
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    code = main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), *args])
    return code, ""


@pytest.mark.parametrize(
    ("edit", "rule", "call"),
    [
        (("getPet", "fetchPet"), "sdk-method-renamed", "client.pets.get_pet(id)"),
        (("tags: [pets]", "tags: [animals]"), "sdk-namespace-moved", "client.pets.get_pet(id)"),
        (("/pets/{id}", "/pets/{pet_id}"), "sdk-argument-renamed", "client.pets.get_pet(id)"),
        (
            # Renamed in `required` too: a required name left undeclared is still a field.
            (
                "[name]\n      properties:\n        name:",
                "[label]\n      properties:\n        label:",
            ),
            "sdk-attribute-removed",
            "Pet(...).name",
        ),
        (("title: Pets", "title: Animals"), "sdk-package-renamed", "import pets"),
    ],
)
def test_sdk_surface_change_names_the_call(
    edit: tuple[str, str], rule: str, call: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = (
        OLD.replace(*edit).replace("name: id, in: path", "name: pet_id, in: path")
        if "pet_id" in edit[1]
        else OLD.replace(*edit)
    )
    code, _ = _run(tmp_path, new, "--json")
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert any(c["id"] == rule and c["kind"] == "breaking" and c["call"] == call for c in report), (
        report
    )


def test_wire_only_leaves_the_surface_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _run(tmp_path, OLD.replace("getPet", "fetchPet"), "--wire-only")
    out = capsys.readouterr().out
    assert code == 0 and "sdk-method-renamed" not in out and "api-operation-id-changed" in out


def test_fail_on_and_ignore_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    narrowed = OLD.replace("maximum: 100", "maximum: 50")
    assert _run(tmp_path, narrowed)[0] == 1
    assert _run(tmp_path, narrowed, "--fail-on", "never")[0] == 0
    widened = OLD.replace("maximum: 100", "maximum: 200")
    assert _run(tmp_path, widened)[0] == 0
    assert _run(tmp_path, widened, "--fail-on", "info")[0] == 1
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text(
        yaml.safe_dump(
            [
                {
                    "id": "request-parameter-max-decreased",
                    "location": "GET /pets/{id}",
                    "reason": "agreed with users",
                }
            ]
        )
    )
    capsys.readouterr()
    assert _run(tmp_path, narrowed, "--ignore", str(ignore))[0] == 0
    assert "1 ignored" in capsys.readouterr().out
    ignore.write_text(
        yaml.safe_dump([{"id": "request-parameter-max-decreased", "location": "GET /pets/{id}"}])
    )
    assert _run(tmp_path, narrowed, "--ignore", str(ignore))[0] == 2  # a reason is required


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("github", "::error title=request-parameter-max-decreased::GET /pets/{id}"),
        ("markdown", "| breaking | `request-parameter-max-decreased` | `GET /pets/{id}`"),
        ("text", "BREAKING [request-parameter-max-decreased] GET /pets/{id}"),
    ],
)
def test_formats(
    fmt: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, OLD.replace("maximum: 100", "maximum: 50"), "--format", fmt)[0] == 1
    assert expected in capsys.readouterr().out
