# ruff: noqa: E501 -- the case table keeps each edit and its expected message on one line
"""`python -m generator diff OLD NEW`: breaking changes between spec versions."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.__main__ import main

BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "security": [{"key": []}],
    "components": {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "x-key"}},
        "schemas": {
            "Order": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "state": {"type": "string", "enum": ["new", "paid"]},
                },
            }
        },
    },
    "paths": {
        "/orders": {
            "get": {
                "operationId": "listOrders",
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Order"}}
                        },
                    },
                    "404": {"description": "none"},
                },
            },
            "post": {
                "operationId": "createOrder",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "note": {"type": "string"},
                                    "kind": {"type": "string", "enum": ["a", "b"]},
                                },
                            }
                        }
                    },
                },
                "responses": {"201": {"description": "made"}},
            },
        }
    },
}


def _write(tmp: Path, name: str, doc: dict[str, Any]) -> str:
    path = tmp / f"{name}.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return str(path)


def _edit(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    change(doc)
    return doc


BREAKING = {
    "removed operation": (lambda d: d["paths"]["/orders"].pop("post"), "operation POST /orders removed"),
    "removed parameter": (
        lambda d: d["paths"]["/orders"]["get"].pop("parameters"), "argument 'limit' removed"),
    "new required parameter": (
        lambda d: d["paths"]["/orders"]["get"]["parameters"].append(
            {"name": "shop", "in": "query", "required": True, "schema": {"type": "string"}}),
        "required query parameter 'shop' added"),
    "new required request field": (
        lambda d: d["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        .__setitem__("required", ["note"]), "property 'note': became required"),
    "removed response field": (
        lambda d: d["components"]["schemas"]["Order"]["properties"].pop("state"),
        "Order.state removed"),
    "narrowed enum": (
        lambda d: d["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        ["properties"]["kind"].__setitem__("enum", ["a"]), 'values removed "b"'),
    "changed type": (
        lambda d: d["components"]["schemas"]["Order"]["properties"]["id"].__setitem__("type", "integer"),
        "type string -> integer"),
    "removed status code": (
        lambda d: d["paths"]["/orders"]["get"]["responses"].pop("200"), "response status 200 removed"),
    "changed auth": (
        lambda d: d["components"]["securitySchemes"]["key"].__setitem__("name", "x-token"),
        "security scheme 'key': name 'x-key' -> 'x-token'"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BREAKING))
def test_breaking_change_reported_with_exit_1(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, expected = BREAKING[case]
    old, new = _write(tmp_path, "old", BASE), _write(tmp_path, "new", _edit(change))
    assert main(["diff", old, new]) == 1
    out = capsys.readouterr().out
    assert expected in out and out.splitlines()[0].startswith("BREAKING")
    assert main(["diff", old, new, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert any(c["kind"] == "breaking" and expected in c["message"] for c in report)


def test_additions_are_not_breaking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def add(d: dict[str, Any]) -> None:
        d["paths"]["/orders"]["get"]["parameters"].append(
            {"name": "page", "in": "query", "schema": {"type": "integer"}}
        )
        d["components"]["schemas"]["Order"]["properties"]["total"] = {"type": "number"}
        d["paths"]["/refunds"] = {
            "get": {"operationId": "refunds", "responses": {"200": {"description": "ok"}}}
        }

    old, new = _write(tmp_path, "old", BASE), _write(tmp_path, "new", _edit(add))
    assert main(["diff", old, new]) == 0
    out = capsys.readouterr().out
    assert "INFO" in out and "operation GET /refunds added" in out
    assert "0 breaking change(s)" in out.splitlines()[-1]


def test_identical_specs_have_no_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "same", BASE)
    assert main(["diff", path, path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
