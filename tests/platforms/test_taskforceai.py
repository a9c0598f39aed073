"""The TaskForceAI SDK (generated/taskforceai) against its documentation, sync and async.

Each test body runs twice, against ``TaskForceAIClient`` and ``AsyncTaskForceAIClient``, through
``httpx.MockTransport``; sleeps and the clock are virtual, so polling runs instantly.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from tests.support.packages import import_generated
from tests.support.twins import Twin, both, run

SRC = Path(__file__).resolve().parents[2] / "generated" / "taskforceai" / "src"
MOCK_TEXT = "This is a mock response. Configure your API key to get real results."
TASK = "task_7f9c2b1e4a6d4c0e"
PROD = "https://taskforceai.chat"
LOCAL = "http://localhost:4321/api/developer"


@pytest.fixture(scope="module")
def tf() -> Iterator[ModuleType]:
    yield import_generated("taskforceai")


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TASKFORCEAI_API_KEY", "TASKFORCEAI_BASE_URL", "TASKFORCEAI_LOG"):
        monkeypatch.delenv(name, raising=False)


def reply(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def status_body(status: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"taskId": TASK, "status": status, "result": None, "error": None}
    body.update(extra)
    return body


def task_server(statuses: list[str], result: str = "done!", error: str = "agents crashed") -> Any:
    """POST /run answers the task id; each GET /status answers the next status in turn."""
    answers = iter(statuses)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/run"):
            return reply(202, {"taskId": TASK, "status": "processing", "message": "ok"})
        state = next(answers)
        return reply(
            200,
            status_body(
                state,
                result=result if state == "completed" else None,
                error=error if state == "failed" else None,
            ),
        )

    return handler


def virtual_mock_client(tf: ModuleType, t: Twin) -> Any:
    """A ``mock_mode=True`` client (its own in-process transport) with the twin's virtual
    sleep and clock, so the simulated lifecycle runs instantly."""
    cls = tf.AsyncTaskForceAIClient if t.is_async else tf.TaskForceAIClient
    client = cls(mock_mode=True)
    recorder = t.client(tf, lambda r: reply(500, {}))
    client._api.sleep = recorder._api.sleep
    client._api.core.clock = recorder._api.core.clock
    return client


# -- submit / status / result ---------------------------------------------------------------------


@both
def test_submit_task_sends_prompt_and_only_given_options(tf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, task_server([]))
        task_id = await t.call(client.submit_task("Analyze the security posture of this repo."))
        assert task_id == TASK and isinstance(task_id, str)
        request = t.requests[0]
        assert request.method == "POST"
        assert str(request.url) == f"{PROD}/api/developer/run"
        assert request.headers["x-api-key"] == "sk-test-secret"
        assert request.headers["content-type"] == "application/json"
        # silent / mock / vercel_ai_key default to None and are left out, not sent as false.
        assert json.loads(request.content) == {
            "prompt": "Analyze the security posture of this repo."
        }

        await t.call(
            client.submit_task(
                "Draft a quarterly strategy update.", vercel_ai_key="sk-vercel-your-gateway-key"
            )
        )
        assert json.loads(t.requests[1].content) == {
            "prompt": "Draft a quarterly strategy update.",
            "vercelAiKey": "sk-vercel-your-gateway-key",
        }
        await t.call(
            client.submit_task(
                "Do a full repository risk review",
                options={"agents": 4, "budget": 12, "modelId": "xai/grok-4.1"},
                silent=True,
                mock=False,
            )
        )
        assert json.loads(t.requests[2].content) == {
            "prompt": "Do a full repository risk review",
            "options": {"agents": 4, "budget": 12, "modelId": "xai/grok-4.1"},
            "silent": True,
            "mock": False,
        }
        from taskforceai.models import TaskOptions

        await t.call(
            client.submit_task("p", options=TaskOptions(model_id="m", file_ids=["file_1"]))
        )
        assert json.loads(t.requests[3].content)["options"] == {
            "modelId": "m",
            "fileIds": ["file_1"],
        }

    run(is_async, body)


@both
def test_documented_signatures(tf: ModuleType, is_async: bool) -> None:
    cls = tf.AsyncTaskForceAIClient if is_async else tf.TaskForceAIClient

    def params(name: str) -> list[tuple[str, str, Any]]:
        sig = inspect.signature(getattr(cls, name))
        return [(p.name, p.kind.name, p.default) for p in list(sig.parameters.values())[1:]]

    empty = inspect.Parameter.empty
    assert params("submit_task")[:5] == [
        ("prompt", "POSITIONAL_OR_KEYWORD", empty),
        ("options", "KEYWORD_ONLY", None),
        ("silent", "KEYWORD_ONLY", None),
        ("mock", "KEYWORD_ONLY", None),
        ("vercel_ai_key", "KEYWORD_ONLY", None),
    ]
    assert params("get_task_status")[0] == ("task_id", "POSITIONAL_OR_KEYWORD", empty)
    assert params("get_task_result")[0] == ("task_id", "POSITIONAL_OR_KEYWORD", empty)
    waiter = [
        ("task_id", "POSITIONAL_OR_KEYWORD", empty),
        ("poll_interval", "POSITIONAL_OR_KEYWORD", 2.0),
        ("max_attempts", "POSITIONAL_OR_KEYWORD", 150),
        ("on_status", "POSITIONAL_OR_KEYWORD", None),
    ]
    assert params("wait_for_completion") == waiter
    assert params("stream_task_status") == waiter
    helper = [
        ("prompt", "POSITIONAL_OR_KEYWORD", empty),
        ("options", "KEYWORD_ONLY", None),
        ("silent", "KEYWORD_ONLY", None),
        ("mock", "KEYWORD_ONLY", None),
        ("vercel_ai_key", "KEYWORD_ONLY", None),
        ("poll_interval", "KEYWORD_ONLY", 2.0),  # the same defaults as wait_for_completion
        ("max_attempts", "KEYWORD_ONLY", 150),
        ("on_status", "KEYWORD_ONLY", None),
    ]
    assert params("run_task") == helper
    assert params("run_task_stream") == helper
    coroutines = {"submit_task", "get_task_status", "get_task_result", "wait_for_completion"}
    for name in coroutines | {"run_task"}:
        assert inspect.iscoroutinefunction(getattr(cls, name)) is is_async, name
    # Iterators are returned directly (no await) in both clients.
    for name in ("stream_task_status", "run_task_stream"):
        assert not inspect.iscoroutinefunction(getattr(cls, name)), name
    init = inspect.signature(cls.__init__).parameters
    assert init["api_key"].default is None and init["mock_mode"].default is False
    assert init["response_hook"].default is None and init["base_url"].default is None


@both
def test_get_task_status_and_result_read_like_dicts(tf: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "/status/" in request.url.path:
            return reply(
                200,
                status_body(
                    "completed",
                    result="42",
                    createdAt="2025-11-20T14:03:12Z",
                    updatedAt="2025-11-20T14:03:41Z",
                ),
            )
        return reply(200, {"taskId": TASK, "status": "processing", "result": None})

    async def body(t: Twin) -> None:
        client = t.client(tf, handler)
        status = await t.call(client.get_task_status(TASK))
        assert t.requests[0].method == "GET"
        assert str(t.requests[0].url) == f"{PROD}/api/developer/status/{TASK}"
        assert t.requests[0].headers["x-api-key"] == "sk-test-secret"
        assert status["result"] == "42" == status.result == status.get("result")
        assert status["status"] == "completed" and status.status is tf.TaskStatus.COMPLETED
        assert status.task_id == TASK == status["taskId"]
        assert status.created_at == dt.datetime(2025, 11, 20, 14, 3, 12, tzinfo=dt.timezone.utc)
        assert status.get("error") is None and "error" not in status

        result = await t.call(client.get_task_result("task/../x"))
        assert t.requests[1].url.raw_path == b"/api/developer/results/task%2F..%2Fx"
        assert result["status"] == "processing" and result["result"] is None
        assert result.get("result", "pending") == "pending"

    run(is_async, body)


# -- waiting and streaming ------------------------------------------------------------------------


@both
def test_wait_for_completion_polls_every_2s_and_reports_changes(
    tf: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, task_server(["processing", "processing", "completed"]))
        seen: list[str] = []
        status = await t.call(
            client.wait_for_completion(TASK, on_status=lambda s: seen.append(s["status"]))
        )
        assert status["result"] == "done!" and status.status == "completed"
        assert seen == ["processing", "completed"]  # on every change, the first poll included
        assert t.sleeps == [2.0, 2.0]  # first poll at once, then the documented 2 s
        assert [r.url.path for r in t.requests] == [f"/api/developer/status/{TASK}"] * 3
        assert all(r.method == "GET" for r in t.requests)

    run(is_async, body)


@both
def test_wait_on_a_failed_task_raises_with_the_last_status(tf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, task_server(["processing", "failed"]))
        with pytest.raises(tf.WaitFailedError) as failed:
            await t.call(client.wait_for_completion(TASK, poll_interval=1.0))
        error = failed.value
        assert isinstance(error, tf.TaskForceAIError) and isinstance(error, tf.WaitError)
        assert error.status == "failed" and error.last["status"] == "failed"
        assert error.last.error == "agents crashed" and error.status_code is None
        assert t.sleeps == [1.0]

    run(is_async, body)


@both
def test_wait_gives_up_after_150_polls_by_default(tf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, task_server(["processing"] * 200))
        with pytest.raises(tf.WaitTimeoutError) as exhausted:
            await t.call(client.wait_for_completion(TASK))
        assert isinstance(exhausted.value, tf.TaskForceAIError)
        assert exhausted.value.status == "processing"
        assert exhausted.value.last.status == "processing"
        assert len(t.requests) == 150 and t.sleeps == [2.0] * 149

        t.requests.clear()
        client = t.client(tf, task_server(["processing"] * 10))
        with pytest.raises(tf.WaitTimeoutError):
            await t.call(client.wait_for_completion(TASK, 0.5, 3))  # positional, as documented
        assert len(t.requests) == 3

    run(is_async, body)


@both
def test_wait_honours_retry_after_and_the_client_budget(tf: ModuleType, is_async: bool) -> None:
    statuses = iter(["processing", "completed"])

    def handler(request: httpx.Request) -> httpx.Response:
        return reply(200, status_body(next(statuses)), **{"Retry-After": "5"})

    async def body(t: Twin) -> None:
        client = t.client(tf, handler)
        await t.call(client.wait_for_completion(TASK))
        assert t.sleeps == [5.0]  # the server's hint stretches the 2 s cadence

        # 120 requests per 60 s per client: polls are never closer than 0.5 s.
        t.sleeps.clear()
        client = t.client(tf, task_server(["processing", "processing", "completed"]))
        await t.call(client.wait_for_completion(TASK, poll_interval=0.0))
        assert t.sleeps == [0.5, 0.5]

    run(is_async, body)


@both
def test_stream_task_status_yields_each_poll_and_cancels(tf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, task_server(["processing", "processing", "completed"]))
        seen: list[str] = []
        stream = client.stream_task_status(TASK, on_status=lambda s: seen.append(s.status))
        statuses = await t.collect(stream)  # `async for` straight on the result
        assert [s["status"] for s in statuses] == ["processing", "processing", "completed"]
        assert statuses[-1].get("result") == "done!"
        assert seen == ["processing", "completed"] and t.sleeps == [2.0, 2.0]

        t.requests.clear()
        client = t.client(tf, task_server(["processing"] * 10))
        stream = client.stream_task_status(TASK, poll_interval=1.0)
        first = await t.collect(stream, limit=2)
        stream.cancel()
        assert len(first) == 2 and await t.collect(stream) == []
        assert len(t.requests) == 2  # nothing polled after cancel()

        client = t.client(tf, task_server(["processing", "failed"]))
        stream = client.stream_task_status(TASK, poll_interval=1.0)
        got: list[Any] = []
        with pytest.raises(tf.WaitFailedError) as failed:
            if is_async:
                async for status in stream:
                    got.append(status)
            else:
                for status in stream:
                    got.append(status)
        assert [s.status for s in got] == ["processing", "failed"]  # the failure is yielded first
        assert failed.value.last.error == "agents crashed"

    run(is_async, body)


@both
def test_run_task_submits_then_waits(tf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, task_server(["processing", "completed"]))
        seen: list[str] = []
        result = await t.call(
            client.run_task(
                "Summarize the latest launch notes.",
                options={"modelId": "xai/grok-4.1"},
                silent=True,
                mock=True,
                vercel_ai_key="sk-vercel",
                poll_interval=3.0,
                max_attempts=5,
                on_status=lambda s: seen.append(s.status),
            )
        )
        assert result["result"] == "done!" == result.result
        submit, *polls = t.requests
        assert (submit.method, submit.url.path) == ("POST", "/api/developer/run")
        assert json.loads(submit.content) == {
            "prompt": "Summarize the latest launch notes.",
            "options": {"modelId": "xai/grok-4.1"},
            "silent": True,
            "mock": True,
            "vercelAiKey": "sk-vercel",
        }
        assert [p.url.path for p in polls] == [f"/api/developer/status/{TASK}"] * 2
        assert seen == ["processing", "completed"] and t.sleeps == [3.0]

        client = t.client(tf, task_server(["failed"]))
        with pytest.raises(tf.WaitFailedError) as failed:
            await t.call(client.run_task("boom"))
        assert failed.value.status == "failed"

    run(is_async, body)


@both
def test_run_task_stream_submits_on_first_iteration(tf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, task_server(["processing", "processing", "completed"]))
        stream = client.run_task_stream("Map open security issues", poll_interval=0.5)
        assert t.requests == [] and stream.task_id is None  # nothing sent before iterating
        lines = [f"{s['status']}: {s.get('result')}" for s in await t.collect(stream)]
        assert lines == ["processing: None", "processing: None", "completed: done!"]
        assert stream.task_id == TASK and stream.last.status == "completed"
        assert t.sleeps == [0.5, 0.5]  # the documented poll_interval=0.5 is kept
        assert t.requests[0].method == "POST"
        assert json.loads(t.requests[0].content) == {"prompt": "Map open security issues"}
        assert [r.url.path for r in t.requests[1:]] == [f"/api/developer/status/{TASK}"] * 3

        # cancel() before iterating: no task is submitted at all.
        t.requests.clear()
        stream = client.run_task_stream("never sent")
        stream.cancel()
        assert await t.collect(stream) == [] and t.requests == []

        # cancel() mid-way stops polling locally.
        client = t.client(tf, task_server(["processing"] * 10))
        seen: list[str] = []
        stream = client.run_task_stream(
            "x", options={"agents": 2}, poll_interval=1.0, on_status=lambda s: seen.append(s.status)
        )
        assert len(await t.collect(stream, limit=2)) == 2
        stream.cancel()
        assert await t.collect(stream) == []
        assert len(t.requests) == 3 and seen == ["processing"]  # 1 submit + 2 polls
        assert json.loads(t.requests[0].content)["options"] == {"agents": 2}

        # The context manager cancels on exit.
        if is_async:
            async with client.run_task_stream("y") as managed:
                pass
        else:
            with client.run_task_stream("y") as managed:
                pass
        assert await t.collect(managed) == []

    run(is_async, body)


@both
def test_helpers_validate_polling_arguments_before_submitting(
    tf: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, task_server(["completed"]))
        bad: list[tuple[str, Any]] = [
            ("poll_interval", -1.0),
            ("poll_interval", float("nan")),
            ("poll_interval", "2"),
            ("max_attempts", 0),
            ("max_attempts", 2.5),
            ("max_attempts", True),
        ]
        for field, value in bad:
            for method in (client.run_task, client.run_task_stream):
                with pytest.raises(tf.ValidationError) as info:
                    await t.call(method("x", **{field: value}))
                error = info.value
                assert isinstance(error, tf.TaskForceAIError) and isinstance(error, ValueError)
                assert error.field == field and field in str(error)
                assert ">=" in error.rule and error.status_code is None
        assert t.requests == []  # rejected before anything was sent

    run(is_async, body)


# -- mock mode ------------------------------------------------------------------------------------


@both
def test_mock_mode_needs_no_key_and_simulates_the_lifecycle(tf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        with pytest.raises(tf.TaskForceAIError, match="TASKFORCEAI_API_KEY"):
            (tf.AsyncTaskForceAIClient if is_async else tf.TaskForceAIClient)()
        client = virtual_mock_client(tf, t)
        seen: list[str] = []
        result = await t.call(
            client.run_task("Test your integration", on_status=lambda s: seen.append(s.status))
        )
        assert result.result == MOCK_TEXT == result["result"]
        assert seen == ["processing", "completed"]
        assert t.sleeps == [2.0]

        client = virtual_mock_client(tf, t)
        stream = client.run_task_stream("Test your integration", poll_interval=0.5)
        assert [s.status for s in await t.collect(stream)] == ["processing", "completed"]
        assert (await t.call(client.get_task_result(TASK))).result == MOCK_TEXT
        models = await t.call(client.models.list())
        assert models.models[0].id == "xai/grok-4.1"
        thread = await t.call(client.threads.create(title="t"))
        assert thread.thread_id.startswith("thread_")
        assert client.last_response.headers["x-mock"] == "true"
        assert t.requests == []  # the handler never saw a request: no network at all

    run(is_async, body)


# -- errors, headers, hooks -----------------------------------------------------------------------

ERROR_CASES = [
    (400, "bad_request", "BadRequestError"),
    (401, "unauthorized", "AuthenticationError"),
    (404, "not_found", "NotFoundError"),
    (413, "payload_too_large", "PayloadTooLargeError"),
    (429, "rate_limit_exceeded", "RateLimitError"),
    (500, "internal_error", "InternalServerError"),
]


@both
@pytest.mark.parametrize(("status", "code", "class_name"), ERROR_CASES)
def test_error_statuses_raise_taskforceai_errors(
    tf: ModuleType, is_async: bool, status: int, code: str, class_name: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"error": {"code": code, "message": f"{code} happened"}}
        return reply(status, body, **{"request-id": "req_1", "Retry-After": "7"})

    async def body(t: Twin) -> None:
        if status == 413:
            t.off_spec = "every error status through one operation, which does not list 413"
        client = t.client(tf, handler, max_retries=0)
        with pytest.raises(tf.TaskForceAIError) as info:
            await t.call(client.get_task_status(TASK))
        error = info.value
        assert type(error) is getattr(tf, class_name) and isinstance(error, tf.APIError)
        assert error.status_code == status and error.code == code
        assert error.message == f"{code} happened" and error.request_id == "req_1"
        assert error.body == {"error": {"code": code, "message": f"{code} happened"}}
        assert "sk-test-secret" not in str(error)
        if status == 429:
            assert error.retry_after == 7.0

    run(is_async, body)


@both
def test_retries_429_and_5xx_on_reads_and_on_submit_with_its_idempotency_key(
    tf: ModuleType, is_async: bool
) -> None:
    answers = iter(
        [
            reply(429, {"error": {"code": "rate_limit_exceeded", "message": "x"}},
                  **{"Retry-After": "3"}),
            reply(500, {"error": {"code": "internal_error", "message": "x"}}),
            reply(200, status_body("completed", result="ok")),
            reply(500, {"error": {"code": "internal_error", "message": "boom"}}),
            reply(202, {"taskId": TASK, "status": "processing", "message": "queued"}),
        ]
    )  # fmt: skip

    async def body(t: Twin) -> None:
        client = t.client(tf, lambda r: next(answers))
        client._api.core.random = lambda: 0.0
        assert (await t.call(client.get_task_status(TASK))).result == "ok"
        assert t.sleeps == [3.0, 1.0] and len(t.requests) == 3
        # A POST carrying an Idempotency-Key (x-sdk-idempotency) is safe to replay after a 500:
        # the server answers the first result for the same key.
        assert await t.call(client.submit_task("once")) == TASK
        first, second = t.requests[3:]
        assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
        uuid.UUID(first.headers["Idempotency-Key"], version=4)

    run(is_async, body)


@both
def test_rate_limit_headers_request_id_and_response_hook(tf: ModuleType, is_async: bool) -> None:
    headers = {
        "request-id": "req_01jd8x",
        "x-ratelimit-remaining": "1",
        "x-ratelimit-reset": "1763650800",
    }

    async def body(t: Twin) -> None:
        hooked: list[httpx.Response] = []
        client = t.client(
            tf,
            lambda r: reply(202, {"taskId": TASK, "status": "processing"}, **headers),
            response_hook=hooked.append,
        )
        assert client.rate_limit is None and client.last_request_id is None
        await t.call(client.submit_task("p"))
        await t.call(client.submit_task("q"))
        assert len(hooked) == 2 and all(isinstance(r, httpx.Response) for r in hooked)
        assert hooked[0].headers["x-ratelimit-remaining"] == "1"
        assert client.last_request_id == "req_01jd8x"
        assert client.rate_limit.remaining == 1 and client.rate_limit.reset == 1763650800.0

    run(is_async, body)


# -- the /api/v1 platform endpoints ---------------------------------------------------------------

MODEL = {
    "id": "xai/grok-4.1",
    "name": "Grok 4.1",
    "provider": "xai",
    "capabilities": ["text", "reasoning"],
    "contextWindow": 256000,
    "premium": False,
}


def v1_server(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/models"):
        return reply(200, {"models": [MODEL]})
    if path.endswith("/runs"):
        return reply(202, {"taskId": TASK, "threadId": "thread_1", "status": "processing"})
    if path.endswith("/threads"):
        return reply(
            201, {"threadId": "thread_1", "title": None, "createdAt": "2025-11-20T14:02:55Z"}
        )
    if path.endswith("/files"):
        return reply(
            201,
            {
                "fileId": "file_1",
                "filename": "audit.pdf",
                "contentType": "application/pdf",
                "sizeBytes": 5,
                "createdAt": "2025-11-20T14:01:30Z",
            },
        )
    if path.endswith("/run"):
        return reply(202, {"taskId": TASK, "status": "processing"})
    return reply(404, {"error": {"code": "not_found", "message": path}})


@both
def test_local_base_url_serves_developer_and_v1_endpoints(tf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, v1_server, base_url=LOCAL)
        assert client.base_url == LOCAL
        await t.call(client.submit_task("p"))
        models = await t.call(client.models.list())
        thread = await t.call(client.threads.create(title="Review", metadata={"repo": "a/b"}))
        run_ = await t.call(
            client.threads.create_run("thread_1", "Which first?", options={"modelId": "m"})
        )
        urls = [(r.method, str(r.url)) for r in t.requests]
        assert urls == [
            ("POST", "http://localhost:4321/api/developer/run"),
            ("GET", "http://localhost:4321/api/v1/models"),
            ("POST", "http://localhost:4321/api/v1/developer/threads"),
            ("POST", "http://localhost:4321/api/v1/developer/threads/thread_1/runs"),
        ]
        assert all(r.headers["x-api-key"] == "sk-test-secret" for r in t.requests)
        assert models.models[0]["contextWindow"] == 256000 and models["models"][0].premium is False
        assert json.loads(t.requests[2].content) == {"title": "Review", "metadata": {"repo": "a/b"}}
        assert thread.thread_id == "thread_1" and thread["title"] is None
        assert json.loads(t.requests[3].content) == {
            "prompt": "Which first?",
            "options": {"modelId": "m"},
        }
        assert (run_.task_id, run_["threadId"], run_.status) == (TASK, "thread_1", "processing")

        # The default base URL derives https://taskforceai.chat/api/v1 the same way.
        t.requests.clear()
        await t.call(t.client(tf, v1_server).models.list())
        assert str(t.requests[0].url) == f"{PROD}/api/v1/models"

    run(is_async, body)


@both
def test_file_upload_is_multipart(tf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(tf, v1_server)
        uploaded = await t.call(client.files.upload(("audit.pdf", b"%PDF-", "application/pdf")))
        request = t.requests[0]
        assert (request.method, str(request.url)) == ("POST", f"{PROD}/api/v1/files")
        assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
        assert b'name="file"; filename="audit.pdf"' in request.content
        assert b"Content-Type: application/pdf" in request.content and b"%PDF-" in request.content
        assert uploaded.file_id == "file_1" and uploaded["contentType"] == "application/pdf"
        assert uploaded.content_type is tf.FileContentType.APPLICATION_PDF

    run(is_async, body)


SSE = (
    b": keep-alive\n\n"
    b'event: status\ndata: {"type": "status", "taskId": "t1", "status": "processing",'
    b' "timestamp": "2025-11-20T14:03:12Z"}\n\n'
    b'event: agent_output\ndata: {"type": "agent_output", "taskId": "t1", "agentId": "a1",'
    b' "content": "scanning", "timestamp": "2025-11-20T14:03:20Z"}\n\n'
    b": keep-alive\n\n"
    b'event: result\ndata: {"type": "result", "taskId": "t1", "result": "done",'
    b' "timestamp": "2025-11-20T14:03:41Z"}\n\n'
)


@both
def test_orchestrator_sse_stream(tf: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=SSE, headers={"content-type": "text/event-stream"})

    async def body(t: Twin) -> None:
        client = t.client(tf, handler, base_url=LOCAL)
        stream = await t.call(client.stream.subscribe("t1"))
        events = await t.collect(stream)
        assert str(t.requests[0].url) == "http://localhost:4321/api/v1/stream/t1"
        assert t.requests[0].headers["x-api-key"] == "sk-test-secret"
        assert [type(e).__name__ for e in events] == [
            "StatusEvent",
            "AgentOutputEvent",
            "ResultEvent",
        ]
        assert events[0].status == "processing" and events[1]["content"] == "scanning"
        assert events[2].result == "done" and events[2]["type"] == "result"

    run(is_async, body)


# -- construction ---------------------------------------------------------------------------------


@both
def test_key_from_environment_and_context_managers(
    tf: ModuleType, is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TASKFORCEAI_API_KEY", "sk-from-env")

    async def body(t: Twin) -> None:
        client = t.client(tf, task_server([]), api_key=None)
        if is_async:
            async with client as entered:
                await entered.submit_task("p")
        else:
            with client as entered:
                entered.submit_task("p")
        assert entered is client
        assert t.requests[0].headers["x-api-key"] == "sk-from-env"
        assert "sk-from-env" not in repr(client)

    run(is_async, body)


def test_documented_names_import_from_the_package(tf: ModuleType) -> None:
    from taskforceai import AsyncTaskForceAIClient, TaskForceAIClient, TaskForceAIError

    assert issubclass(AsyncTaskForceAIClient, tf._client.AsyncTaskForceAIClient)
    assert issubclass(TaskForceAIClient, tf._client.TaskForceAIClient)
    for name in (
        "APIError", "BadRequestError", "AuthenticationError", "NotFoundError",
        "PayloadTooLargeError", "RateLimitError", "InternalServerError", "WaitError",
        "WaitFailedError", "WaitTimeoutError", "ValidationError", "APIConnectionError",
    ):  # fmt: skip
        assert issubclass(getattr(tf, name), TaskForceAIError), name
    assert (
        tf.TaskStream.__name__ == "TaskStream" and tf.AsyncTaskStream.__name__ == "AsyncTaskStream"
    )
    hook: Callable[[httpx.Response], None] = lambda r: None  # noqa: E731
    client = TaskForceAIClient(api_key="k", response_hook=hook)
    assert isinstance(client.run_task_stream("p"), tf.TaskStream)
    client.close()
