"""Pagination, polling and server-sent events: a generated client against the raw httpx loop.

Run: `make bench` (or `.venv/bin/python bench/flow_bench.py`). Each figure is the whole flow,
ours and the hand-written httpx loop alternating on the same ``httpx.MockTransport`` (best of
the rounds), then the difference per item: what the SDK adds for each page item, status change
or event (typed models, checks, bookkeeping) on top of what httpx itself costs.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import GENERATED, machine, paired, row

sys.path[:0] = [str(GENERATED / "codevf" / "src"), str(GENERATED / "flowmaestro" / "src")]

PAGES, PAGE_SIZE = 100, 20
CHANGES = 1_000
EVENTS = 100_000


def per_item(label: str, ours: float, base: float, items: int, unit: str) -> None:
    row(label, ours, base, "raw httpx loop", "ms")
    print(f"{'':<46} overhead {(ours - base) / items * 1e6:6.2f} us per {unit}")


def bench_pagination() -> None:
    import codevf

    item = {"id": "task_0", "status": "completed", "createdAt": "2026-01-05T10:00:00Z"}
    pages = [
        json.dumps(
            {
                "data": [dict(item, id=f"task_{p}_{i}", creditsUsed=i) for i in range(PAGE_SIZE)],
                "page": p,
                "pageSize": PAGE_SIZE,
                "total": PAGES * PAGE_SIZE,
            }
        ).encode()
        for p in range(1, PAGES + 1)
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        body = pages[page - 1] if page <= PAGES else b'{"data":[],"page":0,"pageSize":20,"total":0}'
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    transport = httpx.MockTransport(handler)
    raw = httpx.Client(transport=transport)
    client = codevf.CodeVFClient(
        api_key="k", http_client=httpx.Client(transport=transport), max_retries=0
    )

    def ours() -> int:
        return sum(1 for _ in client.tasks.iter_list(page_size=PAGE_SIZE))

    def base() -> int:
        seen, page = 0, 1
        while True:
            body = raw.get(
                "https://api.codevf.com/tasks", params={"page": page, "pageSize": PAGE_SIZE}
            ).json()
            items = body["data"]
            seen += sum(1 for _ in items)
            if not items or seen >= body["total"]:
                return seen
            page += 1

    assert ours() == base() == PAGES * PAGE_SIZE
    t_ours, t_base = paired((ours, base), 1, 21)
    per_item(f"iter_list, {PAGES} pages x {PAGE_SIZE}", t_ours, t_base, PAGES * PAGE_SIZE, "item")


def bench_polling() -> None:
    import codevf

    task = {
        "id": "task_1",
        "prompt": "Refactor this script to use vectorized operations.",
        "mode": "fast",
        "maxCredits": 30,
        "projectId": 123,
        "tagId": 3,
        "metadata": {},
        "result": None,
        "deliverables": [],
        "creditsUsed": 45,
        "createdAt": "2026-01-05T10:00:00Z",
        "updatedAt": "2026-01-05T10:05:00Z",
    }
    # Every poll sees a new status (pending and processing alternate), the last one completed.
    bodies = [
        json.dumps(dict(task, status=("pending", "processing")[i % 2])).encode()
        for i in range(CHANGES - 1)
    ] + [json.dumps(dict(task, status="completed")).encode()]
    counter = itertools.count()

    def handler(request: httpx.Request) -> httpx.Response:
        body = bodies[next(counter) % CHANGES]
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    transport = httpx.MockTransport(handler)
    raw = httpx.Client(transport=transport)
    client = codevf.CodeVFClient(
        api_key="k", http_client=httpx.Client(transport=transport), max_retries=0
    )
    client._api.sleep = lambda seconds: None  # the cadence is the server's business, not ours
    changes = 0

    def count(_: Any) -> None:
        nonlocal changes
        changes += 1

    def ours() -> str:
        return str(client.tasks.wait_for_completion("task_1", on_status=count).status)

    def base() -> str:
        last = None
        while True:
            status = raw.get("https://api.codevf.com/tasks/task_1").json()["status"]
            if status != last:
                last = status
            if status in ("completed", "cancelled"):
                return status

    assert ours() == base() == "completed" and changes == CHANGES
    t_ours, t_base = paired((ours, base), 1, 21)
    per_item(f"wait_for_completion, {CHANGES:,} status changes", t_ours, t_base, CHANGES, "poll")


def _sse_stream() -> list[bytes]:
    kinds = ("node:started", "node:completed")
    frames = []
    for i in range(EVENTS):
        event = {
            "type": kinds[i % 2],
            "execution_id": "exec_1",
            "timestamp": "2026-01-05T10:00:00Z",
            "node_id": f"node_{i}",
        }
        if i % 2:
            event["output"] = {"n": i}
        frames.append(f"event: {kinds[i % 2]}\nid: {i}\ndata: {json.dumps(event)}\n\n".encode())
    stream = b"".join(frames)
    return [stream[i : i + 4096] for i in range(0, len(stream), 4096)]


class _Chunks(httpx.SyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._chunks)


def bench_sse() -> None:
    import flowmaestro
    from flowmaestro._runtime._sse import iter_sse

    chunks = _sse_stream()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"content-type": "text/event-stream"}, stream=_Chunks(chunks)
        )

    transport = httpx.MockTransport(handler)
    raw = httpx.Client(transport=transport)
    client = flowmaestro.FlowMaestroClient(
        api_key="k", http_client=httpx.Client(transport=transport), max_retries=0
    )

    def ours() -> int:
        return sum(1 for _ in client.executions.stream("exec_1"))

    def base() -> int:
        # The least a hand-written SSE loop can do: lines, data fields, a JSON decode per event.
        url = "https://api.flowmaestro.io/v1/executions/exec_1/stream"
        n = 0
        with raw.stream("GET", url, headers={"Accept": "text/event-stream"}) as response:
            data: list[str] = []
            for line in response.iter_lines():
                if not line:
                    if data:
                        json.loads("\n".join(data))
                        n += 1
                        data = []
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip(" "))
        return n

    def events_only() -> int:
        # The runtime's own SSE decoding and a JSON decode per event, no models: where the
        # rest of ``ours`` goes is the typed decoding of each event.
        url = "https://api.flowmaestro.io/v1/executions/exec_1/stream"
        n = 0
        with raw.stream("GET", url, headers={"Accept": "text/event-stream"}) as response:
            for event in iter_sse(response):
                event.json()
                n += 1
        return n

    assert ours() == base() == events_only() == EVENTS
    t_ours, t_base, t_events = paired((ours, base, events_only), 1, 7)
    per_item(f"stream(), {EVENTS:,} SSE events -> models", t_ours, t_base, EVENTS, "event")
    per_item("  runtime SSE decoder + json, no models", t_events, t_base, EVENTS, "event")


def main() -> None:
    print(machine())
    print("-- flows through httpx.MockTransport, best of interleaved rounds")
    bench_pagination()
    bench_polling()
    bench_sse()


if __name__ == "__main__":
    main()
