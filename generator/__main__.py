"""sdkgen: typed sync + async Python SDKs from OpenAPI 3.0/3.1 specs.

Installed, the command is ``sdkgen``; from a checkout, ``python -m generator`` is the same.

Exit codes: 0 success; 1 drift (check) or breaking changes (diff); 2 bad input (an
invalid spec, config or flag, an output directory holding files sdkgen may not touch, a port
in use); 130 interrupted (Ctrl-C; nothing is left half-written).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable, Optional

from .commandline import PROG, grammar
from .config import INIT_TEMPLATE, Config, ConfigError, Target, find_config, load_config
from .errors import Problem, SpecError

# The pipeline (loader, validator, templates) is imported by the commands that use it, so that
# `--help` answers at once.

EXIT_OK, EXIT_DRIFT, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_OUTPUT = Path("generated")  # without --output: ./generated/NAME, said on stderr


class UsageError(Exception):
    """A command line that can't be acted on: conflicting, missing or ignored arguments."""


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


class _Progress:
    """Progress on stderr when it is a terminal: one line per stage with the time since the
    start, and counted stages (``rendering 120/3400 modules``) redrawn in place, at most ten
    times a second, ending with their final count. A spec with thousands of operations takes
    seconds per stage; a log file (not a terminal) gets nothing."""

    _COUNTED = re.compile(r"(.*?)(\d+)/(\d+)(.*)")

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.drawn = 0.0
        self.open = False  # a counted line is on screen without its newline

    def __call__(self, stage: str) -> None:
        now = time.monotonic()
        counted = self._COUNTED.fullmatch(stage)
        line = f"[{now - self.start:6.1f}s] {stage}"
        if counted is None:
            self._end_line()
            print(line, file=sys.stderr, flush=True)
            return
        finished = counted.group(2) == counted.group(3)
        if not finished and self.open and now - self.drawn < 0.1:
            return
        self.drawn = now
        print(f"\r{line}\x1b[K", end="\n" if finished else "", file=sys.stderr, flush=True)
        self.open = not finished

    def _end_line(self) -> None:
        if self.open:
            print(file=sys.stderr)
            self.open = False


def _progress(enabled: bool) -> Optional[Callable[[str], None]]:
    """A ``_Progress`` when ``enabled`` (stderr is a terminal and not ``--quiet``)."""
    return _Progress() if enabled else None


def _shown(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path.absolute()) if relative.startswith("..") else relative


# --- config -----------------------------------------------------------------------------------


def _config(args: argparse.Namespace, required: bool) -> Optional[Config]:
    path = Path(args.config) if args.config else find_config(Path.cwd())
    if path is None:
        if required:
            raise UsageError(
                "no spec given and no config found (sdkgen.toml, or [tool.sdkgen] in "
                "pyproject.toml, here or in a parent directory); run "
                f"`{PROG} generate SPEC -o DIR`, or `{PROG} init` to write a config"
            )
        return None
    return load_config(path)


def _spec_arg(values: Sequence[str], flag: Optional[str]) -> tuple[Optional[Path], list[str]]:
    """Split positional arguments into one spec path (a file, or ``--spec``) and config keys."""
    specs = [v for v in values if Path(v).is_file() or v.endswith((".yaml", ".yml", ".json"))]
    keys = [v for v in values if v not in specs]
    if flag:
        specs.insert(0, flag)
    if len(specs) > 1:
        raise UsageError(f"one spec at a time (got {', '.join(specs)}); use a config for more")
    if specs and keys:
        raise UsageError(f"a spec path and config sdk names together: {', '.join(keys)}")
    return (Path(specs[0]) if specs else None), keys


# --- generate ---------------------------------------------------------------------------------


def cmd_generate(args: argparse.Namespace) -> int:
    spec, keys = _spec_arg(args.targets, args.spec)
    progress = _progress(sys.stderr.isatty() and not args.quiet)
    if spec is None:
        for flag, value in (("--output", args.output), ("--name", args.name)):
            if value:
                raise UsageError(
                    f"{flag} applies to one spec: `{PROG} generate SPEC {flag} ...` "
                    "(a config's sdks take theirs from the config)"
                )
        config = _config(args, required=True)
        assert config is not None
        targets = config.select(keys)
        if not targets:
            raise UsageError(f"{config.path}: no [[sdk]] entries to generate")
        for target in targets:
            _generate_one(target, config.root, args, progress)
        return EXIT_OK
    if not spec.is_file():
        raise FileNotFoundError(f"{spec}: no such spec file")
    output = Path(args.output) if args.output else None
    target = Target(
        spec=spec,
        output=output or Path(),
        name=args.name,
        templates=Path(args.templates) if args.templates else None,
        tests=args.tests,
    )
    _generate_one(target, None, args, progress, default_output=output is None)
    return EXIT_OK


