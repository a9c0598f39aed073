"""How hard the reliability suites push: ``SDKGEN_RELIABILITY=N`` multiplies their example counts.

``make test`` runs them at 1 (bounded, a few minutes at most); ``make reliability`` runs them at a
larger factor. Hypothesis runs are derandomized either way, so a failure reproduces.
"""

from __future__ import annotations

import os

__all__ = ["SCALE", "examples"]

SCALE = max(1, int(os.environ.get("SDKGEN_RELIABILITY", "1")))


def examples(base: int) -> int:
    """``base`` examples at the default scale, ``base * SCALE`` under ``make reliability``."""
    return base * SCALE
