"""A fast verdict on a bundled OpenAPI document: "openapi-spec-validator finds nothing".

Contract of ``is_clean(document, version)``: ``True`` only when the detailed validator in
``_validate`` would report no problem and not crash; ``False`` whenever that is not certain
(any problem found, anything unusual, any exception). ``_validate`` then runs the detailed,
pure-Python validator, which alone words problems and locates them. So a valid spec is
validated in a fraction of the time (GitHub's REST spec: ~0.5 s instead of ~15 s), and an
invalid one gets exactly the messages it always got.

The verdict repeats what the detailed validator does, in its order (the order decides which
schemas are checked as "top level"), over plain data instead of ``SchemaPath`` objects:

1. the whole document against the OpenAPI meta-schema, by jsonschema-rs (Rust) with the same
   schema and, like the pure-Python backend, no format checks;
2. openapi-spec-validator's keyword checks (tags, path parameters, duplicate parameters,
   schemas: their own meta-schema, ``required`` under ``allOf``, ``default`` values). A
   schema's meta-schema check runs in Rust too, plus Python's own check of every ``pattern``
   (the meta-schemas' one checked format); defaults are checked by the library's own value
   validator. In 3.1, a schema naming its own ``$schema`` dialect, a document setting
   ``jsonSchemaDialect`` and boolean schemas are left to the detailed path.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from openapi_schema_validator import (
    OAS30Validator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from openapi_schema_validator._specifications import REGISTRY

from generator.load._pointer import MISSING, resolve_tokens, split_pointer

__all__ = ["MAX_DEPTH", "is_clean"]

# Deeper documents take the detailed path: it recurses several frames per level and may stop
# with a RecursionError, which it reports; the verdict must not pass such a document.
MAX_DEPTH = 64
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class _Unsure(Exception):
    """The document has a problem, or something the verdict does not vouch for."""


# Per version: the schema validator class and format checker the library uses for schemas.
_SCHEMAS: dict[str, tuple[Any, Any]] = {
    "3.0": (OAS30Validator, oas30_format_checker),
    "3.1": (OAS31Validator, oas31_format_checker),
}


def _meta_schema(version: str) -> Any:
    """openapi-spec-validator's OpenAPI meta-schema, read from the file the library reads.
    Importing the library itself (its validators, jsonschema-path, requests...) costs a
    tenth of a second that a spec the verdict vouches for never needs."""
    found = importlib.util.find_spec("openapi_spec_validator")  # located, not imported
    assert found is not None and found.origin is not None
    schema = Path(found.origin).parent / "resources" / "schemas" / f"v{version}" / "schema.json"
    return json.loads(schema.read_text(encoding="utf-8"))


def _value_validator(version: str) -> Any:
    """The library's value validator (for a default with refs, rare): imported on first use,
    through ``_validate``, which chooses the library's schema backend before importing it."""
    importlib.import_module("generator.load._validate")  # sets the backend, imports the library
    from openapi_spec_validator.validation import keywords

    return (
        keywords.OpenAPIV30ValueValidator if version == "3.0" else keywords.OpenAPIV31ValueValidator
    )


@cache
def _document_validator(version: str) -> Any:
    """The OpenAPI meta-schema, compiled once (formats unchecked, as the library's own)."""
    return jsonschema_rs.validator_for(_meta_schema(version), validate_formats=False)


@cache
def _schema_validator(version: str) -> Any:
    """The meta-schema of one Schema Object (3.1: the OpenAPI dialect and its vocabulary,
    from the library's registry; JSON Schema's own drafts are built into jsonschema-rs)."""
    meta = dict(_SCHEMAS[version][0].META_SCHEMA)
    openapi = [
        (uri, REGISTRY.contents(uri)) for uri in REGISTRY if "spec.openapis.org/oas/3.1" in uri
    ]
    registry = jsonschema_rs.Registry(openapi)
    return jsonschema_rs.validator_for(meta, registry=registry, validate_formats=False)


