"""Server-Sent Events: a sans-I/O decoder and thin httpx wrappers around it.

The decoder follows the WHATWG HTML "event stream interpretation" rules
(https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
lines end in CRLF, LF or CR (a CRLF split across two chunks is one line break); one leading
UTF-8 BOM is ignored; the stream is UTF-8 with invalid bytes replaced by U+FFFD; ``field: value``
lines fill the event, a blank line dispatches it unless no ``data`` field was seen; lines
starting with ``:`` are comments; unknown fields are ignored.

It works on bytes: a chunk is split on line endings with bytes methods and only complete lines
are decoded, so a multi-byte character or a CRLF cut by a chunk boundary needs no special case
beyond a small pending buffer, and there is no per-byte Python loop.

This module is copied verbatim into generated SDKs: it imports only the stdlib and httpx.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

__all__ = ["ServerSentEvent", "SSEDecoder", "iter_sse", "aiter_sse"]

_BOM = b"\xef\xbb\xbf"


class ServerSentEvent:
    """One dispatched event; immutable (read-only properties over slots), equal by value.

    ``event`` is the ``event:`` field, ``"message"`` when absent or empty. ``data`` is every
    ``data:`` line of the event joined with ``"\\n"``. ``id`` is the stream's last event ID when
    the event was dispatched: as in the spec (and browsers' ``MessageEvent.lastEventId``) it
    persists across events until an ``id:`` field changes it, so the id of the last event received
    is what to send as ``Last-Event-ID`` on reconnect; ``None`` until the stream sets one. ``retry``
    is the valid ``retry:`` value (milliseconds) carried by this event, else ``None``.
    """

    # Hand-written rather than attrs: a frozen attrs class sets each field through
    # object.__setattr__, which made building 100,000 events about twice as slow.
    __slots__ = ("_data", "_event", "_id", "_retry")

    def __init__(
        self,
        *,
        event: str = "message",
        data: str,
        id: str | None = None,
        retry: int | None = None,
    ) -> None:
        self._event, self._data, self._id, self._retry = event, data, id, retry

    @property
    def event(self) -> str:
        return self._event

    @property
    def data(self) -> str:
        return self._data

    @property
    def id(self) -> str | None:
        return self._id

    @property
    def retry(self) -> int | None:
        return self._retry

    def json(self) -> Any:
        """``data`` parsed as JSON; raises ``json.JSONDecodeError`` if it is not JSON."""
        return json.loads(self._data)

    def _astuple(self) -> tuple[str, str, str | None, int | None]:
        return (self._event, self._data, self._id, self._retry)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return self._astuple() == other._astuple()

    def __hash__(self) -> int:
        return hash(self._astuple())

    def __repr__(self) -> str:
        fields = zip(("event", "data", "id", "retry"), self._astuple())
        return f"ServerSentEvent({', '.join(f'{k}={v!r}' for k, v in fields)})"


class SSEDecoder:
    """Incremental decoder: bytes in, completed events out. Does no I/O.

    Feed the response body chunk by chunk with :meth:`feed`, then call :meth:`close` at end of
    stream. Chunks may be split anywhere (inside a line, a CRLF or a UTF-8 character).
    :attr:`last_event_id` and :attr:`retry` survive :meth:`close`, so one decoder can follow a
    stream across reconnects.
    """

    def __init__(self) -> None:
        # Bytes of the current line that have no line ending yet (never contain CR or LF).
        self._pending: list[bytes] = []
        # The previous chunk ended in CR: that ended a line, and if this chunk starts with LF,
        # that LF is the second half of a CRLF rather than an empty line.
        self._skip_lf = False
        # No byte of this stream processed yet, so a leading BOM may still be (partly) pending.
        self._at_start = True
        # Buffers of the event being built (the spec's event type, data and last event ID).
        self._event = ""
        self._data: list[str] = []
        self._id_buffer: str | None = None
        self._event_retry: int | None = None
        # The spec's "last event ID string" (set when a blank line is reached) and
        # "reconnection time" (set as soon as a valid retry field is read).
        self._last_event_id: str | None = None
        self._retry: int | None = None

    @property
    def last_event_id(self) -> str:
        """The last event ID of the stream ("" if none): send it as ``Last-Event-ID``."""
        return self._last_event_id or ""

    @property
    def retry(self) -> int | None:
        """The last valid ``retry:`` value in milliseconds, ``None`` if the stream sent none."""
        return self._retry

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Consume the next chunk of the stream; return the events it completed, in order."""
        if self._skip_lf and chunk:
            self._skip_lf = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        if self._at_start:
            # The BOM may arrive split over chunks: hold back a prefix of it until decided.
            chunk = b"".join(self._pending) + chunk
            self._pending.clear()
            if len(chunk) < len(_BOM) and _BOM.startswith(chunk):
                if chunk:
                    self._pending.append(chunk)
                return []
            self._at_start = False
            if chunk.startswith(_BOM):
                chunk = chunk[len(_BOM) :]
        # Only complete lines are decoded: everything after the last line ending waits.
        end = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
        if end < 0:
            if chunk:
                self._pending.append(chunk)
            return []
        head = chunk[: end + 1]
        if self._pending:
            self._pending.append(head)
            head = b"".join(self._pending)
            self._pending.clear()
        if end + 1 < len(chunk):
            self._pending.append(chunk[end + 1 :])
        elif chunk[end] == 0x0D:
            self._skip_lf = True
        # CR and LF never occur inside a UTF-8 multi-byte sequence, so a region ending at a line
        # break decodes exactly as it would within the whole stream.
        text = head.decode("utf-8", "replace")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        del lines[-1]  # the empty string after the final line break
        return self._process(lines)

    def close(self) -> list[ServerSentEvent]:
        """Signal end of stream; always returns ``[]``.

        Per the spec, data pending at end of stream is discarded: an unterminated last line and
        an event without its closing blank line are dropped, never dispatched half-received. The
        per-stream state is reset so the decoder can take a new stream (e.g. after reconnecting);
        ``last_event_id`` and ``retry`` are kept, and the next stream's events carry that id until
        it sends a new one, as browsers do.
        """
        self._pending.clear()
        self._skip_lf, self._at_start = False, True
        self._event, self._data, self._event_retry = "", [], None
        self._id_buffer = self._last_event_id
        return []

    def _process(self, lines: list[str]) -> list[ServerSentEvent]:
        # The hot loop: the event's buffers live in locals and are stored back at the end.
        events = []
        event, data, id_buffer, retry = self._event, self._data, self._id_buffer, self._event_retry
        for line in lines:
            if not line:
                self._last_event_id = id_buffer
                if data:
                    events.append(
                        ServerSentEvent(
                            event=event or "message",
                            data="\n".join(data),
                            id=id_buffer,
                            retry=retry,
                        )
                    )
                    data = []
                event, retry = "", None
                continue
            # A line without a colon is a field name with an empty value; a comment line
            # (starting with ":") yields the name "", which no branch matches.
            name, _, value = line.partition(":")
            if value[:1] == " ":
                value = value[1:]
            if name == "data":
                data.append(value)
            elif name == "event":
                event = value
            elif name == "id":
                if "\0" not in value:
                    id_buffer = value
            elif name == "retry" and value.isdigit() and value.isascii():
                # isascii(): isdigit() also accepts digits such as "²". suppress(): int() refuses
                # more than 4300 digits on recent CPythons; such a value is ignored like any other.
                with contextlib.suppress(ValueError):
                    retry = self._retry = int(value)
        self._event, self._data, self._id_buffer, self._event_retry = event, data, id_buffer, retry
        return events


def iter_sse(
    response: httpx.Response, decoder: SSEDecoder | None = None
) -> Iterator[ServerSentEvent]:
    """Yield the events of a streamed response body (from ``response.iter_bytes()``).

    Pass a ``decoder`` to read its ``last_event_id`` and ``retry`` afterwards, or to continue one
    after a reconnect. The response is not closed here: that belongs to whoever opened it.
    """
    decoder = SSEDecoder() if decoder is None else decoder
    for chunk in response.iter_bytes():
        yield from decoder.feed(chunk)
    yield from decoder.close()


async def aiter_sse(
    response: httpx.Response, decoder: SSEDecoder | None = None
) -> AsyncIterator[ServerSentEvent]:
    """Async twin of :func:`iter_sse`, reading ``response.aiter_bytes()``."""
    decoder = SSEDecoder() if decoder is None else decoder
    async for chunk in response.aiter_bytes():
        for event in decoder.feed(chunk):
            yield event
    for event in decoder.close():
        yield event
