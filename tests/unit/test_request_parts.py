"""Multipart part headers and replayable raw bodies, fed values alone: the IR's reading of
``encoding.headers`` (generator/ir/parts.py) and the runtime's ``part_headers``, ``Part`` and
body wrappers (generator/runtime/_params.py), with no request sent."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.ir.parts import NO_PART_HEADERS, part_headers_of
from generator.runtime._models import Part
from generator.runtime._params import (
    async_binary_body,
    binary_body,
    file_part,
    not_replayable_note,
    part_headers,
    replayable,
)


class Refused(ValueError):
    field = rule = ""


def _resolve(node: Any) -> Any:
    refs = {"#/components/headers/Trace": {"schema": {"type": "string", "default": "on"}}}
    return refs.get(node.get("$ref"), node) if isinstance(node, dict) else node


def test_declared_headers_fixed_default_required_and_content_type_ignored() -> None:
    found = part_headers_of(
        {"headers": {
            "X-Const": {"schema": {"type": "integer", "const": 2}},
            "X-One": {"schema": {"enum": ["only"]}},
            "X-Flag": {"schema": {"type": "boolean", "default": False}},
            "X-Need": {"required": True, "schema": {"type": "integer"}},
            "X-Free": {"schema": {"type": "string"}},
            "X-Trace": {"$ref": "#/components/headers/Trace"},
            "Content-Type": {"schema": {"type": "string", "default": "text/plain"}},
        }},
        _resolve,
    )  # fmt: skip
    assert found.automatic == (
        ("X-Const", "2"), ("X-One", "only"), ("X-Flag", "false"), ("X-Trace", "on")
    )  # fmt: skip
    assert found.required == ("X-Need",)
    assert "``X-Need`` (integer, required)" in found.doc("file")
    assert "Content-Type" not in found.doc("file")
    assert part_headers_of({"contentType": "image/png"}, _resolve) is NO_PART_HEADERS


def test_part_headers_merge_in_order_without_case() -> None:
    part = ("a.png", b"x", "image/png", {"x-origin": "part"})
    built = part_headers(
        Refused, "image", part, {"X-Origin": "spec", "X-Kind": "a"}, {"X-KIND": 5, "X-No": None}
    )
    assert built == ("a.png", b"x", "image/png", {"x-origin": "part", "X-KIND": "5"})
    assert part_headers(Refused, "meta", (None, '{"R":1}', "application/json"), {}) == (
        None, '{"R":1}', "application/json", {}
    )  # fmt: skip
    with pytest.raises(Refused, match="'X-Need' is required") as caught:
        part_headers(Refused, "thumbs", b"raw", {}, None, ("X-Need",))
    assert caught.value.field == "thumbs_headers"
    with pytest.raises(Refused, match="line break"):
        part_headers(Refused, "image", b"raw", {}, {"X-A": "1\nX-B: 2"})


def test_a_part_names_types_and_heads_its_content(tmp_path: Path) -> None:
    doc = tmp_path / "notes.md"
    doc.write_bytes(b"# hi")
    assert file_part(Part(doc, headers={"X-A": "1"})) == (
        "notes.md", b"# hi", "text/markdown", {"X-A": "1"}
    )  # fmt: skip
    assert file_part(Part(b"x", filename="a.png"), "image/png") == ("a.png", b"x", "image/png", {})
    assert file_part(Part(b"x", content_type="text/csv")) == ("upload", b"x", "text/csv", {})
    assert "x" not in repr(Part(b"x" * 9, filename="f"))
    with pytest.raises(ValueError, match="X-A"):
        Part(b"x", headers={"X-A": "1\r\n"})


def _sent_twice(content: Any) -> list[bytes]:
    request = httpx.Request("PUT", "http://test/", content=content)
    return [b"".join(request.stream), b"".join(request.stream)]  # type: ignore[arg-type]


def test_paths_bytes_and_seekable_files_are_replayable(tmp_path: Path) -> None:
    blob = tmp_path / "b.bin"
    blob.write_bytes(b"z" * 70_000)
    handle = io.BytesIO(b"--data")
    handle.seek(2)
    for value, expected in ((b"raw", b"raw"), (blob, b"z" * 70_000), (handle, b"data")):
        body = binary_body(value)
        assert _sent_twice(body) == [expected, expected]
        assert replayable(httpx.Request("PUT", "http://test/", content=body))


def test_iterators_are_one_shot_and_say_so() -> None:
    request = httpx.Request("PUT", "http://test/", content=binary_body(iter([b"a", b"b"])))
    assert not replayable(request)
    request = httpx.Request("PUT", "http://test/", content=async_binary_body(iter([b"a"])))
    assert not replayable(request)

    async def chunks() -> Any:
        yield b"a"

    request = httpx.Request("PUT", "http://test/", content=async_binary_body(chunks()))
    assert not replayable(request)
    error = not_replayable_note(RuntimeError("503"))
    assert error.body_not_replayable is True  # type: ignore[attr-defined]
    assert len(not_replayable_note(error).__notes__) == 1  # noted once


def test_async_wrapping_of_a_path_is_replayable(tmp_path: Path) -> None:
    blob = tmp_path / "b.bin"
    blob.write_bytes(b"abc")
    body = async_binary_body(blob)
    request = httpx.Request("PUT", "http://test/", content=body)
    assert replayable(request)

    async def read() -> bytes:
        return b"".join([c async for c in request.stream])  # type: ignore[union-attr]

    async def read_twice() -> list[bytes]:
        return [await read(), await read()]

    assert asyncio.run(read_twice()) == [b"abc", b"abc"]
