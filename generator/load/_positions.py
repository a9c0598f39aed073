"""Lazy line numbers: pointer -> 1-based line in one file, computed only when a problem asks.

Loading never tracks positions (that would double the cost of parsing a 10-20 MB spec). The
first ``line_of`` call on a file scans its text once more and keeps a compact tree of lines:
JSON with a small regex tokenizer, YAML with the parser's event stream (no node objects, so
memory stays proportional to the document rather than to YAML's node+mark objects). The JSON
tree holds character offsets, turned into lines only for the nodes asked about: counting
newlines while scanning was most of the cost on a 13 MB spec.

The line of a mapping member is the line of its key (``requestBody:``), of a sequence item the
line where the item starts. A pointer that leads nowhere in the file gets the line of its
deepest existing ancestor; anything the scan cannot handle gives ``None``, never an exception.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Union

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from generator.load._read import Source, loader_for

__all__ = ["LineIndex", "build_index", "json_lines"]


class _Node:
    """A container: its start line and its children.

    Mapping children are ``key -> line`` (scalar value: the key's line) or
    ``key -> (key line, _Node)``; sequence children are ``line`` or ``_Node``.
    """

    __slots__ = ("children", "line")

    def __init__(self, line: int, children: dict[str, _Member] | list[_Item]) -> None:
        self.line = line
        self.children = children


_Member = Union[int, "tuple[int, _Node]"]
_Item = Union[int, _Node]


class LineIndex:
    """Line numbers of one file's nodes; ``LineIndex(None)`` knows none. With ``text``, the
    tree holds offsets into it rather than lines."""

    def __init__(self, root: _Node | None, text: str | None = None) -> None:
        self._root = root
        self._text = text

    def line_of(self, tokens: Sequence[str]) -> int | None:
        node = self._root
        if node is None:
            return None
        line = node.line
        for token in tokens:
            if node is None:
                break  # a scalar has no children: keep its line
            found = _child(node, token)
            if found is None:
                break
            line, node = found
        return line if self._text is None else self._text.count("\n", 0, line) + 1


def _child(node: _Node, token: str) -> tuple[int, _Node | None] | None:
    children = node.children
    if isinstance(children, list):
        if not _INDEX.fullmatch(token) or int(token) >= len(children):
            return None
        item = children[int(token)]
        return (item, None) if isinstance(item, int) else (item.line, item)
    member = children.get(token)
    if member is None:
        # YAML merge keys: ``<<: *base`` contributes the members of the aliased mapping(s).
        merged = children.get("<<")
        if isinstance(merged, tuple):
            sources = merged[1].children
            for source in sources if isinstance(sources, list) else [merged[1]]:
                if isinstance(source, _Node) and isinstance(source.children, dict):
                    found = _child(source, token)
                    if found is not None:
                        return found
        return None
    return (member, None) if isinstance(member, int) else member


class _Builder:
    """Assembles the tree from a stream of value starts, keys and container ends."""

    def __init__(self) -> None:
        self.root: _Node | None = None
        self.stack: list[_Node] = []
        self.key: str | None = None  # pending key of the innermost mapping, once read
        self.key_line = 0
        self.keys: list[tuple[str | None, int]] = []  # saved pending keys of outer mappings

    def expecting_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].children, dict) and self.key is None

    def set_key(self, key: str, line: int) -> None:
        self.key, self.key_line = key, line

    def value(self, line: int, node: _Node | None) -> None:
        """A value starts at ``line``: a scalar (``node`` None) or a container to descend into."""
        if self.stack:
            children = self.stack[-1].children
            if isinstance(children, dict):
                if self.key is not None:
                    children[self.key] = self.key_line if node is None else (self.key_line, node)
                self.key = None
            else:
                children.append(line if node is None else node)
        elif node is not None and self.root is None:
            self.root = node

    def open(self, node: _Node) -> None:
        self.value(node.line, node)
        self.keys.append((self.key, self.key_line))
        self.stack.append(node)
        self.key = None

    def close(self) -> None:
        self.stack.pop()
        self.key, self.key_line = self.keys.pop()


_INDEX = re.compile(r"0|[1-9][0-9]*")
# Strings, brackets and bare scalars: colons, commas and whitespace need no token, since a
# mapping's strings alternate between key and value anyway.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]|[^\s"{}\[\]:,]+')


def _json_tree(text: str) -> _Node | None:
    """The tree of ``text`` with character offsets where the YAML tree has lines.

    ``_Builder``'s steps written out in one loop: a 13 MB spec has half a million tokens,
    and a method call per token was most of the time.
    """
    root: _Node | None = None
    stack: list[_Node] = []
    saved: list[tuple[str | None, int]] = []  # pending key of each enclosing mapping
    children: dict[str, _Member] | list[_Item] | None = None  # of the innermost container
    key: str | None = None
    key_at = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "}" or first == "]":
            stack.pop()
            key, key_at = saved.pop()
            children = stack[-1].children if stack else None
            continue
        at = match.start()
        if first == '"' and key is None and isinstance(children, dict):
            key, key_at = (json.loads(token) if "\\" in token else token[1:-1]), at
            continue
        node = _Node(at, {} if first == "{" else []) if first == "{" or first == "[" else None
        if isinstance(children, dict):
            if key is not None:
                children[key] = key_at if node is None else (key_at, node)
            key = None
        elif children is not None:
            children.append(at if node is None else node)
        elif node is not None and root is None:
            root = node
        if node is not None:
            saved.append((key, key_at))
            stack.append(node)
            children = node.children
            key = None
    return root


def _yaml_tree(text: str) -> _Node | None:
    build = _Builder()
    anchors: dict[str, _Item] = {}
    for event in yaml.parse(text, Loader=loader_for(text)):
        if isinstance(event, DocumentEndEvent):
            break
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            if build.expecting_key():
                return None  # a complex key: the loader rejects such files anyway
            node = _Node(line, {} if isinstance(event, MappingStartEvent) else [])
            if event.anchor:
                anchors[event.anchor] = node
            build.open(node)
        elif isinstance(event, CollectionEndEvent):
            build.close()
        elif isinstance(event, ScalarEvent):
            if build.expecting_key():
                build.set_key(event.value, line)
            else:
                if event.anchor:
                    anchors[event.anchor] = line
                build.value(line, None)
        elif isinstance(event, AliasEvent):
            target = anchors.get(event.anchor or "")
            if build.expecting_key():
                build.set_key(f"*{event.anchor}", line)
            elif isinstance(target, _Node):
                build.value(line, target)
            else:
                build.value(line, None)
    return build.root


def build_index(source: Source) -> LineIndex:
    """Scan ``source``'s text once and index the line of every node; never raises."""
    try:
        if source.is_json:
            return LineIndex(_json_tree(source.text), source.text)
        return LineIndex(_yaml_tree(source.text))
    except Exception:  # includes RecursionError
        return LineIndex(None)


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# The C string scanner behind ``json`` (not in its type stubs): reads one key, escapes and all.
_scanstring: Callable[[str, int], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009


def json_lines(text: str, paths: Sequence[Sequence[str]]) -> list[int | None]:
    """``LineIndex.line_of`` for each of ``paths`` in the JSON ``text``, without the index.

    One pass that descends only into the members on the way to a wanted node and lets the C
    decoder step over everything else: for a few nodes of a 13 MB spec (the warnings of a
    valid one), a fraction of the time and none of the memory of indexing every node.
    Never raises; ``None`` where the scan fails.
    """
    wanted = {tuple(path[:end]) for path in paths for end in range(len(path) + 1)}
    found: dict[tuple[str, ...], int] = {}  # wanted node -> offset of its key or start

    def skip(at: int) -> int:
        return _WHITESPACE.match(text, at).end()  # type: ignore[union-attr]

    def member(at: int, path: tuple[str, ...], start: int) -> int:
        """Record ``path`` at ``start``, read its value at ``at``; returns the value's end."""
        if path not in wanted:
            return int(_DECODER.raw_decode(text, at)[1])
        for stale in [p for p in found if p[: len(path)] == path]:
            del found[stale]  # a repeated key: the last one wins, as in the parsed document
        found[path] = start
        opening = text[at]
        if opening != "{" and opening != "[":
            return int(_DECODER.raw_decode(text, at)[1])
        closing = "}" if opening == "{" else "]"
        at = skip(at + 1)
        index = 0
        while text[at] != closing:
            if opening == "{":
                key, after = _scanstring(text, at + 1)
                child_start, at = at, skip(skip(after) + 1)  # past the colon
                at = member(at, (*path, key), child_start)
            else:
                at = member(at, (*path, str(index)), at)
                index += 1
            at = skip(at)
            if text[at] == ",":
                at = skip(at + 1)
        return at + 1

    try:
        member(skip(0), (), skip(0))
    except Exception:  # includes RecursionError and a truncated text
        return [None] * len(paths)
    lines = []
    for path in paths:
        end = len(path)
        while tuple(path[:end]) not in found and end > 0:
            end -= 1
        start = found.get(tuple(path[:end]))
        lines.append(None if start is None else text.count("\n", 0, start) + 1)
    return lines
