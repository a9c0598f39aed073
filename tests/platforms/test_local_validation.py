"""One kind of local validation error (issue 16): every argument the SDK refuses before sending
is an ``InvalidArgumentError`` (a ``ValueError`` with ``.field`` and ``.rule``), whatever else
it also is, so ``except InvalidArgumentError`` catches each; the documented classes still catch
theirs. Sync and async from one body, on the committed CodeVF and TaskForceAI packages."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.packages import import_generated
from tests.support.twins import Twin, both, run


@pytest.fixture(scope="module")
def codevf() -> Iterator[ModuleType]:
    yield import_generated("codevf")


@pytest.fixture(scope="module")
def taskforceai() -> Iterator[ModuleType]:
    yield import_generated("taskforceai")


def never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing may be sent: {request.method} {request.url}")


CREATE = {"prompt": "Refactor this script please", "max_credits": 10, "project_id": 1}
REFUSED = [
    ({"mode": "turbo"}, "InvalidModeError", "mode"),
    ({"prompt": "short"}, "InvalidPromptError", "prompt"),
    ({"max_credits": 5000}, "InvalidMaxCreditsError", "max_credits"),
    ({"project_id": 0}, "InvalidProjectError", "project_id"),
    ({"tag_id": -1}, "InvalidTagError", "tag_id"),
    ({"metadata": {"a-b": 1}}, "InvalidMetadataError", "metadata"),
    ({"attachments": [{}] * 6}, "AttachmentLimitExceededError", "attachments"),
    ({"idempotency_key": "not-a-uuid"}, "InvalidIdempotencyKeyError", "idempotency_key"),
]


@both
@pytest.mark.parametrize(("change", "documented", "field"), REFUSED, ids=[r[1] for r in REFUSED])
def test_every_create_check_is_an_invalid_argument_error(
    codevf: ModuleType, is_async: bool, change: dict[str, Any], documented: str, field: str
) -> None:
    errors = codevf.exceptions

    async def body(t: Twin) -> None:
        client = t.client(codevf, never)
        with pytest.raises(errors.InvalidArgumentError) as info:
            await t.call(client.tasks.create(**{**CREATE, **change}))
        error = info.value
        assert isinstance(error, getattr(errors, documented))  # the documented class still
        assert isinstance(error, errors.BadRequestError) or documented.endswith("TooLargeError")
        assert isinstance(error, ValueError) and isinstance(error, errors.CodeVFError)
        assert error.field == field and error.rule and error.status_code is None
        assert error.code  # the API's error code, as the server would answer

    run(is_async, body)


@both
def test_generated_checks_and_lib_checks_share_the_class(
    codevf: ModuleType, is_async: bool
) -> None:
    errors = codevf.exceptions

    async def body(t: Twin) -> None:
        client = t.client(codevf, never)
        with pytest.raises(errors.InvalidArgumentError) as info:
            await t.call(client.tasks.list(status="done"))  # a generated enum check
        assert info.value.field == "status"
        with pytest.raises(errors.InvalidArgumentError):
            codevf.validate_metadata({"nested": {"a": 1}})  # type: ignore[dict-item]

    run(is_async, body)


def test_a_server_answer_keeps_its_class_alone(codevf: ModuleType) -> None:
    """Only a refusal before sending is a ValueError: the server's 400 is the API's error."""
    body = {"error": {"code": "invalid_mode", "message": "bad mode"}}
    http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(400, json=body)))
    client = codevf.CodeVFClient(api_key="k", http_client=http)
    with pytest.raises(codevf.exceptions.InvalidModeError) as info:
        client.tasks.retrieve("t1")
    assert not isinstance(info.value, ValueError) and info.value.status_code == 400


def test_taskforceai_validation_error_is_an_invalid_argument_error(taskforceai: ModuleType) -> None:
    from taskforceai.lib.validation import ValidationError  # the documented class

    assert issubclass(ValidationError, taskforceai.errors.InvalidArgumentError)
    assert issubclass(ValidationError, taskforceai.TaskForceAIError)
    assert issubclass(ValidationError, ValueError)


def test_waiter_docstring_says_what_bounds_poll_interval(codevf: ModuleType) -> None:
    for cls in (codevf.CodeVFClient, codevf.AsyncCodeVFClient):
        doc = " ".join(cls(api_key="k").tasks.wait_for_completion.__doc__.split())
        assert "initial delay before the first poll (2.0 s)" in doc
        assert "rate budget" in doc and "x-sdk-rate-limit" in doc


@both
def test_raw_response_wraps_the_hand_written_create(codevf: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(codevf, never)
        with pytest.raises(codevf.exceptions.InvalidModeError) as info:
            await t.call(client.tasks.with_raw_response.create(**CREATE, mode="turbo"))
        assert info.value.field == "mode"  # lib/'s check ran: the wrapper is the same method

    run(is_async, body)


def test_with_options_keeps_a_hand_written_client_subclass() -> None:
    openspawn = import_generated("openspawn")
    client = openspawn.OpenSpawnClient(api_key="osk_test")
    derived = client.with_options(max_retries=0, base_url="http://127.0.0.1:9/api")
    assert type(derived) is type(client)
    assert "auth='api_key'" in repr(derived) and "127.0.0.1:9" in repr(derived)
    assert "osk_test" not in repr(derived)
