# Hand-written: copied by sdkgen from specs/codevf/lib/credits.py; edit that file, not this copy (spec sha256 7939e37ae3380264a87ca36a4e64e741d7d79fffbf9731e6f97657a5f9121d4a).
"""``calculate_final_credit_cost``: the credits a task will hold, computed before submitting.

The API prices a task when it accepts it: ``maxCredits x slaMultiplier x tagMultiplier``, rounded
up to a whole credit. The documentation asks SDKs to expose that projection so callers can pick
``max_credits``, a mode and a tag without trial and error; the spec can't state a formula, so it
lives here. The arithmetic is exact (``Decimal``), so 30 x 1.5 x 1.7 = 76.5 rounds up to 77.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Literal, Optional, Union

from ..exceptions import InvalidTagError
from ..models.service_mode import ServiceMode
from .validation import check_max_credits, check_mode, refused

__all__ = ["SLA_MULTIPLIERS", "calculate_final_credit_cost"]

# The SLA multiplier of each service mode.
SLA_MULTIPLIERS: Mapping[ServiceMode, Decimal] = {
    ServiceMode.REALTIME_ANSWER: Decimal("2"),
    ServiceMode.FAST: Decimal("1.5"),
    ServiceMode.STANDARD: Decimal("1"),
}


def calculate_final_credit_cost(
    max_credits: int,
    mode: Union[ServiceMode, Literal["realtime_answer", "fast", "standard"]] = ServiceMode.STANDARD,
    tag_multiplier: Union[Decimal, float, int] = Decimal("1"),
) -> int:
    """The whole credits a task holds: ``max_credits x SLA x tag_multiplier``, rounded up.

    The SLA multiplier is 2 for ``realtime_answer``, 1.5 for ``fast`` and 1 for ``standard``;
    ``tag_multiplier`` is the tag's ``cost_multiplier`` (1 for the default ``general_purpose``
    tag). The product is exact: a ``float`` multiplier (``tag.cost_multiplier``) is read through
    its shortest decimal form, so ``1.7`` counts as exactly 1.7. The result is an ``int``, the same
    type as a task's ``credits_used`` and the balance's ``available``::

        calculate_final_credit_cost(30, ServiceMode.FAST, Decimal("1.7"))  # 77 (76.5 rounded up)

    Raises:
        InvalidMaxCreditsError: ``max_credits`` is not an integer from 1 to 1,920.
        InvalidModeError: ``mode`` is not a ``ServiceMode``.
        InvalidTagError: ``tag_multiplier`` is not a positive finite number.
    """
    credits = check_max_credits(max_credits)
    service_mode = check_mode(mode) or ServiceMode.STANDARD
    multiplier = _multiplier(tag_multiplier)
    with localcontext() as context:
        context.prec = 100  # far more digits than any product here needs: exact
        product = Decimal(credits) * SLA_MULTIPLIERS[service_mode] * multiplier
        return int(product.to_integral_value(rounding=ROUND_CEILING))


def _multiplier(value: object) -> Decimal:
    number: Optional[Decimal] = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, float) and math.isfinite(value):
        number = Decimal(repr(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    if number is None or not number.is_finite() or number <= 0:
        raise refused(
            InvalidTagError,
            "tag_multiplier",
            f"tag_multiplier must be a positive finite number (a tag's cost_multiplier), "
            f"got {value!r}",
            code="invalid_tag",
        )
    return number
