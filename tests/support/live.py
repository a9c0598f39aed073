"""Real servers and an independent validator for wire tests: an ASGI app (FastAPI, Starlette)
served by uvicorn on 127.0.0.1 for one test, and Stoplight Prism validating requests against a
spec.

``serve(app)`` runs uvicorn in a thread of the test process and yields the base URL once the
port accepts connections. ``prism(spec)`` runs ``prism mock --errors`` (npm
``@stoplight/prism-cli``, installed on first use into the git-ignored ``.corpus-cache/``) and
yields its base URL: a request the spec does not allow is answered 4xx with Prism's
``application/problem+json`` listing the violations, so a client test asserts that what it
sends is what the spec says, judged by a validator nobody here wrote.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.support.mock_server import free_port
from tests.support.packages import ROOT

__all__ = ["PRISM_VERSION", "prism", "prism_binary", "serve"]

PRISM_VERSION = "5.14.2"
_CACHE = ROOT / ".corpus-cache" / f"prism-{PRISM_VERSION}"


def _wait_port(port: int, alive: Any, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds  # bounded start-up
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError("server exited before it listened")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {seconds:.0f} s")


@contextlib.contextmanager
def serve(app: Any, **options: Any) -> Iterator[str]:
    """Serve the ASGI ``app`` with uvicorn on a free loopback port; yield ``http://127.0.0.1:P``
    (``https://`` when ``options``, uvicorn's settings, name ``ssl_certfile``)."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **options
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        _wait_port(port, thread.is_alive)
        yield f"{'https' if options.get('ssl_certfile') else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def prism_binary() -> Path:
    """The ``prism`` command, installed with npm into the cache on first use."""
    binary = _CACHE / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install @stoplight/prism-cli")
        _CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(_CACHE),
             f"@stoplight/prism-cli@{PRISM_VERSION}"],
            check=True, stdout=subprocess.DEVNULL, timeout=600,
        )  # fmt: skip
    return binary


@contextlib.contextmanager
def prism(spec: Path, *options: str) -> Iterator[str]:
    """``prism mock --errors [OPTIONS] SPEC`` on a free loopback port; yield its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [str(prism_binary()), "mock", "--errors", *options, "-h", "127.0.0.1", "-p", str(port),
         str(spec)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    try:
        _wait_port(port, lambda: process.poll() is None, seconds=60.0)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
