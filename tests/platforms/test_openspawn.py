"""The OpenSpawn SDK (generated/openspawn) against its documentation, sync and async from one body.

Every documented call is checked for what it sends (method, path, query, headers, JSON body with
wire names) and what it returns (attribute and ``["wireName"]`` access); plus the authentication
rule (exactly one of ``api_key=`` or ``agent_id=``/``secret=``), HMAC signing against the spec's
test vectors, retries, idempotency keys, error mapping and secret hygiene.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import importlib
import inspect
import json
import logging
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import httpx
import pytest
import yaml

from tests.support.packages import import_generated
from tests.support.twins import Twin, both, run

ROOT = Path(__file__).resolve().parents[2]

SECRET = "3b9f0c1d2e4a5b6c7d8e9f00112233445566778899aabbccddeeff0011223344"
AGENT_ID = "b7e4c2a1-5d3f-4e6a-9b8c-1f2e3d4c5b6a"
# The ids the tests pass, keyed by what they stand for: UUIDs, as the spec types every id.
IDS = {
    name: str(uuid.uuid5(uuid.NAMESPACE_URL, f"openspawn-test/{name}"))
    for name in (
        "agent_id", "assignee_agent_id", "task_id", "recipient_agent_id", "channel_id",
        "parent_message_id", "event_id", "invalid_id", "a1", "a2", "a3", "t1", "r1",
    )
}  # fmt: skip
API_KEY = "sk-test-secret"
OTHER = "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
ENV_NAMES = ("OPENSPAWN_API_KEY", "OPENSPAWN_AGENT_ID", "OPENSPAWN_SECRET", "OPENSPAWN_BASE_URL")

AGENT = {
    "id": OTHER,
    "name": "Code Review Lead",
    "level": 5,
    "model": "claude-3-5-sonnet",
    "status": "active",
    "parentId": "3f2a1c9e-7b4d-4e8a-9c1f-2d6b8e0a4f11",
    "createdAt": "2025-03-02T10:15:00Z",
    "updatedAt": "2025-03-02T10:15:00Z",
}
TASK = {
    "id": "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
    "title": "Review PR #123",
    "description": "Code review needed",
    "status": "todo",
    "priority": "high",
    "assigneeId": OTHER,
    "creatorId": "3f2a1c9e-7b4d-4e8a-9c1f-2d6b8e0a4f11",
    "createdAt": "2025-03-14T09:30:00Z",
    "updatedAt": "2025-03-14T09:30:00Z",
    "completedAt": None,
}
META = {"total": 42, "limit": 50, "offset": 0, "hasMore": True}
TRANSACTION = {
    "id": "7e6d5c4b-3a2f-4e1d-8c0b-9a8f7e6d5c4b",
    "type": "transfer",
    "agentId": "3f2a1c9e-7b4d-4e8a-9c1f-2d6b8e0a4f11",
    "amount": 100,
    "balanceAfter": 9900,
    "fromAgentId": "3f2a1c9e-7b4d-4e8a-9c1f-2d6b8e0a4f11",
    "toAgentId": OTHER,
    "reason": "Task completion bonus",
    "triggerType": None,
    "sourceTaskId": None,
    "createdAt": "2025-03-14T11:30:00Z",
}
MESSAGE = {
    "id": "e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b",
    "channelId": "4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0",
    "senderId": "3f2a1c9e-7b4d-4e8a-9c1f-2d6b8e0a4f11",
    "type": "text",
    "body": "Hello from Python SDK!",
    "parentMessageId": None,
    "replyCount": 0,
    "createdAt": "2025-03-14T12:00:00Z",
}
EVENT = {
    "id": "d4c3b2a1-f0e9-4d8c-b7a6-9f8e7d6c5b4a",
    "type": "agent.llm_call_failed",
    "severity": "error",
    "message": "LLM provider returned HTTP 503 three times in a row.",
    "agentId": "2d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
    "entityType": "task",
    "entityId": "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
    "data": {"provider": "openai", "attempts": 3},
    "createdAt": "2025-03-14T10:42:00Z",
}


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {
        "statusCode": status,
        "code": code,
        "message": message,
        "details": None,
        "requestId": "req_01",
    }


def respond(status: int, body: Any = None, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def answers(*responses: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    queue = iter(responses)
    return lambda request: next(queue)


@pytest.fixture(scope="module")
def openspawn() -> ModuleType:
    return import_generated("openspawn")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*ENV_NAMES, "OPENSPAWN_LOG"):
        monkeypatch.delenv(name, raising=False)


def signed_ok(request: httpx.Request, secret: str = SECRET) -> bool:
    """Whether ``request`` carries a valid signature of the documented canonical string."""
    h = request.headers
    canonical = "\n".join(
        [
            request.method,
            request.url.raw_path.decode("ascii"),
            h["X-Timestamp"],
            h["X-Nonce"],
            hashlib.sha256(request.content).hexdigest(),
        ]
    )
    expected = hmac.new(bytes.fromhex(secret), canonical.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(h["X-Signature"], expected)


# -- agents ------------------------------------------------------------------------------------


@both
def test_agents_list_get_spawn_and_hierarchy(openspawn: ModuleType, is_async: bool) -> None:
    from openspawn.models import Agent, AgentHierarchyNode, SpawnAgentResponse

    spawned = {"agent": dict(AGENT, name="Worker Agent", level=1, model="gpt-4"), "secret": SECRET}
    tree = {
        "agent": AGENT,
        "depth": 0,
        "children": [{"agent": dict(AGENT, name="Test Runner"), "depth": 1, "children": []}],
    }
    handler = answers(
        respond(200, {"data": [AGENT, dict(AGENT, name="Atlas", level=10)]}),
        respond(200, AGENT),
        respond(201, spawned),
        respond(200, tree),
        respond(200, tree),
    )

    async def body(t: Twin) -> None:
        client = t.client(openspawn, handler)
        agents = await t.call(client.agents.list())
        assert [(a.name, a.level) for a in agents] == [("Code Review Lead", 5), ("Atlas", 10)]
        assert all(isinstance(a, Agent) for a in agents)
        assert agents[0]["parentId"] == agents[0].parent_id == AGENT["parentId"]
        assert agents[0].created_at == dt.datetime(2025, 3, 2, 10, 15, tzinfo=dt.timezone.utc)

        agent = await t.call(client.agents.get(IDS["agent_id"]))
        assert isinstance(agent, Agent) and agent.id == OTHER and agent["model"] == AGENT["model"]

        response = await t.call(client.agents.spawn(name="Worker Agent", level=1, model="gpt-4"))
        assert isinstance(response, SpawnAgentResponse)
        assert response["secret"] == response.secret == SECRET
        assert response.agent.level == 1 and response["agent"].name == "Worker Agent"

        hierarchy = await t.call(client.agents.get_hierarchy(IDS["agent_id"], depth=3))
        assert isinstance(hierarchy, AgentHierarchyNode)
        assert hierarchy.children[0].agent.name == "Test Runner"
        await t.call(client.agents.get_hierarchy(IDS["agent_id"]))

        lst, get, spawn, deep, default = t.requests
        assert (lst.method, lst.url.path, lst.url.query) == ("GET", "/v1/agents", b"")
        assert lst.headers["Authorization"] == f"Bearer {API_KEY}"
        assert (get.method, get.url.path) == ("GET", f"/v1/agents/{IDS['agent_id']}")
        assert (spawn.method, spawn.url.path) == ("POST", "/v1/agents")
        assert json.loads(spawn.content) == {"name": "Worker Agent", "level": 1, "model": "gpt-4"}
        assert uuid.UUID(spawn.headers["Idempotency-Key"]).version == 4
        assert deep.url.path == f"/v1/agents/{IDS['agent_id']}/hierarchy"
        assert dict(deep.url.params) == {"depth": "3"}
        assert dict(default.url.params) == {"depth": "1"}  # the spec's default, one level
        assert all(r.url.host == "api.openspawn.dev" for r in t.requests)

    run(is_async, body)


# -- tasks -------------------------------------------------------------------------------------


@both
def test_tasks_create_list_get_transition_assign(openspawn: ModuleType, is_async: bool) -> None:
    from openspawn.enums import TaskPriority, TaskStatus
    from openspawn.models import CreateTaskRequest, Task, TransitionTaskRequest

    in_progress = dict(TASK, status="in_progress")
    handler = answers(
        respond(201, TASK),
        respond(200, {"data": [in_progress], "meta": META}),
        respond(200, TASK),
        respond(200, dict(TASK, status="review")),
        respond(200, dict(TASK, assigneeId=IDS["assignee_agent_id"])),
        respond(201, TASK),
    )

    async def body(t: Twin) -> None:
        client = t.client(openspawn, handler)
        task = await t.call(
            client.tasks.create(
                CreateTaskRequest(
                    title="Review PR #123",
                    description="Code review needed",
                    priority=TaskPriority.HIGH,
                    assignee_id=IDS["agent_id"],
                )
            )
        )
        assert isinstance(task, Task) and task.id == TASK["id"]
        assert task.priority is TaskPriority.HIGH and task["assigneeId"] == OTHER

        my_tasks = await t.call(
            client.tasks.list(status=TaskStatus.IN_PROGRESS, assignee_id=IDS["agent_id"])
        )
        assert [x.status for x in my_tasks] == [TaskStatus.IN_PROGRESS]

        got = await t.call(client.tasks.get(IDS["task_id"]))
        assert isinstance(got, Task) and got.completed_at is None

        updated = await t.call(
            client.tasks.transition(
                IDS["task_id"],
                TransitionTaskRequest(status=TaskStatus.REVIEW, notes="Ready for review"),
            )
        )
        assert updated.status is TaskStatus.REVIEW

        assigned = await t.call(client.tasks.assign(IDS["task_id"], IDS["assignee_agent_id"]))
        assert assigned.assignee_id == IDS["assignee_agent_id"]

        # A plain dict with wire names is accepted in place of the request model.
        await t.call(client.tasks.create({"title": "Plain", "priority": "low"}))

        create, lst, get, transition, assign, plain = t.requests
        assert (create.method, create.url.path) == ("POST", "/v1/tasks")
        assert json.loads(create.content) == {
            "title": "Review PR #123",
            "description": "Code review needed",
            "priority": "high",
            "assigneeId": IDS["agent_id"],
        }
        assert (lst.method, lst.url.path) == ("GET", "/v1/tasks")
        assert list(lst.url.params.multi_items()) == [
            ("status", "in_progress"),
            ("assigneeId", IDS["agent_id"]),
            ("limit", "50"),
            ("offset", "0"),
        ]
        assert (get.method, get.url.path) == ("GET", f"/v1/tasks/{IDS['task_id']}")
        assert (transition.method, transition.url.path) == (
            "POST",
            f"/v1/tasks/{IDS['task_id']}/transition",
        )
        assert json.loads(transition.content) == {"status": "review", "notes": "Ready for review"}
        assert (assign.method, assign.url.path) == ("POST", f"/v1/tasks/{IDS['task_id']}/assign")
        assert json.loads(assign.content) == {"assigneeId": IDS["assignee_agent_id"]}
        assert json.loads(plain.content) == {"title": "Plain", "priority": "low"}
        keys = [r.headers["Idempotency-Key"] for r in (create, transition, assign, plain)]
        assert len(set(keys)) == 4  # a fresh key per call
        assert "Idempotency-Key" not in lst.headers and "Idempotency-Key" not in get.headers

    run(is_async, body)


# -- credits -----------------------------------------------------------------------------------


@both
def test_credits_balance_transfer_history_spend(openspawn: ModuleType, is_async: bool) -> None:
    from openspawn.models import CreditBalance, CreditTransaction, TransferCreditsRequest

    spend = dict(TRANSACTION, type="spend", amount=10, triggerType="llm_call", toAgentId=None)
    balance_body = {
        "agentId": "3f2a1c9e-7b4d-4e8a-9c1f-2d6b8e0a4f11",
        "balance": 9890,
        "lifetimeEarned": 10000,
        "lifetimeSpent": 10,
        "updatedAt": "2025-03-14T11:45:00Z",
    }
    handler = answers(
        respond(200, balance_body),
        respond(201, TRANSACTION),
        respond(200, {"data": [TRANSACTION, spend], "meta": META}),
        respond(201, spend),
        respond(201, spend),
    )

    async def body(t: Twin) -> None:
        client = t.client(openspawn, handler)
        balance = await t.call(client.credits.balance())
        assert isinstance(balance, CreditBalance)
        assert balance.balance == 9890 and balance["lifetimeEarned"] == 10000

        transaction = await t.call(
            client.credits.transfer(
                TransferCreditsRequest(
                    to_agent_id=IDS["recipient_agent_id"],
                    amount=100,
                    reason="Task completion bonus",
                )
            )
        )
        assert isinstance(transaction, CreditTransaction) and transaction.balance_after == 9900

        transactions, meta = await t.call(client.credits.history(limit=50, offset=0))
        assert meta["total"] == meta.total == 42 and meta["hasMore"] is True
        assert [x.type.value for x in transactions] == ["transfer", "spend"]

        tx = await t.call(
            client.credits.spend(
                amount=10, reason="API call", trigger_type="llm_call", source_task_id=IDS["task_id"]
            )
        )
        assert tx.trigger_type == "llm_call" and tx["amount"] == 10
        await t.call(client.credits.spend(amount=1, reason="Storage"))

        bal, transfer, history, spent, spent_default = t.requests
        assert (bal.method, bal.url.path) == ("GET", "/v1/credits/balance")
        assert (transfer.method, transfer.url.path) == ("POST", "/v1/credits/transfer")
        assert json.loads(transfer.content) == {
            "toAgentId": IDS["recipient_agent_id"],
            "amount": 100,
            "reason": "Task completion bonus",
        }
        assert (history.method, history.url.path) == ("GET", "/v1/credits/history")
        assert list(history.url.params.multi_items()) == [("limit", "50"), ("offset", "0")]
        assert (spent.method, spent.url.path) == ("POST", "/v1/credits/spend")
        assert json.loads(spent.content) == {
            "amount": 10,
            "reason": "API call",
            "triggerType": "llm_call",
            "sourceTaskId": IDS["task_id"],
        }
        # trigger_type defaults to the spec's "manual"
        assert json.loads(spent_default.content) == {
            "amount": 1,
            "reason": "Storage",
            "triggerType": "manual",
        }
        for request in (transfer, spent, spent_default):
            assert uuid.UUID(request.headers["Idempotency-Key"]).version == 4

    run(is_async, body)


# -- messages ----------------------------------------------------------------------------------


@both
def test_messages_send_list_thread(openspawn: ModuleType, is_async: bool) -> None:
    from openspawn.enums import MessageType
    from openspawn.models import Message, SendMessageRequest

    reply = dict(MESSAGE, id=IDS["r1"], parentMessageId=MESSAGE["id"], type="handoff")
    handler = answers(
        respond(201, MESSAGE),
        respond(200, {"data": [MESSAGE], "meta": META}),
        respond(200, {"data": [MESSAGE, reply]}),
    )

    async def body(t: Twin) -> None:
        client = t.client(openspawn, handler)
        message = await t.call(
            client.messages.send(
                SendMessageRequest(
                    channel_id=IDS["channel_id"],
                    type=MessageType.TEXT,
                    body="Hello from Python SDK!",
                )
            )
        )
        assert isinstance(message, Message) and message.type is MessageType.TEXT
        assert message["body"] == "Hello from Python SDK!"

        messages = await t.call(client.messages.list(channel_id=IDS["channel_id"], limit=50))
        assert [m.id for m in messages] == [MESSAGE["id"]]

        thread = await t.call(client.messages.get_thread(IDS["parent_message_id"]))
        assert [m.id for m in thread] == [MESSAGE["id"], IDS["r1"]]
        assert thread[1].parent_message_id == MESSAGE["id"] and thread[1].type.value == "handoff"

        send, lst, get_thread = t.requests
        assert (send.method, send.url.path) == ("POST", "/v1/messages")
        assert json.loads(send.content) == {
            "channelId": IDS["channel_id"],
            "type": "text",
            "body": "Hello from Python SDK!",
        }
        assert uuid.UUID(send.headers["Idempotency-Key"]).version == 4
        assert (lst.method, lst.url.path) == ("GET", "/v1/messages")
        assert list(lst.url.params.multi_items()) == [
            ("channelId", IDS["channel_id"]),
            ("limit", "50"),
            ("offset", "0"),
        ]
        assert (get_thread.method, get_thread.url.path) == (
            "GET",
            f"/v1/messages/{IDS['parent_message_id']}/thread",
        )

    run(is_async, body)


# -- events ------------------------------------------------------------------------------------


@pytest.fixture
def new_york_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time with a non-zero UTC offset, so a naive datetime's offset is visible."""
    if not hasattr(time, "tzset"):  # pragma: no cover - Windows
        pytest.fail("needs time.tzset")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@both
