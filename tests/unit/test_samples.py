"""Sample values (``generator/ir/samples.py``, ``generator/ir/pattern_sample.py``): the smoke
tests' and README's arguments must be values the schema allows, judged here by the
``jsonschema`` validator (with its format checker), a part nobody here wrote."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

from generator.ir.pattern_sample import pattern_sample
from generator.ir.samples import MISSING, sample

# Patterns from public specs (AWS, Twilio, OPTIMADE) where a plain "example" failed.
PATTERNS = [
    r"[0-9]+",
    r"^AC[0-9a-fA-F]{32}$",
    r"i-[\w\d]{8}$|^i-[\w\d]{17}",
    r"arn:(.+:){2,4}.+$|^arn:(.+:){1,3}.+\/.+",
    r"^arn:aws:ivschat:[a-z0-9-]+:[0-9]+:logging-configuration/[a-zA-Z0-9-]+$",
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9a-zA-Z-]+))?$",
    r"^[^/]+$",
    r"^(?!foo)[a-z]{3}$",
    r"^\s*\S+\s*$",
    r"^(ab|cd)\1$",
    r"^[A-Z]{2}-\d{4}$",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_pattern_sample_matches(pattern: str) -> None:
    text = pattern_sample(pattern)
    assert text is not None and re.search(pattern, text), text
    assert pattern_sample(pattern) == text  # deterministic


def test_pattern_sample_lengths_and_limits() -> None:
    assert pattern_sample("^[a-z]+$", 5) == "aaaaa"
    assert pattern_sample("^x{10}$", 0, 5) is None  # cannot fit: no sample rather than a bad one
    assert pattern_sample(r"\p{L}+") is None  # ECMA-only: Python cannot read it
    assert pattern_sample("^a{5000}$") is None  # longer than a sample should be


def _resolver(components: dict[str, Any]) -> Any:
    def resolve(node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        return node

    return resolve


COMPONENTS: dict[str, Any] = {
    "Timestamp": {"type": "string", "format": "date-time"},
    "RuleName": {"type": "string", "minLength": 1, "maxLength": 32, "pattern": "^[A-Za-z]+$"},
    "Tag": {
        "type": "object",
        "required": ["Key", "Value"],
        "properties": {
            "Key": {"allOf": [{"$ref": "#/components/schemas/RuleName"}, {"description": "k"}]},
            "Value": {"$ref": "#/components/schemas/RuleName"},
        },
    },
}

SCHEMAS: list[dict[str, Any]] = [
    {"allOf": [{"$ref": "#/components/schemas/Timestamp"}, {"description": "when"}]},
    {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}, "minItems": 1},
    {"type": "string", "pattern": "^AC[0-9a-fA-F]{32}$"},
    {"type": "string", "format": "ipv4"},
    {"type": "string", "format": "hostname"},
    {"type": "string", "format": "uuid", "pattern": "^[0-9a-f-]{36}$"},
    {"type": "integer", "minimum": 0, "exclusiveMinimum": True},  # OpenAPI 3.0
    {"type": "number", "maximum": 0, "exclusiveMaximum": True},
    {"type": "integer", "exclusiveMinimum": 4},  # OpenAPI 3.1
    {"type": "number", "exclusiveMaximum": -2},
    {"type": "integer", "minimum": 7, "multipleOf": 5},
    {"type": "array", "items": {"type": "string"}, "minItems": 3, "maxItems": 2},
    {"oneOf": [{"not": {}}, {"type": "string", "pattern": "^z+$"}]},
    {
        "allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}},
            {"required": ["b"], "properties": {"b": {"$ref": "#/components/schemas/RuleName"}}},
        ]
    },
]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_samples_are_valid_for_their_schema(schema: dict[str, Any]) -> None:
    resolve = _resolver(COMPONENTS)
    value = sample(resolve, schema)
    assert value is not MISSING
    if schema.get("minItems") == 3:  # contradictory bounds: the upper one wins
        assert value == ["example", "example"]
        return
    # OpenAPI 3.0's boolean exclusiveMinimum/Maximum, as draft 4 reads them.
    draft4 = isinstance(schema.get("exclusiveMinimum", schema.get("exclusiveMaximum")), bool)
    validator = jsonschema.Draft4Validator if draft4 else jsonschema.Draft202012Validator
    whole = {**schema, "components": {"schemas": COMPONENTS}}
    validator(whole, format_checker=validator.FORMAT_CHECKER).validate(value)


def test_allof_wrapped_reference_keeps_its_type() -> None:
    resolve = _resolver(COMPONENTS)
    tags = sample(resolve, SCHEMAS[1])
    assert tags == [{"Key": "example", "Value": "example"}]
    assert sample(resolve, SCHEMAS[0]) == "2024-01-01T00:00:00Z"
    assert sample(resolve, SCHEMAS[-1]) == {"a": 1, "b": "example"}


def test_min_properties_and_padding() -> None:
    resolve = _resolver(COMPONENTS)
    tags = {"type": "object", "minProperties": 2, "additionalProperties": {"type": "integer"}}
    assert sample(resolve, tags) == {"key1": 1, "key2": 1}
    partly = {
        "type": "object",
        "minProperties": 1,
        "properties": {"a": {"type": "string", "format": "date"}},
    }
    assert sample(resolve, partly) == {"a": "2024-01-01"}
    digits = {"type": "string", "pattern": "^[0-9]+$", "minLength": 12, "maxLength": 19}
    assert sample(resolve, digits) == "000000000000"
    jsonschema.Draft202012Validator(digits).validate(sample(resolve, digits))


def test_an_example_breaking_its_schema_is_not_used() -> None:
    from generator.ir.samples import fits

    resolve = _resolver(COMPONENTS)
    metric = {"type": "string", "enum": ["requests/count", "users/count"]}
    assert not fits(resolve, metric, "requests%2Fcount")  # Azure's example, pre-encoded
    assert fits(resolve, metric, "users/count")
    assert not fits(resolve, {"$ref": "#/components/schemas/RuleName"}, "no spaces allowed")
    assert not fits(resolve, {"type": "integer", "maximum": 3}, 4)
    assert fits(resolve, {"type": "string", "pattern": r"\p{L}"}, "x")  # unreadable: not judged
