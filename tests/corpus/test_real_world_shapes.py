"""Regressions for what the real-world corpus (``make corpus``) found, each reduced to a
minimal spec: generated, type-checked where the bug was a type error, and driven on the wire
through httpx's MockTransport, sync and async."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.errors import SpecError
from generator.pipeline import build
from tests.support.packages import generate_and_import, mypy_strict_problems
from tests.support.twins import Twin, both, run

SPECS = Path(__file__).parent / "specs"


@pytest.fixture(scope="module")
def free_form(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Path]:
    out = tmp_path_factory.mktemp("free_form")
    return generate_and_import(SPECS / "free_form_bodies.yaml", out, "free_form"), out / "free_form"


def test_free_form_bodies_type_check(free_form: tuple[ModuleType, Path]) -> None:
    """Kubernetes: a multi-media body with nothing to flatten named an undefined ``body``
    (mypy: name-defined; a NameError when called)."""
    assert mypy_strict_problems(free_form[1]) == ""


@both
def test_a_body_declaring_nothing_is_a_mapping_sent_in_the_chosen_media_type(
    free_form: tuple[ModuleType, Path], is_async: bool
) -> None:
    module, _ = free_form

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            return httpx.Response(200, json={"name": "a"})
        return httpx.Response(204)

    async def body(twin: Twin) -> None:
        client = twin.client(module, answer)
        patch = [{"op": "replace", "path": "/x", "value": 1}]
        thing = await twin.call(client.default.patch_thing("a", body={"patch": patch}))
        assert thing.name == "a"
        merged = {"spec": {"replicas": 3}}
        await twin.call(
            client.default.patch_thing(
                "a", body=merged, content_type="application/merge-patch+json"
            )
        )
        await twin.call(client.default.replace_thing("a", body={"anything": [1, "two"]}))
        await twin.call(client.default.touch_thing("a", content_type="application/json"))
        first, second, third, fourth = twin.requests
        assert first.headers["content-type"] == "application/json-patch+json"
        assert json.loads(first.content) == {"patch": patch}
        assert second.headers["content-type"] == "application/merge-patch+json"
        assert json.loads(second.content) == merged
        assert third.method == "PUT" and json.loads(third.content) == {"anything": [1, "two"]}
        # Closed and empty: the only body the schema allows.
        assert fourth.method == "POST" and json.loads(fourth.content) == {}

    run(is_async, body)


def status_spec(tmp_path: Path, openapi: str, responses: dict[str, Any]) -> Path:
    document = {
        "openapi": openapi,
        "info": {"title": "Statuses", "version": "1"},
        "paths": {"/": {"get": {"operationId": "look", "responses": responses}}},
    }
    path = tmp_path / f"statuses-{openapi}.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_a_response_key_that_is_no_status_code_is_ignored_with_a_warning(
    tmp_path: Path, openapi: str
) -> None:
    """openapi-python-client's bad-status-code.yaml: 3.0 ignored the key with a warning, 3.1
    refused the document as "'default' is a required property" (its meta-schema's if/then)."""
    spec = status_spec(tmp_path, openapi, {"abcdef": {"description": "fine"}})
    generated = build(spec, name="statuses", root=tmp_path)
    (warning,) = [w for w in generated.warnings if "abcdef" in w.message]
    assert warning.location.pointer == "#/paths/~1/get/responses"
    assert warning.location.line is not None
    assert warning.message.startswith("unexpected field;") and warning.message.endswith("ignored")
    (operation,) = [o for r in generated.package.resources for o in r.operations]
    assert operation.name == "look"
    with pytest.raises(SpecError) as strict:
        build(spec, name="statuses", root=tmp_path, strict=True)
    assert "abcdef" in str(strict.value) and "#/paths/~1/get/responses" in str(strict.value)


def test_responses_with_no_response_at_all_say_so(tmp_path: Path) -> None:
    spec = status_spec(tmp_path, "3.1.0", {"x-note": "nothing yet"})
    with pytest.raises(SpecError) as refused:
        build(spec, name="statuses", root=tmp_path)
    (problem,) = refused.value.problems
    assert problem.location.pointer == "#/paths/~1/get/responses"
    assert problem.message.startswith("no response under a status code")


def typed_spec(tmp_path: Path, openapi: str, kind: Any) -> Path:
    document = {
        "openapi": openapi,
        "info": {"title": "Types", "version": "1"},
        "paths": {
            "/": {
                "get": {
                    "operationId": "look",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Item"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "properties": {"kind": {"description": "Its kind.", "type": kind}},
                }
            }
        },
    }
    path = tmp_path / f"types-{openapi}.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_a_schema_written_as_type_is_read_as_the_schema_it_holds(
    tmp_path: Path, openapi: str
) -> None:
    """codat's accounting spec: ``itemType: {type: {type: string, enum: [...]}}``."""
    held = {"description": "Held.", "type": "string", "enum": ["Inventory", "Service"]}
    spec = typed_spec(tmp_path, openapi, held)
    generated = build(spec, name="types", root=tmp_path)
    (warning,) = generated.warnings
    assert warning.location.pointer == "#/components/schemas/Item/properties/kind/type"
    assert warning.message.startswith("invalid type;")
    assert warning.message.endswith("read as the schema it holds")
    models = "\n".join(v for k, v in generated.files.items() if "/models/" in k)
    assert "Inventory" in models and "Service" in models  # the enum it held
    assert "Its kind." in models  # the outer description wins
    with pytest.raises(SpecError) as strict:
        build(spec, name="types", root=tmp_path, strict=True)
    assert "#/components/schemas/Item/properties/kind/type" in str(strict.value)