def _generate_one(
    target: Target,
    root: Optional[Path],
    args: argparse.Namespace,
    progress: Optional[Callable[[str], None]],
    default_output: bool = False,
) -> None:
    from .pipeline import build, collector_paused
    from .write import write_package

    templates = Path(args.templates) if args.templates else target.templates
    tests = args.tests or target.tests
    strict = args.strict or target.strict
    result = build(
        target.spec,
        target.name,
        root,
        templates=templates,
        progress=progress,
        tests=tests,
        strict=strict,
    )
    output = target.output
    if default_output:
        output = DEFAULT_OUTPUT / result.package.name
        print(
            f"no --output given: writing to {_shown(output)} (choose with -o DIR)",
            file=sys.stderr,
        )
    with collector_paused():  # as while building: the IR and the files are still alive
        report = write_package(result.files, output, force=args.force, progress=progress)
    _report_warnings(result.package.name, result.warnings, args.verbose)
    for problem in result.advice:
        print(f"warning: {problem}", file=sys.stderr)
    extra = f"; {len(report.removed)} no longer generated, removed" if report.removed else ""
    kept = f"; {len(report.kept)} other file(s) left in place" if report.kept else ""
    if not args.quiet:
        print(
            f"wrote {_shown(output)} ({len(result.files)} files, package "
            f"{result.package.name}{extra}{kept})"
        )


# --- check ------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import build, diff_trees

    spec, keys = _spec_arg(args.targets, None)
    problems: list[str] = []
    if _source_checkout():
        from . import unasync

        problems += unasync.stale_twins()
    if spec is not None:
        if not spec.is_file():
            raise FileNotFoundError(f"{spec}: no such spec file")
        result = build(spec, args.name, tests=args.tests, strict=args.strict)
        if args.output is None:
            print(f"{spec}: valid ({result.package.name}, {len(result.files)} files)")
            return EXIT_OK
        output = Path(args.output)
        problems += [
            f"{_shown(output)}/{p}" for p in diff_trees(result.files, output, own_output=False)
        ]
        return _check_verdict(problems, f"{spec}: valid, {_shown(output)} up to date", spec)
    if args.output or args.name:
        raise UsageError(f"--output and --name apply to one spec: `{PROG} check SPEC -o DIR`")
    config = _config(args, required=True)
    assert config is not None
    targets = config.select(keys)
    if not targets:
        raise UsageError(f"{config.path}: no [[sdk]] entries to check")
    for target in targets:
        if not target.spec.is_file():
            raise FileNotFoundError(f"{target.spec}: no such spec file (named in {config.path})")
        try:
            result = build(
                target.spec,
                target.name,
                config.root,
                templates=target.templates,
                tests=target.tests or args.tests,
                strict=args.strict or target.strict,
            )
        except SpecError as exc:
            problems.append(str(exc))
            continue
        shown = _shown(target.output)
        problems += [
            f"{shown}/{p}"
            for p in diff_trees(result.files, target.output, own_output=target.own_output)
        ]
    label = ", ".join(_shown(t.output) for t in targets)
    return _check_verdict(problems, f"specs valid, {label} up to date", None)