def is_clean(document: dict[str, Any], version: str, depth: int) -> bool:
    """See the module docstring; ``depth`` bounds the nesting of the document's nodes."""
    if version not in _SCHEMAS or depth > MAX_DEPTH:
        return False
    try:
        if not _document_validator(version).is_valid(document):
            return False
        if version != "3.0" and "jsonSchemaDialect" in document:
            return False
        _Keywords(document, version).run()
    except (_Unsure, Exception):  # includes RecursionError; any doubt means "not certain"
        return False
    return True


def _patterns(node: Any) -> Iterator[str]:
    """Every string under a ``pattern`` key inside ``node`` (a superset of the places the
    meta-schema gives ``format: regex``)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            pattern = item.get("pattern")
            if isinstance(pattern, str):
                yield pattern
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _has_ref(node: Any) -> bool:
    """Whether ``node`` holds a reference (``$ref``, ``$dynamicRef``...), which only the
    library's resolver resolves as it does; raises ``_Unsure`` for a ``$ref`` not internal."""
    found = False
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "$ref" in item:
                ref = item["$ref"]
                if not (isinstance(ref, str) and ref.startswith("#")):
                    raise _Unsure  # never fetched: the detailed path reports it
                found = True
            found = found or "$dynamicRef" in item or "$recursiveRef" in item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