def test_events_list_and_get_naive_datetime_sent_with_local_offset(
    openspawn: ModuleType, is_async: bool, new_york_time: None
) -> None:
    from openspawn.enums import EventSeverity
    from openspawn.models import Event

    handler = answers(
        respond(200, {"data": [EVENT], "meta": dict(META, total=1, limit=100)}),
        respond(200, EVENT),
        respond(200, {"data": [], "meta": dict(META, total=0)}),
    )

    async def body(t: Twin) -> None:
        client = t.client(openspawn, handler)
        start = dt.datetime(2025, 1, 15, 9, 0) - dt.timedelta(days=7)  # naive, local time
        events, meta = await t.call(
            client.events.list(severity=EventSeverity.ERROR, start_date=start, limit=100)
        )
        assert [e.severity for e in events] == [EventSeverity.ERROR]
        assert events[0]["data"] == {"provider": "openai", "attempts": 3}
        assert meta["total"] == 1 and meta.limit == 100

        event = await t.call(client.events.get(IDS["event_id"]))
        assert isinstance(event, Event) and event.type == "agent.llm_call_failed"

        # The documented call as written: now() minus seven days, naive.
        await t.call(
            client.events.list(
                severity=EventSeverity.ERROR,
                start_date=dt.datetime.now() - dt.timedelta(days=7),
                limit=100,
            )
        )

        lst, get, now_list = t.requests
        assert (lst.method, lst.url.path) == ("GET", "/v1/events")
        assert list(lst.url.params.multi_items()) == [
            ("severity", "error"),
            ("startDate", "2025-01-08T09:00:00-05:00"),  # local (New York) offset added
            ("limit", "100"),
            ("offset", "0"),
        ]
        assert (get.method, get.url.path) == ("GET", f"/v1/events/{IDS['event_id']}")
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+-0[45]:00", now_list.url.params["startDate"]
        )
        # an aware datetime keeps its own offset
        aware = dt.datetime(2025, 1, 8, 14, 0, tzinfo=dt.timezone.utc)
        t.requests.clear()
        client2 = t.client(openspawn, answers(respond(200, {"data": [], "meta": META})))
        await t.call(client2.events.list(start_date=aware))
        assert t.requests[0].url.params["startDate"] == "2025-01-08T14:00:00+00:00"

    run(is_async, body)