def test_a_misspelt_type_name_is_still_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as refused:
        build(typed_spec(tmp_path, "3.0.3", "int"), name="types", root=tmp_path)
    assert "#/components/schemas/Item/properties/kind/type" in str(refused.value)


def test_a_security_scheme_type_is_no_schema_type(tmp_path: Path) -> None:
    spec = typed_spec(tmp_path, "3.0.3", "string")
    document = json.loads(spec.read_text(encoding="utf-8"))
    document["components"]["securitySchemes"] = {"key": {"type": {"type": "string"}}}
    spec.write_text(json.dumps(document, indent=1), encoding="utf-8")
    with pytest.raises(SpecError) as refused:
        build(spec, name="types", root=tmp_path)
    assert "#/components/securitySchemes/key" in str(refused.value)


def aws_described(tmp_path: Path) -> Path:
    """AWS's way of describing a property: ``allOf: [{$ref: X}, {description: ...}]``, here
    on a schema holding a property of its own type (iottwinmaker's ``DataType.nestedType``,
    wafv2's ``Statement``) and on a string."""

    def described(ref: str, text: str) -> dict[str, Any]:
        return {"allOf": [{"$ref": f"#/components/schemas/{ref}"}, {"description": text}]}

    document = {
        "openapi": "3.0.0",
        "info": {"title": "Described", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/types": {
                "get": {
                    "operationId": "getType",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": described("DataType", "")}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "String": {"type": "string"},
                "DataType": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {
                        "type": described("String", "The underlying type."),
                        "nestedType": described("DataType", "The nested type."),
                    },
                },
            }
        },
    }
    path = tmp_path / "described.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


@both
def test_a_described_reference_is_the_referenced_type(tmp_path: Path, is_async: bool) -> None:
    """It ran into "schemas nest or refer to each other too deeply" (each level a new inline
    copy of DataType), and a described string was typed ``Dict[str, Any]``."""
    generated = build(aws_described(tmp_path), name="described", root=tmp_path)
    assert not generated.warnings
    model = generated.files["src/described/models/data_type.py"]
    assert "    type: str\n" in model and "nested_type: Optional[DataType] = None" in model
    assert "type: The underlying type." in model and "nested_type: The nested type." in model
    module = generate_and_import(aws_described(tmp_path), tmp_path / "pkg", "described")
    wire = {"type": "list", "nestedType": {"type": "map", "nestedType": {"type": "string"}}}

    async def body(twin: Twin) -> None:
        client = twin.client(module, lambda request: httpx.Response(200, json=wire))
        found = await twin.call(client.default.get_type())
        assert found.nested_type.nested_type.type == "string"
        assert found.to_dict() == wire

    run(is_async, body)


