"""The generator's one error type: every problem with a spec carries where it is.

A problem is located by the file it is in, the line there (when known) and the JSON pointer
of the offending node, and prints as ``specs/codevf/openapi.yaml:212 #/paths/...: message``.
Stages collect problems and raise them together, so a user sees every problem in one run.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["Location", "Problem", "SpecError", "escape_pointer_token", "join_pointer"]


@attrs.frozen
class Location:
    """Where a node of a spec lives: file, 1-based line (if known) and JSON pointer."""

    file: str
    line: int | None
    pointer: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} {self.pointer or '#'}"


@attrs.frozen
class Problem:
    """One thing wrong with a spec, at one location."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class SpecError(Exception):
    """Raised by any stage with every problem it found; ``str()`` gives one line per problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def escape_pointer_token(token: str | int) -> str:
    """Escape one reference token per RFC 6901 (``~`` -> ``~0``, ``/`` -> ``~1``)."""
    text = str(token)
    if "~" in text or "/" in text:  # rare: most tokens are names and indexes
        return text.replace("~", "~0").replace("/", "~1")
    return text


def join_pointer(base: str, *tokens: str | int) -> str:
    """Append escaped tokens to a ``#/...`` pointer."""
    for token in tokens:  # called for every property of every schema: no generator here
        base = f"{base}/{escape_pointer_token(token)}"
    return base
