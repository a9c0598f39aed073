"""``x-sdk-pagination`` styles cursor, next-url and link (issue 16): ``iter_<method>`` walks
every page, sync and async from one body, on the package generated from
tests/golden/features/spec.yaml."""

from __future__ import annotations

from types import ModuleType
from typing import Any, Optional

import httpx
import pytest

from tests.support.twins import Twin, both, run

NAMES = ["a", "b", "c", "d", "e"]


def page(names: list[str], **extra: Any) -> dict[str, Any]:
    return {"data": [{"name": n} for n in names], **extra}


@both
def test_cursor_style_sends_back_the_next_cursor(zoo: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("after", "0"))
        more = start + 2 < len(NAMES)
        meta = {"next": str(start + 2) if more else None}
        return httpx.Response(200, json=page(NAMES[start : start + 2], meta=meta))

    async def body(t: Twin) -> None:
        client = t.client(zoo, handler)
        toys = await t.collect(client.toys.iter_list(limit=2))
        assert [toy.name for toy in toys] == NAMES
        assert [r.url.params.get("after") for r in t.requests] == [None, "2", "4"]
        assert all(r.url.params["limit"] == "2" for r in t.requests)

    run(is_async, body)


@both
def test_next_url_style_follows_the_url_in_the_body(zoo: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("from", "0"))
        following: Optional[str] = None
        if start + 2 < len(NAMES):  # relative and absolute forms, as servers send them
            following = f"/v1/treats?flavour=beef&from={start + 2}"
            if start:
                following = "https://api.zoo.example" + following
        return httpx.Response(200, json=page(NAMES[start : start + 2], next=following))

    async def body(t: Twin) -> None:
        t.unchecked = "the next URLs carry a query parameter the spec does not list"
        client = t.client(zoo, handler)
        treats = await t.collect(client.treats.iter_list(flavour="beef"))
        assert [treat.name for treat in treats] == NAMES
        assert [str(r.url) for r in t.requests] == [
            "https://api.zoo.example/v1/treats?flavour=beef",
            "https://api.zoo.example/v1/treats?flavour=beef&from=2",
            "https://api.zoo.example/v1/treats?flavour=beef&from=4",
        ]
        assert all(r.headers["x-api-key"] == "sk-test-secret" for r in t.requests)

    run(is_async, body)


@both
def test_link_header_style_follows_rel_next(zoo: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("page", "0"))
        links = ['</v1/walks?page=0>; rel="first"']
        if start + 2 < len(NAMES):
            links.append(f'<https://api.zoo.example/v1/walks?page={start + 2}>; rel="next last"')
        return httpx.Response(
            200, json=page(NAMES[start : start + 2]), headers={"Link": ", ".join(links)}
        )

    async def body(t: Twin) -> None:
        t.unchecked = "the Link URLs carry a query parameter the spec does not list"
        client = t.client(zoo, handler)
        walks = await t.collect(client.walks.iter_list())
        assert [walk.name for walk in walks] == NAMES
        assert [r.url.params.get("page") for r in t.requests] == [None, "2", "4"]

    run(is_async, body)


@both
def test_a_next_url_on_another_origin_is_refused(zoo: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=page(["a"], next="https://evil.example/v1/treats?p=2"))

    async def body(t: Twin) -> None:
        client = t.client(zoo, handler)
        with pytest.raises(zoo.ZooError, match="another origin"):
            await t.collect(client.treats.iter_list())
        assert len(t.requests) == 1  # the credentials never went to evil.example

    run(is_async, body)


@both
def test_a_page_naming_itself_next_ends_the_walk(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            zoo, lambda r: httpx.Response(200, json=page(["a"], meta={"next": "same"}))
        )
        toys = await t.collect(client.toys.iter_list())
        assert [toy.name for toy in toys] == ["a", "a"] and len(t.requests) == 2

    run(is_async, body)
