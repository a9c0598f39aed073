"""Shapes real-world specs contain: constraints a client cannot check as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.errors import SpecError
from generator.ir.constraints import constraints_of
from generator.load import load_spec
from generator.pipeline import build


def same(value: Any) -> Any:
    return value


def test_pattern_python_cannot_compile_is_left_unchecked_with_a_warning() -> None:
    warned: list[tuple[str, str]] = []
    schema = {"type": "string", "pattern": r"^[\p{L}\p{N}]+$", "maxLength": 5}
    found = constraints_of(schema, same, lambda p, m: warned.append((p, m)), "#/x/schema")
    assert found.arguments == "max_length=5"
    assert warned == [("#/x/schema/pattern", "pattern is not a Python regex; unchecked")]


def test_bounds_that_are_not_numbers_are_ignored_and_enum_values_deduplicated() -> None:
    schema = {"minimum": "5", "maximum": True, "maxItems": 3, "pattern": "^a", "enum": [1, 1, 2]}
    assert constraints_of(schema, same).arguments == 'max_items=3, pattern="^a", enum=(1, 2)'


def spec_with_pattern(tmp_path: Path, pattern: str) -> Path:
    schema = {"type": "string", "pattern": pattern}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "P", "version": "1"},
        "paths": {
            "/p": {
                "get": {
                    "parameters": [{"name": "q", "in": "query", "schema": schema}],
                    "responses": {"204": {"description": "none"}},
                }
            }
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[\p{L}\p{N}_.:/=+\-@]*$",
        r"\Asnap-[0-9a-f]{8}\z",
        r"\P{C}*",
        r"^[\w- ]*$",
        r"^([$\-._+!*\x{60}(),;/?:@=&\w]|%[0-9a-fA-F]{2})+$",  # AWS Location (Java's \x{..})
    ],
)
def test_ecma_262_patterns_python_lacks_are_valid_and_left_unchecked(
    tmp_path: Path, pattern: str
) -> None:
    result = build(spec_with_pattern(tmp_path, pattern), "p")
    assert [(w.location.pointer, w.message) for w in result.warnings] == [
        ("#/paths/~1p/get/parameters/0/schema/pattern", "pattern is not a Python regex; unchecked")
    ]
    assert "pattern=" not in result.files["src/p/resources/default.py"]


def test_a_pattern_invalid_in_any_dialect_is_still_a_located_problem(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_spec(spec_with_pattern(tmp_path, "^(unclosed[a-z"))
    assert "#/paths/~1p/get/parameters/0/schema/pattern" in str(caught.value)
    assert "is not a 'regex'" in str(caught.value)


def test_deeply_nested_inline_schemas_get_short_distinct_file_names(tmp_path: Path) -> None:
    schema: dict[str, Any] = {"type": "string"}
    for i in range(100):
        schema = {"type": "object", "properties": {f"level{i}": schema}}
    long_name = "A" + "VeryLongSchemaName" * 20
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Deep", "version": "1"},
        "paths": {
            "/d": {
                "get": {
                    "tags": ["t" * 300],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": schema}},
                        },
                        "201": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{long_name}"}
                                }
                            },
                        },
                    },
                }
            }
        },
        "components": {"schemas": {long_name: {"type": "object", "properties": {"a": {}}}}},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    files = build(path, "deep").files
    models = [
        f for f in files if f.startswith("src/deep/models/") and not f.endswith("__init__.py")
    ]
    assert len(models) == 101
    assert max(len(Path(f).name) for f in files) <= 70
    assert any(f.startswith("src/deep/resources/tttt") for f in files)


def test_bounds_that_are_not_finite_bound_nothing() -> None:
    # YAML's .inf and .nan are floats: kept, they would be spelled `inf`/`nan` in the code.
    schema = {"type": "number", "minimum": float("-inf"), "maximum": float("inf"), "multipleOf": 2}
    assert not constraints_of(schema, same)
    schema = {"type": "number", "minimum": float("nan"), "maximum": 10}
    assert constraints_of(schema, same).arguments == "maximum=10"
