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

from typing import Callable, Optional

from ._sse import ServerSentEvent, SSEDecoder

__all__ = ["JSON_LINES", "JSON_SEQ", "SSE", "Framing", "JSONLinesDecoder", "JSONSeqDecoder"]


class JSONLinesDecoder(SSEDecoder):
    """Bytes in, one item per non-blank line out (the SSE decoder's interface: no event ids
    and no ``retry`` hints here)."""

    _separator = b"\n"

    def __init__(self) -> None:
        super().__init__()
        self._buffer = b""

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        self._buffer += chunk
        *complete, self._buffer = self._buffer.split(self._separator)
        return [item for item in map(self._item, complete) if item is not None]

    def close(self) -> list[ServerSentEvent]:
        rest, self._buffer = self._buffer, b""
        item = self._item(rest)
        return [] if item is None else [item]

    def _item(self, raw: bytes) -> Optional[ServerSentEvent]:
        text = raw.decode("utf-8").strip()
        return ServerSentEvent(data=text) if text else None


class JSONSeqDecoder(JSONLinesDecoder):
    """RFC 7464 JSON text sequences: records start with 0x1E (and usually end with ``\\n``)."""

    _separator = b"\x1e"


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
