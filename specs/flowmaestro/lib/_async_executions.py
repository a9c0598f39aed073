"""``client.executions`` with the documented ``stream(execution_id)`` loop.

Why: the SDK documents ``for event in client.executions.stream("exec_123"): ... break``, and the
same loop over the async client's ``stream``. The generated operation (``open_stream``) returns a
``Stream`` that must be opened first on the async client and that only closes its HTTP response
when the server ends the stream or ``close()`` is called. ``stream`` wraps it in a generator:
it can be looped over directly on both clients, and leaving the loop early (``break``, an
exception) closes the response as soon as the generator is finalized. Everything else, including
the generated ``wait_for_completion`` waiter, is inherited unchanged.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Optional, Union

import httpx

from ..models.execution_event import ExecutionEvent
from ..resources import executions as _generated

__all__ = ["AsyncExecutions"]


class AsyncExecutions(_generated.AsyncExecutions):
    """Operations under ``client.executions``, plus the documented event loop ``stream``."""

    async def stream(
        self,
        execution_id: str,
        *,
        last_event_id: Optional[str] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        timeout: Union[float, httpx.Timeout, None] = None,
    ) -> AsyncIterator[ExecutionEvent]:
        """Iterate over the execution's Server-Sent Events (``GET /v1/executions/{id}/stream``).

        Each item is one decoded ``ExecutionEvent`` (read it like its JSON: ``event["type"]``,
        ``event.get("outputs")``); ``: ping`` comments are skipped. The request is sent when the
        loop starts, so an error such as ``NotFoundError`` is raised by the loop. The loop ends
        after the final ``execution:completed`` / ``execution:failed`` / ``execution:cancelled``
        event, when the server closes the stream. Leaving it early closes the HTTP response;
        for a close at a point of your choosing use ``open_stream`` as a context manager.

        Args:
            execution_id: The execution's id (``exec_...``).
            last_event_id: Resume after this event ``id:`` (sent as ``Last-Event-ID``).
        """
        events = await self.open_stream(
            execution_id,
            last_event_id=last_event_id,
            extra_headers=extra_headers,
            timeout=timeout,
        )
        try:
            async for event in events:
                yield event
        finally:
            await events.close()
