"""The pipeline end to end: load -> IR -> render -> write, and the drift check."""

from __future__ import annotations

import filecmp
import gc
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Optional

import attrs

from .errors import Problem, SpecError
from .examples import example_arguments, smoke_arguments, webhook_samples
from .failures import internal_failures_located
from .ir import Package, Warnings, build_package
from .ir.formats import UNKNOWN_FORMAT
from .load import Spec, load_spec
from .preflight import preflight
from .render import environment, render_package
from .write import MANIFEST, WriteReport, read_manifest, stage, write_package

__all__ = [
    "Generated",
    "Progress",
    "build",
    "collector_paused",
    "diff_trees",
    "find_spec",
    "generate",
]

Progress = Callable[[str], None]
"""Called with a short line as each stage starts (``loading``, ``rendering 120 files``...)."""

SPEC_NAMES = ("openapi.yaml", "openapi.yml", "openapi.json")


@attrs.frozen
class Generated:
    package: Package
    files: dict[str, str]
    warnings: tuple[Problem, ...]
    report: Optional[WriteReport] = None  # what the write did (generate only)
    # What will fail at run time unless the user acts (generator.preflight), said in full.
    advice: tuple[Problem, ...] = ()


def find_spec(directory: Path) -> Path:
    for name in SPEC_NAMES:
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"no {' / '.join(SPEC_NAMES)} in {directory}")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, restoring its previous state after.

    The pipeline builds large trees without cycles (the parsed document, the IR, the rendered
    files), which refcounting frees; the collector would walk them hundreds of times for
    nothing: about 15% of the time for GitHub's spec, for ~1% more peak memory.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(
    spec_path: Path,
    name: Optional[str] = None,
    root: Optional[Path] = None,
    *,
    templates: Optional[Path] = None,
    progress: Optional[Progress] = None,
    tests: bool = False,
    strict: bool = False,
) -> Generated:
    """Load, validate and render one spec (raises SpecError with every problem).

    ``templates``: a directory whose templates replace the built-in ones of the same file name
    (see README, "Custom templates"). ``progress`` hears each stage as it starts. ``tests``:
    add a smoke-test module calling every operation in mock mode (``tests/``). ``strict``:
    defects that leave the meaning recoverable (a mistyped default...) are errors instead of
    warnings with a fallback (``generator/load/_lenient.py``)."""
    with collector_paused(), _templates_from(templates):
        return _build(spec_path, name, root, progress or (lambda _: None), tests, strict)


@contextmanager
def _templates_from(directory: Optional[Path]) -> Iterator[None]:
    """Templates in ``directory`` first, the built-in ones for the rest, for one build."""
    if directory is None:
        yield
        return
    import jinja2

    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such templates directory")
    env = environment()
    built_in = env.loader
    assert built_in is not None
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(directory)), built_in])
    env.cache.clear() if env.cache is not None else None
    try:
        yield
    finally:
        env.loader = built_in
        env.cache.clear() if env.cache is not None else None


def _build(
    spec_path: Path,
    name: Optional[str],
    root: Optional[Path],
    progress: Progress,
    tests: bool,
    strict: bool,
) -> Generated:
    progress(f"loading and validating {spec_path}")
    spec: Spec = load_spec(spec_path, display_root=root, strict=strict)
    defects = spec.defects
    warnings = Warnings(spec)
    progress(f"building the model ({len(spec.document.get('paths') or {})} paths)")
    with internal_failures_located(spec.locate):
        package = build_package(spec, name=name, warnings=warnings)
        predicted = list(preflight(spec.document, package.env_prefix))
        examples = example_arguments(spec, package)
        smoke = smoke_arguments(spec, package) if tests else None
        samples = webhook_samples(spec, package) if tests else {}
    # The parsed document is most of the memory a large spec takes, and neither locating the
    # warnings (a scan of the spec's text) nor rendering needs it: let it go first.
    located = attrs.evolve(spec, document={})
    items = warnings.items
    del spec, warnings
    where = located.locate_all([pointer for pointer, _ in [*items, *predicted]])
    problems = defects + tuple(Problem(at, message) for at, (_, message) in zip(where, items))
    advice = tuple(Problem(at, message) for at, (_, message) in zip(where[len(items) :], predicted))
    if strict:
        refused = [p for p in problems if p.message.startswith(UNKNOWN_FORMAT)]
        if refused:
            raise SpecError(refused)
    locate = located.locate  # a Spec without its document: file text and line index only
    del located
    lib = read_lib(spec_path.parent / "lib")
    scripts = read_lib(spec_path.parent / "scripts")
    progress("rendering")
    with internal_failures_located(locate):
        files = render_package(package, lib, scripts, progress=progress, examples=examples)
        if smoke is not None:
            files.update(_smoke_tests(package, files["README.md"], smoke, samples))
    return Generated(package, files, problems, advice=advice)


