"""A fast verdict on a bundled OpenAPI 3.0 document: "openapi-spec-validator finds nothing".

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
   (the meta-schema's one format); defaults are checked by the library's own value validator.

Only 3.0 has the fast path so far (3.1 schemas are checked against a dialect meta-schema made
of several registered documents); 3.1 documents always take the detailed path.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from functools import cache
from typing import Any

import jsonschema_rs
from jsonschema_path import SchemaPath
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator.schemas import schema_v30
from openapi_spec_validator.validation import keywords

from generator.load._pointer import MISSING, resolve_tokens, split_pointer

__all__ = ["MAX_DEPTH", "is_clean"]

# Deeper documents take the detailed path: it recurses several frames per level and may stop
# with a RecursionError, which it reports; the verdict must not pass such a document.
MAX_DEPTH = 64
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class _Unsure(Exception):
    """The document has a problem, or something the verdict does not vouch for."""


@cache
def _document_validator() -> Any:
    return jsonschema_rs.validator_for(dict(schema_v30), validate_formats=False)


@cache
def _schema_validator() -> Any:
    return jsonschema_rs.validator_for(dict(OAS30Validator.META_SCHEMA), validate_formats=False)


def is_clean(document: dict[str, Any], version: str, depth: int) -> bool:
    """See the module docstring; ``depth`` bounds the nesting of the document's nodes."""
    if version != "3.0" or depth > MAX_DEPTH:
        return False
    try:
        if not _document_validator().is_valid(document):
            return False
        _Keywords(document).run()
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
    """Whether ``node`` holds a ``$ref``; raises ``_Unsure`` for one that is not internal."""
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
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


class _Keywords:
    """openapi-spec-validator's keyword checks (3.0), raising ``_Unsure`` on the first doubt."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()
        self._root_path: SchemaPath | None = None

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
            raise _Unsure  # a boolean schema is no 3.0 schema; anything else is an error
        if isinstance(value.get("id"), str) or "$id" in value:
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
        """``OAS30Validator.check_schema``: the draft-4 meta-schema, and ``format: regex``."""
        if not _schema_validator().is_valid(value):
            raise _Unsure
        for pattern in _patterns(value):
            if not oas30_format_checker.conforms(pattern, "regex"):
                raise _Unsure

    def check_default(self, value: dict[str, Any], tokens: list[str], default: Any) -> None:
        """``OpenAPIV30ValueValidator``: a schema without refs needs no resolver; one with
        refs is checked exactly as the library does, through a ``SchemaPath`` to it."""
        if not _has_ref(value):
            checker = OAS30Validator(value, format_checker=oas30_format_checker)
            if next(checker.iter_errors(default), None) is not None:
                raise _Unsure
            return
        if self._root_path is None:
            self._root_path = SchemaPath.from_dict(self.document)
        path = self._root_path
        for token in tokens:
            path = path / token
        validator = keywords.OpenAPIV30ValueValidator(None)  # type: ignore[arg-type]
        if next(iter(validator(path, default)), None) is not None:
            raise _Unsure
