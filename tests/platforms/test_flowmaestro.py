"""The FlowMaestro SDK (generated/flowmaestro) against its documented surface, sync and async.

Every documented call is made the way the SDK's documentation writes it; the tests assert what
goes over the wire (method, path, query, headers, JSON body) and that the documented access
patterns (``response["data"]["execution_id"]``, ``result['outputs']``, ``event['type']``...)
work on what comes back. Sleeps are virtual (see ``tests/support/twins.py``).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from tests.support.packages import import_generated
from tests.support.twins import Twin, both, run

SRC = Path(__file__).resolve().parents[2] / "generated" / "flowmaestro" / "src"
KEY = "fm_live_test_key"


@pytest.fixture(scope="module")
def fm() -> ModuleType:
    return import_generated("flowmaestro")


def json_response(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def client_for(t: Twin, fm: ModuleType, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    return t.client(fm, handler, api_key=KEY)


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


PAGE = {"total": 1, "limit": 20, "offset": 0, "has_more": False}
WORKFLOW = {
    "id": "wf_123",
    "name": "Customer onboarding",
    "description": None,
    "status": "active",
    "version": 3,
    "input_schema": {"type": "object"},
    "created_at": "2025-01-10T09:00:00Z",
    "updated_at": "2025-01-14T16:20:00Z",
}
REFERENCE = {
    "execution_id": "exec_123",
    "workflow_id": "wf_123",
    "trigger_id": None,
    "status": "pending",
    "created_at": "2025-01-15T10:30:00Z",
}


def execution(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": "exec_123",
        "workflow_id": "wf_123",
        "trigger_id": None,
        "status": status,
        "inputs": {"name": "John"},
        "outputs": {"crm_contact_id": "crm_1"} if status == "completed" else None,
        "created_at": "2025-01-15T10:30:00Z",
        "started_at": None,
        "completed_at": None,
        "duration_ms": None,
        **extra,
    }


MESSAGE = {
    "id": "msg_002",
    "thread_id": "thread_789",
    "role": "assistant",
    "content": "Hi there!",
    "created_at": "2025-01-15T11:00:06Z",
}
THREAD = {
    "id": "thread_789",
    "agent_id": "agent_123",
    "metadata": {"user_id": "user_456"},
    "message_count": 0,
    "created_at": "2025-01-15T11:00:00Z",
    "updated_at": "2025-01-15T11:00:00Z",
}
WEBHOOK = {
    "id": "wh_123",
    "name": "My Webhook",
    "url": "https://my-app.com/webhook",
    "events": ["execution.completed", "execution.failed"],
    "active": True,
    "created_at": "2025-01-15T12:00:00Z",
    "updated_at": "2025-01-15T12:00:00Z",
}


def assert_common(request: httpx.Request, method: str, path: str) -> None:
    assert request.method == method
    assert request.url.host == "api.flowmaestro.io" and request.url.scheme == "https"
    assert request.url.path == path
    assert request.headers["Authorization"] == f"Bearer {KEY}"


def assert_fresh_idempotency_key(request: httpx.Request) -> str:
    key = request.headers["Idempotency-Key"]
    assert uuid.UUID(key).version == 4
    return key


# --- client configuration -----------------------------------------------------------------


def test_documented_constructor_defaults(fm: ModuleType) -> None:
    for cls in (fm.FlowMaestroClient, fm.AsyncFlowMaestroClient):
        params = inspect.signature(cls).parameters
        assert list(params)[:4] == ["api_key", "base_url", "timeout", "max_retries"]
        assert params["timeout"].default == 30.0
        assert params["max_retries"].default == 3
        # None means FLOWMAESTRO_BASE_URL, else the documented https://api.flowmaestro.io.
        assert params["base_url"].default is None
    client = fm.FlowMaestroClient(api_key=KEY)
    assert client.base_url == "https://api.flowmaestro.io"
    assert client._api.core.timeout == 30.0 and client._api.core.max_retries == 3
    client.close()


@both
def test_base_url_env_and_explicit(
    fm: ModuleType, is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOWMAESTRO_BASE_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("FLOWMAESTRO_API_KEY", "fm_live_env")

    async def body(t: Twin) -> None:
        handler = lambda r: json_response(200, {"data": WORKFLOW})  # noqa: E731
        client = t.client(fm, handler, api_key=None)
        await t.call(client.workflows.get("wf_123"))
        assert str(t.requests[0].url) == "http://127.0.0.1:9/v1/workflows/wf_123"
        assert t.requests[0].headers["Authorization"] == "Bearer fm_live_env"
        client = t.client(fm, handler, base_url="https://api.flowmaestro.io")
        await t.call(client.workflows.get("wf_123"))
        assert str(t.requests[1].url) == "https://api.flowmaestro.io/v1/workflows/wf_123"

    run(is_async, body)


def test_missing_api_key_names_the_variable(
    fm: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLOWMAESTRO_API_KEY", raising=False)
    with pytest.raises(fm.FlowMaestroError, match="FLOWMAESTRO_API_KEY"):
        fm.FlowMaestroClient()
    with pytest.raises(fm.FlowMaestroError, match="FLOWMAESTRO_API_KEY"):
        fm.AsyncFlowMaestroClient()


def test_clients_are_context_managers(fm: ModuleType) -> None:
    with fm.FlowMaestroClient(api_key=KEY) as client:
        assert isinstance(client, fm.FlowMaestroClient)
        http = client._api.http_client
        assert not http.is_closed
    assert http.is_closed

    async def main() -> None:
        async with fm.AsyncFlowMaestroClient(api_key=KEY) as client:
            assert isinstance(client, fm.AsyncFlowMaestroClient)
            http = client._api.http_client
            assert not http.is_closed
        assert http.is_closed

    asyncio.run(main())


# --- workflows ------------------------------------------------------------------------------


@both
def test_workflows_list_get_execute(fm: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/workflows":
            return json_response(200, {"data": [WORKFLOW], "pagination": PAGE})
        if request.url.path.endswith("/execute"):
            return json_response(202, {"data": REFERENCE})
        return json_response(200, {"data": WORKFLOW})

    async def body(t: Twin) -> None:
        client = client_for(t, fm, handler)
        response = await t.call(client.workflows.list())
        assert response["data"][0]["id"] == "wf_123" and response["pagination"]["total"] == 1
        assert response.data[0].status == "active"
        assert_common(t.requests[0], "GET", "/v1/workflows")
        assert dict(t.requests[0].url.params) == {"limit": "20", "offset": "0"}

        response = await t.call(client.workflows.get("wf_123"))
        assert response["data"]["name"] == "Customer onboarding"
        assert response["data"]["input_schema"] == {"type": "object"}
        assert_common(t.requests[1], "GET", "/v1/workflows/wf_123")

        response = await t.call(
            client.workflows.execute("wf_123", inputs={"name": "John", "email": "john@example.com"})
        )
        assert response["data"]["execution_id"] == "exec_123"
        assert response["data"]["status"] == "pending"
        request = t.requests[2]
        assert_common(request, "POST", "/v1/workflows/wf_123/execute")
        assert sent_json(request) == {"inputs": {"name": "John", "email": "john@example.com"}}
        assert request.headers["content-type"] == "application/json"
        assert_fresh_idempotency_key(request)

    run(is_async, body)


@both
def test_execute_retry_after_500_reuses_the_idempotency_key(fm: ModuleType, is_async: bool) -> None:
    answers = iter([json_response(500, {"error": {"code": "internal_error", "message": "x"}})])

    def handler(request: httpx.Request) -> httpx.Response:
        return next(answers, json_response(202, {"data": REFERENCE}))

    async def body(t: Twin) -> None:
        client = client_for(t, fm, handler)
        response = await t.call(client.workflows.execute("wf_123", inputs={"name": "John"}))
        assert response["data"]["execution_id"] == "exec_123"
        first, retry = t.requests
        assert assert_fresh_idempotency_key(first) == retry.headers["Idempotency-Key"]
        assert sent_json(first) == sent_json(retry) == {"inputs": {"name": "John"}}
        assert len(t.sleeps) == 1

    run(is_async, body)


# --- executions -----------------------------------------------------------------------------


@both
def test_executions_list_get_cancel(fm: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/executions":
            return json_response(200, {"data": [execution("running")], "pagination": PAGE})
        if request.url.path.endswith("/cancel"):
            return json_response(200, {"data": execution("cancelled")})
        return json_response(200, {"data": execution("completed")})

    async def body(t: Twin) -> None:
        client = client_for(t, fm, handler)
        response = await t.call(client.executions.list(workflow_id="wf_123", status="running"))
        assert response["data"][0]["status"] == "running"
        assert response["data"][0]["status"] is fm.ExecutionStatus.RUNNING
        assert_common(t.requests[0], "GET", "/v1/executions")
        assert dict(t.requests[0].url.params) == {
            "workflow_id": "wf_123",
            "status": "running",
            "limit": "20",
            "offset": "0",
        }

        response = await t.call(client.executions.get("exec_123"))
        assert response["data"]["outputs"] == {"crm_contact_id": "crm_1"}
        assert_common(t.requests[1], "GET", "/v1/executions/exec_123")

        response = await t.call(client.executions.cancel("exec_123"))
        assert response["data"]["status"] == "cancelled"
        assert_common(t.requests[2], "POST", "/v1/executions/exec_123/cancel")

    run(is_async, body)


def _execution_server(*statuses: str, **extra: Any) -> Callable[[httpx.Request], httpx.Response]:
    answers = iter(statuses)

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET" and request.url.path == "/v1/executions/exec_123"
        status = next(answers, statuses[-1])
        fields = extra if status == "failed" else {}
        return json_response(200, {"data": execution(status, **fields)})

    return handler


@both
def test_wait_for_completion_returns_the_execution(fm: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = client_for(t, fm, _execution_server("pending", "running", "completed"))
        result = await t.call(client.executions.wait_for_completion("exec_123"))
        assert result["outputs"] == {"crm_contact_id": "crm_1"}  # the execution, not the envelope
        from flowmaestro.types import Execution

        assert isinstance(result, Execution) and result.status == "completed"
        assert len(t.requests) == 3
        assert t.sleeps == [1.0, 1.0]  # first poll at once, then every poll_interval (1.0)
        assert all(r.headers["Authorization"] == f"Bearer {KEY}" for r in t.requests)

        client = client_for(t, fm, _execution_server("running", "completed"))
        result = await t.call(
            client.executions.wait_for_completion("exec_123", poll_interval=2.5, timeout=300.0)
        )
        assert result["status"] == "completed" and t.sleeps[2:] == [2.5]

    run(is_async, body)


@both
def test_wait_for_completion_failed_and_cancelled_raise(fm: ModuleType, is_async: bool) -> None:
    failure = {"error": {"message": "CRM unreachable", "code": "http_502", "node_id": "n1"}}

    async def body(t: Twin) -> None:
        client = client_for(t, fm, _execution_server("running", "failed", **failure))
        with pytest.raises(fm.WaitFailedError) as failed:
            await t.call(client.executions.wait_for_completion("exec_123"))
        error = failed.value
        assert isinstance(error, fm.FlowMaestroError)
        assert error.status == "failed" and error.code == "failed"
        assert error.last["error"]["message"] == "CRM unreachable"

        client = client_for(t, fm, _execution_server("cancelled"))
        with pytest.raises(fm.WaitFailedError) as cancelled:
            await t.call(client.executions.wait_for_completion("exec_123"))
        assert cancelled.value.status == "cancelled"
        assert cancelled.value.last["status"] == "cancelled"
        assert len(t.requests) == 3

    run(is_async, body)


@both
def test_wait_for_completion_times_out(fm: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = client_for(t, fm, _execution_server("running"))
        with pytest.raises(fm.WaitTimeoutError) as timed_out:
            await t.call(
                client.executions.wait_for_completion("exec_123", poll_interval=1.0, timeout=3.0)
            )
        assert isinstance(timed_out.value, fm.FlowMaestroError)
        assert timed_out.value.status == "running"
        assert len(t.requests) == 4 and t.sleeps == [1.0, 1.0, 1.0] and t.now <= 3.0

        client = client_for(t, fm, _execution_server("running"))
        with pytest.raises(fm.WaitTimeoutError):
            await t.call(client.executions.wait_for_completion("exec_123"))
        assert sum(t.sleeps[3:]) == 300.0 and len(t.requests) - 4 == 301  # polls at 0..300 s

    run(is_async, body)


class RecordingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """An SSE body sent one chunk at a time that records how much was read and closing."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.sent = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.sent += 1
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.sent += 1
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def sse(*events: dict[str, Any]) -> list[bytes]:
    frames = []
    for number, event in enumerate(events, 1):
        data = json.dumps(event)
        frames.append(f"id: {number}\nevent: {event['type']}\ndata: {data}\n\n".encode())
    return frames


