"""The four SDKs refuse a required argument given None before anything is sent (the issue's
``client.executions.get(None)`` requested ``/v1/executions/None``)."""

from __future__ import annotations

import pytest

from tests.support.packages import import_generated
from tests.support.twins import Twin, both, run

CASES = [
    ("flowmaestro", lambda c: c.executions.get(None), "execution_id"),
    ("codevf", lambda c: c.tasks.retrieve(None), "task_id"),
    ("openspawn", lambda c: c.tasks.get(None), "task_id"),
    ("taskforceai", lambda c: c.threads.create_run(None, prompt="hello there"), "thread_id"),
]


@both
@pytest.mark.parametrize(("platform", "call", "argument"), CASES, ids=[c[0] for c in CASES])
def test_required_argument_none_is_refused(
    platform: str, call: object, argument: str, is_async: bool
) -> None:
    package = import_generated(platform)

    async def body(t: Twin) -> None:
        client = t.client(package, lambda request: pytest.fail("nothing may be sent"))
        with pytest.raises(package.InvalidArgumentError) as caught:
            await t.call(call(client))  # type: ignore[operator]
        assert caught.value.field == argument and argument in str(caught.value)
        assert t.requests == []

    run(is_async, body)
