"""Benchmark: the mock server against Stoplight Prism on the same spec and the same requests.

Run as ``.venv/bin/python bench/mock_bench.py [PLATFORM ...]`` (default: codevf). Installs its
load generator on first use: autocannon (npm, pinned, into ``.corpus-cache/``), the Node.js
equivalent of wrk. Prism comes from ``tests/support/live.py`` (installed the same way).

Per platform, both servers are started fresh and timed from spawn to the first accepted TCP
connection (start-up, best of 3), then each is loaded with the same requests for the same time
(one GET of a resource and one POST creating one, valid for both servers, with the same key),
10 connections, the servers alternating round by round, best round kept (other processes share
the machine: noise only ever lowers a rate). Printed: requests per second of each, the ratio,
and start-up seconds; the targets are a ratio of at least 2 and a start-up under 1 s.
``--json PATH`` also writes the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.live import prism_binary  # noqa: E402  (the repository's own harness)

AUTOCANNON_VERSION = "8.0.0"
_CACHE = ROOT / ".corpus-cache" / f"autocannon-{AUTOCANNON_VERSION}"

# platform -> (key header, GET path, POST path, POST body); paths relative to the spec's server.
REQUESTS: dict[str, tuple[tuple[str, str], str, str, dict[str, Any]]] = {
    "codevf": (
        ("authorization", "Bearer sk_test_bench"),
        "/tasks/task_8f3c2a91d4",
        "/projects/create",
        {"name": "Bench project", "description": "load"},
    ),
    "openspawn": (
        ("authorization", "Bearer os_bench"),
        "/v1/agents",
        "/v1/tasks",
        {"title": "Bench task", "description": "load"},
    ),
}


def autocannon() -> Path:
    binary = _CACHE / "node_modules" / ".bin" / "autocannon"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to install autocannon")
        _CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(_CACHE),
             f"autocannon@{AUTOCANNON_VERSION}"],
            check=True, stdout=subprocess.DEVNULL, timeout=600,
        )  # fmt: skip
    return binary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def started(command: list[str], port: int) -> Iterator[float]:
    """Run ``command``; yield the seconds from spawn to the first accepted connection."""
    begin = time.perf_counter()
    sources = os.pathsep.join(str(p) for p in sorted((ROOT / "generated").glob("*/src")))
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": sources}
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env)  # fmt: skip
    try:
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited before listening")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.perf_counter() - begin > 120:
                raise SystemExit(f"{command[0]} did not listen within 120 s")
            time.sleep(0.005)
        yield time.perf_counter() - begin
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def servers(platform: str) -> dict[str, list[str]]:
    """name -> command, ``{port}`` to fill. The mock as users run it: the package's own
    ``python -m NAME.mock`` (routes are matched by suffix, so the spec's paths work at the root
    as they do for Prism)."""
    spec = ROOT / "specs" / platform / "openapi.yaml"
    return {
        "mock": [sys.executable, "-m", f"{platform}.mock", "--port", "{port}"],
        "prism": [str(prism_binary()), "mock", "-h", "127.0.0.1", "-p", "{port}", str(spec)],
    }


def command_for(template: list[str], port: int) -> list[str]:
    return [part.replace("{port}", str(port)) for part in template]


def load(url: str, method: str, headers: dict[str, str], body: str, seconds: int) -> float:
    """Requests per second autocannon reaches on ``url`` (2xx only counted)."""
    command = [str(autocannon()), "-j", "-c", "10", "-d", str(seconds), "-m", method]
    for name, value in headers.items():
        command += ["-H", f"{name}={value}"]
    if body:
        command += ["-b", body]
    result = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60)
    figures = json.loads(result.stdout)
    ok = int(figures.get("2xx", 0))
    if ok == 0 or figures.get("non2xx"):
        raise SystemExit(f"{url}: {figures.get('non2xx')} answers were not 2xx")
    return ok / float(figures["duration"])


def measure(platform: str, rounds: int, seconds: int) -> dict[str, Any]:
    (key, value), get_path, post_path, body = REQUESTS[platform]
    headers = {key: value, "content-type": "application/json"}
    figures: dict[str, Any] = {"start_s": {}, "get_rps": {}, "post_rps": {}}
    order = list(servers(platform))
    for index in range(rounds):
        for name in order[index % 2 :] + order[: index % 2]:  # alternate who goes first
            template = servers(platform)[name]
            port = free_port()
            with started(command_for(template, port), port) as startup:
                base = f"http://127.0.0.1:{port}"
                get_rps = load(base + get_path, "GET", headers, "", seconds)
                post_rps = load(base + post_path, "POST", headers, json.dumps(body), seconds)
            for field, new in (("start_s", startup), ("get_rps", get_rps),
                               ("post_rps", post_rps)):  # fmt: skip
                old = figures[field].get(name)
                better = new < old if field == "start_s" and old is not None else (
                    old is None or new > old)  # fmt: skip
                if better:
                    figures[field][name] = new
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("platforms", nargs="*", choices=sorted(REQUESTS), help="default: codevf")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="load per request kind and round")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = {}
    for platform in args.platforms or ["codevf"]:
        figures = measure(platform, args.rounds, args.seconds)
        results[platform] = figures
        mock, prism = figures["get_rps"]["mock"], figures["get_rps"]["prism"]
        print(f"{platform}: GET  mock {mock:8.0f} req/s  prism {prism:8.0f} req/s  "
              f"ratio {mock / prism:.2f}x (target >= 2x)")  # fmt: skip
        mock, prism = figures["post_rps"]["mock"], figures["post_rps"]["prism"]
        print(f"{platform}: POST mock {mock:8.0f} req/s  prism {prism:8.0f} req/s  "
              f"ratio {mock / prism:.2f}x (target >= 2x)")  # fmt: skip
        start = figures["start_s"]
        print(f"{platform}: start-up to first accepted connection: mock {start['mock']:.2f} s "
              f"(target < 1 s), prism {start['prism']:.2f} s")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