EXECUTION_EVENTS = [
    {
        "type": "execution:started",
        "execution_id": "exec_123",
        "timestamp": "2025-01-15T10:30:01Z",
        "workflow_id": "wf_123",
    },
    {
        "type": "node:started",
        "execution_id": "exec_123",
        "timestamp": "2025-01-15T10:30:01Z",
        "node_id": "n1",
        "node_type": "http",
    },
    {
        "type": "node:completed",
        "execution_id": "exec_123",
        "timestamp": "2025-01-15T10:30:02Z",
        "node_id": "n1",
        "output": {"ok": True},
        "duration_ms": 900,
    },
    {
        "type": "node:failed",
        "execution_id": "exec_123",
        "timestamp": "2025-01-15T10:30:03Z",
        "node_id": "n2",
        "error": {"message": "retrying"},
    },
    {
        "type": "execution:completed",
        "execution_id": "exec_123",
        "timestamp": "2025-01-15T10:30:04Z",
        "outputs": {"crm_contact_id": "crm_1"},
        "duration_ms": 3250,
    },
]


def stream_handler(body: RecordingStream) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=body, headers={"content-type": "text/event-stream"})

    return handler


async def settle(t: Twin) -> None:
    """Let the event loop run an async generator's finalizer (scheduled when it is dropped)."""
    if t.is_async:
        for _ in range(5):
            await asyncio.sleep(0)