# -- errors ------------------------------------------------------------------------------------


async def seed_branch(t: Twin, call: Callable[[], Any]) -> tuple[str, Any]:
    """Run ``call`` under the documented except-chain: the branch that caught it, and the error."""
    from openspawn.http_client import APIError, AuthenticationError, OpenSpawnError, RetryableError

    try:
        await t.call(call())
    except AuthenticationError as e:
        return "auth", e
    except APIError as e:
        return f"api {e.status_code}", e
    except RetryableError as e:
        return "retryable", e
    except OpenSpawnError as e:
        return "sdk", e
    return "ok", None


@both
def test_error_statuses_and_codes_map_to_documented_classes(
    openspawn: ModuleType, is_async: bool
) -> None:
    from openspawn import http_client as errors

    cases = [
        (401, "UNAUTHORIZED", errors.AuthenticationError, "auth"),
        (401, "INVALID_SIGNATURE", errors.InvalidSignatureError, "auth"),
        (401, "TIMESTAMP_SKEWED", errors.TimestampSkewedError, "auth"),
        (401, "NONCE_REPLAYED", errors.NonceReplayedError, "auth"),
        (400, "VALIDATION_ERROR", errors.BadRequestError, "api 400"),
        (403, "SPAWN_NOT_PERMITTED", errors.SpawnNotPermittedError, "api 403"),
        (403, "FORBIDDEN", errors.PermissionDeniedError, "api 403"),
        (404, "NOT_FOUND", errors.NotFoundError, "api 404"),
        (409, "INVALID_TRANSITION", errors.InvalidTransitionError, "api 409"),
        (409, "TASK_CLOSED", errors.TaskClosedError, "api 409"),
        (409, "IDEMPOTENCY_IN_PROGRESS", errors.IdempotencyInProgressError, "api 409"),
        (422, "INSUFFICIENT_CREDITS", errors.InsufficientCreditsError, "api 422"),
        (422, "IDEMPOTENCY_KEY_REUSED", errors.IdempotencyKeyReusedError, "api 422"),
    ]

    async def body(t: Twin) -> None:
        t.off_spec = "statuses the operation does not list, to check their classes"
        for status, code, cls, branch in cases:
            payload = error_body(status, code, f"{code} happened")
            client = t.client(
                openspawn, answers(respond(status, payload, **{"X-Request-Id": "req_01"}))
            )
            caught, error = await seed_branch(t, lambda c=client: c.agents.get(IDS["invalid_id"]))
            assert (caught, type(error)) == (branch, cls), code
            assert isinstance(error, errors.APIError) and isinstance(error, errors.OpenSpawnError)
            assert error.status_code == status and error.code == code
            assert error.message == f"{code} happened"
            assert error.response_data == payload
            assert error.request_id == "req_01"
        assert len(t.requests) == len(cases)  # none of these is retried

    run(is_async, body)


