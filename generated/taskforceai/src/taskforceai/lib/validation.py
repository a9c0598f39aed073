# Hand-written: copied by sdkgen from specs/taskforceai/lib/validation.py; edit that file, not this copy (spec sha256 190aa7ccc983f5bcd35f1739efa0048ddb2a87f82a7f5209e423f58209cd171c).
"""Argument checks for the hand-written helpers, and the error they raise.

``run_task`` and ``run_task_stream`` submit a task, which counts against the plan tier's run
quota (2 a week on the free tier), before they start polling. Their polling arguments are
therefore checked first: a run must not be spent on a wait that could never work. A violation
raises :class:`ValidationError`, the package's ``InvalidArgumentError`` (so a
``TaskForceAIError`` and a ``ValueError``, as every argument the SDK refuses before sending)
naming the argument and the rule, before any request is sent.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import InvalidArgumentError

__all__ = ["ValidationError", "check_polling"]


class ValidationError(InvalidArgumentError):
    """An argument broke a documented rule; raised before any request is sent.

    ``field`` names the argument and ``rule`` says what it must be; ``status_code`` is None
    because no response was involved.
    """

    field: str
    rule: str

    def __init__(self, field: str, rule: str, value: Any) -> None:
        super().__init__(f"{field}: {rule} (got {value!r})")
        self.field = field
        self.rule = rule


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_polling(poll_interval: Any, max_attempts: Any) -> None:
    """Raise :class:`ValidationError` unless ``poll_interval`` is None or a finite number
    >= 0 and ``max_attempts`` is None or an integer >= 1 (None keeps the spec's default)."""
    if poll_interval is not None and not (
        _is_number(poll_interval) and math.isfinite(poll_interval) and poll_interval >= 0
    ):
        raise ValidationError(
            "poll_interval", "must be a finite number of seconds >= 0", poll_interval
        )
    if max_attempts is not None and not (
        isinstance(max_attempts, int) and not isinstance(max_attempts, bool) and max_attempts >= 1
    ):
        raise ValidationError("max_attempts", "must be an integer >= 1", max_attempts)
