"""IR to source files: Jinja2 with StrictUndefined, then formatted by ruff.

Every spec string reaches generated code through a filter that makes it inert: ``pyrepr`` (a
Python literal), ``docstring`` (escaped for a triple-quoted string) or ``comment`` (one line).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Optional

import jinja2

from .forked import map_forked
from .ir.literals import LINE_LENGTH, literal
from .ir.package import Package
from .unasync import render_lib_twin

__all__ = ["TEMPLATES", "format_tree", "render_package"]


def _templates_dir() -> Path:
    installed = Path(__file__).parent / "_templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "templates"


TEMPLATES = _templates_dir()
RUNTIME = Path(__file__).parent / "runtime"
# Every runtime module is copied: the runtime is one unit, versioned with the generator.
RUNTIME_MODULES = tuple(sorted(p.name for p in RUNTIME.glob("*.py")))
_WEBHOOK_RUNTIME = frozenset({"_webhooks.py"})
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


# One line with no backslash, quote or control character: a docstring takes it as it is.
_PLAIN_LINE = re.compile(r'[^\x00-\x08\x0a-\x1f\x7f\\"]*')


def _escape_controls(text: str) -> str:
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def docstring(text: str, indent: int = 4, closing: bool = True) -> str:
    """Text safe inside a triple-double-quoted docstring, continuation lines indented;
    ``closing``: the docstring's closing quotes follow it on the same line."""
    if _PLAIN_LINE.fullmatch(text):  # most descriptions: one line, nothing to escape
        return text.lstrip()
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\r", "")
    text = _escape_controls(text)
    if closing and text.endswith('"'):  # a quote against the closing ones would end it early
        text += " "
    pad = " " * indent
    return "\n".join((pad + line) if line.strip() else "" for line in text.split("\n")).lstrip()


def comment(text: str) -> str:
    """Text on one line, whitespace runs collapsed, other control characters escaped."""
    return _escape_controls(" ".join(str(text).split()))


def fits(line: str) -> bool:
    """Whether ``line`` (indentation included) is within the formatter's line length: the
    templates lay out a long signature or statement as the formatter would, so that a module
    comes out of rendering already formatted and ``ruff format`` has nothing to rewrite."""
    return len(line) <= LINE_LENGTH


def laid_out(
    expression: str | tuple[str, str, str],
    indent: int,
    head: str = "",
    tail: str = "",
    parenthesized: bool = False,
) -> str:
    """``head``, ``expression`` and ``tail`` on one line at ``indent`` (which the template
    writes) when that fits; otherwise laid out as the formatter splits a long line, for the two
    shapes the templates produce by the thousand. ``expression`` is a name or a conditional
    ``(value, test, other)``; ``parenthesized`` keeps it in parentheses, which the formatter
    also adds around the value of an assignment (a ``head`` ending in `` = ``), not of a dict
    key. Any other long line is left for ``ruff format`` to split."""
    if isinstance(expression, tuple):
        value, test, other = expression
        text = f"{value} if {test} else {other}"
    else:
        value = test = other = ""
        text = expression
    line = head + (f"({text})" if parenthesized else text) + tail
    if indent + len(line) <= LINE_LENGTH:
        return line
    pad = " " * indent
    inner = pad + "    "
    if parenthesized or head.endswith(" = "):
        if fits(inner + text) and (test or _dotted(text)):
            return f"{head}(\n{inner}{text}\n{pad}){tail}"
        if test:
            lines = (inner + value, f"{inner}if {test}", f"{inner}else {other}")
            if all(fits(part) for part in lines):
                return f"{head}(\n" + "\n".join(lines) + f"\n{pad}){tail}"
    elif test:
        lines = (pad + value, f"{pad}if {test}", f"{pad}else {other}{tail}")
        if all(fits(part) for part in lines):
            return "\n".join(lines).lstrip(" ")
    return line


