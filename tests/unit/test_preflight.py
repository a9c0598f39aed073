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


def test_a_second_key_is_an_argument_of_its_own_so_nothing_is_predicted(tmp_path: Path) -> None:
    # Every apiKey/http scheme is a constructor argument (ir/security.py): a second key no
    # longer leaves operations the client cannot call, so generation predicts no failure.
    spec = tmp_path / "api.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    built = build(spec)
    assert [str(p) for p in built.advice] == []
    assert {(a.key, a.arg) for a in built.package.auth} == {("main", "api_key"), ("admin", "admin")}


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["paths"]["/b"]["get"].__setitem__("security", [{"admin": []}, {"main": []}]),
        lambda d: d["paths"]["/b"]["get"].__setitem__("security", []),  # no credentials needed
        lambda d: d["paths"]["/b"]["get"].pop("security"),  # the root's
        lambda d: d.__setitem__("security", [{"admin": []}]),
    ],
)
def test_no_warning_for_schemes_the_client_applies(tmp_path: Path, edit: Any) -> None:
    doc = copy.deepcopy(yaml.safe_load(SPEC))
    edit(doc)
    assert _advice(tmp_path, doc) == []


def test_a_scheme_the_client_cannot_apply_is_predicted(tmp_path: Path) -> None:
    doc = yaml.safe_load(SPEC)
    doc["components"]["securitySchemes"]["admin"] = {"type": "http", "scheme": "digest"}
    (advice,) = _advice(tmp_path, doc)
    assert "#/components/securitySchemes/admin" in advice and "digest" in advice
