"""The JSON-lines and JSON-seq decoders (``runtime/_sequences.py``): bytes in, items out, each
handed out as soon as it is complete."""

from __future__ import annotations

from generator.runtime._sequences import JSONLinesDecoder, JSONSeqDecoder


def test_a_json_seq_record_is_handed_out_when_it_ends_not_when_the_next_begins() -> None:
    seq = JSONSeqDecoder()
    assert [e.json() for e in seq.feed(b'\x1e{"a": 1}\n')] == [{"a": 1}]
    assert [e.json() for e in seq.feed(b"\x1e12\n")] == [12]
    assert seq.close() == []


def test_a_pretty_printed_json_seq_record_waits_for_its_whole_text() -> None:
    seq = JSONSeqDecoder()
    assert seq.feed(b'\x1e{\n  "a": {\n') == []  # ends with LF, but is not a whole text yet
    assert seq.feed(b'    "b": [1,\n') == []
    assert [e.json() for e in seq.feed(b"2]}\n}\n")] == [{"a": {"b": [1, 2]}}]


def test_a_truncated_json_seq_record_is_handed_out_by_the_next_rs_or_the_end() -> None:
    seq = JSONSeqDecoder()
    assert seq.feed(b'\x1e{"a": 1}') == []  # no LF yet
    assert [e.data for e in seq.feed(b'\x1e{"b": 2}\n')] == ['{"a": 1}', '{"b": 2}']
    assert seq.feed(b'\x1e{"c"') == []
    assert [e.data for e in seq.close()] == ['{"c"']  # the decode of the item then fails


def test_a_long_line_arriving_in_many_chunks() -> None:
    lines = JSONLinesDecoder()
    text = b'{"k": "' + b"x" * 100_000 + b'"}'
    got = [item for i in range(0, len(text), 7) for item in lines.feed(text[i : i + 7])]
    assert got == []
    assert [e.json() for e in lines.feed(b"\n")] == [{"k": "x" * 100_000}]
