"""``diff`` reads a stream's items from ``itemSchema`` (OpenAPI 3.2) as from ``schema``: moving
an event schema from one to the other is no change, changing the item schema is one."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from generator.diff import diff_specs
from generator.load import load_spec

EVENT = {
    "type": "object",
    "required": ["type"],
    "properties": {"type": {"type": "string"}, "n": {"type": "integer"}},
}


def document(media: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "S", "version": "1"},
        "paths": {
            "/events": {
                "get": {
                    "operationId": "events",
                    "responses": {
                        "200": {"description": "events", "content": {"text/event-stream": media}}
                    },
                }
            }
        },
        "components": {"schemas": {"Event": EVENT}},
    }


def item(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "itemSchema": {
            "type": "object",
            "properties": {
                "data": {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": schema,
                }
            },
        }
    }


def changes(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    found = diff_specs(load_spec(tmp_path / "old.json"), load_spec(tmp_path / "new.json"))
    return [c.rule for c in found]


def test_schema_to_item_schema_is_no_change(tmp_path: Path) -> None:
    old = document({"schema": {"$ref": "#/components/schemas/Event"}})
    new = document(item({"$ref": "#/components/schemas/Event"}))
    assert changes(tmp_path, old, new) == []


def test_a_changed_item_schema_is_a_change(tmp_path: Path) -> None:
    old = document(item({"$ref": "#/components/schemas/Event"}))
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Event"]["required"] = []  # a response field made optional
    assert "response-property-became-optional" in changes(tmp_path, old, new)
