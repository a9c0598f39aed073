"""Injected misbehaviour for the mock (over HTTP and in process), decided per request from one
seeded random stream, so a run is reproducible."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Optional

import httpx

if TYPE_CHECKING:
    from ._core import MockAPI

__all__ = ["Faults"]


class Faults:
    """Injected misbehaviour, decided per request from one seeded random stream."""

    def __init__(
        self, latency: float = 0.0, rate: float = 0.0, statuses: tuple[int, ...] = (503,),
        retry_after: float = 1.0, seed: int = 0, drop_before: float = 0.0,
        drop_after: float = 0.0, slow: float = 0.0, slow_seconds: float = 0.0,
        limit: Optional[int] = None, cut: float = 0.0,
    ) -> None:  # fmt: skip
        self.latency, self.rate, self.retry_after = latency, rate, retry_after
        self.statuses = statuses
        self.drop_before, self.drop_after = drop_before, drop_after
        self.slow, self.slow_seconds, self.cut = slow, slow_seconds, cut
        self._left = limit  # faults still allowed; None: no limit
        self._random = random.Random(seed)

    def pick(self) -> str:
        """``""`` (behave), ``"status"``, ``"drop-before"``, ``"drop-after"``, ``"slow"`` or
        ``"cut"`` (applies to event streams only):
        the shares are stacked on one draw, so their sum is the share of faulty requests."""
        if self._left is not None:
            if self._left <= 0:
                return ""
            self._left -= 1
        draw = self._random.random()
        for kind, share in (("status", self.rate), ("drop-before", self.drop_before),
                            ("drop-after", self.drop_after), ("slow", self.slow),
                            ("cut", self.cut)):  # fmt: skip
            if draw < share:
                return kind
            draw -= share
        return ""

    def response(self, api: MockAPI) -> httpx.Response:
        message = "injected by the mock server"
        status = self._random.choice(self.statuses)
        return api.error(None, status, "mock_fault", message, code="injected_fault",
                         retry_after=self.retry_after)  # fmt: skip
