"""``MockOptions``: the mock server's options for the in-process mock (``mock_mode=``).

``Client(mock_mode=True)`` is ``Client(mock_mode=MockOptions())``: lenient, no credentials
needed, no faults. ``MockOptions(strict=True, step_seconds=5, latency=0.05, fault_rate=0.2,
seed=7)`` gives in process what ``python -m PKG.mock --strict --step-seconds 5 --latency 0.05
--fault-rate 0.2 --seed 7`` gives over HTTP. In process a dropped connection is raised as the
``httpx`` error a real one gives (``ConnectError`` before the mock acted, ``ReadError`` after),
so retries behave as they would on the network; ``latency`` and ``slow_seconds`` are real waits.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Optional

import attrs
import httpx

from ._core import MockAPI, MockSpec
from ._faults import Faults

__all__ = ["MockOptions"]


@attrs.frozen(kw_only=True)
class MockOptions:
    """What the in-process mock does; each field is the server flag of the same name."""

    strict: bool = False  # unknown ids answer 404; formats asserted
    step_seconds: Optional[float] = None  # a polled resource's seconds per status
    check_auth: bool = False  # refuse missing or bad keys as the server does
    rate_limit: bool = False  # enforce x-sdk-rate-limit with 429
    latency: float = 0.0  # seconds before every answer
    fault_rate: float = 0.0  # share of requests answered with a status in fault_statuses
    fault_statuses: tuple[int, ...] = (503,)
    retry_after: float = 1.0
    drop_before: float = 0.0  # share failing as a connection error before the mock acts
    drop_after: float = 0.0  # share failing as a read error after the mock acted
    slow_rate: float = 0.0
    slow_seconds: float = 0.0
    fault_limit: Optional[int] = None  # only the first N requests may fault
    seed: int = 0  # of the fault draws

    def api(self, spec: MockSpec) -> MockAPI:
        return MockAPI(spec, self.check_auth, strict=self.strict, rate_limit=self.rate_limit,
                       step_seconds=self.step_seconds)  # fmt: skip

    def faults(self) -> Faults:
        return Faults(self.latency, self.fault_rate, self.fault_statuses, self.retry_after,
                      self.seed, self.drop_before, self.drop_after, self.slow_rate,
                      self.slow_seconds, self.fault_limit)  # fmt: skip

    def transport(self, spec: MockSpec, *, is_async: bool = False) -> httpx.MockTransport:
        """An ``httpx`` transport answering from a fresh mock of ``spec`` with these options."""
        api = self.api(spec)
        if self == MockOptions():
            return api.transport()  # the plain mock: nothing to decide per request
        faults = self.faults()

        def decide(request: httpx.Request) -> tuple[httpx.Response, float]:
            fault = faults.pick()
            if fault == "drop-before":
                raise httpx.ConnectError(
                    "injected: connection reset before acting", request=request
                )
            if fault == "status":
                return faults.response(api), self.latency
            response = api.handle(request)
            if fault == "drop-after":
                raise httpx.ReadError("injected: connection reset after acting", request=request)
            return response, self.latency + (self.slow_seconds if fault == "slow" else 0.0)

        def handle(request: httpx.Request) -> httpx.Response:
            response, wait = decide(request)
            time.sleep(wait)
            return response

        async def handle_async(request: httpx.Request) -> httpx.Response:
            response, wait = decide(request)
            await asyncio.sleep(wait)
            return response

        handler: Any = handle_async if is_async else handle
        return httpx.MockTransport(handler)
