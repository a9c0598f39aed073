"""The SSE runtime module: WHATWG event stream rules, chunking invariance, httpx wrappers."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.runtime._sse import ServerSentEvent, SSEDecoder, aiter_sse, iter_sse

BOM = b"\xef\xbb\xbf"


def decode(*chunks: bytes, decoder: SSEDecoder | None = None) -> list[ServerSentEvent]:
    """Feed every chunk, then end the stream; return all events."""
    decoder = SSEDecoder() if decoder is None else decoder
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return events + decoder.close()


def ev(
    data: str, event: str = "message", id: str | None = None, retry: int | None = None
) -> ServerSentEvent:
    return ServerSentEvent(event=event, data=data, id=id, retry=retry)


# --- the event type -------------------------------------------------------------------------


def test_event_defaults_and_value_semantics() -> None:
    a = ServerSentEvent(data="x")
    assert (a.event, a.data, a.id, a.retry) == ("message", "x", None, None)
    assert a == ev("x") and hash(a) == hash(ev("x")) and a != ev("y")
    assert a != ("message", "x", None, None)
    assert repr(a) == "ServerSentEvent(event='message', data='x', id=None, retry=None)"


def test_event_is_immutable() -> None:
    a = ev("x")
    with pytest.raises(AttributeError):
        a.data = "y"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        a.other = 1  # type: ignore[attr-defined]


def test_json() -> None:
    assert ev('{"status": "processing", "n": [1, 2]}').json() == {
        "status": "processing",
        "n": [1, 2],
    }


# --- fields ----------------------------------------------------------------------------------


def test_full_event() -> None:
    stream = b'event: status\ndata: {"status":"processing"}\nid: 123\nretry: 5000\n\n'
    assert decode(stream) == [ev('{"status":"processing"}', "status", "123", 5000)]


def test_event_type_defaults_to_message_and_resets_after_each_event() -> None:
    stream = b"event: a\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n"
    assert decode(stream) == [ev("1", "a"), ev("2"), ev("3")]


def test_data_lines_are_joined_with_lf() -> None:
    assert decode(b"data: a\ndata:\ndata: c\n\n") == [ev("a\n\nc")]


def test_empty_data_field_is_dispatched_but_no_data_field_is_not() -> None:
    assert decode(b"data:\n\n") == [ev("")]
    assert decode(b"data\n\n") == [ev("")]  # no colon: the whole line is the field name
    assert decode(b"event: x\nretry: 1\n\n\n\ndata: y\n\n") == [ev("y")]


def test_only_one_leading_space_is_stripped() -> None:
    assert decode(b"data:x\n\ndata:  x\n\ndata: a: b\n\n") == [ev("x"), ev(" x"), ev("a: b")]


def test_comments_and_unknown_fields_are_ignored() -> None:
    assert decode(b": ping\n\n") == []
    assert decode(b":\ndata: x\n: between\nfoo: bar\nDATA: y\nevent\n\n") == [ev("x")]


def test_id_persists_across_events_until_changed() -> None:
    decoder = SSEDecoder()
    stream = b"id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 2\n\ndata: d\n\n"
    # "id" with no value resets the id; an id-only block dispatches nothing but still counts.
    assert decode(stream, decoder=decoder) == [
        ev("a", id="1"),
        ev("b", id="1"),
        ev("c", id=""),
        ev("d", id="2"),
    ]
    assert decoder.last_event_id == "2"


def test_last_event_id_is_set_at_the_blank_line() -> None:
    decoder = SSEDecoder()
    assert decoder.last_event_id == ""
    decoder.feed(b"id: 1\ndata: a\n")
    assert decoder.last_event_id == ""  # the event is not complete yet
    decoder.feed(b"\nid: 2\n")
    assert decoder.last_event_id == "1"
    decoder.feed(b"\n")  # a block without data does not dispatch but does set the id
    assert decoder.last_event_id == "2"


def test_id_containing_nul_is_ignored() -> None:
    assert decode(b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n") == [
        ev("a", id="1"),
        ev("b", id="1"),
    ]


@pytest.mark.parametrize(
    "value",
    [
        b"",
        b"abc",
        b"10a",
        b"-1",
        b"1.5",
        b" 1",
        "\u00b2".encode(),
        "\u0663".encode(),
        "\uff13".encode(),
        b"9" * 5000,
    ],
)
def test_invalid_retry_is_ignored(value: bytes) -> None:
    decoder = SSEDecoder()
    assert decode(b"retry: 7\n\nretry: " + value + b"\ndata: x\n\n", decoder=decoder) == [ev("x")]
    assert decoder.retry == 7


def test_retry_belongs_to_its_event_and_persists_on_the_decoder() -> None:
    decoder = SSEDecoder()
    assert decoder.retry is None
    assert decode(b"retry: 0100\ndata: a\n\ndata: b\n\n", decoder=decoder) == [
        ev("a", retry=100),
        ev("b"),
    ]
    assert decoder.retry == 100


def test_invalid_utf8_is_replaced() -> None:
    assert decode(b"data: \xff\xe2\x82\n\n") == [ev("\ufffd\ufffd")]


# --- line endings, BOM, chunk boundaries -------------------------------------------------------


@pytest.mark.parametrize("eol", [b"\n", b"\r", b"\r\n"])
def test_line_endings(eol: bytes) -> None:
    stream = eol.join([b"event: e", b"data: a", b"data: b", b"", b"data: c", b"", b""])
    assert decode(stream) == [ev("a\nb", "e"), ev("c")]


def test_mixed_line_endings() -> None:
    assert decode(b"data: a\rdata: b\r\ndata: c\n\r\n") == [ev("a\nb\nc")]


def test_crlf_split_across_chunks_is_one_line_break() -> None:
    # Were the LF an empty line, "a" and "b" would be two events.
    assert decode(b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n") == [ev("a\nb")]


def test_cr_at_chunk_end_ends_the_line_at_once() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"\r") == [ev("a")]  # CR then CR: an empty line, not a CRLF
    assert decoder.feed(b"") == []
    assert decoder.feed(b"\n") == []  # an empty line with nothing to dispatch
    assert decoder.feed(b"data: b\n\n") == [ev("b")]


def test_feed_returns_the_events_each_chunk_completes() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n\ndata: b\n\nda") == [ev("a"), ev("b")]
    assert decoder.feed(b"ta: c\n") == []
    assert decoder.feed(b"\n") == [ev("c")]


def test_bom_is_stripped_once_at_stream_start() -> None:
    assert decode(BOM + b"data: x\n\n") == [ev("x")]
    assert decode(*(bytes([b]) for b in BOM + b"data: x\n\n")) == [ev("x")]
    # A second BOM is part of the first field name, which makes it unknown.
    assert decode(BOM + BOM + b"data: x\n\ndata: y\n\n") == [ev("y")]
    assert decode(b"data: x\n\n" + BOM + b"data: y\n\n") == [ev("x")]


def test_stream_too_short_to_tell_a_bom() -> None:
    assert decode(b"\n") == []
    assert decode(b"\xef", b"\xbb\n") == []
    assert decode(b"\xef\xbb", b"\ndata: x\n\n") == [ev("x")]


def test_multibyte_characters_split_across_chunks() -> None:
    stream = "data: é€😀\n\n".encode()
    for cut in range(len(stream) + 1):
        assert decode(stream[:cut], stream[cut:]) == [ev("é€😀")]
    assert decode(*(bytes([b]) for b in stream)) == [ev("é€😀")]


def test_long_line_over_many_chunks() -> None:
    data = b"x" * 100_000
    stream = b"data: " + data + b"\n\n"
    assert decode(*(stream[i : i + 7] for i in range(0, len(stream), 7))) == [ev(data.decode())]


# --- end of stream -------------------------------------------------------------------------


def test_close_discards_an_incomplete_event() -> None:
    assert decode(b"data: a\n\ndata: b\n") == [ev("a")]
    assert decode(b"data: a\n\ndata: b") == [ev("a")]
    assert decode(b"data: a\n\ndata: b\r") == [ev("a")]


def test_close_resets_the_stream_but_keeps_id_and_retry() -> None:
    decoder = SSEDecoder()
    assert decode(b"id: 7\nretry: 10\ndata: a\n\nevent: x\ndata: b", decoder=decoder) == [
        ev("a", id="7", retry=10)
    ]
    assert (decoder.last_event_id, decoder.retry) == ("7", 10)
    # A new stream: BOM allowed again, nothing left over from the half-received event.
    assert decode(BOM + b"data: c\n\n", decoder=decoder) == [ev("c", id="7")]


# --- any chunking gives the same events, and those of a literal reading of the spec ----------


def reference(stream: bytes) -> tuple[list[ServerSentEvent], str, int | None]:
    """The spec's steps applied literally to the whole stream (slow and obvious)."""
    text = stream.decode("utf-8", "replace")
    text = text[1:] if text.startswith("\ufeff") else text
    *lines, _unterminated = re.split(r"\r\n|\r|\n", text)
    events: list[ServerSentEvent] = []
    event_type, data = "", ""
    id_buffer: str | None = None
    last_id: str | None = None
    retry: int | None = None
    event_retry: int | None = None
    for line in lines:
        if line == "":
            last_id = id_buffer
            if data:
                events.append(ev(data[:-1], event_type or "message", id_buffer, event_retry))
            event_type, data, event_retry = "", "", None
        elif line.startswith(":"):
            continue
        else:
            field, colon, value = line.partition(":")
            if colon and value.startswith(" "):
                value = value[1:]
            if field == "event":
                event_type = value
            elif field == "data":
                data += value + "\n"
            elif field == "id" and "\0" not in value:
                id_buffer = value
            elif field == "retry" and re.fullmatch(r"[0-9]+", value):
                retry = event_retry = int(value)
    return events, last_id or "", retry


