"""The fast verdict (``generator.load._fast``) never passes what the detailed validator reports.

The safety property: ``is_clean(document)`` implies the detailed openapi-spec-validator run
(``validate`` without a depth) finds no problem and does not crash. Checked on the platforms'
specs (which it must pass, or generating them is slow), on hand-made faults of each kind the
library checks, and on seeded random damage to real specs.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.errors import Location
from generator.load import load_spec
from generator.load._fast import MAX_DEPTH, is_clean
from generator.load._v32 import validation_view
from generator.load._validate import validate
from tests.support.documents import node_paths

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted(ROOT.glob("specs/*/openapi.yaml"))


def detailed(document: dict[str, Any], version: str) -> tuple[list[Any], str | None]:
    """What the library reports: errors and recoverable defects (warnings once repaired)."""
    problems, defects, crash = validate(document, version, lambda p: Location("x", None, p))
    return [*problems, *(d.pointer for d in defects)], crash


@pytest.fixture(scope="module")
def documents() -> dict[str, tuple[dict[str, Any], str]]:
    loaded = {}
    for path in SPECS:
        spec = load_spec(path)
        # What the loader validates: 3.2 keywords (itemSchema) set aside (load/_v32.py).
        version = "3.1" if spec.openapi_version == "3.2" else spec.openapi_version
        loaded[path.parent.name] = (validation_view(spec.document), version)
    return loaded


def test_every_platform_spec_takes_the_fast_path_and_is_valid(
    documents: dict[str, tuple[dict[str, Any], str]],
) -> None:
    assert len(documents) == 4
    versions = set()
    for name, (document, version) in documents.items():
        assert is_clean(document, version, 10), name
        assert detailed(document, version) == ([], None), name
        versions.add(version)
    assert versions == {"3.0", "3.1"}


def _base(version: str) -> dict[str, Any]:
    return {
        "openapi": "3.0.3" if version == "3.0" else "3.1.0",
        "info": {"title": "t", "version": "1"},
        "tags": [{"name": "a"}],
        "paths": {
            "/items/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "default": 10, "maximum": 50},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Item"}
                                }
                            },
                        }
                    },
                },
            }
        },
        "components": {
            "schemas": {
                "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Item": {
                    "allOf": [{"$ref": "#/components/schemas/Base"}],
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {
                        "name": {"type": "string", "pattern": "^[a-z]+$", "default": "abc"},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                    },
                },
                "Kind": {"type": "string", "enum": ["x", "y"], "default": "x"},
            }
        },
    }


def _at(document: dict[str, Any], *path: str) -> Any:
    node: Any = document
    for token in path:
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


_ITEM = ("components", "schemas", "Item")
_GET = ("paths", "/items/{id}", "get")
FAULTS: dict[str, Callable[[dict[str, Any]], None]] = {
    "unknown type": lambda d: _at(d, *_ITEM, "properties", "name").update(type="strnig"),
    "bad regex": lambda d: _at(d, *_ITEM, "properties", "name").update(pattern="(("),
    "bad default": lambda d: _at(d, *_ITEM, "properties", "name").update(default=5),
    "bad default via ref": lambda d: _at(d, *_ITEM).update(default={"id": "1", "kind": "z"}),
    "required but undefined under allOf": lambda d: _at(d, *_ITEM, "required").append("nope"),
    "path parameter not in url": lambda d: d["paths"].update(
        {"/other": copy.deepcopy(d["paths"]["/items/{id}"])}
    ),
    "url parameter not declared": lambda d: _at(d, *_GET, "parameters").append(
        {"name": "extra", "in": "path", "required": True, "schema": {"type": "string"}}
    ),
    "duplicate parameter": lambda d: _at(d, *_GET, "parameters").append(
        copy.deepcopy(_at(d, *_GET, "parameters", "0"))
    ),
    "duplicate tag": lambda d: d["tags"].append({"name": "a"}),
    "response without description": lambda d: _at(d, *_GET, "responses", "200").pop("description"),
    "unknown info field": lambda d: d["info"].update(colour="blue"),
    "parameter schema not a schema": lambda d: _at(d, *_GET, "parameters", "0").update(
        schema={"type": 5}
    ),
}


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_the_base_document_is_clean(version: str) -> None:
    document = _base(version)
    assert detailed(document, version) == ([], None)
    assert is_clean(document, version, 10)


@pytest.mark.parametrize("version", ["3.0", "3.1"])
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_the_library_reports_is_never_passed(fault: str, version: str) -> None:
    document = _base(version)
    FAULTS[fault](document)
    problems, crash = detailed(document, version)
    if not problems and crash is None:
        pytest.fail(f"the detailed validator accepts {fault!r} in {version}: a useless case")
    assert not is_clean(document, version, 10)


def test_a_deep_document_takes_the_detailed_path() -> None:
    assert not is_clean(_base("3.0"), "3.0", MAX_DEPTH + 1)


_JUNK: list[Any] = [
    5,
    -1,
    1.5,
    "x",
    "",
    None,
    True,
    [],
    {},
    {"type": "strnig"},
    {"$ref": "#/components/schemas/Nope"},
    {"$ref": "#/components/schemas/Item"},
    {"type": "string", "default": 3},
    {"pattern": "(("},
    [{"name": "a", "in": "path"}],
]


@pytest.mark.parametrize("seed", range(4))
def test_random_damage_is_never_passed_when_the_library_reports_it(
    seed: int, documents: dict[str, tuple[dict[str, Any], str]]
) -> None:
    rng = random.Random(seed)
    names = [*sorted(documents), "base-3.0", "base-3.1"]
    passed = refused = 0
    for _ in range(60):
        name = rng.choice(names)
        if name.startswith("base-"):
            version = name[-3:]
            document = _base(version)
        else:
            original, version = documents[name]
            document = copy.deepcopy(original)
        path = rng.choice(node_paths(document)[1:])
        parent = document
        for token in path[:-1]:
            parent = parent[token]
        parent[path[-1]] = copy.deepcopy(rng.choice(_JUNK))
        if is_clean(document, version, 10):
            passed += 1
            assert detailed(document, version) == ([], None), (name, path)
        else:
            refused += 1
    assert passed > 0 and refused > 0  # both outcomes were exercised
