"""How ``with_raw_response``/``with_streaming_response`` reach the response of a plain method.

A generated method sends its request through the shell's ``request`` and decodes the response
itself. The wrappers (``_async_raw``/``_sync_raw``) call that same method with a ``Capture`` set
in a context variable, which the shell reads once per call (the whole cost to a call made
without a wrapper):

- ``record``: the shell stores the final response and returns it as usual (raw response);
- ``intercept``: the shell sends with a streamed body and, on success, stops the method by
  raising ``Captured`` before anything reads the body (streaming response);
- ``replay``: the shell sends nothing and returns the given response, so the method decodes an
  already received body (``.parse()`` of a streaming response);
- ``follow``: the shell sends the method's request to another URL of the same origin, ``(origin,
  path and query)``, without the method's query parameters (the next page of a list, whose URL
  the previous page gave).

A context variable is per thread and per asyncio task, so concurrent calls never see each
other's capture, unlike a client-wide ``last_response``.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Optional

import httpx

__all__ = ["CAPTURE", "Capture", "Captured"]


class Capture:
    """What one wrapped call wants from the shell (see the module docstring)."""

    __slots__ = ("follow", "intercept", "replay", "response")

    def __init__(
        self,
        *,
        intercept: bool = False,
        replay: Optional[httpx.Response] = None,
        follow: Optional[tuple[str, str]] = None,
    ) -> None:
        self.intercept = intercept
        self.replay = replay
        self.follow = follow
        self.response: Optional[httpx.Response] = None

    def took(self, response: httpx.Response) -> httpx.Response:
        """The shell's successful ``response``: kept, and the method stopped if intercepting."""
        self.response = response
        if self.intercept:
            raise Captured(response)
        return response


class Captured(BaseException):
    """Carries an intercepted response out of the generated method, unread.

    A ``BaseException`` so that no ``except Exception`` on the way (a hand-written override
    in ``lib/``) mistakes it for an error.
    """

    def __init__(self, response: httpx.Response) -> None:
        super().__init__()
        self.response = response


CAPTURE: ContextVar[Optional[Capture]] = ContextVar("sdk_capture", default=None)
