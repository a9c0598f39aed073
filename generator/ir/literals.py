"""Python literals for data from a spec, spelled the way the formatter leaves them.

``repr`` makes any str/int/float/bool/None inert source; the only difference from ruff's style
is the quote: ``repr`` prefers single quotes, ruff double ones. Spelling strings with double
quotes here means a generated module comes out of the renderer already formatted in the common
case, so ``ruff format`` reads it and has nothing to write (thousands of files for a large spec).
"""

from __future__ import annotations

from typing import Any

__all__ = ["literal"]


def literal(value: Any) -> str:
    """Source for ``value``: JSON-like data (str, bytes, numbers, bool, None, and tuples,
    lists and dicts of them); strings in double quotes unless the text holds one."""
    if isinstance(value, str):
        spelled = repr(value)
        # Without a double quote in the text, repr's single-quoted form escapes nothing a
        # double-quoted one would not (and holds no single quote: repr would have chosen
        # double quotes for that), so only the delimiters change.
        if spelled[0] == "'" and '"' not in value:
            return f'"{spelled[1:-1]}"'
        return spelled
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)
