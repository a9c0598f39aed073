"""Generated packages in tests: generated from a spec, or the committed ones, imported afresh."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.pipeline import generate

ROOT = Path(__file__).resolve().parents[2]  # the repository


def import_package(src: Path, name: str) -> ModuleType:
    """Import package ``name`` from ``src``, dropping any copy imported before (a regenerated
    package must not be shadowed by the modules of an earlier one)."""
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
        del sys.modules[key]
    return importlib.import_module(name)


# Package directory -> the spec it was generated from. A package's files name their spec by a
# relative path only (an absolute one is shown as its file name), so the conformance checker
# finds the specs of packages generated here through this table.
SPECS: dict[Path, Path] = {}


def generate_and_import(spec: Path, out: Path, name: str) -> ModuleType:
    """Generate ``spec`` as package ``name`` under ``out`` and import it fresh."""
    generate(spec, out / name, name)
    SPECS[(out / name / "src" / name).resolve()] = spec.resolve()
    return import_package(out / name / "src", name)


def import_generated(name: str) -> ModuleType:
    """The committed package ``generated/NAME``."""
    return import_package(ROOT / "generated" / name / "src", name)


def client_class(package: ModuleType, is_async: bool) -> Any:
    """The package's sync or async client class (``XClient`` / ``AsyncXClient``)."""
    names = [
        n for n in package.__all__ if n.endswith("Client") and n.startswith("Async") == is_async
    ]
    return getattr(package, names[0])


def exact_imports_problems(package: Path) -> str:
    """What ruff finds with the package's own rules plus unused (F401), unsorted (I001) and
    undefined (F821) names, every ``noqa`` ignored: "" when every module imports exactly what it
    uses."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--ignore-noqa",
         "--extend-select", "F401,I001,F821", "--config", str(package / "pyproject.toml"),
         str(package / "src" / package.name)],
        capture_output=True, text=True,
    )  # fmt: skip
    return "" if result.returncode == 0 else result.stdout + result.stderr


def mypy_strict_problems(package: Path) -> str:
    """``mypy --strict`` on the generated package in ``package`` (its ``src/NAME``) with the
    package's own config and no cache left behind: "" when clean, else mypy's output."""
    name = package.name
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", "/dev/null"]
    command += ["--config-file", str(package / "pyproject.toml"), str(package / "src" / name)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=package, check=False)
    return "" if result.returncode == 0 else result.stdout + result.stderr
