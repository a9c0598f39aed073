"""Timing helpers shared by the benchmarks: interleaved min-of-N and fresh-process probes.

The machine the figures come from is shared with other busy processes, so every comparison runs
its candidates in alternation (round after round, the order rotating), times CPU rather than wall
clock, and keeps each one's best round: noise only ever adds time, and alternation makes a burst
of it hit both sides alike.
"""

from __future__ import annotations

import asyncio
import compileall
import gc
import json
import platform
import subprocess
import sys
import time
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import Any, Callable

__all__ = [
    "GENERATED",
    "PACKAGES",
    "async_paired",
    "child",
    "children",
    "compile_packages",
    "machine",
    "paired",
    "row",
]

# CPU time of this process, not wall time: on a machine shared with busy processes, time spent
# descheduled would otherwise count against whichever side happened to be running. What the
# code under test costs is the CPU it uses (the transports here do no I/O).
CLOCK = time.process_time
ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
PACKAGES = ("codevf", "flowmaestro", "openspawn", "taskforceai")


def machine() -> str:
    """CPU model, core count and Python version, as recorded beside the figures."""
    model = platform.processor() or "unknown CPU"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(
            line.split(":", 1)[1].strip() for line in out.splitlines() if "Model name" in line
        )
    except (OSError, subprocess.CalledProcessError, StopIteration):
        pass
    import httpx

    return (
        f"{model}, {_cores()} cores, Python {platform.python_version()}, httpx {httpx.__version__}"
    )


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def paired(fns: Sequence[Callable[[], Any]], number: int, rounds: int = 9) -> list[float]:
    """Best per-call seconds of each function; rounds alternate between them (GC off in a round)."""

    def batch(fn: Callable[[], Any]) -> Callable[[], float]:
        def run() -> float:
            start = CLOCK()
            for _ in range(number):
                fn()
            return (CLOCK() - start) / number

        return run

    return _best([batch(fn) for fn in fns], rounds)


def async_paired(
    fns: Sequence[Callable[[], Awaitable[Any]]], number: int, rounds: int = 9
) -> list[float]:
    """``paired`` for coroutine functions, every round on one event loop."""
    loop = asyncio.new_event_loop()

    def batch(fn: Callable[[], Awaitable[Any]]) -> Callable[[], float]:
        async def run() -> float:
            start = CLOCK()
            for _ in range(number):
                await fn()
            return (CLOCK() - start) / number

        return lambda: loop.run_until_complete(run())

    try:
        return _best([batch(fn) for fn in fns], rounds)
    finally:
        loop.close()


def _best(batches: Sequence[Callable[[], float]], rounds: int) -> list[float]:
    best = [float("inf")] * len(batches)
    for r in range(rounds):
        for i in _order(len(batches), r):
            gc.disable()
            try:
                best[i] = min(best[i], batches[i]())
            finally:
                gc.enable()
    return best


def _order(n: int, r: int) -> list[int]:
    # Rotate who goes first, so neither side always runs on a cache warmed by the other.
    return [(i + r) % n for i in range(n)]


def row(label: str, ours: float, base: float, base_label: str, unit: str = "us") -> float:
    """Print one figure beside its baseline; returns the ratio."""
    scale = {"us": 1e6, "ms": 1e3, "MiB": 1 / 2**20}[unit]
    ratio = ours / base
    print(
        f"{label:<46} {ours * scale:>9.1f} {unit:<3}  "
        f"{base_label:<38} {base * scale:>9.1f} {unit:<3}  ratio {ratio:5.2f}"
    )
    return ratio


def compile_packages() -> None:
    """Byte-compile the generated packages, as installing them would (the environment may say
    PYTHONDONTWRITEBYTECODE, which would otherwise charge every fresh import a compile that
    httpx, installed with its bytecode, never pays). ``__pycache__`` is ignored by git and by
    ``generator check``."""
    for name in PACKAGES:
        compileall.compile_dir(GENERATED / name / "src", quiet=1)


# The probe run in a fresh interpreter: RSS and clock before, run the statements, RSS and clock
# after. Start-up is excluded because both readings are taken inside the process.
_PROBE = """
import sys, time, json
sys.path[:0] = {paths!r}
{blocker}
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * {page}
r0 = rss(); t0 = time.process_time()
{code}
t1 = time.process_time(); r1 = rss()
print(json.dumps([t1 - t0, r1 - r0]))
"""
# httpx imports its command-line module when click and rich are installed (they are here, for
# other tools); this makes them look absent, for a baseline without them.
_NO_CLI = "for _m in ('click', 'rich', 'pygments'): sys.modules[_m] = None"


def child(code: str, paths: Sequence[Path] = (), no_cli: bool = False) -> tuple[float, int]:
    """(seconds, resident-memory bytes) that ``code`` adds in a fresh interpreter."""
    import os

    probe = _PROBE.format(
        paths=[str(p) for p in paths],
        blocker=_NO_CLI if no_cli else "",
        page=os.sysconf("SC_PAGE_SIZE"),
        code=code,
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    seconds, rss = json.loads(out)
    return float(seconds), int(rss)


def children(
    codes: Sequence[tuple[str, Sequence[Path], bool]], runs: int = 11
) -> list[tuple[float, int]]:
    """Best time and least memory of each probe over ``runs`` fresh processes, interleaved."""
    best: list[tuple[float, int]] = [(float("inf"), sys.maxsize)] * len(codes)
    for r in range(runs):
        for i in _order(len(codes), r):
            seconds, rss = child(*codes[i])
            best[i] = (min(best[i][0], seconds), min(best[i][1], rss))
    return best
