"""What generated code may contain, learnt from the four real packages in ``generated/``.

Templates emit a small, fixed repertoire of Python. The repertoire is read from the committed
packages (hand-written ``lib/``, the verbatim ``_runtime/`` and ``_mock/`` left out): every AST
node as (node type, parent type, parent field), every absolute import, every bare name called,
every dunder name. A package generated from a hostile spec must stay inside it: a spec string that
turned into code would show up as a new shape, a new import (``os``), a call of an unknown name
(``__import__``, ``exec``) or a new dunder (``__globals__``).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from generator.write import MANIFEST

__all__ = ["Repertoire", "learn", "problems_in"]

ROOT = Path(__file__).resolve().parents[2]
PLATFORMS = ("codevf", "flowmaestro", "openspawn", "taskforceai")
_DISTRIBUTION = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")  # PEP 508 names
_IDENTIFIER_FILE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.py$")
# The manifest's name is the generator's constant, never one a spec could choose.
_OTHER_FILES = {"README.md", "pyproject.toml", "py.typed", MANIFEST}


@attrs.frozen
class Repertoire:
    shapes: frozenset[tuple[str, str, str]]
    imports: frozenset[str]  # absolute modules, the package's own name as PKG
    called: frozenset[str]  # bare names called, f(...), that the package does not define
    module_attributes: frozenset[str]  # os.environ: attributes of absolutely imported modules
    dunders: frozenset[str]


def _generated_files(src: Path) -> Iterator[Path]:
    """The package's template output: not ``_runtime/``, ``_mock/`` (copied verbatim), ``lib/``."""
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).parts
        if not {"_runtime", "_mock", "lib", "__pycache__"} & set(parts):
            yield path


def _shapes(tree: ast.AST) -> Iterator[tuple[str, str, str]]:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, ast.AST):
                    yield (type(child).__name__, type(parent).__name__, field)


def _identifiers(node: ast.AST) -> Iterator[str]:
    for name in ("id", "attr", "name", "arg", "asname"):
        value = getattr(node, name, None)
        if isinstance(value, str):
            yield value


def _facts(package: str, paths: list[Path]) -> tuple[Repertoire, frozenset[str]]:
    """The repertoire of ``paths`` and the names they define (classes, functions, imports,
    assignment targets)."""
    shapes: set[tuple[str, str, str]] = set()
    imports: set[str] = set()
    called: set[str] = set()
    attributes: set[str] = set()
    dunders: set[str] = set()
    defined: set[str] = set()
    own = re.compile(rf"^{re.escape(package)}(?=\.|$)")
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        shapes.update(_shapes(tree))
        modules = {
            alias.asname or alias.name.split(".")[0]: alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imports.update(own.sub("PKG", a.name) for a in node.names)
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
            ):
                attributes.add(f"{own.sub('PKG', modules[node.value.id])}.{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imports.add(own.sub("PKG", node.module))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called.add(node.func.id)
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                defined.add(node.name)
            elif isinstance(node, ast.alias):
                defined.add((node.asname or node.name).split(".")[0])
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
            dunders.update(n for n in _identifiers(node) if n.startswith("__") and n.endswith("__"))
    repertoire = Repertoire(
        shapes=frozenset(shapes),
        imports=frozenset(imports),
        called=frozenset(called - defined),
        module_attributes=frozenset(attributes),
        dunders=frozenset(dunders),
    )
    return repertoire, frozenset(defined)


def learn(*extra: tuple[str, Path]) -> Repertoire:
    """The repertoire of the four committed packages together, plus ``extra`` (package name,
    its source directory): template output for features none of the four platforms uses."""
    sources = [(name, ROOT / "generated" / name / "src" / name) for name in PLATFORMS]
    parts = [_facts(name, list(_generated_files(src)))[0] for name, src in [*sources, *extra]]
    return Repertoire(
        **{
            field.name: frozenset().union(*(getattr(part, field.name) for part in parts))
            for field in attrs.fields(Repertoire)
        }
    )


def problems_in(package_dir: Path, known: Repertoire) -> list[str]:
    """Everything in the generated ``package_dir`` (``generated/NAME``) outside ``known``, and
    any file whose name is not a plain module name; empty when the package is safe."""
    problems: list[str] = []
    (src,) = (package_dir / "src").iterdir()
    for path in package_dir.rglob("*"):
        relative = path.relative_to(package_dir)
        if path.is_file() and not (_IDENTIFIER_FILE.match(path.name) or path.name in _OTHER_FILES):
            problems.append(f"{relative}: unexpected file name")
        if path.is_dir() and not path.name.isidentifier() and relative.parts[0] != "src":
            problems.append(f"{relative}: unexpected directory name")
    # The template writes `name = <JSON string>` (also a TOML string); tomllib is 3.11+.
    pyproject = (package_dir / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^name = (".*")$', pyproject, re.MULTILINE)
    distribution = json.loads(match.group(1)) if match else None
    if not (isinstance(distribution, str) and _DISTRIBUTION.match(distribution)):
        problems.append(f"pyproject.toml: bad distribution name {distribution!r}")
    found, _ = _facts(src.name, list(_generated_files(src)))
    problems += [f"new AST shape {shape}" for shape in sorted(found.shapes - known.shapes)]
    problems += [f"new import {module!r}" for module in sorted(found.imports - known.imports)]
    problems += [f"call of unknown name {name!r}" for name in sorted(found.called - known.called)]
    problems += [
        f"new module attribute {name!r}"
        for name in sorted(found.module_attributes - known.module_attributes)
    ]
    problems += [f"new dunder {name!r}" for name in sorted(found.dunders - known.dunders)]
    return problems