@both
def test_properties_named_like_call_options_keep_both(tmp_path: Path, is_async: bool) -> None:
    """AWS Glue's ``MaxRetries`` body property: a duplicate ``max_retries`` argument, a
    SyntaxError at import. Each such name gets a suffix; the call option keeps its own."""
    document = {
        "openapi": "3.0.0",
        "info": {"title": "Options", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/jobs": {
                "post": {
                    "operationId": "createJob",
                    "parameters": [
                        {"name": "deadline", "in": "query", "schema": {"type": "integer"}},
                        {"name": "extra_query", "in": "query", "schema": {"type": "string"}},
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "MaxRetries": {"type": "integer"},
                                        "extra_body": {"type": "string"},
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "created"}},
                }
            }
        },
    }
    spec = tmp_path / "options.json"
    spec.write_text(json.dumps(document, indent=1), encoding="utf-8")
    module = generate_and_import(spec, tmp_path / "pkg", "options")

    async def body(twin: Twin) -> None:
        client = twin.client(module, lambda request: httpx.Response(204))
        await twin.call(
            client.default.create_job(
                max_retries_=3, deadline_=10, extra_query_="q", extra_body_="b", max_retries=0
            )
        )
        (sent,) = twin.requests
        assert json.loads(sent.content) == {"MaxRetries": 3, "extra_body": "b"}
        assert dict(sent.url.params) == {"deadline": "10", "extra_query": "q"}

    run(is_async, body)


def azure_cross_refs(tmp_path: Path, width: int) -> Path:
    """Azure's network specs: components referring to each other's properties
    (``#/components/schemas/Pool/properties/ips``), so the mock table, which inlined such
    refs, copied every chain at every use (1.6 GB of ``_mock_routes.py`` from a 155 KB spec)."""
    schemas: dict[str, Any] = {}
    for i in range(width):
        deeper = {"$ref": f"#/components/schemas/Node{i + 1}/properties/pair"}
        pair: dict[str, Any] = {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string", "minLength": 1}},
        }
        if i + 1 < width:
            pair["properties"].update(a=deeper, b={"type": "array", "items": deeper})
        schemas[f"Node{i}"] = {"type": "object", "properties": {"pair": pair}}
    document = {
        "openapi": "3.0.0",
        "info": {"title": "Cross refs", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/nodes": {
                "post": {
                    "operationId": "createNode",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Node0"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "created",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Node0"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }
    path = tmp_path / "cross.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def test_refs_into_other_components_are_in_the_mock_table_once(tmp_path: Path) -> None:
    generated = build(azure_cross_refs(tmp_path, 16), name="cross", root=tmp_path)
    routes = generated.files["src/cross/_mock_routes.py"].replace("'", '"')
    assert len(routes) < 60_000  # inlined: 2**15 copies of the deepest one (~9 MB)
    assert '"Node2/properties/pair"' in routes
    module = generate_and_import(azure_cross_refs(tmp_path, 16), tmp_path / "pkg", "cross")
    api = importlib.import_module("cross._mock").MockAPI(
        importlib.import_module("cross._mock_routes").ROUTES
    )
    good = {"pair": {"name": "n", "a": {"name": "x", "b": [{"name": "y"}]}}}
    created = api.handle(httpx.Request("POST", "http://mock/nodes", json=good))
    assert created.status_code == 201, created.text
    # A rule of a component reached through another's property is still enforced.
    bad = {"pair": {"name": "n", "a": {"name": "x", "b": [{"name": ""}]}}}
    refused = api.handle(httpx.Request("POST", "http://mock/nodes", json=bad))
    assert refused.status_code in (400, 422), refused.text
    assert module.__name__ == "cross"
