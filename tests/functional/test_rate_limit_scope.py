"""``x-sdk-rate-limit`` with scope ``all`` (issue 16): every request of a client waits for its
slot in the spec's budget, one budget shared by the client's threads, tasks and
``with_options`` copies; ``respect_rate_limits=False`` opts out; scope ``polling`` leaves
other calls alone. Against a FastAPI app counting requests, on a virtual clock advanced only
by the client's sleeps (no timed assertions)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import
from tests.support.twins import both

HITS: list[str] = []


class Thing(BaseModel):
    id: str


def make_app() -> FastAPI:
    app = FastAPI(title="Budget")

    @app.get("/things/{thing_id}", operation_id="getThing", response_model=Thing)
    def get_thing(thing_id: str) -> Thing:
        HITS.append(thing_id)
        return Thing(id=thing_id)

    return app


def package_for(tmp: Any, app: FastAPI, name: str, budget: dict[str, Any]) -> ModuleType:
    doc = app.openapi()
    doc["x-sdk-rate-limit"] = budget
    spec = tmp / f"{name}.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    return generate_and_import(spec, tmp, name)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    app = make_app()
    tmp = tmp_path_factory.mktemp("budget")
    packages = {
        "all": package_for(tmp, app, "budget_all", {"requests": 2, "period": 1}),
        "polling": package_for(
            tmp, app, "budget_polling", {"requests": 2, "period": 1, "scope": "polling"}
        ),
    }
    with serve(app) as url:
        yield {"url": url, **packages}


class VirtualTime:
    """The client's clock, advanced only by its sleeps (recorded)."""

    def __init__(self, advance: bool = True) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self.advance = advance
        self.lock = threading.Lock()

    def install(self, client: Any, is_async: bool) -> Any:
        def sleep(seconds: float) -> None:
            with self.lock:
                self.sleeps.append(seconds)
                if self.advance:
                    self.now += seconds

        async def async_sleep(seconds: float) -> None:
            sleep(seconds)

        client._api.sleep = async_sleep if is_async else sleep
        client._api.core.clock = lambda: self.now
        return client


def client_of(served: dict[str, Any], scope: str, is_async: bool, **kwargs: Any) -> Any:
    return client_class(served[scope], is_async)(base_url=served["url"], **kwargs)


async def call(client: Any, is_async: bool, thing: str) -> Any:
    result = client.default.get_thing(thing)
    return await result if is_async else result


async def close(client: Any, is_async: bool) -> None:
    result = client.close()
    if is_async:
        await result


@both
def test_scope_all_paces_every_call_by_the_budget(served: dict[str, Any], is_async: bool) -> None:
    async def body() -> None:
        time = VirtualTime()
        client = time.install(client_of(served, "all", is_async), is_async)
        before = len(HITS)
        for i in range(4):
            assert (await call(client, is_async, f"t{i}")).id == f"t{i}"
        # 2 requests per second: the first at once, each later one 0.5 s after the previous.
        assert time.sleeps == [0.5, 0.5, 0.5]
        assert HITS[before:] == ["t0", "t1", "t2", "t3"]
        # A with_options copy draws on the same budget.
        quick = client.with_options(timeout=5.0)
        await call(quick, is_async, "t4")
        assert time.sleeps == [0.5, 0.5, 0.5, 0.5]
        await close(client, is_async)

    asyncio.run(body())


@both
def test_opting_out_and_scope_polling_send_at_once(served: dict[str, Any], is_async: bool) -> None:
    async def body() -> None:
        for client in (
            client_of(served, "all", is_async, respect_rate_limits=False),
            client_of(served, "polling", is_async),
        ):
            time = VirtualTime()
            time.install(client, is_async)
            before = len(HITS)
            for i in range(4):
                await call(client, is_async, f"u{i}")
            assert time.sleeps == []
            assert len(HITS) == before + 4
            assert client._api.core.call_limiter is None
            await close(client, is_async)
        # The polling scope keeps its budget for the waiters.
        polling = client_of(served, "polling", is_async)
        assert polling._api.core.limiter is not None
        await close(polling, is_async)

    asyncio.run(body())


def test_threads_of_one_client_share_the_budget(served: dict[str, Any]) -> None:
    # The clock stands still, so every reservation is visible as its own pause: eight calls
    # at the same instant wait 0, 0.5, ..., 3.5 s, whichever thread gets which slot.
    time = VirtualTime(advance=False)
    client = time.install(client_of(served, "all", False), False)
    threads = [
        threading.Thread(target=client.default.get_thing, args=(f"th{i}",)) for i in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(time.sleeps) == [0.5 * i for i in range(1, 8)]
    client.close()


def test_tasks_of_one_client_share_the_budget(served: dict[str, Any]) -> None:
    async def body() -> list[float]:
        time = VirtualTime(advance=False)
        client = time.install(client_of(served, "all", True), True)
        await asyncio.gather(*(client.default.get_thing(f"ta{i}") for i in range(8)))
        await client.close()
        return time.sleeps

    assert sorted(asyncio.run(body())) == [0.5 * i for i in range(1, 8)]
