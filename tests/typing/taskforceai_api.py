"""The documented TaskForceAI Python SDK surface, type-checked (never run)."""

from __future__ import annotations

import asyncio
from typing import Optional

import httpx
from taskforceai import (
    AsyncTaskForceAIClient,
    AsyncTaskStream,
    TaskForceAIClient,
    TaskForceAIError,
    TaskStream,
    ValidationError,
    WaitFailedError,
    WaitTimeoutError,
)
from taskforceai.models import (
    ModelList,
    TaskResult,
    TaskStatusResponse,
    Thread,
    ThreadRun,
    UploadedFile,
)


def on_status(status: TaskStatusResponse) -> None:
    print(status["status"], status.get("result"))


def hook(response: httpx.Response) -> None:
    print(response.headers.get("x-ratelimit-remaining"), response.headers.get("request-id"))


def sync_surface() -> None:
    client = TaskForceAIClient(api_key="your-api-key", response_hook=hook)

    task_id: str = client.submit_task("Analyze the security posture of this repository.")
    status: TaskStatusResponse = client.wait_for_completion(task_id)
    print(status["result"])
    client.submit_task("Draft a quarterly strategy update.", vercel_ai_key="sk-vercel-key")
    client.submit_task("Do a full repository risk review", options={"agents": 4, "budget": 12})
    client.submit_task("p", options=None, silent=None, mock=None, vercel_ai_key=None)
    client.submit_task("p", silent=True, mock=True)

    current: TaskStatusResponse = client.get_task_status(task_id)
    outcome: TaskResult = client.get_task_result(task_id)
    result_text: Optional[str] = outcome.result
    print(current.status, result_text)
    waited: TaskStatusResponse = client.wait_for_completion(
        task_id, poll_interval=2.0, max_attempts=150, on_status=on_status
    )
    client.wait_for_completion(task_id, 1.0, 10, on_status)
    print(waited.result)

    ran: TaskStatusResponse = client.run_task(
        "Test your integration",
        options={"modelId": "xai/grok-4.1"},
        poll_interval=1.0,
        max_attempts=10,
        on_status=on_status,
    )
    print(ran.result, ran["result"])

    for update in client.stream_task_status(task_id, poll_interval=1.0, on_status=on_status):
        print(update.status)
    polled = client.stream_task_status(task_id)
    polled.cancel()

    stream: TaskStream = client.run_task_stream("Map open security issues", poll_interval=0.5)
    for item in stream:
        print(f"{item['status']}: {item.get('result')}")
    stream.cancel()
    submitted: Optional[str] = stream.task_id
    print(submitted)

    models: ModelList = client.models.list()
    thread: Thread = client.threads.create(title="Review")
    run: ThreadRun = client.threads.create_run(thread.thread_id, "Which first?")
    uploaded: UploadedFile = client.files.upload(("a.pdf", b"%PDF-", "application/pdf"))
    for event in client.stream.subscribe(run.task_id):
        print(event.type)
    print(models.models, uploaded.file_id, client.rate_limit, client.last_request_id)

    mock = TaskForceAIClient(mock_mode=True)
    print(mock.run_task("Test your integration").result)

    try:
        client.get_task_status("missing")
    except WaitFailedError as failed:
        print(failed.last, failed.status)
    except WaitTimeoutError as timed_out:
        print(timed_out.status)
    except ValidationError as invalid:
        print(invalid.field, invalid.rule)
    except TaskForceAIError as error:
        code: Optional[int] = error.status_code
        print(code)

    with TaskForceAIClient(base_url="http://localhost:4321/api/developer") as local:
        local.get_task_status("t")
        local.run_task("the context manager keeps the subclass type")

    # Misuse that must be rejected.
    client.submit_task("p", "positional options")  # type: ignore[call-arg, arg-type]
    client.submit_task(prompt=42)  # type: ignore[arg-type]
    bad: int = client.submit_task("p")  # type: ignore[assignment]
    client.run_task("p", poll_interval="fast")  # type: ignore[arg-type]
    print(bad)


async def async_surface() -> None:
    async with AsyncTaskForceAIClient(api_key="your-api-key", response_hook=hook) as client:
        result: TaskStatusResponse = await client.run_task("Summarize the latest launch notes.")
        print(result["result"])
        task_id: str = await client.submit_task("p", options={"agents": 2}, silent=True)
        status: TaskStatusResponse = await client.get_task_status(task_id)
        outcome: TaskResult = await client.get_task_result(task_id)
        done: TaskStatusResponse = await client.wait_for_completion(
            task_id, poll_interval=2.0, max_attempts=150, on_status=on_status
        )
        print(status, outcome, done)

        async for update in client.stream_task_status(task_id, on_status=on_status):
            print(update.status)

        stream: AsyncTaskStream = client.run_task_stream("Map open issues", poll_interval=0.5)
        async for item in stream:
            print(item["status"])
        stream.cancel()

        models: ModelList = await client.models.list()
        thread: Thread = await client.threads.create()
        run: ThreadRun = await client.threads.create_run(thread.thread_id, "next")
        uploaded: UploadedFile = await client.files.upload(b"a,b\n1,2\n")
        async for event in client.stream.subscribe(run.task_id):
            print(event.type)
        print(models, uploaded)

        # Misuse that must be rejected.
        not_awaited: str = client.submit_task("p")  # type: ignore[assignment]
        for wrong in client.run_task_stream("p"):  # type: ignore[attr-defined]
            print(wrong)
        print(not_awaited)


asyncio.run(async_surface())
