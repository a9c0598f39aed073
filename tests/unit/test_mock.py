"""The mock's sans-I/O core: ``MockAPI.handle(httpx.Request) -> httpx.Response``, no server.

Each platform's committed package supplies its table (``_mock_routes.ROUTES``) and runtime.
"""

from __future__ import annotations

import importlib
import uuid
from typing import Any, Optional

import httpx
import pytest

from tests.support.packages import import_generated

CODEVF = "Bearer sk_test_unit"
PROMPT = "Refactor this script to use vectorized operations."


class Clock:
    def __init__(self) -> None:
        self.now = 1_718_000_000.0

    def __call__(self) -> float:
        return self.now


def mock(name: str, **options: Any) -> Any:
    import_generated(name)
    routes = importlib.import_module(f"{name}._mock_routes").ROUTES
    api_class = importlib.import_module(f"{name}._mock").MockAPI
    return api_class(routes, **options)


def call(
    api: Any, method: str, path: str, body: Any = None, *, auth: Optional[str] = CODEVF,
    headers: Optional[dict[str, str]] = None, content: Optional[bytes] = None, **params: Any,
) -> httpx.Response:  # fmt: skip
    sent = {**({"authorization": auth} if auth else {}), **(headers or {})}
    if body is not None:
        request = httpx.Request(method, f"http://mock{path}", json=body, headers=sent,
                                params=params or None)  # fmt: skip
    else:
        request = httpx.Request(method, f"http://mock{path}", content=content, headers=sent,
                                params=params or None)  # fmt: skip
    return api.handle(request)  # type: ignore[no-any-return]


def task_body(**extra: Any) -> dict[str, Any]:
    return {"prompt": PROMPT, "maxCredits": 30, "projectId": 123, "mode": "fast", **extra}


# -- state -----------------------------------------------------------------------------------


def test_created_resources_are_read_listed_and_paginated() -> None:
    api = mock("codevf", check_auth=True)
    created = [call(api, "POST", "/tasks/create", task_body()).json() for _ in range(3)]
    assert len({t["id"] for t in created}) == 3 and created[0]["status"] == "pending"
    assert call(api, "GET", f"/tasks/{created[1]['id']}").json()["prompt"] == PROMPT
    page = call(api, "GET", "/tasks", page=1, pageSize=2).json()
    # newest first, then the spec's two example tasks: five in all
    assert [t["id"] for t in page["data"]] == [created[2]["id"], created[1]["id"]]
    assert (page["page"], page["pageSize"], page["total"]) == (1, 2, 5)
    third = call(api, "GET", "/tasks", page=3, pageSize=2).json()
    assert [t["id"] for t in third["data"]] == ["task_8f3c2a91d4"]
    cancelled = call(api, "GET", "/tasks", status="cancelled").json()["data"]
    assert [t["id"] for t in cancelled] == ["task_2b7e41c9a0"]


def test_offset_pagination_and_delete() -> None:
    api = mock("flowmaestro", check_auth=True, strict=True)
    auth = "Bearer fm_live_unit"
    hook = {"name": "n", "url": "https://example.com/h", "events": ["execution.completed"]}
    made = call(api, "POST", "/v1/webhooks", hook, auth=auth)
    assert made.status_code == 201, made.text
    webhook_id = made.json()["data"]["id"]
    listed = call(api, "GET", "/v1/webhooks", auth=auth, limit=1, offset=0).json()
    assert listed["data"][0]["id"] == webhook_id and listed["pagination"]["limit"] == 1
    total = listed["pagination"]["total"]
    assert call(api, "DELETE", f"/v1/webhooks/{webhook_id}", auth=auth).status_code < 300
    after = call(api, "GET", "/v1/webhooks", auth=auth).json()["pagination"]["total"]
    assert after == total - 1
    gone = call(api, "DELETE", f"/v1/webhooks/{webhook_id}", auth=auth)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"


