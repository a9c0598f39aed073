"""IR to source files: Jinja2 with StrictUndefined, then formatted by ruff.

Every spec string reaches generated code through a filter that makes it inert: ``pyrepr`` (a
Python literal), ``docstring`` (escaped for a triple-quoted string) or ``comment`` (one line).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from .ir.model import EnumDef, Model, Package, TypeRef
from .unasync import render_lib_twin

__all__ = ["TEMPLATES", "format_tree", "render_package"]


def _templates_dir() -> Path:
    installed = Path(__file__).parent / "_templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "templates"


TEMPLATES = _templates_dir()
RUNTIME = Path(__file__).parent / "runtime"
# Every runtime module is copied: the runtime is one unit, versioned with the generator.
RUNTIME_MODULES = tuple(sorted(p.name for p in RUNTIME.glob("*.py")))
MOCK = Path(__file__).parent / "mock"
# The simulation, copied whole into PKG/_mock/ beside the client runtime.
MOCK_MODULES = tuple(sorted(p.name for p in MOCK.glob("*.py")))
# The mock imports pieces of the runtime as its sibling package: ``..runtime`` here, ``.._runtime``
# in a generated package. That import prefix is the one change made to the copied text.
_MOCK_USES_RUNTIME = re.compile(r"^from \.\.runtime\.", re.MULTILINE)


# Control characters other than tab and newline: a NUL makes a module uncompilable, the others
# are invisible or move the cursor. In docstrings they are written as escapes (the docstring's
# value keeps them); in comments, where nothing is unescaped, the escape is shown as text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _escape_controls(text: str) -> str:
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def docstring(text: str, indent: int = 4) -> str:
    """Text safe inside a triple-double-quoted docstring, continuation lines indented."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\r", "")
    text = _escape_controls(text)
    if text.endswith('"'):
        text += " "
    pad = " " * indent
    return "\n".join((pad + line) if line.strip() else "" for line in text.split("\n")).lstrip()


def comment(text: str) -> str:
    """Text on one line, whitespace runs collapsed, other control characters escaped."""
    return _escape_controls(" ".join(str(text).split()))


def guard(ref: TypeRef, definitions: Mapping[str, Any]) -> str:
    """A check that a JSON value ``data`` could be of type ``ref``: used to pick the variant of
    a union without a discriminator before trying to decode it."""
    return _guard(ref.annotation, definitions)


def _guard(annotation: str, definitions: Mapping[str, Any]) -> str:
    if annotation.startswith("Optional[") and annotation.endswith("]"):
        # A nullable variant: checked as None or its type, so the value returned is typed.
        inner = _guard(annotation[len("Optional[") : -1], definitions)
        return "True" if inner == "True" else f"data is None or {inner}"
    if annotation.startswith("List["):
        return "isinstance(data, list)"
    definition = definitions.get(annotation)
    if annotation.startswith("Dict[") or isinstance(definition, Model):
        return "isinstance(data, dict)"
    if isinstance(definition, EnumDef):
        annotation = definition.base
    return _GUARDS.get(annotation, "True")


_GUARDS = {
    "str": "isinstance(data, str)",
    "int": "isinstance(data, int) and not isinstance(data, bool)",
    "float": "isinstance(data, (int, float)) and not isinstance(data, bool)",
    "bool": "isinstance(data, bool)",
    "None": "data is None",
    "bytes": "isinstance(data, str)",
    "_dt.datetime": "isinstance(data, str)",
    "_dt.date": "isinstance(data, str)",
}


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment: each template is compiled once per process, however many
    packages are rendered (``generate`` renders four; compiling is most of a small one)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = repr
    env.filters["docstring"] = docstring
    env.filters["comment"] = comment
    return env


