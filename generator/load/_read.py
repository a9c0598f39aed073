"""Reading one spec file: bytes -> text -> plain data (dicts, lists, str, int, float, bool, None).

Contract: ``read_source`` either returns a ``Source`` or raises ``SpecError`` with one problem
located in that file (line from the parser's mark when there is one); it never raises anything
else for bad input. No positions are tracked here: parsing is the hot path for 10-20 MB specs,
and line numbers are computed lazily by ``_positions`` only when a problem needs one.

YAML is read with a YAML 1.2-like core schema, which is what OpenAPI 3.1 specifies and what
authors of 3.0 specs expect too: only ``true``/``false`` are booleans (``on``, ``yes`` stay
strings), dates stay strings, ``012`` is 12 and ``12:30`` is not sexagesimal 750. Mapping keys
are kept as written (``200:`` -> ``"200"``), since OpenAPI keys are strings.
"""

from __future__ import annotations

import json
import os
import re
from itertools import accumulate
from typing import Any

import attrs
import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.resolver import Resolver

from generator.errors import Location, Problem, SpecError

__all__ = ["Source", "loader_for", "read_source"]

_JSON_EXTENSIONS = (".json",)
_YAML_EXTENSIONS = (".yaml", ".yml")

# libyaml composes nodes recursively in C without a recursion check: a document nested some
# 100k levels deep crashes the interpreter (SIGSEGV). Text that *might* nest deeper than this
# is parsed with the pure-Python loader instead, which raises RecursionError (reported as a
# problem) long before the C stack is at risk. Real specs nest a few dozen levels.
_C_DEPTH_LIMIT = 2000


_DROPPED_TAGS = tuple(
    f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp", "value")
)
_CORE_RESOLVERS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    # int before float: both regexps match "12", and the first resolver registered wins.
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
)


def _construct_mapping(loader: SafeConstructor, node: MappingNode, deep: bool) -> dict[Any, Any]:
    """A mapping with its keys as written: ``200:`` is ``"200"``, ``on:`` is ``"on"``."""
    if not isinstance(node, MappingNode):
        message = f"expected a mapping node, but found {node.id}"
        raise ConstructorError(None, None, message, node.start_mark)
    loader.flatten_mapping(node)  # resolves "<<" merge keys
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            message = "mapping keys must be plain strings"
            raise ConstructorError(None, None, message, key_node.start_mark)
        mapping[key_node.value] = loader.construct_object(value_node, deep=deep)
    return mapping


def _construct_core_int(loader: Any, node: ScalarNode) -> int:
    value = str(loader.construct_scalar(node))
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value, 10)  # "012" is 12 in YAML 1.2, not octal 10


def _construct_as_string(loader: Any, node: ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _construct_unsupported(loader: Any, node: Node) -> None:
    message = f"unsupported YAML tag {node.tag!r} in a spec"
    raise ConstructorError(None, None, message, node.start_mark)


def _customise(cls: Any) -> None:
    """Give a SafeLoader class our implicit types and constructors (class-level state)."""
    cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }
    for tag, pattern, first in _CORE_RESOLVERS:
        cls.add_implicit_resolver(tag, re.compile(pattern), list(first))
    cls.add_constructor("tag:yaml.org,2002:int", _construct_core_int)
    # An explicit !!timestamp stays the string it is written as, like an implicit one.
    cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_as_string)
    for name in ("binary", "set", "omap", "pairs"):
        cls.add_constructor(f"tag:yaml.org,2002:{name}", _construct_unsupported)


class _PySpecLoader(yaml.SafeLoader):
    """Pure-Python loader: slow, but safe on pathologically deep input."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        return _construct_mapping(self, node, deep)


_customise(_PySpecLoader)
# (A string annotation: yaml.CSafeLoader does not exist when PyYAML lacks libyaml.)
_FAST_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = _PySpecLoader

if yaml.__with_libyaml__:  # PyYAML may be built without libyaml

    class _CSpecLoader(yaml.CSafeLoader):
        """libyaml's parser with our constructor and resolver: the fast path."""

        def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
            return _construct_mapping(self, node, deep)

    _customise(_CSpecLoader)
    _FAST_LOADER = _CSpecLoader