def test_lifecycle_by_polls_and_by_time() -> None:
    api = mock("codevf")
    task_id = call(api, "POST", "/tasks/create", task_body()).json()["id"]
    seen = [call(api, "GET", f"/tasks/{task_id}").json()["status"] for _ in range(4)]
    assert seen == ["pending", "processing", "completed", "completed"]
    clock = Clock()
    timed = mock("codevf", step_seconds=10.0, clock=clock)
    task_id = call(timed, "POST", "/tasks/create", task_body()).json()["id"]
    statuses = []
    for _ in range(3):
        statuses += [call(timed, "GET", f"/tasks/{task_id}").json()["status"] for _ in range(2)]
        clock.now += 10
    assert statuses == ["pending", "pending", "processing", "processing", "completed", "completed"]


def test_unknown_ids_answer_the_example_unless_strict() -> None:
    lenient = call(mock("openspawn"), "GET", "/v1/agents/nope", auth=None)
    assert lenient.status_code == 200 and lenient.json()["name"]
    strict = call(mock("openspawn", strict=True), "GET", "/v1/agents/nope", auth=None)
    body = strict.json()
    assert strict.status_code == 404 and body["code"] == "NOT_FOUND"
    assert body["statusCode"] == 404 and body["requestId"] == strict.headers["x-request-id"]


def test_actions_move_status_and_refuse_a_finished_resource() -> None:
    api = mock("codevf")
    task_id = call(api, "POST", "/tasks/create", task_body()).json()["id"]
    for _ in range(3):
        call(api, "GET", f"/tasks/{task_id}")  # completed
    refused = call(api, "POST", f"/tasks/{task_id}/cancel")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "task_not_cancellable"
    other = call(api, "POST", "/tasks/create", task_body()).json()["id"]
    cancelled = call(api, "POST", f"/tasks/{other}/cancel").json()
    assert (cancelled["id"], cancelled["status"], cancelled["creditsUsed"]) == (
        other,
        "cancelled",
        0,
    )
    assert call(api, "GET", f"/tasks/{other}").json()["status"] == "cancelled"


def test_sse_streams_the_spec_events() -> None:
    response = call(mock("flowmaestro"), "GET", "/v1/executions/exec_123/stream", auth=None)
    assert response.headers["content-type"] == "text/event-stream"
    assert b"event: execution:completed" in response.content