def test_error_hierarchy(openspawn: ModuleType) -> None:
    from openspawn import http_client as errors

    assert errors.RetryableError is errors.APIConnectionError
    assert issubclass(errors.APITimeoutError, errors.RetryableError)
    assert not issubclass(errors.RetryableError, errors.APIError)
    for name in ("APIError", "RetryableError", "AuthenticationError"):
        assert issubclass(getattr(errors, name), errors.OpenSpawnError)
    for name in ("InvalidSignatureError", "TimestampSkewedError", "NonceReplayedError"):
        assert issubclass(getattr(errors, name), errors.AuthenticationError)
    assert openspawn.RetryableError is errors.RetryableError
    assert openspawn.OpenSpawnError is errors.OpenSpawnError


# -- retries and idempotency ---------------------------------------------------------------------


@both
@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses_retried_up_to_three_times(
    openspawn: ModuleType, is_async: bool, status: int
) -> None:
    failure = respond(status, error_body(status, "SOMETHING", "later"))

    async def body(t: Twin) -> None:
        t.off_spec = "gateway statuses (502/504) the operation does not list"
        client = t.client(openspawn, answers(failure, failure, failure, respond(200, AGENT)))
        client._api.core.random = lambda: 0.0  # no jitter
        agent = await t.call(client.agents.get(IDS["a1"]))
        assert agent.name == AGENT["name"]
        assert len(t.requests) == 4  # max_retries=3 by default: four attempts
        assert t.sleeps == [0.5, 1.0, 2.0]  # exponential backoff

        t.requests.clear()
        client = t.client(openspawn, answers(*[failure] * 4))
        caught, error = await seed_branch(t, lambda: client.agents.get(IDS["a1"]))
        assert caught == f"api {status}" and error.status_code == status
        assert isinstance(error, openspawn.APIError)
        assert not isinstance(error, openspawn.RetryableError)
        assert len(t.requests) == 4

    run(is_async, body)


