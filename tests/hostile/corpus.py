"""The hostile spec corpus: specs built to break a generator, each with the outcome it must have.

Every case writes its files into a directory and names its root spec. ``expect`` is what the
generator must do with it:

- ``"code"``: generate a package whose code is safe (``shapes.check_tree``);
- ``"error"``: refuse with located problems (``file:line #/pointer: ...``) and exit code 2.

Strings that look like code are spelled with the marker ``PWNED`` so a test can tell whether any
of them ever ran (``PWNED`` printed, or a file of that name created).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import yaml

from tests.support.scale import SCALE

__all__ = [
    "CASES",
    "NASTY",
    "Case",
    "hostile_strings_spec",
    "reference_spec",
    "root_extensions_spec",
]

NASTY = [
    '"""; import os; os.system("echo PWNED") #',
    "'''\\\n__import__('os').system('touch PWNED')",
    "\\",
    "back\\slash \\\" \\' \\n \\x00 \\u2028",
    "line one\nline two\r\nline three\u2028four",
    "{{ 7*7 }} {% for x in y %}PWNED{% endfor %} {# c #}",
    "{{ cycler.__init__.__globals__.os.popen('echo PWNED').read() }}",
    "__import__('os').system('echo PWNED')",
    "exec(\"print('PWNED')\")",
    "../../etc/passwd",
    "/abs/path",
    "C:\\Windows\\System32",
    "class",
    "None",
    "self",
    "__init__",
    "__class__",
    "match",
    "print",
    "Ünïcödé 名前 🐍 \u202eevil",
    "nul\x00byte",
    "",
]


