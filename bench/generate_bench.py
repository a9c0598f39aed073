"""Benchmark: whole generation of GitHub's REST API client, ours against openapi-python-client.

Run as ``.venv/bin/python bench/generate_bench.py [--repeat N]`` (``make bench`` runs it).

The spec is GitHub's REST description for api.github.com (OpenAPI 3.0, ~13 MB of JSON) as
published in the npm package ``@octokit/openapi``; it is fetched with ``npm pack`` on first use
into ``bench/.cache/`` (git-ignored) and never committed. ``SDKGEN_BENCH_OCTOKIT`` overrides
the pinned package version.

Every measurement is one child process, started from here, writing into a directory that does
not exist yet and is used once. Nothing is deleted between measurements: every output stays
until the last run has ended and is removed then. Deleting a ~7,000-file output just before
the next run would time the file system, not the tool: ext4 without a journal (this machine's
root, and common on VM images) does not reuse an inode freed in the last 60 seconds (360 while
its inode-table block is unwritten) and skips such inodes one by one for every file it creates
nearby (``recently_deleted`` in the kernel's fs/ext4/ialloc.c), which put 1 to 3 s of kernel
time into either tool's run. For the same reason a bench started less than 6 minutes after the
previous one removed its outputs first waits for the rest of those minutes (``--no-wait``
skips that, and says the figures may be inflated):

* ours: ``python -m generator generate --spec SPEC --output DIR`` (load, validate, IR, render,
  write, ruff format);
* baseline: ``openapi-python-client generate --path SPEC --output-path DIR`` (0.29.1, its
  default configuration, whose post-hooks run ``ruff check --fix-only`` and ``ruff format``;
  the venv's ``bin`` comes first on ``PATH`` so it finds the same ruff);
* the four platforms: ``python -m generator generate`` (rewrites ``generated/`` in place).

Wall time is ``time.perf_counter`` around start-to-exit; peak memory is ``ru_maxrss`` of the
child as reported by ``os.wait4`` (the largest resident set of the child or any process it
waited for, such as ruff). Ours and the baseline alternate within each round, so both see the
same machine load; the figures are the medians over rounds, and the ratios are ours/theirs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

__all__ = ["Measurement", "fetch_spec", "measure", "main"]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
OUT = ROOT / "bench" / "out"
OCTOKIT = os.environ.get("SDKGEN_BENCH_OCTOKIT", "@octokit/openapi@23.0.2")
SPEC_MEMBER = "package/generated/api.github.com.json"
BIN = Path(sys.executable).parent

TIME_TARGET = 0.4  # ours may take at most 0.4 of the baseline's wall time (issue 12)
MEMORY_TARGET = 1.0  # and no more peak memory
PLATFORMS_TARGET = 3.0  # seconds for the four platforms
REMOVED = OUT / ".runs-removed"  # when the last bench removed its outputs (time.time())
SETTLE = 370.0  # seconds after which ext4 reuses freed inodes without a scan (docstring)


class Measurement:
    """Wall seconds, CPU seconds (user + system) and peak resident KiB of one child run."""

    __slots__ = ("cpu", "peak_kib", "seconds")

    def __init__(self, seconds: float, cpu: float, peak_kib: int) -> None:
        self.seconds = seconds
        self.cpu = cpu
        self.peak_kib = peak_kib


def fetch_spec() -> Path:
    """GitHub's api.github.com spec, from the cache or fetched once with ``npm pack``."""
    tag = OCTOKIT.replace("@", "").replace("/", "-")
    spec = CACHE / tag / "api.github.com.json"
    if spec.is_file():
        return spec
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("generate_bench: npm is needed once to fetch GitHub's spec (npm pack)")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        done = subprocess.run(
            [npm, "pack", OCTOKIT, "--silent", "--pack-destination", tmp],
            check=True,
            capture_output=True,
            text=True,
        )
        tarball = Path(tmp) / done.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball, "r:gz") as archive:
            member = archive.extractfile(SPEC_MEMBER)  # one named member: no path tricks
            if member is None:
                sys.exit(f"generate_bench: {SPEC_MEMBER} not in {tarball.name}")
            spec.parent.mkdir(parents=True, exist_ok=True)
            partial = spec.with_suffix(".part")
            partial.write_bytes(member.read())
            partial.replace(spec)
    return spec