# -- validation and errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (task_body(prompt="short"), 400, "invalid_prompt"),
        (task_body(maxCredits=0), 400, "invalid_max_credits"),
        (task_body(mode="turbo"), 400, "invalid_mode"),
        (task_body(metadata={"bad key": "x"}), 400, "invalid_metadata"),
        ({"maxCredits": 30, "projectId": 123}, 400, "invalid_prompt"),
        (task_body(projectId=999), 400, "invalid_project"),
        (task_body(tagId=2), 400, "invalid_tag"),  # inactive
        (task_body(maxCredits=1920, mode="realtime_answer", tagId=3), 402, "max_credits_exceeded"),
        (task_body(attachments=[{"fileName": "a", "mimeType": "text/plain", "content": "x"}] * 6),
         400, "attachment_limit_exceeded"),
        (task_body(attachments=[{"fileName": "a", "mimeType": "text/plain",
                                 "content": "x" * 1_048_577}]), 413, "payload_too_large"),
        (task_body(attachments=[{"fileName": "a", "mimeType": "image/png", "content": "%%"}]),
         400, "invalid_attachment"),
    ],
)  # fmt: skip
def test_codevf_rejects_as_documented(body: dict[str, Any], status: int, code: str) -> None:
    response = call(mock("codevf", check_auth=True), "POST", "/tasks/create", body)
    error = response.json()["error"]
    assert (response.status_code, error["code"], error["status"]) == (status, code, status)
    assert error["retryable"] is False and error["message"]


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b'{"prompt": "x"}', "text/plain", 400),
        (b"\xff\xfe\x00binary", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
    ],
)
def test_garbage_bodies_get_the_error_schema(
    content: bytes, content_type: str, status: int
) -> None:
    api = mock("codevf", check_auth=True)
    headers = {"content-type": content_type}
    response = call(api, "POST", "/tasks/create", content=content, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == "invalid_request"


def test_each_platform_error_shape() -> None:
    fm = call(mock("flowmaestro"), "POST", "/v1/webhooks", {"url": 5}, auth=None)
    assert fm.status_code == 400 and fm.json()["error"]["code"] == "validation_error"
    assert fm.json()["error"]["details"] == {"field": "name"}
    os_ = call(mock("openspawn"), "POST", "/v1/tasks", {"title": 5}, auth=None)
    assert os_.json()["code"] == "VALIDATION_ERROR"
    assert os_.json()["details"][0]["field"] == "title"
    tf = call(mock("taskforceai"), "POST", "/api/developer/run", {"prompt": ""}, auth=None)
    assert tf.status_code == 400 and tf.json() == {
        "error": {"code": "bad_request", "message": "prompt: must be at least 1 characters long"}
    }
    page = call(mock("codevf"), "GET", "/projects", page=0)
    assert page.json()["error"]["code"] == "invalid_pagination"
    assert call(mock("codevf"), "GET", "/nowhere").status_code == 404
    assert call(mock("codevf"), "DELETE", "/tags").status_code == 405


# -- platform rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "status", "code"),
    [
        (None, 401, "unauthorized"),
        ("Bearer sk_test_invalid", 401, "unauthorized"),
        ("Bearer sk_test_expired", 401, "token_expired"),
        ("Bearer sk_test_x.scopes=tasks:read", 403, "insufficient_scope"),
        ("Bearer sk_test_noscope", 403, "insufficient_scope"),
        ("Bearer sk_test_ratelimited", 429, "rate_limited"),
        ("Bearer sk_test_x.scopes=credits:read", 200, None),
    ],
)
def test_test_key_convention(key: Optional[str], status: int, code: Optional[str]) -> None:
    response = call(mock("codevf", check_auth=True), "GET", "/credits/balance", auth=key)
    assert response.status_code == status
    if code:
        assert response.json()["error"]["code"] == code
    if status == 429:
        assert int(response.headers["Retry-After"]) >= 1


def test_projects_are_created_or_reused_by_name() -> None:
    api = mock("codevf", check_auth=True)
    new = call(api, "POST", "/projects/create", {"name": "Fresh"})
    again = call(api, "POST", "/projects/create", {"name": "Fresh", "description": "ignored"})
    assert (new.status_code, again.status_code) == (201, 200)
    assert again.json() == new.json() and again.json()["description"] is None
    existing = call(api, "POST", "/projects/create", {"name": "Data Analysis Pipeline"})
    assert existing.status_code == 200 and existing.json()["id"] == 123


def test_idempotency_keys_replay_and_conflict() -> None:
    api = mock("codevf", check_auth=True)
    key = str(uuid.uuid4())
    first = call(api, "POST", "/tasks/create", task_body(idempotencyKey=key))
    again = call(api, "POST", "/tasks/create", task_body(idempotencyKey=key))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    other = call(api, "POST", "/tasks/create", task_body(idempotencyKey=key), auth="Bearer sk_2")
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_conflict"
    assert call(api, "GET", "/tasks").json()["total"] == 3  # one task, two examples
    tf = mock("taskforceai", check_auth=True)
    headers = {"x-api-key": "k", "Idempotency-Key": "abc"}
    ids = {call(tf, "POST", "/api/developer/run", {"prompt": "hi"}, auth=None,
                headers=headers).json()["taskId"] for _ in range(3)}  # fmt: skip
    assert len(ids) == 1
    conflict = call(tf, "POST", "/api/developer/run", {"prompt": "hi"}, auth=None,
                    headers={**headers, "x-api-key": "other"})  # fmt: skip
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "idempotency_conflict"