class _Keywords:
    """openapi-spec-validator's keyword checks, raising ``_Unsure`` on the first doubt."""

    def __init__(self, document: dict[str, Any], version: str) -> None:
        self.document = document
        self.version = version
        self.schema_class, self.formats = _SCHEMAS[version]
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()
        self._root_path: Any = None  # a jsonschema_path.SchemaPath, made on first use

    def resolve(self, node: Any, tokens: list[str]) -> tuple[Any, list[str]]:
        """Follow internal ``$ref``s as the library's ``SchemaPath`` does; anything else
        (a remote or odd ref) is left to the detailed path."""
        for _ in range(64):
            if not isinstance(node, dict) or "$ref" not in node:
                return node, tokens
            ref = node["$ref"]
            found = split_pointer(ref, ref=True) if isinstance(ref, str) else None
            if found is None:
                raise _Unsure
            tokens = found
            node = resolve_tokens(self.document, tokens)
            if node is MISSING:
                raise _Unsure
        raise _Unsure

    def run(self) -> None:
        document = self.document
        if "tags" in document:
            names = [self.resolve(tag, [])[0]["name"] for tag in document["tags"]]
            if len(set(names)) != len(names):
                raise _Unsure
        paths, tokens = self.resolve(document.get("paths"), ["paths"])
        if isinstance(paths, dict):
            for url, item in paths.items():
                self.path_item(url, *self.resolve(item, [*tokens, url]))
        components, tokens = self.resolve(document.get("components"), ["components"])
        if isinstance(components, dict) and "schemas" in components:
            schemas, tokens = self.resolve(components["schemas"], [*tokens, "schemas"])
            for name, schema in schemas.items():
                self.schema(schema, [*tokens, name], 0)

    def path_item(self, url: str, item: dict[str, Any], tokens: list[str]) -> None:
        shared: list[Any] = []
        if "parameters" in item:
            shared = self.parameters(*self.resolve(item["parameters"], [*tokens, "parameters"]))
        for method, operation in item.items():
            if method in _OPERATIONS:
                self.operation(url, *self.resolve(operation, [*tokens, method]), shared)

    def parameters(self, parameters: list[Any], tokens: list[str]) -> list[Any]:
        seen: set[tuple[Any, Any]] = set()
        resolved = []
        for index, parameter in enumerate(parameters):
            parameter, where = self.resolve(parameter, [*tokens, str(index)])
            if "schema" in parameter:
                self.schema(parameter["schema"], [*where, "schema"], 0)
            key = (parameter["name"], parameter["in"])
            if key in seen:
                raise _Unsure
            seen.add(key)
            resolved.append(parameter)
        return resolved

    def operation(
        self, url: str, operation: dict[str, Any], tokens: list[str], shared: list[Any]
    ) -> None:
        # Duplicate operationIds are left out: the loader's own check reports them.
        if "responses" in operation:
            responses, where = self.resolve(operation["responses"], [*tokens, "responses"])
            for code, response in responses.items():
                response, at = self.resolve(response, [*where, code])
                if "content" in response:
                    content, at = self.resolve(response["content"], [*at, "content"])
                    for media_type, media in content.items():
                        media, place = self.resolve(media, [*at, media_type])
                        if "schema" in media:
                            self.schema(media["schema"], [*place, "schema"], 0)
        own: list[Any] = []
        if "parameters" in operation:
            own = self.parameters(*self.resolve(operation["parameters"], [*tokens, "parameters"]))
        declared = {p["name"] for p in [*own, *shared] if p["in"] == "path"}
        in_url = {name for _, name, _, _ in string.Formatter().parse(url) if name}
        if declared != in_url:
            raise _Unsure

    def schema(self, node: Any, tokens: list[str], depth: int, top_level: bool = True) -> None:
        """The library's ``SchemaValidator.__call__``; ``top_level`` is its
        ``require_properties`` and the negation of its ``meta_checked``."""
        if depth > MAX_DEPTH:
            raise _Unsure
        value, tokens = self.resolve(node, tokens)
        if not isinstance(value, dict):
            raise _Unsure  # a boolean 3.1 schema is rare; anything else is an error
        if isinstance(value.get("id"), str) or "$id" in value or "$schema" in value:
            raise _Unsure  # a new base URI for the refs inside: the detailed path resolves them
        key = id(value)
        if top_level and key not in self.meta_checked:
            self.meta_checked.add(key)
            self.check_schema(value)
        if key in self.visited:
            return
        self.visited.add(key)
        nested: set[str] = set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            for index, inner in enumerate(value.get(keyword, ())):
                self.schema(inner, [*tokens, keyword, str(index)], depth + 1, False)
                if keyword == "allOf":
                    nested |= self.collect_properties(inner, [], 0)
        for keyword in ("not", "items"):
            if keyword in value:
                self.schema(value[keyword], [*tokens, keyword], depth + 1, False)
        for name, inner in value.get("properties", {}).items():
            self.schema(inner, [*tokens, "properties", name], depth + 1, False)
        if top_level and "allOf" in value:
            required = value.get("required") or []
            if set(required) - set(value.get("properties") or []) - nested:
                raise _Unsure
        if "default" in value:
            default = value["default"]
            if default is not None or value.get("nullable", False) is not True:
                self.check_default(value, tokens, default)

    def collect_properties(self, node: Any, trail: list[int], depth: int) -> set[str]:
        """The library's ``_collect_properties`` (which has no cycle guard: a cycle here
        makes it recurse until it fails, so the detailed path must report that)."""
        value, _ = self.resolve(node, [])
        if id(value) in trail or depth > MAX_DEPTH or not isinstance(value, dict):
            raise _Unsure
        trail = [*trail, id(value)]
        found = set(value.get("properties") or ())
        for keyword in ("allOf", "anyOf", "oneOf"):
            for inner in value.get(keyword, ()):
                found |= self.collect_properties(inner, trail, depth + 1)
        for keyword in ("items", "not"):
            if keyword in value:
                found |= self.collect_properties(value[keyword], trail, depth + 1)
        return found

    def check_schema(self, value: dict[str, Any]) -> None:
        """``check_schema`` of the version's schema validator: its meta-schema, and
        ``format: regex``."""
        if not _schema_validator(self.version).is_valid(value):
            raise _Unsure
        for pattern in _patterns(value):
            if not self.formats.conforms(pattern, "regex"):
                raise _Unsure

    def check_default(self, value: dict[str, Any], tokens: list[str], default: Any) -> None:
        """The library's value validator: a schema without refs needs no resolver; one with
        refs is checked exactly as the library does, through a ``SchemaPath`` to it."""
        if not _has_ref(value):
            checker = self.schema_class(value, format_checker=self.formats)
            if next(checker.iter_errors(default), None) is not None:
                raise _Unsure
            return
        value_validator = _value_validator(self.version)
        if self._root_path is None:
            from jsonschema_path import SchemaPath

            self._root_path = SchemaPath.from_dict(self.document)
        path = self._root_path
        for token in tokens:
            path = path / token
        validator = value_validator(None)
        if next(iter(validator(path, default)), None) is not None:
            raise _Unsure
