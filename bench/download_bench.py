"""Benchmark: memory of a 50 MB download read whole against the same download streamed.

Run as ``.venv/bin/python bench/download_bench.py [MEGABYTES]``.

A uvicorn server (a child process, so its buffers are not counted) answers
``GET /blobs/{key}`` with a Starlette ``StreamingResponse`` of MEGABYTES (default 50) in 64 KiB
chunks, ``application/octet-stream``. The client is the package generated from
``tests/functional/specs/downloads.yaml``. Each way of reading runs in a fresh interpreter,
which reports two figures for the download alone (imports and the client are made before):

* Python's peak traced allocation during the call (``tracemalloc``);
* how far the process's peak resident memory grew during the call (``VmHWM`` in
  ``/proc/self/status``, before and after).

The ways: the plain method (``bytes``, whole), ``with_streaming_response`` with
``iter_bytes(65536)`` (each chunk dropped), ``with_streaming_response`` with
``stream_to_file``, and raw httpx (``Client.get`` whole, ``Client.stream`` + ``iter_bytes``)
as the baseline of each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "functional" / "specs" / "downloads.yaml"
CHUNK = 65536

SERVER = """
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

SIZE = int(sys.argv[2]) * 1_000_000
CHUNK = bytes(range(256)) * 256  # 64 KiB


async def blob(request):
    async def body():
        left = SIZE
        while left > 0:
            piece = CHUNK[: min(left, len(CHUNK))]
            left -= len(piece)
            yield piece

    return StreamingResponse(body(), media_type="application/octet-stream")


app = Starlette(routes=[Route("/blobs/{key}", blob)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", lifespan="off")
"""

CLIENT = """
import json, os, sys, tracemalloc
import httpx

way, url, src, target = sys.argv[1:5]
sys.path.insert(0, src)
import downloads


def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


client = downloads.DownloadsClient(base_url=url)
http = httpx.Client()
size = 0
before = hwm()
tracemalloc.start()
if way == "method, whole (bytes)":
    size = len(client.files.get_blob("k"))
elif way == "with_streaming_response + iter_bytes":
    with client.files.with_streaming_response.get_blob("k") as response:
        for chunk in response.iter_bytes(65536):
            size += len(chunk)
elif way == "with_streaming_response + stream_to_file":
    with client.files.with_streaming_response.get_blob("k") as response:
        size = response.stream_to_file(target)
elif way == "httpx Client.get, whole":
    size = len(http.get(url + "/blobs/k").content)
elif way == "httpx Client.stream + iter_bytes":
    with http.stream("GET", url + "/blobs/k") as response:
        for chunk in response.iter_bytes(65536):
            size += len(chunk)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({"size": size, "traced": peak, "rss": hwm() - before}))
"""

WAYS = (
    ("method, whole (bytes)", "httpx Client.get, whole"),
    ("with_streaming_response + iter_bytes", "httpx Client.stream + iter_bytes"),
    ("with_streaming_response + stream_to_file", "httpx Client.stream + iter_bytes"),
)


def measure(way: str, url: str, src: Path, target: Path) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", CLIENT, way, url, str(src), str(target)],
        check=True, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def mib(value: int) -> str:
    return f"{value / 2**20:.1f} MiB"


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    sys.path.insert(0, str(ROOT))
    from tests.support.live import _wait_port
    from tests.support.mock_server import free_port

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "downloads"
        subprocess.run(
            [sys.executable, "-m", "generator", "generate", str(SPEC), "-o", str(out)],
            check=True, cwd=ROOT, capture_output=True, timeout=600,
        )  # fmt: skip
        port = free_port()
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(port), str(megabytes)])
        try:
            _wait_port(port, lambda: server.poll() is None)
            url = f"http://127.0.0.1:{port}"
            target = Path(tmp) / "blob.bin"
            print(f"download of {megabytes} MB, application/octet-stream, 64 KiB chunks")
            print(f"{'way':44} {'traced peak':>12} {'RSS growth':>11}   baseline (raw httpx)")
            for ours, theirs in WAYS:
                a = measure(ours, url, out / "src", target)
                b = measure(theirs, url, out / "src", target)
                assert a["size"] == b["size"] == megabytes * 1_000_000, (a, b)
                print(
                    f"{ours:44} {mib(a['traced']):>12} {mib(a['rss']):>11}   "
                    f"{theirs}: {mib(b['traced'])} / {mib(b['rss'])}"
                )
            if target.exists():
                os.remove(target)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