def test_rate_limit_with_retry_after_and_headers() -> None:
    clock = Clock()
    api = mock("codevf", check_auth=True, rate_limit=True, clock=clock)
    assert call(api, "GET", "/credits/balance").status_code == 200
    limited = call(api, "GET", "/credits/balance")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
    assert limited.json()["error"] == {"code": "rate_limited", "retryable": True, "status": 429,
                                       "message": "rate limit exceeded"}  # fmt: skip
    assert call(api, "GET", "/credits/balance", auth="Bearer sk_other").status_code == 200
    clock.now += 1
    assert call(api, "GET", "/credits/balance").status_code == 200
    tf = mock("taskforceai", check_auth=True, clock=clock)
    remaining = [int(call(tf, "GET", "/api/developer/status/task_1", auth=None,
                          headers={"x-api-key": "k"}).headers["x-ratelimit-remaining"])
                 for _ in range(3)]  # fmt: skip
    assert remaining[0] - remaining[2] == 2
    missing = call(tf, "GET", "/api/developer/status/task_1", auth=None)
    assert missing.status_code == 401 and "x-ratelimit-reset" in missing.headers


def test_hmac_signatures_are_verified() -> None:
    clock = Clock()
    api = mock("openspawn", check_auth=True, clock=clock)
    signing = importlib.import_module("openspawn._runtime._signing")
    spec = next(s["signing"] for s in api._schemes.values() if "signing" in s)
    secret = spec["test-vectors"][0]["secret"]
    nonces = iter(f"{n:032x}" for n in range(1, 100))
    signer = signing.HmacSigner(
        spec, {"agent_id": "agent-1", "secret": secret}, clock=clock, nonce=lambda: next(nonces)
    )

    def signed(sign: bool = True, **changes: str) -> httpx.Response:
        request = httpx.Request("GET", "http://mock/v1/agents")
        if sign:
            signer(request)
        request.headers.update(changes)
        return api.handle(request)  # type: ignore[no-any-return]

    assert signed().status_code == 200
    request = httpx.Request("GET", "http://mock/v1/agents")
    signer(request)
    assert api.handle(request).status_code == 200
    replayed = api.handle(request)
    assert replayed.status_code == 401 and replayed.json()["code"] == "NONCE_REPLAYED"
    bad = signed(**{"X-Signature": "0" * 64})
    assert bad.status_code == 401 and bad.json()["code"] == "INVALID_SIGNATURE"
    clock.now += 10_000
    skewed = signed(**{"X-Timestamp": str(int(clock.now) - 301)})
    assert skewed.json()["code"] == "TIMESTAMP_SKEWED"
    unsigned = signed(sign=False, **{"X-Agent-Id": "agent-1"})
    assert unsigned.status_code == 401 and unsigned.json()["code"] == "UNAUTHORIZED"


