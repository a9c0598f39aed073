"""A list-valued header parameter, judged by the two independent readers that disagree on it.

OpenAPI's ``simple`` style (the only one for headers) spells ``["a", "b"]`` as one field line,
``X-Tags: a,b``, and the client sends that. RFC 9110 (5.2, 5.3) makes repeated field lines
equivalent to one comma-joined line, but the readers here do not agree: Stoplight Prism
accepts the comma-joined line and refuses repeated lines (and ``a, b``, with a space), while
FastAPI's ``list[str] = Header()`` reads one item per field line, so ``a,b`` arrives as
``["a,b"]`` although FastAPI's own ``app.openapi()`` describes the parameter as a simple-style
array. No one spelling satisfies both; the client follows the specification (and Prism).
These tests pin the facts the choice rests on (the README's "Where the spec is silent")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import httpx
import pytest
import yaml
from fastapi import FastAPI, Header

from tests.support.live import prism, serve
from tests.support.packages import client_class, generate_and_import

app = FastAPI()


@app.get("/tags", status_code=200)
def read_tags(x_tags: Annotated[list[str], Header()]) -> dict[str, list[str]]:
    return {"seen": x_tags}


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Header Lists", "version": "1"},
    "paths": {
        "/tags": {
            "get": {
                "operationId": "readTags",
                "tags": ["tags"],
                "parameters": [
                    {
                        "name": "X-Tags",
                        "in": "header",
                        "required": True,
                        "schema": {
                            "type": "array",
                            "items": {"type": "string", "enum": ["a", "b"]},
                        },
                    }
                ],
                "responses": {"204": {"description": "ok"}},
            }
        }
    },
}


@pytest.fixture(scope="module")
def fastapi_url() -> Iterator[str]:
    with serve(app) as url:
        yield url


@pytest.fixture(scope="module")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("lists") / "spec.yaml"
    path.write_text(yaml.safe_dump(SPEC))
    with prism(path) as url:
        yield url


COMMA = [("X-Tags", "a,b")]
LINES = [("X-Tags", "a"), ("X-Tags", "b")]


def test_prism_reads_the_simple_style_line_and_refuses_repeated_lines(prism_url: str) -> None:
    assert httpx.get(prism_url + "/tags", headers=COMMA).status_code == 204
    assert httpx.get(prism_url + "/tags", headers=LINES).status_code == 422
    assert httpx.get(prism_url + "/tags", headers=[("X-Tags", "a, b")]).status_code == 422


def test_fastapi_reads_one_item_per_field_line(fastapi_url: str) -> None:
    described = app.openapi()["paths"]["/tags"]["get"]["parameters"][0]
    assert described["schema"]["type"] == "array" and "style" not in described  # simple
    assert httpx.get(fastapi_url + "/tags", headers=COMMA).json() == {"seen": ["a,b"]}
    assert httpx.get(fastapi_url + "/tags", headers=LINES).json() == {"seen": ["a", "b"]}


def test_generated_client_sends_the_simple_style_line(prism_url: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    package = generate_and_import(spec, tmp_path / "gen", "header_lists")
    sent: list[httpx.Request] = []
    with httpx.Client(event_hooks={"request": [sent.append]}) as http:
        client = client_class(package, False)(base_url=prism_url, http_client=http, max_retries=0)
        client.tags.read_tags(x_tags=["a", "b"])  # Prism would raise a 422 as the package's error
    assert sent[0].headers.get_list("X-Tags") == ["a,b"]
