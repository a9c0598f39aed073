"""Event streams in the mock play a sequence: token events carrying the whole text, events for
the id asked, and an ending that agrees with the resource's state (no final result before the
resource is terminal)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from typing import Any

import httpx

from tests.support.mock_server import ROOT
from tests.support.packages import import_generated


def mock(name: str, **options: Any) -> Any:
    import_generated(name)
    routes = importlib.import_module(f"{name}._mock_routes").ROUTES
    return importlib.import_module(f"{name}._mock").MockAPI(routes, **options)


def events(api: Any, method: str, path: str, **kwargs: Any) -> list[dict[str, Any]]:
    response = api.handle(httpx.Request(method, "http://mock" + path, **kwargs))
    assert response.status_code == 200 and response.headers["content-type"] == "text/event-stream"
    found = []
    for block in response.text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        data = json.loads(lines["data"])
        assert lines["event"] == data["type"]
        found.append(data)
    return found


def test_message_stream_sends_the_text_as_tokens_then_completes() -> None:
    played = events(mock("flowmaestro"), "POST", "/v1/threads/thread_42/messages/stream",
                    json={"content": "Tell me a story"})  # fmt: skip
    kinds = [e["type"] for e in played]
    assert kinds[0] == "message:started" and kinds[-1] == "message:completed"
    assert set(kinds[1:-1]) == {"message:token"} and len(kinds) > 5
    text = "".join(e["token"] for e in played[1:-1])
    assert text == played[-1]["message"]["content"]
    assert {e["thread_id"] for e in played} == {"thread_42"}


def test_execution_stream_is_about_the_execution_asked_and_ends_with_its_outcome() -> None:
    api = mock("flowmaestro")
    played = events(api, "GET", "/v1/executions/exec_77/stream")
    assert [e["type"] for e in played] == ["execution:started", "execution:completed"]
    assert {e["execution_id"] for e in played} == {"exec_77"}
    read = api.handle(httpx.Request("GET", "http://mock/v1/executions/exec_77")).json()["data"]
    assert read["status"] == "completed" and played[-1]["outputs"] == read["outputs"]
    api.handle(httpx.Request("POST", "http://mock/v1/executions/exec_78/cancel"))
    cancelled = events(api, "GET", "/v1/executions/exec_78/stream")
    assert cancelled[-1]["type"] == "execution:cancelled"
    assert cancelled[-1]["execution_id"] == "exec_78"


def test_task_stream_shows_no_result_before_the_task_is_terminal() -> None:
    api = mock("taskforceai")
    task = api.handle(httpx.Request("POST", "http://mock/run", json={"prompt": "hello there"}))
    task_id = task.json()["taskId"]
    status = api.handle(httpx.Request("GET", f"http://mock/status/{task_id}")).json()
    assert status["status"] == "processing" and status["result"] is None
    played = events(api, "GET", f"/stream/{task_id}")
    assert [e["type"] for e in played] == ["status", "status", "result"]
    assert [e.get("status") for e in played[:2]] == ["processing", "completed"]
    assert "result" not in played[0] and {e["taskId"] for e in played} == {task_id}
    status = api.handle(httpx.Request("GET", f"http://mock/status/{task_id}")).json()
    assert status["status"] == "completed" and status["result"] == played[-1]["result"]


def test_the_seed_stream_example_prints_tokens() -> None:
    code = (
        "from flowmaestro import FlowMaestroClient\n"
        "client = FlowMaestroClient(mock_mode=True)\n"
        "for event in client.threads.send_message_stream('thread_1', 'Tell me a story'):\n"
        "    if event['type'] == 'message:token':\n"
        "        print(event.get('token', ''), end='', flush=True)\n"
        "    elif event['type'] == 'message:completed':\n"
        "        print('|done')\n"
        "        break\n"
    )
    env = {"PYTHONPATH": str(ROOT / "generated" / "flowmaestro" / "src")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Once upon a time") and result.stdout.endswith("|done\n")


def test_a_reconnecting_client_resumes_after_its_last_event_id() -> None:
    api = mock("flowmaestro")
    whole = api.handle(httpx.Request("GET", "http://mock/v1/executions/exec_5/stream")).text
    assert [line for line in whole.splitlines() if line.startswith("id: ")] == ["id: 1", "id: 2"]
    rest = api.handle(httpx.Request("GET", "http://mock/v1/executions/exec_5/stream",
                                    headers={"last-event-id": "1"})).text  # fmt: skip
    assert (
        rest.startswith("id: 2\nevent: execution:completed\n")
        and rest == whole[whole.index("id: 2") :]
    )
