"""readOnly and ``required``: relaxed only in models a request can carry, in one build.

The IR is built once; the models no request carries get their required readOnly fields back
afterwards. An operation that already read such a model's fields (``x-sdk-returns``, a waiter)
makes the builder build again, so what it picked is typed as required too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.ir import Warnings, build_package
from generator.ir.definitions import Model
from generator.ir.package import Package
from generator.load import load_spec

THING = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "string", "readOnly": True}, "name": {"type": "string"}},
}


def _spec(tmp_path: Path, returns: Any = None) -> Path:
    wrapped_op: dict[str, Any] = {
        "operationId": "getWrapped",
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Wrapped"}}
                },
            }
        },
    }
    if returns is not None:
        wrapped_op["x-sdk-returns"] = returns
    thing = {"$ref": "#/components/schemas/Thing"}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Read only", "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/NewThing"}
                            }
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "made",
                            "content": {"application/json": {"schema": thing}},
                        }
                    },
                }
            },
            "/wrapped": {"get": wrapped_op},
        },
        "components": {
            "schemas": {
                "Thing": THING,
                "NewThing": THING,
                "Wrapped": {
                    "type": "object",
                    "required": ["data"],
                    "properties": {"data": {"type": "string", "readOnly": True}},
                },
            }
        },
    }
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def _build(path: Path) -> Package:
    spec = load_spec(path)
    return build_package(spec, warnings=Warnings(spec))


def _required(package: Package, model: str) -> dict[str, bool]:
    for module in package.model_modules:
        for found in module.models:
            if isinstance(found, Model) and found.name == model:
                return {f.wire_name: f.required for f in found.fields}
    raise AssertionError(f"no model {model}")


def _operation(package: Package, name: str) -> Any:
    return next(op for r in package.resources for op in r.operations if op.name == name)


def test_read_only_is_required_only_where_no_request_carries_it(tmp_path: Path) -> None:
    package = _build(_spec(tmp_path))
    assert _required(package, "Thing") == {"id": True, "name": True}
    assert _required(package, "NewThing") == {"id": False, "name": True}
    assert _required(package, "Wrapped") == {"data": True}


def test_a_field_picked_before_the_fix_up_is_typed_as_required(tmp_path: Path) -> None:
    package = _build(_spec(tmp_path, returns="data"))
    assert _required(package, "Wrapped") == {"data": True}
    assert _operation(package, "get_wrapped").return_type.annotation == "str"


def test_building_twice_or_once_gives_the_same_package(tmp_path: Path) -> None:
    # The same spec with and without an operation reading Wrapped's fields differs only there.
    once = _build(_spec(tmp_path))
    again = _build(_spec(tmp_path, returns=["data"]))
    assert once.model_modules == again.model_modules
