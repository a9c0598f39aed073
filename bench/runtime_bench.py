"""Runtime cost of a generated client against raw httpx and pydantic, measured side by side.

Run: `make bench` (or `.venv/bin/python bench/runtime_bench.py`). Prints each figure with its
baseline and the ratio. Uses the generated CodeVF package (a realistic task object).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

import httpx

ROOT = Path(__file__).parent.parent
SRC = ROOT / "generated" / "codevf" / "src"
sys.path.insert(0, str(SRC))

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


def best(fn: Callable[[], Any], number: int, repeat: int = 7) -> float:
    """Best per-call seconds over ``repeat`` runs of ``number`` calls (GC off while timing)."""
    times = []
    for _ in range(repeat):
        gc.disable()
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
        gc.enable()
    return min(times)


def row(label: str, ours: float, base: float, base_label: str, unit: str = "us") -> None:
    scale = 1e6 if unit == "us" else 1e3
    print(
        f"{label:<42} {ours * scale:>10.1f} {unit}   {base_label:<34} {base * scale:>10.1f} {unit}"
        f"   ratio {ours / base:5.2f}"
    )


def import_seconds(module: str, path: Optional[Path] = None) -> float:
    code = (
        f"import sys; sys.path.insert(0, {str(path)!r}); " if path else ""
    ) + f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(15)
    ]
    return statistics.median(runs)


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"content-type": "application/json"})


def bench_imports() -> None:
    base = import_seconds("httpx")
    row("import codevf", import_seconds("codevf", SRC), base, "import httpx", "ms")
    touched = import_seconds("codevf; c = codevf.CodeVFClient(api_key='k'); c.tasks", SRC)
    row("import codevf + client + client.tasks", touched, base, "import httpx", "ms")


def bench_calls() -> None:
    import codevf

    transport = httpx.MockTransport(handler)
    raw = httpx.Client(transport=transport)
    client = codevf.CodeVFClient(
        api_key="k", http_client=httpx.Client(transport=transport), max_retries=0
    )
    url = "https://api.codevf.com/tasks/task_1"
    base = best(lambda: raw.get(url).json(), 3000)
    row(
        "GET tasks.retrieve -> TaskResponse",
        best(lambda: client.tasks.retrieve("task_1"), 3000),
        base,
        "httpx.Client.get().json()",
    )
    payload = {"prompt": "Refactor this script", "maxCredits": 30, "projectId": 123}
    base = best(lambda: raw.post("https://api.codevf.com/tasks/create", json=payload).json(), 3000)
    ours = best(
        lambda: client.tasks.create(prompt="Refactor this script", max_credits=30, project_id=123),
        3000,
    )
    row("POST tasks.create (typed args)", ours, base, "httpx.Client.post(json=).json()")

    async def async_calls() -> None:
        araw = httpx.AsyncClient(transport=transport)
        aclient = codevf.AsyncCodeVFClient(
            api_key="k", http_client=httpx.AsyncClient(transport=transport), max_retries=0
        )

        async def timed(make: Callable[[], Any], n: int = 2000) -> float:
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                for _ in range(n):
                    await make()
                runs.append((time.perf_counter() - start) / n)
            return min(runs)

        async def raw_get() -> Any:
            return (await araw.get(url)).json()

        row(
            "async GET tasks.retrieve",
            await timed(lambda: aclient.tasks.retrieve("task_1")),
            await timed(raw_get),
            "httpx.AsyncClient.get().json()",
        )

    asyncio.run(async_calls())


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

    data = [dict(TASK, id=f"task_{i}") for i in range(10_000)]
    adapter = TypeAdapter(list[PydTask])
    ours = best(lambda: [TaskResponse.from_dict(d) for d in data], 1, 5)
    base = best(lambda: adapter.validate_python(data), 1, 5)
    row("decode 10,000 tasks (from_dict)", ours, base, "pydantic TypeAdapter.validate_python", "ms")
    models = [TaskResponse.from_dict(d) for d in data]
    pyd = adapter.validate_python(data)
    ours = best(lambda: [m.to_dict() for m in models], 1, 5)
    # mode="json": like to_dict, produce JSON-ready values (ISO strings, not datetime objects)
    base = best(lambda: adapter.dump_python(pyd, by_alias=True, mode="json"), 1, 5)
    row("encode 10,000 tasks (to_dict)", ours, base, "pydantic dump_python(json, by_alias)", "ms")


def main() -> None:
    print(f"python {sys.version.split()[0]}, httpx {httpx.__version__}")
    bench_imports()
    bench_calls()
    bench_decode()


if __name__ == "__main__":
    main()
