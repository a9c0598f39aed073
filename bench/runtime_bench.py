"""Runtime cost of a generated client against raw httpx and pydantic, measured side by side.

Run: `make bench` (or `.venv/bin/python bench/runtime_bench.py`). Prints each figure with its
baseline and the ratio. Uses the generated CodeVF package (a realistic task object).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import (
    GENERATED,
    PACKAGES,
    async_paired,
    children,
    compile_packages,
    machine,
    paired,
    row,
)

sys.path.insert(0, str(GENERATED / "codevf" / "src"))

TASK = {
    "id": "task_8f3c2a91d4",
    "status": "processing",
    "prompt": "Refactor this script to use vectorized operations.",
    "mode": "fast",
    "maxCredits": 30,
    "projectId": 123,
    "tagId": 3,
    "metadata": {"environment": "production"},
    "result": None,
    "deliverables": [],
    "creditsUsed": 77,
    "createdAt": "2026-01-05T10:00:00Z",
    "updatedAt": "2026-01-05T10:05:00Z",
}
BODY = json.dumps(TASK).encode()
# Short batches, many rounds: on a busy machine a short batch has a fair chance to run clean.
CALLS, ROUNDS = 250, 40


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"content-type": "application/json"})


def _client_of(package: str) -> tuple[str, list[str]]:
    """The sync client class name of ``package`` and its resource attributes."""
    sys.path.insert(0, str(GENERATED / package / "src"))
    module = importlib.import_module(package)
    name = next(n for n in module.__all__ if n.endswith("Client") and not n.startswith("Async"))
    cls = getattr(module, name)
    found = [
        attr
        for klass in inspect.getmro(cls)
        for attr, value in vars(klass).items()
        if isinstance(value, functools.cached_property)
    ]
    return name, found


def bench_imports() -> None:
    """Import, client and resources of every package, and resident memory, in fresh processes."""
    compile_packages()
    clients = {package: _client_of(package) for package in PACKAGES}
    probes: list[tuple[str, Sequence[Path], bool]] = [
        ("import httpx", (), False),
        ("import httpx", (), True),
    ]
    for package, (cls, resources) in clients.items():
        src = (GENERATED / package / "src",)
        make = f"import {package}\nc = {package}.{cls}(api_key='k')\n"
        one, every = make + f"c.{resources[0]}", make + "".join(f"c.{r}\n" for r in resources)
        probes += [
            (f"import {package}", src, False),
            (one, src, False),
            (every, src, False),
            (one, src, True),
            (every, src, True),
        ]
    results = children(probes, runs=11)
    (base_t, base_m), (lean_t, _) = results[0], results[1]
    print("-- fresh processes, CPU time, best of 11")
    for k, (package, (cls, resources)) in enumerate(clients.items()):
        (imp_t, _), (one_t, _), (all_t, all_m), (lean_one, _), (lean_all, _) = results[
            2 + 5 * k : 7 + 5 * k
        ]
        row(f"import {package}", imp_t, base_t, "import httpx", "ms")
        row(f"  + {cls}() + .{resources[0]}", one_t, base_t, "import httpx", "ms")
        row(f"  + every resource ({len(resources)})", all_t, base_t, "import httpx", "ms")
        row("  its resident memory", all_m, base_m, "import httpx", "MiB")
        # httpx imports its command-line module (click, rich, pygments) when those happen to be
        # installed, as they are here; the same figures where they are not:
        row(
            "  + one resource, httpx without CLI extras",
            lean_one,
            lean_t,
            "import httpx, same",
            "ms",
        )
        row("  + every resource, same", lean_all, lean_t, "import httpx, same", "ms")


def bench_calls() -> None:
    import codevf

    transport = httpx.MockTransport(handler)
    raw = httpx.Client(transport=transport)
    client = codevf.CodeVFClient(
        api_key="k", http_client=httpx.Client(transport=transport), max_retries=0
    )
    url = "https://api.codevf.com/tasks/task_1"
    print(f"-- calls through httpx.MockTransport, retries off, best of {ROUNDS} rounds of {CALLS}")
    ours, base = paired(
        (lambda: client.tasks.retrieve("task_1"), lambda: raw.get(url).json()), CALLS, ROUNDS
    )
    row("GET tasks.retrieve -> TaskResponse", ours, base, "httpx.Client.get().json()")
    # A different task every call: no reuse of a parsed URL (the cache holds 256).
    ids = itertools.cycle([f"task_{i}" for i in range(1000)])
    ours, base = paired(
        (
            lambda: client.tasks.retrieve(next(ids)),
            lambda: raw.get(f"https://api.codevf.com/tasks/{next(ids)}").json(),
        ),
        CALLS,
        ROUNDS,
    )
    row("  the same, 1,000 task ids in turn", ours, base, "httpx.Client.get().json()")
    payload = {"prompt": "Refactor this script", "maxCredits": 30, "projectId": 123}
    create_url = "https://api.codevf.com/tasks/create"
    ours, base = paired(
        (
            lambda: client.tasks.create(
                prompt="Refactor this script", max_credits=30, project_id=123
            ),
            lambda: raw.post(create_url, json=payload).json(),
        ),
        CALLS,
        ROUNDS,
    )
    row("POST tasks.create (typed args)", ours, base, "httpx.Client.post(json=).json()")

    araw = httpx.AsyncClient(transport=transport)
    aclient = codevf.AsyncCodeVFClient(
        api_key="k", http_client=httpx.AsyncClient(transport=transport), max_retries=0
    )

    async def raw_get() -> Any:
        return (await araw.get(url)).json()

    ours, base = async_paired((lambda: aclient.tasks.retrieve("task_1"), raw_get), CALLS, ROUNDS)
    row("async GET tasks.retrieve", ours, base, "httpx.AsyncClient.get().json()")


def bench_decode() -> None:
    from codevf.models import TaskResponse
    from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

    class PydTask(BaseModel):
        model_config = ConfigDict(populate_by_name=True, extra="allow")
        id: Optional[str] = None
        status: str
        prompt: str
        mode: str
        max_credits: int = Field(alias="maxCredits")
        project_id: int = Field(alias="projectId")
        tag_id: int = Field(alias="tagId")
        metadata: dict[str, Any]
        result: Optional[str]
        deliverables: list[Any]
        credits_used: Optional[int] = Field(default=None, alias="creditsUsed")
        created_at: Optional[dt.datetime] = Field(default=None, alias="createdAt")
        updated_at: Optional[dt.datetime] = Field(default=None, alias="updatedAt")

    print("-- 10,000 task objects, best of 15 interleaved rounds")
    data = [dict(TASK, id=f"task_{i}") for i in range(10_000)]
    adapter = TypeAdapter(list[PydTask])
    ours, base = paired(
        (lambda: [TaskResponse.from_dict(d) for d in data], lambda: adapter.validate_python(data)),
        1,
        15,
    )
    row("decode 10,000 tasks (from_dict)", ours, base, "pydantic TypeAdapter.validate_python", "ms")
    models = [TaskResponse.from_dict(d) for d in data]
    pyd = adapter.validate_python(data)
    ours_json, theirs_json = (
        models[0].to_dict(),
        adapter.dump_python(pyd, by_alias=True, mode="json"),
    )
    # The same JSON out of both, but for the UTC offset: pydantic writes "Z", we "+00:00".
    assert ours_json == dict(
        theirs_json[0], createdAt=ours_json["createdAt"], updatedAt=ours_json["updatedAt"]
    )
    # mode="json": like to_dict, produce JSON-ready values (ISO strings, not datetime objects)
    ours, base = paired(
        (
            lambda: [m.to_dict() for m in models],
            lambda: adapter.dump_python(pyd, by_alias=True, mode="json"),
        ),
        1,
        15,
    )
    row("encode 10,000 tasks (to_dict)", ours, base, "pydantic dump_python(json, by_alias)", "ms")


def main() -> None:
    print(machine())
    bench_imports()
    bench_calls()
    bench_decode()


if __name__ == "__main__":
    main()
