#!/usr/bin/env python3
# Hand-written: copied by sdkgen from specs/codevf/scripts/integration_smoke.py; edit that file, not this copy.
"""Exercise every CodeVF endpoint once, as the SDK's README describes.

It creates (or reuses) a project, lists tags, submits a task and polls it, cancels a second
task, and prints the credit balance, calling each endpoint of the SDK on the way::

    export CODEVF_API_KEY="sk_test_..."
    python scripts/integration_smoke.py               # the live API, or CODEVF_BASE_URL if set
    python scripts/integration_smoke.py --mock        # in-process answers, no network, no key

A human engineer may take far longer than a smoke run should, so the first task is polled for
``--timeout`` seconds (60 by default); if it has not completed by then it is cancelled, so a run
never leaves credits on hold. Exit status: 0 on success, 1 on an API error, 2 without a key.
"""

from __future__ import annotations

import argparse
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional

try:
    import codevf
except ImportError:  # run from a checkout without installing: use the package beside this script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import codevf

from codevf import (
    CodeVFClient,
    ServiceMode,
    attachment_from_bytes,
    calculate_final_credit_cost,
    validate_metadata,
)
from codevf.exceptions import CodeVFError, WaitFailedError, WaitTimeoutError

PROJECT_NAME = "SDK integration smoke test"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--mock",
        action="store_true",
        help="answer every call in-process from the API spec's examples (no network, no key)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds to poll the first task before cancelling it (default: 60)",
    )
    args = parser.parse_args(argv)
    if not args.mock and not os.environ.get("CODEVF_API_KEY"):
        print("Set CODEVF_API_KEY (or pass --mock) to run the smoke test.", file=sys.stderr)
        return 2
    try:
        with CodeVFClient(mock_mode=args.mock) as client:
            run(client, mock=args.mock, timeout=args.timeout)
    except CodeVFError as error:
        print(f"Smoke test failed: {error}", file=sys.stderr)
        return 1
    return 0


def run(client: CodeVFClient, *, mock: bool, timeout: float) -> None:
    print(f"CodeVF SDK {codevf.__version__} -> {client.base_url}{' (mock)' if mock else ''}")

    # Projects: create-or-reuse, then read it back and find it by name.
    project = client.projects.create(
        PROJECT_NAME, "Tasks submitted by scripts/integration_smoke.py"
    )
    print(f"Project: {project.id} {project.name!r}")
    project = client.projects.retrieve(project.id)
    listed = client.projects.list(name=PROJECT_NAME)
    print(f"Projects named {PROJECT_NAME!r}: {listed.total} (retrieved {project.id})")

    # Tags: pick the cheapest active, non-deprecated tag.
    tags = client.tags.list()
    for tag in tags:
        state = "active" if tag.is_active else "inactive"
        deprecated = ", deprecated" if tag.is_deprecated else ""
        print(f"Tag {tag.id} {tag.name}: x{tag.cost_multiplier} ({state}{deprecated})")
    usable = [t for t in tags if t.is_active and not t.is_deprecated]
    tag = min(usable, key=lambda t: t.cost_multiplier) if usable else None
    multiplier = Decimal(repr(tag.cost_multiplier)) if tag else Decimal("1")

    # Submit a task and poll it with the documented cadence.
    max_credits = 10
    estimate = calculate_final_credit_cost(max_credits, ServiceMode.FAST, multiplier)
    print(f"Estimated credits held: {estimate}")
    task = client.tasks.create(
        "Smoke test: reply with the word 'ok'. No code changes are needed.",
        max_credits,
        project.id,
        mode=ServiceMode.FAST,
        metadata=validate_metadata({"source": "integration_smoke"}),
        tag_id=tag.id if tag else None,
        attachments=[attachment_from_bytes("hello.py", b"print('hello')\n", "text/x-python")],
    )
    print(f"Task {task.id}: {task.status} ({task.credits_used} credits held)")

    def on_status(current: Any) -> None:
        print(f"  polled {current.id}: {current.status}")

    finished = False
    try:
        task = client.tasks.wait_for_completion(
            task.id,
            # Mock answers are instant: skip the live cadence (the first poll still waits 2 s).
            poll_interval=0.1 if mock else None,
            timeout=timeout,
            on_status=on_status,
        )
        finished = True
        print(f"Task {task.id} completed: {task.result!r}")
    except WaitFailedError as error:
        print(f"Task {task.id} ended {error.status} before completing")
    except WaitTimeoutError as error:
        print(f"Task {task.id} still {error.status} after {timeout:g} s")
    deliverables = client.tasks.deliverables(task.id)
    print(f"Deliverables: {[d.file_name for d in deliverables]}")
    if not finished:
        task = client.tasks.cancel(task.id)
        print(f"Task {task.id} cancelled so no credits stay on hold")
    recent = client.tasks.list(project_id=project.id, page_size=5)
    print(f"Tasks in project {project.id}: {recent.total}")

    # Submit a second task and cancel it at once.
    second = client.tasks.create(
        "Smoke test: this task is cancelled right after submission.",
        1,
        project.id,
        mode=ServiceMode.STANDARD,
    )
    cancelled = client.tasks.cancel(second.id)
    print(f"Cancelled task {cancelled.id}: {cancelled.status} ({cancelled.credits_used} credits)")

    balance = client.credits.get_balance()
    print(f"Available: {balance['available']} credits (on hold: {balance['onHold']})")


if __name__ == "__main__":
    sys.exit(main())