def _smoke_tests(
    package: Package,
    readme: str,
    smoke: dict[str, dict[str, str]],
    samples: dict[str, tuple[str, dict[str, str]]],
) -> dict[str, str]:
    """``--tests``: a pytest module calling every operation in mock mode, sync and async
    (``templates/smoke_tests.py.j2``), and a conftest putting ``src/`` on the path so ``pytest``
    runs in the SDK's directory before it is installed."""
    header = readme.split("\n", 1)[0].removeprefix("<!-- ").removesuffix(" -->")
    template = environment().get_template("smoke_tests.py.j2")
    uses_datetime = any("datetime." in v for values in smoke.values() for v in values.values())
    module = template.render(
        package=package,
        header=header,
        smoke=smoke,
        uses_datetime=uses_datetime,
        webhook_samples=samples,
    )
    conftest = (
        f"# {header}\n"
        '"""Lets ``pytest`` import the package from ``src/`` before it is installed."""\n\n'
        "import sys\nfrom pathlib import Path\n\n"
        'sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))\n'
    )
    return {f"tests/test_{package.name}_smoke.py": module, "tests/conftest.py": conftest}


def read_lib(directory: Path) -> dict[str, str]:
    """Hand-written package code next to a spec: relative path -> text (Python files only)."""
    if not directory.is_dir():
        return {}
    return {
        path.relative_to(directory).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(directory.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def generate(
    spec_path: Path,
    output: Path,
    name: Optional[str] = None,
    root: Optional[Path] = None,
    *,
    force: bool = False,
    templates: Optional[Path] = None,
    progress: Optional[Progress] = None,
    tests: bool = False,
    strict: bool = False,
) -> Generated:
    """Build ``spec_path`` and write it into ``output`` (see ``write.write_package``: only
    files an earlier run wrote are replaced or removed)."""
    generated = build(
        spec_path, name, root, templates=templates, progress=progress, tests=tests, strict=strict
    )
    if progress is not None:
        progress(f"formatting and writing {len(generated.files)} files to {output}")
    with collector_paused():
        report = write_package(generated.files, output, force=force, progress=progress)
    return attrs.evolve(generated, report=report)


def diff_trees(files: dict[str, str], target: Path, *, own_output: bool = True) -> list[str]:
    """Relative paths that differ between what ``files`` renders to and ``target``.

    Generated files that are stale or missing always count, and so do files the target's
    manifest lists that are no longer generated. ``own_output``: the target holds only
    generated files, so any other file is reported too (the user's files are left out
    otherwise)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        stage(files, fresh)
        expected = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
        actual = (
            {
                p.relative_to(target).as_posix()
                for p in target.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)
            }
            if target.is_dir()
            else set()
        )
        if not own_output:
            listed = set(read_manifest(target) or {}) | {MANIFEST}
            actual = {rel for rel in actual if rel in expected or rel in listed}
        stale = [
            f"{rel}: stale"
            for rel in sorted(expected & actual)
            if not filecmp.cmp(fresh / rel, target / rel, shallow=False)
        ]
        stale += [f"{rel}: missing" for rel in sorted(expected - actual)]
        stale += [f"{rel}: not generated (extra file)" for rel in sorted(actual - expected)]
    return stale
