"""The documented CodeVF SDK surface (seed 001), type-checked under mypy --strict."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path
from typing import Any

from codevf import (
    AsyncCodeVFClient,
    Attachment,
    CodeVFClient,
    CreditBalance,
    Project,
    ServiceMode,
    Tag,
    TaskResponse,
    attachment_from_bytes,
    attachment_from_path,
    calculate_final_credit_cost,
    validate_metadata,
)
from codevf.exceptions import (
    APIError,
    AttachmentLimitExceededError,
    AttachmentTooLargeError,
    AuthenticationError,
    IdempotencyConflictError,
    InsufficientScopeError,
    InvalidMetadataError,
    InvalidModeError,
    InvalidTagError,
    MaxCreditsExceededError,
    RateLimitError,
    TokenExpiredError,
    WaitFailedError,
    WaitTimeoutError,
)
from codevf.models import Deliverable, ProjectList, TaskList, TaskSummary

client = CodeVFClient(api_key="sk_test_...")
client_from_env = CodeVFClient()

project: Project = client.projects.create(
    name="Data Analysis Pipeline", description="Automating pandas-based processing scripts"
)
print(f"Created Project ID: {project.id}")
project_id: int = project.id
same: Project = client.projects.create("Data Analysis Pipeline")
projects: ProjectList = client.projects.list(page=1, page_size=20, name="Data Analysis Pipeline")
total: int = projects.total
fetched: Project = client.projects.retrieve(project.id)
for each_project in client.projects.iter_list(page_size=50):
    listed_project: Project = each_project

metadata = validate_metadata({"environment": "production"})
project_tag = 3
task: TaskResponse = client.tasks.create(
    prompt="Refactor this script to use vectorized operations.",
    max_credits=30,
    project_id=project.id,
    mode=ServiceMode.FAST,
    metadata=metadata,
    tag_id=project_tag,
    attachments=[
        {
            "fileName": "process.py",
            "mimeType": "text/x-python",
            "content": "for i in range(len(df)): df.iloc[i] = df.iloc[i] * 2",
        }
    ],
)
from_file: Attachment = attachment_from_path(Path("process.py"))
from_text: Attachment = attachment_from_path("notes.txt", mime_type="text/plain")
from_bytes: Attachment = attachment_from_bytes("shot.png", b"\x89PNG", "image/png")
positional: TaskResponse = client.tasks.create(
    "Refactor this script to use vectorized operations.",
    30,
    project.id,
    "standard",
    {"n": 1, "ratio": 0.5, "ok": True},
    None,
    [from_file, from_bytes],
    idempotency_key="3f9c1b2e-7d4a-4c8e-9b61-2a5d8e0f4c17",
)
status: TaskResponse = client.tasks.retrieve(task.id)
print(f"Task Status: {status.status}")
task_id: str = task.id
done: TaskResponse = client.tasks.wait_for_completion(task.id, timeout=3600)
done_quickly: TaskResponse = client.tasks.wait_for_completion(
    task.id, poll_interval=5.0, timeout=None, on_status=lambda t: print(t.status)
)
cancelled: TaskResponse = client.tasks.cancel(task.id)
tasks: TaskList = client.tasks.list(
    project_id=project.id, status="pending", mode=ServiceMode.FAST, tag_id=3, page=1, page_size=20
)
summaries: list[TaskSummary] = tasks.data
for summary in client.tasks.iter_list(status="completed"):
    summary_id: str = summary.id
deliverables: list[Deliverable] = client.tasks.deliverables(task.id)

estimated: int = calculate_final_credit_cost(30, ServiceMode.FAST, Decimal("1.7"))
print(f"Estimated credits held: {estimated}")
default_cost: int = calculate_final_credit_cost(30)

balance: CreditBalance = client.credits.get_balance()
print(f"Available: {balance['available']} credits")
available: int = balance.available

tags: list[Tag] = client.tags.list()
multiplier: float = tags[0].cost_multiplier
active: bool = tags[0].is_active and not tags[0].is_deprecated
valid_to: Any = tags[0]["validTo"]

try:
    client.projects.create(name="New Project")
except TokenExpiredError as expired:
    print(expired.status_code)
except AuthenticationError:
    print("Invalid API Key")
except RateLimitError as limited:
    retry_after: float | None = limited.retry_after
except (MaxCreditsExceededError, InsufficientScopeError, IdempotencyConflictError) as e:
    code: str | None = e.code
except (InvalidModeError, InvalidTagError, InvalidMetadataError) as invalid:
    print(invalid.message)
except (AttachmentLimitExceededError, AttachmentTooLargeError) as attachment_error:
    print(attachment_error.message)
except (WaitFailedError, WaitTimeoutError) as wait_error:
    print(wait_error.status, wait_error.last)
except APIError as e:
    print(f"Request failed: {e.message}")


async def main() -> None:
    async with AsyncCodeVFClient(api_key="sk_test_...") as aclient:
        aproject: Project = await aclient.projects.create(name="Data Analysis Pipeline")
        atask: TaskResponse = await aclient.tasks.create(
            prompt="Refactor this script to use vectorized operations.",
            max_credits=30,
            project_id=aproject.id,
            mode=ServiceMode.FAST,
            metadata=validate_metadata({"environment": "production"}),
            tag_id=3,
            attachments=[from_bytes],
        )
        astatus: TaskResponse = await aclient.tasks.retrieve(atask.id)
        afinal: TaskResponse = await aclient.tasks.wait_for_completion(atask.id, timeout=600)
        acancelled: TaskResponse = await aclient.tasks.cancel(atask.id)
        alist: TaskList = await aclient.tasks.list(project_id=aproject.id)
        async for asummary in aclient.tasks.iter_list():
            print(asummary.status)
        adeliverables: list[Deliverable] = await aclient.tasks.deliverables(atask.id)
        abalance: CreditBalance = await aclient.credits.get_balance()
        atags: list[Tag] = await aclient.tags.list()
        aprojects: ProjectList = await aclient.projects.list()
        aproject_again: Project = await aclient.projects.retrieve(aproject.id)
        print(astatus, afinal, acancelled, alist, adeliverables, abalance, atags, aprojects)
        print(aproject_again)


asyncio.run(main())

# Misuse the checker must reject.
client.tasks.create(prompt="Refactor this script.", max_credits="30", project_id=1)  # type: ignore[arg-type]
client.tasks.retrieve()  # type: ignore[call-arg]
client.tasks.create("Refactor this script.", 30, 1, idempotency="x")  # type: ignore[call-arg]
calculate_final_credit_cost("30", ServiceMode.FAST)  # type: ignore[arg-type]
client.tasks.wait_until_done(task.id)  # type: ignore[attr-defined]
bad_estimate: str = calculate_final_credit_cost(30)  # type: ignore[assignment]
