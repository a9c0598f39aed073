# ruff: noqa: E501 -- the case table keeps each schema pair and its expectation on one line
"""One case per check of `generator diff`, each in the breaking and the safe direction: a
schema (or operation fragment) before and after, where it sits (request or response), and the
rule id the change must be reported under with its level."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from generator.diff import diff_specs
from generator.load import Spec

BASE = """
openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets/{id}:
    post:
      operationId: updatePet
      tags: [pets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/In"}}
      responses:
        "200":
          description: ok
          headers:
            X-Rate: {required: true, schema: {type: integer}}
          content:
            application/json: {schema: {$ref: "#/components/schemas/Out"}}
components:
  schemas:
    In: {type: object, properties: {v: {}}}
    Out: {type: object, properties: {v: {}}}
"""


def _spec(doc: dict[str, Any]) -> Spec:
    return Spec(
        path=__file__, display_path="spec.yaml", document=doc, sha256="", openapi_version="3.1"
    )  # type: ignore[arg-type]


def _pair(side: str, before: Any, after: Any) -> tuple[Spec, Spec]:
    docs = []
    for schema in (before, after):
        doc = yaml.safe_load(BASE)
        name = "In" if side == "request" else "Out"
        doc["components"]["schemas"][name]["properties"]["v"] = copy.deepcopy(schema)
        docs.append(doc)
    return _spec(docs[0]), _spec(docs[1])


def _levels(old: Spec, new: Spec) -> dict[str, str]:
    return {c.rule: c.level for c in diff_specs(old, new, surface=False)}


def _y(text: str) -> Any:
    return yaml.safe_load(text)


# (name, side, before, after, rule, level); each line's reverse is in the table too, or the
# safe variant is named explicitly.
SCHEMA_CASES = [
    (
        "max lowered in request",
        "request",
        "{type: integer, maximum: 100}",
        "{type: integer, maximum: 50}",
        "request-property-max-decreased",
        "breaking",
    ),
    (
        "max raised in request",
        "request",
        "{type: integer, maximum: 50}",
        "{type: integer, maximum: 100}",
        "request-property-max-increased",
        "info",
    ),
    (
        "max raised in response",
        "response",
        "{type: integer, maximum: 50}",
        "{type: integer, maximum: 100}",
        "response-property-max-increased",
        "breaking",
    ),
    (
        "max lowered in response",
        "response",
        "{type: integer, maximum: 100}",
        "{type: integer, maximum: 50}",
        "response-property-max-decreased",
        "info",
    ),
    (
        "exclusive max 3.1 lowered",
        "request",
        "{type: number, exclusiveMaximum: 10}",
        "{type: number, exclusiveMaximum: 5}",
        "request-property-max-decreased",
        "breaking",
    ),
    (
        "max made exclusive (3.0 flag)",
        "request",
        "{type: number, maximum: 10}",
        "{type: number, maximum: 10, exclusiveMaximum: true}",
        "request-property-max-decreased",
        "breaking",
    ),
    (
        "min raised in request",
        "request",
        "{type: integer, minimum: 1}",
        "{type: integer, minimum: 5}",
        "request-property-min-increased",
        "breaking",
    ),
    (
        "min lowered in response",
        "response",
        "{type: integer, minimum: 5}",
        "{type: integer, minimum: 1}",
        "response-property-min-decreased",
        "breaking",
    ),
    (
        "max set in request",
        "request",
        "{type: integer}",
        "{type: integer, maximum: 5}",
        "request-property-max-set",
        "warning",
    ),
    (
        "minLength raised in request",
        "request",
        "{type: string, minLength: 1}",
        "{type: string, minLength: 3}",
        "request-property-min-length-increased",
        "breaking",
    ),
    (
        "minLength lowered in request",
        "request",
        "{type: string, minLength: 3}",
        "{type: string, minLength: 1}",
        "request-property-min-length-decreased",
        "info",
    ),
    (
        "maxLength lowered in request",
        "request",
        "{type: string, maxLength: 9}",
        "{type: string, maxLength: 3}",
        "request-property-max-length-decreased",
        "breaking",
    ),
    (
        "maxLength unset in response",
        "response",
        "{type: string, maxLength: 9}",
        "{type: string}",
        "response-property-max-length-unset",
        "breaking",
    ),
    (
        "maxItems lowered in request",
        "request",
        "{type: array, maxItems: 9}",
        "{type: array, maxItems: 3}",
        "request-property-max-items-decreased",
        "breaking",
    ),
    (
        "minItems lowered in response",
        "response",
        "{type: array, minItems: 3}",
        "{type: array, minItems: 1}",
        "response-property-min-items-decreased",
        "breaking",
    ),
    (
        "integer to number in request",
        "request",
        "{type: integer}",
        "{type: number}",
        "request-property-type-generalized",
        "info",
    ),
    (
        "number to integer in request",
        "request",
        "{type: number}",
        "{type: integer}",
        "request-property-type-changed",
        "breaking",
    ),
    (
        "number to integer in response",
        "response",
        "{type: number}",
        "{type: integer}",
        "response-property-type-specialized",
        "info",
    ),
    (
        "integer to number in response",
        "response",
        "{type: integer}",
        "{type: number}",
        "response-property-type-changed",
        "breaking",
    ),
    (
        "format added in request",
        "request",
        "{type: string}",
        "{type: string, format: uuid}",
        "request-property-format-added",
        "breaking",
    ),
    (
        "format removed in response",
        "response",
        "{type: string, format: date-time}",
        "{type: string}",
        "response-property-format-removed",
        "breaking",
    ),
    (
        "format int32 to int64 in request",
        "request",
        "{type: integer, format: int32}",
        "{type: integer, format: int64}",
        "request-property-format-generalized",
        "info",
    ),
    (
        "format int32 to int64 in response",
        "response",
        "{type: integer, format: int32}",
        "{type: integer, format: int64}",
        "response-property-format-generalized",
        "breaking",
    ),
    (
        "nullable removed in request (3.0)",
        "request",
        "{type: string, nullable: true}",
        "{type: string}",
        "request-property-became-not-nullable",
        "breaking",
    ),
    (
        "nullable added in response (3.1)",
        "response",
        "{type: string}",
        "{type: [string, 'null']}",
        "response-property-became-nullable",
        "breaking",
    ),
    (
        "nullable added in request",
        "request",
        "{type: string}",
        "{type: [string, 'null']}",
        "request-property-became-nullable",
        "info",
    ),
    (
        "enum value removed in request",
        "request",
        "{type: string, enum: [a, b]}",
        "{type: string, enum: [a]}",
        "request-property-enum-value-removed",
        "breaking",
    ),
    (
        "enum value removed in response",
        "response",
        "{type: string, enum: [a, b]}",
        "{type: string, enum: [a]}",
        "response-property-enum-value-removed",
        "info",
    ),
    (
        "enum value added in response",
        "response",
        "{type: string, enum: [a]}",
        "{type: string, enum: [a, b]}",
        "response-property-enum-value-added",
        "warning",
    ),
    (
        "enum restructured into oneOf, value lost",
        "request",
        "{type: string, enum: [a, b]}",
        "{oneOf: [{const: a}]}",
        "request-property-enum-value-removed",
        "breaking",
    ),
    (
        "x-extensible-enum value removed",
        "request",
        "{type: string, x-extensible-enum: [a, b]}",
        "{type: string, x-extensible-enum: [a]}",
        "request-property-x-extensible-enum-value-removed",
        "breaking",
    ),
    (
        "x-extensible-enum value added",
        "response",
        "{type: string, x-extensible-enum: [a]}",
        "{type: string, x-extensible-enum: [a, b]}",
        "response-property-x-extensible-enum-value-added",
        "info",
    ),
    (
        "const added in request",
        "request",
        "{type: string}",
        "{type: string, const: a}",
        "request-property-const-added",
        "breaking",
    ),
    (
        "const removed in response",
        "response",
        "{type: string, const: a}",
        "{type: string}",
        "response-property-const-removed",
        "breaking",
    ),
    (
        "const changed",
        "response",
        "{const: a}",
        "{const: b}",
        "response-property-const-changed",
        "breaking",
    ),
    (
        "pattern added in request",
        "request",
        "{type: string}",
        "{type: string, pattern: '^a'}",
        "request-property-pattern-added",
        "breaking",
    ),
    (
        "pattern changed in request",
        "request",
        "{type: string, pattern: '^a'}",
        "{type: string, pattern: '^b'}",
        "request-property-pattern-changed",
        "warning",
    ),
    (
        "pattern removed in request",
        "request",
        "{type: string, pattern: '^a'}",
        "{type: string}",
        "request-property-pattern-generalized",
        "info",
    ),
    (
        "oneOf branch removed in request",
        "request",
        "{oneOf: [{type: string}, {type: integer}]}",
        "{oneOf: [{type: string}]}",
        "request-property-one-of-removed",
        "breaking",
    ),
    (
        "oneOf branch added in response",
        "response",
        "{oneOf: [{type: string}]}",
        "{oneOf: [{type: string}, {type: integer}]}",
        "response-property-one-of-added",
        "breaking",
    ),
    (
        "oneOf branch added in request",
        "request",
        "{oneOf: [{type: string}]}",
        "{oneOf: [{type: string}, {type: integer}]}",
        "request-property-one-of-added",
        "info",
    ),
    (
        "anyOf branch removed in request",
        "request",
        "{anyOf: [{type: string}, {type: integer}]}",
        "{anyOf: [{type: string}]}",
        "request-property-any-of-removed",
        "breaking",
    ),
    (
        "allOf part added in request",
        "request",
        "{allOf: [{type: object}]}",
        "{allOf: [{type: object}, {required: [x], properties: {x: {type: string}}}]}",
        "request-property-all-of-added",
        "breaking",
    ),
    (
        "wrapped in oneOf",
        "response",
        "{type: object}",
        "{oneOf: [{type: object}, {type: string}]}",
        "response-property-wrapped-in-one-of",
        "breaking",
    ),
    (
        "contains added in request",
        "request",
        "{type: array}",
        "{type: array, contains: {type: string}}",
        "request-property-contains-added",
        "breaking",
    ),
    (
        "contains removed in response",
        "response",
        "{type: array, contains: {type: string}}",
        "{type: array}",
        "response-property-contains-removed",
        "breaking",
    ),
    (
        "minContains raised in request",
        "request",
        "{type: array, contains: {}, minContains: 1}",
        "{type: array, contains: {}, minContains: 2}",
        "request-property-min-contains-increased",
        "breaking",
    ),
    (
        "if added in request",
        "request",
        "{type: object}",
        "{type: object, if: {required: [a]}, then: {required: [b]}}",
        "request-property-if-added",
        "breaking",
    ),
    (
        "then removed in response",
        "response",
        "{type: object, if: {}, then: {required: [b]}}",
        "{type: object, if: {}}",
        "response-property-then-removed",
        "breaking",
    ),
    (
        "dependentRequired added in request",
        "request",
        "{type: object}",
        "{type: object, dependentRequired: {a: [b]}}",
        "request-property-dependent-required-added",
        "breaking",
    ),
    (
        "dependentRequired removed in response",
        "response",
        "{type: object, dependentRequired: {a: [b]}}",
        "{type: object}",
        "response-property-dependent-required-removed",
        "breaking",
    ),
    (
        "dependentSchemas added in request",
        "request",
        "{type: object}",
        "{type: object, dependentSchemas: {a: {required: [b]}}}",
        "request-property-dependent-schema-added",
        "breaking",
    ),
    (
        "prefixItems added in request",
        "request",
        "{type: array}",
        "{type: array, prefixItems: [{type: string}]}",
        "request-property-prefix-items-added",
        "breaking",
    ),
    (
        "propertyNames added in request",
        "request",
        "{type: object}",
        "{type: object, propertyNames: {pattern: '^a'}}",
        "request-property-property-names-added",
        "breaking",
    ),
    (
        "unevaluatedProperties added in request",
        "request",
        "{type: object}",
        "{type: object, unevaluatedProperties: false}",
        "request-property-unevaluated-properties-added",
        "breaking",
    ),
    (
        "unevaluatedItems removed in response",
        "response",
        "{type: array, unevaluatedItems: false}",
        "{type: array}",
        "response-property-unevaluated-items-removed",
        "breaking",
    ),
    (
        "patternProperties entry added in request",
        "request",
        "{type: object}",
        "{type: object, patternProperties: {'^x-': {type: string}}}",
        "request-property-pattern-property-added",
        "breaking",
    ),
    (
        "contentMediaType changed",
        "request",
        "{type: string, contentMediaType: image/png}",
        "{type: string, contentMediaType: image/jpeg}",
        "request-property-content-media-type-changed",
        "breaking",
    ),
    (
        "contentSchema added in request",
        "request",
        "{type: string}",
        "{type: string, contentSchema: {type: object}}",
        "request-property-content-schema-added",
        "breaking",
    ),
    (
        "additionalProperties closed in request",
        "request",
        "{type: object}",
        "{type: object, additionalProperties: false}",
        "request-property-additional-properties-removed",
        "breaking",
    ),
    (
        "additionalProperties opened in response",
        "response",
        "{type: object, additionalProperties: false}",
        "{type: object, additionalProperties: true}",
        "response-property-additional-properties-added",
        "breaking",
    ),
    (
        "inside additionalProperties",
        "request",
        "{type: object, additionalProperties: {type: string}}",
        "{type: object, additionalProperties: {type: string, maxLength: 2}}",
        "request-property-max-length-set",
        "warning",
    ),
    (
        "inside items",
        "request",
        "{type: array, items: {type: string, enum: [a, b]}}",
        "{type: array, items: {type: string, enum: [a]}}",
        "request-property-enum-value-removed",
        "breaking",
    ),
    (
        "nested required added in request",
        "request",
        "{type: object, properties: {a: {type: object, properties: {b: {}}}}}",
        "{type: object, properties: {a: {type: object, required: [b], properties: {b: {}}}}}",
        "request-property-became-required",
        "breaking",
    ),
    (
        "response required property removed",
        "response",
        "{type: object, required: [a], properties: {a: {}}}",
        "{type: object, properties: {}}",
        "response-property-required-property-removed",
        "breaking",
    ),
    (
        "response property became optional",
        "response",
        "{type: object, required: [a], properties: {a: {}}}",
        "{type: object, properties: {a: {}}}",
        "response-property-became-optional",
        "breaking",
    ),
    (
        "readOnly made required in request",
        "request",
        "{type: object, properties: {a: {readOnly: true}}}",
        "{type: object, required: [a], properties: {a: {readOnly: true}}}",
        "request-property-became-required",
        "info",
    ),
    (
        "writeOnly made optional in response",
        "response",
        "{type: object, required: [a], properties: {a: {writeOnly: true}}}",
        "{type: object, properties: {a: {writeOnly: true}}}",
        "response-property-became-optional",
        "info",
    ),
    (
        "readOnly property enum narrowed in request",
        "request",
        "{type: object, properties: {a: {readOnly: true, enum: [x, y]}}}",
        "{type: object, properties: {a: {readOnly: true, enum: [x]}}}",
        "request-property-enum-value-removed",
        "info",
    ),
]


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_schema_check(case: tuple[str, str, str, str, str, str]) -> None:
    _, side, before, after, rule, level = case
    found = _levels(*_pair(side, _y(before), _y(after)))
    assert found.get(rule) == level, found
    # A schema compared with itself reports nothing.
    assert _levels(*_pair(side, _y(after), _y(after))) == {}


NOT_BREAKING = [
    (
        "oneOf null form equals nullable 3.0",
        "response",
        "{type: string, nullable: true}",
        "{oneOf: [{type: 'null'}, {type: string}]}",
    ),
    (
        "oneOf null form equals type list",
        "request",
        "{type: [string, 'null']}",
        "{anyOf: [{type: string}, {type: 'null'}]}",
    ),
    (
        "enum inline to oneOf of consts, same values",
        "request",
        "{type: string, enum: [a, b]}",
        "{oneOf: [{const: a}, {const: b}]}",
    ),
    (
        "recursive schema unchanged",
        "response",
        "{$ref: '#/components/schemas/Out'}",
        "{$ref: '#/components/schemas/Out'}",
    ),
]


@pytest.mark.parametrize("case", NOT_BREAKING, ids=[c[0] for c in NOT_BREAKING])
def test_equivalent_forms_are_not_breaking(case: tuple[str, str, str, str]) -> None:
    _, side, before, after = case
    found = _levels(*_pair(side, _y(before), _y(after)))
    assert "breaking" not in found.values(), found


def test_recursive_schema_change_found_once_without_looping() -> None:
    tree = "{type: object, properties: {child: {$ref: '#/components/schemas/Out'}, n: {type: integer, maximum: 9}}}"
    old, new = _pair("response", _y(tree), _y(tree.replace("maximum: 9", "maximum: 99")))
    old.document["components"]["schemas"]["Out"] = old.document["components"]["schemas"]["Out"][
        "properties"
    ]["v"]
    new.document["components"]["schemas"]["Out"] = new.document["components"]["schemas"]["Out"][
        "properties"
    ]["v"]
    changes = [
        c
        for c in diff_specs(old, new, surface=False)
        if c.rule == "response-property-max-increased"
    ]
    assert len(changes) == 1 and changes[0].level == "breaking"


def _op_pair(edit: Any) -> tuple[Spec, Spec]:
    old = yaml.safe_load(BASE)
    new = copy.deepcopy(old)
    edit(new)
    return _spec(old), _spec(new)


def _op(doc: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = doc["paths"]["/pets/{id}"]["post"]
    return result


def _param(name: str, where: str = "query", required: bool = False, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "schema": {"type": "string"}, **extra}


OPERATION_CASES: list[tuple[str, Any, str, str]] = [
    (
        "request body became required",
        lambda d: _op(d)["requestBody"].__setitem__("required", True),
        "request-body-became-required",
        "breaking",
    ),
    (
        "request body removed",
        lambda d: _op(d).pop("requestBody"),
        "request-body-removed",
        "breaking",
    ),
    (
        "request media type removed",
        lambda d: _op(d)["requestBody"].__setitem__(
            "content", {"text/plain": {"schema": {"type": "string"}}}
        ),
        "request-body-media-type-removed",
        "breaking",
    ),
    (
        "response media type removed",
        lambda d: _op(d)["responses"]["200"].__setitem__("content", {"text/plain": {}}),
        "response-media-type-removed",
        "breaking",
    ),
    (
        "response media type added",
        lambda d: _op(d)["responses"]["200"]["content"].__setitem__("text/csv", {}),
        "response-media-type-added",
        "info",
    ),
    (
        "required response header removed",
        lambda d: _op(d)["responses"]["200"].pop("headers"),
        "required-response-header-removed",
        "breaking",
    ),
    (
        "response header made optional",
        lambda d: _op(d)["responses"]["200"]["headers"]["X-Rate"].pop("required"),
        "response-header-became-optional",
        "breaking",
    ),
    (
        "response header widened",
        lambda d: _op(d)["responses"]["200"]["headers"]["X-Rate"]["schema"].__setitem__(
            "type", "number"
        ),
        "response-header-type-changed",
        "breaking",
    ),
    (
        "success status removed",
        lambda d: _op(d)["responses"].__setitem__("201", _op(d)["responses"].pop("200")),
        "response-success-status-removed",
        "breaking",
    ),
    (
        "error status added",
        lambda d: _op(d)["responses"].__setitem__("404", {"description": "x"}),
        "response-non-success-status-added",
        "info",
    ),
    (
        "required parameter added",
        lambda d: _op(d)["parameters"].append(_param("q", required=True)),
        "new-required-request-parameter",
        "breaking",
    ),
    (
        "optional parameter added",
        lambda d: _op(d)["parameters"].append(_param("q")),
        "new-optional-request-parameter",
        "info",
    ),
    (
        "security added to an open operation",
        lambda d: (
            d.__setitem__("security", [{"k": []}]),
            d["components"].__setitem__(
                "securitySchemes", {"k": {"type": "http", "scheme": "bearer"}}
            ),
        ),
        "security-tightened",
        "breaking",
    ),
    (
        "operation deprecated",
        lambda d: _op(d).__setitem__("deprecated", True),
        "endpoint-deprecated",
        "info",
    ),
    ("operation removed", lambda d: d["paths"].pop("/pets/{id}"), "operation-removed", "breaking"),
]


@pytest.mark.parametrize("case", OPERATION_CASES, ids=[c[0] for c in OPERATION_CASES])
def test_operation_check(case: tuple[str, Any, str, str]) -> None:
    _, edit, rule, level = case
    old, new = _op_pair(edit)
    assert _levels(old, new).get(rule) == level, _levels(old, new)


def _with(param: dict[str, Any]) -> Any:
    return lambda d: _op(d)["parameters"].append(param)


@pytest.mark.parametrize(
    ("before", "after", "rule", "level"),
    [
        (
            _param("q"),
            _param("q", where="header"),
            "request-parameter-location-changed",
            "breaking",
        ),
        (
            _param("q"),
            _param("q", style="pipeDelimited"),
            "request-parameter-style-changed",
            "breaking",
        ),
        (_param("q"), _param("q", explode=False), "request-parameter-explode-changed", "breaking"),
        (_param("q"), _param("q", required=True), "request-parameter-became-required", "breaking"),
        (_param("q", required=True), _param("q"), "request-parameter-became-optional", "info"),
        (
            _param("q"),
            {**_param("q"), "schema": {"type": "string", "default": "a"}},
            "request-parameter-default-value-added",
            "warning",
        ),
    ],
)
def test_parameter_check(
    before: dict[str, Any], after: dict[str, Any], rule: str, level: str
) -> None:
    old = yaml.safe_load(BASE)
    _op(old)["parameters"].append(before)
    new = copy.deepcopy(old)
    _op(new)["parameters"][-1] = after
    assert _levels(_spec(old), _spec(new)).get(rule) == level


def _secured(security: Any) -> Spec:
    doc = yaml.safe_load(BASE)
    doc["components"]["securitySchemes"] = {
        "oauth": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "/t", "scopes": {"r": "", "w": ""}}},
        },
        "key": {"type": "apiKey", "in": "header", "name": "k"},
    }
    if security is not None:
        doc["security"] = security
    return _spec(doc)


@pytest.mark.parametrize(
    ("before", "after", "rule", "level"),
    [
        ([{"oauth": ["r"]}], [{"oauth": ["r", "w"]}], "security-tightened", "breaking"),
        ([{"oauth": ["r", "w"]}], [{"oauth": ["r"]}], "security-loosened", "info"),
        ([{"oauth": ["r"]}], None, "security-loosened", "info"),
        ([{"oauth": ["r"]}], [{"oauth": ["r"]}, {"key": []}], "security-loosened", "info"),
        ([{"oauth": ["r"]}, {"key": []}], [{"oauth": ["r"]}], "security-tightened", "breaking"),
        ([{"key": []}], [{"key": [], "oauth": []}], "security-tightened", "breaking"),
    ],
)
def test_security_direction(before: Any, after: Any, rule: str, level: str) -> None:
    assert _levels(_secured(before), _secured(after)).get(rule) == level
