"""``Spec``: a loaded, bundled and validated OpenAPI document, and where its nodes come from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from generator.errors import Location, Problem, SpecError
from generator.load._locator import Locator
from generator.load._pointer import MISSING, is_pointer_fragment, resolve_tokens, split_pointer

__all__ = ["Spec"]


@attrs.frozen
class Spec:
    """The result of ``load_spec``.

    ``document`` is plain data (dicts, lists, str, int, float, bool, None) with every ``$ref``
    internal (``#/...``). ``sha256`` covers the root file's bytes followed by each referenced
    file's bytes in sorted path order, so it changes when any file of the spec changes.
    """

    path: Path  # the root file
    display_path: str  # the root file as shown in messages
    document: dict[str, Any]
    sha256: str
    openapi_version: str  # "3.0", "3.1" or "3.2"
    _locator: Locator | None = attrs.field(default=None, repr=False, eq=False, alias="locator")
    # Recoverable defects repaired while loading (``_lenient``), each saying its fallback.
    defects: tuple[Problem, ...] = ()

    def locate(self, pointer: str) -> Location:
        """File, 1-based line (None if unknown) and ``pointer`` of a node of ``document``.

        Nodes bundled from other files are located in the file they were written in. Line
        numbers are computed on the first call for a file (one extra scan of it) and cached.
        """
        if self._locator is None:
            return Location(self.display_path, None, pointer or "#")
        return self._locator.locate(pointer)

    def locate_all(self, pointers: list[str]) -> list[Location]:
        """``locate`` for each pointer, computing only the lines asked for where that is
        cheaper than indexing the file (see ``Locator.locate_all``)."""
        if self._locator is None:
            return [self.locate(pointer) for pointer in pointers]
        return self._locator.locate_all(pointers)

    def resolve(self, node: Any) -> Any:
        """Follow ``node`` through a chain of internal ``{"$ref": "#/..."}`` to a real node.

        Anything that is not such a ref is returned as is. Raises SpecError for a ref that
        leads nowhere or a chain that loops (``load_spec`` reports both, so this only happens
        for documents changed after loading).
        """
        chain: list[str] = []
        while isinstance(node, dict):
            ref = node.get("$ref")
            if not isinstance(ref, str) or not is_pointer_fragment(ref):
                return node
            if ref in chain:
                text = " -> ".join([*chain[chain.index(ref) :], ref])
                raise SpecError([Problem(self.locate(ref), f"circular $ref chain: {text}")])
            tokens = split_pointer(ref, ref=True)
            target = MISSING if tokens is None else resolve_tokens(self.document, tokens)
            if target is MISSING:
                where = self.locate(chain[-1]) if chain else self.locate("#")
                raise SpecError([Problem(where, f"unknown $ref '{ref}'")])
            chain.append(ref)
            node = target
        return node
