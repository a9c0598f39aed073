"""Streams of items as FastAPI serves and describes them: an ``EventSourceResponse`` endpoint
and a JSON-lines generator endpoint (both described with ``itemSchema`` in FastAPI's own 3.1
document), and an OpenAI-style ``data: [DONE]`` terminator declared by ``x-sdk-stream``.
The SDK is generated from the app's ``/openapi.json``; sync and async."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterable, Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, StreamingResponse
from fastapi.sse import EventSourceResponse
from pydantic import BaseModel

from generator.runtime._sequences import JSONLinesDecoder, JSONSeqDecoder
from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import


class Token(BaseModel):
    index: int
    text: str


def make_app() -> FastAPI:
    app = FastAPI(title="Chat", version="1")

    @app.get("/tokens", response_class=EventSourceResponse, operation_id="tokens")
    async def tokens() -> AsyncIterable[Token]:
        for i, text in enumerate(["Hel", "lo"]):
            yield Token(index=i, text=text)

    @app.get("/lines", operation_id="lines")
    def lines() -> Iterable[Token]:
        for i, text in enumerate(["a", "b", "c"]):
            yield Token(index=i, text=text)

    done_schema = {
        "itemSchema": {
            "type": "object",
            "properties": {
                "data": {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": {"$ref": "#/components/schemas/Token"},
                }
            },
        },
        "x-sdk-stream": {"terminator": "[DONE]"},
    }

    @app.get(
        "/completions",
        operation_id="completions",
        response_class=StreamingResponse,
        openapi_extra={
            "responses": {
                "200": {"description": "tokens", "content": {"text/event-stream": done_schema}}
            }
        },
    )
    def completions() -> StreamingResponse:
        def body() -> Iterator[bytes]:
            yield b'data: {"index": 0, "text": "x"}\n\n'
            yield b"data: [DONE]\n\n"
            yield b'data: {"index": 1, "text": "never read"}\n\n'

        return StreamingResponse(body(), media_type="text/event-stream")

    @app.get(
        "/report",
        operation_id="report",
        response_model=Token,
        responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
    )
    def report(request: Request, fmt: str = "json") -> Any:
        seen_accept.append(request.headers.get("accept", ""))
        if fmt == "csv":
            return PlainTextResponse("index,text\n0,x\n", media_type="text/csv")
        if fmt == "html":
            return HTMLResponse("<html>oops</html>")
        return Token(index=0, text="x")

    event_item = {
        "itemSchema": {
            "type": "object",
            "properties": {
                "data": {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": {"$ref": "#/components/schemas/Token"},
                }
            },
        }
    }

    @app.get(
        "/answer",
        operation_id="answer",
        response_model=Token,
        responses={200: {"content": {"text/event-stream": event_item}}},
    )
    def answer(request: Request) -> Any:
        # One endpoint, two shapes, chosen by Accept (as FastAPI users write it).
        if "text/event-stream" in request.headers.get("accept", ""):
            body = b'data: {"index": 0, "text": "a"}\n\ndata: {"index": 1, "text": "b"}\n\n'
            return StreamingResponse(iter([body]), media_type="text/event-stream")
        return Token(index=9, text="whole")

    return app


seen_accept: list[str] = []


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, str]]:
    app = make_app()
    tmp = tmp_path_factory.mktemp("chat")
    spec = tmp / "openapi.json"
    spec.write_text(json.dumps(app.openapi()), encoding="utf-8")
    package = generate_and_import(spec, tmp, "chat")
    with serve(app) as url:
        yield package, url


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_event_source_and_json_lines_streams_are_typed_streams(
    served: tuple[ModuleType, str], is_async: bool
) -> None:
    chat, url = served

    async def collect(stream: Any) -> list[Any]:
        if is_async:
            return [item async for item in stream]
        return list(stream)

    async def body() -> None:
        client = client_class(chat, is_async)(base_url=url)
        events = await collect(client.default.tokens())
        assert [(e.index, e.text) for e in events] == [(0, "Hel"), (1, "lo")]
        assert all(isinstance(e, chat.models.Token) for e in events)
        lines = await collect(client.default.lines())
        assert [line.text for line in lines] == ["a", "b", "c"]
        done = await collect(client.default.completions())
        assert [(e.index, e.text) for e in done] == [(0, "x")]  # ended by [DONE], cleanly
        result = client.close()
        if is_async:
            await result

    asyncio.run(body())


def test_the_generated_methods_say_what_they_stream(served: tuple[ModuleType, str]) -> None:
    chat, _ = served
    source = Path(chat.__file__).parent.joinpath("resources", "default.py").read_text()
    assert 'headers.setdefault("Accept", "application/jsonl")' in source
    assert "JSON_LINES," in source and 'SSE.until("[DONE]"),' in source


def test_line_decoders_cut_items_wherever_the_chunks_split() -> None:
    lines = JSONLinesDecoder()
    got = [*lines.feed(b'{"a": 1}\r\n\n{"b"'), *lines.feed(b': 2}\n{"c": 3}'), *lines.close()]
    assert [e.data for e in got] == ['{"a": 1}', '{"b": 2}', '{"c": 3}']
    seq = JSONSeqDecoder()
    got = [*seq.feed(b'\x1e{"a": 1}\n\x1e[1,'), *seq.feed(b" 2]\n"), *seq.close()]
    assert [e.json() for e in got] == [{"a": 1}, [1, 2]]


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_several_media_types_send_accept_and_decode_by_content_type(
    served: tuple[ModuleType, str], is_async: bool
) -> None:
    chat, url = served

    async def body() -> None:
        client = client_class(chat, is_async)(base_url=url)

        async def call(value: Any) -> Any:
            return await value if asyncio.iscoroutine(value) else value

        token = await call(client.default.report(fmt="json"))
        assert isinstance(token, chat.models.Token) and token.text == "x"
        assert await call(client.default.report(fmt="csv")) == "index,text\n0,x\n"
        with pytest.raises(chat.APIResponseValidationError) as caught:
            await call(client.default.report(fmt="html"))
        assert caught.value.body == "<html>oops</html>" and caught.value.expected == "Token"
        result = client.close()
        if is_async:
            await result

    seen_accept.clear()
    asyncio.run(body())
    assert seen_accept[0] == "application/json, text/csv"


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_json_or_stream_gets_a_method_for_each(
    served: tuple[ModuleType, str], is_async: bool
) -> None:
    chat, url = served

    async def body() -> None:
        client = client_class(chat, is_async)(base_url=url)

        async def call(value: Any) -> Any:
            return await value if asyncio.iscoroutine(value) else value

        whole = await call(client.default.answer())
        assert isinstance(whole, chat.models.Token) and whole.text == "whole"
        stream = client.default.answer_stream()
        items = [i async for i in stream] if is_async else list(stream)
        assert [i.text for i in items] == ["a", "b"]
        result = client.close()
        if is_async:
            await result

    asyncio.run(body())
    resource = type(chat.ChatClient(base_url=url).default)
    import inspect

    assert inspect.signature(resource.answer).return_annotation == "Token"
    assert inspect.signature(resource.answer_stream).return_annotation == "Stream[Token]"


def test_the_json_method_asks_for_json(served: tuple[ModuleType, str]) -> None:
    chat, _ = served
    source = Path(chat.__file__).parent.joinpath("resources", "default.py").read_text()
    answer = source[source.index("def answer(") : source.index("def answer_stream(")]
    assert 'headers["Accept"] = "application/json"' in answer
