"""A string matching a schema's ``pattern``, for sample values (``ir/samples.py``).

Deterministic: the regex is parsed with Python's own parser and walked, taking the first
branch of every alternation, the smallest repetition that is not empty (``x*`` gives one
``x``, ``x{3,5}`` three) and the first character of every class (``[a-f0-9]`` gives ``a``,
``\\d`` ``0``, ``\\w`` ``a``). Look-arounds and anchors add nothing. The result is checked
against the pattern with ``re.search`` (how JSON Schema applies ``pattern``, and how the
generated clients check it); ``None`` when the walk does not produce a match (a look-ahead
it ignored, a pattern Python cannot parse), so the caller falls back to its plain value.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, Optional

with warnings.catch_warnings():  # the modules are deprecated aliases; their parser is not
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as _c
    import sre_parse as _parser

__all__ = ["pattern_sample"]

_LIMIT = 2_000  # characters: a sample is short; a pattern asking for more gets no sample
# Characters tried, in order, for a negated class or a category: plain letters first.
_CANDIDATES = "a0A_-.x1 Zz9:/@"
_CATEGORY = {
    _c.CATEGORY_DIGIT: "0",
    _c.CATEGORY_NOT_DIGIT: "a",
    _c.CATEGORY_WORD: "a",
    _c.CATEGORY_NOT_WORD: "-",
    _c.CATEGORY_SPACE: " ",
    _c.CATEGORY_NOT_SPACE: "a",
}


def pattern_sample(
    pattern: str, min_length: int = 0, max_length: Optional[int] = None
) -> Optional[str]:
    """A short string ``re.search(pattern, ...)`` matches, within the length bounds, or None."""
    try:
        compiled = re.compile(pattern)
        parsed = _parser.parse(pattern)
        text = _walk(list(parsed.data), {})
    except (re.error, RecursionError, OverflowError, _Unsupported):
        return None
    if text and len(text) < min_length:  # pad with its last character, a letter or a digit
        short = min_length - len(text)
        for padded in (text + text[-1] * short, text + "a" * short, text + "0" * short):
            if compiled.search(padded):
                text = padded
                break
    if max_length is not None and len(text) > max_length:
        return None
    if len(text) < min_length or len(text) > _LIMIT or not compiled.search(text):
        return None
    return text


class _Unsupported(Exception):
    """A construct the walk does not sample."""


def _walk(items: list[tuple[Any, Any]], groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, arg in items:
        out.append(_one(op, arg, groups))
        if sum(map(len, out)) > _LIMIT:
            raise _Unsupported("too long")
    return "".join(out)


def _one(op: Any, arg: Any, groups: dict[int, str]) -> str:
    if op is _c.LITERAL:
        return chr(arg)
    if op is _c.NOT_LITERAL:
        return next(ch for ch in _CANDIDATES if ord(ch) != arg)
    if op is _c.ANY:
        return "a"
    if op is _c.IN:
        return _from_class(arg)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = arg
        count = low if low > 0 else min(1, high)
        return "".join(_walk(list(sub), groups) for _ in range(count))
    if op is _c.SUBPATTERN:
        group, _add, _del, sub = arg
        text = _walk(list(sub), groups)
        if group is not None:
            groups[group] = text
        return text
    if op is _c.BRANCH:
        return _walk(list(arg[1][0]), groups)
    if op is _c.GROUPREF:
        return groups.get(arg, "")
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return ""
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _walk(list(arg), groups)
    raise _Unsupported(str(op))


def _from_class(items: list[tuple[Any, Any]]) -> str:
    negated = bool(items) and items[0][0] is _c.NEGATE
    members = items[1:] if negated else items
    if not negated:
        op, arg = members[0]
        if op is _c.LITERAL:
            return chr(arg)
        if op is _c.RANGE:
            return chr(arg[0])
        if op is _c.CATEGORY and arg in _CATEGORY:
            return _CATEGORY[arg]
    for ch in _CANDIDATES:
        if _in_class(ch, members) != negated:
            return ch
    raise _Unsupported("class")


def _in_class(ch: str, members: list[tuple[Any, Any]]) -> bool:
    code = ord(ch)
    for op, arg in members:
        if op is _c.LITERAL and arg == code:
            return True
        if op is _c.RANGE and arg[0] <= code <= arg[1]:
            return True
        if op is _c.CATEGORY and arg in _CATEGORY:
            category = {
                _c.CATEGORY_DIGIT: ch.isdigit(),
                _c.CATEGORY_NOT_DIGIT: not ch.isdigit(),
                _c.CATEGORY_WORD: ch.isalnum() or ch == "_",
                _c.CATEGORY_NOT_WORD: not (ch.isalnum() or ch == "_"),
                _c.CATEGORY_SPACE: ch.isspace(),
                _c.CATEGORY_NOT_SPACE: not ch.isspace(),
            }
            if category[arg]:
                return True
    return False