def _dotted(text: str) -> bool:
    return all(part.isidentifier() for part in text.split("."))


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment: each template is compiled once per process, however many
    packages are rendered (``generate`` renders four; compiling is most of a small one), and
    the compiled code is kept between runs (``_bytecode_cache``)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # templates don't change during a run: no stat per file rendered
    )
    env.bytecode_cache = _bytecode_cache(env)
    env.filters["pyrepr"] = literal
    env.filters["docstring"] = docstring
    env.filters["comment"] = comment
    env.globals["laid_out"] = laid_out
    env.filters["fits"] = fits
    return env


def _bytecode_cache(env: jinja2.Environment) -> Optional[jinja2.FileSystemBytecodeCache]:
    """Compiled templates kept between runs (compiling them is ~0.2 s of every run), in
    ``$SDKGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/sdkgen``, else ``~/.cache/sdkgen``; an empty
    ``SDKGEN_CACHE_DIR`` turns the cache off, and so does a directory that can't be made.

    Jinja checks each entry against its template's source (an edited or a custom template is
    compiled again) and the Python version; the directory name adds Jinja's version and the
    environment's syntax options, the rest of what the compiled code depends on."""
    chosen = os.environ.get("SDKGEN_CACHE_DIR")
    if chosen == "":
        return None
    base = Path(chosen) if chosen else _user_cache()
    if base is None:
        return None
    syntax = (
        jinja2.__version__,
        env.block_start_string,
        env.variable_start_string,
        env.comment_start_string,
        env.line_statement_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        env.newline_sequence,
        env.optimized,
        sorted(env.extensions),
    )
    key = hashlib.sha256(repr(syntax).encode())
    directory = base / f"templates-{key.hexdigest()[:16]}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


