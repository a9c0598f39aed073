"""Page objects (issue 16): a paginated list call returns its first page, a subclass of the
page model that iterates every item across pages, with ``iter_pages()``, ``has_next_page()``
and ``next_page()``. Against a FastAPI app serving each ``x-sdk-pagination`` style (page,
offset, cursor, next-URL in the body, ``Link`` header), sync and async from one body."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any, Optional

import pytest
from fastapi import FastAPI, Request, Response
from pydantic import BaseModel

from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import
from tests.support.twins import Twin, both, run

NAMES = [f"item-{i}" for i in range(7)]
SIZE = 3


class Item(BaseModel):
    name: str


class Meta(BaseModel):
    total: int
    next_cursor: Optional[str] = None


class NumberedPage(BaseModel):
    data: list[Item]
    meta: Meta


class UrlPage(BaseModel):
    data: list[Item]
    next: Optional[str] = None


class LinkedPage(BaseModel):
    data: list[Item]


def items(start: int, size: int) -> list[Item]:
    return [Item(name=n) for n in NAMES[start : start + size]]


def paging(**spec: Any) -> dict[str, Any]:
    return {"x-sdk-resource": "things", "x-sdk-pagination": spec}


def make_app(seen: list[str]) -> FastAPI:
    app = FastAPI(title="Paging")

    @app.middleware("http")
    async def record(request: Request, call_next: Any) -> Any:
        seen.append(f"{request.url.path}?{request.url.query}")
        return await call_next(request)

    @app.get(
        "/by-page",
        operation_id="listByPage",
        response_model=NumberedPage,
        openapi_extra=paging(style="page", page="page", **{"page-size": "per_page"},
                             items="data", total="meta.total"),
    )  # fmt: skip
    def by_page(page: int = 1, per_page: int = SIZE) -> NumberedPage:
        return NumberedPage(
            data=items((page - 1) * per_page, per_page), meta=Meta(total=len(NAMES))
        )

    @app.get(
        "/by-offset",
        operation_id="listByOffset",
        response_model=NumberedPage,
        openapi_extra=paging(style="offset", offset="offset", limit="limit", items="data",
                             total="meta.total"),
    )  # fmt: skip
    def by_offset(offset: int = 0, limit: int = SIZE) -> NumberedPage:
        return NumberedPage(data=items(offset, limit), meta=Meta(total=len(NAMES)))

    @app.get(
        "/by-cursor",
        operation_id="listByCursor",
        response_model=NumberedPage,
        openapi_extra=paging(style="cursor", cursor="after", limit="limit", items="data",
                             **{"next-cursor": "meta.next_cursor"}),
    )  # fmt: skip
    def by_cursor(after: Optional[str] = None, limit: int = SIZE) -> NumberedPage:
        start = NAMES.index(after) + 1 if after else 0
        end = start + limit
        following = NAMES[end - 1] if end < len(NAMES) else None
        return NumberedPage(
            data=items(start, limit), meta=Meta(total=len(NAMES), next_cursor=following)
        )

    @app.get(
        "/by-url",
        operation_id="listByUrl",
        response_model=UrlPage,
        openapi_extra=paging(style="next-url", next="next", items="data"),
    )
    def by_url(request: Request, start: int = 0) -> UrlPage:
        following = None
        if start + SIZE < len(NAMES):  # absolute, as most servers send it
            following = str(request.url.replace_query_params(start=start + SIZE))
        return UrlPage(data=items(start, SIZE), next=following)

    @app.get(
        "/by-link",
        operation_id="listByLink",
        response_model=LinkedPage,
        responses={200: {"headers": {"Link": {"schema": {"type": "string"}}}}},
        openapi_extra=paging(style="link", items="data"),
    )
    def by_link(response: Response, start: int = 0) -> LinkedPage:
        links = ['</by-link?start=0>; rel="first"']
        if start + SIZE < len(NAMES):  # relative, as RFC 8288 allows
            links.append(f'</by-link?start={start + SIZE}>; rel="next"')
        response.headers["Link"] = ", ".join(links)
        return LinkedPage(data=items(start, SIZE))

    @app.get("/guessed", operation_id="listGuessed", tags=["things"], response_model=NumberedPage)
    def guessed(offset: int = 0, limit: int = SIZE) -> NumberedPage:
        # No x-sdk-pagination: offset/limit and a list of items are guessed as offset paging.
        return NumberedPage(data=items(offset, limit), meta=Meta(total=len(NAMES)))

    return app


SEEN: list[str] = []


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, str]]:
    app = make_app(SEEN)
    tmp = tmp_path_factory.mktemp("paging")
    spec = tmp / "openapi.json"
    spec.write_text(json.dumps(app.openapi()), encoding="utf-8")
    package = generate_and_import(spec, tmp, "paging_live")
    with serve(app) as url:
        yield package, url


# method, its model, the page requests a full walk sends (the first one included)
STYLES = [
    ("list_by_page", "NumberedPage", ["page=1", "page=2", "page=3"]),
    ("list_by_offset", "NumberedPage", ["offset=0", "offset=3", "offset=6"]),
    ("list_by_cursor", "NumberedPage", ["", "after=item-2", "after=item-5"]),
    ("list_by_url", "UrlPage", ["", "start=3", "start=6"]),
    ("list_by_link", "LinkedPage", ["", "start=3", "start=6"]),
]


def client_of(served: tuple[ModuleType, str], is_async: bool) -> Any:
    package, url = served
    return client_class(package, is_async)(base_url=url)


def queries(after: int = 0) -> list[str]:
    return [q.split("?", 1)[1] for q in SEEN[after:]]


def same_query(sent: str, expected: str) -> bool:
    """``expected``'s parameters are among those sent (the first call may send the size)."""
    parts = set(filter(None, sent.split("&")))
    return set(filter(None, expected.split("&"))) <= parts


