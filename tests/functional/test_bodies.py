"""Empty and wildcard answers against a real FastAPI app: 204, 205 and HEAD answers decode to
nothing whatever the spec lists; ``*/*`` dispatches on the answer's Content-Type; a binary
string under ``*/*`` is bytes, never parsed as JSON. Sync and async."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import

SPEC = Path(__file__).parent / "specs" / "bodies.yaml"


def app() -> Any:
    api = FastAPI()

    @api.delete("/things/{thing_id}")
    def delete_thing(thing_id: str) -> Response:
        return Response(status_code=204)

    @api.head("/things/{thing_id}")
    def thing_exists(thing_id: str) -> Response:
        return Response(headers={"content-type": "application/json", "content-length": "12"})

    @api.get("/things/{thing_id}")
    def get_thing(thing_id: str) -> Response:
        if thing_id == "pending":
            return Response(status_code=204)
        return JSONResponse({"id": thing_id})

    @api.get("/download")
    def download() -> Response:
        # JSON-looking bytes, labelled JSON: still the file's bytes, as the spec says.
        return Response(b'{"not": "parsed"}', media_type="application/json")

    @api.get("/anything")
    def anything(request: Request) -> Response:
        kind = request.query_params["as"]
        if kind == "json":
            return JSONResponse({"a": [1, 2]})
        if kind == "csv":
            return PlainTextResponse("a,b\n1,2\n", media_type="text/csv")
        return Response(b"\x89PNG\r\n", media_type="image/png")

    return api


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_and_import(SPEC, tmp_path_factory.mktemp("bodies"), "bodies")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(app()) as url:
        yield url


async def call(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_empty_and_wildcard_answers(bodies: ModuleType, base_url: str, is_async: bool) -> None:
    import asyncio

    async def body() -> None:
        client = client_class(bodies, is_async)(base_url=base_url)
        things = client.default
        assert await call(things.delete_thing("t1")) is None
        assert await call(things.thing_exists("t1")) is None
        assert await call(things.get_thing("pending")) is None  # 204
        got = await call(things.get_thing("t1"))
        assert got.id == "t1"
        assert await call(things.download()) == b'{"not": "parsed"}'
        assert await call(things.anything(as_="json")) == {"a": [1, 2]}
        assert await call(things.anything(as_="csv")) == "a,b\n1,2\n"
        assert await call(things.anything(as_="png")) == b"\x89PNG\r\n"
        await call(client.close())

    asyncio.run(body())


def test_the_signatures_say_so(bodies: ModuleType) -> None:
    resource = type(bodies.BodiesClient(base_url="http://127.0.0.1:9").default)
    names = ("delete_thing", "thing_exists", "get_thing", "download", "anything")
    hints = {name: inspect.signature(getattr(resource, name)).return_annotation for name in names}
    assert hints == {
        "delete_thing": "None",
        "thing_exists": "None",
        "get_thing": "Union[Thing, None]",
        "download": "bytes",
        "anything": "Any",
    }
