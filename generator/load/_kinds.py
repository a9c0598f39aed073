"""What kind of OpenAPI object a node is, judged from the path that leads to it.

The bundler needs this for two reasons: a ``$ref`` to another file is copied into the
``components`` section matching the kind of object expected where the ref stands, and
literal values (examples, defaults, enums, ``x-`` extensions) must not be searched for
``$ref``s, because a ``{"$ref": ...}`` there is data, not a reference.

Kinds are plain strings. ``map:K`` is a map of names to K objects, ``list:K`` a list of them.
Anything not modelled is ``other``: searched for refs, with no components section of its own.
"""

from __future__ import annotations

__all__ = [
    "DISCRIMINATOR_MAPPING",
    "LITERAL",
    "OTHER",
    "PATH_ITEM",
    "ROOT",
    "SCHEMA",
    "child_kind",
    "item_kind",
    "kind_of_section",
    "section_of_kind",
]

ROOT = "root"
SCHEMA = "schema"
PATH_ITEM = "pathItem"
OTHER = "other"
LITERAL = "literal"  # never searched for refs
DISCRIMINATOR_MAPPING = "discriminatorMapping"  # values are schema names or ref strings

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")

_SCHEMA_FIELDS = {
    **dict.fromkeys(
        ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"),
        "map:schema",
    ),
    **dict.fromkeys(("allOf", "anyOf", "oneOf", "prefixItems"), "list:schema"),
    **dict.fromkeys(
        (
            "items",
            "additionalItems",
            "additionalProperties",
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema",
        ),
        SCHEMA,
    ),
    **dict.fromkeys(("example", "examples", "default", "enum", "const"), LITERAL),
    "discriminator": "discriminator",
}

_PARAMETER_FIELDS = {
    "schema": SCHEMA,
    "content": "map:mediaType",
    "examples": "map:example",
    "example": LITERAL,
}

_FIELDS: dict[str, dict[str, str]] = {
    ROOT: {
        "paths": "paths",
        "webhooks": "map:pathItem",
        "components": "components",
        "security": LITERAL,
    },
    "components": {
        "schemas": "map:schema",
        "responses": "map:response",
        "parameters": "map:parameter",
        "examples": "map:example",
        "requestBodies": "map:requestBody",
        "headers": "map:header",
        "securitySchemes": "map:securityScheme",
        "links": "map:link",
        "callbacks": "map:callback",
        "pathItems": "map:pathItem",
    },
    PATH_ITEM: {
        **dict.fromkeys(_OPERATIONS, "operation"),
        "parameters": "list:parameter",
        "additionalOperations": "map:operation",
    },
    "operation": {
        "parameters": "list:parameter",
        "requestBody": "requestBody",
        "responses": "responses",
        "callbacks": "map:callback",
        "security": LITERAL,
    },
    "parameter": _PARAMETER_FIELDS,
    "header": _PARAMETER_FIELDS,
    "requestBody": {"content": "map:mediaType"},
    "response": {"headers": "map:header", "content": "map:mediaType", "links": "map:link"},
    "mediaType": {
        "schema": SCHEMA,
        "itemSchema": SCHEMA,
        "examples": "map:example",
        "example": LITERAL,
        "encoding": "map:encoding",
    },
    "encoding": {"headers": "map:header"},
    "example": {"value": LITERAL},
    "link": {"parameters": LITERAL, "requestBody": LITERAL},
    SCHEMA: _SCHEMA_FIELDS,
    "discriminator": {"mapping": DISCRIMINATOR_MAPPING},
    OTHER: dict.fromkeys(("example", "examples", "default", "enum", "const"), LITERAL),
}

# Maps whose keys are names but which may also hold ``x-`` extensions.
_EXTENSIBLE_MAPS = {"paths": PATH_ITEM, "responses": "response", "callback": PATH_ITEM}

_SECTIONS = {
    SCHEMA: "schemas",
    "parameter": "parameters",
    "response": "responses",
    "requestBody": "requestBodies",
    "header": "headers",
    "example": "examples",
    "securityScheme": "securitySchemes",
    "link": "links",
    "callback": "callbacks",
    PATH_ITEM: "pathItems",
}
_KINDS = {section: kind for kind, section in _SECTIONS.items()}


def child_kind(kind: str, key: str) -> str:
    """Kind of the value under ``key`` in a mapping of kind ``kind``."""
    if kind.startswith("map:"):
        return kind[4:]
    extensible = _EXTENSIBLE_MAPS.get(kind)
    if extensible is not None:
        return LITERAL if key.startswith("x-") else extensible
    if key.startswith("x-") or kind == LITERAL:
        return LITERAL
    fields = _FIELDS.get(kind)
    if fields is None:
        return OTHER
    return fields.get(key, OTHER)


def item_kind(kind: str) -> str:
    """Kind of the items of a list of kind ``kind``."""
    if kind.startswith("list:"):
        return kind[5:]
    if kind in (SCHEMA, LITERAL):  # ``items: [..]`` (tuple form), or data
        return kind
    return OTHER


def section_of_kind(kind: str) -> str | None:
    """The ``components`` section holding objects of ``kind`` (None if there is none)."""
    return _SECTIONS.get(kind)


def kind_of_section(section: str) -> str | None:
    """Inverse of section_of_kind: ``schemas`` -> ``schema``."""
    return _KINDS.get(section)
