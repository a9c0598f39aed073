"""The "Ledger" spec: one operation behind an ``http: basic`` scheme, generated as package
``ledger`` by the basic-auth tests and the secrets tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["LEDGER_SPEC", "write_ledger_spec"]

LEDGER_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Ledger", "version": "1"},
    "servers": [{"url": "https://ledger.example/api"}],
    "security": [{"basic": []}],
    "components": {"securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}},
    "paths": {
        "/entries": {
            "get": {
                "operationId": "listEntries",
                "tags": ["entries"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        }
    },
}


def write_ledger_spec(folder: Path) -> Path:
    """``folder/openapi.yaml`` holding the Ledger spec."""
    path = folder / "openapi.yaml"
    path.write_text(yaml.safe_dump(LEDGER_SPEC), encoding="utf-8")
    return path
