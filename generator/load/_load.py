"""``load_spec``: read, bundle and validate a spec, reporting every problem at once.

Stages, each adding to one list of problems:

1. read and parse the root file (fatal on failure: nothing else can be checked);
2. check the ``openapi`` version (fatal: other versions validate differently);
3. follow and bundle ``$ref``s (``_bundle``): unknown, remote and unreadable refs;
4. our checks (``_checks``): cycles of refs, duplicate ``operationId``s;
5. openapi-spec-validator (``_validate``), skipped when refs loop (it would not terminate);
6. the defects that leave the meaning recoverable (``_lenient``) are repaired, each a warning
   with its fallback, or with ``strict`` an error.

Only SpecError leaves ``load_spec``: deep nesting (RecursionError) and anything unexpected
become problems too, so a bad spec never produces a traceback.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import Location, Problem, SpecError
from generator.load._bundle import Bundler
from generator.load._checks import duplicate_operation_ids, openapi_version, ref_cycles
from generator.load._fast import is_clean
from generator.load._lenient import Defect, repair
from generator.load._locator import Locator
from generator.load._read import read_source
from generator.load._spec import Spec
from generator.load._v32 import validation_view

__all__ = ["load_spec"]


def _displayer(display_root: Path | None) -> Callable[[str], str]:
    """Paths as shown in messages: relative to ``display_root`` (default: the working
    directory) when inside it, else absolute; always with ``/`` separators."""
    try:
        base = os.path.abspath(display_root if display_root is not None else os.getcwd())
    except OSError:  # the working directory was removed
        base = None

    def display(path: str) -> str:
        if base is not None:
            try:
                relative = os.path.relpath(path, base)
            except ValueError:  # another drive (Windows)
                relative = os.pardir
            if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
                return Path(relative).as_posix()
        return Path(path).as_posix()

    return display


def _tidy(problems: list[Problem], root_display: str) -> list[Problem]:
    """Drop repeats; order by file (root first), then line."""
    unique = list(dict.fromkeys(problems))
    return sorted(
        unique,
        key=lambda p: (
            p.location.file != root_display,
            p.location.file,
            -1 if p.location.line is None else p.location.line,
        ),
    )


def _load(path: str, display: Callable[[str], str], strict: bool) -> Spec:
    root = read_source(path, display(path))
    if not isinstance(root.data, dict):
        kind = "empty" if root.data is None else f"a {type(root.data).__name__}"
        message = f"a spec must be a mapping (an OpenAPI document), this file is {kind}"
        raise SpecError([Problem(Location(root.display, None, "#"), message)])
    locator = Locator(root)
    version, problems = openapi_version(root.data, locator.locate)
    if version is None:
        raise SpecError(problems)

    bundler = Bundler(locator, version, display)
    bundler.run()
    problems = list(bundler.problems)
    cycles = ref_cycles(root.data, bundler.internal_refs, locator.locate)
    problems += cycles
    problems += duplicate_operation_ids(root.data, locator.locate)
    defects: list[Problem] = []
    if not cycles:
        # 3.2 documents (and 3.2 keywords in 3.1 ones) are validated as 3.1 (``_v32``).
        view = validation_view(root.data)
        checked_as = "3.1" if version == "3.2" else version
        found, recoverable, crash = _validate(view, checked_as, locator, bundler.depth)
        problems += found
        if not problems or strict:
            # Repaired only when nothing else is wrong: a broken document is not worth
            # mending, and its defects would only bury the errors that matter.
            defects = repair(recoverable, locator.locate, strict)
            problems += defects if strict else []
        # A crash after other problems is their consequence (say, an unknown ref): the
        # problems say more than the crash does.
        if crash is not None and not problems:
            message = f"openapi-spec-validator failed: {crash}"
            problems.append(Problem(locator.locate("#"), message))
    if problems:
        raise SpecError(_tidy(problems, root.display))

    digest = hashlib.sha256(root.raw)
    for other in sorted(p for p in locator.sources if p != root.path):
        digest.update(locator.sources[other].raw)
    document = root.data
    for source in locator.sources.values():
        # From here on the locator needs each file's text only; the bundled document lives
        # in the Spec alone, so whoever drops the Spec's document frees it.
        source.data = None
    return Spec(
        path=Path(path),
        display_path=root.display,
        document=document,
        sha256=digest.hexdigest(),
        openapi_version=version,
        locator=locator,
        defects=() if strict else tuple(_tidy(defects, root.display)),
    )


def _validate(
    document: dict[str, Any], version: str, locator: Locator, depth: int
) -> tuple[list[Problem], list[Defect], str | None]:
    """openapi-spec-validator's problems and recoverable defects (see ``_validate``). A
    document the fast verdict vouches for has none, and is checked without importing the
    library at all."""
    if is_clean(document, version, depth):
        return [], [], None
    from generator.load._validate import validate

    return validate(document, version, locator.locate)


def load_spec(
    path: str | os.PathLike[str], *, display_root: Path | None = None, strict: bool = False
) -> Spec:
    """Read, bundle, validate. Raises generator.errors.SpecError with ALL problems found.

    ``path`` is the root file (YAML or JSON). ``display_root`` is the directory that file
    names in messages are relative to (default: the working directory). Defects that leave
    the meaning recoverable (``_lenient``) are repaired and listed in ``Spec.defects``, or,
    with ``strict``, reported as problems like any other.
    """
    display = _displayer(display_root)
    shown = str(path)
    try:
        absolute = os.path.normpath(os.path.abspath(os.fspath(path)))
        shown = display(absolute)
        return _load(absolute, display, strict)
    except SpecError:
        raise
    except RecursionError:
        message = "document is nested too deeply to process"
        raise SpecError([Problem(Location(shown, None, "#"), message)]) from None
    except Exception as exc:  # a bug of ours: still no traceback, but say so
        message = f"internal error while loading the spec (please report): {exc!r}"[:300]
        raise SpecError([Problem(Location(shown, None, "#"), message)]) from exc
