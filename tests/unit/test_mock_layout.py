"""Two runtimes, two rooms: the simulation (``generator/mock/``, ``PKG/_mock/``) apart from the
client runtime (``generator/runtime/``, ``PKG/_runtime/``), with no import cycle anywhere.

The import graphs are read from the source (every ``import``, also those inside functions and
under ``TYPE_CHECKING``, which a cycle through type hints would hide from a plain import).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Container, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "generator"
PACKAGES = sorted(p for p in (ROOT / "generated").glob("*/src/*") if (p / "_mock").is_dir())
# The generated files on the mock's side of the wall: they exist to feed or serve it.
MOCK_SIDE = ("_mock_routes.py", "mock.py", "lib/mock_rules.py")


def _modules(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every module under ``root`` (named ``package``)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path, known: Container[str]) -> Iterator[tuple[str, str]]:
    """(imported module, enclosing function, "TYPE_CHECKING" or "") for every import in
    ``path``; ``from P import m`` of a module ``m`` in ``known`` imports ``P.m`` (``P`` is only
    its parent)."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scopes: dict[ast.AST, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for inner in ast.walk(node):
                scopes.setdefault(inner, "TYPE_CHECKING")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                scopes.setdefault(inner, node.name)
    for node in ast.walk(tree):
        scope = scopes.get(node, "")
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, scope
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + is_package]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            yield from ((s, scope) for s in submodules)
            if len(submodules) < len(node.names):
                yield target, scope


def _graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        found = _imports(module, path, modules)
        graph[module] = {t for t, _ in found if t in modules and t != module}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in ``graph`` as a list of modules, or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def _generator_modules() -> dict[str, Path]:
    return {
        **_modules(GENERATOR / "runtime", "generator.runtime"),
        **_modules(GENERATOR / "mock", "generator.mock"),
    }


def test_the_runtime_and_the_mock_have_no_import_cycle() -> None:
    assert _cycle(_graph(_generator_modules())) == []


def test_the_client_runtime_never_imports_the_mock() -> None:
    runtime = _modules(GENERATOR / "runtime", "generator.runtime")
    found = [
        (module, target)
        for module, path in runtime.items()
        for target, _ in _imports(module, path, ())
        if target.startswith("generator.mock")
    ]
    assert found == []


def test_the_mock_uses_the_runtime_only_as_its_sibling_package() -> None:
    """``render`` rewrites ``from ..runtime.`` to ``from .._runtime.`` when it copies the mock;
    any other spelling would reach a generated package unchanged and break there."""
    mock = _modules(GENERATOR / "mock", "generator.mock")
    for path in mock.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                assert node.level == 2, (path.name, node.module)
                assert (node.module or "").startswith("runtime."), (path.name, node.module)
            elif isinstance(node, ast.ImportFrom) and not node.level:
                assert not (node.module or "").startswith("generator"), path.name
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("generator") for a in node.names), path.name


def test_every_module_imports_on_its_own() -> None:
    """Each module imported first, in a fresh set of modules: an import that works only after
    another module was loaded (a hidden cycle) fails here."""
    names = sorted(n for n in _generator_modules() if "." in n)
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('generator')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)


@pytest.mark.parametrize("src", PACKAGES, ids=lambda p: p.name)
def test_a_package_enters_its_mock_through_one_door(src: Path) -> None:
    """Outside ``_mock/`` and the files that feed or serve it, the only import of the mock is
    the client's ``_mock_transport()`` (mock mode), besides the name ``MockOptions`` its
    annotations use (type checkers only); the package has no import cycle."""
    name = src.name
    modules = _modules(src, name)
    side = {f"{name}.{m[:-3].replace('/', '.')}" for m in MOCK_SIDE}
    doors = {
        (module.removeprefix(f"{name}."), scope)
        for module, path in modules.items()
        if not module.startswith(f"{name}._mock.") and module != f"{name}._mock"
        if module not in side
        for target, scope in _imports(module, path, modules)
        if target == f"{name}._mock" or target.startswith(f"{name}._mock.")
    }
    assert doors == {("_client", "_mock_transport"), ("_client", "TYPE_CHECKING")}
    assert _cycle(_graph(modules)) == []
