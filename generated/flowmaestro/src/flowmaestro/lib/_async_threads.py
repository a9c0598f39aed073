# Hand-written: copied by sdkgen from specs/flowmaestro/lib/_async_threads.py; edit that file, not this copy (spec sha256 c658a59f0f4663732eba07afe793c978d7cbcdaf5db0f04c2c13f1fc073cdd68).
"""``client.threads`` with the documented ``send_message_stream(thread_id, content)`` loop.

Why: the SDK documents ``for event in client.threads.send_message_stream(thread_id, "Tell me a
story"): ... break``, and the same loop over the async client's method. The generated operation
(``open_message_stream``) returns a ``Stream`` that must be opened first on the async client and
that only closes its HTTP response when the server ends the stream or ``close()`` is called.
``send_message_stream`` wraps it in a generator: it can be looped over directly on both clients,
and leaving the loop early (``break``, an exception) closes the response as soon as the
generator is finalized. Everything else is inherited unchanged.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Optional, Union

import httpx

from ..models.thread_event import ThreadEvent
from ..resources import threads as _generated

__all__ = ["AsyncThreads"]


class AsyncThreads(_generated.AsyncThreads):
    """Operations under ``client.threads``, plus the documented ``send_message_stream`` loop."""

    async def send_message_stream(
        self,
        thread_id: str,
        content: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        timeout: Union[float, httpx.Timeout, None] = None,
    ) -> AsyncIterator[ThreadEvent]:
        """Send a user message and iterate over the reply's Server-Sent Events.

        ``POST /v1/threads/{thread_id}/messages/stream`` with ``{"content": content}``. Items
        are decoded ``ThreadEvent``s read like their JSON: ``message:started``, one
        ``message:token`` per fragment (``event.get("token", "")``), then ``message:completed``
        (``event["message"]``) or ``message:failed`` (``event["error"]``). The request is sent
        when the loop starts; it is retried only before the stream opens (429, 503, connection
        failures), never once events flow. Leaving the loop early closes the HTTP response; for
        a close at a point of your choosing use ``open_message_stream`` as a context manager.

        Args:
            thread_id: The thread's id (``thread_...``), as returned by ``agents.create_thread``.
            content: The message text (1-32,000 characters).
        """
        events = await self.open_message_stream(
            thread_id, content, extra_headers=extra_headers, timeout=timeout
        )
        try:
            async for event in events:
                yield event
        finally:
            await events.close()