def hostile_strings_spec() -> dict[str, Any]:
    """Hostile strings wherever OpenAPI allows free text: titles, descriptions, tags,
    operationIds, property and parameter names, enum values, defaults, examples, server URLs."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for i, name in enumerate(NASTY):
        schemas[f"M{i}"] = {
            "type": "object",
            "title": name,
            "description": name,
            "properties": {
                name: {"type": "string", "description": name, "default": name},
                f"n{i}": {"type": "integer", "description": name, "example": name},
            },
            "required": [name],
        }
        paths[f"/p{i}/{{id}}"] = {
            "get": {
                "operationId": f"{name}op{i}",
                "tags": [name],
                "summary": name,
                "description": name,
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": f"{name}q",
                        "in": "query",
                        "description": name,
                        "schema": {"type": "string", "enum": [name, f"{name}x"]},
                    },
                    {
                        "name": f"{name}h",
                        "in": "header",
                        "schema": {"type": "string", "pattern": re.escape(name) or "x"},
                    },
                    {
                        "name": f"{name}d",
                        "in": "cookie",
                        "schema": {"type": "string", "default": name, "maxLength": 10_000},
                    },
                ],
                "responses": {
                    "200": {
                        "description": name,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/M{i}"},
                                "example": {name: name},
                            }
                        },
                    }
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "../../" + NASTY[0], "version": NASTY[1], "description": NASTY[1]},
        "servers": [{"url": "https://example.invalid/" + NASTY[5]}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _minimal(**extra: Any) -> dict[str, Any]:
    """A valid one-operation spec, with ``extra`` merged into the document root."""
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Minimal", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}
        },
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(document.get(key), dict):
            document[key] = {**document[key], **value}
        else:
            document[key] = value
    return document


def reference_spec() -> dict[str, Any]:
    """Plain names exercising template features the four real specs do not: cookie
    parameters, required and optional."""
    document = _minimal()
    document["paths"]["/things"]["get"]["parameters"] = [
        {"name": "session", "in": "cookie", "required": True, "schema": {"type": "string"}},
        {"name": "theme", "in": "cookie", "schema": {"type": "string"}},
    ]
    return document


def _with_ref(ref: str) -> dict[str, Any]:
    document = _minimal()
    document["components"]["schemas"]["Thing"]["properties"]["other"] = {"$ref": ref}
    return document


# Sizes: `make test` keeps the suite to minutes; `make reliability` goes to the full sizes.
WIDE = 2000 if SCALE > 1 else 300  # operations (and schemas)
HUGE = (50 if SCALE > 1 else 5) * 1024**2  # characters in one description


@attrs.frozen
class Case:
    name: str
    expect: str  # "code" or "error"
    build: Callable[[Path], Path]  # writes the spec's files into a directory, returns the root


def _yaml(document: dict[str, Any], name: str = "openapi.yaml") -> Callable[[Path], Path]:
    def build(directory: Path) -> Path:
        path = directory / name
        if name.endswith(".json"):
            text = json.dumps(document, indent=1)
        else:
            text = yaml.safe_dump(document, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return build


def _text(text: str, name: str = "openapi.yaml") -> Callable[[Path], Path]:
    def build(directory: Path) -> Path:
        path = directory / name
        path.write_text(text, encoding="utf-8")
        return path

    return build


def _names_spec(names: list[str]) -> dict[str, Any]:
    """``names`` as tags, operationIds, x-sdk-method/-resource, parameters and properties."""
    paths: dict[str, Any] = {}
    for i, name in enumerate(names):
        paths[f"/n{i}"] = {
            "post": {
                "operationId": name,
                "tags": [name],
                "parameters": [{"name": name, "in": "query", "schema": {"type": "string"}}],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    name: {"type": "string"},
                                    "self": {"type": "string"},
                                },
                            }
                        }
                    }
                },
                "responses": {"204": {"description": name}},
            },
            "put": {
                "operationId": f"{name}-m{i}",
                "x-sdk-resource": name,
                "x-sdk-method": name,
                "responses": {"204": {"description": name}},
            },
        }
    document = _minimal(paths=paths)
    document["components"]["schemas"].update(
        {
            f"S{i}": {"type": "object", "title": name, "properties": {name: {"type": "integer"}}}
            for i, name in enumerate(names)
        }
    )
    return document


_PATH_NAMES = [
    "../../../../tmp/PWNED",
    "/etc/PWNED",
    "..",
    ".",
    "a/../../b",
    "C:\\PWNED",
    "~/PWNED",
    "__init__",
    "_root",
    "_runtime",
    "models",
]
_CODE_NAMES = [
    "class",
    "def",
    "None",
    "True",
    "lambda",
    "async",
    "await",
    "match",
    "_",
    "type",
    "print",
    "__import__",
    "__import__('os').system('PWNED')",
    "eval",
    "exec",
    "self",
    "cls",
    "__class__",
    "__dict__",
    "{{ config }}",
    "Ünïcödé",
    "名前",
    "",
]


def _info_extensions() -> dict[str, Any]:
    """Every ``x-sdk-*`` name that becomes a module, class or environment variable, hostile."""
    return _minimal(
        info={
            "title": "../../PWNED",
            "version": "1",
            "x-sdk-package": "../../../PWNED",
            "x-sdk-distribution": "../PWNED; rm -rf /",
            "x-sdk-client": "__import__('os').system('PWNED')",
            "x-sdk-error": "{{ cycler.__init__.__globals__ }}",
            "x-sdk-errors-module": "../../etc/PWNED",
            "x-sdk-env-prefix": "$(echo PWNED)",
            "x-sdk-modules": {"../../PWNED": ["Thing"], "/abs/PWNED": ["Thing"]},
        }
    )


def root_extensions_spec() -> dict[str, Any]:
    """Hostile error classes and codes, aliases, and ``x-sdk-extend`` module names."""
    document = _minimal(
        **{
            "x-sdk-errors": {
                "__import__('os').system('PWNED')": {
                    "class": "__import__('os').system('PWNED')",
                    "status": 400,
                    "description": NASTY[0],
                },
                "../../PWNED": {"class": "Exception", "status": 418, "parent": "os.system"},
                "{{ x }}": {"class": "BaseException", "status": 500, "description": NASTY[5]},
            },
            "x-sdk-rate-limit": {"requests": 5, "period": 1},
        }
    )
    document["info"]["x-sdk-error-aliases"] = {"__builtins__": "Exception", "../x": "os"}
    document["info"]["x-sdk-extend"] = {
        "exports": {"PWNED": "../../PWNED", "__import__": "os"},
    }
    return document


def _recursive() -> dict[str, Any]:
    """Schemas that refer to each other through properties: fine, not a ``$ref`` cycle."""
    document = _minimal()
    document["components"]["schemas"] = {
        "Thing": {
            "type": "object",
            "properties": {
                "self": {"$ref": "#/components/schemas/Thing"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                "other": {"$ref": "#/components/schemas/Other"},
            },
        },
        "Other": {
            "type": "object",
            "properties": {"back": {"$ref": "#/components/schemas/Thing"}},
            "additionalProperties": {"$ref": "#/components/schemas/Other"},
        },
    }
    return document


def _ref_cycle() -> dict[str, Any]:
    document = _minimal()
    document["components"]["schemas"].update(
        {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/C"},
            "C": {"$ref": "#/components/schemas/A"},
        }
    )
    return document


def _cross_file_cycle(directory: Path) -> Path:
    (directory / "a.yaml").write_text("$ref: ./b.yaml\n", encoding="utf-8")
    (directory / "b.yaml").write_text("$ref: ./a.yaml\n", encoding="utf-8")
    return _yaml(_with_ref("./a.yaml"))(directory)


def _deep_json(depth: int) -> Callable[[Path], Path]:
    def build(directory: Path) -> Path:
        document = json.dumps(_minimal())
        nested = '{"a": ' * depth + "1" + "}" * depth
        text = document[:-1] + ', "x-deep": ' + nested + "}"
        return _text(text, "openapi.json")(directory)

    return build


def _deep_schema_json(depth: int) -> Callable[[Path], Path]:
    def build(directory: Path) -> Path:
        document = _minimal()
        schema = '{"type": "object", "properties": {"a": ' * depth + "{}" + "}}" * depth
        text = json.dumps(document).replace(
            '"properties": {"id": {"type": "string"}}',
            '"properties": {"id": {"type": "string"}, "deep": ' + schema + "}",
        )
        return _text(text, "openapi.json")(directory)

    return build


def _billion_laughs(directory: Path) -> Path:
    lines = ["openapi: 3.0.3", "info: {title: t, version: '1'}", "paths: {}"]
    lines.append("x-l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]")
    lines += [f"x-l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    return _text("\n".join(lines) + "\n")(directory)


def _recursive_alias(directory: Path) -> Path:
    return _text("openapi: 3.0.3\ninfo: &a {title: t, version: '1', self: *a}\npaths: {}\n")(
        directory
    )


def _huge_string(size: int) -> dict[str, Any]:
    document = _minimal()
    document["info"]["description"] = "PWNED'''\"\"\"\\" * (size // 12)
    document["components"]["schemas"]["Thing"]["description"] = "x" * size
    return document


def _wide(count: int) -> dict[str, Any]:
    """Many operations and schemas: bounded time, not only bounded depth."""
    document = _minimal()
    for i in range(count):
        document["paths"][f"/w{i}"] = {
            "get": {
                "operationId": f"w{i}",
                "tags": [f"t{i % 7}"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/W{i}"}}
                        },
                    }
                },
            }
        }
        document["components"]["schemas"][f"W{i}"] = {
            "type": "object",
            "properties": {"v": {"type": "integer"}, "w": {"$ref": "#/components/schemas/Thing"}},
        }
    return document


def _schema_names(names: list[str]) -> dict[str, Any]:
    document = _minimal()
    document["components"]["schemas"].update({name: {"type": "string"} for name in names})
    return document


def _pattern(pattern: str) -> dict[str, Any]:
    document = _minimal()
    document["components"]["schemas"]["Thing"]["properties"]["id"]["pattern"] = pattern
    return document


def _ref_outside(directory: Path) -> Path:
    """A relative ``$ref`` climbing out of the spec's directory to a file that is no spec."""
    inner = directory / "specs" / "x"
    inner.mkdir(parents=True)
    (directory / "secret.txt").write_text("token: PWNED\n", encoding="utf-8")
    return _yaml(_with_ref("../../secret.txt#/nope"))(inner)


