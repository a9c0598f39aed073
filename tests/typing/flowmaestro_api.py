"""FlowMaestro's documented public API, checked under mypy --strict (never run)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Optional

from flowmaestro import (
    AsyncFlowMaestroClient,
    AuthenticationError,
    FlowMaestroClient,
    FlowMaestroError,
    NotFoundError,
    RateLimitError,
    WaitFailedError,
    WaitTimeoutError,
)
from flowmaestro.models.execution_event import ExecutionEvent
from flowmaestro.models.thread_event import ThreadEvent
from flowmaestro.types import Execution, ExecutionStatus, Workflow


def sync_usage() -> None:
    configured = FlowMaestroClient(
        api_key="fm_live_...",
        base_url="https://api.flowmaestro.io",
        timeout=30.0,
        max_retries=3,
    )
    with FlowMaestroClient(api_key="fm_live_...") as client:
        response = client.workflows.execute("wf_123", inputs={"name": "John"})
        execution_id: str = response["data"]["execution_id"]
        result: Execution = client.executions.wait_for_completion(execution_id)
        print(f"Result: {result['outputs']}")

    client.workflows.list()
    workflow: Workflow = client.workflows.get("wf_123").data
    client.workflows.execute("wf_123", inputs={"name": "John", "email": "john@example.com"})

    client.executions.list(workflow_id="wf_123", status="running")
    client.executions.list(status=ExecutionStatus.RUNNING)
    client.executions.get("exec_123")
    waited: Execution = client.executions.wait_for_completion(
        "exec_123", poll_interval=1.0, timeout=300.0
    )
    status: ExecutionStatus = waited.status
    events: Iterator[ExecutionEvent] = client.executions.stream("exec_123")
    for event in client.executions.stream("exec_123"):
        print(f"Event: {event['type']}")
        if event["type"] == "execution:completed":
            print(f"Outputs: {event.get('outputs')}")
            break
    client.executions.cancel("exec_123")

    client.agents.list()
    response2 = client.agents.create_thread("agent_123", metadata={"user_id": "user_456"})
    thread_id: str = response2["data"]["id"]
    client.threads.send_message(thread_id, "Hello!")
    tokens: Iterator[ThreadEvent] = client.threads.send_message_stream(thread_id, "Tell me a story")
    for message_event in client.threads.send_message_stream(thread_id, "Tell me a story"):
        if message_event["type"] == "message:token":
            print(message_event.get("token", ""), end="", flush=True)
        elif message_event["type"] == "message:completed":
            break
    client.threads.list_messages(thread_id)

    client.triggers.list()
    client.triggers.execute("trg_123", inputs={"name": "John"})

    client.knowledge_bases.list()
    found = client.knowledge_bases.query("kb_123", "How do I reset my password?", top_k=5)
    for hit in found["data"]["results"]:
        print(f"[{hit['similarity']:.3f}] {hit['content']}")

    client.webhooks.list()
    client.webhooks.create(
        name="My Webhook",
        url="https://my-app.com/webhook",
        events=["execution.completed", "execution.failed"],
    )
    tested = client.webhooks.test("wh_123")
    print(f"Response time: {tested['data']['response_time_ms']}ms")
    client.webhooks.delete("wh_123")

    try:
        client.workflows.get("invalid-id")
    except NotFoundError:
        print("Workflow not found")
    except RateLimitError as e:
        retry_after: Optional[float] = e.retry_after
        print(f"Rate limited. Retry after {retry_after}s")
    except AuthenticationError:
        print("Invalid API key")
    except (WaitFailedError, WaitTimeoutError) as e:
        last: Any = e.last
        print(last)
    except FlowMaestroError as e:
        code: Optional[str] = e.code
        message: str = e.message
        print(f"API error: {code} - {message}")
    print(events, tokens, workflow, status, configured)

    # Misuse the types reject:
    client.knowledge_bases.query("kb_123", "password", top_k="5")  # type: ignore[arg-type]
    client.executions.wait_for_completion("exec_123", poll_interval="1s")  # type: ignore[arg-type]
    client.webhooks.create(name="x", url="https://x", events="execution.completed")  # type: ignore[arg-type]
    client.workflows.execute("wf_123", {"name": "John"})  # type: ignore[call-arg]


async def async_usage() -> None:
    async with AsyncFlowMaestroClient(api_key="fm_live_...") as client:
        response = await client.workflows.execute("wf_123", inputs={"name": "John"})
        execution_id: str = response["data"]["execution_id"]
        result: Execution = await client.executions.wait_for_completion(execution_id)
        print(f"Result: {result['outputs']}")

        await client.workflows.list()
        await client.workflows.get("wf_123")
        await client.executions.list(workflow_id="wf_123", status="running")
        await client.executions.get("exec_123")
        await client.executions.wait_for_completion("exec_123", poll_interval=1.0, timeout=300.0)
        events: AsyncIterator[ExecutionEvent] = client.executions.stream("exec_123")
        async for event in client.executions.stream("exec_123"):
            if event["type"] == "execution:completed":
                print(event.get("outputs"))
                break
        await client.executions.cancel("exec_123")

        await client.agents.list()
        thread = await client.agents.create_thread("agent_123", metadata={"user_id": "user_456"})
        thread_id: str = thread["data"]["id"]
        await client.threads.send_message(thread_id, "Hello!")
        async for message_event in client.threads.send_message_stream(thread_id, "Tell me a story"):
            if message_event["type"] == "message:token":
                print(message_event.get("token", ""), end="")
        await client.threads.list_messages(thread_id)
        await client.triggers.list()
        await client.triggers.execute("trg_123", inputs={})
        await client.knowledge_bases.list()
        await client.knowledge_bases.query("kb_123", "How do I reset my password?", top_k=5)
        await client.webhooks.list()
        await client.webhooks.create(name="n", url="https://x", events=["execution.failed"])
        await client.webhooks.test("wh_123")
        await client.webhooks.delete("wh_123")
        print(events)

        # Misuse the types reject: a stream is iterated, not awaited.
        await client.executions.stream("exec_123")  # type: ignore[misc]