def _user_cache() -> Optional[Path]:
    """``sdkgen`` in the user's cache directory; None without a home to put it in."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec ignores a relative one
        return Path(xdg) / "sdkgen"
    try:
        return Path.home() / ".cache" / "sdkgen"
    except RuntimeError:  # no HOME and no password entry: no cache rather than a ./~ directory
        return None


def render_package(
    package: Package,
    lib: Mapping[str, str] | None = None,
    scripts: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    examples: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, str]:
    """Relative path -> text for every file of the package (unformatted). ``examples``: the
    README's example argument values per operation (``generator.examples``). ``lib`` holds the
    hand-written modules from ``specs/NAME/lib/``, copied verbatim into ``src/NAME/lib/``
    (each ``_async_X.py`` also as its derived ``_sync_X.py``). ``progress`` hears
    ``rendering N/M modules`` as the resource and model modules are rendered (thousands for a
    large spec)."""
    env = environment()
    src = f"src/{package.name}"
    header = (
        f"Generated by sdkgen from {comment(package.spec_display_path)} "
        f"(sha256 {package.spec_sha256}). Do not edit: regenerate instead."
    )
    context = {"package": package, "header": header}

    def render(template: str, **extra: Any) -> str:
        return env.get_template(template).render(**context, **extra)

    lib_ = lib or {}
    files: dict[str, str] = {
        "pyproject.toml": render("pyproject.toml.j2"),
        "README.md": render("README.md.j2", examples=examples or {}),
        f"{src}/py.typed": f"# {header}\n",
        f"{src}/__init__.py": render("package_init.py.j2"),
        f"{src}/_client.py": render("client.py.j2"),
        f"{src}/{package.errors_module}.py": render("errors.py.j2"),
        f"{src}/resources/__init__.py": render("resources_init.py.j2"),
        f"{src}/models/__init__.py": render("models_init.py.j2"),
        f"{src}/_mock_routes.py": render("mock_routes.py.j2", mock_rules="mock_rules.py" in lib_),
        f"{src}/mock.py": render("mock.py.j2"),
    }
    if package.webhooks is not None:
        files[f"{src}/{package.webhooks.module}.py"] = render("webhooks.py.j2")
    # The modules that grow with the spec (thousands for a large one), on two cores if it pays.
    modules: list[tuple[str, str, dict[str, Any]]] = [  # (path, template, its variables)
        *(
            (f"{src}/resources/{r.module}.py", "resource.py.j2", {"resource": r})
            for r in package.resources
        ),
        *(
            (f"{src}/models/{m.module}.py", "models.py.j2", {"module": m})
            for m in package.model_modules
        ),
    ]
    texts = map_forked(
        lambda job: render(job[1], **job[2]),
        modules,
        None if progress is None else lambda n: progress(f"rendering {n}/{len(modules)} modules"),
    )
    files.update(zip((job[0] for job in modules), texts))
    for name, module_names in package.extend.modules:
        files[f"{src}/{name}.py"] = render(
            "alias_module.py.j2", module_name=name, names=module_names
        )
    for rel, text in (lib or {}).items():
        origin = posixpath.join(posixpath.dirname(package.spec_display_path), "lib", rel)
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
        origin = posixpath.join(posixpath.dirname(package.spec_display_path), "scripts", rel)
        note = (
            f"Hand-written: copied by sdkgen from {comment(origin)}; edit that file, not this copy"
        )
        shebang, _, rest = text.partition("\n") if text.startswith("#!") else ("", "", text)
        files[f"scripts/{rel}"] = (shebang + "\n" if shebang else "") + f"# {note}.\n{rest}"
    for name in RUNTIME_MODULES:
        if name in _WEBHOOK_RUNTIME and package.webhooks is None:
            continue  # only packages with webhooks carry their decoding and verification
        text = (RUNTIME / name).read_text(encoding="utf-8")
        files[f"{src}/_runtime/{name}"] = f"# {header}\n{text}"
    for name in MOCK_MODULES:
        text = _MOCK_USES_RUNTIME.sub("from .._runtime.", (MOCK / name).read_text(encoding="utf-8"))
        files[f"{src}/_mock/{name}"] = f"# {header}\n{text}"
    return files


def format_tree(root: Path) -> Optional[set[str]]:
    """Format every Python file under ``root`` in place with ruff (deterministic). Returns the
    files ruff rewrote (paths relative to ``root``, ``/``-separated), or None when this ruff
    does not say which (then any file may have changed).

    Most rendered files are already formatted (the templates lay code out as ruff does), so
    ruff first only checks, and then formats just the files it named: the others are left
    unwritten and their bytes are known without reading them back."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        raise RuntimeError("ruff is required to format generated code (pip install ruff)")
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "ruff.toml"
        config.write_text(
            f'line-length = {LINE_LENGTH}\ntarget-version = "py39"\n', encoding="utf-8"
        )
        command = [ruff, "format", "--quiet", "--config", str(config), "--no-cache"]
        check = subprocess.run(
            [*command, "--check", "--output-format", "concise", "."],
            cwd=root,
            capture_output=True,
            text=True,
        )
        changed = _unformatted(check.stdout) if check.returncode in (0, 1) else None
        if changed is None or (check.returncode == 1 and not changed):
            # A ruff without concise check output, or a listing not understood: format the
            # whole tree (a syntax error, exit 2, fails again here and is raised).
            subprocess.run([*command, "."], cwd=root, check=True)
            return None
        for batch in _batches(sorted(changed)):
            subprocess.run([*command, "--", *batch], cwd=root, check=True)  # names, not flags
        return changed


# Characters of file names per ruff command line: far below Windows' 32,767-character limit.
_ARGUMENTS = 20_000


def _batches(names: list[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for name in names:
        if batch and size + len(name) > _ARGUMENTS:
            yield batch
            batch, size = [], 0
        batch.append(name)
        size += len(name) + 1
    if batch:
        yield batch


# ``PATH:LINE:COLUMN: unformatted: ...``, one line per file ``ruff format --check`` would change.
_UNFORMATTED = re.compile(r"(.+):\d+:\d+: unformatted\b")


def _unformatted(listing: str) -> Optional[set[str]]:
    """The files a concise ``ruff format --check`` listing names; None if a line is not one."""
    found = set()
    for line in listing.splitlines():
        match = _UNFORMATTED.match(line)
        if match is None:
            return None
        found.add(match.group(1).replace("\\", "/").removeprefix("./"))
    return found