def _may_nest_deeper_than(text: str, limit: int) -> bool:
    """Cheap over-estimate of the YAML nesting depth of ``text`` compared with ``limit``.

    Flow nesting is bounded by the running balance of brackets (brackets inside strings can
    only make the estimate larger); block nesting needs a deeper column for every level, so it
    is bounded by the longest run of indentation and compact ``- ``/``? ``/``: `` indicators
    at the start of a line.
    """
    brackets = re.sub(r"[^\[\]{}]+", "", text)
    if len(brackets) > limit:
        depth = max(accumulate(1 if c in "[{" else -1 for c in brackets))
        if depth > limit:
            return True
    prefixes = re.findall(r"^[ \t]*(?:[-?:][ \t]+)*", text, re.MULTILINE)
    return max(map(len, prefixes), default=0) > limit


def loader_for(text: str) -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    """The YAML loader class to use for ``text`` (the C one unless the text is too deep)."""
    if _FAST_LOADER is not _PySpecLoader and _may_nest_deeper_than(text, _C_DEPTH_LIMIT):
        return _PySpecLoader
    return _FAST_LOADER


@attrs.define
class Source:
    """One file of a spec, read and parsed."""

    path: str  # absolute, normalised: the identity of the file
    display: str  # as shown in problems
    raw: bytes  # exactly the bytes read (hashed into Spec.sha256)
    text: str  # decoded text (kept to compute line numbers lazily)
    data: Any  # the parsed document
    is_json: bool  # parsed as JSON (decides how line numbers are computed)


def _problem(display: str, line: int | None, message: str) -> SpecError:
    return SpecError([Problem(Location(display, line, "#"), message)])


def _parse_json(text: str, display: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise _problem(display, exc.lineno, message) from None
    except RecursionError:
        raise _problem(display, None, "document is nested too deeply") from None
    except ValueError as exc:  # e.g. an integer beyond Python's digit limit
        raise _problem(display, None, f"invalid JSON value: {exc}") from None


# An alias (``*name``) may follow whitespace or a flow indicator; anything else is plain text.
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s\[\]{},]")


def _expands_beyond(data: Any, budget: int) -> bool:
    """True if walking ``data`` visits more than ``budget`` nodes (iteratively: no recursion).

    YAML aliases share nodes, so a few kilobytes can stand for billions of nodes ("billion
    laughs"), or for a cycle; every later stage walks the document as a tree.
    """
    stack = [data]
    count = 0
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            count += len(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            count += len(node)
            stack.extend(node)
        if count > budget:
            return True
    return False


def _parse_yaml(text: str, display: str) -> Any:
    data = _load_yaml(text, display)
    if _ALIAS.search(text) and _expands_beyond(data, 10 * len(text) + 100_000):
        raise _problem(display, None, "YAML aliases expand to too many nodes (or are recursive)")
    return data


def _load_yaml(text: str, display: str) -> Any:
    try:
        return yaml.load(text, Loader=loader_for(text))  # our loader only builds plain data
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        message = exc.problem or "syntax error"
        if exc.context:
            message = f"{message} ({exc.context})"
        raise _problem(display, line, f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:
        raise _problem(display, None, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise _problem(display, None, "document is nested too deeply") from None
    except (ValueError, OverflowError) as exc:
        # A scalar our resolvers accepted that Python cannot convert (e.g. a huge float).
        raise _problem(display, None, f"invalid YAML value: {exc}") from None


def read_source(path: str, display: str) -> Source:
    """Read and parse ``path`` (absolute); raises SpecError (never OSError) on failure.

    ``.json`` is JSON, ``.yaml``/``.yml`` is YAML; any other name is tried as JSON, then YAML.
    """
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise _problem(display, None, "file not found") from None
    except IsADirectoryError:
        raise _problem(display, None, "is a directory, not a spec file") from None
    except OSError as exc:
        raise _problem(display, None, f"cannot read file: {exc.strerror or exc}") from None
    except ValueError:  # a NUL byte in the path (from a $ref) is no file name at all
        raise _problem(display, None, "not a valid file name (contains a NUL byte)") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _problem(display, line, "file is not UTF-8 text") from None

    extension = os.path.splitext(path)[1].lower()
    if extension in _JSON_EXTENSIONS:
        return Source(path, display, raw, text, _parse_json(text, display), True)
    if extension in _YAML_EXTENSIONS:
        return Source(path, display, raw, text, _parse_yaml(text, display), False)
    try:
        return Source(path, display, raw, text, _parse_json(text, display), True)
    except SpecError as json_error:
        try:
            return Source(path, display, raw, text, _parse_yaml(text, display), False)
        except SpecError as yaml_error:
            # Report the error of the syntax the author evidently meant.
            looks_json = text.lstrip()[:1] in ("{", "[")
            raise (json_error if looks_json else yaml_error) from None
