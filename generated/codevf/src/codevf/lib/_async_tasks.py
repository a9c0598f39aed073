# Hand-written: copied by sdkgen from specs/codevf/lib/_async_tasks.py; edit that file, not this copy (spec sha256 7939e37ae3380264a87ca36a4e64e741d7d79fffbf9731e6f97657a5f9121d4a).
"""``client.tasks`` with the documented fail-fast validation in ``create``.

The CodeVF documentation asks the SDK to validate a task before sending it: ``mode``, ``tag_id``,
``metadata`` and ``max_credits`` against the API's rules, and the attachments against the count
and size limits (raising ``AttachmentTooLargeError`` instead of letting the API answer 413). A
spec can't express that, so this subclass of the generated resource checks every argument,
raising the exception class of the matching error code with a message naming the argument and
the rule, and only then calls the generated ``create``. Everything else (``retrieve``, ``list``,
``iter_list``, ``cancel``, ``deliverables``, ``wait_for_completion``) is the generated code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, Optional, Union

import httpx

from .._runtime._options import NOT_GIVEN, NotGiven
from ..models.attachment import Attachment
from ..models.service_mode import ServiceMode
from ..models.task_response import TaskResponse
from ..resources import tasks as _generated
from .attachments import normalize_attachments
from .validation import (
    MetadataValue,
    check_idempotency_key,
    check_max_credits,
    check_mode,
    check_project_id,
    check_prompt,
    check_tag_id,
    validate_metadata,
)

__all__ = ["AsyncTasks"]


class AsyncTasks(_generated.AsyncTasks):
    """Operations under ``client.tasks``; ``create`` validates its arguments before sending."""

    async def create(
        self,
        prompt: str,
        max_credits: int,
        project_id: int,
        mode: Optional[Union[ServiceMode, Literal["realtime_answer", "fast", "standard"]]] = None,
        metadata: Optional[Mapping[str, MetadataValue]] = None,
        tag_id: Optional[int] = None,
        attachments: Optional[Sequence[Union[Attachment, Mapping[str, Any]]]] = None,
        *,
        idempotency_key: Optional[str] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = NOT_GIVEN,
        max_retries: Optional[int] = None,
        deadline: Optional[float] = None,
    ) -> TaskResponse:
        """Submit a task (``POST /tasks/create``) after checking every argument locally.

        Args:
            prompt: What the engineer should do, 10 to 10,000 characters.
            max_credits: The credit budget, an integer from 1 to 1,920. The amount held is
                ``calculate_final_credit_cost(max_credits, mode, tag multiplier)``.
            project_id: The id of a project of this account (``client.projects.create``).
            mode: A ``ServiceMode`` (or its value); left out, the server uses ``standard``.
            metadata: Flat labels, checked by ``validate_metadata``; the server default is ``{}``.
            tag_id: The id of an active tag from ``client.tags.list()``; left out, the
                ``general_purpose`` tag (multiplier 1.00).
            attachments: Up to five ``Attachment`` objects or dicts with the wire keys
                ``fileName``, ``mimeType`` and ``content`` (UTF-8 text for textual types, at most
                1,048,576 bytes; base64 for binary types, at most 10,485,760 bytes encoded). Build
                them with ``attachment_from_path`` or ``attachment_from_bytes``.
            idempotency_key: A UUID v4 that makes resubmission safe for 24 hours; a fresh one is
                made when omitted and reused on every retry of this call.
            extra_headers, extra_query, extra_body, timeout, max_retries, deadline: the
                per-call request options every method takes (see the README).

        Raises:
            InvalidPromptError, InvalidMaxCreditsError, InvalidProjectError, InvalidModeError,
            InvalidMetadataError, InvalidTagError, InvalidAttachmentError,
            AttachmentLimitExceededError, AttachmentTooLargeError, InvalidIdempotencyKeyError:
                before any request, naming the argument and the rule it breaks.
            MaxCreditsExceededError: (HTTP 402) the account can't cover the task's final cost.
        """
        checked_prompt = check_prompt(prompt)
        checked_credits = check_max_credits(max_credits)
        checked_project = check_project_id(project_id)
        checked_mode = check_mode(mode)
        checked_metadata = None if metadata is None else validate_metadata(metadata)
        checked_tag = check_tag_id(tag_id)
        wire_attachments: Optional[list[Union[Attachment, dict[str, Any]]]] = None
        if attachments is not None:
            wire_attachments = list(normalize_attachments(attachments))
        checked_key = check_idempotency_key(idempotency_key)
        return await super().create(
            checked_prompt,
            checked_credits,
            checked_project,
            checked_mode,
            checked_metadata,
            checked_tag,
            wire_attachments,
            idempotency_key=checked_key,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
        )
