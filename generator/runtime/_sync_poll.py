# Generated from its async twin by generator/unasync.py; do not edit.
"""A poller: waits as ``PollState`` decides, fetching through the caller's function.

Only the async poller is written by hand; the sync one is derived from it by
``generator/unasync.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable, Generic, Optional, TypeVar

import httpx

from ._errors import retry_after_seconds
from ._poll import PollPolicy, PollState, read_path
from ._sync_http import SyncAPIClient

__all__ = ["Poller"]

T = TypeVar("T")


class Poller(Generic[T]):
    """Iterates over each observation of a resource until it reaches a terminal status.

    ``fetch`` returns ``(value, response)``; ``value`` (or its ``project`` part, a dotted wire
    path) is yielded, ``response`` supplies the ``Retry-After`` hint (honoured on 200 too).
    ``wait()`` runs to the end and returns the final value (or the part ``policy.returns``
    names); a failure status raises ``failed`` and running out raises ``timed_out``, both with
    the last value seen. ``cancel()`` stops it.
    """

    def __init__(
        self,
        api: SyncAPIClient,
        fetch: Callable[[], tuple[Any, httpx.Response]],
        policy: PollPolicy,
        *,
        on_status: Optional[Callable[[T], Any]] = None,
        project: str = "",
        failed: Callable[[str, Optional[T]], Exception],
        timed_out: Callable[[Optional[str], Optional[T]], Exception],
    ) -> None:
        self._api = api
        self._fetch = fetch
        self._on_status = on_status
        self._project = project
        self._failed = failed
        self._timed_out = timed_out
        core = api.core
        self._clock: Callable[[], float] = core.clock
        self._state = PollState(policy, self._clock(), random=core.random)
        self._next = self._state.first()
        self._cancelled = False
        self._finished = False
        self.last: Optional[T] = None

    def cancel(self) -> None:
        """Stop before the next poll; the iteration ends quietly."""
        self._cancelled = True

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        decision = self._next
        if self._cancelled or self._finished:
            raise StopIteration
        if decision.action != "wait":
            # The terminal value was yielded last time; now end, or raise for a bad ending.
            self._finished = True
            if decision.action == "failure":
                raise self._failed(decision.status or "", self.last)
            if decision.action == "exhausted":
                raise self._timed_out(decision.status, self.last)
            raise StopIteration
        delay = decision.delay
        limiter = self._api.core.limiter
        if limiter is not None:
            delay += limiter.reserve(self._clock() + delay)
        if delay > 0:
            self._api.sleep(delay)
        if self._cancelled:
            raise StopIteration
        observed, response = self._fetch()
        # Yield (and judge) the resource inside the response envelope when told to.
        value: T = read_path(observed, self._project) if self._project else observed
        self.last = value
        self._next = self._state.observe(
            value, self._clock(), retry_after_seconds(response.headers)
        )
        if self._next.changed and self._on_status is not None:
            self._on_status(value)
        return value

    def wait(self) -> Any:
        """Poll to the end; return the final value, or its ``policy.returns`` part."""
        for _ in self:
            pass
        if self._cancelled or self.last is None:
            raise self._timed_out(self._state.last_status, self.last)
        return read_path(self.last, self._state.policy.returns)

    def __enter__(self) -> Poller[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.cancel()
