"""Client-side pacing of every call from the server's rate-limit headers.

When a response says the budget is spent (``X-RateLimit-Remaining: 0``, ``RateLimit-Remaining:
0`` or the IETF ``RateLimit`` field with ``r=0``/``remaining=0``), the next request of any
thread or task of the client waits until the window resets (``X-RateLimit-Reset``,
``RateLimit-Reset``, ``t=``/``reset=``; seconds from now, or a Unix time when it is one) instead
of being sent to collect a 429. Sans-I/O: the shell gives the clock and does the sleeping.

Costs nothing to a response without such headers beyond one pass over its header names; a
client built with ``respect_rate_limits=False`` has no pacer at all.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Callable, Optional

import httpx

__all__ = ["MAX_PAUSE", "Pacer"]

# A reset further away than this is capped: beyond it waiting is the caller's decision (the
# same bound as a Retry-After's).
MAX_PAUSE = 60.0
# A reset this large is a Unix time, not seconds from now.
_EPOCH = 1_000_000_000.0
_PARAM = re.compile(r"\b(r|t|remaining|reset)\s*=\s*\"?(\d+(?:\.\d+)?)")


class Pacer:
    """The instant (on the client's clock) before which no request should be sent; 0.0 until
    a response says the budget is spent (so the shell can skip reading the clock)."""

    __slots__ = ("_lock", "until")

    def __init__(self) -> None:
        self.until = 0.0
        self._lock = threading.Lock()

    def delay(self, now: float) -> float:
        """Seconds to wait before sending (0 when the budget is not known to be spent)."""
        return self.until - now if self.until > now else 0.0

    def observe(self, headers: httpx.Headers, clock: Callable[[], float]) -> None:
        """Read a response's rate-limit headers; a spent budget pauses until its reset (the
        client's ``clock`` is read only then)."""
        # Most responses carry none: one cheap test per lower-cased name before any parsing.
        # httpx keeps (raw, lower-cased, value) triples; reading them spares decoding every
        # name (public iteration does), the one cost here on every call. Elsewhere: public API.
        triples = getattr(headers, "_list", None)
        if isinstance(triples, list):
            for _, name, _ in triples:
                if b"atelimit" in name:
                    self._read(headers, clock())
                    return
            return
        for text in headers:
            if "atelimit" in text:
                self._read(headers, clock())
                return

    def _read(self, headers: httpx.Headers, now: float) -> None:
        remaining = reset = None
        for raw_name, raw_value in headers.raw:
            name = raw_name.lower()
            if not (name.startswith(b"x-ratelimit-") or name.startswith(b"ratelimit")):
                continue
            value = raw_value.decode("latin-1")
            if name in (b"x-ratelimit-remaining", b"ratelimit-remaining"):
                remaining = _number(value)
            elif name in (b"x-ratelimit-reset", b"ratelimit-reset"):
                reset = _number(value)
            elif name == b"ratelimit":  # IETF: `limit=9, remaining=0, reset=5`, `"p";r=0;t=5`
                for key, number in _PARAM.findall(value):
                    if key in ("r", "remaining"):
                        remaining = float(number)
                    else:
                        reset = float(number)
        if remaining is None or remaining > 0 or reset is None:
            return
        seconds = reset - time.time() if reset > _EPOCH else reset
        pause = min(max(seconds, 0.0), MAX_PAUSE)
        with self._lock:  # the furthest reset wins, across threads
            self.until = max(self.until, now + pause)


def _number(value: str) -> Optional[float]:
    try:
        return float(value.strip())
    except ValueError:
        return None