# Streams are built from plausible lines (so events, ids and retries actually occur) whose values
# mix in NUL, multi-byte characters, stray BOMs and invalid UTF-8; every line ending is random.
EOLS = [b"\n", b"\r", b"\r\n"]
VALUE_PIECES = [b"x", b"12", b"\x00", b":", b" ", "é€😀".encode(), BOM, b"\xff", b"\xe2\x82"]
field_lines = st.tuples(
    st.sampled_from([b"data", b"event", b"id", b"retry", b"", b"other"]),
    st.sampled_from([b"", b":", b": ", b":  "]),
    st.lists(st.sampled_from(VALUE_PIECES), max_size=4).map(b"".join),
    st.sampled_from(EOLS),
).map(b"".join)
streams = st.tuples(
    st.sampled_from([b"", BOM, BOM[:2]]),
    st.lists(st.one_of(st.sampled_from(EOLS), field_lines), max_size=25).map(b"".join),
    st.sampled_from([b"", b"data: unterminated", b"\xe2\x82"]),
).map(b"".join)


def run(chunks: Iterable[bytes]) -> tuple[list[ServerSentEvent], str, int | None]:
    decoder = SSEDecoder()
    return decode(*chunks, decoder=decoder), decoder.last_event_id, decoder.retry


@settings(max_examples=300)
@given(stream=streams, data=st.data())
def test_any_chunking_gives_the_events_of_the_whole_stream(
    stream: bytes, data: st.DataObject
) -> None:
    whole = run([stream])
    assert whole == reference(stream)
    assert run(bytes([b]) for b in stream) == whole
    cuts = sorted(data.draw(st.sets(st.integers(0, len(stream)))))
    bounds = [0, *cuts, len(stream)]
    assert run(stream[a:b] for a, b in zip(bounds, bounds[1:])) == whole


# --- httpx wrappers ------------------------------------------------------------------------

CHUNKS = [BOM[:1], BOM[1:] + b"id: 1\r", b"\ndata: caf\xc3", b"\xa9\r\n\r", b"\ndata: b\n", b"\n"]
EXPECTED = [ev("café", id="1"), ev("b", id="1")]


def test_iter_sse_over_a_streamed_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter(CHUNKS))

    decoder = SSEDecoder()
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        with client.stream("GET", "https://api.test/events") as response:
            assert list(iter_sse(response)) == EXPECTED
        with client.stream("GET", "https://api.test/events") as response:
            assert list(iter_sse(response, decoder)) == EXPECTED
    assert decoder.last_event_id == "1"


@pytest.mark.asyncio
async def test_aiter_sse_over_a_streamed_response() -> None:
    async def body() -> AsyncIterator[bytes]:
        for chunk in CHUNKS:
            yield chunk

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body())

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with client, client.stream("GET", "https://api.test/events") as response:
        assert [event async for event in aiter_sse(response)] == EXPECTED
