"""The generated clients against their mock servers over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
import pytest

from tests.support.mock_server import ROOT, mock_server
from tests.support.packages import client_class, import_generated

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
    async_client = client_class(package, is_async=True)

    async def call(base_url: str) -> None:
        async with async_client(api_key="k", base_url=base_url) as client:
            if name == "codevf":
                assert (await client.credits.get_balance())["available"] >= 0
            elif name == "flowmaestro":
                assert (await client.workflows.list())["data"][0]["id"]
            else:
                assert (await client.agents.list())[0].name

    with mock_server(name) as base_url:
        asyncio.run(call(base_url))


def test_strict_flag_answers_unknown_ids_404_and_state_is_kept() -> None:
    auth = {"authorization": "Bearer sk_test_strict"}
    body = {"prompt": "Refactor this script, please.", "maxCredits": 5, "projectId": 123}
    with mock_server("codevf", "--strict") as base_url, httpx.Client(headers=auth) as http:
        missing = http.get(f"{base_url}/tasks/task_unknown")
        created = http.post(f"{base_url}/tasks/create", json=body).json()
        read = http.get(f"{base_url}/tasks/{created['id']}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert read.status_code == 200 and read.json()["prompt"] == body["prompt"]


def test_unknown_platform_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "mock", "nope"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "unknown platform" in (result.stderr + result.stdout)
