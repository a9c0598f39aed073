# Hand-written: copied by sdkgen from specs/codevf/lib/mock_rules.py; edit that file, not this copy (spec sha256 7939e37ae3380264a87ca36a4e64e741d7d79fffbf9731e6f97657a5f9121d4a).
"""CodeVF's rules in the mock (``python -m codevf.mock``, ``mock_mode=True``).

The generic simulation (the runtime's ``_mock``) already stores projects and tasks, validates
requests, dedupes ``idempotencyKey`` and answers errors in CodeVF's shape. What only CodeVF does:

- ``POST /projects/create`` creates or reuses by exact name: 201 for a new project, 200 with the
  existing one unchanged (``description`` ignored);
- ``POST /tasks/create``: more than five attachments is 400 ``attachment_limit_exceeded``; a
  textual attachment over 1,048,576 UTF-8 bytes or a binary one over 10,485,760 base64
  characters is 413 ``payload_too_large``; invalid base64 is 400 ``invalid_attachment``; an
  unknown ``projectId`` is 400 ``invalid_project``; a ``tagId`` that is unknown or inactive is
  400 ``invalid_tag``; the task is priced ``calculate_final_credit_cost`` and held, or refused
  with 402 ``max_credits_exceeded`` when the available credits can't cover it;
- cancelling releases the hold (``creditsUsed: 0``); ``GET /credits/balance`` reflects holds:
  ``total`` starts at the documented example's, a completed task's cost is spent.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Optional

import httpx

from .._mock import Call, MockAPI, MockRules
from .attachments import MAX_ATTACHMENTS, MAX_BINARY_BASE64_BYTES, MAX_TEXT_BYTES, is_textual
from .credits import calculate_final_credit_cost

__all__ = ["RULES", "CodeVFRules"]


class CodeVFRules(MockRules):
    def __init__(self) -> None:
        self.costs: dict[str, int] = {}  # task id -> credits held when it was accepted

    def check(self, api: MockAPI, call: Call) -> Optional[httpx.Response]:
        if call.op["id"] == "createTask":
            return self._attachments(api, call)
        if call.op["id"] == "getCreditBalance":
            return api.render(call, 200, self.balance(api))
        return None

    def created(self, api: MockAPI, call: Call, data: dict[str, Any]) -> Optional[httpx.Response]:
        op_id = call.op["id"]
        if op_id == "createProject":
            for project in api.store.collection("/projects", {}).values():
                if project.data.get("name") == data.get("name"):
                    return api.render(call, 200, project.data)  # reused, unchanged
            return None
        if op_id != "createTask":
            return None
        body = call.body
        if str(body["projectId"]) not in api.store.collection("/projects", {}):
            message = f"projectId: no project {body['projectId']} in this account"
            return api.error(call.op, 400, call.request_id, message, code="invalid_project")
        tags = {t["id"]: t for t in (api.example("listTags") or {}).get("data") or ()}
        tag_id = body.get("tagId", 1)
        tag = tags.get(tag_id)
        if tag is None or not tag.get("isActive"):
            message = f"tagId: tag {tag_id} is unknown or not active"
            return api.error(call.op, 400, call.request_id, message, code="invalid_tag")
        # JSON has one number type: 30.0 is the integer 30 the schema allows.
        cost = calculate_final_credit_cost(
            int(body["maxCredits"]), body.get("mode", "standard"), tag["costMultiplier"]
        )
        if cost > self.balance(api)["available"]:
            message = f"the task's final cost ({cost} credits) exceeds the available credits"
            return api.error(call.op, 402, call.request_id, message, code="max_credits_exceeded")
        data.update(creditsUsed=cost, tagId=tag_id, result=None, deliverables=[])
        data["metadata"] = body.get("metadata", {})  # documented default
        self.costs[str(data["id"])] = cost
        return None

    def answer(self, api: MockAPI, call: Call, body: Any) -> Any:
        if call.op["id"] == "cancelTask" and isinstance(body, dict):
            task = api.store.collection("/tasks", {}).get(str(body.get("id")))
            if task is not None:
                task.data["creditsUsed"] = 0  # the hold is released
            body["creditsUsed"] = 0
        return body

    def balance(self, api: MockAPI) -> dict[str, int]:
        example = api.example("getCreditBalance") or {}
        total, on_hold = int(example.get("total", 0)), int(example.get("onHold", 0))
        tasks = api.store.collection("/tasks", {})
        for task_id, cost in self.costs.items():
            status = tasks[task_id].data.get("status") if task_id in tasks else "cancelled"
            if status == "completed":
                total -= cost
            elif status != "cancelled":
                on_hold += cost
        return {"available": max(0, total - on_hold), "onHold": on_hold, "total": total}

    def _attachments(self, api: MockAPI, call: Call) -> Optional[httpx.Response]:
        try:
            body = json.loads(call.request.content or b"null")
        except ValueError:
            return None  # the generic validation answers malformed JSON
        attachments = body.get("attachments") if isinstance(body, dict) else None
        if not isinstance(attachments, list):
            return None
        op, request_id = call.op, call.request_id
        if len(attachments) > MAX_ATTACHMENTS:
            message = f"attachments: at most {MAX_ATTACHMENTS} per task, got {len(attachments)}"
            return api.error(op, 400, request_id, message, code="attachment_limit_exceeded")
        for index, item in enumerate(attachments):
            if not isinstance(item, dict) or not isinstance(item.get("content"), str):
                continue  # the generic validation names the missing field
            content, mime = item["content"], str(item.get("mimeType", ""))
            where = f"attachments.{index}.content"
            if is_textual(mime):
                too_large = len(content.encode("utf-8")) > MAX_TEXT_BYTES
            else:
                too_large = len(content) > MAX_BINARY_BASE64_BYTES
                try:
                    base64.b64decode(content, validate=True)
                except (binascii.Error, ValueError):
                    message = f"{where}: a binary attachment must be base64"
                    return api.error(op, 400, request_id, message, code="invalid_attachment")
            if too_large:
                message = f"{where}: the attachment is over the size limit"
                return api.error(op, 413, request_id, message, code="payload_too_large")
        return None


RULES = CodeVFRules  # a class: each mock gets its own state