@pytest.mark.parametrize(("method", "model", "walk"), STYLES, ids=[s[0] for s in STYLES])
@both
def test_the_list_call_returns_the_first_page_iterating_every_item(
    served: tuple[ModuleType, str], is_async: bool, method: str, model: str, walk: list[str]
) -> None:
    package, _ = served

    async def body(t: Twin) -> None:
        client = client_of(served, is_async)
        before = len(SEEN)
        first = await t.call(getattr(client.things, method)())
        # The first page is the model it always was: fields, mapping reads, isinstance.
        assert isinstance(first, getattr(package.models, model))
        assert [i.name for i in first.data] == NAMES[:SIZE]
        assert [i["name"] for i in first["data"]] == NAMES[:SIZE]
        assert len(SEEN) == before + 1  # nothing fetched ahead
        assert first.has_next_page()
        # Iterating it walks every page, fetching each when reached.
        everything = await t.collect(first)
        assert [i.name for i in everything] == NAMES
        assert all(isinstance(i, package.models.Item) for i in everything)
        sent = queries(before)
        assert len(sent) == len(walk)
        assert all(same_query(s, w) for s, w in zip(sent, walk)), sent
        # Page by page.
        pages = await t.collect(first.iter_pages())
        assert [len(p.data) for p in pages] == [3, 3, 1]
        assert pages[0] is first
        assert all(type(p) is type(first) for p in pages)
        assert [p.has_next_page() for p in pages] == [True, True, False]
        second = await t.call(first.next_page())
        assert [i.name for i in second.data] == NAMES[SIZE : 2 * SIZE]
        with pytest.raises(LookupError, match="last page"):
            await t.call(pages[-1].next_page())
        # The raw response parses to the same page object.
        raw = await t.call(getattr(client.things.with_raw_response, method)())
        parsed = await t.call(raw.parse())
        assert type(parsed) is type(first) and parsed.has_next_page()
        await t.call(client.close())

    run(is_async, body)


