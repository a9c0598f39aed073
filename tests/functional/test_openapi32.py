"""OpenAPI 3.2 documents generate: ``$self``, tag ``parent``/``kind``/``summary``, server
``name``, the QUERY method, ``additionalOperations`` (PURGE), a ``querystring`` parameter and
``itemSchema`` of ``application/x-ndjson``; every request checked on the wire by httpx's
MockTransport, sync and async."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.packages import client_class, generate_and_import

SPEC = Path(__file__).parent / "specs" / "v32.yaml"


@pytest.fixture(scope="module")
def three_two(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_and_import(SPEC, tmp_path_factory.mktemp("v32"), "three_two")


def handler(seen: list[httpx.Request]) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "PURGE":
            return httpx.Response(204)
        if request.url.path == "/feed":
            body = b'{"id": 1}\n{"id": 2}\n'
            return httpx.Response(
                200, content=body, headers={"content-type": "application/x-ndjson"}
            )
        return httpx.Response(200, json=["hit"])

    return answer


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_query_method_additional_operations_querystring_and_item_schema(
    three_two: ModuleType, is_async: bool
) -> None:
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(handler(seen))

    async def body() -> None:
        http: Any = (
            httpx.AsyncClient(transport=transport)
            if is_async
            else httpx.Client(transport=transport)
        )
        client = client_class(three_two, is_async)(http_client=http)

        async def call(value: Any) -> Any:
            return await value if asyncio.iscoroutine(value) else value

        assert await call(client.search.search(q="cats")) == ["hit"]
        assert await call(client.search.find(filter={"q": "cats", "page": 2})) == ["hit"]
        assert await call(client.search.purge()) is None
        stream = client.search.feed()
        items = [i async for i in stream] if is_async else list(stream)
        assert [i.id for i in items] == [1, 2]

    asyncio.run(body())
    query, find, purge, feed = seen
    assert query.method == "QUERY" and json.loads(query.content) == {"q": "cats"}
    assert find.method == "GET" and dict(find.url.params) == {"q": "cats", "page": "2"}
    assert purge.method == "PURGE" and purge.url.path == "/search"
    assert feed.headers["accept"] == "application/x-ndjson"


def test_a_3_2_document_is_refused_only_for_real_problems(tmp_path: Path) -> None:
    from generator.errors import SpecError
    from generator.pipeline import build

    broken = SPEC.read_text(encoding="utf-8").replace("operationId: purge", "operationId: find")
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(SpecError, match="duplicate operationId 'find'"):
        build(tmp_path / "broken.yaml", "broken")


def test_an_additional_operation_named_like_code_is_not_generated(tmp_path: Path) -> None:
    hostile = SPEC.read_text(encoding="utf-8").replace(
        "      PURGE:", '      \'X"""; import os  #\':'
    )
    (tmp_path / "hostile.yaml").write_text(hostile, encoding="utf-8")
    package = generate_and_import(tmp_path / "hostile.yaml", tmp_path / "out", "hostile32")
    resource = type(package.ThreeTwoClient(base_url="http://127.0.0.1:9").search)
    assert not hasattr(resource, "purge")
    source = (Path(package.__file__).parent / "resources" / "search.py").read_text()
    assert "import os" not in source
