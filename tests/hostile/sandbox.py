"""Run the generator's command line on one spec in a sandbox and report what it did.

The run happens in a subprocess started in a scratch directory (``generate --spec`` writes
``generated/NAME/`` under it), with:

- an audit hook recording and refusing every network attempt (``_child.py``);
- RLIMIT_AS capping its memory (ruff, which it starts to format the output, inherits it) and a
  wall-clock timeout, so a hostile spec can't hang or exhaust the machine;
- its own ``TMPDIR`` inside the scratch area, so temporary files are seen too.

The whole scratch area is snapshotted before and after (path -> size and mtime), so every file
the run created, changed or removed is known.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import attrs

__all__ = [
    "MEMORY_LIMIT",
    "TIMEOUT",
    "Run",
    "import_all",
    "run_generator",
    "run_sandboxed",
    "snapshot",
]

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("_child.py")
MEMORY_LIMIT = 4 * 1024**3  # bytes of address space (ruff, in Rust, reserves generously)
TIMEOUT = 120.0  # seconds; real runs take a few (a 50 MB document some 20)


@attrs.frozen
class Run:
    returncode: int
    stdout: str
    stderr: str
    network: tuple[str, ...]  # network attempts the audit hook saw
    created: frozenset[str]  # scratch-relative paths that appeared
    changed: frozenset[str]  # existing paths modified or removed


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and directory under ``root``: relative path -> (size, mtime_ns)."""
    found: dict[str, tuple[int, int]] = {}
    for path in root.rglob("*"):
        stat = path.lstat()
        found[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


def run_generator(scratch: Path, spec: Path) -> Run:
    """``python -m generator generate --spec SPEC`` with ``scratch/work`` as working directory.

    ``scratch`` must hold ``spec`` (anywhere under it); ``scratch/work``, ``scratch/tmp`` and
    ``scratch/home`` (the child's home: the compiled-template cache goes to its ``.cache``) are
    created here.
    """
    (scratch / "work").mkdir()
    (scratch / "tmp").mkdir()
    (scratch / "home").mkdir()
    return run_sandboxed(scratch, "generate", "--spec", str(spec))


def import_all(scratch: Path, src: Path, package: str) -> Run:
    """Import every module of ``package`` (found in ``src``) in the same sandbox."""
    return run_sandboxed(scratch, "import", str(src), package)


def run_sandboxed(scratch: Path, *args: str) -> Run:
    work, tmp = scratch / "work", scratch / "tmp"
    net_log = scratch.parent / f"{scratch.name}.net.log"
    net_log.write_text("", encoding="utf-8")
    before = snapshot(scratch)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "TMPDIR": str(tmp),
        "HOME": str(scratch / "home"),
        "SANDBOX_MEMORY": str(MEMORY_LIMIT),
        "SANDBOX_NET_LOG": str(net_log),
    }
    proc = subprocess.run(
        [sys.executable, str(CHILD), *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    after = snapshot(scratch)
    return Run(
        returncode=proc.returncode,
        stdout=proc.stdout,
        stderr=proc.stderr,
        network=tuple(net_log.read_text(encoding="utf-8").splitlines()),
        created=frozenset(after.keys() - before.keys()),
        changed=frozenset(
            path for path, stat in before.items() if after.get(path) != stat and path != "work"
        )
        - {"tmp", "home"},
    )