@both
def test_a_page_keeps_the_callers_arguments_and_starts_where_asked(
    served: tuple[ModuleType, str], is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = client_of(served, is_async)
        before = len(SEEN)
        page = await t.call(client.things.list_by_offset(offset=2, limit=2))
        rest = await t.collect(page)
        assert [i.name for i in rest] == NAMES[2:]
        assert queries(before) == ["offset=2&limit=2", "offset=4&limit=2", "offset=6&limit=2"]
        before = len(SEEN)
        numbered = await t.call(client.things.list_by_page(page=2, per_page=3))
        assert [i.name for i in await t.collect(numbered)] == NAMES[3:]
        assert queries(before) == ["page=2&per_page=3", "page=3&per_page=3"]  # no empty page
        # The existing iter_ methods remain.
        assert [i.name for i in await t.collect(client.things.iter_list_by_cursor())] == NAMES
        await t.call(client.close())

    run(is_async, body)


@both
def test_a_guessed_pagination_gets_the_same_page_object(
    served: tuple[ModuleType, str], is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = client_of(served, is_async)
        before = len(SEEN)
        page = await t.call(client.things.list_guessed(limit=4))
        assert [i.name for i in await t.collect(page)] == NAMES
        # The total was guessed too (meta.total): the walk ends when it is reached.
        assert queries(before) == ["offset=0&limit=4", "offset=4&limit=4"]
        assert not (await t.call(page.next_page())).has_next_page()
        await t.call(client.close())

    run(is_async, body)


def test_async_pages_are_async_iterables(served: tuple[ModuleType, str]) -> None:
    import asyncio

    async def body() -> tuple[list[str], list[str], int]:
        client = client_of(served, True)
        names = [item.name async for item in await client.things.list_by_page()]
        before = len(SEEN)
        call = client.things.list_by_cursor()
        unsent = len(SEEN) - before  # nothing is sent until it is awaited or iterated
        unawaited = [item.name async for item in call]
        # Awaitable where a coroutine is not required (gather wraps it in a task).
        pages = await asyncio.gather(client.things.list_by_offset(), client.things.list_by_url())
        assert all(p.has_next_page() for p in pages)
        await client.close()
        return names, unawaited, unsent

    assert asyncio.run(body()) == (NAMES, NAMES, 0)


TYPED = """
from __future__ import annotations

from zoo.models import NamePage, NamePageDataItem
from zoo.resources.toys import AsyncListToysPage, ListToysPage
from zoo import AsyncZooClient, ZooClient


def sync_pages(client: ZooClient) -> None:
    page: ListToysPage = client.toys.list(limit=2)
    model: NamePage = page
    for item in page:
        name: NamePageDataItem = item
    more: bool = page.has_next_page()
    after: ListToysPage = page.next_page()
    for each in page.iter_pages():
        same: ListToysPage = each
    parsed: ListToysPage = client.toys.with_raw_response.list().parse()
    wrong: int = page.next_page()  # type: ignore[assignment]
    del model, name, more, after, same, parsed, wrong


async def async_pages(client: AsyncZooClient) -> None:
    page: AsyncListToysPage = await client.toys.list(limit=2)
    async for item in page:
        name: NamePageDataItem = item
    after: AsyncListToysPage = await page.next_page()
    async for each_item in client.toys.list():  # every item, without awaiting the call
        also: NamePageDataItem = each_item
    async for each in page.iter_pages():
        same: AsyncListToysPage = each
    for nope in page:  # type: ignore[attr-defined]
        pass
    del name, after, same, also
"""


def test_page_objects_are_typed_under_mypy_strict(zoo: ModuleType, tmp_path: Any) -> None:
    """The page classes keep their model's type and iterate their items' type."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    names = {n for n in zoo.__all__ if n.endswith("Client")}
    assert names == {"ZooClient", "AsyncZooClient"}, names
    (tmp_path / "pages_api.py").write_text(TYPED, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--warn-unused-ignores", "--cache-dir",
         os.devnull, "pages_api.py"],
        capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(Path(zoo.__file__).parent.parent)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
