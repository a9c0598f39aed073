"""The project config: which specs become which SDKs, read from ``[tool.sdkgen]``.

``sdkgen generate`` and ``sdkgen check`` with no spec act on it. It is looked up from the
working directory upwards (stopping at the first directory holding ``.git``): an
``sdkgen.toml`` (its keys at the top level), else a ``pyproject.toml`` with a ``[tool.sdkgen]``
table. ``--config FILE`` names one. Paths in it are relative to the file's directory::

    [tool.sdkgen]
    templates = "sdk-templates"     # optional: templates overriding the built-in ones by name

    [[tool.sdkgen.sdk]]
    spec = "openapi.yaml"           # required
    output = "sdk"                  # required: the directory the SDK project is written to
    name = "petstore"               # optional import name (default: x-sdk-package, the title)
    own-output = false              # true: `check` also flags files in output sdkgen did not write
    tests = false                   # true: also write tests/ (smoke tests of every operation)
    strict = false                  # true: recoverable spec defects are errors, not warnings

A target is selected on the command line by its ``name``, else its output directory's name.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

import attrs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.9 and 3.10 read TOML with the tomli backport
    import tomli as tomllib

__all__ = ["CONFIG_NAMES", "Config", "ConfigError", "Target", "find_config", "load_config"]

CONFIG_NAMES = ("sdkgen.toml", "pyproject.toml")
_TARGET_KEYS = frozenset({"spec", "output", "name", "own-output", "templates", "tests", "strict"})
_TOP_KEYS = frozenset({"sdk", "templates", "strict"})


class ConfigError(Exception):
    """A config file that can't be used; the message starts with its path."""


@attrs.frozen
class Target:
    """One SDK of the config: ``spec`` generates into ``output``."""

    spec: Path
    output: Path
    name: Optional[str] = None
    own_output: bool = False
    templates: Optional[Path] = None
    tests: bool = False  # also generate the smoke tests (tests/, like --tests)
    strict: bool = False  # recoverable spec defects are errors (``--strict``)

    @property
    def key(self) -> str:
        """What the command line selects it by."""
        return self.name or self.output.name


@attrs.frozen
class Config:
    path: Path
    targets: tuple[Target, ...]

    @property
    def root(self) -> Path:
        return self.path.parent

    def select(self, keys: Sequence[str]) -> tuple[Target, ...]:
        """The targets named ``keys`` (all when empty); an unknown key is a ConfigError."""
        if not keys:
            return self.targets
        known = {t.key: t for t in self.targets}
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise ConfigError(
                f"{', '.join(unknown)}: unknown platform(s): {self.path} has no [[sdk]] of "
                f"that name (it has {', '.join(known) or 'none'})"
            )
        return tuple(known[k] for k in keys)


def find_config(start: Path) -> Optional[Path]:
    """The config file for ``start``: the nearest ``sdkgen.toml``, or ``pyproject.toml`` with
    ``[tool.sdkgen]``, in it or its parents up to the repository root."""
    for directory in (start, *start.parents):
        candidate = directory / "sdkgen.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _tool_table(candidate) is not None:
            return candidate
        if (directory / ".git").exists():
            return None
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return data


def _tool_table(path: Path) -> Optional[dict[str, Any]]:
    try:
        table = _read(path).get("tool", {}).get("sdkgen")
    except ConfigError:
        return None
    return table if isinstance(table, dict) else None


def load_config(path: Path) -> Config:
    """Read and check ``path`` (an ``sdkgen.toml`` or a ``pyproject.toml``)."""
    path = Path(path).absolute()
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    if path.name == "pyproject.toml":
        table = _read(path).get("tool", {}).get("sdkgen")
        where = "tool.sdkgen"
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: no [tool.sdkgen] table")
    else:
        table, where = _read(path), ""
    unknown = sorted(set(table) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"{path}: {where or 'top level'}: unknown key(s) {', '.join(unknown)}")
    root = path.parent
    shared_templates = _path(table.get("templates"), root, path, f"{where}.templates")
    shared_strict = table.get("strict", False)
    if not isinstance(shared_strict, bool):
        raise ConfigError(f"{path}: {where or 'top level'}: 'strict' must be true or false")
    entries = table.get("sdk", [])
    label = f"{where}.sdk" if where else "sdk"
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{path}: {label} must be an array of tables ([[{label}]])")
    targets = []
    for index, entry in enumerate(entries):
        at = f"{label}[{index}]"
        unknown = sorted(set(entry) - _TARGET_KEYS)
        if unknown:
            raise ConfigError(f"{path}: {at}: unknown key(s) {', '.join(unknown)}")
        for required in ("spec", "output"):
            if not isinstance(entry.get(required), str) or not entry[required]:
                raise ConfigError(f"{path}: {at}: '{required}' (a path) is required")
        name = entry.get("name")
        if name is not None and (not isinstance(name, str) or not name.isidentifier()):
            raise ConfigError(f"{path}: {at}: 'name' must be a Python identifier")
        own, tests = entry.get("own-output", False), entry.get("tests", False)
        for key, flag in (("own-output", own), ("tests", tests)):
            if not isinstance(flag, bool):
                raise ConfigError(f"{path}: {at}: '{key}' must be true or false")
        templates = _path(entry.get("templates"), root, path, f"{at}.templates")
        strict = entry.get("strict", shared_strict)
        if not isinstance(strict, bool):
            raise ConfigError(f"{path}: {at}: 'strict' must be true or false")
        targets.append(
            Target(
                spec=root / entry["spec"],
                output=root / entry["output"],
                name=name,
                own_output=own,
                templates=templates or shared_templates,
                tests=tests,
                strict=strict,
            )
        )
    keys = [t.key for t in targets]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ConfigError(f"{path}: two sdks named {', '.join(duplicates)}; give each a 'name'")
    return Config(path, tuple(targets))


def _path(value: Any, root: Path, path: Path, at: str) -> Optional[Path]:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{path}: {at} must be a path")
    return root / value


INIT_TEMPLATE = """\
# sdkgen: which OpenAPI specs become which Python SDKs.
# `sdkgen generate` writes every sdk below; `sdkgen check` fails when one is stale.
# Paths are relative to this file.

[[sdk]]
spec = {spec}
output = {output}
{name_line}# own-output = true    # check also flags files in output that sdkgen did not write
# tests = true         # also write tests/: every operation called in mock mode (pytest)
# templates = "sdk-templates"   # override built-in templates by file name
"""
