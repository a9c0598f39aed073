"""How a streamed response is cut into items, beside server-sent events.

A ``Framing`` names a decoder factory (each decoder is fed bytes and returns items as
``ServerSentEvent``s, whose ``data`` is one item's text), the terminator (an item's text that
ends the stream cleanly: OpenAI-style ``data: [DONE]``, declared by ``x-sdk-stream``), and
whether a dropped connection may resume (SSE has ``Last-Event-ID``; a JSON-lines stream
restarted from the top would repeat its items, so a drop is an error there).

* ``JSONLinesDecoder``: ``application/jsonl``, ``application/x-ndjson``: one JSON text per
  line (``\\n`` or ``\\r\\n``); blank lines are skipped.
* ``JSONSeqDecoder``: ``application/json-seq`` (RFC 7464): each text starts with the record
  separator 0x1E.
"""

from __future__ import annotations

import json
from typing import Callable, Optional

from ._sse import ServerSentEvent, SSEDecoder

__all__ = ["JSON_LINES", "JSON_SEQ", "SSE", "Framing", "JSONLinesDecoder", "JSONSeqDecoder"]


class JSONLinesDecoder(SSEDecoder):
    """Bytes in, one item per non-blank line out (the SSE decoder's interface: no event ids
    and no ``retry`` hints here)."""

    _separator = b"\n"

    def __init__(self) -> None:
        super().__init__()
        # A bytearray grows in place: a long item arriving in many chunks is copied once,
        # and split only when a chunk brings a separator.
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        self._buffer += chunk
        if self._separator not in chunk:
            return self._ended_here()
        *complete, rest = bytes(self._buffer).split(self._separator)
        self._buffer = bytearray(rest)
        return [item for item in map(self._item, complete) if item is not None] + self._ended_here()

    def close(self) -> list[ServerSentEvent]:
        rest, self._buffer = bytes(self._buffer), bytearray()
        item = self._item(rest)
        return [] if item is None else [item]

    def _ended_here(self) -> list[ServerSentEvent]:
        """Items complete before the next separator arrives (none: a line ends at its own)."""
        return []

    def _item(self, raw: bytes) -> Optional[ServerSentEvent]:
        text = raw.decode("utf-8").strip()
        return ServerSentEvent(data=text) if text else None


class JSONSeqDecoder(JSONLinesDecoder):
    """RFC 7464 JSON text sequences: each record starts with 0x1E (RS) and ends with ``\n``.

    RS only begins a record, so a record is handed out when it is complete, not when the next
    one begins (that may be long after, on a stream of events): once it ends with ``\n`` and
    is a whole JSON text. The ``\n`` alone does not tell, since a pretty-printed text holds
    others; the parse that tells is made only on a chunk ending with ``\n``."""

    _separator = b"\x1e"

    def _ended_here(self) -> list[ServerSentEvent]:
        record = self._buffer
        if not record.endswith(b"\n"):
            return []
        try:
            json.loads(record)
        except ValueError:  # not whole yet (or never: the next RS or the end hands it out)
            return []
        self._buffer = bytearray()
        item = self._item(bytes(record))
        return [] if item is None else [item]


class Framing:
    """A stream's framing: its decoder factory, terminator and whether it resumes."""

    __slots__ = ("decoder", "resumable", "terminator")

    def __init__(
        self,
        decoder: Callable[[], SSEDecoder],
        terminator: Optional[str] = None,
        resumable: bool = True,
    ) -> None:
        self.decoder = decoder
        self.terminator = terminator
        self.resumable = resumable

    def until(self, terminator: str) -> Framing:
        """The same framing, ended by an item whose text is ``terminator``."""
        return Framing(self.decoder, terminator, self.resumable)


SSE = Framing(SSEDecoder)
JSON_LINES = Framing(JSONLinesDecoder, resumable=False)
JSON_SEQ = Framing(JSONSeqDecoder, resumable=False)
