"""Start a platform's mock server on a free loopback port for the length of a test (the contract
and reliability suites), and read what it created."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx

from generator.ir.document_extensions import document_extensions
from generator.ir.extensions import operation_extensions, walk_operations
from generator.ir.mock import mock_table
from generator.load import Spec
from tests.support.packages import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def mock_server(name: str, *args: str) -> Iterator[str]:
    """Run ``python -m generator mock NAME --port P``; yield the base URL it prints first."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "mock", name, "--port", str(port), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://localhost:"), (
            process.stderr.read() if process.stderr else ""
        )
        _wait_listening(port, process)
        yield base_url
    finally:
        process.terminate()
        process.communicate(timeout=10)  # reaps it and closes both pipes


def _wait_listening(port: int, process: subprocess.Popen[str]) -> None:
    for _ in range(200):  # bounded: at most ~10 s
        if process.poll() is not None:
            raise RuntimeError(
                f"mock server exited: {process.stderr.read() if process.stderr else ''}"
            )
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("mock server did not start listening")


def created_count(base_url: str) -> int:
    """Resources created through the mock (not its seeded examples), read from the mock's own
    ``/__mock/state``, which no injected fault touches."""
    state = httpx.URL(base_url).copy_with(path="/__mock/state", query=None)
    with httpx.Client(timeout=5) as http:
        counts = http.get(state).raise_for_status().json()["created"]
    return sum(int(n) for n in counts.values())


def mock_table_of(spec: Spec) -> dict[str, Any]:
    """The mock's table for a loaded spec, as the generator builds it (its extensions parsed
    once, warnings dropped: the tests using it check the table, not the spec)."""

    def silent(pointer: str, message: str) -> None:
        return None

    operations = {
        site.pointer: operation_extensions(site.operation, site.pointer, silent)
        for site in walk_operations(spec.document, spec.resolve)
    }
    document = document_extensions(spec.document, spec.resolve, silent)
    return mock_table(spec.document, spec.resolve, document, operations)