def test_idempotency_key_reused_with_another_request() -> None:
    api = mock("openspawn", check_auth=True)
    headers = {"Idempotency-Key": "key-1"}
    auth = "Bearer os_unit"
    first = call(api, "POST", "/v1/tasks", {"title": "One"}, auth=auth, headers=headers)
    again = call(api, "POST", "/v1/tasks", {"title": "One"}, auth=auth, headers=headers)
    assert first.status_code == 201, first.text
    assert again.json()["id"] == first.json()["id"]
    changed = call(api, "POST", "/v1/tasks", {"title": "Two"}, auth=auth, headers=headers)
    assert changed.status_code == 422 and changed.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
    other = call(api, "POST", "/v1/tasks", {"title": "One"}, auth="Bearer os_2", headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_executions_started_by_a_workflow_are_polled_listed_and_cancel_checked() -> None:
    api = mock("flowmaestro", strict=True)
    started = call(api, "POST", "/v1/workflows/wf_123/execute", {"inputs": {}}, auth=None).json()
    execution_id = started["data"]["execution_id"]
    assert execution_id != "exec_123" and started["data"]["workflow_id"] == "wf_123"
    seen = [call(api, "GET", f"/v1/executions/{execution_id}", auth=None).json()["data"]["status"]
            for _ in range(3)]  # fmt: skip
    assert seen == ["pending", "running", "completed"]
    listed = call(api, "GET", "/v1/executions", auth=None).json()["data"]
    assert listed[0]["id"] == execution_id
    refused = call(api, "POST", f"/v1/executions/{execution_id}/cancel", auth=None)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "invalid_state"
    thread = "/v1/threads/thread_1/messages"
    sent = call(api, "POST", thread, {"content": "Hello"}, auth=None)
    assert sent.status_code < 300, sent.text
    messages = call(api, "GET", thread, auth=None).json()["data"]
    assert messages[0]["content"] == "Hello"
    assert call(api, "GET", "/v1/threads/thread_2/messages", auth=None).json()["data"] != messages


# -- the validator on its own ----------------------------------------------------------------


def test_validator_keywords() -> None:
    from generator.mock._schema import coerce, multipart_names, validate

    properties = {
        "name": {"type": "string", "minLength": 1},
        "id": {"type": "string", "readOnly": True},
        "tag": {"type": ["string", "null"], "format": "uuid"},
    }
    schemas = {
        "Pet": {"type": "object", "required": ["name"], "additionalProperties": False,
                "properties": properties}
    }  # fmt: skip
    pet = {"$ref": "Pet"}
    assert validate({"name": "Rex"}, pet, schemas) is None  # readOnly `id` not demanded
    problem = validate({"name": "Rex", "age": 3}, pet, schemas)
    assert problem is not None and (problem.pointer, problem.field) == ("/age", "age")
    assert validate({"name": "Rex", "tag": None}, pet, schemas) is None
    assert validate({"name": "Rex", "tag": "x"}, pet, schemas) is None  # format: an annotation
    strict = validate({"name": "Rex", "tag": "x"}, pet, schemas, formats=True)
    assert strict is not None and strict.rule == "must be a valid uuid"
    either = {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["a"]}]}
    assert validate(3, either, {}) is None and validate("a", either, {}) is None
    assert validate("b", either, {}) is not None
    names = {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}, "maxProperties": 1}
    assert validate({"ok": 1}, names, {}) is None
    assert validate({"Bad": 1}, names, {}) is not None
    assert validate({"a": 1, "b": 2}, names, {}) is not None
    assert (coerce("12", {"type": "integer"}, {}), coerce("true", {"type": "boolean"}, {})) == (
        12, True)  # fmt: skip
    assert coerce("x", {"type": "integer"}, {}) == "x"  # left for the validator to refuse
    body = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nx\r\n--b--\r\n'
    assert multipart_names(body, "multipart/form-data; boundary=b") == {"file"}
    assert multipart_names(body, "multipart/form-data") is None


def test_openspawn_credits_are_spent_once_and_refused_past_the_balance() -> None:
    api = mock("openspawn")
    start = call(api, "GET", "/v1/credits/balance", auth=None).json()["balance"]
    spend = {"amount": 40, "reason": "LLM call"}
    headers = {"Idempotency-Key": "spend-1"}
    first = call(api, "POST", "/v1/credits/spend", spend, auth=None, headers=headers).json()
    again = call(api, "POST", "/v1/credits/spend", spend, auth=None, headers=headers).json()
    assert first["balanceAfter"] == again["balanceAfter"] == start - 40  # charged once
    assert call(api, "GET", "/v1/credits/balance", auth=None).json()["balance"] == start - 40
    too_much = {"amount": start, "reason": "everything"}
    refused = call(api, "POST", "/v1/credits/spend", too_much, auth=None)
    assert refused.status_code == 422 and refused.json()["code"] == "INSUFFICIENT_CREDITS"
