"""The traffic checker the functional and platform tests run every exchange through."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.support.conformance import Conformance

SPEC = "tests/golden/features/spec.yaml"
BASE = "https://api.zoo.example/v1"
KEY = {"x-api-key": "k"}


@pytest.fixture(scope="module")
def zoo() -> Conformance:
    return Conformance.from_path(SPEC)


def request(method: str, path: str, body: Any = None, **headers: str) -> httpx.Request:
    content = None if body is None else json.dumps(body).encode()
    if content is not None:
        headers.setdefault("content-type", "application/json")
    return httpx.Request(method, BASE + path, headers={**KEY, **headers}, content=content)


def problems(found: list[Any]) -> list[str]:
    return [str(v) for v in found]


def test_a_conforming_request_and_response_pass(zoo: Conformance) -> None:
    sent = request("GET", "/pets?limit=5&ids=a,b&colors=red&colors=blue&filter[color]=red")
    assert problems(zoo.check_request(sent)) == []
    page = {"data": [{"id": "p1", "name": "Rex", "kind": "dog"}], "total": 1}
    assert problems(zoo.check_response(sent, httpx.Response(200, json=page))) == []


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (
            request("GET", "/pets?limit=0"),
            "GET /pets: query.limit: 0 is less than the minimum of 1",
        ),
        (request("GET", "/pets?limit=x"), "GET /pets: query.limit: 'x' is not of type 'integer'"),
        (request("GET", "/pets?limit=1&limit=2"), "GET /pets: query.limit: sent 2 times"),
        (request("GET", "/pets?kind=fish"), "GET /pets: query.kind: 'fish' is not one of"),
        (request("GET", "/pets?colour=red"), "GET /pets: query.colour: parameter not in the spec"),
        (
            request("GET", "/cats"),
            "GET /v1/cats: request: no operation of the spec has this method",
        ),
        (request("POST", "/pets", {"kind": "dog"}), "POST /pets: body: 'name' is a required"),
        (request("POST", "/pets"), "POST /pets: body: required request body missing"),
        (
            request("POST", "/pets", {"name": "Rex"}, **{"content-type": "text/plain"}),
            "POST /pets: body: content type 'text/plain' not among application/json",
        ),
        (request("POST", "/orders", {}), "POST /orders: body: 'petId' is a required property"),
        (
            httpx.Request("GET", BASE + "/pets/p1"),
            "GET /pets/{petId}: security: no credential of apiKey or agentSignature sent",
        ),
    ],
)
def test_a_request_off_the_spec_is_named_with_where(
    zoo: Conformance, sent: httpx.Request, expected: str
) -> None:
    found = problems(zoo.check_request(sent))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_read_only_required_field_is_not_required_in_a_request(zoo: Conformance) -> None:
    # /orders requires [petId, id] but id is readOnly: a request without it conforms.
    assert problems(zoo.check_request(request("POST", "/orders", {"petId": "p1"}))) == []


def test_an_encoded_slash_stays_inside_its_path_segment(zoo: Conformance) -> None:
    sent = httpx.Request("GET", BASE + "/pets/a%2Fb", headers=KEY)
    assert problems(zoo.check_request(sent)) == []


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (httpx.Response(418), "GET /pets/{petId}: response 418: status not documented"),
        (
            httpx.Response(200, json={"name": "Rex", "kind": "dog"}),
            "GET /pets/{petId}: response 200 body: 'id' is a required property",
        ),
        (
            httpx.Response(200, json={"id": "p1", "name": 7, "kind": "dog"}),
            "GET /pets/{petId}: response 200 body/name: 7 is not of type 'string'",
        ),
        (
            httpx.Response(200, text="<html>", headers={"content-type": "text/html"}),
            "GET /pets/{petId}: response 200: content type 'text/html' not among application/json",
        ),
    ],
)
def test_a_response_off_the_spec_is_named_with_where(
    zoo: Conformance, response: httpx.Response, expected: str
) -> None:
    found = problems(zoo.check_response(request("GET", "/pets/p1"), response))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_each_event_of_a_stream_is_checked(zoo: Conformance) -> None:
    body = b'data: {"type": "fed", "grams": 5}\n\ndata: {"type": "fed", "grams": "lots"}\n\n'
    response = httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})
    found = problems(zoo.check_response(request("GET", "/events"), response))
    assert len(found) == 1 and "event 1" in found[0], found
