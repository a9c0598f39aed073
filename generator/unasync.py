"""Derive sync twins of hand-written async runtime modules from one rule table.

Only the async code is written by hand; each rule rewrites one async spelling to its sync one.
``check`` reports a twin that is stale and a rule that no source uses (a dead rule hides drift).
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["PAIRS", "RULES", "render_twin", "stale_twins", "write_twins"]

RUNTIME = Path(__file__).parent / "runtime"
# (async source, sync twin) under generator/runtime/
PAIRS = (("_async_http.py", "_sync_http.py"), ("_async_poll.py", "_sync_poll.py"))
RULES: tuple[tuple[str, str], ...] = (
    (r"\bAsyncAPIClient\b", "SyncAPIClient"),
    (r"\bAsyncStream\b", "Stream"),
    (r"\bAsyncPoller\b", "Poller"),
    (r"\b_async_http\b", "_sync_http"),
    (r"\basync for\b", "for"),
    (r"\bhttpx\.AsyncClient\b", "httpx.Client"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncGenerator\[(\w+), None\]", r"Generator[\1, None, None]"),
    (r"\bAsyncGenerator\b", "Generator"),
    # Awaitable[X] -> X, for X with at most one level of brackets (e.g. tuple[T, Response]).
    (r"\bAwaitable\[([^\[\]]*(?:\[[^\[\]]*\])?[^\[\]]*)\]", r"\1"),
    (r", Awaitable\b", ""),
    (r"\b_async_sleep\b", "_sync_sleep"),
    (r"\baiter_sse\b", "iter_sse"),
    (r"\bStopAsyncIteration\b", "StopIteration"),
    (r"__aiter__", "__iter__"),
    (r"__anext__", "__next__"),
    (r"__aenter__", "__enter__"),
    (r"__aexit__", "__exit__"),
    (r"\.aclose\(\)", ".close()"),
    (r"\.aread\(\)", ".read()"),
    (r"\basync def\b", "def"),
    (r"\bawait ", ""),
    (r"The async (I/O shell|poller)", r"The sync \1"),
    (r"Hand-written; ``(_sync_\w+)\.py`` is derived from it", r"Derived from its async twin"),
    (
        r"    import anyio  # imported on first retry: most calls never sleep\n\n    anyio\.sleep",
        "    time.sleep",
    ),
)


# Hand-written per-platform code (specs/NAME/lib/_async_*.py) gets its sync twin from the same
# table plus two generic rules: async module names and the `Async` prefix of class names.
LIB_RULES = (
    *RULES[:-2],
    (r"\b_async_", "_sync_"),
    (r"\bAsync(?=[A-Z])", ""),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
)


def render_lib_twin(source: str, origin: str) -> str:
    """The sync twin of a hand-written async lib module."""
    for pattern, replacement in LIB_RULES:
        source = re.sub(pattern, replacement, source)
    return f"# Sync twin of {origin}, derived by generator/unasync.py.\n" + source


def render_twin(source: str, used: set[int] | None = None) -> str:
    """Apply every rule in order; record in ``used`` the index of each rule that matched."""
    for index, (pattern, replacement) in enumerate(RULES):
        source, count = re.subn(pattern, replacement, source)
        if count and used is not None:
            used.add(index)
    return "# Generated from its async twin by generator/unasync.py; do not edit.\n" + source


def stale_twins() -> list[str]:
    """Problems: stale twins and rules no source uses."""
    used: set[int] = set()
    problems = []
    for source, twin in PAIRS:
        expected = render_twin((RUNTIME / source).read_text(encoding="utf-8"), used)
        current = (RUNTIME / twin).read_text(encoding="utf-8") if (RUNTIME / twin).exists() else ""
        if current != expected:
            problems.append(f"generator/runtime/{twin} is stale: run `python -m generator unasync`")
    problems += [
        f"unasync rule {RULES[i][0]!r} matches nothing" for i in range(len(RULES)) if i not in used
    ]
    return problems


def write_twins() -> None:
    for source, twin in PAIRS:
        text = render_twin((RUNTIME / source).read_text(encoding="utf-8"))
        (RUNTIME / twin).write_text(text, encoding="utf-8")