def render_package(
    package: Package,
    lib: Mapping[str, str] | None = None,
    scripts: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Relative path -> text for every file of the package (unformatted). ``lib`` holds the
    hand-written modules from ``specs/NAME/lib/``, copied verbatim into ``src/NAME/lib/``
    (each ``_async_X.py`` also as its derived ``_sync_X.py``)."""
    env = environment()
    src = f"src/{package.name}"
    header = (
        f"Generated by sdkgen from {comment(package.spec_display_path)} "
        f"(sha256 {package.spec_sha256}). Do not edit: regenerate instead."
    )
    definitions: dict[str, Any] = {}
    for module in package.model_modules:
        definitions.update({m.name: m for m in module.models})
        definitions.update({e.name: e for e in module.enums})
        definitions.update({u.name: u for u in module.unions})
    context = {
        "package": package,
        "header": header,
        "definitions": definitions,
        "guard": lambda ref: guard(ref, definitions),
    }

    def render(template: str, **extra: Any) -> str:
        return env.get_template(template).render(**context, **extra)

    lib_ = lib or {}
    files: dict[str, str] = {
        "pyproject.toml": render("pyproject.toml.j2"),
        "README.md": render("README.md.j2"),
        f"{src}/py.typed": f"# {header}\n",
        f"{src}/__init__.py": render("package_init.py.j2"),
        f"{src}/_client.py": render("client.py.j2"),
        f"{src}/{package.errors_module}.py": render("errors.py.j2"),
        f"{src}/resources/__init__.py": render("resources_init.py.j2"),
        f"{src}/models/__init__.py": render("models_init.py.j2"),
        f"{src}/_mock_routes.py": render("mock_routes.py.j2", mock_rules="mock_rules.py" in lib_),
        f"{src}/mock.py": render("mock.py.j2"),
    }
    for resource in package.resources:
        files[f"{src}/resources/{resource.module}.py"] = render("resource.py.j2", resource=resource)
    for module in package.model_modules:
        files[f"{src}/models/{module.module}.py"] = render("models.py.j2", module=module)
    for name, module_names in package.extend.modules:
        files[f"{src}/{name}.py"] = render(
            "alias_module.py.j2", module_name=name, names=module_names
        )
    for rel, text in (lib or {}).items():
        origin = f"{package.spec_display_path.rsplit('/', 1)[0]}/lib/{rel}"
        copied = (
            f"Hand-written: copied by sdkgen from {comment(origin)}; edit that file, not this copy"
        )
        files[f"{src}/lib/{rel}"] = f"# {copied} (spec sha256 {package.spec_sha256}).\n{text}"
        folder, _, filename = rel.rpartition("/")
        if filename.startswith("_async_"):
            twin = (folder + "/" if folder else "") + "_sync_" + filename[len("_async_") :]
            generated = f"Generated by sdkgen from {comment(origin)}"
            files[f"{src}/lib/{twin}"] = (
                f"# {generated} (spec sha256 {package.spec_sha256}).\n"
                + render_lib_twin(text, origin)
            )
    for rel, text in (scripts or {}).items():
        origin = f"{package.spec_display_path.rsplit('/', 1)[0]}/scripts/{rel}"
        note = (
            f"Hand-written: copied by sdkgen from {comment(origin)}; edit that file, not this copy"
        )
        shebang, _, rest = text.partition("\n") if text.startswith("#!") else ("", "", text)
        files[f"scripts/{rel}"] = (shebang + "\n" if shebang else "") + f"# {note}.\n{rest}"
    for name in RUNTIME_MODULES:
        text = (RUNTIME / name).read_text(encoding="utf-8")
        files[f"{src}/_runtime/{name}"] = f"# {header}\n{text}"
    for name in MOCK_MODULES:
        text = _MOCK_USES_RUNTIME.sub("from .._runtime.", (MOCK / name).read_text(encoding="utf-8"))
        files[f"{src}/_mock/{name}"] = f"# {header}\n{text}"
    return files


def format_tree(root: Path) -> None:
    """Format every Python file under ``root`` in place with ruff (deterministic)."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        raise RuntimeError("ruff is required to format generated code (pip install ruff)")
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "ruff.toml"
        config.write_text('line-length = 100\ntarget-version = "py39"\n', encoding="utf-8")
        subprocess.run(
            [ruff, "format", "--quiet", "--config", str(config), "--no-cache", str(root)],
            check=True,
        )
