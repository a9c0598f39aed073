"""Where a pointer of the bundled document comes from: file and line, computed lazily.

Nodes bundled from other files keep a record ``bundled pointer -> (file, pointer in that
file)``; ``locate`` maps a pointer through the longest recorded prefix, so a problem inside a
copied schema is reported at its line in the file the author edits.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.errors import Location
from generator.load._pointer import split_pointer, tokens_to_pointer
from generator.load._positions import LineIndex, build_index, json_lines
from generator.load._read import Source

__all__ = ["Locator"]


class Locator:
    """Sources of one spec and the origins of its bundled nodes; answers ``locate``."""

    def __init__(self, root: Source) -> None:
        self.root = root
        self.sources: dict[str, Source] = {root.path: root}
        self._origins: dict[str, tuple[str, list[str]]] = {}
        self._indexes: dict[str, LineIndex] = {}

    def add_source(self, source: Source) -> None:
        self.sources[source.path] = source

    def add_origin(self, pointer: str, source: Source, tokens: Sequence[str]) -> None:
        """Record that the node at ``pointer`` is a copy of ``tokens`` in ``source``."""
        self._origins[pointer] = (source.path, list(tokens))

    def origin(self, tokens: Sequence[str]) -> tuple[Source, list[str]]:
        """The file a bundled path comes from and the path of the node in that file."""
        if self._origins:
            for end in range(len(tokens), 0, -1):
                hit = self._origins.get(tokens_to_pointer(tokens[:end]))
                if hit is not None:
                    return self.sources[hit[0]], hit[1] + list(tokens[end:])
        return self.root, list(tokens)

    def locate(self, pointer: str) -> Location:
        """File, 1-based line (None if unknown) and ``pointer`` itself, for a problem."""
        tokens = split_pointer(pointer)
        if tokens is None:
            return Location(self.root.display, None, pointer)
        source, file_tokens = self.origin(tokens)
        index = self._indexes.get(source.path)
        if index is None:
            index = self._indexes[source.path] = build_index(source)
        return Location(source.display, index.line_of(file_tokens), pointer or "#")

    def locate_all(self, pointers: Sequence[str]) -> list[Location]:
        """``locate`` for each pointer. The nodes of a JSON file not indexed yet are found by
        one scan for just them (``json_lines``): a few warnings of a large spec then cost a
        fraction of indexing every node of it."""
        lines: dict[str, int | None] = {}
        wanted: dict[str, list[tuple[str, list[str]]]] = {}  # JSON file -> (pointer, tokens)
        for pointer in pointers:
            tokens = split_pointer(pointer)
            if tokens is None:
                continue
            source, file_tokens = self.origin(tokens)
            if source.is_json and source.path not in self._indexes:
                wanted.setdefault(source.path, []).append((pointer, file_tokens))
        for path, items in wanted.items():
            found = json_lines(self.sources[path].text, [tokens for _, tokens in items])
            lines.update((pointer, line) for (pointer, _), line in zip(items, found))
        located = []
        for pointer in pointers:
            if pointer in lines:
                source, _ = self.origin(split_pointer(pointer) or [])
                located.append(Location(source.display, lines[pointer], pointer or "#"))
            else:
                located.append(self.locate(pointer))
        return located

    def locate_tokens(self, tokens: Sequence[str]) -> Location:
        return self.locate(tokens_to_pointer(tokens))
