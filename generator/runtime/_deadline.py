"""A call's overall time budget: ``deadline=`` per call, ``max_elapsed`` per client.

A per-attempt timeout bounds one request; with retries and their backoff a call can take many
times that (a 30 s timeout and 2 retries, about 90 s). A ``Deadline`` bounds the whole call:
each attempt's timeouts shrink to what remains, and a retry whose wait would outlast the budget
is not made (the last error is raised instead). Sans-I/O: the clock is the client's
(``ClientCore.clock``), so tests drive it with virtual time.
"""

from __future__ import annotations

from typing import Callable

import httpx

__all__ = ["Deadline"]

_PHASES = ("connect", "read", "write", "pool")


class Deadline:
    """The instant a call must be over by, on ``clock``."""

    __slots__ = ("clock", "ends", "seconds")

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.seconds = seconds
        self.clock = clock
        self.ends = clock() + seconds

    def remaining(self) -> float:
        return self.ends - self.clock()

    def bound(self, request: httpx.Request) -> bool:
        """Shrink ``request``'s timeouts to the time left; ``False`` when none is left."""
        left = self.remaining()
        if left <= 0:
            return False
        current = request.extensions.get("timeout") or {}
        request.extensions["timeout"] = {
            phase: left if current.get(phase) is None else min(current[phase], left)
            for phase in _PHASES
        }
        return True

    def allows(self, delay: float) -> bool:
        """Whether a retry after waiting ``delay`` seconds would start before the end."""
        return self.remaining() > delay

    def expired_message(self, attempts: int) -> str:
        return (
            f"the call's deadline of {self.seconds:g} s passed "
            f"({attempts} attempt{'s' if attempts != 1 else ''} made)"
        )
