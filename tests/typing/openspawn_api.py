"""The OpenSpawn SDK's documented API, type-checked under mypy --strict (never run)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Optional

from openspawn import AsyncOpenSpawnClient, OpenSpawnClient
from openspawn.enums import EventSeverity, MessageType, TaskPriority, TaskStatus
from openspawn.http_client import APIError, AuthenticationError, OpenSpawnError, RetryableError
from openspawn.models import (
    Agent,
    AgentHierarchyNode,
    CreateTaskRequest,
    CreditBalance,
    CreditTransaction,
    Event,
    Message,
    PaginationMeta,
    SendMessageRequest,
    SpawnAgentResponse,
    Task,
    TransferCreditsRequest,
    TransitionTaskRequest,
)


def authentication() -> None:
    keyed = OpenSpawnClient(base_url="https://api.openspawn.dev", api_key="your-api-key")
    signed = OpenSpawnClient(
        base_url="https://api.openspawn.dev",
        agent_id="your-agent-id",
        secret="your-hex-secret",
    )
    retrying = OpenSpawnClient(
        base_url="https://api.openspawn.dev", api_key="your-api-key", max_retries=3
    )
    for client in (keyed, signed, retrying):
        client.close()


def sync_usage() -> None:
    client: OpenSpawnClient = OpenSpawnClient(
        base_url="https://api.openspawn.dev", api_key="your-api-key"
    )
    with client:
        # Agents
        agents: list[Agent] = client.agents.list()
        for agent in agents:
            print(f"{agent.name} - Level {agent.level}")
        one: Agent = client.agents.get("agent_id")
        response: SpawnAgentResponse = client.agents.spawn(
            name="Worker Agent", level=1, model="gpt-4"
        )
        print(f"Secret (save this!): {response['secret']}")
        secret: str = response.secret
        hierarchy: AgentHierarchyNode = client.agents.get_hierarchy("agent_id", depth=3)
        children: list[AgentHierarchyNode] = hierarchy.children

        # Tasks
        task: Task = client.tasks.create(
            CreateTaskRequest(
                title="Review PR #123",
                description="Code review needed",
                priority=TaskPriority.HIGH,
                assignee_id="agent_id",
            )
        )
        print(f"Created task: {task.id}")
        task_id: str = task.id
        my_tasks: list[Task] = client.tasks.list(
            status=TaskStatus.IN_PROGRESS, assignee_id="agent_id"
        )
        task = client.tasks.get("task_id")
        updated_task: Task = client.tasks.transition(
            "task_id", TransitionTaskRequest(status=TaskStatus.REVIEW, notes="Ready for review")
        )
        task = client.tasks.assign("task_id", "assignee_agent_id")

        # Credits
        balance: CreditBalance = client.credits.balance()
        print(f"Current balance: {balance}")
        transaction: CreditTransaction = client.credits.transfer(
            TransferCreditsRequest(
                to_agent_id="recipient_agent_id", amount=100, reason="Task completion bonus"
            )
        )
        transactions, meta = client.credits.history(limit=50, offset=0)
        print(f"Total transactions: {meta['total']}")
        history: list[CreditTransaction] = transactions
        page: PaginationMeta = meta
        total: int = meta.total
        tx: CreditTransaction = client.credits.spend(
            amount=10, reason="API call", trigger_type="llm_call", source_task_id="task_id"
        )

        # Messages
        message: Message = client.messages.send(
            SendMessageRequest(
                channel_id="channel_id", type=MessageType.TEXT, body="Hello from Python SDK!"
            )
        )
        messages: list[Message] = client.messages.list(channel_id="channel_id", limit=50)
        thread: list[Message] = client.messages.get_thread("parent_message_id")

        # Events
        events, events_meta = client.events.list(
            severity=EventSeverity.ERROR,
            start_date=datetime.now() - timedelta(days=7),
            limit=100,
        )
        event_list: list[Event] = events
        event_page: PaginationMeta = events_meta
        event: Event = client.events.get("event_id")

        # Error handling, in the documented order
        try:
            agent = client.agents.get("invalid_id")
        except AuthenticationError:
            print("Authentication failed - check your credentials")
        except APIError as e:
            status_code: Optional[int] = e.status_code
            print(f"API error {e.status_code}: {e.message}")
            data: Any = e.response_data
            print(f"Response data: {data}")
        except RetryableError:
            print("Request failed after retries")
        except OpenSpawnError as e:
            print(f"SDK error: {e}")

        print(one, secret, children, task_id, my_tasks, updated_task, history, page, total)
        print(tx, message, messages, thread, event_list, event_page, event, transaction)
        print(status_code)

        # Misuse the type checker must reject.
        client.tasks.create(title="Review PR #123")  # type: ignore[call-arg]
        client.events.list(severity="fatal")  # type: ignore[arg-type]
        title: int = client.tasks.get("task_id").title  # type: ignore[assignment]
        OpenSpawnClient(agent_id="id", secret=b"00")  # type: ignore[arg-type]
        print(title)


async def async_usage() -> None:
    async with AsyncOpenSpawnClient(
        base_url="https://api.openspawn.dev", api_key="your-api-key"
    ) as client:
        agents: list[Agent] = await client.agents.list()
        tasks: list[Task] = await client.tasks.list()
        balance: CreditBalance = await client.credits.balance()
        task: Task = await client.tasks.get("task_id")
        response: SpawnAgentResponse = await client.agents.spawn(
            name="Worker Agent", level=1, model="gpt-4"
        )
        created: Task = await client.tasks.create(CreateTaskRequest(title="Implement new feature"))
        transactions, meta = await client.credits.history(limit=50, offset=0)
        history: list[CreditTransaction] = transactions
        events, events_meta = await client.events.list(severity=EventSeverity.ERROR, limit=100)
        event_list: list[Event] = events
        thread: list[Message] = await client.messages.get_thread("parent_message_id")
        hierarchy: AgentHierarchyNode = await client.agents.get_hierarchy("agent_id", depth=3)
        print(agents, tasks, balance, task, response, created, history, meta, event_list)
        print(events_meta, thread, hierarchy)
    async with AsyncOpenSpawnClient(
        base_url="https://api.openspawn.dev", agent_id="your-agent-id", secret="hex"
    ) as signed:
        wrong: Agent = await signed.agents.list()  # type: ignore[assignment]
        print(wrong)
