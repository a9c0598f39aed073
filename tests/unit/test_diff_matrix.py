"""Every schema change kind in both directions, the breaking and the safe variant, from one pair.

Each row is a schema before (``first``) and after (``second``) a change. It is compared four
ways: as a request property (first -> second, then second -> first) and as a response property
(second -> first, then first -> second). For a narrowing, that is: the request narrowed
(breaking), the request widened (info), the response widened (breaking), the response narrowed
(info); ``DIRECTED`` names that pattern, other rows spell their four levels. The rule ids are
``request-property-KIND`` / ``response-property-KIND``; a row gives the two kinds (the change and
its reverse) or all four when they differ per side.
"""

from __future__ import annotations

from typing import Any, Union

import pytest
import yaml

from generator.diff import diff_specs
from generator.load import Spec

BASE = """
openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets:
    post:
      operationId: updatePet
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/In"}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Out"}}
components:
  schemas:
    In: {type: object, properties: {v: {}}}
    Out: {type: object, properties: {v: {}}}
"""

DIRECTED = ("breaking", "info", "breaking", "info")
Kinds = Union[tuple[str, str], tuple[str, str, str, str]]

CASES: list[tuple[str, str, str, Any, Any]] = [
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
]


def _spec(doc: dict[str, Any]) -> Spec:
    return Spec(
        path=__file__, display_path="spec.yaml", document=doc, sha256="", openapi_version="3.1"
    )  # type: ignore[arg-type]


def _found(side: str, before: str, after: str) -> set[tuple[str, str]]:
    docs = []
    for schema in (before, after):
        doc = yaml.safe_load(BASE)
        doc["components"]["schemas"]["In" if side == "request" else "Out"]["properties"]["v"] = (
            yaml.safe_load(schema)
        )
        docs.append(doc)
    changes = diff_specs(_spec(docs[0]), _spec(docs[1]), surface=False)
    return {(c.rule, c.level) for c in changes}


def expected(kinds: Kinds, levels: tuple[str, str, str, str]) -> list[tuple[str, str, str]]:
    """The four comparisons of a row: (side, rule, level), in the order the docstring gives."""
    whats = (kinds[0], kinds[1], kinds[1], kinds[0]) if len(kinds) == 2 else kinds
    sides = ("request", "request", "response", "response")
    return [(side, f"{side}-property-{w}", lv) for side, w, lv in zip(sides, whats, levels)]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_change_kind_both_ways(
    case: tuple[str, str, str, Kinds, tuple[str, str, str, str]],
) -> None:
    _, first, second, kinds, levels = case
    orders = ((first, second), (second, first), (second, first), (first, second))
    for (side, rule, level), (before, after) in zip(expected(kinds, levels), orders):
        assert _found(side, before, after) == {(rule, level)}, (side, before, after)
