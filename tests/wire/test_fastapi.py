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
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import
from tests.support.shop_app import APP
from tests.support.twins import both


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
        "title": "T", "labels": ["p", "q"], "count": 2, "seq": [None, None, None],
    }  # fmt: skip


@both
def test_uploads_parts_with_their_own_name_type_and_headers(
    shop: ModuleType, base_url: str, is_async: bool
) -> None:
    got = _call(shop, base_url, is_async, lambda c: c.files.upload(
        file=shop.Part(b"x,y", filename="a.csv", headers={"X-Seq": "0"}), title="T",
        extra=[shop.Part(io.BytesIO(b"one"), filename="1.txt", headers={"X-Seq": "1"}),
               shop.Part(b"two", content_type="text/markdown", headers={"X-Seq": "2"})],
    ))  # fmt: skip
    assert got["files"] == [["a.csv", "text/csv", "x,y"], ["1.txt", "text/plain", "one"],
                            ["upload", "text/markdown", "two"]]  # fmt: skip
    assert got["seq"] == ["0", "1", "2"]


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