@both
@pytest.mark.parametrize("status", [400, 404, 501])
def test_other_statuses_not_retried(openspawn: ModuleType, is_async: bool, status: int) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "statuses the operation does not list, to check they are not retried"
        client = t.client(openspawn, answers(respond(status, error_body(status, "X", "no"))))
        caught, error = await seed_branch(t, lambda: client.tasks.get(IDS["t1"]))
        assert caught == f"api {status}" and error.status_code == status
        assert len(t.requests) == 1 and t.sleeps == []

    run(is_async, body)


@both
def test_retry_after_is_honoured(openspawn: ModuleType, is_async: bool) -> None:
    limited = respond(429, error_body(429, "RATE_LIMITED", "slow down"), **{"Retry-After": "12"})

    async def body(t: Twin) -> None:
        client = t.client(openspawn, answers(limited, respond(200, {"data": []})))
        assert await t.call(client.agents.list()) == []
        assert t.sleeps == [12.0]

    run(is_async, body)


@both
def test_max_retries_is_configurable(openspawn: ModuleType, is_async: bool) -> None:
    failure = respond(503, error_body(503, "SERVICE_UNAVAILABLE", "later"))

    async def body(t: Twin) -> None:
        client = t.client(openspawn, answers(failure, failure), max_retries=1)
        caught, _ = await seed_branch(t, lambda: client.credits.balance())
        assert caught == "api 503" and len(t.requests) == 2

    run(is_async, body)


