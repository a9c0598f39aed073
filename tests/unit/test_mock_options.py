"""``mock_mode=`` takes the mock server's options (``MockOptions``); ``mock_mode=True`` is the
plain lenient mock as before. Sync and async clients share each body."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from tests.support.packages import client_class, import_generated
from tests.support.twins import both

PROMPT = "Refactor this script to use vectorized operations."


def codevf(is_async: bool, mode: Any, **kwargs: Any) -> tuple[Any, Any]:
    """The package and a client; ``mode``: True, or a dict of ``MockOptions`` fields."""
    package = import_generated("codevf")
    if isinstance(mode, dict):
        mode = importlib.import_module("codevf.mock").MockOptions(**mode)
    return package, client_class(package, is_async)(mock_mode=mode, **kwargs)


async def call(value: Any) -> Any:
    return await value if hasattr(value, "__await__") else value


def run(body: Any) -> None:
    import asyncio

    asyncio.run(body())


@both
def test_mock_mode_true_is_lenient(is_async: bool) -> None:
    async def body() -> None:
        package, client = codevf(is_async, True)
        task = await call(client.tasks.retrieve("task_placeholder"))
        assert task.id == "task_placeholder"  # documentation ids answer as themselves
        with pytest.raises(package.NotFoundError):
            await call(client.tasks.retrieve("task_missing"))  # the test-id convention

    run(body)


@both
def test_strict_options_answer_unknown_ids_404(is_async: bool) -> None:
    async def body() -> None:
        package, client = codevf(is_async, {"strict": True})
        with pytest.raises(package.NotFoundError):
            await call(client.tasks.retrieve("task_placeholder"))
        created = await call(client.tasks.create(prompt=PROMPT, max_credits=30, project_id=123))
        assert (await call(client.tasks.retrieve(created.id))).id == created.id

    run(body)


@both
def test_faults_are_injected_in_process_and_retried(is_async: bool) -> None:
    async def body() -> None:
        mock_options = {"fault_rate": 1.0, "fault_limit": 2, "seed": 3}
        seen: list[int] = []
        hook = lambda response: seen.append(response.status_code)  # noqa: E731
        _, client = codevf(is_async, mock_options, response_hook=hook)
        balance = await call(client.credits.get_balance())  # two 503s, then the answer
        assert balance.available >= 0
        assert seen == [503, 503, 200]

    run(body)


@both
def test_dropped_connections_surface_as_connection_errors(is_async: bool) -> None:
    async def body() -> None:
        package, client = codevf(is_async, {"drop_before": 1.0})
        with pytest.raises(package.APIConnectionError):
            await call(client.credits.get_balance())

    run(body)
