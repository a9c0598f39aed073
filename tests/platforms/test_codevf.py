"""The CodeVF SDK (generated/codevf) against its documentation, sync and async from one body."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import importlib
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from tests.support.packages import import_generated
from tests.support.twins import Twin, both, run

ROOT = Path(__file__).resolve().parent.parent.parent
SRC = ROOT / "generated" / "codevf" / "src"
SMOKE = ROOT / "generated" / "codevf" / "scripts" / "integration_smoke.py"

PROMPT = "Refactor this script to use vectorized operations."
PROJECT = {
    "id": 123,
    "name": "Data Analysis Pipeline",
    "description": "Automating pandas-based processing scripts",
    "createdAt": "2025-03-04T15:22:10Z",
    "updatedAt": "2025-03-04T15:22:10Z",
}
DELIVERABLE = {
    "fileName": "process_vectorized.py",
    "url": "https://files.codevf.com/deliverables/task_8f3c2a91d4/process_vectorized.py",
    "mimeType": "text/x-python",
    "uploadedAt": "2025-03-05T10:41:27Z",
}
TAGS = [
    {
        "id": 1,
        "name": "general_purpose",
        "costMultiplier": 1.0,
        "isActive": True,
        "validFrom": "2024-01-01T00:00:00Z",
        "validTo": None,
        "isDeprecated": False,
    },
    {
        "id": 2,
        "name": "legacy_consultant",
        "costMultiplier": 2.0,
        "isActive": False,
        "validFrom": "2024-01-01T00:00:00Z",
        "validTo": "2025-01-31T23:59:59Z",
        "isDeprecated": True,
    },
]


def task_body(status: str = "pending", mode: str = "fast", **changes: Any) -> dict[str, Any]:
    body = {
        "id": "task_8f3c2a91d4",
        "status": status,
        "prompt": PROMPT,
        "mode": mode,
        "maxCredits": 30,
        "creditsUsed": 77,
        "projectId": 123,
        "tagId": 3,
        "metadata": {"environment": "production"},
        "result": None,
        "deliverables": [],
        "createdAt": "2025-03-05T10:00:00Z",
        "updatedAt": "2025-03-05T10:00:00Z",
    }
    body.update(changes)
    return body


def reply(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def replies(*answers: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    pending = iter(answers)
    return lambda request: next(pending)


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


@pytest.fixture(scope="module")
def codevf() -> Iterator[ModuleType]:
    yield import_generated("codevf")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CODEVF_API_KEY", "CODEVF_BASE_URL", "CODEVF_LOG"):
        monkeypatch.delenv(name, raising=False)


# --- client, auth and configuration -------------------------------------------------------


@both
def test_bearer_auth_from_api_key_and_default_base_url(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(codevf, replies(reply(200, {"available": 5, "onHold": 0, "total": 5})))
        await t.call(client.credits.get_balance())
        request = t.requests[0]
        assert request.headers["Authorization"] == "Bearer sk-test-secret"
        assert str(request.url) == "https://api.codevf.com/credits/balance"
        assert request.method == "GET"
        assert "sk-test-secret" not in repr(client)

    run(is_async, body)


@both
def test_api_key_and_base_url_from_environment(
    codevf: ModuleType, is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODEVF_API_KEY", "sk_live_from_env")
    monkeypatch.setenv("CODEVF_BASE_URL", "http://localhost:8787")

    async def body(t: Twin) -> None:
        client = t.client(codevf, replies(reply(200, {"data": TAGS})), api_key=None)
        await t.call(client.tags.list())
        request = t.requests[-1]
        assert request.headers["authorization"] == "Bearer sk_live_from_env"
        assert str(request.url) == "http://localhost:8787/tags"

    run(is_async, body)


def test_missing_api_key_names_the_variable(codevf: ModuleType) -> None:
    with pytest.raises(codevf.CodeVFError, match="CODEVF_API_KEY"):
        codevf.CodeVFClient()
    with pytest.raises(codevf.CodeVFError, match="CODEVF_API_KEY"):
        codevf.AsyncCodeVFClient()


def test_documented_names_and_import_paths(codevf: ModuleType) -> None:
    from codevf import (  # noqa: F401
        AsyncCodeVFClient,
        CodeVFClient,
        ServiceMode,
        attachment_from_bytes,
        attachment_from_path,
        calculate_final_credit_cost,
        validate_metadata,
    )
    from codevf.exceptions import APIError, AuthenticationError, RateLimitError

    exc = importlib.import_module("codevf.exceptions")
    assert issubclass(AuthenticationError, APIError) and issubclass(RateLimitError, APIError)
    assert issubclass(exc.TokenExpiredError, AuthenticationError)
    assert issubclass(APIError, exc.CodeVFError)
    for name in (
        "InvalidModeError",
        "InvalidTagError",
        "InvalidMetadataError",
        "InvalidMaxCreditsError",
        "MaxCreditsExceededError",
        "InsufficientScopeError",
        "TokenExpiredError",
        "IdempotencyConflictError",
        "AttachmentLimitExceededError",
        "AttachmentTooLargeError",
        "InvalidAttachmentError",
        "NotFoundError",
        "TaskNotCancellableError",
    ):
        assert issubclass(getattr(exc, name), APIError), name
        assert getattr(codevf, name) is getattr(exc, name)
    assert [m.value for m in ServiceMode] == ["realtime_answer", "fast", "standard"]
    for model in ("Project", "TaskResponse", "CreditBalance", "Tag", "Attachment"):
        assert getattr(codevf, model) is getattr(importlib.import_module("codevf.models"), model)
    client = CodeVFClient(api_key="sk_test_x")
    assert type(client.tasks).__name__ == "Tasks" and type(client.projects).__name__ == "Projects"
    assert type(AsyncCodeVFClient(api_key="sk_test_x").tasks).__name__ == "AsyncTasks"


# --- projects --------------------------------------------------------------------------------


@both
def test_projects_create_reuses_or_creates(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(codevf, replies(reply(201, PROJECT), reply(200, PROJECT)))
        created = await t.call(
            client.projects.create(
                name="Data Analysis Pipeline",
                description="Automating pandas-based processing scripts",
            )
        )
        reused = await t.call(client.projects.create("Data Analysis Pipeline"))
        for project in (created, reused):
            assert isinstance(project, codevf.Project)
            assert project.id == 123 and project["id"] == 123
            assert project.created_at == dt.datetime(2025, 3, 4, 15, 22, 10, tzinfo=dt.timezone.utc)
            assert project["description"] == "Automating pandas-based processing scripts"
        first, second = t.requests
        assert (first.method, first.url.path) == ("POST", "/projects/create")
        assert first.headers["content-type"] == "application/json"
        assert sent_json(first) == {
            "name": "Data Analysis Pipeline",
            "description": "Automating pandas-based processing scripts",
        }
        assert sent_json(second) == {"name": "Data Analysis Pipeline"}  # no description sent

    run(is_async, body)


@both
def test_projects_list_retrieve_and_iter_list(codevf: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/projects/123":
            return reply(200, PROJECT)
        page = int(request.url.params["page"])
        data = [dict(PROJECT, id=100 + page * 2 + i) for i in range(2)][: 3 - 2 * (page - 1)]
        return reply(200, {"data": data, "page": page, "pageSize": 2, "total": 3})

    async def body(t: Twin) -> None:
        client = t.client(codevf, handler)
        page = await t.call(client.projects.list(page=1, page_size=2, name="Data"))
        assert (page.page, page.page_size, page.total) == (1, 2, 3)
        assert page["pageSize"] == 2 and [p.id for p in page.data] == [102, 103]
        assert dict(t.requests[0].url.params) == {"page": "1", "pageSize": "2", "name": "Data"}
        assert t.requests[0].url.path == "/projects"
        project = await t.call(client.projects.retrieve(123))
        assert project.name == "Data Analysis Pipeline"
        assert t.requests[1].url.path == "/projects/123" and t.requests[1].method == "GET"
        everything = await t.collect(client.projects.iter_list(page_size=2))
        assert [p.id for p in everything] == [102, 103, 104]
        assert [r.url.params["page"] for r in t.requests[2:]] == ["1", "2"]

    run(is_async, body)


@both
def test_projects_list_sends_documented_defaults(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            codevf, replies(reply(200, {"data": [], "page": 1, "pageSize": 20, "total": 0}))
        )
        await t.call(client.projects.list())
        assert dict(t.requests[0].url.params) == {"page": "1", "pageSize": "20"}

    run(is_async, body)


# --- tasks: create -------------------------------------------------------------------------


@both
def test_tasks_create_as_documented(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(codevf, replies(reply(201, task_body())))
        metadata = codevf.validate_metadata({"environment": "production"})
        task = await t.call(
            client.tasks.create(
                prompt=PROMPT,
                max_credits=30,
                project_id=123,
                mode=codevf.ServiceMode.FAST,
                metadata=metadata,
                tag_id=3,
                attachments=[
                    {
                        "fileName": "process.py",
                        "mimeType": "text/x-python",
                        "content": "for i in range(len(df)): df.iloc[i] = df.iloc[i] * 2",
                    }
                ],
            )
        )
        assert isinstance(task, codevf.TaskResponse)
        assert task.id == "task_8f3c2a91d4" and task["id"] == task.id
        assert task.status is codevf.TaskStatus.PENDING and f"{task.status}" == "pending"
        assert task.mode is codevf.ServiceMode.FAST and task.credits_used == 77
        assert task["creditsUsed"] == 77 and task.metadata == {"environment": "production"}
        request = t.requests[0]
        assert (request.method, request.url.path) == ("POST", "/tasks/create")
        assert request.headers["authorization"] == "Bearer sk-test-secret"
        assert request.headers["content-type"] == "application/json"
        sent = sent_json(request)
        key = sent.pop("idempotencyKey")
        assert uuid.UUID(key).version == 4
        assert sent == {
            "prompt": PROMPT,
            "maxCredits": 30,
            "projectId": 123,
            "mode": "fast",
            "metadata": {"environment": "production"},
            "tagId": 3,
            "attachments": [
                {
                    "fileName": "process.py",
                    "mimeType": "text/x-python",
                    "content": "for i in range(len(df)): df.iloc[i] = df.iloc[i] * 2",
                }
            ],
        }

    run(is_async, body)


@both
def test_tasks_create_positional_order_and_minimal_body(codevf: ModuleType, is_async: bool) -> None:
    key = "3f9c1b2e-7d4a-4c8e-9b61-2a5d8e0f4c17"

    async def body(t: Twin) -> None:
        client = t.client(codevf, replies(reply(201, task_body()), reply(200, task_body())))
        attachment = codevf.attachment_from_bytes("a.json", b'{"a": 1}', "application/json")
        await t.call(
            client.tasks.create(
                PROMPT,
                30,
                123,
                "realtime_answer",
                {"n": 1, "ok": True},
                3,
                [attachment],
                idempotency_key=key,
            )
        )
        await t.call(client.tasks.create(PROMPT, 1920, 123))
        first, second = (sent_json(r) for r in t.requests)
        assert first["mode"] == "realtime_answer" and first["metadata"] == {"n": 1, "ok": True}
        assert first["tagId"] == 3 and first["idempotencyKey"] == key
        assert first["attachments"] == [
            {"fileName": "a.json", "mimeType": "application/json", "content": '{"a": 1}'}
        ]
        # Left out: mode (server default standard), metadata, tagId, attachments.
        assert set(second) == {"prompt", "maxCredits", "projectId", "idempotencyKey"}
        assert second["maxCredits"] == 1920 and second["idempotencyKey"] != key

    run(is_async, body)


@both
def test_tasks_create_keeps_its_idempotency_key_across_retries(
    codevf: ModuleType, is_async: bool
) -> None:
    error = {
        "error": {"code": "internal_error", "message": "boom", "status": 500, "retryable": True}
    }

    async def body(t: Twin) -> None:
        client = t.client(
            codevf, replies(reply(500, error, **{"Retry-After": "3"}), reply(201, task_body()))
        )
        task = await t.call(client.tasks.create(PROMPT, 30, 123))
        assert task.id == "task_8f3c2a91d4"
        first, second = (sent_json(r)["idempotencyKey"] for r in t.requests)
        assert first == second and t.sleeps == [3.0]

    run(is_async, body)


def _attachment(**changes: Any) -> dict[str, Any]:
    item = {"fileName": "notes.txt", "mimeType": "text/plain", "content": "hello"}
    item.update(changes)
    return {k: v for k, v in item.items() if v is not None}


INVALID_TASKS = [
    (
        {"max_credits": 0},
        "InvalidMaxCreditsError",
        "max_credits must be an integer from 1 to 1,920",
    ),
    ({"max_credits": 1921}, "InvalidMaxCreditsError", "max_credits"),
    ({"max_credits": True}, "InvalidMaxCreditsError", "max_credits"),
    ({"max_credits": 30.0}, "InvalidMaxCreditsError", "max_credits"),
    ({"mode": "turbo"}, "InvalidModeError", "mode must be a ServiceMode"),
    ({"tag_id": 0}, "InvalidTagError", "tag_id must be a positive integer"),
    ({"tag_id": "3"}, "InvalidTagError", "tag_id"),
    ({"metadata": {"bad-key": 1}}, "InvalidMetadataError", "'bad-key' must match"),
    ({"metadata": {"nested": {"a": 1}}}, "InvalidMetadataError", r"metadata\['nested'\]"),
    ({"project_id": 0}, "InvalidProjectError", "project_id must be a positive integer"),
    ({"prompt": "too short"}, "InvalidPromptError", "prompt must be 10 to 10,000 characters"),
    ({"idempotency_key": "abc"}, "InvalidIdempotencyKeyError", "idempotency_key must be a UUID v4"),
    ({"idempotency_key": str(uuid.uuid1())}, "InvalidIdempotencyKeyError", "UUID v4"),
    ({"attachments": [_attachment()] * 6}, "AttachmentLimitExceededError", "6 items; at most 5"),
    ({"attachments": [_attachment(fileName=None)]}, "InvalidAttachmentError", r"\.fileName is"),
    ({"attachments": [_attachment(mimeType=None)]}, "InvalidAttachmentError", r"\.mimeType is"),
    ({"attachments": [_attachment(content=None)]}, "InvalidAttachmentError", r"\.content is"),
    (
        {"attachments": [_attachment(mimeType="image/png", base64="aGk=")]},
        "InvalidAttachmentError",
        "unknown key.*'base64'",
    ),
    (
        {"attachments": [_attachment(mimeType="image/png", content="not base64!")]},
        "InvalidAttachmentError",
        "must be base64",
    ),
    (
        {"attachments": [_attachment(content="a" * 1_048_577)]},
        "AttachmentTooLargeError",
        "1,048,577 bytes of text; .* at most 1,048,576",
    ),
    (
        {"attachments": [_attachment(content="é" * 524_288 + "a")]},  # counted in UTF-8 bytes
        "AttachmentTooLargeError",
        "1,048,577 bytes",
    ),
    (
        {"attachments": [_attachment(mimeType="image/png", content="A" * 10_485_764)]},
        "AttachmentTooLargeError",
        "10,485,764 bytes after base64 encoding",
    ),
]


@both
@pytest.mark.parametrize(("changes", "error", "match"), INVALID_TASKS)
def test_tasks_create_validates_before_sending(
    codevf: ModuleType, is_async: bool, changes: dict[str, Any], error: str, match: str
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(codevf, replies(reply(201, task_body())))
        args: dict[str, Any] = {"prompt": PROMPT, "max_credits": 30, "project_id": 123}
        args.update(changes)
        with pytest.raises(getattr(codevf, error), match=match) as raised:
            await t.call(client.tasks.create(**args))
        assert raised.value.status_code is None  # raised locally, not from a response
        assert raised.value.code is not None
        assert t.requests == []  # nothing was sent

    run(is_async, body)


@both
def test_attachments_at_their_limits_are_sent(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(codevf, replies(reply(201, task_body())))
        items = [
            _attachment(content="é" * 524_288),  # exactly 1,048,576 UTF-8 bytes
            _attachment(
                fileName="big.bin", mimeType="application/octet-stream", content="A" * 10_485_760
            ),  # exactly 10 MB of base64
            _attachment(fileName="raw.png", mimeType="image/png", content=b"\x89PNG"),
            _attachment(fileName="t.md", mimeType="text/markdown", content=b"# hi"),
            codevf.Attachment(file_name="c.json", mime_type="application/json", content="{}"),
        ]
        await t.call(client.tasks.create(PROMPT, 30, 123, attachments=items))
        sent = sent_json(t.requests[0])["attachments"]
        assert len(sent) == 5 and sent[0]["content"] == "é" * 524_288
        assert sent[2] == {"fileName": "raw.png", "mimeType": "image/png", "content": "iVBORw=="}
        assert sent[3]["content"] == "# hi"  # bytes of a textual type are sent as text
        assert sent[4] == {"fileName": "c.json", "mimeType": "application/json", "content": "{}"}
        assert all("base64" not in a for a in sent)

    run(is_async, body)


def test_attachment_helpers(codevf: ModuleType, tmp_path: Path) -> None:
    script = tmp_path / "process.py"
    script.write_text("df = df * 2\n", encoding="utf-8")
    attachment = codevf.attachment_from_path(script)
    assert isinstance(attachment, codevf.Attachment)
    assert attachment["fileName"] == "process.py" and attachment.mime_type == "text/x-python"
    assert attachment.content == "df = df * 2\n"

    image = tmp_path / "shot.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    png = codevf.attachment_from_path(str(image))
    assert png.mime_type == "image/png"
    assert base64.b64decode(png.content) == b"\x89PNG\r\n\x1a\n\x00"

    unknown = tmp_path / "NOTES"
    unknown.write_text("plain words", encoding="utf-8")
    assert codevf.attachment_from_path(unknown).mime_type == "text/plain"
    blob = tmp_path / "blob"
    blob.write_bytes(b"\xff\x00\xfe")
    assert codevf.attachment_from_path(blob).mime_type == "application/octet-stream"
    forced = codevf.attachment_from_path(script, mime_type="application/octet-stream")
    assert forced.content == base64.b64encode(b"df = df * 2\n").decode()

    made = codevf.attachment_from_bytes("data.bin", b"\x00\x01", "application/octet-stream")
    assert made.to_dict() == {
        "fileName": "data.bin",
        "mimeType": "application/octet-stream",
        "content": "AAE=",
    }
    with pytest.raises(codevf.InvalidAttachmentError, match="not UTF-8 text"):
        codevf.attachment_from_bytes("x.txt", b"\xff\xfe", "text/plain")
    huge = tmp_path / "huge.log.txt"
    huge.write_bytes(b"a" * 1_048_577)
    with pytest.raises(codevf.AttachmentTooLargeError, match=r"huge\.log\.txt"):
        codevf.attachment_from_path(huge)


# --- tasks: read, list, cancel, deliverables -------------------------------------------------


@both
def test_tasks_retrieve_cancel_and_deliverables(codevf: ModuleType, is_async: bool) -> None:
    done = task_body("completed", result="Done.", deliverables=[DELIVERABLE])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/cancel"):
            return reply(200, task_body("cancelled", id="task_2", creditsUsed=0))
        if request.url.path.endswith("/deliverables"):
            return reply(200, {"taskId": "task_8f3c2a91d4", "deliverables": [DELIVERABLE]})
        return reply(200, done)

    async def body(t: Twin) -> None:
        client = t.client(codevf, handler)
        status = await t.call(client.tasks.retrieve("task_8f3c2a91d4"))
        assert status.status == "completed" and status.result == "Done."
        assert status.deliverables[0].file_name == "process_vectorized.py"
        cancelled = await t.call(client.tasks.cancel("task_2"))
        assert cancelled.status is codevf.TaskStatus.CANCELLED and cancelled.credits_used == 0
        files = await t.call(client.tasks.deliverables("task_8f3c2a91d4"))
        assert [f["fileName"] for f in files] == ["process_vectorized.py"]
        assert files[0].uploaded_at == dt.datetime(2025, 3, 5, 10, 41, 27, tzinfo=dt.timezone.utc)
        assert [(r.method, r.url.path) for r in t.requests] == [
            ("GET", "/tasks/task_8f3c2a91d4"),
            ("POST", "/tasks/task_2/cancel"),
            ("GET", "/tasks/task_8f3c2a91d4/deliverables"),
        ]
        assert t.requests[1].content == b""  # cancel has no body

    run(is_async, body)


@both
def test_tasks_list_filters_and_iter_list(codevf: ModuleType, is_async: bool) -> None:
    def summary(n: int) -> dict[str, Any]:
        return {
            "id": f"task_{n}",
            "status": "completed",
            "createdAt": "2025-03-05T10:00:00Z",
            "creditsUsed": n,
        }

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        items = [summary(n) for n in range(5)][(page - 1) * 2 : page * 2]
        return reply(200, {"data": items, "page": page, "pageSize": 2, "total": 5})

    async def body(t: Twin) -> None:
        client = t.client(codevf, handler)
        since = dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)
        page = await t.call(
            client.tasks.list(
                project_id=123,
                status="completed",
                mode=codevf.ServiceMode.FAST,
                tag_id=3,
                since=since,
                page=1,
                page_size=2,
            )
        )
        assert (page.total, page.page, page["pageSize"]) == (5, 1, 2)
        assert [s.id for s in page.data] == ["task_0", "task_1"]
        assert page.data[0].status is codevf.TaskStatus.COMPLETED
        assert list(t.requests[0].url.params.multi_items()) == [
            ("projectId", "123"),
            ("status", "completed"),
            ("mode", "fast"),
            ("tagId", "3"),
            ("since", "2025-03-01T00:00:00+00:00"),
            ("page", "1"),
            ("pageSize", "2"),
        ]
        every = await t.collect(client.tasks.iter_list(status="completed", page_size=2))
        assert [s.credits_used for s in every] == [0, 1, 2, 3, 4]
        later = t.requests[1:]
        assert [r.url.params["page"] for r in later] == ["1", "2", "3"]
        assert all(r.url.params["status"] == "completed" for r in later)

    run(is_async, body)


# --- polling -----------------------------------------------------------------------------------


def _poll_server(statuses: list[str], mode: str, **headers: str) -> Any:
    answers = iter(statuses)
    return lambda request: reply(200, task_body(next(answers), mode=mode), **headers)


@both
@pytest.mark.parametrize(
    ("mode", "processing_sleep"), [("fast", 7.5), ("realtime_answer", 7.5), ("standard", 22.5)]
)
def test_wait_for_completion_follows_documented_cadence(
    codevf: ModuleType, is_async: bool, mode: str, processing_sleep: float
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            codevf, _poll_server(["pending", "pending", "processing", "completed"], mode)
        )
        client._api.core.random = lambda: 0.5  # jitter at the middle of each range
        seen: list[str] = []
        task = await t.call(
            client.tasks.wait_for_completion(
                "task_8f3c2a91d4", on_status=lambda t: seen.append(str(t.status))
            )
        )
        assert task.status == "completed" and isinstance(task, codevf.TaskResponse)
        assert seen == ["pending", "processing", "completed"]
        # ~2 s before the first poll; pending every 2-4 s; processing 5-10 s (fast and
        # realtime_answer) or 15-30 s (standard).
        assert t.sleeps == [2.0, 3.0, 3.0, processing_sleep]
        assert all(r.url.path == "/tasks/task_8f3c2a91d4" for r in t.requests)
        assert len(t.requests) == 4

    run(is_async, body)


@both
def test_wait_for_completion_fails_on_cancelled_and_times_out(
    codevf: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(codevf, _poll_server(["processing", "cancelled"], "fast"))
        with pytest.raises(codevf.WaitFailedError) as failed:
            await t.call(client.tasks.wait_for_completion("task_8f3c2a91d4"))
        assert failed.value.status == "cancelled"
        assert failed.value.last.status is codevf.TaskStatus.CANCELLED
        assert isinstance(failed.value, codevf.CodeVFError)

        client = t.client(codevf, _poll_server(["processing"] * 50, "standard"))
        start = t.now
        with pytest.raises(codevf.WaitTimeoutError) as slow:
            await t.call(client.tasks.wait_for_completion("task_8f3c2a91d4", timeout=60))
        assert slow.value.status == "processing" and slow.value.last.mode == "standard"
        assert t.now - start <= 60  # gives up instead of sleeping past the timeout

    run(is_async, body)


@both
def test_wait_for_completion_honours_retry_after_on_200(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            codevf, _poll_server(["pending", "completed"], "fast", **{"Retry-After": "40"})
        )
        await t.call(client.tasks.wait_for_completion("task_8f3c2a91d4"))
        assert t.sleeps == [2.0, 40.0]

    run(is_async, body)


# --- credits and tags --------------------------------------------------------------------------


@both
def test_credit_balance_reads_like_the_docs(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            codevf, replies(reply(200, {"available": 1423, "onHold": 77, "total": 1500}))
        )
        balance = await t.call(client.credits.get_balance())
        assert isinstance(balance, codevf.CreditBalance)
        assert f"Available: {balance['available']} credits" == "Available: 1423 credits"
        assert (balance.available, balance.on_hold, balance["onHold"], balance.total) == (
            1423,
            77,
            77,
            1500,
        )
        assert t.requests[0].url.path == "/credits/balance"

    run(is_async, body)


@both
def test_tags_list_returns_tag_models(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(codevf, replies(reply(200, {"data": TAGS})))
        tags = await t.call(client.tags.list())
        assert [type(tag) for tag in tags] == [codevf.Tag, codevf.Tag]
        general, legacy = tags
        assert (general.id, general.name, general.cost_multiplier) == (1, "general_purpose", 1.0)
        assert general["costMultiplier"] == 1.0 and general["isActive"] is True
        assert general.valid_to is None and general["isDeprecated"] is False
        assert legacy.is_active is False and legacy.is_deprecated is True
        assert legacy["validTo"] == dt.datetime(2025, 1, 31, 23, 59, 59, tzinfo=dt.timezone.utc)
        assert legacy.valid_from == dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
        assert (t.requests[0].method, t.requests[0].url.path) == ("GET", "/tags")

    run(is_async, body)


# --- errors ------------------------------------------------------------------------------------

ERROR_CASES = [
    (400, "invalid_mode", "InvalidModeError", "BadRequestError"),
    (400, "invalid_tag", "InvalidTagError", "BadRequestError"),
    (400, "invalid_metadata", "InvalidMetadataError", "BadRequestError"),
    (400, "attachment_limit_exceeded", "AttachmentLimitExceededError", "BadRequestError"),
    (401, "unauthorized", "AuthenticationError", "APIError"),
    (401, "token_expired", "TokenExpiredError", "AuthenticationError"),
    (402, "max_credits_exceeded", "MaxCreditsExceededError", "APIError"),
    (403, "insufficient_scope", "InsufficientScopeError", "PermissionDeniedError"),
    (404, "not_found", "NotFoundError", "APIError"),
    (409, "idempotency_conflict", "IdempotencyConflictError", "ConflictError"),
    (409, "task_not_cancellable", "TaskNotCancellableError", "ConflictError"),
    (413, "payload_too_large", "AttachmentTooLargeError", "PayloadTooLargeError"),
]


@both
@pytest.mark.parametrize("legacy", [False, True], ids=["current", "legacy"])
@pytest.mark.parametrize(("status", "code", "error", "parent"), ERROR_CASES)
def test_error_codes_map_to_documented_classes(
    codevf: ModuleType,
    is_async: bool,
    legacy: bool,
    status: int,
    code: str,
    error: str,
    parent: str,
) -> None:
    message = f"{code} happened"
    if legacy:
        payload: dict[str, Any] = {"error": code, "status": status, "message": message}
    else:
        payload = {
            "error": {"code": code, "message": message, "status": status, "retryable": False}
        }

    async def body(t: Twin) -> None:
        if status == 404:
            t.off_spec = "every error code through one operation, which does not list 404"
        client = t.client(codevf, lambda r: reply(status, payload, **{"request-id": "req_1"}))
        with pytest.raises(getattr(codevf, error)) as raised:
            await t.call(client.tasks.create(PROMPT, 30, 123))
        exc = raised.value
        assert type(exc) is getattr(codevf, error)
        assert isinstance(exc, getattr(codevf, parent)) and isinstance(exc, codevf.APIError)
        assert (exc.status_code, exc.code, exc.message) == (status, code, message)
        assert exc.request_id == "req_1" and exc.body == payload
        assert len(t.requests) == 1  # non-retryable: sent once

    run(is_async, body)


def test_runtime_parses_legacy_and_current_error_bodies(codevf: ModuleType) -> None:
    from codevf._runtime._errors import parse_error_body

    assert parse_error_body({"error": "insufficient_scope", "status": 403}) == (
        "insufficient_scope",
        None,
    )
    assert parse_error_body(
        {
            "error": {
                "code": "invalid_mode",
                "message": "bad mode",
                "status": 400,
                "retryable": False,
            }
        }
    ) == ("invalid_mode", "bad mode")


@both
def test_documented_except_clauses(codevf: ModuleType, is_async: bool) -> None:
    from codevf.exceptions import APIError, AuthenticationError, RateLimitError

    limited = {
        "error": {"code": "rate_limited", "message": "slow down", "status": 429, "retryable": True}
    }
    answers = [
        reply(401, {"error": "token_expired", "status": 401}),
        *[reply(429, limited, **{"Retry-After": "1"})] * 3,
        reply(
            402,
            {
                "error": {
                    "code": "max_credits_exceeded",
                    "message": "need 77",
                    "status": 402,
                    "retryable": False,
                }
            },
        ),
    ]

    async def body(t: Twin) -> None:
        t.off_spec = "the documented except chain fed a 402 through projects.create"
        client = t.client(codevf, replies(*answers))
        caught = []
        for _ in range(3):
            try:
                await t.call(client.projects.create(name="New Project"))
            except AuthenticationError as e:
                caught.append(("auth", type(e).__name__))
            except RateLimitError as e:
                caught.append(("rate", e.retry_after))
            except APIError as e:
                caught.append(("api", e.message))
        assert caught == [
            ("auth", "TokenExpiredError"),
            ("rate", 1.0),
            ("api", "need 77"),
        ]
        assert t.sleeps == [1.0, 1.0]  # 429 retried twice after Retry-After, then raised

    run(is_async, body)


# --- helpers -------------------------------------------------------------------------------------


def test_calculate_final_credit_cost(codevf: ModuleType) -> None:
    calc, mode = codevf.calculate_final_credit_cost, codevf.ServiceMode
    estimated = calc(30, mode.FAST, Decimal("1.7"))
    assert estimated == 77 and type(estimated) is int
    assert f"Estimated credits held: {estimated}" == "Estimated credits held: 77"
    assert calc(30, "fast", 1.7) == 77  # a float multiplier counts as its decimal value
    assert calc(30) == 30 and calc(30, mode.STANDARD) == 30
    assert calc(30, mode.REALTIME_ANSWER, Decimal("1.7")) == 102
    assert calc(10, mode.FAST, Decimal("1.00")) == 15
    assert calc(1, mode.FAST) == 2  # 1.5 rounds up
    assert calc(3, mode.FAST, Decimal("1.1")) == 5  # 4.95 rounds up
    assert calc(20, mode.FAST, Decimal("1.1")) == 33  # exactly 33.0: no spurious rounding
    assert calc(1920, mode.REALTIME_ANSWER, Decimal("2")) == 7680
    with pytest.raises(codevf.InvalidMaxCreditsError, match="max_credits"):
        calc(0, mode.FAST)
    with pytest.raises(codevf.InvalidModeError, match="mode"):
        calc(30, "slow")
    with pytest.raises(codevf.InvalidTagError, match="tag_multiplier"):
        calc(30, mode.FAST, Decimal("0"))
    with pytest.raises(codevf.InvalidTagError, match="tag_multiplier"):
        calc(30, mode.FAST, float("nan"))


def test_validate_metadata(codevf: ModuleType) -> None:
    validate = codevf.validate_metadata
    data = {"environment": "production", "build_42": 42, "ratio": 0.5, "urgent": False}
    checked = validate(data)
    assert checked == data and type(checked) is dict
    assert validate({}) == {}
    bad = [
        ({"bad-key": "x"}, r"metadata key 'bad-key' must match \^\[A-Za-z0-9_\]\+\$"),
        ({"": "x"}, "metadata key '' must match"),
        ({"trailing\n": "x"}, "must match"),
        ({"k" * 65: "x"}, "65 characters; at most 64"),
        ({"nested": {"a": 1}}, r"metadata\['nested'\] must be a str, int, float or bool"),
        ({"items": [1, 2]}, r"metadata\['items'\].*got list"),
        ({"missing": None}, r"metadata\['missing'\].*got NoneType"),
        ({"long": "x" * 501}, "501 characters; string values may be at most 500"),
        ({"nan": float("nan")}, "finite"),
        ({f"k{i}": i for i in range(51)}, "51 keys; at most 50"),
        ({1: "x"}, "metadata key 1 must be a str"),
    ]
    for metadata, match in bad:
        with pytest.raises(codevf.InvalidMetadataError, match=match) as raised:
            validate(metadata)
        assert raised.value.code == "invalid_metadata"
    with pytest.raises(codevf.InvalidMetadataError, match="flat dict"):
        validate(["not", "a", "dict"])


# --- mock mode and the smoke script ----------------------------------------------------------


@both
def test_mock_mode_runs_the_documented_flow(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        cls = codevf.AsyncCodeVFClient if is_async else codevf.CodeVFClient
        client = cls(mock_mode=True)  # no key, no network
        client._api.sleep = t.client(codevf, lambda r: reply(500, {}))._api.sleep
        client._api.core.clock = lambda: t.now
        project = await t.call(client.projects.create(name="Data Analysis Pipeline"))
        task = await t.call(
            client.tasks.create(
                prompt=PROMPT,
                max_credits=30,
                project_id=project.id,
                mode=codevf.ServiceMode.FAST,
                tag_id=3,
                metadata=codevf.validate_metadata({"environment": "production"}),
            )
        )
        seen: list[str] = []
        done = await t.call(
            client.tasks.wait_for_completion(task.id, on_status=lambda x: seen.append(x.status))
        )
        assert seen == ["pending", "processing", "completed"] and done.deliverables
        assert project.id == 123 and task.credits_used == 77  # the name exists: reused
        balance = await t.call(client.credits.get_balance())
        # The documented balance (1500 total, 77 on hold) less this task's 77, now spent.
        assert (balance["available"], balance["total"]) == (1423 - 77, 1500 - 77)
        tags = await t.call(client.tags.list())
        assert [tag.id for tag in tags] == [1, 2, 3]
        cancelled = await t.call(client.tasks.cancel("task_2b7e41c9a0"))
        assert cancelled.status == "cancelled"
        assert t.requests == [] and t.sleeps[0] == 2.0

    run(is_async, body)


def test_integration_smoke_script_runs_in_mock_mode() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEVF_")}
    env.pop("PYTHONPATH", None)  # the script finds the package beside it
    result = subprocess.run(
        [sys.executable, str(SMOKE), "--mock"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    # The mock simulates the account: a new project and tasks get new ids, are polled through
    # their lifecycle, and their credit holds show in the balance (1500 total, 77 already held).
    project = re.search(r"Project: (\d+) 'SDK integration smoke test'", out)
    assert project and project.group(1) not in ("118", "123", "124") and "Tag 3 engineer" in out
    assert f"(retrieved {project.group(1)})" in out
    held = int(re.search(r"Estimated credits held: (\d+)", out).group(1))  # type: ignore[union-attr]
    assert f"pending ({held} credits held)" in out
    assert re.search(
        r"polled (task_\w+): pending\n.*polled \1: processing\n.*polled \1: completed", out
    )
    assert re.search(r"Cancelled task task_\w+: cancelled \(0 credits\)", out)
    assert f"Available: {1500 - 77 - held} credits (on hold: 77)" in out


def test_integration_smoke_script_needs_a_key() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEVF_")}
    result = subprocess.run(
        [sys.executable, str(SMOKE)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2 and "CODEVF_API_KEY" in result.stderr


def test_integration_smoke_script_against_a_server_at_codevf_base_url(codevf: ModuleType) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from codevf._mock import MockAPI
    from codevf._mock_routes import ROUTES

    api = MockAPI(ROUTES)  # the spec's examples, served over real HTTP
    seen: list[tuple[str, str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def serve(self) -> None:
            content = self.rfile.read(int(self.headers.get("content-length") or 0))
            path = self.path.split("?")[0]
            seen.append((self.command, path, self.headers.get("authorization", "")))
            request = httpx.Request(
                self.command,
                "http://local" + self.path,
                headers=dict(self.headers),
                content=content,
            )
            response = api.handle(request)
            body = response.content
            self.send_response(response.status_code)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = serve

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEVF_")}
    env["CODEVF_API_KEY"] = "sk_test_smoke"
    env["CODEVF_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    try:
        # The live cadence is kept, so poll for 4 s only: the task is then cancelled.
        result = subprocess.run(
            [sys.executable, str(SMOKE), "--timeout", "4"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"-> http://127.0.0.1:{server.server_port}" in result.stdout
    assert "after 4 s" in result.stdout and "cancelled so no credits stay on hold" in result.stdout
    assert "Available: 1423 credits" in result.stdout  # the cancelled task's hold is released
    assert {auth for _, _, auth in seen} == {"Bearer sk_test_smoke"}
    paths = {(method, re.sub(r"/(task_\w+|\d+)", "/ID", path)) for method, path, _ in seen}
    assert paths >= {
        ("POST", "/projects/create"),
        ("GET", "/projects/ID"),
        ("GET", "/projects"),
        ("GET", "/tags"),
        ("POST", "/tasks/create"),
        ("GET", "/tasks/ID"),
        ("GET", "/tasks/ID/deliverables"),
        ("POST", "/tasks/ID/cancel"),
        ("GET", "/tasks"),
        ("GET", "/credits/balance"),
    }


def test_fifty_concurrent_waits_on_one_request_per_second_draw_no_429(codevf: ModuleType) -> None:
    """The documented 1 request/second limit, enforced the way the service would: a request
    less than a second after the previous one is answered 429. Fifty waits share one client."""
    from tests.support.clock import VirtualTime

    async def body(t: Twin) -> None:
        clock = VirtualTime()
        last = [float("-inf")]
        polls: dict[str, int] = {}
        too_fast: list[float] = []

        def service(request: httpx.Request) -> httpx.Response:
            if clock.now - last[0] < 1.0 - 1e-9:  # float noise in virtual time, not a race
                too_fast.append(clock.now)
                return reply(
                    429,
                    {
                        "error": {
                            "code": "rate_limited",
                            "message": "slow down",
                            "status": 429,
                            "retryable": True,
                        }
                    },
                    **{"Retry-After": "1"},
                )
            last[0] = clock.now
            task_id = request.url.path.rsplit("/", 1)[-1]
            polls[task_id] = polls.get(task_id, 0) + 1
            status = "completed" if polls[task_id] >= 2 else "processing"
            return reply(200, task_body(status=status, mode="fast", id=task_id))

        client = t.client(codevf, service)
        client._api.core.clock = lambda: clock.now
        client._api.sleep = clock.sleep
        waits = [client.tasks.wait_for_completion(f"task_{i}") for i in range(50)]
        results = await clock.drive(asyncio.gather(*waits))
        assert [r.status for r in results] == [codevf.TaskStatus.COMPLETED] * 50
        assert too_fast == []  # not one 429 drawn
        assert sum(polls.values()) == 100

    run(True, body)
