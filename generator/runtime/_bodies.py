"""What a streamed response body allows: being read once.

``with_streaming_response`` hands out a body's bytes as they arrive and keeps none of them
(keeping them is what streaming avoids), so a body iterated once cannot be read whole
afterwards, nor iterated again. httpx says so with ``StreamConsumed``, whose message speaks of
requests and redirects; ``BodyConsumedError`` is that exception, saying what to do instead.
"""

from __future__ import annotations

import httpx

__all__ = ["BodyConsumedError"]


class BodyConsumedError(httpx.StreamConsumed):
    """The body of a streaming response was already iterated: it cannot be read again."""

    def __init__(self) -> None:
        httpx.StreamError.__init__(
            self,
            "the response body was already read by iter_bytes()/iter_text()/iter_lines() or "
            "stream_to_file(), which keep nothing: call parse()/read() instead of iterating, "
            "or iterate only once",
        )
