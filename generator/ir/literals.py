"""Python literals for data from a spec, spelled the way the formatter leaves them.

``repr`` makes any str/int/float/bool/None inert source; the only difference from ruff's style
is the quote: ``repr`` prefers single quotes, ruff double ones. Spelling strings with double
quotes here means a generated module comes out of the renderer already formatted in the common
case, so ``ruff format`` reads it and has nothing to write (thousands of files for a large spec).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LINE_LENGTH", "literal", "literal_block"]

_REQUOTE = re.compile(r'\\(.)|"', re.DOTALL)

LINE_LENGTH = 100  # the formatter's, as render.format_tree configures it


def literal(value: Any) -> str:
    """Source for ``value``: JSON-like data (str, bytes, numbers, bool, None, and tuples,
    lists and dicts of them); strings in double quotes unless single ones need fewer escapes,
    as ruff quotes them."""
    if isinstance(value, str):
        spelled = repr(value)
        if spelled[0] == '"':
            return spelled
        if '"' not in value:  # nor a single quote, or repr would have chosen double quotes
            return f'"{spelled[1:-1]}"'
        if value.count('"') > value.count("'"):
            return spelled  # single quotes need fewer escapes
        # repr's single-quoted form, in double quotes: its escaped single quotes unescaped,
        # its double quotes escaped (other escapes, ``\\`` included, kept as they are).
        return '"' + _REQUOTE.sub(_requoted, spelled[1:-1]) + '"'
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def literal_block(value: Any, indent: int = 0, tail: str = "") -> str:
    """``literal(value)`` as the formatter lays it out from column ``indent`` with ``tail``
    after it (counted, not included): on one line when it fits, else each item of a dict, list
    or tuple on a line of its own with its comma, each laid out the same way. The first line
    carries no indentation (the template writes it). A large table (the mock's) then needs no
    rewriting by ``ruff format``."""
    return _block(value, indent, indent, len(tail))


_BRACKETS: dict[type, str] = {dict: "{}", list: "[]", tuple: "()"}


def _block(value: Any, column: int, indent: int, tail: int) -> str:
    flat = literal(value)
    brackets = _BRACKETS.get(type(value))
    if column + len(flat) + tail <= LINE_LENGTH or brackets is None or not value:
        return flat
    inner = indent + 4
    pad = " " * inner
    if isinstance(value, dict):
        items = [(literal(k) + ": ", v) for k, v in value.items()]
    else:
        items = [("", v) for v in value]
    # A lone item of a list or dict takes no comma (a tuple's is part of the syntax).
    comma = "," if len(items) > 1 or type(value) is tuple else ""
    lines = "".join(
        f"{pad}{prefix}{_block(item, inner + len(prefix), inner, len(comma))}{comma}\n"
        for prefix, item in items
    )
    return f"{brackets[0]}\n{lines}{' ' * indent}{brackets[1]}"


def _requoted(match: re.Match[str]) -> str:
    escaped = match.group(1)
    if escaped is None:
        return '\\"'
    return "'" if escaped == "'" else match.group(0)
