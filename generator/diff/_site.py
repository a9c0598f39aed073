"""``Site``: where a compared schema sits (request or response, body, parameter or header), and
how that decides a change's severity.

The one rule behind every schema check: in a request (what clients send) a schema that
accepts less breaks clients; in a response (what clients read) a schema that allows more
breaks them. A readOnly property is never sent and a writeOnly one never read, so their changes
in that direction are reported as info.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from ._change import BREAKING, INFO, WARNING, Change

__all__ = ["Site"]


@attrs.frozen
class Site:
    direction: str  # "request" or "response"
    area: str  # "body", "parameter" or "header"
    operation: str  # "METHOD /path", or "" outside operations
    pointer: str  # JSON pointer of the schema in the old spec
    label: str  # "request body", "query parameter 'limit'"...
    prop: str = ""  # dotted property path inside the schema ("" at its root)
    read_only: bool = False
    write_only: bool = False
    loose: bool = False  # a text media type (XML, form): JSON types are not what is sent

    @property
    def request(self) -> bool:
        return self.direction == "request"

    @property
    def ignored(self) -> bool:
        """The value never crosses the wire in this direction."""
        return (self.request and self.read_only) or (not self.request and self.write_only)

    def rule(self, what: str) -> str:
        if self.area == "body":
            return f"{self.direction}-{'property' if self.prop else 'body'}-{what}"
        return f"{self.direction}-{self.area}{'-property' if self.prop else ''}-{what}"

    @property
    def where(self) -> str:
        return f"{self.label} property {self.prop!r}" if self.prop else self.label

    def at(self, pointer: str, prop: str | None = None) -> Site:
        return attrs.evolve(self, pointer=pointer, prop=self.prop if prop is None else prop)

    def change(self, level: str, what: str, message: str) -> Change:
        if self.ignored and level != INFO:
            level, message = INFO, f"{message} ({'readOnly' if self.request else 'writeOnly'})"
        return Change(
            level, self.rule(what), self.pointer, f"{self.where}: {message}", self.operation
        )

    def narrowed(self, what: str, message: str, *, soft: bool = False) -> Iterator[Change]:
        """The schema now accepts less: breaking in a request (a warning when ``soft``)."""
        level = (WARNING if soft else BREAKING) if self.request else INFO
        yield self.change(level, what, message)

    def widened(self, what: str, message: str, *, soft: bool = False) -> Iterator[Change]:
        """The schema now allows more: breaking in a response (a warning when ``soft``)."""
        level = INFO if self.request else (WARNING if soft else BREAKING)
        yield self.change(level, what, message)

    def info(self, what: str, message: str) -> Iterator[Change]:
        yield self.change(INFO, what, message)

    def breaking(self, what: str, message: str) -> Iterator[Change]:
        yield self.change(BREAKING, what, message)
