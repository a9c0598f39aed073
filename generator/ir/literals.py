"""Python literals for data from a spec, spelled the way the formatter leaves them.

``repr`` makes any str/int/float/bool/None inert source; the only difference from ruff's style
is the quote: ``repr`` prefers single quotes, ruff double ones. Spelling strings with double
quotes here means a generated module comes out of the renderer already formatted in the common
case, so ``ruff format`` reads it and has nothing to write (thousands of files for a large spec).
(The mock's table is left to ruff: for a large spec it is megabytes, which ruff lays out faster
than Python could, on its own core.)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LINE_LENGTH", "literal"]

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


def _requoted(match: re.Match[str]) -> str:
    escaped = match.group(1)
    if escaped is None:
        return '\\"'
    return "'" if escaped == "'" else match.group(0)
