"""Polling decisions without I/O: when to poll next, when to stop, and a shared rate limiter.

``PollPolicy`` says what the spec says (status field, terminal states, cadence per state, limits);
``PollState`` is fed each observation and the clock and answers with the next step. The sync and
async pollers (``_sync_poll``/``_async_poll``) only sleep and fetch as told, so the whole
schedule is tested with a fake clock and no sleeping.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, Optional, Union

import attrs

__all__ = ["Decision", "PollPolicy", "PollState", "RateLimiter", "policy_from_spec", "read_path"]


def read_path(value: Any, path: str) -> Any:
    """Follow a dotted path of wire names (``data.status``) through models or dicts."""
    for part in path.split(".") if path else ():
        value = value[part] if value is not None else None
    return value


@attrs.frozen
class PollPolicy:
    """How to wait on one kind of resource.

    ``intervals`` maps a status to (min, max) seconds between polls; a status not listed uses
    ``interval``. Jitter is drawn within the range so many waiters don't poll in lockstep.
    """

    status: str
    success: frozenset[str]
    failure: frozenset[str] = frozenset()
    interval: float = 1.0
    intervals: Mapping[str, tuple[float, float]] = attrs.field(factory=dict)
    initial_delay: float = 0.0
    max_attempts: Optional[int] = None
    timeout: Optional[float] = None
    returns: str = ""
    # Cadence that depends on another field of the resource (CodeVF: the task's `mode`):
    # (field path, {field value: {status: (min, max)}}); falls back to ``intervals``.
    vary_by: str = ""
    intervals_by: Mapping[str, Mapping[str, tuple[float, float]]] = attrs.field(factory=dict)

    def cadence(self, observation: Any, status: str) -> tuple[float, float]:
        if self.vary_by:
            specific = self.intervals_by.get(str(read_path(observation, self.vary_by)), {})
            if status in specific:
                return specific[status]
        return self.intervals.get(status, (self.interval, self.interval))

    def with_overrides(
        self,
        interval: Optional[float] = None,
        max_attempts: Optional[int] = None,
        timeout: Optional[float] = None,
    ) -> PollPolicy:
        """A caller's ``poll_interval`` replaces the whole cadence (it is an explicit choice)."""
        changes: dict[str, Any] = {}
        if interval is not None:
            changes.update(interval=interval, intervals={}, vary_by="", intervals_by={})
        if max_attempts is not None:
            changes["max_attempts"] = max_attempts
        if timeout is not None:
            changes["timeout"] = timeout
        return attrs.evolve(self, **changes) if changes else self


class Decision(NamedTuple):
    """What to do next: ``action`` is ``wait`` (``delay`` seconds, then poll), ``success``,
    ``failure`` or ``exhausted`` (attempts or time ran out). A named tuple: one is made per
    poll, and a frozen attrs class sets each field through ``object.__setattr__``."""

    action: str
    delay: float = 0.0
    status: Optional[str] = None
    changed: bool = False


@attrs.define
class PollState:
    policy: PollPolicy
    started: float
    attempts: int = 0
    last_status: Optional[str] = None
    random: Any = random.random

    def first(self) -> Decision:
        return Decision("wait", self.policy.initial_delay)

    def observe(
        self, observation: Any, now: float, retry_after: Optional[float] = None
    ) -> Decision:
        """Record one poll result; decide what comes next."""
        self.attempts += 1
        raw = read_path(observation, self.policy.status)
        status = None if raw is None else str(raw)
        changed = status != self.last_status
        self.last_status = status
        if status in self.policy.success:
            return Decision("success", status=status, changed=changed)
        if status in self.policy.failure:
            return Decision("failure", status=status, changed=changed)
        policy = self.policy
        low, high = policy.cadence(observation, status or "")
        delay = low + (high - low) * self.random()
        if retry_after is not None:  # the server's hint wins, even on a 200
            delay = max(delay, retry_after)
        if policy.max_attempts is not None and self.attempts >= policy.max_attempts:
            return Decision("exhausted", status=status, changed=changed)
        if policy.timeout is not None and now + delay - self.started > policy.timeout:
            return Decision("exhausted", status=status, changed=changed)
        return Decision("wait", delay, status, changed)


class RateLimiter:
    """A client-side budget of ``requests`` per ``period`` seconds, shared by every waiter of
    one client: each caller reserves the next free slot and is told how long to wait for it.
    Reservation is atomic (a lock for threads; no await inside for tasks), so concurrent waits
    never exceed the budget."""

    def __init__(self, requests: int, period: float) -> None:
        self.spacing = period / max(requests, 1)
        self._next = float("-inf")
        self._lock = threading.Lock()

    def reserve(self, now: float) -> float:
        """Seconds to wait before the caller may send."""
        with self._lock:
            slot = max(now, self._next)
            self._next = slot + self.spacing
            return slot - now


def policy_from_spec(
    status: str,
    success: Sequence[str],
    failure: Sequence[str] = (),
    interval: float = 1.0,
    intervals: Optional[Mapping[str, Sequence[Union[int, float]]]] = None,
    initial_delay: float = 0.0,
    max_attempts: Optional[int] = None,
    timeout: Optional[float] = None,
    returns: str = "",
    vary_by: str = "",
    intervals_by: Optional[Mapping[str, Mapping[str, Sequence[Union[int, float]]]]] = None,
) -> PollPolicy:
    """A policy from the literal values the generator copies out of ``x-sdk-polling``."""
    return PollPolicy(
        status,
        frozenset(success),
        frozenset(failure),
        float(interval),
        _ranges(intervals or {}),
        float(initial_delay),
        max_attempts,
        timeout,
        returns,
        vary_by,
        {key: _ranges(value) for key, value in (intervals_by or {}).items()},
    )


def _ranges(
    intervals: Mapping[str, Sequence[Union[int, float]]],
) -> dict[str, tuple[float, float]]:
    return {k: (float(v[0]), float(v[-1])) for k, v in intervals.items()}
