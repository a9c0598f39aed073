"""Progress on a terminal: a spec with hundreds of operations, generated with stderr on a pty,
reports each stage and counts the long ones (``rendering N/M modules``) in place; the same run
with stderr on a pipe prints no progress at all."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TAGS = 120  # one resource module per tag, one model module per schema: 240 counted modules


def _large_spec(path: Path) -> None:
    paths: dict[str, object] = {}
    schemas: dict[str, object] = {}
    for i in range(TAGS):
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
        "info": {"title": "Large", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")


def _generate(tmp_path: Path, out: str, stderr_on_pty: bool) -> tuple[int, str]:
    spec = tmp_path / "large.yaml"
    if not spec.exists():
        _large_spec(spec)
    argv = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(tmp_path / out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not stderr_on_pty:
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600)
        return done.returncode, done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=follower, env=env, cwd=tmp_path
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=600), b"".join(chunks).decode()


def test_progress_on_a_terminal_counts_the_long_stages(tmp_path: Path) -> None:
    code, shown = _generate(tmp_path, "sdk", stderr_on_pty=True)
    assert code == 0, shown
    lines = shown.replace("\r\n", "\n").split("\n")
    stages = [re.sub(r"^.*\r", "", line) for line in lines]  # what the terminal finally shows
    stamped = [s for s in stages if re.match(r"\[\s*\d+\.\d+s\] ", s)]
    text = "\n".join(stamped)
    for stage in ("loading and validating", "building the model", "rendering"):
        assert stage in text, shown
    total = TAGS * 2
    assert f"rendering {total}/{total} modules" in text, shown
    assert re.search(r"staging (\d+)/\1 files", text), shown
    assert "formatting" in text and "moving" in text, shown
    assert "\r" in shown  # counted stages are redrawn in place, not one line per module
    assert len(stamped) < 40, shown


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    code, err = _generate(tmp_path, "sdk", stderr_on_pty=False)
    assert code == 0, err
    assert "rendering" not in err and "\r" not in err and not re.search(r"\[\s*\d", err)
