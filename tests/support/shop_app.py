"""A FastAPI app written the way FastAPI users write one (tests/wire/test_fastapi.py serves it and
calls it with a client generated from its own ``app.openapi()``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Optional

from fastapi import Body, Cookie, FastAPI, File, Form, Header, Query, Request, UploadFile
from pydantic import BaseModel, ConfigDict

__all__ = ["APP", "build_app"]


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
            "seq": [f.headers.get("x-seq") for f in files],  # a part's own header, if any
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
