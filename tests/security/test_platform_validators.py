"""Bad input to the hand-written checks of each platform (``specs/NAME/lib``): the error class
the platform documents, naming the argument, raised before any request, sync and async.

CodeVF: the task fields (``tasks.create``), attachments and ``validate_metadata``. OpenSpawn:
the authentication rule and the 64-hex-character agent secret. TaskForceAI: the polling
arguments of ``run_task``/``run_task_stream``. FlowMaestro has no hand-written checks; its
constraints are covered with the others' by ``test_validators``.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.packages import import_generated
from tests.support.twins import Twin, both, run

from .validators import failure_of, refuse

TASK = {"prompt": "Fix the failing test in utils.py", "max_credits": 10, "project_id": 1}
TEXT = {"fileName": "a.py", "mimeType": "text/x-python", "content": "print(1)\n"}

# (argument, bad value, error class name): for codevf.tasks.create on top of TASK.
CODEVF_TASK = [
    ("prompt", "too short", "InvalidPromptError"),
    ("prompt", "x" * 10_001, "InvalidPromptError"),
    ("prompt", 1234567890, "InvalidPromptError"),
    ("max_credits", 0, "InvalidMaxCreditsError"),
    ("max_credits", 1921, "InvalidMaxCreditsError"),
    ("max_credits", True, "InvalidMaxCreditsError"),
    ("max_credits", "10", "InvalidMaxCreditsError"),
    ("max_credits", 10.5, "InvalidMaxCreditsError"),
    ("project_id", 0, "InvalidProjectError"),
    ("project_id", "1", "InvalidProjectError"),
    ("mode", "turbo", "InvalidModeError"),
    ("mode", 2, "InvalidModeError"),
    ("tag_id", 0, "InvalidTagError"),
    ("tag_id", -3, "InvalidTagError"),
    ("tag_id", True, "InvalidTagError"),
    ("tag_id", "7", "InvalidTagError"),
    ("metadata", {"nested": {"a": 1}}, "InvalidMetadataError"),
    ("metadata", {"list": [1]}, "InvalidMetadataError"),
    ("metadata", {"none": None}, "InvalidMetadataError"),
    ("metadata", {"bad-key": 1}, "InvalidMetadataError"),
    ("metadata", {"": 1}, "InvalidMetadataError"),
    ("metadata", {"k" * 65: 1}, "InvalidMetadataError"),
    ("metadata", {f"k{i}": i for i in range(51)}, "InvalidMetadataError"),
    ("metadata", {"long": "x" * 501}, "InvalidMetadataError"),
    ("metadata", {"nan": math.nan}, "InvalidMetadataError"),
    ("metadata", {"inf": math.inf}, "InvalidMetadataError"),
    ("metadata", {1: "int key"}, "InvalidMetadataError"),
    ("metadata", ["not", "a", "dict"], "InvalidMetadataError"),
    ("idempotency_key", "not-a-uuid", "InvalidIdempotencyKeyError"),
    ("idempotency_key", str(uuid.uuid1()), "InvalidIdempotencyKeyError"),
    ("idempotency_key", 42, "InvalidIdempotencyKeyError"),
    ("attachments", [TEXT] * 6, "AttachmentLimitExceededError"),
    ("attachments", "a.py", "InvalidAttachmentError"),
    ("attachments", [42], "InvalidAttachmentError"),
    ("attachments", [{**TEXT, "base64": "AA=="}], "InvalidAttachmentError"),
    ("attachments", [{**TEXT, "fileName": ""}], "InvalidAttachmentError"),
    ("attachments", [{**TEXT, "fileName": "x" * 256}], "InvalidAttachmentError"),
    ("attachments", [{**TEXT, "mimeType": "text"}], "InvalidAttachmentError"),
    ("attachments", [{**TEXT, "content": None}], "InvalidAttachmentError"),
    ("attachments", [{**TEXT, "content": b"\xff\xfe"}], "InvalidAttachmentError"),
    ("attachments", [{**TEXT, "mimeType": "image/png", "content": "!!"}], "InvalidAttachmentError"),
    ("attachments", [{**TEXT, "content": "x" * (1_048_576 + 1)}], "AttachmentTooLargeError"),
    (
        "attachments",
        [{**TEXT, "mimeType": "image/png", "content": "A" * (10_485_760 + 4)}],
        "AttachmentTooLargeError",
    ),
]

# (argument, bad value) for taskforceai's run_task and run_task_stream: ValidationError.
TASKFORCEAI_POLLING = [
    ("poll_interval", -1),
    ("poll_interval", math.nan),
    ("poll_interval", math.inf),
    ("poll_interval", "2"),
    ("poll_interval", True),
    ("max_attempts", 0),
    ("max_attempts", -5),
    ("max_attempts", 1.5),
    ("max_attempts", True),
    ("max_attempts", "3"),
]

AGENT_ID = "agent-123"
GOOD_SECRET = "ab" * 32
# (client keyword arguments, the argument the error must name): OpenSpawnError before sending.
OPENSPAWN_AUTH: list[tuple[dict[str, Any], str]] = [
    ({"agent_id": AGENT_ID, "secret": "zz" * 32}, "secret"),  # not hex
    ({"agent_id": AGENT_ID, "secret": "ab" * 31 + "a"}, "secret"),  # 63 characters
    ({"agent_id": AGENT_ID, "secret": "ab" * 33}, "secret"),  # 66 characters
    ({"agent_id": AGENT_ID, "secret": ""}, "secret"),
    ({"agent_id": AGENT_ID, "secret": " " + GOOD_SECRET[1:]}, "secret"),
    ({"agent_id": AGENT_ID}, "secret"),
    ({"secret": GOOD_SECRET}, "agent_id"),
    ({"api_key": "sk-live", "agent_id": AGENT_ID, "secret": GOOD_SECRET}, "api_key"),
    ({"api_key": ""}, "api_key"),
]


def check_all(
    is_async: bool, cases: list[tuple[str, Callable[[Twin], Any], str, type]]
) -> list[str]:
    """Run each (label, call on a fresh twin, field, expected error) and list the failures."""
    failures: list[str] = []

    async def body(twin: Twin) -> None:
        for label, call, field, expected in cases:
            twin.requests.clear()
            why = await failure_of(twin, None, lambda c=call: c(twin), field, expected)  # type: ignore[arg-type]
            if why is not None:
                failures.append(f"{label}: {why}")

    run(is_async, body)
    return failures


@both
def test_codevf_task_checks(is_async: bool) -> None:
    codevf = import_generated("codevf")
    cases = [
        (
            f"tasks.create({field}={value!r:.40})",
            lambda t, f=field, v=value: t.client(codevf, refuse).tasks.create(**{**TASK, f: v}),
            field,
            getattr(codevf, error),
        )
        for field, value, error in CODEVF_TASK
    ]
    assert check_all(is_async, cases) == []
    print(f"codevf tasks.create: {len(cases)} bad-input cases")


def test_codevf_validate_metadata_is_the_same_rule() -> None:
    codevf = import_generated("codevf")
    from codevf.lib.validation import validate_metadata

    for field, value, _ in CODEVF_TASK:
        if field == "metadata":
            with pytest.raises(codevf.InvalidMetadataError, match="metadata"):
                validate_metadata(value)
    assert validate_metadata({"team": "core", "n": 1, "ok": True, "r": 0.5}) == {
        "team": "core",
        "n": 1,
        "ok": True,
        "r": 0.5,
    }


@both
def test_taskforceai_polling_checks(is_async: bool) -> None:
    taskforceai = import_generated("taskforceai")
    cases = [
        (
            f"{method}({field}={value!r})",
            lambda t, m=method, f=field, v=value: getattr(t.client(taskforceai, refuse), m)(
                "Summarise this text", **{f: v}
            ),
            field,
            taskforceai.ValidationError,
        )
        for method in ("run_task", "run_task_stream")
        for field, value in TASKFORCEAI_POLLING
    ]
    assert check_all(is_async, cases) == []
    print(f"taskforceai polling: {len(cases)} bad-input cases")


@both
def test_openspawn_credentials_checks(is_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    openspawn = import_generated("openspawn")
    for variable in ("OPENSPAWN_API_KEY", "OPENSPAWN_AGENT_ID", "OPENSPAWN_SECRET"):
        monkeypatch.delenv(variable, raising=False)

    def first_call(twin: Twin, kwargs: dict[str, Any]) -> Any:
        # Construction may refuse already; otherwise the first (signed) request must.
        client = twin.client(openspawn, refuse, **{"api_key": None, **kwargs})
        return client.agents.list()

    cases = [
        (f"client({kwargs})", lambda t, k=kwargs: first_call(t, k), field, openspawn.OpenSpawnError)
        for kwargs, field in OPENSPAWN_AUTH
    ]
    assert check_all(is_async, cases) == []
    print(f"openspawn credentials: {len(cases)} bad-input cases")
