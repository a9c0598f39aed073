"""What each per-call feature of issue 16 costs when used, against the same call without it.

Run: `.venv/bin/python bench/options_bench.py`. Calls go through ``httpx.MockTransport`` to the
generated CodeVF package (``tasks.retrieve``), best of many short rounds; figures are
microseconds per call and the difference from the plain call.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generated" / "codevf" / "src"))

import codevf

TASK = {
    "id": "task_1", "status": "processing", "prompt": "Refactor this script please.",
    "mode": "fast", "maxCredits": 30, "projectId": 123, "tagId": 3, "metadata": {},
    "result": None, "deliverables": [], "creditsUsed": 77,
    "createdAt": "2026-01-05T10:00:00Z", "updatedAt": "2026-01-05T10:05:00Z",
}  # fmt: skip
BODY = json.dumps(TASK).encode()
CALLS, ROUNDS = 200, 30


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"content-type": "application/json"})


def best(call: Callable[[], Any]) -> float:
    for _ in range(50):
        call()
    fastest = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(CALLS):
            call()
        fastest = min(fastest, (time.perf_counter() - start) / CALLS)
    return fastest * 1e6


def main() -> None:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = codevf.CodeVFClient(api_key="k", http_client=http, max_retries=0)
    derived = client.with_options(timeout=5.0)
    tasks = client.tasks
    cases: dict[str, Callable[[], Any]] = {
        "plain tasks.retrieve": lambda: tasks.retrieve("t"),
        "timeout=5.0": lambda: tasks.retrieve("t", timeout=5.0),
        "max_retries=0": lambda: tasks.retrieve("t", max_retries=0),
        "deadline=30": lambda: tasks.retrieve("t", deadline=30.0),
        "extra_headers": lambda: tasks.retrieve("t", extra_headers={"X-A": "1"}),
        "extra_query": lambda: tasks.retrieve("t", extra_query={"a": "1"}),
        "client.with_options(...) client": lambda: derived.tasks.retrieve("t"),
        "with_raw_response + parse()": lambda: tasks.with_raw_response.retrieve("t").parse(),
        "client.with_options(...) itself": lambda: client.with_options(timeout=5.0),
    }
    plain = None
    print(f"{'case':40} {'us/call':>9} {'vs plain':>9}")
    for name, call in cases.items():
        figure = best(call)
        plain = figure if plain is None else plain
        print(f"{name:40} {figure:9.1f} {figure - plain:+9.1f}")


if __name__ == "__main__":
    main()
