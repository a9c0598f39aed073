"""Running ``python -m generator`` as a user's terminal would: a spec with many operations, and
a child whose stderr is a pty (so it shows progress), optionally interrupted with Ctrl-C
(SIGINT) once a given text has appeared on it."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
from pathlib import Path
from typing import Optional

import yaml

__all__ = ["ROOT", "large_spec", "run_on_pty"]

ROOT = Path(__file__).resolve().parents[2]


def large_spec(path: Path, tags: int, title: str = "Large") -> Path:
    """A valid spec with ``tags`` resources, each one operation returning its own model: ``tags``
    resource modules and ``tags`` model modules to render."""
    paths: dict[str, object] = {}
    schemas: dict[str, object] = {}
    for i in range(tags):
        schemas[f"Thing{i}"] = {"type": "object", "properties": {"id": {"type": "string"}}}
        ref = {"$ref": f"#/components/schemas/Thing{i}"}
        paths[f"/things{i}/{{id}}"] = {
            "get": {
                "operationId": f"getThing{i}",
                "tags": [f"group{i}"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": ref}}}
                },
            }
        }
    doc = {
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def run_on_pty(
    args: list[str], cwd: Path, interrupt_after: Optional[str] = None
) -> tuple[int, str]:
    """``python -m generator ARGS`` with stderr on a pty: (exit code, what the pty showed).
    With ``interrupt_after``, SIGINT is sent once that text has been shown."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        stdout=subprocess.DEVNULL, stderr=follower, env=env, cwd=cwd,
    )  # fmt: skip
    os.close(follower)
    shown = b""
    sent = False
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if interrupt_after and not sent and interrupt_after.encode() in shown:
            process.send_signal(signal.SIGINT)
            sent = True
    os.close(leader)
    return process.wait(timeout=600), shown.decode(errors="replace")
