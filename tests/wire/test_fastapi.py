"""A FastAPI app written the way FastAPI users write one, served on 127.0.0.1, and a client
generated from its own ``app.openapi()``: every call must be accepted and the app must see the
intended values. Idioms covered (also listed in the README): query parameters of list, enum,
date, Decimal, bool and int types; header and cookie parameters; a JSON body model with
``extra="allow"``; PATCH with nullable fields (null sent, omitted left out); file uploads with
``UploadFile`` and ``list[UploadFile]`` beside ``Form`` fields (a list too); a form-urlencoded
login form; a raw body read from ``Request``."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, Optional

import pytest
from fastapi import Body, Cookie, FastAPI, File, Form, Header, Query, Request, UploadFile
from pydantic import BaseModel, ConfigDict

from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import
from tests.support.twins import both


class Level(str, Enum):
    low = "low"
    high = "high"


class Item(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    price: float
    tags: list[str] = []
    note: Optional[str] = None


class ItemPatch(BaseModel):
    name: Optional[str] = None
    published: Optional[bool] = None


def build_app() -> FastAPI:
    # FastAPI's documented set-up for generated clients: operation ids from function names.
    app = FastAPI(title="Shop", generate_unique_id_function=lambda route: route.name)

    @app.get("/items", tags=["items"])
    def search_items(
        tags: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI's own idiom
        level: Level = Level.low,
        since: Optional[dt.date] = None,
        max_price: Optional[Decimal] = None,
        in_stock: bool = False,
        limit: int = 10,
    ) -> dict[str, Any]:
        return {
            "tags": tags, "level": level.value, "since": since and since.isoformat(),
            "max_price": None if max_price is None else str(max_price),
            "in_stock": in_stock, "limit": limit,
        }  # fmt: skip

    @app.get("/items/{item_id}", tags=["items"])
    def get_item(
        item_id: int,
        x_token: Annotated[str, Header()],
        x_debug: Annotated[Optional[bool], Header()] = None,
        session: Annotated[Optional[str], Cookie()] = None,
    ) -> dict[str, Any]:
        return {"item_id": item_id, "x_token": x_token, "x_debug": x_debug, "session": session}

    @app.post("/items", tags=["items"])
    def create_item(item: Item) -> dict[str, Any]:
        return item.model_dump()

    @app.patch("/items/{item_id}", tags=["items"])
    def update_item(item_id: int, patch: ItemPatch) -> dict[str, Any]:
        return {"item_id": item_id, "set": patch.model_dump(exclude_unset=True)}

    @app.post("/uploads", tags=["files"])
    async def upload(
        file: UploadFile,
        title: Annotated[str, Form()],
        extra: Annotated[list[UploadFile], File()] = [],  # noqa: B006
        labels: Annotated[list[str], Form()] = [],  # noqa: B006
        count: Annotated[int, Form()] = 0,
    ) -> dict[str, Any]:
        files = [file, *extra]
        return {
            "files": [[f.filename, f.content_type, (await f.read()).decode()] for f in files],
            "title": title, "labels": labels, "count": count,
        }  # fmt: skip

    @app.post("/login", tags=["auth"])
    def login(
        username: Annotated[str, Form()],
        password: Annotated[str, Form()],
        remember: Annotated[bool, Form()] = False,
    ) -> dict[str, Any]:
        return {"username": username, "password_length": len(password), "remember": remember}

    @app.post("/notes", tags=["files"])
    def add_note(note: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        return note

    raw = {"schema": {"type": "string", "format": "binary"}}
    raw_body = {"required": True, "content": {"application/octet-stream": raw}}

    @app.put("/raw", tags=["files"], openapi_extra={"requestBody": raw_body})
    async def put_raw(request: Request) -> dict[str, Any]:
        data = await request.body()
        return {"size": len(data), "type": request.headers["content-type"]}

    return app


APP = build_app()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    spec = tmp_path_factory.mktemp("shop") / "openapi.json"
    spec.write_text(json.dumps(APP.openapi()))
    yield generate_and_import(spec, tmp_path_factory.mktemp("gen"), "shop")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(APP) as url:
        yield url


def _call(shop: ModuleType, base_url: str, is_async: bool, call: Any) -> Any:
    import asyncio

    async def go() -> Any:
        client = client_class(shop, is_async)(base_url=base_url, max_retries=0)
        try:
            result = call(client)
            return await result if is_async else result
        finally:
            closed = client.close()
            if is_async:
                await closed

    return asyncio.run(go())


@both
def test_query_lists_enums_dates_decimals(shop: ModuleType, base_url: str, is_async: bool) -> None:
    got = _call(shop, base_url, is_async, lambda c: c.items.search_items(
        tags=["a", "b c"], level="high", since=dt.date(2024, 2, 29), max_price=9.5,
        in_stock=True, limit=3,
    ))  # fmt: skip
    assert got == {
        "tags": ["a", "b c"], "level": "high", "since": "2024-02-29", "max_price": "9.5",
        "in_stock": True, "limit": 3,
    }  # fmt: skip


@both
def test_path_header_and_cookie(shop: ModuleType, base_url: str, is_async: bool) -> None:
    got = _call(shop, base_url, is_async, lambda c: c.items.get_item(
        7, x_token="t", x_debug=True, session="s1"
    ))  # fmt: skip
    assert got == {"item_id": 7, "x_token": "t", "x_debug": True, "session": "s1"}


@both
def test_required_path_argument_none_refused(shop: ModuleType, is_async: bool) -> None:
    with pytest.raises(shop.InvalidArgumentError, match="item_id"):
        _call(shop, "http://127.0.0.1:9", is_async, lambda c: c.items.get_item(None, x_token="t"))


@both
def test_body_with_extra_allow(shop: ModuleType, base_url: str, is_async: bool) -> None:
    got = _call(shop, base_url, is_async, lambda c: c.items.create_item(
        name="pen", price=1.5, additional_properties={"color": "blue"}
    ))  # fmt: skip
    assert got == {"name": "pen", "price": 1.5, "tags": [], "note": None, "color": "blue"}


@both
def test_patch_sends_null_and_leaves_out_the_rest(
    shop: ModuleType, base_url: str, is_async: bool
) -> None:
    got = _call(shop, base_url, is_async, lambda c: c.items.update_item(3, published=None))
    assert got == {"item_id": 3, "set": {"published": None}}
    got = _call(shop, base_url, is_async, lambda c: c.items.update_item(3, name="x"))
    assert got == {"item_id": 3, "set": {"name": "x"}}


@both
def test_uploads_files_lists_and_form_fields(
    shop: ModuleType, base_url: str, is_async: bool, tmp_path: Path
) -> None:
    doc = tmp_path / "notes.txt"
    doc.write_text("from disk")
    got = _call(shop, base_url, is_async, lambda c: c.files.upload(
        file=("a.csv", b"x,y", "text/csv"), title="T",
        extra=[doc, io.BytesIO(b"mem")], labels=["p", "q"], count=2,
    ))  # fmt: skip
    assert got == {
        "files": [["a.csv", "text/csv", "x,y"], ["notes.txt", "text/plain", "from disk"],
                  ["upload", "application/octet-stream", "mem"]],
        "title": "T", "labels": ["p", "q"], "count": 2,
    }  # fmt: skip


@both
def test_form_urlencoded_login(shop: ModuleType, base_url: str, is_async: bool) -> None:
    got = _call(shop, base_url, is_async, lambda c: c.auth.login(
        username="ann", password="s3cr&t=", remember=True
    ))  # fmt: skip
    assert got == {"username": "ann", "password_length": 7, "remember": True}


@both
def test_free_form_json_body(shop: ModuleType, base_url: str, is_async: bool) -> None:
    got = _call(shop, base_url, is_async, lambda c: c.files.add_note(body={"a": [1, None]}))
    assert got == {"a": [1, None]}


@both
def test_binary_body_streamed(shop: ModuleType, base_url: str, is_async: bool) -> None:
    chunks = [b"x" * 1000] * 5
    got = _call(shop, base_url, is_async, lambda c: c.files.put_raw(content=iter(chunks)))
    assert got == {"size": 5000, "type": "application/octet-stream"}
