"""Creates under injected faults: nothing lost, nothing duplicated, every failure typed.

Each platform's SDK drives its mock server (real HTTP on 127.0.0.1) while 30 % of requests
misbehave: the connection is reset before the mock acts (5 %) or after it acted (5 %), the
answer is 429, 500 or 503 with ``Retry-After`` (15 %), or it comes after the client's timeout
(5 %). The SDK's idempotency key, the same on every retry of a call, lets the mock recognise a
create it already performed, so N create calls end with exactly N resources on the server.

N is 100 in ``make test`` and 100 x ``SDKGEN_RELIABILITY`` under ``make reliability`` (1,000).
The fault draws are seeded: a run sees the same faults each time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.mock_server import created_count, mock_server
from tests.support.packages import client_class, import_generated
from tests.support.scale import examples

CREATES = examples(100)
TIMEOUT = 0.5  # the client's; slow answers come after 1 s
FAULTS = (
    "--fault-rate", "0.15", "--fault-status", "429,500,503", "--retry-after", "0",
    "--drop-before", "0.05", "--drop-after", "0.05",
    "--slow-rate", "0.05", "--slow-seconds", "1",
)  # fmt: skip
KEYS = {  # credentials the mocks accept (their documented test-key conventions)
    "taskforceai": {"api_key": "sk_test_faults"},
    "codevf": {"api_key": "sk_test_faults"},
    "openspawn": {"api_key": "sk_test_faults"},
    "flowmaestro": {"api_key": "fm_test_faults"},
}
PROMPT = "Refactor this script to use vectorized operations."

# One create per platform: the call and the id of what it returned.
Create = Callable[[Any, int, "str | None"], Any]
CREATE: dict[str, tuple[Create, Callable[[Any], str]]] = {
    "taskforceai": (
        lambda c, i, key: c.submit_task(f"{PROMPT} #{i}", idempotency_key=key),
        lambda task_id: str(task_id),
    ),
    "codevf": (
        # 1 credit each: 1,000 of them fit the account's 1,423 available credits.
        lambda c, i, key: c.tasks.create(PROMPT, 1, 123, idempotency_key=key),
        lambda task: str(task.id),
    ),
    "openspawn": (
        lambda c, i, key: c.tasks.create({"title": f"Task {i}"}, idempotency_key=key),
        lambda task: str(task.id),
    ),
    "flowmaestro": (
        lambda c, i, key: c.webhooks.create(
            name=f"hook {i}",
            url=f"https://hooks.example.com/{i}",
            events=["execution.completed"],
            idempotency_key=key,
        ),
        lambda hook: str(hook.data.id),
    ),
}
PLATFORMS = sorted(CREATE)


@pytest.fixture(params=PLATFORMS)
def platform(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def sdk_client(name: str, base_url: str, *, max_retries: int) -> Any:
    module: ModuleType = import_generated(name)
    client = client_class(module, is_async=False)(
        **KEYS[name], base_url=base_url, max_retries=max_retries, timeout=TIMEOUT
    )
    client._api.sleep = lambda seconds: None  # Retry-After is 0; backoff needs no real wait
    return client


def test_creates_under_faults_end_with_exactly_one_resource_each(platform: str) -> None:
    create, id_of = CREATE[platform]
    with mock_server(platform, *FAULTS, "--seed", "11") as base_url:
        with sdk_client(platform, base_url, max_retries=10) as client:
            ids = [id_of(create(client, i, None)) for i in range(CREATES)]
        total = created_count(base_url)
    assert len(set(ids)) == CREATES  # no call answered with another call's resource
    assert total == CREATES  # 0 duplicates, 0 lost


@pytest.mark.parametrize(
    ("flags", "error", "acted"),
    [
        (("--fault-rate", "1", "--fault-status", "503"), "APIError", False),
        (("--fault-rate", "1", "--fault-status", "429"), "APIError", False),
        (("--drop-before", "1"), "APIConnectionError", False),
        (("--drop-after", "1"), "APIConnectionError", True),
        (("--slow-rate", "1", "--slow-seconds", "1"), "APITimeoutError", True),
    ],
    ids=["503", "429", "reset-before", "reset-after", "timeout"],
)
def test_exhausted_retries_raise_a_typed_error_and_the_same_key_finishes_once(
    platform: str, flags: tuple[str, ...], error: str, acted: bool
) -> None:
    """The first three requests fault: the call (two retries) raises the SDK's typed error,
    never a partial result. Sent again with the same key once the faults stop, it ends with one
    resource, whether or not the mock had acted on the failed attempts."""
    create, id_of = CREATE[platform]
    module = import_generated(platform)
    key = str(uuid.uuid4())  # CodeVF documents its keys as UUID v4
    with mock_server(platform, *flags, "--retry-after", "0", "--fault-limit", "3") as base_url:
        with sdk_client(platform, base_url, max_retries=2) as client:
            with pytest.raises(getattr(module, error)) as raised:
                create(client, 0, key)
            assert not isinstance(raised.value, httpx.HTTPError)  # the SDK's type, not httpx's
            assert created_count(base_url) == (1 if acted else 0)
            resent = id_of(create(client, 0, key))
            again = id_of(create(client, 0, key))
        assert created_count(base_url) == 1
    assert resent == again


# A started job, then its waiter: (start, wait) per platform with a polling waiter.
WAITS: dict[str, tuple[Callable[[Any], str], Callable[[Any, str, Callable[[Any], None]], Any]]] = {
    "taskforceai": (
        lambda c: c.submit_task(PROMPT),
        lambda c, job, seen: c.wait_for_completion(job, on_status=seen),
    ),
    "codevf": (
        lambda c: str(c.tasks.create(PROMPT, 5, 123).id),
        lambda c, job, seen: c.tasks.wait_for_completion(job, on_status=seen),
    ),
    "flowmaestro": (
        lambda c: str(c.workflows.execute("wf_123").data.execution_id),
        lambda c, job, seen: c.executions.wait_for_completion(job, on_status=seen),
    ),
}


@pytest.mark.parametrize("name", sorted(WAITS))
def test_polling_survives_faults_to_the_terminal_status(name: str) -> None:
    """Waits under the same 30 % faults: each faulted poll is retried and the waiter returns
    the terminal status. (A poll the mock answered but the connection then lost still moved
    the job on, so one wait may not see every status; the five together do.)"""
    start, wait = WAITS[name]
    statuses: set[str] = set()
    with (
        mock_server(name, *FAULTS, "--seed", "5") as base_url,
        sdk_client(name, base_url, max_retries=10) as client,
    ):
        for _ in range(5):
            seen: list[str] = []
            final = wait(client, start(client), lambda s, seen=seen: seen.append(str(s.status)))
            assert str(final.status) == "completed" and seen[-1] == "completed", final
            statuses.update(seen)
    assert len(statuses) >= 2, statuses  # non-terminal statuses were reported on the way


@pytest.mark.parametrize(
    "flags",
    [("--cut-streams", "1"), ("--fault-rate", "1", "--fault-status", "503"), ("--drop-after", "1")],
    ids=["cut-half-way", "503", "reset-after"],
)
def test_a_stream_survives_a_broken_first_connection(flags: tuple[str, ...]) -> None:
    """The first request of a stream is cut half-way through its bytes, answered 503 or reset:
    the SDK reconnects (``Last-Event-ID`` when an event had arrived; none had here) and the
    events arrive whole, once."""
    with mock_server("flowmaestro") as base_url, sdk_client("flowmaestro", base_url,
                                                            max_retries=3) as client:  # fmt: skip
        expected = [e.type for e in client.executions.stream("exec_123")]
    assert expected  # the spec's example events
    with (
        mock_server("flowmaestro", *flags, "--retry-after", "0", "--fault-limit", "1") as base_url,
        sdk_client("flowmaestro", base_url, max_retries=3) as client,
    ):
        assert [e.type for e in client.executions.stream("exec_123")] == expected
