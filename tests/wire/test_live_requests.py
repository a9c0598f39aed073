"""Requests the conformance matrix's byte tests pin, received by a real server: a Starlette
app (written as its users write one, served by uvicorn on 127.0.0.1) reads the headers of each
multipart part, and sees a raw body again on a retry (or, for a one-shot iterator body, sees
one attempt only while the client raises the typed error saying why)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.live import serve
from tests.support.packages import client_class
from tests.support.twins import both

SEEN: dict[str, list[Any]] = {"avatars": [], "blobs": []}


async def avatars(request: Request) -> Response:
    parts = []
    async with request.form() as form:
        for name, value in form.multi_items():
            if hasattr(value, "headers"):  # an UploadFile: the part's own headers
                data = await value.read()
                parts.append((name, value.filename, dict(value.headers), data.decode()))
            else:
                parts.append((name, None, {}, value))
    SEEN["avatars"].append(parts)
    return Response(status_code=204)


async def blobs(request: Request) -> Response:
    body = await request.body()
    SEEN["blobs"].append(body)
    if len(SEEN["blobs"]) % 2 == 1:  # every first attempt fails, as a busy server's would
        return JSONResponse({"error": "busy"}, status_code=503, headers={"Retry-After": "0"})
    return Response(status_code=204)


APP = Starlette(routes=[Route("/api/avatars", avatars, methods=["POST"]),
                        Route("/api/blobs", blobs, methods=["PUT"])])  # fmt: skip


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(APP) as url:
        yield url + "/api"


def _call(wire: ModuleType, base_url: str, is_async: bool, call: Any) -> Any:
    async def go() -> Any:
        client = client_class(wire, is_async)(base_url=base_url, max_retries=2)
        try:
            result = call(client)
            return await result if is_async else result
        finally:
            closed = client.close()
            if is_async:
                await closed

    return asyncio.run(go())


@both
def test_server_reads_each_parts_headers(wire: ModuleType, base_url: str, is_async: bool) -> None:
    SEEN["avatars"].clear()
    _call(wire, base_url, is_async, lambda c: c.body.upload_avatar(
        image=b"png", image_headers={"X-Rate-Limit": 5},
        thumbnails=[wire.Part(b"t1", filename="1.jpg", headers={"X-Seq": "1"}),
                    wire.Part(io.BytesIO(b"t2"), filename="2.jpg", headers={"X-Seq": "2"})],
        meta={"R": 1}, caption="hi",
    ))  # fmt: skip
    (parts,) = SEEN["avatars"]
    image, first, second, meta, caption = parts
    assert image[:2] == ("image", "upload") and image[3] == "png"
    assert {k: image[2][k] for k in ("x-rate-limit", "x-origin", "x-kind", "x-version")} == {
        "x-rate-limit": "5", "x-origin": "sdk", "x-kind": "avatar", "x-version": "2"
    }  # fmt: skip
    assert image[2]["content-type"] == "image/png"
    assert (first[1], first[2]["x-seq"], first[2]["content-type"], first[3]) == (
        "1.jpg", "1", "image/jpeg", "t1"
    )  # fmt: skip
    assert (second[1], second[2]["x-seq"], second[3]) == ("2.jpg", "2", "t2")
    assert meta == ("meta", None, {}, '{"R":1}') and caption == ("caption", None, {}, "hi")


@both
def test_raw_body_from_bytes_path_or_file_is_resent_by_a_retry(
    wire: ModuleType, base_url: str, is_async: bool, tmp_path: Path
) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"p" * 70_000)  # more than one chunk
    handle = io.BytesIO(b"skip:file")
    handle.seek(5)  # sent from where the caller left it, on every attempt
    for value, expected in ((b"raw", b"raw"), (blob, b"p" * 70_000), (handle, b"file")):
        SEEN["blobs"].clear()
        _call(wire, base_url, is_async, lambda c, v=value: c.body.put_blob(content=v))
        assert SEEN["blobs"] == [expected, expected]  # failed once, then the same bytes


@both
def test_iterator_body_is_not_retried_and_the_error_says_why(
    wire: ModuleType, base_url: str, is_async: bool
) -> None:
    async def chunks() -> Any:
        yield b"as"
        yield b"ync"

    SEEN["blobs"].clear()
    body: Any = chunks() if is_async else iter([b"it", b"er"])
    with pytest.raises(wire.APIError) as caught:
        _call(wire, base_url, is_async, lambda c: c.body.put_blob(content=body))
    assert caught.value.status_code == 503
    assert caught.value.body_not_replayable is True
    assert any("can be sent only once" in note for note in caught.value.__notes__)
    assert SEEN["blobs"] == [b"async" if is_async else b"iter"]  # one attempt, whole


@both
def test_sync_iterator_given_to_the_async_client_is_one_shot_too(
    wire: ModuleType, base_url: str, is_async: bool
) -> None:
    SEEN["blobs"].clear()
    with pytest.raises(wire.APIError) as caught:
        _call(wire, base_url, is_async, lambda c: c.body.put_blob(content=(b for b in [b"g"])))
    assert caught.value.body_not_replayable is True and SEEN["blobs"] == [b"g"]