def _invalid_utf8(directory: Path) -> Path:
    path = directory / "openapi.yaml"
    path.write_bytes(b"openapi: 3.0.3\ninfo: {title: \xff\xfe, version: '1'}\npaths: {}\n")
    return path


CASES: list[Case] = [
    Case("hostile-strings", "code", _yaml(hostile_strings_spec())),
    Case("hostile-strings-json", "code", _yaml(hostile_strings_spec(), "openapi.json")),
    Case("names-paths", "code", _yaml(_names_spec(_PATH_NAMES))),
    Case("names-code", "code", _yaml(_names_spec(_CODE_NAMES))),
    Case("info-extensions", "code", _yaml(_info_extensions())),
    Case("root-extensions", "code", _yaml(root_extensions_spec())),
    Case("recursive-schemas", "code", _yaml(_recursive())),
    Case("server-loopback-url", "code", _yaml(_minimal(servers=[{"url": "http://127.0.0.1:9/"}]))),
    Case(f"wide-{WIDE}", "code", _yaml(_wide(WIDE))),
    Case(f"huge-string-{HUGE // 1024**2}mb", "code", _yaml(_huge_string(HUGE))),
    Case("ref-cycle", "error", _yaml(_ref_cycle())),
    Case("ref-cycle-across-files", "error", _cross_file_cycle),
    Case("ref-missing-pointer", "error", _yaml(_with_ref("#/components/schemas/Nope"))),
    Case("ref-missing-file", "error", _yaml(_with_ref("./missing.yaml#/A"))),
    Case("ref-loopback-url", "error", _yaml(_with_ref("http://127.0.0.1:9/x.yaml#/A"))),
    Case("ref-external-url", "error", _yaml(_with_ref("https://example.com/x.yaml#/A"))),
    Case("ref-protocol-relative", "error", _yaml(_with_ref("//example.com/x.yaml"))),
    Case("ref-file-url", "error", _yaml(_with_ref("file:///etc/passwd"))),
    Case("ref-absolute-path", "error", _yaml(_with_ref("/etc/passwd"))),
    Case("ref-outside-directory", "error", _ref_outside),
    Case("schema-names-paths", "code", _yaml(_schema_names(["../../PWNED", "/etc/PWNED"]))),
    Case("bad-regex", "error", _yaml(_pattern("(?P<x>["))),
    Case("deep-json-10000", "error", _deep_json(10_000)),
    Case("deep-yaml-10000", "error", _text("openapi: 3.0.3\nx: " + "[" * 10_000 + "]" * 10_000)),
    Case("deep-schema-10000", "error", _deep_schema_json(10_000)),
    Case("billion-laughs", "error", _billion_laughs),
    Case("recursive-alias", "error", _recursive_alias),
    Case("python-tag", "error", _text("openapi: !!python/object/apply:os.system [PWNED]\n")),
    Case("invalid-utf8", "error", _invalid_utf8),
    Case("empty-file", "error", _text("")),
]