def measure(command: list[str], log: Path, cwd: Path = ROOT) -> Measurement:
    """Run ``command`` as a child; exit on failure, naming the log that says why."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    with log.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"generate_bench: {command[0]} ... exited {child.returncode}; see {log}")
    cpu = usage.ru_utime + usage.ru_stime
    return Measurement(seconds, cpu, usage.ru_maxrss)  # KiB on Linux


def _settle(wait: bool) -> None:
    """Let the file system forget the outputs the previous bench removed (module docstring)."""
    try:
        removed = float(REMOVED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    left = removed + SETTLE - time.time()
    if left <= 0:
        return
    if not wait:
        print(f"generate_bench: outputs removed {SETTLE - left:.0f} s ago; figures may be inflated")
        return
    print(f"generate_bench: waiting {left:.0f} s for the last bench's removed outputs to settle")
    time.sleep(left)


def _row(label: str, runs: list[Measurement]) -> tuple[float, float]:
    seconds = statistics.median(m.seconds for m in runs)
    mib = statistics.median(m.peak_kib for m in runs) / 1024
    best = min(m.seconds for m in runs)
    cpu = statistics.median(m.cpu for m in runs)
    print(
        f"  {label:<32} {seconds:7.2f} s (best {best:6.2f} s, CPU {cpu:6.2f} s)"
        f"  {mib:6.1f} MiB peak"
    )
    return seconds, mib


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument(
        "--no-wait",
        dest="wait",
        action="store_false",
        help="don't wait after a recent bench's clean-up (see the module docstring)",
    )
    args = parser.parse_args(argv)

    spec = fetch_spec()
    OUT.mkdir(parents=True, exist_ok=True)
    ours: list[Measurement] = []
    theirs: list[Measurement] = []
    platforms: list[Measurement] = []
    jobs = [
        (
            ours,
            [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--output"],
            "ours",
        ),
        (
            theirs,
            [str(BIN / "openapi-python-client"), "generate", "--path", str(spec), "--output-path"],
            "opc",
        ),
    ]
    runs = OUT / "runs"
    shutil.rmtree(runs, ignore_errors=True)  # a previous bench stopped before its clean-up
    _settle(args.wait)
    runs.mkdir()
    try:
        for round_ in range(args.repeat):
            for results, command, name in jobs:
                output = runs / f"{name}-{round_}"
                results.append(measure([*command, str(output)], OUT / f"{name}.log"))
            jobs.reverse()  # alternate who goes first
            platforms.append(
                measure([sys.executable, "-m", "generator", "generate"], OUT / "platforms.log")
            )
    finally:
        shutil.rmtree(runs, ignore_errors=True)
        REMOVED.write_text(f"{time.time()}\n", encoding="utf-8")

    size = spec.stat().st_size / 1e6
    print(
        f"Generating a client for GitHub's REST API ({OCTOKIT}, {size:.1f} MB JSON), "
        f"median of {args.repeat}:"
    )
    our_s, our_mib = _row("sdkgen generate", ours)
    their_s, their_mib = _row("openapi-python-client 0.29.1", theirs)
    time_ratio, memory_ratio = our_s / their_s, our_mib / their_mib
    met = time_ratio <= TIME_TARGET and memory_ratio <= MEMORY_TARGET
    print(
        f"  ratio ours/theirs: time {time_ratio:.2f} (target <= {TIME_TARGET}), "
        f"peak memory {memory_ratio:.2f} (target <= {MEMORY_TARGET}): {'met' if met else 'NOT met'}"
    )
    platform_s, _ = _row("the four platforms (generate)", platforms)
    verdict = "met" if platform_s < PLATFORMS_TARGET else "NOT met"
    print(f"  four platforms: {platform_s:.2f} s (target < {PLATFORMS_TARGET} s): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