@both
def test_execution_stream_decodes_every_event_type(fm: ModuleType, is_async: bool) -> None:
    chunks = sse(*EXECUTION_EVENTS)
    chunks.insert(2, b": ping\n\n")

    async def body(t: Twin) -> None:
        stream = RecordingStream(chunks)
        client = client_for(t, fm, stream_handler(stream))
        events = await t.collect(client.executions.stream("exec_123"))
        assert [e["type"] for e in events] == [e["type"] for e in EXECUTION_EVENTS]
        assert [type(e).__name__ for e in events] == [
            "ExecutionStartedEvent",
            "NodeStartedEvent",
            "NodeCompletedEvent",
            "NodeFailedEvent",
            "ExecutionCompletedEvent",
        ]
        last = events[-1]
        # The type decodes to a str enum member that compares equal to its wire value.
        assert last["type"] == "execution:completed" and f"{last['type']}" == "execution:completed"
        assert isinstance(last["type"], str) and str(last["type"]) == "execution:completed"
        assert last.get("outputs") == {"crm_contact_id": "crm_1"}
        assert events[0].get("outputs") is None
        assert events[3]["error"]["message"] == "retrying"
        assert stream.closed  # ended by the server: closed
        assert_common(t.requests[0], "GET", "/v1/executions/exec_123/stream")

    run(is_async, body)


