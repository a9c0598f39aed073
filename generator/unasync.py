"""Derive sync twins of hand-written async modules from one rule table.

Only the async code is written by hand: the runtime's shells (``generator/runtime/_async_*.py``)
and each platform's ``specs/NAME/lib/_async_*.py``. Every rule rewrites one async spelling to
its sync one, wherever it appears: names (the ``Async`` class prefix, ``_async_`` module and
function names), the ``a``-prefixed protocol methods, keywords, and ``Awaitable`` wrappers. No
rule knows a particular sentence or line; a source that needs one is written so it does not.
``check`` reports a runtime twin that is stale and a rule that no source uses (a dead rule hides
drift); the lib twins are written into each package and covered by the drift check.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = [
    "PAIRS",
    "RULES",
    "lib_sources",
    "render_lib_twin",
    "render_twin",
    "stale_twins",
    "write_twins",
]

RUNTIME = Path(__file__).parent / "runtime"
SPECS = Path(__file__).parent.parent / "specs"
# (async source, sync twin) under generator/runtime/
PAIRS = (
    ("_async_http.py", "_sync_http.py"),
    ("_async_oauth.py", "_sync_oauth.py"),
    ("_async_poll.py", "_sync_poll.py"),
    ("_async_raw.py", "_sync_raw.py"),
    ("_async_paged.py", "_sync_paged.py"),
)
# In order: a rule may rewrite what a later, more general one would otherwise take.
RULES: tuple[tuple[str, str], ...] = (
    # The one class whose sync name is not the async name without its prefix.
    (r"\bAsyncAPIClient\b", "SyncAPIClient"),
    (r"\bAsyncGenerator\[(\w+), None\]", r"Generator[\1, None, None]"),
    # AsyncStream, AsyncPoller, AsyncIterator, httpx.AsyncClient, AsyncNAMEClient, ...
    (r"\bAsync(?=[A-Z])", ""),
    (r"\bStopAsyncIteration\b", "StopIteration"),
    # One lock for threads where the async twin has one for tasks (a token fetched once).
    (r"\basyncio\.Lock\(\)", "threading.Lock()"),
    (r"(?m)^import asyncio$", "import threading"),
    # Awaitable[X] -> X, for X with at most one level of brackets (e.g. tuple[T, Response]).
    (r"\bAwaitable\[([^\[\]]*(?:\[[^\[\]]*\])?[^\[\]]*)\]", r"\1"),
    (r", Awaitable\b", ""),
    # _async_http -> _sync_http, async_sleep -> sync_sleep
    (r"\b(_?)async_(?=\w)", r"\1sync_"),
    (r"\baiter_(?=\w)", "iter_"),
    (r"__a(iter|next|enter|exit)__", r"__\1__"),
    (r"\.a(close|read)\(\)", r".\1()"),
    (r"\basync (def|for|with)\b", r"\1"),
    (r"\bawait ", ""),
)


# A run of one-line relative imports: renaming a module (``_async_http`` -> ``_sync_http``) can
# move it in isort's order, so each run is sorted again by module.
_RELATIVE_RUN = re.compile(r"(?m)(?:^from \.[\w.]* import [^(\n]+\n){2,}")


def _sorted_run(match: re.Match[str]) -> str:
    lines = match.group().splitlines(keepends=True)
    return "".join(sorted(lines, key=lambda line: line.split()[1].lower()))


def _apply(source: str, used: set[int] | None) -> str:
    for index, (pattern, replacement) in enumerate(RULES):
        source, count = re.subn(pattern, replacement, source)
        if count and used is not None:
            used.add(index)
    return _RELATIVE_RUN.sub(_sorted_run, source)


def render_twin(source: str, used: set[int] | None = None) -> str:
    """The sync twin of a runtime module; records in ``used`` the index of each rule that
    matched."""
    return "# Generated from its async twin by generator/unasync.py; do not edit.\n" + _apply(
        source, used
    )


def render_lib_twin(source: str, origin: str, used: set[int] | None = None) -> str:
    """The sync twin of a hand-written async lib module, from the same rules."""
    return f"# Sync twin of {origin}, derived by generator/unasync.py.\n" + _apply(source, used)


def lib_sources() -> list[Path]:
    """Every platform's hand-written async lib module."""
    return sorted(SPECS.glob("*/lib/**/_async_*.py"))


def stale_twins() -> list[str]:
    """Problems: stale runtime twins and rules that neither the runtime nor a lib source uses."""
    used: set[int] = set()
    problems = []
    for source, twin in PAIRS:
        expected = render_twin((RUNTIME / source).read_text(encoding="utf-8"), used)
        current = (RUNTIME / twin).read_text(encoding="utf-8") if (RUNTIME / twin).exists() else ""
        if current != expected:
            problems.append(f"generator/runtime/{twin} is stale: run `python -m generator unasync`")
    for path in lib_sources():
        _apply(path.read_text(encoding="utf-8"), used)
    problems += [
        f"unasync rule {RULES[i][0]!r} matches nothing" for i in range(len(RULES)) if i not in used
    ]
    return problems


def write_twins() -> None:
    for source, twin in PAIRS:
        text = render_twin((RUNTIME / source).read_text(encoding="utf-8"))
        (RUNTIME / twin).write_text(text, encoding="utf-8")
