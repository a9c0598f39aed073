"""Decoding is the SDK's job: every body the spec does not describe raises the package's
``APIResponseValidationError`` (a subclass of its base error, and a ValueError) carrying the
status, the raw body, the JSON pointer of the failing value and the type expected there; never
a bare KeyError/ValueError/JSONDecodeError/AttributeError. Sync and async."""

from __future__ import annotations

import copy
import json
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.twins import Twin, both, run

PET = {
    "id": "p1",
    "createdAt": "2024-05-01T12:00:00Z",
    "name": "Rex",
    "kind": "dog",
    "owner": {"name": "Ann", "pets": [{"id": "p2", "name": "Tom", "kind": "cat"}]},
    "birthday": "2020-02-29",
}


def without(path: list[Any]) -> dict[str, Any]:
    body = copy.deepcopy(PET)
    node: Any = body
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return body


def replaced(path: list[Any], value: Any) -> dict[str, Any]:
    body = copy.deepcopy(PET)
    node: Any = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return body


CASES = {
    "missing required field": (
        json.dumps(without(["name"])), "application/json", "/name", "str", "missing required"
    ),
    "missing nested required": (
        json.dumps(without(["owner", "pets", 0, "name"])),
        "application/json", "/owner/pets/0/name", "str", "missing required",
    ),
    "bad date-time": (
        json.dumps(replaced(["createdAt"], "yesterday")),
        "application/json", "/createdAt", "datetime", "'yesterday'",
    ),
    "bad date deep": (
        json.dumps(replaced(["owner", "pets", 0, "birthday"], "2020-13-45")),
        "application/json", "/owner/pets/0/birthday", "date", "'2020-13-45'",
    ),
    "html with 200": (
        "<html><body>maintenance</body></html>", "text/html", "", "Pet",
        "the body is not JSON (text/html",
    ),
    "list where an object was promised": (
        json.dumps([PET]), "application/json", "", "Pet", "got an array, not an object"
    ),
    "object where a list was promised": (
        json.dumps(replaced(["owner", "pets"], {"id": "x"})),
        "application/json", "/owner/pets", "List[Pet]", "not an array",
    ),
}  # fmt: skip


@both
@pytest.mark.parametrize("case", list(CASES))
def test_every_decode_failure_is_the_packages_validation_error(
    zoo: ModuleType, is_async: bool, case: str
) -> None:
    text, content_type, pointer, expected, problem = CASES[case]

    async def body(t: Twin) -> None:
        t.off_spec = "a body the spec does not describe, on purpose"
        reply = httpx.Response(200, text=text, headers={"content-type": content_type})
        client = t.client(zoo, lambda r: reply)
        with pytest.raises(zoo.APIResponseValidationError) as caught:
            await t.call(client.pets.get("p1"))
        error = caught.value
        assert isinstance(error, zoo.ZooError) and isinstance(error, ValueError)
        assert error.status_code == 200
        assert error.body == text  # the raw body
        assert error.pointer == pointer
        assert error.expected == expected
        assert problem in str(error)
        # The decoder's own exception is kept as the cause, for debugging.
        assert isinstance(error.__cause__, (KeyError, ValueError, TypeError, AttributeError))

    run(is_async, body)


@both
def test_a_list_return_and_a_paged_iterator_raise_it_too(zoo: ModuleType, is_async: bool) -> None:
    page = {"data": [PET, without(["kind"])], "total": 2}

    async def body(t: Twin) -> None:
        t.off_spec = "the second pet lacks its required kind"
        client = t.client(zoo, lambda r: httpx.Response(200, json=page))
        with pytest.raises(zoo.APIResponseValidationError) as caught:
            await t.call(client.pets.list())
        assert caught.value.pointer == "/data/1/kind"
        assert caught.value.expected == "PetKind"

    run(is_async, body)


def test_nothing_is_added_to_the_success_path(zoo: ModuleType) -> None:
    # The pointer is computed only when decoding failed: the generated method decodes in one
    # expression inside try/except, and calls into the runtime only in the except branch.
    import inspect

    source = inspect.getsource(type(zoo.ZooClient(api_key="k").pets).get)
    happy = source[source.index("try:") : source.index("except")]
    assert "response_validation_error" not in happy and "globals()" not in happy


@both
def test_a_stream_event_that_does_not_decode_raises_it_too(zoo: ModuleType, is_async: bool) -> None:
    # Unknown event types are skipped (APIs add them); a known one missing a required field
    # is an answer the spec does not describe.
    body_bytes = (
        b'data: {"type": "fed", "grams": 5}\n\n'
        b'data: {"type": "something-new"}\n\n'
        b'data: {"type": "fed"}\n\n'
    )

    async def body(t: Twin) -> None:
        t.off_spec = "the third event lacks its required grams"
        reply = httpx.Response(
            200, content=body_bytes, headers={"content-type": "text/event-stream"}
        )
        client = t.client(zoo, lambda r: reply)
        got: list[Any] = []
        with pytest.raises(zoo.APIResponseValidationError) as caught:
            stream = client.events.stream()
            if t.is_async:
                async for event in stream:
                    got.append(event)
            else:
                for event in stream:
                    got.append(event)
        assert [e.grams for e in got] == [5]
        assert caught.value.pointer == "/grams" and caught.value.expected == "int"
        assert caught.value.body == '{"type": "fed"}'

    run(is_async, body)
