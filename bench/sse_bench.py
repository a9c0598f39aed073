"""Benchmark: our SSEDecoder against httpx-sse 0.4.3 on 100,000 events in 4 KiB chunks.

Run as ``.venv/bin/python bench/sse_bench.py`` (needs ``pip install httpx-sse==0.4.3``).

Two measurements, best of 5 runs each, ours and theirs alternating (``time.perf_counter``):

* decoder: the same in-memory chunks fed to each decoder. httpx-sse has no bytes-level decoder;
  its ``EventSource.iter_sse`` reads ``response.iter_text()`` (httpx's incremental UTF-8
  ``TextDecoder``), splits lines with its ``SSELineDecoder`` inside a generator, strips ``"\\n"``
  and hands each line to its ``SSEDecoder``. That pipeline is reproduced here step for step.
* end to end: each library's own iterator over an ``httpx.Response`` streaming those chunks.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from httpx._decoders import TextDecoder  # what Response.iter_text() decodes with
from httpx_sse import EventSource
from httpx_sse._decoders import SSEDecoder as TheirDecoder
from httpx_sse._decoders import SSELineDecoder

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.runtime._sse import SSEDecoder, iter_sse

N_EVENTS = 100_000
CHUNK = 4096
RUNS = 5


def build_stream() -> bytes:
    """A mix of typical streaming-API events, every one with data so both libraries agree."""
    parts = []
    for i in range(N_EVENTS):
        kind = i % 10
        if kind < 6:
            parts.append(
                f'event: status\ndata: {{"status":"processing","n":{i}}}\nid: {i}\n\n'.encode()
            )
        elif kind < 8:
            parts.append(
                f'data: {{"delta":"tok\u00e9n {i}",\ndata:  "more":[1,2,3]}}\nid: {i}\n\n'.encode()
            )
        elif kind == 8:
            parts.append(f": keep-alive\nevent: progress\ndata: {i}\ndata: {i + 1}\n\n".encode())
        else:
            parts.append(f"retry: 3000\r\ndata: done {i}\r\n\r\n".encode())
    return b"".join(parts)


def ours(chunks: list[bytes]) -> list[Any]:
    decoder = SSEDecoder()
    events: list[Any] = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    events.extend(decoder.close())
    return events


def _their_lines(chunks: list[bytes]) -> Iterator[str]:
    # httpx_sse._api._iter_sse_lines over httpx.Response.iter_text(), minus the network.
    text_decoder = TextDecoder("utf-8")
    line_decoder = SSELineDecoder()
    for chunk in chunks:
        yield from line_decoder.decode(text_decoder.decode(chunk))
    tail = text_decoder.flush()
    if tail:
        yield from line_decoder.decode(tail)
    yield from line_decoder.flush()


def theirs(chunks: list[bytes]) -> list[Any]:
    # httpx_sse.EventSource.iter_sse, collecting instead of yielding.
    decoder = TheirDecoder()
    events: list[Any] = []
    for line in _their_lines(chunks):
        line = line.rstrip("\n")
        sse = decoder.decode(line)
        if sse is not None:
            events.append(sse)
    return events


class _Chunks(httpx.SyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._chunks)


def _response(chunks: list[bytes]) -> httpx.Response:
    return httpx.Response(
        200, headers={"content-type": "text/event-stream"}, stream=_Chunks(chunks)
    )


def ours_e2e(chunks: list[bytes]) -> list[Any]:
    return list(iter_sse(_response(chunks)))


def theirs_e2e(chunks: list[bytes]) -> list[Any]:
    return list(EventSource(_response(chunks)).iter_sse())


def best_of(
    fns: tuple[Callable[[list[bytes]], list[Any]], ...], chunks: list[bytes]
) -> list[float]:
    """Best time of each function; runs alternate so machine noise hits both alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(RUNS):
        for fn, fn_times in zip(fns, times):
            start = time.perf_counter()
            fn(chunks)
            fn_times.append(time.perf_counter() - start)
    return [min(t) for t in times]


def main() -> None:
    stream = build_stream()
    chunks = [stream[i : i + CHUNK] for i in range(0, len(stream), CHUNK)]
    a, b = ours(chunks), theirs(chunks)
    assert len(a) == len(b) == N_EVENTS, (len(a), len(b))
    assert [(e.event, e.data, e.id) for e in a] == [(e.event, e.data, e.id) for e in b]
    del a, b  # 200,000 live objects would slow every garbage collection during the timings
    print(f"{N_EVENTS:,} events, {len(stream):,} bytes, {len(chunks):,} chunks of {CHUNK} B")
    print(f"python {sys.version.split()[0]}, best of {RUNS}")
    for label, mine, other in (
        ("decoder", ours, theirs),
        ("end to end (httpx.Response)", ours_e2e, theirs_e2e),
    ):
        t_ours, t_theirs = best_of((mine, other), chunks)
        print(f"{label}:")
        print(f"  ours      {t_ours * 1000:8.1f} ms")
        print(f"  httpx-sse {t_theirs * 1000:8.1f} ms")
        print(f"  ratio ours/theirs {t_ours / t_theirs:.2f}x")


if __name__ == "__main__":
    main()
