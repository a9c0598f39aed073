"""A valid spec without a single example (``petstore_no_examples.yaml``) gets a working stateful
mock: answers built from the schemas, shaped exactly as they say (every exchange is checked
against the spec by the twins' conformance checker), request fields kept in created resources,
errors in the spec's error schema, real events on streams, and no 501."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.mock_server import mock_server
from tests.support.packages import generate_and_import
from tests.support.twins import Twin, both, run

SPEC = Path(__file__).parent / "petstore_no_examples.yaml"


@pytest.fixture(scope="module")
def petstore(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate_and_import(SPEC, tmp_path_factory.mktemp("petstore"), "petstore")


def mock_api(package: Any, **options: Any) -> Any:
    routes = importlib.import_module(f"{package.__name__}._mock_routes").ROUTES
    return importlib.import_module(f"{package.__name__}._mock").MockAPI(routes, **options)


def get(api: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    response: httpx.Response = api.handle(
        httpx.Request(method, "https://pets.example.com/v1" + path, **kwargs)
    )
    return response


@both
def test_list_create_read_delete_through_the_client(is_async: bool, petstore: Any) -> None:
    async def body(twin: Twin) -> None:
        client = twin.client(petstore, mock_api(petstore).handle)
        api = getattr(client, "default", client)
        empty = await twin.call(api.list_pets())
        assert empty.data == [] and empty.total == 0 and empty.has_more is False
        created = await twin.call(api.create_pet(name="Rex", kind="cat", tag=None))
        assert (created.name, created.kind, created.tag) == ("Rex", "cat", None)
        listed = await twin.call(api.list_pets())
        assert [p.name for p in listed.data] == ["Rex"] and listed.total == 1
        read = await twin.call(api.get_pet(created.id))
        assert read.id == created.id and read.name == "Rex"
        assert 2 <= len(read.toys) <= 3 and all(len(t) >= 3 for t in read.toys)
        assert read.owner.email == "user@example.com"
        await twin.call(api.delete_pet(created.id))
        with pytest.raises(petstore.NotFoundError):
            await twin.call(api.get_pet(created.id))  # deleted: never another resource

    run(is_async, body)


def test_answers_follow_formats_patterns_bounds_and_unions(petstore: Any) -> None:
    api = mock_api(petstore)
    pet = get(api, "GET", "/pets/41").json()
    assert pet["id"] == 41  # an unknown id answers as that id, never another resource
    assert pet["chip"][:3].isupper() and pet["chip"][3] == "-" and pet["chip"][4:].isdigit()
    assert 0.1 <= pet["weight"] <= 80 and pet["registered"].endswith("Z")
    assert pet["kind"] in ("dog", "cat", "bird")
    details = get(api, "GET", "/pets/41/details").json()
    assert details["petType"] == "dog" and details["barks"] is True  # the discriminator value
    assert get(api, "GET", "/pets/41").json() == pet  # deterministic, and kept
    again = mock_api(petstore)
    assert get(again, "GET", "/pets/41").json() == pet  # the same data in another mock


def test_errors_take_the_error_schema_and_nothing_answers_501(petstore: Any) -> None:
    api = mock_api(petstore)
    refused = get(api, "POST", "/pets", json={"kind": "cat"})
    assert refused.status_code == 400
    assert refused.json() == {"code": 400, "message": "name: is required"}
    for path in ("/pets", "/pets/1", "/pets/1/details", "/pets/1/events"):
        assert get(api, "GET", path).status_code == 200, path


def test_a_stream_answers_real_events(petstore: Any) -> None:
    response = get(mock_api(petstore), "GET", "/pets/5/events")
    assert response.headers["content-type"] == "text/event-stream"
    text = response.text
    assert "data: null" not in text
    assert "event: moved" in text and '"at": "2025-01-15T10:30:00Z"' in text


def test_streams_play_their_script_or_every_example_in_order(petstore: Any) -> None:
    api = mock_api(petstore)
    scripted = get(api, "GET", "/pets/5/feed").text
    assert [line[7:] for line in scripted.splitlines() if line.startswith("event: ")] == [
        "fed", "moved", "fed"]  # fmt: skip
    assert "2025-01-15T12:00:00Z" in scripted
    history = get(api, "GET", "/pets/5/history").text
    times = [t for t in ("09:00", "10:00", "11:00") if f"2025-01-14T{t}:00Z" in history]
    assert times == ["09:00", "10:00", "11:00"]
    assert history.index("09:00") < history.index("10:00") < history.index("11:00")


def test_sdkgen_mock_serves_the_spec_over_http() -> None:
    with mock_server(str(SPEC)) as base_url, httpx.Client(timeout=30) as http:
        assert base_url.endswith("/v1")
        created = http.post(base_url + "/pets", json={"name": "Rex", "kind": "cat"})
        listed = http.get(base_url + "/pets").json()
        missing = http.get(base_url + "/pets/12/details", params={"x": "1"})
        gone = http.get(base_url + "/pets/notfound")
    assert created.status_code == 201 and created.json()["name"] == "Rex"
    assert listed["total"] == 1 and [p["name"] for p in listed["data"]] == ["Rex"]
    assert missing.status_code == 200 and missing.json()["petType"] == "dog"
    assert gone.status_code in (400, 404) and set(gone.json()) == {"code", "message"}
