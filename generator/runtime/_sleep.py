"""The waits between retries and polls: one per I/O shell.

The async shell and poller name ``async_sleep``; the rule table that derives their sync twins
turns that name into ``sync_sleep``, so neither twin needs a rule of its own for how it waits.
"""

from __future__ import annotations

import time

__all__ = ["async_sleep", "sync_sleep"]

sync_sleep = time.sleep


async def async_sleep(seconds: float) -> None:
    import anyio  # imported on first retry: most calls never sleep

    await anyio.sleep(seconds)
