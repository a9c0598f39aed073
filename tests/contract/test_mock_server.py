"""The generated clients against their mock servers over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
import pytest

from tests.packages import import_generated

from .mock_server import ROOT, mock_server

MOCK_RESULT = "This is a mock response. Configure your API key to get real results."


def test_taskforceai_mock_serves_the_documented_url_and_lifecycle() -> None:
    taskforceai = import_generated("taskforceai")
    with mock_server("taskforceai") as base_url:
        assert base_url.endswith("/api/developer")
        seen: list[str] = []
        with taskforceai.TaskForceAIClient(api_key="k", base_url=base_url) as client:
            result = client.run_task(
                "Test your integration",
                poll_interval=0.0,
                on_status=lambda s: seen.append(str(s["status"])),
            )
            assert client.models.list().models  # the /api/v1 sibling, over the same server
            assert client.last_response.headers["x-mock"] == "true"
        assert seen == ["processing", "completed"]
        assert result["result"] == MOCK_RESULT


@pytest.mark.parametrize("name", ["codevf", "flowmaestro", "openspawn"])
def test_async_clients_over_http(name: str) -> None:
    package = import_generated(name)
    client_class = next(
        getattr(package, n)
        for n in package.__all__
        if n.startswith("Async") and n.endswith("Client")
    )

    async def call(base_url: str) -> None:
        async with client_class(api_key="k", base_url=base_url) as client:
            if name == "codevf":
                assert (await client.credits.get_balance())["available"] >= 0
            elif name == "flowmaestro":
                assert (await client.workflows.list())["data"][0]["id"]
            else:
                assert (await client.agents.list())[0].name

    with mock_server(name) as base_url:
        asyncio.run(call(base_url))


def test_fault_injection_answers_with_retry_after() -> None:
    args = ("--fault-rate", "1.0", "--fault-status", "503", "--retry-after", "2")
    with mock_server("codevf", *args) as base_url, httpx.Client() as http:
        response = http.get(f"{base_url}/credits/balance")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.json()["error"]["code"] == "injected_fault"


def test_unknown_platform_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "mock", "nope"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "unknown platform" in (result.stderr + result.stdout)
