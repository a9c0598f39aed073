"""Command line: ``python -m generator generate|check|unasync``."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

from .errors import Problem, SpecError

# The pipeline (loader, validator, templates) is imported by the commands that use it, so that
# `python -m generator mock` starts its server at once.

ROOT = Path.cwd()


def _platforms(names: list[str]) -> list[str]:
    specs = ROOT / "specs"
    available = sorted(p.name for p in specs.iterdir() if p.is_dir()) if specs.is_dir() else []
    unknown = [n for n in names if n not in available]
    if unknown:
        raise SystemExit(
            f"unknown platform(s) {', '.join(unknown)}; specs/ has {', '.join(available)}"
        )
    return names or available


def _report_warnings(label: str, warnings: tuple[Problem, ...], verbose: bool) -> None:
    """One summary line (``3 warnings (2 x untyped oneOf, ...)``); each warning with
    ``verbose``. A large real-world spec can have thousands: a wall of text hides the line
    that matters."""
    if not warnings:
        return
    if verbose:
        for warning in warnings:
            print(warning, file=sys.stderr)
    hint = "" if verbose else "; --verbose lists them"
    print(f"{label}: {summarise(warnings)}{hint}", file=sys.stderr)


def summarise(warnings: tuple[Problem, ...]) -> str:
    """``N warning(s) (k x kind, ...)``, kinds most frequent first; a kind is a message up to
    its first ``;`` (the part that does not vary with the schema)."""
    kinds = Counter(w.message.split(";")[0].strip() for w in warnings)
    shown = ", ".join(f"{n} x {kind}" for kind, n in kinds.most_common(5))
    more = ", ..." if len(kinds) > 5 else ""
    return f"{len(warnings)} warning(s) ({shown}{more})"


def cmd_generate(args: argparse.Namespace) -> int:
    from .pipeline import build, find_spec, generate
    from .write import write_package

    if args.spec:
        result = build(Path(args.spec), args.name)
        # Without --output, generated/NAME as for the platforms: the target is replaced whole,
        # so it must never be generated/ itself (that would delete every other package).
        output = Path(args.output) if args.output else ROOT / "generated" / result.package.name
        write_package(result.files, output)
        _report_warnings(result.package.name, result.warnings, args.verbose)
        print(f"wrote {output} ({len(result.files)} files, package {result.package.name})")
        return 0
    for name in _platforms(args.names):
        target = ROOT / "generated" / name
        result = generate(find_spec(ROOT / "specs" / name), target, name, ROOT)
        _report_warnings(name, result.warnings, args.verbose)
        print(f"wrote generated/{name} ({len(result.files)} files)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from . import unasync
    from .pipeline import build, diff_trees, find_spec

    problems = unasync.stale_twins()
    for name in _platforms(args.names):
        try:
            result = build(find_spec(ROOT / "specs" / name), name, ROOT)
        except SpecError as exc:
            problems.append(str(exc))
            continue
        problems += [
            f"generated/{name}/{p}" for p in diff_trees(result.files, ROOT / "generated" / name)
        ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("stale: run `make generate`", file=sys.stderr)
        return 1
    print("specs valid, generated/ up to date")
    return 0


def cmd_mock(args: argparse.Namespace) -> int:
    """Serve generated/NAME's mock (its own ``python -m NAME.mock``) on 127.0.0.1. The process
    becomes the server (exec), so signalling it stops the server itself."""
    (name,) = _platforms([args.name])
    src = ROOT / "generated" / name / "src"
    path = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", f"{name}.mock", *args.rest]
    os.execve(sys.executable, command, {**os.environ, "PYTHONPATH": path})


def cmd_diff(args: argparse.Namespace) -> int:
    """Changes from OLD to NEW; exit 1 when any is at --fail-on or worse (default breaking)."""
    from .diff import diff_specs, fails, load_ignores, render, split_ignored
    from .load import load_spec

    changes = diff_specs(load_spec(args.old), load_spec(args.new), surface=not args.wire_only)
    try:
        ignores = load_ignores(args.ignore) if args.ignore else []
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    kept, ignored = split_ignored(changes, ignores)
    print(render(kept, ignored, "json" if args.json else args.format))
    return 1 if fails(kept, args.fail_on) else 0


def cmd_unasync(args: argparse.Namespace) -> int:
    from . import unasync

    unasync.write_twins()
    return 0


def _unsafe_path_error() -> type[Exception]:
    from .write import UnsafePathError

    return UnsafePathError


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="regenerate clients from specs")
    gen.add_argument("names", nargs="*", help="platforms under specs/ (default: all)")
    gen.add_argument("--spec", help="generate from this spec file instead")
    gen.add_argument("--output", help="output directory (with --spec)")
    gen.add_argument("--name", help="package name (with --spec; default from the title)")
    gen.add_argument("--verbose", action="store_true", help="list every warning")
    gen.set_defaults(run=cmd_generate)
    check = sub.add_parser("check", help="validate specs and fail on stale generated code")
    check.add_argument("names", nargs="*")
    check.set_defaults(run=cmd_check)
    sub.add_parser("unasync", help="rewrite the runtime's sync twins").set_defaults(run=cmd_unasync)
    diff = sub.add_parser("diff", help="breaking changes between two versions of a spec")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--json", action="store_true", help="a JSON list (same as --format json)")
    diff.add_argument("--format", choices=["text", "json", "markdown", "github"], default="text")
    levels = ["breaking", "warning", "info", "never"]
    diff.add_argument(
        "--fail-on", choices=levels, default="breaking", help="exit 1 from this level"
    )
    diff.add_argument("--ignore", help="YAML list of accepted changes: {id, location, reason}")
    diff.add_argument("--wire-only", action="store_true", help="leave out the SDK surface")
    diff.set_defaults(run=cmd_diff)
    mock = sub.add_parser("mock", help="serve a platform's mock over HTTP on 127.0.0.1")
    mock.add_argument("name")
    mock.add_argument(
        "rest", nargs=argparse.REMAINDER, help="--port N, --latency S, --fault-rate R ..."
    )
    mock.set_defaults(run=cmd_mock)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except SpecError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s)", file=sys.stderr)
        return 2
    except (FileNotFoundError, _unsafe_path_error()) as exc:
        print(exc, file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:  # ruff failed (out of memory, killed...)
        print(
            f"formatting the generated code failed (ruff exited with {exc.returncode}); "
            "the output directory was left as it was",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