@both
def test_connection_failures_raise_retryable_error_after_retries(
    openspawn: ModuleType, is_async: bool
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def time_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    async def body(t: Twin) -> None:
        client = t.client(openspawn, refuse)
        caught, error = await seed_branch(t, lambda: client.agents.list())
        assert caught == "retryable" and isinstance(error, openspawn.RetryableError)
        assert len(t.requests) == 4 and len(t.sleeps) == 3

        t.requests.clear()
        client = t.client(openspawn, time_out)
        caught, error = await seed_branch(
            t,
            lambda: client.credits.transfer(
                {"toAgentId": OTHER, "amount": 1, "reason": "r"}, idempotency_key="k-1"
            ),
        )
        assert caught == "retryable" and isinstance(error, openspawn.APITimeoutError)
        assert len(t.requests) == 4  # a keyed POST is retried after a read timeout
        assert {r.headers["Idempotency-Key"] for r in t.requests} == {"k-1"}

    run(is_async, body)


@both
def test_idempotency_key_is_the_same_on_every_retry(openspawn: ModuleType, is_async: bool) -> None:
    from openspawn.models import CreateTaskRequest, TransferCreditsRequest

    handler = answers(
        respond(503, error_body(503, "SERVICE_UNAVAILABLE", "later")),
        respond(500, error_body(500, "INTERNAL_ERROR", "boom")),
        respond(201, TRANSACTION),
        respond(502, None),
        respond(201, TASK),
        respond(201, TASK),
    )

    async def body(t: Twin) -> None:
        t.off_spec = "a gateway status (502) the operation does not list"
        client = t.client(openspawn, handler)
        request = TransferCreditsRequest(to_agent_id=OTHER, amount=100, reason="bonus")
        await t.call(client.credits.transfer(request))
        transfers = t.requests[:3]
        keys = {r.headers["Idempotency-Key"] for r in transfers}
        assert len(keys) == 1 and uuid.UUID(keys.pop()).version == 4
        assert len({r.content for r in transfers}) == 1

        await t.call(client.tasks.create(CreateTaskRequest(title="x")))
        creates = t.requests[3:5]
        assert creates[0].headers["Idempotency-Key"] == creates[1].headers["Idempotency-Key"]
        assert creates[0].headers["Idempotency-Key"] != transfers[0].headers["Idempotency-Key"]

        await t.call(client.tasks.create(CreateTaskRequest(title="y"), idempotency_key="mine"))
        assert t.requests[5].headers["Idempotency-Key"] == "mine"

    run(is_async, body)


def test_idempotency_key_is_one_keyword_on_every_post(openspawn: ModuleType) -> None:
    from openspawn.resources import agents, credits, messages, tasks

    posts = {
        agents.Agents.spawn,
        agents.AsyncAgents.spawn,
        tasks.Tasks.create,
        tasks.AsyncTasks.create,
        tasks.Tasks.transition,
        tasks.AsyncTasks.transition,
        tasks.Tasks.assign,
        tasks.AsyncTasks.assign,
        credits.Credits.transfer,
        credits.AsyncCredits.transfer,
        credits.Credits.spend,
        credits.AsyncCredits.spend,
        messages.Messages.send,
        messages.AsyncMessages.send,
    }
    for method in posts:
        params = inspect.signature(method).parameters
        idempotency = [n for n in params if "idempotency" in n.lower()]
        assert idempotency == ["idempotency_key"], method.__qualname__
        assert params["idempotency_key"].kind is inspect.Parameter.KEYWORD_ONLY


# -- HMAC signing --------------------------------------------------------------------------------

VECTORS = [
    {
        "method": "POST",
        "target": "/v1/credits/transfer",
        "timestamp": "1718000000",
        "nonce": "5f2b8c1e9d4a4b7f8e3c6a1d2b9f0e7c",
        "body": '{"toAgentId":"8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f","amount":100,'
        '"reason":"Task completion bonus"}',
        "signature": "2595fc5ae25bc7132d8f486ec30912ab7e52aac03bde83b5a775c3c41c2bb840",
    },
    {
        "method": "GET",
        "target": "/v1/tasks?status=in_progress&assigneeId=8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        "timestamp": "1718000000",
        "nonce": "0d4e9a7b3c2f4e1a8b6d5c9e0f1a2b3c",
        "body": "",
        "signature": "119c981f509cb77479eb674e49dbc5646328f51ab7859f89e0df60fd79046389",
    },
]


def test_spec_test_vectors_are_the_documented_ones() -> None:
    spec = yaml.safe_load((ROOT / "specs" / "openspawn" / "openapi.yaml").read_text())
    signing = spec["components"]["securitySchemes"]["AgentHmac"]["x-sdk-signing"]
    in_spec = [
        {k: v for k, v in vector.items() if k != "secret"} for vector in signing["test-vectors"]
    ]
    assert in_spec == VECTORS
    assert {vector["secret"] for vector in signing["test-vectors"]} == {SECRET}


@pytest.mark.parametrize("vector", VECTORS, ids=["post-with-body", "get-with-query"])
def test_signer_reproduces_the_spec_test_vectors(openspawn: ModuleType, vector: Any) -> None:
    from openspawn._client import _SIGNING
    from openspawn._runtime._signing import HmacSigner

    signer = HmacSigner(
        _SIGNING,
        {"agent_id": AGENT_ID, "secret": SECRET},
        clock=lambda: float(vector["timestamp"]),
        nonce=lambda: vector["nonce"],
    )
    request = httpx.Request(
        vector["method"], "https://api.openspawn.dev" + vector["target"], content=vector["body"]
    )
    signer(request)
    assert request.headers["X-Signature"] == vector["signature"]
    assert request.headers["X-Timestamp"] == "1718000000"
    assert request.headers["X-Nonce"] == vector["nonce"]
    assert request.headers["X-Agent-Id"] == AGENT_ID
    body_hash = hashlib.sha256(vector["body"].encode()).hexdigest()
    assert signer.canonical(request, vector["timestamp"], vector["nonce"]) == "\n".join(
        [vector["method"], vector["target"], vector["timestamp"], vector["nonce"], body_hash]
    )
    assert SECRET not in repr(signer)


@both
def test_client_signs_the_documented_calls_like_the_vectors(
    openspawn: ModuleType, is_async: bool
) -> None:
    from openspawn.enums import TaskStatus
    from openspawn.models import TransferCreditsRequest

    handler = answers(respond(201, TRANSACTION), respond(200, {"data": [], "meta": META}))

    async def body(t: Twin) -> None:
        client = t.client(openspawn, handler, api_key=None, agent_id=AGENT_ID, secret=SECRET)
        signer = client._api.core.signer
        nonces = iter(v["nonce"] for v in VECTORS)
        signer._clock, signer._nonce = (lambda: 1718000000.0), (lambda: next(nonces))
        await t.call(
            client.credits.transfer(
                TransferCreditsRequest(
                    to_agent_id=OTHER, amount=100, reason="Task completion bonus"
                )
            )
        )
        await t.call(
            client.tasks.list(
                status=TaskStatus.IN_PROGRESS, assignee_id=OTHER, limit=None, offset=None
            )
        )
        for request, vector in zip(t.requests, VECTORS):
            assert request.url.raw_path.decode() == vector["target"]
            assert request.content == vector["body"].encode()
            assert request.headers["X-Signature"] == vector["signature"]
            assert request.headers["X-Agent-Id"] == AGENT_ID
            assert "Authorization" not in request.headers

    run(is_async, body)


@both
def test_every_attempt_is_signed_afresh_with_one_idempotency_key(
    openspawn: ModuleType, is_async: bool
) -> None:
    handler = answers(
        respond(503, error_body(503, "SERVICE_UNAVAILABLE", "later")),
        respond(201, {"agent": AGENT, "secret": "ab" * 32}),
    )

    async def body(t: Twin) -> None:
        client = t.client(openspawn, handler, api_key=None, agent_id=AGENT_ID, secret=SECRET)
        await t.call(client.agents.spawn(name="Worker Agent", level=1, model="gpt-4"))
        first, retry = t.requests
        for request in t.requests:
            assert signed_ok(request)
            assert request.headers["X-Agent-Id"] == AGENT_ID
            assert re.fullmatch(r"[0-9a-f]{32}", request.headers["X-Nonce"])  # uuid4().hex
            assert abs(int(request.headers["X-Timestamp"]) - time.time()) < 60
            assert "Authorization" not in request.headers
        assert first.headers["X-Nonce"] != retry.headers["X-Nonce"]
        assert first.headers["Idempotency-Key"] == retry.headers["Idempotency-Key"]

    run(is_async, body)


# -- authentication rule -----------------------------------------------------------------------


def client_classes(openspawn: ModuleType) -> list[Any]:
    return [openspawn.OpenSpawnClient, openspawn.AsyncOpenSpawnClient]


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        (
            {"api_key": API_KEY, "agent_id": AGENT_ID, "secret": SECRET},
            r"exactly one authentication method: api_key=, or agent_id= with secret=.*not both",
        ),
        ({"api_key": API_KEY, "secret": SECRET}, r"exactly one .*api_key=.*not both"),
        ({"api_key": API_KEY, "agent_id": AGENT_ID}, r"exactly one .*api_key=.*not both"),
        ({}, r"no authentication method: pass api_key=, or agent_id= with secret="),
        ({"agent_id": AGENT_ID}, r"^secret: required with agent_id="),
        ({"secret": SECRET}, r"^agent_id: required"),
        ({"agent_id": "", "secret": SECRET}, r"^agent_id: required"),
        ({"api_key": ""}, r"^api_key: must be a non-empty string"),
        (
            {"agent_id": AGENT_ID, "secret": SECRET, "signer": lambda r: None},
            r"^signer: pass either signer= or agent_id= with secret=",
        ),
    ],
)
def test_exactly_one_auth_method_and_a_64_hex_secret(
    openspawn: ModuleType, kwargs: dict[str, Any], pattern: str
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return respond(200, AGENT)

    transport = httpx.MockTransport(handler)
    for cls in client_classes(openspawn):
        http: Any = (
            httpx.AsyncClient(transport=transport)
            if cls.__name__.startswith("Async")
            else httpx.Client(transport=transport)
        )
        with pytest.raises(openspawn.OpenSpawnError, match=pattern) as info:
            cls(base_url="https://api.openspawn.dev", http_client=http, **kwargs)
        assert type(info.value) is openspawn.OpenSpawnError
        text = str(info.value) + repr(info.value)
        for credential in (SECRET[:30], SECRET[-30:], SECRET[34:], API_KEY):
            assert credential not in text  # no credential echoed
        assert seen == []  # raised while building the client, before any request


def test_uppercase_hex_secret_is_the_same_key(openspawn: ModuleType) -> None:
    handler = answers(respond(200, AGENT))

    async def body(t: Twin) -> None:
        client = t.client(
            openspawn, handler, api_key=None, agent_id=AGENT_ID, secret=SECRET.upper()
        )
        await t.call(client.agents.get(IDS["a1"]))
        assert signed_ok(t.requests[0], SECRET)

    run(False, body)


def test_documented_constructors_and_defaults(openspawn: ModuleType) -> None:
    from openspawn import AsyncOpenSpawnClient, OpenSpawnClient

    with OpenSpawnClient(base_url="https://api.openspawn.dev", api_key="your-api-key") as client:
        assert isinstance(client, OpenSpawnClient)
        assert client._api.core.max_retries == 3  # default: 3 retries
        assert client.base_url == "https://api.openspawn.dev"
        assert (
            repr(client) == "OpenSpawnClient(base_url='https://api.openspawn.dev', auth='api_key')"
        )
    signed = OpenSpawnClient(base_url="https://api.openspawn.dev", agent_id=AGENT_ID, secret=SECRET)
    assert signed._api.core.api_key is None and signed._api.core.signer is not None
    assert "auth='hmac'" in repr(signed) and AGENT_ID in repr(signed)
    signed.close()
    custom = OpenSpawnClient(
        base_url="https://api.openspawn.dev", api_key="your-api-key", max_retries=5
    )
    assert custom._api.core.max_retries == 5
    custom.close()

    async def use_async() -> None:
        async with AsyncOpenSpawnClient(
            base_url="https://api.openspawn.dev", api_key="your-api-key"
        ) as client:
            assert isinstance(client, AsyncOpenSpawnClient)
            assert client._api.core.max_retries == 3

    import asyncio

    asyncio.run(use_async())
    for cls in (OpenSpawnClient, AsyncOpenSpawnClient):
        params = inspect.signature(cls).parameters
        assert params["max_retries"].default == 3
        base = inspect.signature(cls.__mro__[1]).parameters
        assert {n: p.default for n, p in params.items()} == {n: p.default for n, p in base.items()}
        assert cls.__module__.startswith("openspawn.lib.")


# -- environment ---------------------------------------------------------------------------------


@both
def test_environment_credentials_and_precedence(
    openspawn: ModuleType, is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok = lambda r: respond(200, AGENT)  # noqa: E731

    async def body(t: Twin) -> None:
        # No credential arguments: the API key from the environment.
        monkeypatch.setenv("OPENSPAWN_API_KEY", "sk-env-key")
        client = t.client(openspawn, ok, api_key=None)
        await t.call(client.agents.get(IDS["a1"]))
        assert t.requests[-1].headers["Authorization"] == "Bearer sk-env-key"
        assert "X-Signature" not in t.requests[-1].headers

        # Explicit agent credentials win: the environment's API key is not sent alongside.
        client = t.client(openspawn, ok, api_key=None, agent_id=AGENT_ID, secret=SECRET)
        await t.call(client.agents.get(IDS["a1"]))
        assert "Authorization" not in t.requests[-1].headers and signed_ok(t.requests[-1])
        assert client._api.core.api_key is None

        # Both sets in the environment and no argument to choose: refused.
        monkeypatch.setenv("OPENSPAWN_AGENT_ID", AGENT_ID)
        monkeypatch.setenv("OPENSPAWN_SECRET", SECRET)
        with pytest.raises(openspawn.OpenSpawnError, match="both OPENSPAWN_API_KEY and"):
            t.client(openspawn, ok, api_key=None)

        # An explicit API key wins over agent credentials in the environment.
        client = t.client(openspawn, ok, api_key="sk-explicit")
        await t.call(client.agents.get(IDS["a1"]))
        assert t.requests[-1].headers["Authorization"] == "Bearer sk-explicit"
        assert "X-Signature" not in t.requests[-1].headers

        # Agent credentials from the environment alone.
        monkeypatch.delenv("OPENSPAWN_API_KEY")
        client = t.client(openspawn, ok, api_key=None)
        await t.call(client.agents.get(IDS["a1"]))
        assert "Authorization" not in t.requests[-1].headers and signed_ok(t.requests[-1])

        # A malformed secret in the environment is named like the argument.
        monkeypatch.setenv("OPENSPAWN_SECRET", "abc")
        client = t.client(openspawn, ok, api_key=None)
        with pytest.raises(openspawn.OpenSpawnError, match=r"^secret: must be 64 hex"):
            await t.call(client.agents.get(IDS["a1"]))
        assert len(t.requests) == 4

    run(is_async, body)


# -- secrets never shown -------------------------------------------------------------------------


@both
def test_secret_never_in_repr_errors_or_logs(
    openspawn: ModuleType, is_async: bool, caplog: pytest.LogCaptureFixture
) -> None:
    handler = answers(
        respond(200, AGENT),
        respond(401, error_body(401, "INVALID_SIGNATURE", "The request signature does not match.")),
        respond(200, AGENT),
    )

    async def body(t: Twin) -> None:
        with caplog.at_level(logging.DEBUG, logger="openspawn"):
            client = t.client(openspawn, handler, api_key=None, agent_id=AGENT_ID, secret=SECRET)
            await t.call(client.agents.get(IDS["a1"]))
            caught, error = await seed_branch(t, lambda: client.agents.get(IDS["a2"]))
            keyed = t.client(openspawn, handler)
            await t.call(keyed.agents.get(IDS["a3"]))
        assert caught == "auth" and isinstance(error, openspawn.InvalidSignatureError)
        assert f"/v1/agents/{IDS['a1']}" in caplog.text  # the calls were logged
        shown = " ".join(
            [
                caplog.text,
                repr(client),
                str(client),
                repr(client._api.core.signer),
                repr(client._api.core.__dict__),
                repr(vars(client)),
                str(error),
                repr(error),
                repr(error.headers),
                repr(keyed),
                repr(vars(keyed)),
            ]
        )
        for secret in (SECRET, SECRET[:16], SECRET[-16:], API_KEY):
            assert secret not in shown
        assert "auth='hmac'" in repr(client)

    run(is_async, body)


# -- mock mode, modules --------------------------------------------------------------------------


@both
def test_mock_mode_needs_no_credentials(openspawn: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        cls = openspawn.AsyncOpenSpawnClient if t.is_async else openspawn.OpenSpawnClient
        client = cls(mock_mode=True)
        agents = await t.call(client.agents.list())
        assert agents[0].name == "Atlas" and len(agents) == 4
        response = await t.call(client.agents.spawn(name="Worker Agent", level=1, model="gpt-4"))
        assert len(response["secret"]) == 64
        transactions, meta = await t.call(client.credits.history(limit=50, offset=0))
        assert meta["total"] == len(transactions) == 3
        await t.call(client.close())
        with pytest.raises(openspawn.OpenSpawnError, match="not both"):
            cls(mock_mode=True, api_key=API_KEY, agent_id=AGENT_ID, secret=SECRET)

    run(is_async, body)


def test_documented_modules_and_names(openspawn: ModuleType) -> None:
    enums = importlib.import_module("openspawn.enums")
    models = importlib.import_module("openspawn.models")
    errors = importlib.import_module("openspawn.http_client")
    for name in ("TaskStatus", "TaskPriority", "MessageType", "EventSeverity"):
        assert getattr(enums, name) is getattr(models, name) is getattr(openspawn, name)
    assert enums.TaskStatus.IN_PROGRESS == "in_progress" and enums.TaskStatus.REVIEW == "review"
    assert enums.TaskPriority.HIGH == "high" and enums.MessageType.TEXT == "text"
    assert enums.EventSeverity.ERROR == "error"
    for name in ("APIError", "AuthenticationError", "RetryableError", "OpenSpawnError"):
        assert isinstance(getattr(errors, name), type)
    request = models.CreateTaskRequest(title="t", priority=enums.TaskPriority.HIGH)
    assert request.to_dict() == {"title": "t", "priority": "high"}
    assert models.TransferCreditsRequest(to_agent_id="a", amount=1, reason="r")["toAgentId"] == "a"
    assert models.SendMessageRequest(channel_id="c", body="b").type is None
    # A request-only model keeps "not given" apart from None: None sends null (notes is
    # nullable), an unset field is left out.
    assert models.TransitionTaskRequest(status="review").to_dict() == {"status": "review"}
    assert models.TransitionTaskRequest(status="review", notes=None).to_dict() == {
        "status": "review",
        "notes": None,
    }
    for name in ("Agent", "Task"):
        assert isinstance(getattr(models, name), type)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"agent_id": AGENT_ID, "secret": SECRET[:-2]}, r"^secret: must be 64 hexadecimal .*62"),
        ({"agent_id": AGENT_ID, "secret": SECRET + "00"}, r"^secret: must be 64 hex.*66 char"),
        ({"agent_id": AGENT_ID, "secret": "zz" + SECRET[2:]}, r"^secret: not valid hex.*0-9, a-f"),
        (
            {"agent_id": AGENT_ID, "secret": SECRET[:30] + "  " + SECRET[32:]},
            r"^secret: not valid hex",
        ),
        ({"agent_id": AGENT_ID, "secret": b"\x00" * 32}, r"^secret: must be a string"),
    ],
)
@both
def test_malformed_secret_raises_at_first_call_before_sending(
    openspawn: ModuleType, is_async: bool, kwargs: dict[str, Any], pattern: str
) -> None:
    """The documented example builds a client with a placeholder secret and makes no call; the
    secret's form is checked when the first request is signed, before anything is sent."""

    async def body(t: Twin) -> None:
        client = t.client(openspawn, lambda r: respond(200, AGENT), api_key=None, **kwargs)
        with pytest.raises(openspawn.OpenSpawnError, match=pattern) as info:
            await t.call(client.agents.get(IDS["a1"]))
        assert t.requests == []
        assert SECRET[:30] not in str(info.value) + repr(info.value)

    run(is_async, body)
