"""Request options, with_options and raw/streaming response access (issue 16), pinned on the
CodeVF package under mypy --strict: the wrappers keep the plain methods' parameters and wrap
their return types."""

from __future__ import annotations

from pathlib import Path

import httpx
from codevf import AsyncCodeVFClient, CodeVFClient, TaskResponse
from codevf.models import TaskList


def sync_surface(client: CodeVFClient) -> None:
    quick: CodeVFClient = client.with_options(timeout=5.0, max_retries=0)
    client.with_options(timeout=None, base_url="http://127.0.0.1:1", default_headers={"a": "b"})
    client.with_options(max_elapsed=30.0)
    quick.tasks.list(timeout=None, max_retries=1, deadline=10.0, extra_query={"x": 1})
    quick.tasks.retrieve("t", extra_headers={"X-A": "1"}, extra_body={"b": 2})

    raw = client.tasks.with_raw_response.retrieve("t")
    task: TaskResponse = raw.parse()
    code: int = raw.status_code
    headers: httpx.Headers = raw.headers
    response: httpx.Response = raw.http_response
    request_id: str | None = raw.request_id
    retries: int = raw.retries_taken
    retry_after: int | None = raw.parsed_headers.retry_after  # a declared header, typed
    page: TaskList = client.tasks.with_raw_response.list(page=2).parse()

    with client.tasks.with_streaming_response.retrieve("t") as streamed:
        for chunk in streamed.iter_bytes():
            size: int = len(chunk)
        later: TaskResponse = streamed.parse()
        written: int = streamed.stream_to_file("task.json", chunk_size=65536)
        streamed.stream_to_file(b"task.json")  # type: ignore[arg-type]
        streamed_retry_after: int | None = streamed.parsed_headers.retry_after

    client.tasks.with_raw_response.retrieve(42)  # type: ignore[arg-type]
    client.tasks.with_raw_response.retrieve("t", nope=1)  # type: ignore[call-arg]
    client.tasks.list(timeout="soon")  # type: ignore[arg-type]
    wrong: TaskList = client.tasks.with_raw_response.retrieve("t").parse()  # type: ignore[assignment]
    del task, code, headers, response, request_id, retries, retry_after, page, size, later
    del written
    del streamed_retry_after
    del wrong


async def async_surface(client: AsyncCodeVFClient) -> None:
    quick: AsyncCodeVFClient = client.with_options(timeout=5.0)
    await quick.tasks.list(timeout=None, deadline=1.5)
    raw = await client.tasks.with_raw_response.retrieve("t")
    task: TaskResponse = await raw.parse()
    async with client.tasks.with_streaming_response.retrieve("t") as streamed:
        async for line in streamed.iter_lines():
            text: str = line
        later: TaskResponse = await streamed.parse()
        copied: int = await streamed.stream_to_file(Path("task.json"))
        async for piece in streamed.iter_text(1024):
            text = piece
    client.tasks.with_raw_response.retrieve(42)  # type: ignore[arg-type]
    undeclared = (await client.tasks.with_raw_response.list()).parsed_headers  # type: ignore[attr-defined]
    del task, text, later, undeclared, copied