@both
def test_execution_stream_documented_loop_and_break_closes(fm: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        stream = RecordingStream(sse(*EXECUTION_EVENTS, *EXECUTION_EVENTS))
        client = client_for(t, fm, stream_handler(stream))
        seen: list[str] = []
        outputs = None
        if is_async:
            async for event in client.executions.stream("exec_123"):
                seen.append(f"Event: {event['type']}")
                if event["type"] == "execution:completed":
                    outputs = event.get("outputs")
                    break
        else:
            for event in client.executions.stream("exec_123"):
                seen.append(f"Event: {event['type']}")
                if event["type"] == "execution:completed":
                    outputs = event.get("outputs")
                    break
        await settle(t)
        assert seen[-1] == "Event: execution:completed" and len(seen) == 5
        assert outputs == {"crm_contact_id": "crm_1"}
        assert stream.sent == 5 < len(stream.chunks)  # the rest was never read
        assert stream.closed  # leaving the loop early closed the response

    run(is_async, body)


@both
def test_execution_stream_resume_close_and_errors(fm: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        stream = RecordingStream(sse(EXECUTION_EVENTS[-1]))
        client = client_for(t, fm, stream_handler(stream))
        events = await t.collect(client.executions.stream("exec_123", last_event_id="4"))
        assert len(events) == 1 and t.requests[0].headers["Last-Event-ID"] == "4"

        stream = RecordingStream(sse(*EXECUTION_EVENTS))
        client = client_for(t, fm, stream_handler(stream))
        opened = client.executions.stream("exec_123")
        first = await t.call(opened.__anext__() if is_async else next(opened))
        assert first["type"] == "execution:started"
        await t.call(opened.close())
        assert stream.closed

        missing = {"error": {"code": "not_found", "message": "Execution not found: nope"}}
        client = client_for(t, fm, lambda r: json_response(404, missing))
        with pytest.raises(fm.NotFoundError) as info:
            await t.collect(client.executions.stream("nope"))
        assert info.value.message == "Execution not found: nope"

    run(is_async, body)


# --- agents and threads ---------------------------------------------------------------------


@both
def test_agents_list_and_create_thread(fm: ModuleType, is_async: bool) -> None:
    agent = {
        "id": "agent_123",
        "name": "Support assistant",
        "model": "gpt-4o",
        "created_at": "2025-01-05T08:00:00Z",
        "updated_at": "2025-01-13T12:10:00Z",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/agents":
            return json_response(200, {"data": [agent], "pagination": PAGE})
        return json_response(201, {"data": THREAD})

    async def body(t: Twin) -> None:
        client = client_for(t, fm, handler)
        response = await t.call(client.agents.list())
        assert response["data"][0]["id"] == "agent_123"
        assert_common(t.requests[0], "GET", "/v1/agents")

        response = await t.call(
            client.agents.create_thread("agent_123", metadata={"user_id": "user_456"})
        )
        thread_id = response["data"]["id"]
        assert thread_id == "thread_789"
        assert response["data"]["metadata"] == {"user_id": "user_456"}
        request = t.requests[1]
        assert_common(request, "POST", "/v1/agents/agent_123/threads")
        assert sent_json(request) == {"metadata": {"user_id": "user_456"}}
        assert_fresh_idempotency_key(request)

    run(is_async, body)


@both
def test_threads_send_message_and_history(fm: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return json_response(200, {"data": [MESSAGE], "pagination": PAGE})
        return json_response(200, {"data": MESSAGE})

    async def body(t: Twin) -> None:
        client = client_for(t, fm, handler)
        response = await t.call(client.threads.send_message("thread_789", "Hello!"))
        assert response["data"]["role"] == "assistant" and response["data"]["content"]
        request = t.requests[0]
        assert_common(request, "POST", "/v1/threads/thread_789/messages")
        assert sent_json(request) == {"content": "Hello!"}
        assert_fresh_idempotency_key(request)

        response = await t.call(client.threads.list_messages("thread_789"))
        assert response["data"][0]["id"] == "msg_002" and response["pagination"]["total"] == 1
        assert_common(t.requests[1], "GET", "/v1/threads/thread_789/messages")
        assert dict(t.requests[1].url.params) == {"limit": "20", "offset": "0"}

    run(is_async, body)


THREAD_EVENTS = [
    {"type": "message:started", "thread_id": "thread_789", "message_id": "msg_004"},
    *(
        {"type": "message:token", "thread_id": "thread_789", "message_id": "msg_004", "token": w}
        for w in ["Once ", "upon ", "a time"]
    ),
    {
        "type": "message:completed",
        "thread_id": "thread_789",
        "message_id": "msg_004",
        "message": {**MESSAGE, "id": "msg_004", "content": "Once upon a time"},
    },
]


@both
def test_send_message_stream_documented_loop(fm: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        stream = RecordingStream(sse(*THREAD_EVENTS, *THREAD_EVENTS))
        client = client_for(t, fm, stream_handler(stream))
        printed: list[str] = []
        if is_async:
            async for event in client.threads.send_message_stream("thread_789", "Tell me a story"):
                if event["type"] == "message:token":
                    printed.append(event.get("token", ""))
                elif event["type"] == "message:completed":
                    printed.append("\n\nDone!")
                    break
        else:
            for event in client.threads.send_message_stream("thread_789", "Tell me a story"):
                if event["type"] == "message:token":
                    printed.append(event.get("token", ""))
                elif event["type"] == "message:completed":
                    printed.append("\n\nDone!")
                    break
        await settle(t)
        assert "".join(printed) == "Once upon a time\n\nDone!"
        assert stream.closed and stream.sent == 5
        request = t.requests[0]
        assert_common(request, "POST", "/v1/threads/thread_789/messages/stream")
        assert sent_json(request) == {"content": "Tell me a story"}
        assert "Idempotency-Key" not in request.headers  # the stream endpoint takes none

    run(is_async, body)


@both
def test_send_message_stream_failed_event_and_types(fm: ModuleType, is_async: bool) -> None:
    failed = {
        "type": "message:failed",
        "thread_id": "thread_789",
        "message_id": None,
        "error": {"code": "model_error", "message": "upstream model failed"},
    }

    async def body(t: Twin) -> None:
        stream = RecordingStream(sse(THREAD_EVENTS[0], failed))
        client = client_for(t, fm, stream_handler(stream))
        events = await t.collect(client.threads.send_message_stream("thread_789", "Hi"))
        assert [type(e).__name__ for e in events] == ["MessageStartedEvent", "MessageFailedEvent"]
        assert events[1]["type"] == "message:failed"
        assert events[1]["error"]["message"] == "upstream model failed"
        assert events[0].get("token", "") == ""
        assert stream.closed

    run(is_async, body)


# --- triggers, knowledge bases, webhooks ----------------------------------------------------


@both
def test_triggers_list_and_execute(fm: ModuleType, is_async: bool) -> None:
    trigger = {
        "id": "trg_123",
        "workflow_id": "wf_123",
        "name": "Manual onboarding",
        "type": "manual",
        "enabled": True,
        "default_inputs": {},
        "created_at": "2025-01-11T10:00:00Z",
        "updated_at": "2025-01-11T10:00:00Z",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return json_response(200, {"data": [trigger], "pagination": PAGE})
        return json_response(202, {"data": {**REFERENCE, "trigger_id": "trg_123"}})

    async def body(t: Twin) -> None:
        client = client_for(t, fm, handler)
        response = await t.call(client.triggers.list())
        assert response["data"][0]["type"] == "manual"
        assert_common(t.requests[0], "GET", "/v1/triggers")

        response = await t.call(client.triggers.execute("trg_123", inputs={"name": "John"}))
        assert response["data"]["trigger_id"] == "trg_123"
        request = t.requests[1]
        assert_common(request, "POST", "/v1/triggers/trg_123/execute")
        assert sent_json(request) == {"inputs": {"name": "John"}}
        assert_fresh_idempotency_key(request)

    run(is_async, body)


@both
def test_knowledge_bases_list_and_query(fm: ModuleType, is_async: bool) -> None:
    results = {
        "knowledge_base_id": "kb_123",
        "query": "How do I reset my password?",
        "results": [
            {"chunk_id": "c1", "document_id": "d1", "content": "Open Settings", "similarity": 0.91},
            {"chunk_id": "c2", "document_id": "d1", "content": "Contact us", "similarity": 0.8474},
        ],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            kb = {
                "id": "kb_123",
                "name": "Help center",
                "document_count": 1,
                "chunk_count": 2,
                "embedding_model": "text-embedding-3-small",
                "created_at": "2025-01-02T09:00:00Z",
                "updated_at": "2025-01-14T18:00:00Z",
            }
            return json_response(200, {"data": [kb], "pagination": PAGE})
        return json_response(200, {"data": results})

    async def body(t: Twin) -> None:
        client = client_for(t, fm, handler)
        response = await t.call(client.knowledge_bases.list())
        assert response["data"][0]["chunk_count"] == 2
        assert_common(t.requests[0], "GET", "/v1/knowledge-bases")

        response = await t.call(
            client.knowledge_bases.query("kb_123", "How do I reset my password?", top_k=5)
        )
        lines = [f"[{r['similarity']:.3f}] {r['content']}" for r in response["data"]["results"]]
        assert lines == ["[0.910] Open Settings", "[0.847] Contact us"]
        request = t.requests[1]
        assert_common(request, "POST", "/v1/knowledge-bases/kb_123/query")
        assert sent_json(request) == {"query": "How do I reset my password?", "top_k": 5}

        await t.call(client.knowledge_bases.query("kb_123", "password"))
        assert sent_json(t.requests[2]) == {"query": "password", "top_k": 5}  # the default

    run(is_async, body)


@both
def test_webhooks_list_create_test_delete(fm: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "GET":
            return json_response(200, {"data": [WEBHOOK], "pagination": PAGE})
        if request.method == "DELETE":
            return json_response(200, {"data": {"id": "wh_123", "deleted": True}})
        if path.endswith("/test"):
            result = {
                "webhook_id": "wh_123",
                "success": True,
                "status_code": 200,
                "response_time_ms": 142,
                "error": None,
            }
            return json_response(200, {"data": result})
        return json_response(201, {"data": WEBHOOK})

    async def body(t: Twin) -> None:
        client = client_for(t, fm, handler)
        response = await t.call(client.webhooks.list())
        assert response["data"][0]["url"] == "https://my-app.com/webhook"
        assert_common(t.requests[0], "GET", "/v1/webhooks")

        response = await t.call(
            client.webhooks.create(
                name="My Webhook",
                url="https://my-app.com/webhook",
                events=["execution.completed", "execution.failed"],
            )
        )
        assert response["data"]["id"] == "wh_123"
        assert response["data"]["events"] == ["execution.completed", "execution.failed"]
        request = t.requests[1]
        assert_common(request, "POST", "/v1/webhooks")
        assert sent_json(request) == {
            "name": "My Webhook",
            "url": "https://my-app.com/webhook",
            "events": ["execution.completed", "execution.failed"],
        }
        assert_fresh_idempotency_key(request)

        response = await t.call(client.webhooks.test("wh_123"))
        assert f"Response time: {response['data']['response_time_ms']}ms" == "Response time: 142ms"
        assert_common(t.requests[2], "POST", "/v1/webhooks/wh_123/test")

        response = await t.call(client.webhooks.delete("wh_123"))
        assert response["data"]["deleted"] is True
        assert_common(t.requests[3], "DELETE", "/v1/webhooks/wh_123")

    run(is_async, body)


# --- errors ---------------------------------------------------------------------------------


async def documented_except_chain(fm: ModuleType, t: Twin, client: Any) -> str:
    """The SDK documentation's error-handling example, returning what it would print."""
    try:
        await t.call(client.workflows.get("invalid-id"))
    except fm.NotFoundError:
        return "Workflow not found"
    except fm.RateLimitError as e:
        return f"Rate limited. Retry after {e.retry_after}s"
    except fm.AuthenticationError:
        return "Invalid API key"
    except fm.FlowMaestroError as e:
        return f"API error: {e.code} - {e.message}"
    return "no error"


def error(status: int, code: str, message: str, **headers: str) -> httpx.Response:
    body = {"error": {"code": code, "message": message, "details": None, "request_id": "req_1"}}
    return json_response(status, body, **{"X-Request-Id": "req_1", **headers})


@both
def test_documented_except_chain(fm: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "the documented except chain fed statuses the operation does not list"
        not_found = error(404, "not_found", "Workflow not found: invalid-id")
        client = client_for(t, fm, lambda r: not_found)
        assert await documented_except_chain(fm, t, client) == "Workflow not found"
        assert len(t.requests) == 1

        limited = error(429, "rate_limit_exceeded", "slow down", **{"Retry-After": "12"})
        client = client_for(t, fm, lambda r: limited)
        assert await documented_except_chain(fm, t, client) == "Rate limited. Retry after 12.0s"
        assert len(t.requests) == 1 + 4  # three retries by default
        assert t.sleeps == [12.0, 12.0, 12.0]  # Retry-After honoured before each retry

        client = client_for(t, fm, lambda r: error(401, "unauthorized", "Invalid API key"))
        assert await documented_except_chain(fm, t, client) == "Invalid API key"
        assert len(t.requests) == 6  # not retried

        invalid = error(400, "validation_error", "inputs.name is required")
        client = client_for(t, fm, lambda r: invalid)
        expected = "API error: validation_error - inputs.name is required"
        assert await documented_except_chain(fm, t, client) == expected

        teapot = error(418, "teapot", "short and stout")
        client = client_for(t, fm, lambda r: teapot)
        assert await documented_except_chain(fm, t, client) == "API error: teapot - short and stout"

    run(is_async, body)


@both
def test_error_attributes_and_classes(fm: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = client_for(t, fm, lambda r: error(429, "rate_limit_exceeded", "later"))
        with pytest.raises(fm.RateLimitError) as info:
            await t.call(client.workflows.list())
        e = info.value
        assert (e.status_code, e.code, e.message, e.request_id) == (
            429,
            "rate_limit_exceeded",
            "later",
            "req_1",
        )
        assert e.retry_after is None  # no Retry-After header
        assert KEY not in str(e) + repr(e)

        conflict = error(409, "invalid_state", "already completed")
        client = client_for(t, fm, lambda r: conflict)
        with pytest.raises(fm.InvalidStateError) as state:
            await t.call(client.executions.cancel("exec_123"))
        assert isinstance(state.value, fm.FlowMaestroError) and state.value.code == "invalid_state"

        client = client_for(t, fm, lambda r: error(404, "not_found", "gone"))
        with pytest.raises(fm.NotFoundError):
            await t.call(client.webhooks.delete("wh_404"))

        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("refused", request=request)

        client = client_for(t, fm, refuse)
        before = len(t.requests)
        with pytest.raises(fm.APIConnectionError) as down:
            await t.call(client.workflows.get("wf_123"))
        assert isinstance(down.value, fm.FlowMaestroError)
        assert len(t.requests) - before == 4  # 1 + max_retries=3

    run(is_async, body)


def test_error_classes_are_exported_and_rooted(fm: ModuleType) -> None:
    from flowmaestro import (
        AuthenticationError,
        FlowMaestroClient,
        FlowMaestroError,
        NotFoundError,
        RateLimitError,
    )

    assert FlowMaestroClient is fm.FlowMaestroClient
    for cls in (AuthenticationError, RateLimitError, NotFoundError, fm.WaitFailedError):
        assert issubclass(cls, FlowMaestroError)
    assert issubclass(fm.WaitTimeoutError, FlowMaestroError)
    assert fm.errors.ERRORS.by_code["rate_limit_exceeded"] is RateLimitError
    assert fm.errors.ERRORS.by_code["unauthorized"] is AuthenticationError


# --- types, markers, mock mode --------------------------------------------------------------


def test_types_module_and_py_typed(fm: ModuleType) -> None:
    from flowmaestro.types import Execution, ExecutionStatus, Workflow

    assert Workflow.__name__ == "Workflow" and Execution.__name__ == "Execution"
    assert ExecutionStatus("running") is ExecutionStatus.RUNNING == "running"
    assert {s.value for s in ExecutionStatus} == {
        "pending",
        "running",
        "completed",
        "failed",
        "cancelled",
    }
    assert ExecutionStatus("paused") == "paused"  # a status added later does not break decoding
    assert (SRC / "flowmaestro" / "py.typed").is_file()
    execution_model = Execution.from_dict(execution("completed"))
    assert execution_model["outputs"] == {"crm_contact_id": "crm_1"}
    assert execution_model.get("started_at") is None


def test_event_unions_decode_colon_discriminators(fm: ModuleType) -> None:
    from flowmaestro.models.execution_event import decode_ExecutionEvent
    from flowmaestro.models.thread_event import decode_ThreadEvent

    for raw in EXECUTION_EVENTS:
        event = decode_ExecutionEvent(raw)
        assert event["type"] == raw["type"] and event.to_dict()["type"] == raw["type"]
    assert type(decode_ExecutionEvent(EXECUTION_EVENTS[-1])).__name__ == "ExecutionCompletedEvent"
    cancelled = {
        "type": "execution:cancelled",
        "execution_id": "e",
        "timestamp": "2025-01-15T10:30:04Z",
    }
    assert type(decode_ExecutionEvent(cancelled)).__name__ == "ExecutionCancelledEvent"
    for raw in THREAD_EVENTS:
        assert decode_ThreadEvent(raw)["type"] == raw["type"]
    token = decode_ThreadEvent(THREAD_EVENTS[1])
    assert type(token).__name__ == "MessageTokenEvent" and token.get("token", "") == "Once "


@both
def test_mock_mode_answers_from_the_spec(
    fm: ModuleType, is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLOWMAESTRO_API_KEY", raising=False)

    async def body(t: Twin) -> None:
        cls = fm.AsyncFlowMaestroClient if is_async else fm.FlowMaestroClient
        client = cls(mock_mode=True)
        client._api.sleep = t.client(fm, lambda r: json_response(500, {}))._api.sleep
        client._api.core.clock = lambda: t.now
        response = await t.call(client.workflows.execute("wf_123", inputs={"name": "John"}))
        execution_id = response["data"]["execution_id"]
        seen: list[str] = []
        result = await t.call(
            client.executions.wait_for_completion(
                execution_id, on_status=lambda r: seen.append(str(r["status"]))
            )
        )
        assert seen == ["pending", "running", "completed"]
        assert result["outputs"]["welcome_email_sent"] is True
        assert t.requests == []  # nothing left the process

    run(is_async, body)
