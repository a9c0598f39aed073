# ruff: noqa: E501 -- tables of spec pairs: each edit and what it must report stay on one line
"""Spec pairs for ``generator diff``, one per change kind, shared by the per-check tests
(tests/unit/test_diff_matrix.py) and the oasdiff check list's test (test_oasdiff_checks.py).

- ``SCHEMA_CASES``: a schema before and after a change, compared four ways (see ``directions``)
  and at every place a schema sits (``PLACES``: a body property, a whole body, a query
  parameter, a response header).
- ``OPERATION_CASES``: an edit of an operation or of the document, compared forwards and
  backwards, with the changes each way must report (wire view); ``SURFACE_CASES`` the same
  for edits the generated SDK's Python surface shows (method, argument, return, exception).

``emitted_rules()`` runs them all and returns every rule id they report: what the checks
actually emit, which the oasdiff list is held to.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, Callable, Optional, Union

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

DIRECTED = ("breaking", "info", "breaking", "info")
Kinds = Union[tuple[str, str], tuple[str, str, str, str]]

SCHEMA_CASES: list[tuple[str, str, str, Any, Any]] = [
    (
        "maximum",
        "{type: integer, maximum: 100}",
        "{type: integer, maximum: 50}",
        ("max-decreased", "max-increased"),
        DIRECTED,
    ),
    (
        "maximum set",
        "{type: integer}",
        "{type: integer, maximum: 50}",
        ("max-set", "max-unset"),
        ("warning", "info", "breaking", "info"),
    ),
    (
        "minimum",
        "{type: integer, minimum: 1}",
        "{type: integer, minimum: 5}",
        ("min-increased", "min-decreased"),
        DIRECTED,
    ),
    (
        "minimum set",
        "{type: integer}",
        "{type: integer, minimum: 5}",
        ("min-set", "min-unset"),
        ("warning", "info", "breaking", "info"),
    ),
    (
        "maxLength",
        "{type: string, maxLength: 10}",
        "{type: string, maxLength: 5}",
        ("max-length-decreased", "max-length-increased"),
        DIRECTED,
    ),
    (
        "maxLength set",
        "{type: string}",
        "{type: string, maxLength: 5}",
        ("max-length-set", "max-length-unset"),
        ("warning", "info", "breaking", "info"),
    ),
    (
        "minLength",
        "{type: string, minLength: 1}",
        "{type: string, minLength: 3}",
        ("min-length-increased", "min-length-decreased"),
        DIRECTED,
    ),
    (
        "maxItems",
        "{type: array, items: {type: string}, maxItems: 10}",
        "{type: array, items: {type: string}, maxItems: 5}",
        ("max-items-decreased", "max-items-increased"),
        DIRECTED,
    ),
    (
        "maxItems set",
        "{type: array, items: {type: string}}",
        "{type: array, items: {type: string}, maxItems: 5}",
        ("max-items-set", "max-items-unset"),
        ("warning", "info", "breaking", "info"),
    ),
    (
        "minItems",
        "{type: array, items: {type: string}, minItems: 1}",
        "{type: array, items: {type: string}, minItems: 3}",
        ("min-items-increased", "min-items-decreased"),
        DIRECTED,
    ),
    (
        "maxProperties",
        "{type: object, maxProperties: 10}",
        "{type: object, maxProperties: 5}",
        ("max-properties-decreased", "max-properties-increased"),
        DIRECTED,
    ),
    (
        "maxProperties set",
        "{type: object}",
        "{type: object, maxProperties: 5}",
        ("max-properties-set", "max-properties-unset"),
        ("warning", "info", "breaking", "info"),
    ),
    (
        "minProperties",
        "{type: object, minProperties: 1}",
        "{type: object, minProperties: 3}",
        ("min-properties-increased", "min-properties-decreased"),
        DIRECTED,
    ),
    (
        "maxContains",
        "{type: array, contains: {type: integer}, maxContains: 5}",
        "{type: array, contains: {type: integer}, maxContains: 3}",
        ("max-contains-decreased", "max-contains-increased"),
        DIRECTED,
    ),
    (
        "maxContains set",
        "{type: array, contains: {type: integer}}",
        "{type: array, contains: {type: integer}, maxContains: 3}",
        ("max-contains-set", "max-contains-unset"),
        ("warning", "info", "breaking", "info"),
    ),
    (
        "minContains",
        "{type: array, contains: {type: integer}, minContains: 1}",
        "{type: array, contains: {type: integer}, minContains: 2}",
        ("min-contains-increased", "min-contains-decreased"),
        DIRECTED,
    ),
    (
        "pattern",
        "{type: string}",
        "{type: string, pattern: '^a'}",
        ("pattern-added", "pattern-generalized"),
        ("breaking", "info", "warning", "info"),
    ),
    (
        "enum",
        "{type: string, enum: [a, b]}",
        "{type: string, enum: [a]}",
        ("enum-value-removed", "enum-value-added"),
        ("breaking", "info", "warning", "info"),
    ),
    (
        "became enum",
        "{type: string}",
        "{type: string, enum: [a]}",
        ("became-enum", "enum-removed"),
        DIRECTED,
    ),
    (
        "x-extensible-enum",
        "{type: string, x-extensible-enum: [a, b]}",
        "{type: string, x-extensible-enum: [a]}",
        ("x-extensible-enum-value-removed", "x-extensible-enum-value-added"),
        ("breaking", "info", "info", "info"),
    ),
    (
        "const",
        "{type: string}",
        "{type: string, const: a}",
        ("const-added", "const-removed"),
        DIRECTED,
    ),
    (
        "format",
        "{type: string}",
        "{type: string, format: email}",
        ("format-added", "format-removed"),
        DIRECTED,
    ),
    (
        "format specialized",
        "{type: number, format: double}",
        "{type: number, format: float}",
        ("format-specialized", "format-generalized"),
        DIRECTED,
    ),
    (
        "type",
        "{type: number}",
        "{type: integer}",
        ("type-changed", "type-generalized", "type-changed", "type-specialized"),
        DIRECTED,
    ),
    (
        "type string",
        "{type: [string, integer]}",
        "{type: string}",
        ("type-changed", "type-generalized", "type-changed", "type-specialized"),
        DIRECTED,
    ),
    (
        "nullable",
        "{type: [string, 'null']}",
        "{type: string}",
        ("became-not-nullable", "became-nullable"),
        DIRECTED,
    ),
    (
        "nullable oneOf",
        "{oneOf: [{type: 'null'}, {type: string}]}",
        "{type: string}",
        ("became-not-nullable", "became-nullable"),
        DIRECTED,
    ),
    (
        "required",
        "{type: object, properties: {a: {type: string}}}",
        "{type: object, properties: {a: {type: string}}, required: [a]}",
        ("became-required", "became-optional"),
        DIRECTED,
    ),
    (
        "additionalProperties",
        "{type: object, additionalProperties: true}",
        "{type: object, additionalProperties: false}",
        ("additional-properties-removed", "additional-properties-added"),
        DIRECTED,
    ),
    (
        "additionalProperties schema",
        "{type: object, additionalProperties: {type: [string, integer]}}",
        "{type: object, additionalProperties: {type: string}}",
        ("type-changed", "type-generalized", "type-changed", "type-specialized"),
        DIRECTED,
    ),
    (
        "items",
        "{type: array, items: {type: [string, integer]}}",
        "{type: array, items: {type: string}}",
        ("type-changed", "type-generalized", "type-changed", "type-specialized"),
        DIRECTED,
    ),
    (
        "contains",
        "{type: array}",
        "{type: array, contains: {type: integer}}",
        ("contains-added", "contains-removed"),
        DIRECTED,
    ),
    (
        "if",
        "{type: object}",
        "{type: object, if: {required: [a]}}",
        ("if-added", "if-removed"),
        DIRECTED,
    ),
    (
        "then",
        "{type: object, if: {required: [a]}}",
        "{type: object, if: {required: [a]}, then: {required: [b]}}",
        ("then-added", "then-removed"),
        DIRECTED,
    ),
    (
        "else",
        "{type: object, if: {required: [a]}}",
        "{type: object, if: {required: [a]}, else: {required: [b]}}",
        ("else-added", "else-removed"),
        DIRECTED,
    ),
    (
        "prefixItems",
        "{type: array}",
        "{type: array, prefixItems: [{type: string}]}",
        ("prefix-items-added", "prefix-items-removed"),
        DIRECTED,
    ),
    (
        "prefixItems more",
        "{type: array, prefixItems: [{type: string}]}",
        "{type: array, prefixItems: [{type: string}, {type: integer}]}",
        ("prefix-items-added", "prefix-items-removed"),
        DIRECTED,
    ),
    (
        "propertyNames",
        "{type: object}",
        "{type: object, propertyNames: {maxLength: 3}}",
        ("property-names-added", "property-names-removed"),
        DIRECTED,
    ),
    (
        "unevaluatedItems",
        "{type: array}",
        "{type: array, unevaluatedItems: false}",
        ("unevaluated-items-added", "unevaluated-items-removed"),
        DIRECTED,
    ),
    (
        "unevaluatedProperties",
        "{type: object}",
        "{type: object, unevaluatedProperties: false}",
        ("unevaluated-properties-added", "unevaluated-properties-removed"),
        DIRECTED,
    ),
    (
        "contentSchema",
        "{type: string, contentMediaType: application/json}",
        "{type: string, contentMediaType: application/json, contentSchema: {type: object}}",
        ("content-schema-added", "content-schema-removed"),
        DIRECTED,
    ),
    (
        "contentMediaType",
        "{type: string}",
        "{type: string, contentMediaType: application/json}",
        ("content-media-type-added", "content-media-type-removed"),
        DIRECTED,
    ),
    (
        "contentMediaType changed",
        "{type: string, contentMediaType: application/json}",
        "{type: string, contentMediaType: text/csv}",
        ("content-media-type-changed", "content-media-type-changed"),
        ("breaking", "breaking", "breaking", "breaking"),
    ),
    (
        "contentEncoding",
        "{type: string}",
        "{type: string, contentEncoding: base64}",
        ("content-encoding-added", "content-encoding-removed"),
        DIRECTED,
    ),
    (
        "contentEncoding changed",
        "{type: string, contentEncoding: base64}",
        "{type: string, contentEncoding: base32}",
        ("content-encoding-changed", "content-encoding-changed"),
        ("breaking", "breaking", "breaking", "breaking"),
    ),
    (
        "not",
        "{type: string}",
        "{type: string, not: {const: x}}",
        ("not-added", "not-removed"),
        DIRECTED,
    ),
    (
        "uniqueItems",
        "{type: array}",
        "{type: array, uniqueItems: true}",
        ("unique-items-added", "unique-items-removed"),
        DIRECTED,
    ),
    (
        "multipleOf",
        "{type: integer}",
        "{type: integer, multipleOf: 5}",
        ("multiple-of-added", "multiple-of-removed"),
        DIRECTED,
    ),
    (
        "multipleOf changed",
        "{type: integer, multipleOf: 5}",
        "{type: integer, multipleOf: 3}",
        ("multiple-of-changed", "multiple-of-changed"),
        ("breaking", "breaking", "breaking", "breaking"),
    ),
    (
        "patternProperties",
        "{type: object}",
        "{type: object, patternProperties: {'^x': {type: string}}}",
        ("pattern-property-added", "pattern-property-removed"),
        DIRECTED,
    ),
    (
        "dependentSchemas",
        "{type: object}",
        "{type: object, dependentSchemas: {a: {required: [b]}}}",
        ("dependent-schema-added", "dependent-schema-removed"),
        DIRECTED,
    ),
    (
        "dependentRequired",
        "{type: object}",
        "{type: object, dependentRequired: {a: [b]}}",
        ("dependent-required-added", "dependent-required-removed"),
        DIRECTED,
    ),
    (
        "dependentRequired changed",
        "{type: object, dependentRequired: {a: [b]}}",
        "{type: object, dependentRequired: {a: [b, c]}}",
        ("dependent-required-changed", "dependent-required-changed"),
        DIRECTED,
    ),
    (
        "oneOf",
        "{oneOf: [{type: string}, {type: integer}]}",
        "{oneOf: [{type: string}]}",
        ("one-of-removed", "one-of-added"),
        DIRECTED,
    ),
    (
        "anyOf",
        "{anyOf: [{type: string}, {type: integer}]}",
        "{anyOf: [{type: string}]}",
        ("any-of-removed", "any-of-added"),
        ("breaking", "info", "warning", "info"),
    ),
    (
        "allOf",
        "{allOf: [{type: object}]}",
        "{allOf: [{type: object}, {required: [a]}]}",
        ("all-of-added", "all-of-removed"),
        ("breaking", "info", "warning", "info"),
    ),
    (
        "wrapped in oneOf (oneOf needs exactly one match: not a plain widening)",
        "{type: string}",
        "{oneOf: [{type: string}, {type: integer}]}",
        ("wrapped-in-one-of", "one-of-removed"),
        ("breaking", "breaking", "info", "breaking"),
    ),
    (
        "property removed",
        "{type: object, properties: {a: {type: string}, b: {type: string}}}",
        "{type: object, properties: {a: {type: string}}}",
        (
            "removed",
            "optional-property-added",
            "optional-property-added",
            "optional-property-removed",
        ),
        ("warning", "info", "info", "warning"),
    ),
    (
        "required property removed",
        "{type: object, properties: {a: {type: string}, b: {type: string}}, required: [b]}",
        "{type: object, properties: {a: {type: string}}}",
        ("removed", "new-required", "required-property-added", "required-property-removed"),
        ("warning", "breaking", "info", "breaking"),
    ),
    (
        "readOnly",
        "{type: object, properties: {a: {type: string}}}",
        "{type: object, properties: {a: {type: string, readOnly: true}}}",
        ("became-read-only", "became-not-read-only"),
        ("info", "info", "info", "info"),
    ),
    (
        "writeOnly",
        "{type: object, properties: {a: {type: string}}}",
        "{type: object, properties: {a: {type: string, writeOnly: true}}}",
        ("became-write-only", "became-not-write-only"),
        ("info", "info", "info", "info"),
    ),
    (
        "discriminator",
        "{oneOf: [{$ref: '#/components/schemas/In'}], }",
        "{oneOf: [{$ref: '#/components/schemas/In'}], discriminator: {propertyName: k}}",
        ("discriminator-added", "discriminator-removed"),
        ("info", "info", "info", "info"),
    ),
    (
        "deprecated",
        "{type: string}",
        "{type: string, deprecated: true}",
        ("deprecated", "reactivated"),
        ("info", "info", "info", "info"),
    ),
    (
        "default",
        "{type: string, default: a}",
        "{type: string, default: b}",
        ("default-value-changed", "default-value-changed"),
        ("info", "info", "info", "info"),
    ),
    (
        "pattern changed",
        "{type: string, pattern: '^a'}",
        "{type: string, pattern: '^b'}",
        ("pattern-changed", "pattern-changed"),
        ("warning", "warning", "info", "info"),
    ),
    (
        "const changed",
        "{type: string, const: a}",
        "{type: string, const: b}",
        ("const-changed", "const-changed"),
        ("breaking",) * 4,
    ),
    (
        "default added",
        "{type: string}",
        "{type: string, default: a}",
        ("default-value-added", "default-value-removed"),
        ("info",) * 4,
    ),
    (
        "discriminator mapping",
        "{oneOf: [{$ref: '#/components/schemas/In'}, {$ref: '#/components/schemas/Out'}], discriminator: {propertyName: k, mapping: {a: '#/components/schemas/In', b: '#/components/schemas/Out'}}}",
        "{oneOf: [{$ref: '#/components/schemas/In'}, {$ref: '#/components/schemas/Out'}], discriminator: {propertyName: k, mapping: {a: '#/components/schemas/In'}}}",
        ("discriminator-mapping-deleted", "discriminator-mapping-added"),
        ("warning", "info", "warning", "info"),
    ),
    (
        "discriminator mapping changed",
        "{oneOf: [{$ref: '#/components/schemas/In'}, {$ref: '#/components/schemas/Out'}], discriminator: {propertyName: k, mapping: {a: '#/components/schemas/In'}}}",
        "{oneOf: [{$ref: '#/components/schemas/In'}, {$ref: '#/components/schemas/Out'}], discriminator: {propertyName: k, mapping: {a: '#/components/schemas/Out'}}}",
        ("discriminator-mapping-changed", "discriminator-mapping-changed"),
        ("warning",) * 4,
    ),
    (
        "discriminator property renamed",
        "{oneOf: [{$ref: '#/components/schemas/In'}], discriminator: {propertyName: k}}",
        "{oneOf: [{$ref: '#/components/schemas/In'}], discriminator: {propertyName: kind}}",
        ("discriminator-property-name-changed", "discriminator-property-name-changed"),
        ("warning",) * 4,
    ),
    (
        "format changed",
        "{type: string, format: email}",
        "{type: string, format: uri}",
        ("format-changed", "format-changed"),
        ("breaking",) * 4,
    ),
    (
        "additionalProperties restricted",
        "{type: object}",
        "{type: object, additionalProperties: {type: string}}",
        ("additional-properties-restricted", "additional-properties-unrestricted"),
        ("warning", "info", "warning", "info"),
    ),
]


# Where a schema can sit, with the rule prefix its changes get and the side it is on.
PLACES = {
    "request-property": "request",
    "response-property": "response",
    "request-body": "request",
    "response-body": "response",
    "request-parameter": "request",
    "request-parameter-property": "request",
    "response-header": "response",
}
# Kinds about what sits inside a schema (its properties, items, additionalProperties): their
# rules carry the nested prefix of the place (a parameter's property: request-parameter-property).
NESTED_KINDS = frozenset(
    {"required", "property removed", "required property removed", "readOnly", "writeOnly",
     "items", "additionalProperties schema"}
)  # fmt: skip
# A query parameter is text on the wire, so a type change among types spelled alike there is
# `type-compatible` (a warning), and its default is what the server assumes when a client leaves
# it out, so a changed default breaks (test_diff_matrix pins both); these rows are not compared
# as parameters.
PARAMETER_SPECIFIC = frozenset(
    {
        "type string",
        "items",
        "additionalProperties schema",
        "default",
        "default added",
    }
)
NESTED = {
    "request-property": "request-property",
    "response-property": "response-property",
    "request-body": "request-property",
    "response-body": "response-property",
    "request-parameter": "request-parameter-property",
    "request-parameter-property": "request-parameter-property",
    "response-header": "response-header-property",
}


def spec(doc: dict[str, Any]) -> Spec:
    return Spec(
        path=__file__, display_path="spec.yaml", document=doc, sha256="", openapi_version="3.1"
    )  # type: ignore[arg-type]


def _op(d: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = d["paths"]["/pets/{id}"]["post"]
    return result


def places(case: tuple[Any, ...]) -> list[str]:
    """The places a schema case is compared at."""
    return [
        p
        for p in PLACES
        if not (p.startswith("request-parameter") and case[0] in PARAMETER_SPECIFIC)
    ]


def placed(place: str, schema: Any) -> dict[str, Any]:
    """The base document with ``schema`` at ``place`` (one of ``PLACES``)."""
    doc = yaml.safe_load(BASE)
    schema = copy.deepcopy(schema)
    op = _op(doc)
    if place == "request-property":
        doc["components"]["schemas"]["In"]["properties"]["v"] = schema
    elif place == "response-property":
        doc["components"]["schemas"]["Out"]["properties"]["v"] = schema
    elif place == "request-body":
        op["requestBody"]["content"]["application/json"]["schema"] = schema
    elif place == "response-body":
        op["responses"]["200"]["content"]["application/json"]["schema"] = schema
    elif place == "request-parameter":
        op["parameters"].append({"name": "q", "in": "query", "schema": schema})
    elif place == "request-parameter-property":  # a deepObject parameter's property
        wrapped = {"type": "object", "properties": {"v": schema}}
        op["parameters"].append(
            {"name": "q", "in": "query", "style": "deepObject", "schema": wrapped}
        )
    else:
        op["responses"]["200"]["headers"]["X-Rate"]["schema"] = schema
    return doc


def found(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, str]]:
    """(rule, level) of every wire change from ``old`` to ``new``."""
    return {(c.rule, c.level) for c in diff_specs(spec(old), spec(new), surface=False)}


def directions(
    case: tuple[str, str, str, Kinds, tuple[str, str, str, str]], place: str
) -> Iterator[tuple[Any, Any, str, str]]:
    """The comparisons a schema case makes at ``place``: (before, after, rule, level). A
    request place narrows first -> second and widens back; a response place widens
    second -> first and narrows back (the rows' four kinds and levels, in that order)."""
    name, first, second, kinds, levels = case
    whats = (kinds[0], kinds[1], kinds[1], kinds[0]) if len(kinds) == 2 else kinds
    a, b = yaml.safe_load(first), yaml.safe_load(second)
    prefix = NESTED[place] if name in NESTED_KINDS else place
    if PLACES[place] == "request":
        yield a, b, f"{prefix}-{whats[0]}", levels[0]
        yield b, a, f"{prefix}-{whats[1]}", levels[1]
    else:
        yield b, a, f"{prefix}-{whats[2]}", levels[2]
        yield a, b, f"{prefix}-{whats[3]}", levels[3]


def _op(d):
    return d["paths"]["/pets/{id}"]["post"]


def _param(name, where="query", required=False, **extra):
    return {"name": name, "in": where, "required": required, "schema": {"type": "string"}, **extra}


def _schemes(d, **schemes):
    d["components"].setdefault("securitySchemes", {}).update(schemes)


OAUTH = {
    "type": "oauth2",
    "flows": {"clientCredentials": {"tokenUrl": "https://a/t", "scopes": {"r": "", "w": ""}}},
}
CB = {
    "onEvent": {
        "{$request.body#/url}": {
            "post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
}
HOOK = {
    "post": {
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "responses": {"200": {"description": "ok"}},
    }
}


def _op_at(d, path):
    return d["paths"][path]["post"]


def _cbschema(d):
    return _op(d)["callbacks"]["onEvent"]["{$request.body#/url}"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]


def _hookschema(d):
    return d["webhooks"]["petEvent"]["post"]["requestBody"]["content"]["application/json"]["schema"]


Edit = Optional[Callable[[dict[str, Any]], Any]]
Found = list[tuple[str, str]]
# (name, edit of both versions (or None), edit making the new version, forwards, backwards)
OPERATION_CASES: list[tuple[str, Edit, Edit, Found, Found]] = [
    (
        "request body required",
        None,
        lambda d: _op(d)["requestBody"].__setitem__("required", True),
        [("request-body-became-required", "breaking")],
        [("request-body-became-optional", "info")],
    ),
    (
        "request body removed",
        None,
        lambda d: _op(d).pop("requestBody"),
        [("request-body-removed", "breaking")],
        [("request-body-added-optional", "info")],
    ),
    (
        "request body added required",
        lambda d: _op(d).pop("requestBody"),
        lambda d: _op(d).__setitem__(
            "requestBody",
            {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
        ),
        [("request-body-added-required", "breaking")],
        [("request-body-removed", "breaking")],
    ),
    (
        "request media type added",
        None,
        lambda d: _op(d)["requestBody"]["content"].__setitem__(
            "text/plain", {"schema": {"type": "string"}}
        ),
        [("request-body-media-type-added", "info")],
        [("request-body-media-type-removed", "breaking")],
    ),
    (
        "response media type added",
        None,
        lambda d: _op(d)["responses"]["200"]["content"].__setitem__(
            "text/csv", {"schema": {"type": "string"}}
        ),
        [("response-media-type-added", "info")],
        [("response-media-type-removed", "breaking")],
    ),
    (
        "response header removed",
        None,
        lambda d: _op(d)["responses"]["200"].pop("headers"),
        [("required-response-header-removed", "breaking")],
        [("response-header-added", "info")],
    ),
    (
        "optional response header removed",
        lambda d: _op(d)["responses"]["200"]["headers"]["X-Rate"].pop("required"),
        lambda d: _op(d)["responses"]["200"].pop("headers"),
        [("optional-response-header-removed", "warning")],
        [("response-header-added", "info")],
    ),
    (
        "response header made optional",
        None,
        lambda d: _op(d)["responses"]["200"]["headers"]["X-Rate"].pop("required"),
        [("response-header-became-optional", "breaking")],
        [("response-header-became-required", "info")],
    ),
    (
        "success status added",
        None,
        lambda d: _op(d)["responses"].__setitem__("201", {"description": "x"}),
        [("response-success-status-added", "info")],
        [("response-success-status-removed", "breaking")],
    ),
    (
        "error status added",
        None,
        lambda d: _op(d)["responses"].__setitem__("404", {"description": "x"}),
        [("response-non-success-status-added", "info")],
        [("response-non-success-status-removed", "info")],
    ),
    (
        "optional parameter added",
        None,
        lambda d: _op(d)["parameters"].append(_param("q")),
        [("new-optional-request-parameter", "info")],
        [("request-parameter-removed", "warning")],
    ),
    (
        "required parameter added",
        None,
        lambda d: _op(d)["parameters"].append(_param("q", required=True)),
        [("new-required-request-parameter", "breaking")],
        [("request-parameter-removed", "warning")],
    ),
    (
        "parameter became required",
        lambda d: _op(d)["parameters"].append(_param("q")),
        lambda d: _op(d)["parameters"][-1].__setitem__("required", True),
        [("request-parameter-became-required", "breaking")],
        [("request-parameter-became-optional", "info")],
    ),
    (
        "parameter location changed",
        lambda d: _op(d)["parameters"].append(_param("q")),
        lambda d: _op(d)["parameters"][-1].__setitem__("in", "header"),
        [("request-parameter-location-changed", "breaking")],
        [("request-parameter-location-changed", "breaking")],
    ),
    (
        "parameter style changed",
        lambda d: _op(d)["parameters"].append(_param("q")),
        lambda d: _op(d)["parameters"][-1].__setitem__("style", "pipeDelimited"),
        [
            ("request-parameter-explode-changed", "breaking"),
            ("request-parameter-style-changed", "breaking"),
        ],
        [
            ("request-parameter-explode-changed", "breaking"),
            ("request-parameter-style-changed", "breaking"),
        ],
    ),
    (
        "parameter explode changed",
        lambda d: _op(d)["parameters"].append(_param("q")),
        lambda d: _op(d)["parameters"][-1].__setitem__("explode", False),
        [("request-parameter-explode-changed", "breaking")],
        [("request-parameter-explode-changed", "breaking")],
    ),
    (
        "parameter default added",
        lambda d: _op(d)["parameters"].append(_param("q")),
        lambda d: _op(d)["parameters"][-1]["schema"].__setitem__("default", "a"),
        [("request-parameter-default-value-added", "warning")],
        [("request-parameter-default-value-removed", "warning")],
    ),
    (
        "parameter default changed",
        lambda d: _op(d)["parameters"].append(
            _param("q", schema={"type": "string", "default": "a"})
        ),
        lambda d: _op(d)["parameters"][-1]["schema"].__setitem__("default", "b"),
        [("request-parameter-default-value-changed", "breaking")],
        [("request-parameter-default-value-changed", "breaking")],
    ),
    (
        "parameter deprecated",
        lambda d: _op(d)["parameters"].append(_param("q")),
        lambda d: _op(d)["parameters"][-1].__setitem__("deprecated", True),
        [("request-parameter-deprecated", "info")],
        [("request-parameter-reactivated", "info")],
    ),
    (
        "parameter schema narrowed",
        lambda d: _op(d)["parameters"].append(
            _param("q", schema={"type": "integer", "maximum": 10})
        ),
        lambda d: _op(d)["parameters"][-1]["schema"].__setitem__("maximum", 5),
        [("request-parameter-max-decreased", "breaking")],
        [("request-parameter-max-increased", "info")],
    ),
    (
        "operation deprecated",
        None,
        lambda d: _op(d).__setitem__("deprecated", True),
        [("endpoint-deprecated", "info")],
        [("endpoint-reactivated", "info")],
    ),
    (
        "operation removed",
        None,
        lambda d: d["paths"].pop("/pets/{id}"),
        [("operation-removed", "breaking")],
        [("operation-added", "info")],
    ),
    (
        "deprecated operation removed",
        lambda d: _op(d).__setitem__("deprecated", True),
        lambda d: d["paths"].pop("/pets/{id}"),
        [("operation-removed-with-deprecation", "info")],
        [("operation-added", "info")],
    ),
    (
        "operationId changed",
        None,
        lambda d: _op(d).__setitem__("operationId", "editPet"),
        [("api-operation-id-changed", "info")],
        [("api-operation-id-changed", "info")],
    ),
    (
        "tags changed",
        None,
        lambda d: _op(d).__setitem__("tags", ["animals"]),
        [("api-tags-changed", "info")],
        [("api-tags-changed", "info")],
    ),
    (
        "security added",
        lambda d: _schemes(d, k={"type": "http", "scheme": "bearer"}),
        lambda d: d.__setitem__("security", [{"k": []}]),
        [("security-tightened", "breaking")],
        [("security-loosened", "info")],
    ),
    (
        "scope added",
        lambda d: (_schemes(d, oauth=OAUTH), d.__setitem__("security", [{"oauth": ["r"]}])),
        lambda d: d.__setitem__("security", [{"oauth": ["r", "w"]}]),
        [("security-tightened", "breaking")],
        [("security-loosened", "info")],
    ),
    (
        "alternative added",
        lambda d: (
            _schemes(d, oauth=OAUTH, k={"type": "apiKey", "in": "header", "name": "k"}),
            d.__setitem__("security", [{"oauth": ["r"]}]),
        ),
        lambda d: d["security"].append({"k": []}),
        [("security-loosened", "info")],
        [("security-tightened", "breaking")],
    ),
    (
        "security scheme added",
        None,
        lambda d: _schemes(d, k={"type": "apiKey", "in": "header", "name": "k"}),
        [("security-scheme-added", "info")],
        [("security-scheme-removed", "info")],
    ),
    (
        "security scheme header renamed",
        lambda d: _schemes(d, k={"type": "apiKey", "in": "header", "name": "k"}),
        lambda d: d["components"]["securitySchemes"]["k"].__setitem__("name", "x-key"),
        [("security-scheme-name-changed", "breaking")],
        [("security-scheme-name-changed", "breaking")],
    ),
    (
        "oauth token url changed",
        lambda d: _schemes(d, oauth=OAUTH),
        lambda d: d["components"]["securitySchemes"].__setitem__(
            "oauth",
            {
                **OAUTH,
                "flows": {
                    "clientCredentials": {"tokenUrl": "https://b/t", "scopes": {"r": "", "w": ""}}
                },
            },
        ),
        [("security-scheme-oauth-url-changed", "info")],
        [("security-scheme-oauth-url-changed", "info")],
    ),
    (
        "oauth scope removed from scheme",
        lambda d: _schemes(d, oauth=OAUTH),
        lambda d: d["components"]["securitySchemes"].__setitem__(
            "oauth",
            {
                **OAUTH,
                "flows": {"clientCredentials": {"tokenUrl": "https://a/t", "scopes": {"r": ""}}},
            },
        ),
        [("security-scheme-oauth-scope-removed", "info")],
        [("security-scheme-oauth-scope-added", "info")],
    ),
    (
        "server added",
        lambda d: d.__setitem__("servers", [{"url": "https://a.example.com"}]),
        lambda d: d["servers"].append({"url": "https://b.example.com"}),
        [("server-added", "info")],
        [("server-removed", "warning")],
    ),
    (
        "operation server added",
        None,
        lambda d: _op(d).__setitem__("servers", [{"url": "https://b.example.com"}]),
        [("server-added", "info")],
        [("server-removed", "warning")],
    ),
    (
        "callback added",
        None,
        lambda d: _op(d).__setitem__("callbacks", CB),
        [("callback-added", "info")],
        [("callback-removed", "breaking")],
    ),
    (
        "webhook added",
        None,
        lambda d: d.__setitem__("webhooks", {"petEvent": HOOK}),
        [("webhook-added", "info")],
        [("webhook-removed", "breaking")],
    ),
    (
        "callback body widened",
        lambda d: (
            _op(d).__setitem__("callbacks", copy.deepcopy(CB)),
            _cbschema(d).__setitem__("properties", {"a": {"type": "integer"}}),
        ),
        lambda d: _cbschema(d)["properties"]["a"].__setitem__("type", "number"),
        [("response-property-type-changed", "breaking")],
        [("response-property-type-specialized", "info")],
    ),
    (
        "webhook body widened",
        lambda d: (
            d.__setitem__("webhooks", {"petEvent": copy.deepcopy(HOOK)}),
            _hookschema(d).__setitem__("properties", {"a": {"type": "integer"}}),
        ),
        lambda d: _hookschema(d)["properties"]["a"].__setitem__("type", "number"),
        [("response-property-type-changed", "breaking")],
        [("response-property-type-specialized", "info")],
    ),
    (
        "request media type schema added",
        lambda d: _op(d)["requestBody"]["content"].__setitem__("text/plain", {}),
        lambda d: _op(d)["requestBody"]["content"]["text/plain"].__setitem__(
            "schema", {"type": "string"}
        ),
        [("request-body-media-type-schema-added", "breaking")],
        [("request-body-media-type-schema-removed", "info")],
    ),
    (
        "response media type schema added",
        lambda d: _op(d)["responses"]["200"]["content"].__setitem__("text/csv", {}),
        lambda d: _op(d)["responses"]["200"]["content"]["text/csv"].__setitem__(
            "schema", {"type": "string"}
        ),
        [("response-body-media-type-schema-added", "info")],
        [("response-body-media-type-schema-removed", "warning")],
    ),
    (
        "security scheme type changed",
        lambda d: _schemes(d, k={"type": "apiKey", "in": "header", "name": "k"}),
        lambda d: d["components"]["securitySchemes"].__setitem__(
            "k", {"type": "http", "scheme": "bearer"}
        ),
        [
            ("security-scheme-in-changed", "breaking"),
            ("security-scheme-name-changed", "breaking"),
            ("security-scheme-scheme-changed", "breaking"),
            ("security-scheme-type-changed", "breaking"),
        ],
        [
            ("security-scheme-in-changed", "breaking"),
            ("security-scheme-name-changed", "breaking"),
            ("security-scheme-scheme-changed", "breaking"),
            ("security-scheme-type-changed", "breaking"),
        ],
    ),
]


def operation_pair(
    case: tuple[str, Edit, Edit, Found, Found],
) -> tuple[dict[str, Any], dict[str, Any]]:
    _, both, edit, _, _ = case
    old = yaml.safe_load(BASE)
    if both is not None:
        both(old)
    new = copy.deepcopy(old)
    assert edit is not None
    edit(new)
    return old, new


def _with_model(d: dict[str, Any]) -> None:
    d["components"]["schemas"]["Extra"] = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
    }


# The generated SDK's surface (diff_specs(surface=True)): edits and every change each way reports,
# on the wire and in the Python API (test_diff.py also tests these on generated packages).
SURFACE_CASES: list[tuple[str, Edit, Edit, Found, Found]] = [
    (
        "webhook helper added",
        None,
        lambda d: d.__setitem__("webhooks", {"petEvent": copy.deepcopy(HOOK)}),
        [
            ("webhook-added", "info"),
            ("sdk-webhook-helper-added", "info"),
            ("sdk-exception-added", "info"),
        ],  # InvalidWebhookError, WebhookVerificationError
        [
            ("webhook-removed", "breaking"),
            ("sdk-webhook-helper-removed", "breaking"),
            ("sdk-exception-removed", "breaking"),
        ],
    ),
    (
        "webhook payload type changed",
        lambda d: d.__setitem__("webhooks", {"petEvent": copy.deepcopy(HOOK)}),
        lambda d: _hookschema(d).update({"type": "array", "items": {"type": "string"}}),
        [("response-body-type-changed", "breaking"), ("sdk-webhook-payload-changed", "warning")],
        [("response-body-type-changed", "breaking"), ("sdk-webhook-payload-changed", "warning")],
    ),
    (
        "webhook renamed",
        lambda d: d.__setitem__("webhooks", {"petEvent": copy.deepcopy(HOOK)}),
        lambda d: d.__setitem__("webhooks", {"petChanged": d["webhooks"].pop("petEvent")}),
        [
            ("webhook-added", "info"),
            ("webhook-removed", "breaking"),
            ("sdk-webhook-helper-added", "info"),
            ("sdk-webhook-helper-removed", "breaking"),
        ],
        [
            ("webhook-added", "info"),
            ("webhook-removed", "breaking"),
            ("sdk-webhook-helper-added", "info"),
            ("sdk-webhook-helper-removed", "breaking"),
        ],
    ),
    (
        "model removed",
        _with_model,
        lambda d: d["components"]["schemas"].pop("Extra"),
        [("sdk-type-removed", "breaking")],
        [("sdk-type-added", "info")],
    ),
    (
        "method renamed",
        None,
        lambda d: _op(d).__setitem__("operationId", "editPet"),
        [("api-operation-id-changed", "info"), ("sdk-method-renamed", "breaking")],
        [("api-operation-id-changed", "info"), ("sdk-method-renamed", "breaking")],
    ),
    (
        "namespace moved",
        None,
        lambda d: _op(d).__setitem__("tags", ["animals"]),
        [("api-tags-changed", "info"), ("sdk-namespace-moved", "breaking")],
        [("api-tags-changed", "info"), ("sdk-namespace-moved", "breaking")],
    ),
    (
        "positional argument dropped",
        lambda d: (
            d["components"]["schemas"]["In"].update(
                {"properties": {"v": {"type": "string"}}, "required": ["v"]}
            ),
            _op(d).__setitem__("x-sdk-positional", ["v"]),
        ),
        lambda d: _op(d).pop("x-sdk-positional"),
        [("sdk-argument-keyword-only", "breaking")],
        [],
    ),
    (
        "positional order changed",
        lambda d: (
            d["components"]["schemas"]["In"].update(
                {
                    "properties": {"v": {"type": "string"}, "w": {"type": "string"}},
                    "required": ["v", "w"],
                }
            ),
            _op(d).__setitem__("x-sdk-positional", ["v", "w"]),
        ),
        lambda d: _op(d).__setitem__("x-sdk-positional", ["w", "v"]),
        [("sdk-positional-order-changed", "breaking")],
        [("sdk-positional-order-changed", "breaking")],
    ),
    (
        "positional argument inserted",
        lambda d: (
            d["components"]["schemas"]["In"].update(
                {"properties": {"v": {"type": "string"}, "w": {"type": "string"}}}
            ),
            _op(d).__setitem__("x-sdk-positional", ["v"]),
        ),
        lambda d: _op(d).__setitem__("x-sdk-positional", ["w", "v"]),
        [("sdk-positional-order-changed", "breaking")],
        [("sdk-argument-keyword-only", "breaking")],
    ),
    (
        "returned field picked",
        lambda d: d["components"]["schemas"]["Out"].__setitem__(
            "properties", {"v": {"type": "string"}}
        ),
        lambda d: _op(d).__setitem__("x-sdk-returns", "v"),
        [("sdk-return-type-changed", "breaking")],
        [("sdk-return-type-changed", "breaking")],
    ),
    (
        "returned fields reordered",
        lambda d: (
            d["components"]["schemas"]["Out"].update(
                {
                    "properties": {"v": {"type": "string"}, "w": {"type": "string"}},
                    "required": ["v", "w"],
                }
            ),
            _op(d).__setitem__("x-sdk-returns", ["v", "w"]),
        ),
        lambda d: _op(d).__setitem__("x-sdk-returns", ["w", "v"]),
        [("sdk-returns-changed", "breaking")],
        [("sdk-returns-changed", "breaking")],
    ),
    (
        "exception class added",
        None,
        lambda d: d.__setitem__(
            "x-sdk-errors", {"pet_missing": {"class": "PetMissingError", "status": 404}}
        ),
        [("sdk-exception-added", "info")],
        [("sdk-exception-removed", "breaking")],
    ),
    (
        "argument default changed",
        lambda d: _op(d)["parameters"].append(
            _param("q", schema={"type": "string", "default": "a"})
        ),
        lambda d: _op(d)["parameters"][-1]["schema"].__setitem__("default", "b"),
        [
            ("request-parameter-default-value-changed", "breaking"),
            ("sdk-argument-default-changed", "warning"),
        ],
        [
            ("request-parameter-default-value-changed", "breaking"),
            ("sdk-argument-default-changed", "warning"),
        ],
    ),
    (
        "path parameter renamed",
        None,
        lambda d: (
            d["paths"].__setitem__("/pets/{petId}", d["paths"].pop("/pets/{id}")),
            d["paths"]["/pets/{petId}"]["post"]["parameters"][0].__setitem__("name", "petId"),
        ),
        [("sdk-argument-renamed", "breaking")],
        [("sdk-argument-renamed", "breaking")],
    ),
    (
        "enum member removed",
        lambda d: d["components"]["schemas"]["Out"]["properties"].__setitem__(
            "v", {"type": "string", "enum": ["a", "b"]}
        ),
        lambda d: d["components"]["schemas"]["Out"]["properties"]["v"].__setitem__("enum", ["a"]),
        [("response-property-enum-value-removed", "info"), ("sdk-enum-member-removed", "breaking")],
        [("response-property-enum-value-added", "warning")],
    ),
    (
        "required argument added",
        None,
        lambda d: _op(d)["parameters"].append(_param("q", required=True)),
        [
            ("new-required-request-parameter", "breaking"),
            ("sdk-argument-added-required", "breaking"),
        ],
        [("request-parameter-removed", "warning"), ("sdk-argument-removed", "breaking")],
    ),
    (
        "argument became required",
        lambda d: _op(d)["parameters"].append(_param("q")),
        lambda d: _op(d)["parameters"][-1].__setitem__("required", True),
        [
            ("request-parameter-became-required", "breaking"),
            ("sdk-argument-became-required", "breaking"),
        ],
        [("request-parameter-became-optional", "info")],
    ),
    (
        "argument type changed",
        lambda d: _op(d)["parameters"].append(_param("q", schema={"type": "integer"})),
        lambda d: _op(d)["parameters"][-1].__setitem__("schema", {"type": "boolean"}),
        [("request-parameter-type-changed", "breaking"), ("sdk-argument-type-changed", "info")],
        [("request-parameter-type-changed", "breaking"), ("sdk-argument-type-changed", "info")],
    ),
    (
        "attribute removed",
        lambda d: d["components"]["schemas"]["Out"]["properties"].__setitem__(
            "w", {"type": "string"}
        ),
        lambda d: d["components"]["schemas"]["Out"]["properties"].pop("w"),
        [
            ("response-property-optional-property-removed", "warning"),
            ("sdk-attribute-removed", "breaking"),
        ],
        [("response-property-optional-property-added", "info")],
    ),
    (
        "attribute type changed",
        lambda d: d["components"]["schemas"]["Out"]["properties"].__setitem__(
            "w", {"type": "integer"}
        ),
        lambda d: d["components"]["schemas"]["Out"]["properties"]["w"].__setitem__(
            "type", "boolean"
        ),
        [("response-property-type-changed", "breaking"), ("sdk-attribute-type-changed", "warning")],
        [("response-property-type-changed", "breaking"), ("sdk-attribute-type-changed", "warning")],
    ),
]


def found_with_surface(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c.rule, c.level) for c in diff_specs(spec(old), spec(new))}


def emitted_rules() -> set[str]:
    """Every rule id the cases above report, at every place and in both directions."""
    rules: set[str] = set()
    for case in SCHEMA_CASES:
        for place in places(case):
            for before, after, _, _ in directions(case, place):
                rules |= {rule for rule, _ in found(placed(place, before), placed(place, after))}
    for op_case in OPERATION_CASES:
        old, new = operation_pair(op_case)
        rules |= {rule for rule, _ in found(old, new) | found(new, old)}
    for surface_case in SURFACE_CASES:
        old, new = operation_pair(surface_case)
        rules |= {rule for rule, _ in found_with_surface(old, new) | found_with_surface(new, old)}
    return rules
