"""Argument checks from the spec's own constraints, run before a request is built.

Generated methods call ``check`` for each argument whose schema says ``minimum``, ``maximum``,
``exclusiveMinimum``/``exclusiveMaximum``, ``minLength``/``maxLength``, ``pattern``,
``minItems``/``maxItems`` or ``enum``. A failure raises the package's ``InvalidArgumentError``
naming the argument and the rule; the value is shown only when it is a number or an enum value
(strings may be secrets).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sized
from typing import Any, Optional

__all__ = ["check"]


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def check(
    error: Any,
    field: str,
    value: Any,
    *,
    minimum: Optional[float] = None,
    maximum: Optional[float] = None,
    exclusive_minimum: Optional[float] = None,
    exclusive_maximum: Optional[float] = None,
    min_length: Optional[int] = None,
    max_length: Optional[int] = None,
    pattern: Optional[str] = None,
    min_items: Optional[int] = None,
    max_items: Optional[int] = None,
    enum: Optional[tuple[Any, ...]] = None,
) -> None:
    """Raise ``error(message, field=, rule=)`` for the first rule ``value`` breaks."""
    rule = _broken(value, minimum, maximum, exclusive_minimum, exclusive_maximum, min_length,
                   max_length, pattern, min_items, max_items, enum)  # fmt: skip
    if rule is not None:
        raised = error(f"{field}: {rule}")
        raised.field, raised.rule = field, rule
        raise raised


def _broken(
    value: Any,
    minimum: Optional[float],
    maximum: Optional[float],
    exclusive_minimum: Optional[float],
    exclusive_maximum: Optional[float],
    min_length: Optional[int],
    max_length: Optional[int],
    pattern: Optional[str],
    min_items: Optional[int],
    max_items: Optional[int],
    enum: Optional[tuple[Any, ...]],
) -> Optional[str]:
    # Runs on every call of a generated method, so each group of rules is looked at only when
    # one of its bounds is given (an ABC isinstance check costs more than the rules themselves).
    if (
        (minimum is not None or maximum is not None
         or exclusive_minimum is not None or exclusive_maximum is not None)
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
    ):  # fmt: skip
        if minimum is not None and value < minimum:
            return f"must be >= {minimum} (got {value})"
        if maximum is not None and value > maximum:
            return f"must be <= {maximum} (got {value})"
        if exclusive_minimum is not None and value <= exclusive_minimum:
            return f"must be > {exclusive_minimum} (got {value})"
        if exclusive_maximum is not None and value >= exclusive_maximum:
            return f"must be < {exclusive_maximum} (got {value})"
    if (min_length is not None or max_length is not None or pattern is not None) and isinstance(
        value, str
    ):
        if min_length is not None and len(value) < min_length:
            return f"must be at least {min_length} characters long"
        if max_length is not None and len(value) > max_length:
            return f"must be at most {max_length} characters long (got {len(value)})"
        if pattern is not None and not _compiled(pattern).search(value):
            return f"must match the pattern {pattern!r}"
    if (
        (min_items is not None or max_items is not None)
        and isinstance(value, Sized)
        and not isinstance(value, (str, bytes, dict))
    ):
        if min_items is not None and len(value) < min_items:
            return f"must have at least {min_items} items"
        if max_items is not None and len(value) > max_items:
            return f"must have at most {max_items} items (got {len(value)})"
    if enum is not None:
        plain = getattr(value, "value", value)  # an enum member counts as its value
        if plain not in enum:
            return f"must be one of {', '.join(repr(v) for v in enum)} (got {plain!r})"
    return None
