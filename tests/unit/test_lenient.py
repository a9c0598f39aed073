"""Lenient by default, strict on request: recoverable spec defects are located warnings with a
documented fallback (generator/load/_lenient.py); ``strict`` makes them errors; defects with no
meaning stay errors either way. The shapes are those of public specs (Xero, Zoom, optimade,
idealspot), reproduced small."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.errors import SpecError
from generator.load._lenient import DROP, coerce_default
from generator.pipeline import build
from tests.support.packages import ROOT, generate_and_import


def write(tmp_path: Path, document: dict[str, Any], name: str = "spec.json") -> Path:
    path = tmp_path / name
    # One key per line, so each node has a line of its own to be located at.
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def defective() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Defects", "version": "1"},
        "servers": [{"url": "http://127.0.0.1"}],
        "paths": {
            "/insights/{insight_id:}": {
                "get": {
                    "operationId": "getInsight",
                    "parameters": [
                        {"name": "insight_id:", "in": "path", "required": True,
                         "schema": {"type": "string"}},
                        {"name": "flag", "in": "query",
                         "schema": {"type": "boolean", "default": "false"}},
                        {"name": "level", "in": "query",
                         "schema": {"type": "integer", "enum": [1, 3], "default": "1"}},
                        {"name": "mail", "in": "query",
                         "schema": {"type": "string", "format": "email", "default": ""}},
                        {"name": "kind", "in": "query",
                         "schema": {"type": "string", "enum": ["a", "b", "a"]}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            },
            "/items/{item}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        {"name": "other", "in": "path", "required": True,
                         "schema": {"type": "integer"}},
                    ],
                    "responses": {"204": {"description": "none"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {
                        "active": {"type": "boolean", "default": "true"},
                        "count": {"type": "integer", "default": "5"},
                        "ratio": {"type": "number", "default": "half"},
                    },
                }
            }
        },
    }  # fmt: skip


def test_each_recoverable_defect_is_a_located_warning_naming_its_fallback(tmp_path: Path) -> None:
    spec = write(tmp_path, defective())
    result = build(spec, "defects")
    found = {(w.location.pointer, w.message) for w in result.warnings}
    params = "#/paths/~1insights~1{insight_id:}/get/parameters"
    thing = "#/components/schemas/Thing/properties"
    assert {
        (f"{params}/1/schema/default",
         "invalid default; 'false' is not of type 'boolean'; read as false"),
        (f"{params}/2/schema/default",
         "invalid default; '1' is not of type 'integer'; read as 1"),
        (f"{params}/3/schema/default",
         "invalid default; '' is not a 'email'; default ignored"),
        (f"{params}/4/schema/enum",
         "duplicate values; ['a', 'b', 'a'] has non-unique elements; repeats ignored"),
        (f"{thing}/active/default",
         "invalid default; 'true' is not of type 'boolean'; read as true"),
        (f"{thing}/count/default", "invalid default; '5' is not of type 'integer'; read as 5"),
        (f"{thing}/ratio/default",
         "invalid default; 'half' is not of type 'number'; default ignored"),
        ("#/paths/~1insights~1{insight_id:}/get",
         "path template and parameters disagree; path template '/insights/{insight_id:}': "
         "unusual variable name(s) 'insight_id:'; matched to the parameters literally"),
        ("#/paths/~1items~1{item}/get",
         "path template and parameters disagree; path template '/items/{item}' has variable "
         "'item' but no path parameter of that name; taken as a required string parameter"),
        ("#/paths/~1items~1{item}/get",
         "path template and parameters disagree; path parameter 'other' does not appear in the "
         "path template '/items/{item}'; left out of the method (never sent)"),
    } <= found  # fmt: skip
    # Each is located at its line of the file, not just the file.
    lines = spec.read_text(encoding="utf-8").splitlines()
    for warning in result.warnings:
        if warning.location.pointer.endswith("/default"):
            assert warning.location.line is not None
            assert '"default"' in lines[warning.location.line - 1]


def test_the_client_is_generated_with_the_fallbacks(tmp_path: Path) -> None:
    package = generate_and_import(write(tmp_path, defective()), tmp_path / "out", "defects")
    import inspect

    resource = package.DefectsClient(base_url="http://127.0.0.1:9").default
    signature = inspect.signature(resource.get_insight)
    assert signature.parameters["flag"].default is False
    assert signature.parameters["level"].default == 1
    assert signature.parameters["mail"].default is None  # dropped: not sent
    assert [m.value for m in type(signature.parameters["level"].default)] == [1, 3]
    item = inspect.signature(resource.get_item)
    assert list(item.parameters)[:1] == ["item"] and "other" not in item.parameters
    thing = package.models.Thing.from_dict({})
    assert (thing.active, thing.count, thing.ratio) == (True, 5, None)


def test_strict_turns_every_recoverable_defect_into_an_error(tmp_path: Path) -> None:
    spec = write(tmp_path, defective())
    with pytest.raises(SpecError) as caught:
        build(spec, "defects", strict=True)
    messages = [p.message for p in caught.value.problems]
    assert "invalid default: 'false' is not of type 'boolean'" in messages
    assert "duplicate values: ['a', 'b', 'a'] has non-unique elements" in messages
    assert sum(m.startswith("path template and parameters disagree") for m in messages) == 3
    assert all(p.location.line is not None for p in caught.value.problems)


def test_strict_refuses_an_unknown_format_lenient_warns(tmp_path: Path) -> None:
    document = defective()
    document["components"]["schemas"]["Thing"]["properties"]["when"] = {
        "type": "integer",
        "format": "unix-seconds",
    }
    spec = write(tmp_path, document)
    warnings = [w for w in build(spec, "d").warnings if w.message.startswith("unknown format")]
    assert [w.location.pointer for w in warnings] == [
        "#/components/schemas/Thing/properties/when/format"
    ]
    assert "'unix-seconds'" in warnings[0].message and "typed as integer" in warnings[0].message
    document["paths"] = {}
    document["components"]["schemas"]["Thing"]["properties"] = {
        "when": {"type": "integer", "format": "unix-seconds"}
    }
    clean_but_for_format = write(tmp_path, document, "format.json")
    assert build(clean_but_for_format, "d").warnings  # lenient: generated, with the warning
    with pytest.raises(SpecError, match="unknown format"):
        build(clean_but_for_format, "d", strict=True)


def test_defects_with_no_meaning_stay_errors_even_when_lenient(tmp_path: Path) -> None:
    document = defective()
    document["components"]["schemas"]["Thing"]["properties"]["x"] = {"$ref": "#/nowhere"}
    with pytest.raises(SpecError) as caught:
        build(write(tmp_path, document), "d")
    assert any("#/nowhere" in p.message for p in caught.value.problems)
    missing = defective()
    del missing["paths"]["/items/{item}"]["get"]["responses"]
    with pytest.raises(SpecError, match="'responses' is a required property"):
        build(write(tmp_path, missing, "m.json"), "d")


@pytest.mark.parametrize(
    ("value", "schema", "validator", "expected"),
    [
        ("false", {"type": "boolean"}, "type", False),
        (" TRUE ", {"type": "boolean"}, "type", True),
        ("yes", {"type": "boolean"}, "type", DROP),
        ("5", {"type": "integer"}, "type", 5),
        ("2.5", {"type": "integer"}, "type", DROP),
        (3.0, {"type": "integer"}, "type", 3),
        ("2.5", {"type": "number"}, "type", 2.5),
        ("nan", {"type": "number"}, "type", DROP),
        (7, {"type": "string"}, "type", "7"),
        ("1", {"type": "integer", "enum": [1, 3]}, "enum", 1),
        ("2", {"type": "integer", "enum": [1, 3]}, "enum", DROP),
        ("7", {"type": "integer", "enum": [1, 3]}, "type", DROP),  # a number, but not allowed
        ("", {"type": "string", "format": "email"}, "format", DROP),
        (0, {"type": "integer", "minimum": 1}, "minimum", DROP),
        (True, {"type": "integer"}, "type", DROP),
    ],
)
def test_coercion_reads_only_what_the_text_spells(
    value: Any, schema: dict[str, Any], validator: str, expected: Any
) -> None:
    found = coerce_default(value, schema, validator)
    if expected is DROP:
        assert found is DROP
    else:
        assert found == expected and type(found) is type(expected)


def sdkgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def test_cli_flag_and_config_option(tmp_path: Path) -> None:
    write(tmp_path, defective(), "openapi.json")
    lenient = sdkgen("generate", "openapi.json", "-o", "sdk", cwd=tmp_path)
    assert lenient.returncode == 0, lenient.stderr
    assert "10 warning(s) (" in lenient.stderr and "Traceback" not in lenient.stderr
    strict = sdkgen("generate", "openapi.json", "-o", "sdk2", "--strict", cwd=tmp_path)
    assert strict.returncode == 2 and "Traceback" not in strict.stderr
    assert "openapi.json:" in strict.stderr and "invalid default:" in strict.stderr
    assert not (tmp_path / "sdk2").exists()
    (tmp_path / "sdkgen.toml").write_text(
        'strict = true\n[[sdk]]\nspec = "openapi.json"\noutput = "sdk3"\n', encoding="utf-8"
    )
    configured = sdkgen("generate", cwd=tmp_path)
    assert configured.returncode == 2 and "invalid default:" in configured.stderr
    (tmp_path / "sdkgen.toml").write_text(
        '[[sdk]]\nspec = "openapi.json"\noutput = "sdk3"\nstrict = "yes"\n', encoding="utf-8"
    )
    bad = sdkgen("generate", cwd=tmp_path)
    assert bad.returncode == 2 and "'strict' must be true or false" in bad.stderr


def test_unexpected_fields_and_unrequired_path_parameters_are_recoverable(tmp_path: Path) -> None:
    # Shapes of openapi-python-client's end-to-end specs: `title` on an operation, `const` in
    # a 3.0 schema, a path parameter without `required: true`.
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Odd", "version": "1"},
        "paths": {
            "/things/{id}": {
                "get": {
                    "title": "Get a thing",
                    "operationId": "getThing",
                    "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {
                                "type": "object",
                                "properties": {"kind": {"const": "thing"}},
                            }}},
                        }
                    },
                }
            }
        },
    }  # fmt: skip
    spec = write(tmp_path, document)
    found = {(w.location.pointer, w.message) for w in build(spec, "odd").warnings}
    get = "#/paths/~1things~1{id}/get"
    assert {
        (get, "unexpected field; 'title' is not an OpenAPI field here; ignored"),
        (f"{get}/responses/200/content/application~1json/schema/properties/kind",
         "unexpected field; 'const' is not an OpenAPI field here; ignored"),
        (f"{get}/parameters/0",
         "path parameter not required; path parameter 'id' lacks required: true; "
         "taken as required"),
    } <= found  # fmt: skip
    package = generate_and_import(spec, tmp_path / "out", "odd")
    import inspect

    signature = inspect.signature(package.OddClient(base_url="http://x").default.get_thing)
    assert signature.parameters["id"].default is inspect.Parameter.empty
    assert (
        package.models.GetThingResponse.__annotations__["kind"] == "Optional[GetThingResponseKind]"
    )
    with pytest.raises(SpecError, match="unexpected field: 'title'"):
        build(spec, "odd", strict=True)
