"""Virtual time for concurrent async tests: many waiters, each sleeping, without real delays."""

from __future__ import annotations

import asyncio
import heapq
from typing import Any

__all__ = ["VirtualTime"]


class VirtualTime:
    """An event loop's notion of time for tests: sleepers wake in deadline order, instantly."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._count = 0

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._count += 1
        heapq.heappush(self._sleepers, (self.now + seconds, self._count, future))
        await future

    async def drive(self, awaitable: Any) -> Any:
        task = asyncio.ensure_future(awaitable)
        while not task.done():
            for _ in range(20):  # let every runnable task reach its next sleep
                await asyncio.sleep(0)
            if self._sleepers:
                deadline, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, deadline)
                future.set_result(None)
        return task.result()