def _check_verdict(problems: list[str], ok: str, spec: Optional[Path]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        again = f"{PROG} generate {spec} -o DIR" if spec else f"{PROG} generate"
        print(f"stale: run `{again}`", file=sys.stderr)
        return EXIT_DRIFT
    print(ok)
    return EXIT_OK


def _source_checkout() -> bool:
    """Running from this repository (not an installed wheel): the runtime's sync twins are
    derived files here, and stale ones are drift."""
    return (Path(__file__).resolve().parent.parent / "templates").is_dir()


# --- mock -------------------------------------------------------------------------------------


def _mock_server() -> Any:
    """The mock server module (its ``parser`` and ``main``): the one place naming it."""
    return importlib.import_module("generator.mock._server")


def cmd_mock(args: argparse.Namespace, argv: Sequence[str] = ()) -> int:
    """Serve a spec's mock on 127.0.0.1: the spec is generated into a temporary directory and
    its package's mock server runs in this process (so signalling it stops the server)."""
    from .pipeline import build
    from .write import materialise

    spec, keys = _spec_arg([args.target], None)
    rest = list(argv)
    rest.remove(args.target)
    if spec is None:
        config = _config(args, required=False)
        if config is None:
            raise UsageError(f"{args.target!r}: no such spec file, and no config naming sdks")
        (target,) = config.select(keys)
        package = target.name or _single_package(target.output / "src")
        if package is not None:  # the SDK the config generated: its mock, as generated
            return _serve(target.output / "src", package, rest)
        spec, name, root = target.spec, target.name, config.root
    else:
        name, root = None, None
    if not spec.is_file():
        raise FileNotFoundError(f"{spec}: no such spec file")
    result = build(spec, name, root)
    with tempfile.TemporaryDirectory(prefix="sdkgen-mock-") as tmp:
        materialise(result.files, Path(tmp), format=False)
        return _serve(Path(tmp) / "src", result.package.name, rest)


def _single_package(src: Path) -> Optional[str]:
    found = [p.name for p in src.iterdir() if (p / "mock.py").is_file()] if src.is_dir() else []
    return found[0] if len(found) == 1 else None


def _serve(src: Path, package: str, argv: list[str]) -> int:
    """Run ``package``'s mock server (from ``src``) in this process until it is stopped."""
    if package in sys.modules:
        raise UsageError(
            f"the package name {package!r} is taken by a module sdkgen itself "
            "uses; generate with --name and serve it with `python -m NAME.mock`"
        )
    sys.path.insert(0, str(src))
    try:
        routes = importlib.import_module(f"{package}._mock_routes").ROUTES
        module = importlib.import_module(f"{package}.mock")
        server = importlib.import_module(f"{package}._mock._server")
        server.main(routes, module.BASE_PATH, module.DEFAULT_PORT, argv)
    finally:
        sys.path.remove(str(src))
        for loaded in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[loaded]
    return EXIT_OK


# --- diff -------------------------------------------------------------------------------------


def cmd_diff(args: argparse.Namespace) -> int:
    """Changes from OLD to NEW; exit 1 when any is at --fail-on or worse (default breaking).
    With ``--base REF`` each SPEC is compared with its version at the git ref REF."""
    from .diff import diff_specs, fails, load_ignores, render, split_ignored
    from .load import load_spec

    base = args.base or os.environ.get("SDKGEN_DIFF_BASE") or None
    if base is None and len(args.specs) != 2:
        raise UsageError("give OLD and NEW, or --base REF (or SDKGEN_DIFF_BASE) and SPEC...")
    try:
        ignores = load_ignores(args.ignore) if args.ignore else []
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    pairs = [(Path(args.specs[0]), Path(args.specs[1]), "")] if base is None else []
    with tempfile.TemporaryDirectory(prefix="sdkgen-diff-") as tmp:
        for index, spec in enumerate(Path(s) for s in args.specs if base is not None):
            assert base is not None
            old = _at_ref(base, spec, Path(tmp) / f"{index}{spec.suffix}")
            if old is not None:
                pairs.append((old, spec, f"{_shown(spec)} against {base}"))
        failed = False
        form = "json" if args.json else args.format
        listed: list[dict[str, Any]] = []  # JSON with --base: one list, each change its spec
        for old, new, label in pairs:
            changes = diff_specs(load_spec(old), load_spec(new), surface=not args.wire_only)
            kept, ignored = split_ignored(changes, ignores)
            failed = failed or fails(kept, args.fail_on)
            if form == "json" and base is not None:
                listed += [{"spec": _shown(new), **c.as_dict()} for c in kept]
                continue
            if label:
                print(f"== {label}")
            print(render(kept, ignored, form))
        if form == "json" and base is not None:
            print(json.dumps(listed, indent=2))
    return EXIT_DRIFT if failed else EXIT_OK


def _at_ref(ref: str, spec: Path, into: Path) -> Optional[Path]:
    """``spec`` as it was at the git ref ``ref``, written to ``into``; None for a file that is
    not an OpenAPI document (a hook is given every changed YAML/JSON file) or is new since
    ``ref`` (nothing to break). A spec spread over several files is read at ``ref`` whole."""
    import yaml

    if not spec.is_file():
        raise FileNotFoundError(f"{spec}: no such spec file")
    try:
        head = yaml.safe_load(spec.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    if not isinstance(head, dict) or "openapi" not in head:
        return None
    where = spec.resolve()
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=where.parent, capture_output=True, text=True
    )
    if top.returncode != 0:
        raise UsageError(f"--base {ref}: {spec} is not in a git repository")
    root = Path(top.stdout.strip())
    if subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=root, capture_output=True,
    ).returncode:  # fmt: skip
        raise UsageError(f"--base {ref}: no such git ref (fetch it first, e.g. fetch-depth: 0)")
    relative = where.relative_to(root).as_posix()
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", ref, "--", str(Path(relative).parent)],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    if relative not in listed:
        print(f"{_shown(spec)}: new since {ref}, nothing to compare", file=sys.stderr)
        return None
    # The spec's directory at ref, under its own name (relative $refs resolve, and the package
    # name, which defaults to the directory's, is the same).
    folder = into.with_suffix("") / where.parent.name
    for name in listed:
        target = folder / Path(name).relative_to(Path(relative).parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        shown = subprocess.run(["git", "show", f"{ref}:{name}"], cwd=root, capture_output=True)
        target.write_bytes(shown.stdout)
    return folder / Path(relative).name


# --- init -------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    """Write ``sdkgen.toml`` naming one spec; never over an existing one."""
    config = Path(args.config or "sdkgen.toml")
    if config.exists():
        raise UsageError(f"{config} exists; edit it (or remove it first)")
    if find_config(Path.cwd()) is not None and not args.config:
        print(f"note: {find_config(Path.cwd())} also configures sdkgen", file=sys.stderr)
    spec = args.spec or next(
        (n for n in ("openapi.yaml", "openapi.yml", "openapi.json") if Path(n).is_file()),
        "openapi.yaml",
    )
    name_line = f"name = {json.dumps(args.name)}\n" if args.name else ""
    text = INIT_TEMPLATE.format(
        spec=json.dumps(spec), output=json.dumps(args.output or "sdk"), name_line=name_line
    )
    config.write_text(text, encoding="utf-8")
    print(f"wrote {config}; now run `{PROG} generate`")
    if not Path(spec).is_file():
        print(f"note: {spec} does not exist yet", file=sys.stderr)
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------------


def cmd_unasync(args: argparse.Namespace) -> int:
    from . import unasync

    unasync.write_twins()
    return EXIT_OK


def build_parser(mock_options: bool = True) -> argparse.ArgumentParser:
    """The command line with its commands bound. ``mock_options``: give ``mock`` the mock
    server's options, which imports the simulation and httpx (a tenth of a second): needed
    only when the command is ``mock``."""
    commands = {
        "generate": cmd_generate,
        "check": cmd_check,
        "diff": cmd_diff,
        "mock": cmd_mock,
        "init": cmd_init,
        "unasync": cmd_unasync,
    }
    return grammar(commands, __doc__ or "", _mock_server().parser() if mock_options else None)


def main(argv: Optional[list[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # The writer has already put the previous output back; a traceback would say a bug.
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: list[str]) -> int:
    from .write import OutputError

    parser = build_parser(mock_options="mock" in argv)
    args = parser.parse_args(argv)
    try:
        if args.run is cmd_mock:
            return int(cmd_mock(args, argv[argv.index("mock") + 1 :]))
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except UsageError as exc:
        parser.exit(EXIT_BAD_INPUT, f"{PROG} {args.command}: error: {exc}\n")
    except SpecError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s)", file=sys.stderr)
    except (ConfigError, OutputError, FileNotFoundError, IsADirectoryError) as exc:
        print(f"{PROG} {args.command}: error: {exc}", file=sys.stderr)
    except subprocess.CalledProcessError as exc:  # ruff failed (out of memory, killed...)
        print(
            f"formatting the generated code failed (ruff exited with {exc.returncode}); "
            "the output directory was left as it was",
            file=sys.stderr,
        )
    return EXIT_BAD_INPUT


def console() -> None:
    """The ``sdkgen`` console script."""
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
