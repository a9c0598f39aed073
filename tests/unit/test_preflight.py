"""Warnings that predict run-time failures (generator/preflight.py), said when generating: each
case is a spec that validates and still gives a client that fails, and its safe twin."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.pipeline import build

SPEC = """
openapi: 3.0.3
info: {title: Keys, version: "1"}
servers: [{url: "https://api.example.com"}]
security: [{main: []}]
paths:
  /a:
    get:
      operationId: getA
      responses: {"200": {description: ok}}
  /b:
    get:
      operationId: getB
      security: [{admin: []}]
      responses: {"200": {description: ok}}
  /c:
    get:
      operationId: getC
      security: [{admin: []}, {main: []}]
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    main: {type: apiKey, in: header, name: X-Key}
    admin: {type: apiKey, in: header, name: X-Admin-Key}
"""


def _advice(tmp_path: Path, doc: dict[str, Any]) -> list[str]:
    spec = tmp_path / "api.yaml"
    spec.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return [str(p) for p in build(spec).advice]


def test_a_second_key_the_client_does_not_send_is_predicted(tmp_path: Path) -> None:
    (advice,) = _advice(tmp_path, yaml.safe_load(SPEC))
    assert "'admin' not applied by the client" in advice
    assert "1 operation(s)" in advice  # /c may use the main key instead
    assert "#/paths/~1b/get" in advice and "default_headers=" in advice


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["paths"]["/b"]["get"].__setitem__("security", [{"admin": []}, {"main": []}]),
        lambda d: d["paths"]["/b"]["get"].__setitem__("security", []),  # no credentials needed
        lambda d: d["paths"]["/b"]["get"].pop("security"),  # the root's
    ],
)
def test_no_warning_when_the_applied_key_suffices(tmp_path: Path, edit: Any) -> None:
    doc = copy.deepcopy(yaml.safe_load(SPEC))
    edit(doc)
    assert _advice(tmp_path, doc) == []


def test_the_scheme_the_key_goes_with_follows_the_root_security(tmp_path: Path) -> None:
    doc = yaml.safe_load(SPEC)
    doc["security"] = [{"admin": []}]  # api_key= now goes with admin: every operation works
    assert _advice(tmp_path, doc) == []
    doc["paths"]["/a"]["get"]["security"] = [{"main": []}]
    (advice,) = _advice(tmp_path, doc)
    assert "'main' not applied by the client" in advice and "#/paths/~1a/get" in advice
