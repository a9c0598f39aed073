"""``$ref`` checking and bundling: one self-contained document with internal refs only.

Contract of ``Bundler(...).run()``:

* Internal refs of the root file (``#/components/schemas/X``) are kept; each one that leads
  nowhere is a problem ``unknown $ref '...'`` at the node holding it.
* A ref to another file (``common.yaml#/components/schemas/Error``, ``./task.yaml``, relative
  to the file the ref is written in) is bundled: the target is copied into
  ``components/<section>/<Name>`` of the root document (section from the kind of object the
  ref stands for, name from the target's last pointer token or the file's stem, made unique)
  and the ref is rewritten to point there. Path items referenced under ``paths`` (and, in 3.0,
  wherever they occur) are inlined instead, since 3.0 has no ``components/pathItems``.
  Refs inside a copy are resolved relative to the file it was copied from, recursively; each
  target is copied once, so recursive schemas across files come out as internal cycles.
* Remote (``https://...``, any URL scheme) and absolute-path refs are refused: nothing is ever
  fetched.
* Every problem found is collected in ``problems`` (possibly with repeats, which the caller
  drops); the document is bundled as far as possible.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from generator.errors import Problem, SpecError
from generator.load import _kinds as kinds
from generator.load._base_uri import BaseURIs
from generator.load._locator import Locator
from generator.load._pointer import (
    MISSING,
    is_pointer_fragment,
    resolve_tokens,
    split_pointer,
    tokens_to_pointer,
)
from generator.load._read import Source, read_source

__all__ = ["Bundler"]

_URL_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# A discriminator mapping value naming a file rather than a schema.
_FILE_LIKE = re.compile(r"\.(?:ya?ml|json)(?:#|$)|/|#", re.IGNORECASE)

# (file, pointer in it): identifies a ref target across the whole spec.
_TargetKey = tuple[str, str]


class Bundler:
    """Bundles ``locator.root.data`` in place; see the module docstring."""

    def __init__(self, locator: Locator, version: str, display: Callable[[str], str]) -> None:
        self.locator = locator
        self.root = locator.root
        self.document: dict[str, Any] = locator.root.data
        self.version = version
        self.display = display
        self.problems: list[Problem] = []
        self.internal_refs: set[str] = set()  # every internal ref of the result (cycle checks)
        self._bundled: dict[_TargetKey, str] = {}  # target -> its pointer in the bundle
        self._names: dict[str, set[str]] = {}  # section -> names taken by bundled copies
        self._work: deque[tuple[Any, str, Source, list[str]]] = deque()
        self._additions: list[tuple[str, str, Any]] = []  # (section, name, node)
        self._unresolved: list[tuple[str, list[str]]] = []  # (ref, site): checked at the end
        self._known: dict[str, bool] = {}  # internal pointer -> resolves in the root document
        self._failed_files: set[str] = set()
        self._inlining: set[_TargetKey] = set()  # path items being inlined (cycle guard)
        self.depth = 0  # the longest path walked (literal values such as examples aside)
        self._uris = BaseURIs(self.root.path, self.root.data)  # $self (OpenAPI 3.2)

    def run(self) -> None:
        self._walk(self.document, kinds.ROOT, self.root, [])
        while self._work:
            node, kind, source, path = self._work.popleft()
            self._walk(node, kind, source, path)
        self._merge_additions()
        # Checked only now: a ref may point into a node that was inlined after it was seen.
        for ref, site in self._unresolved:
            if not self._resolves(ref, cached=False):
                self._problem(site, f"unknown $ref '{ref}'")

    def _problem(self, site: list[str], message: str) -> None:
        self.problems.append(Problem(self.locator.locate_tokens(site), message))

    # -- walking ----------------------------------------------------------------------------

    def _walk(self, node: Any, kind: str, source: Source, path: list[str]) -> None:
        """Visit ``node`` (at bundled ``path``, written in ``source``) and its children."""
        if len(path) > self.depth:
            self.depth = len(path)
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                self._on_ref(node, ref, kind, source, path)
            if kind == kinds.DISCRIMINATOR_MAPPING:
                self._on_mapping(node, source, path)
                return
            for key, child in node.items():
                if not isinstance(child, (dict, list)):
                    continue
                sub = kinds.child_kind(kind, key)
                if sub == kinds.LITERAL:
                    continue
                path.append(key)
                inlined: list[_TargetKey] = []
                child_source = source
                if (
                    sub == kinds.PATH_ITEM
                    and isinstance(child, dict)
                    and "$ref" in child
                    and (kind == "paths" or self.version == "3.0")
                ):
                    child, child_source = self._inline(node, key, child, source, path, inlined)
                self._inlining.update(inlined)
                self._walk(child, sub, child_source, path)
                self._inlining.difference_update(inlined)
                path.pop()
        elif isinstance(node, list):
            sub = kinds.item_kind(kind)
            for index, child in enumerate(node):
                if isinstance(child, (dict, list)):
                    path.append(str(index))
                    self._walk(child, sub, source, path)
                    path.pop()

    def _on_ref(
        self, holder: dict[str, Any], ref: str, kind: str, source: Source, path: list[str]
    ) -> None:
        target = self._target(ref, source, path)
        if target is None:
            return
        file, tokens = target
        if file is None:
            pointer = ref if source is self.root and ref.startswith("#") else None
            if pointer is None:  # a ref from another file back into the root file
                pointer = holder["$ref"] = tokens_to_pointer(tokens)
            self.internal_refs.add(pointer)
            return
        pointer = self._bundle(file, tokens, kind, path, ref)
        if pointer is not None:
            holder["$ref"] = pointer
            self.internal_refs.add(pointer)

    def _on_mapping(self, mapping: dict[str, Any], source: Source, path: list[str]) -> None:
        """Discriminator mapping values that are refs into other files are bundled too."""
        for key, value in mapping.items():
            if not isinstance(value, str) or not _FILE_LIKE.search(value):
                continue  # a schema name
            if value.startswith("#") and source is self.root:
                continue  # internal already
            site = [*path, key]
            target = self._target(value, source, site)
            if target is None:
                continue
            file, tokens = target
            if file is None:
                mapping[key] = tokens_to_pointer(tokens)
                continue
            pointer = self._bundle(file, tokens, kinds.SCHEMA, site, value)
            if pointer is not None:
                mapping[key] = pointer

    # -- following refs ---------------------------------------------------------------------

    def _target(
        self, ref: str, source: Source, site: list[str]
    ) -> tuple[Source | None, list[str]] | None:
        """Where ``ref`` (written in ``source``) points.

        ``(None, tokens)`` for a node of the root document, ``(file, tokens)`` for a node of
        another file, ``None`` when it cannot be followed (the problem is reported) or is not
        ours to follow (a ``#name`` anchor fragment, left to JSON Schema tooling).
        """
        file_part, hash_sign, fragment = ref.partition("#")
        pointer = "#" + fragment if hash_sign else "#"
        by_self = bool(file_part) and (
            self._uris.declares_self(source.data) or self._uris.declares_self(self.root.data)
        )
        if _URL_SCHEME.match(file_part) and not by_self:
            self._problem(site, f"remote $ref not supported (no network access): {ref}")
            return None
        if not is_pointer_fragment(pointer):
            if file_part:
                self._problem(site, f"unsupported $ref '{ref}': fragment is not a JSON pointer")
            return None
        tokens = split_pointer(pointer, ref=True)
        if tokens is None:
            self._problem(site, f"unknown $ref '{ref}' (malformed JSON pointer)")
            return None
        if file_part:
            if os.path.isabs(file_part):
                self._problem(site, f"absolute $ref path not supported, use a relative one: {ref}")
                return None
            if by_self:  # OpenAPI 3.2: relative to the document's $self (_base_uri.py)
                found, reason = self._uris.target(file_part, source.path, source.data)
                if found is None:
                    self._problem(site, reason)
                    return None
                path = found
            else:
                base = os.path.dirname(source.path)
                path = os.path.normpath(os.path.join(base, unquote(file_part)))
            if path != self.root.path:
                file = self._load(path, site, ref)
                return None if file is None else (file, tokens)
        elif source is not self.root:
            return source, tokens
        # A node of the root document: checked once everything is bundled.
        if not self._resolves(pointer):
            self._unresolved.append((ref, list(site)))
        return None, tokens

    def _resolves(self, pointer: str, *, cached: bool = True) -> bool:
        known = self._known.get(pointer) if cached else None
        if known is None:
            tokens = split_pointer("#" + pointer.partition("#")[2], ref=True)
            known = tokens is not None and resolve_tokens(self.document, tokens) is not MISSING
            self._known[pointer] = known
        return known

    def _load(self, path: str, site: list[str], ref: str) -> Source | None:
        """The parsed file at ``path``, read once; None (problem reported) if unreadable."""
        source = self.locator.sources.get(path)
        if source is not None or path in self._failed_files:
            return source
        try:
            source = read_source(path, self.display(path))
        except SpecError as error:
            self._failed_files.add(path)
            if error.problems and error.problems[0].location.line is None:
                reason = error.problems[0].message
                self._problem(site, f"cannot read $ref target '{ref}': {reason}")
            else:  # a syntax error: reported at its line in that file
                self.problems.extend(error.problems)
            return None
        self.locator.add_source(source)
        return source

    # -- copying ----------------------------------------------------------------------------

    def _bundle(
        self, file: Source, tokens: list[str], kind: str, site: list[str], ref: str
    ) -> str | None:
        """Copy the node at ``tokens`` in ``file`` into components; return its new pointer."""
        key = (file.path, tokens_to_pointer(tokens))
        pointer = self._bundled.get(key)
        if pointer is not None:
            return pointer
        target = resolve_tokens(file.data, tokens)
        if target is MISSING:
            self._problem(site, f"unknown $ref '{ref}'")
            return None
        section = kinds.section_of_kind(kind)
        if section is None or (kind == kinds.PATH_ITEM and self.version == "3.0"):
            # No section for this context: trust the target's own location if it is a
            # component (``common.yaml#/components/responses/NotFound``), else call it a schema.
            hinted = tokens[1] if len(tokens) >= 3 and tokens[0] == "components" else ""
            hinted_kind = kinds.kind_of_section(hinted)
            if hinted_kind is not None:
                section, kind = hinted, hinted_kind
            else:
                section = "schemas"
        stem = tokens[-1] if tokens else os.path.splitext(os.path.basename(file.path))[0]
        path = ["components", section, self._unique_name(section, stem)]
        pointer = tokens_to_pointer(path)
        self._bundled[key] = pointer
        self.locator.add_origin(pointer, file, tokens)
        node = self._copy(target)
        self._additions.append((section, path[2], node))
        self._work.append((node, kind, file, path))
        return pointer

    def _unique_name(self, section: str, stem: str) -> str:
        """``stem`` made a valid component name, not yet used in ``section``."""
        base = _NAME_UNSAFE.sub("_", stem).strip("_") or "Ref"
        components = self.document.get("components")
        existing = components.get(section) if isinstance(components, dict) else None
        taken = self._names.setdefault(section, set())
        name, counter = base, 1
        while name in taken or (isinstance(existing, dict) and name in existing):
            counter += 1
            name = f"{base}_{counter}"
        taken.add(name)
        return name

    def _inline(
        self,
        parent: dict[str, Any],
        key: str,
        node: dict[str, Any],
        source: Source,
        path: list[str],
        inlined: list[_TargetKey],
    ) -> tuple[Any, Source]:
        """Replace a path item ``$ref`` by a copy of its target (following a chain of such
        refs); returns the node now at ``parent[key]`` and the file it was written in."""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref.startswith("#") and source is self.root:
                break  # internal: stays a ref
            target = self._target(ref, source, path)
            if target is None:
                break
            file, tokens = target
            if file is None:
                break  # back into the root file: stays a ref (rewritten by _on_ref)
            key_ = (file.path, tokens_to_pointer(tokens))
            if key_ in inlined or key_ in self._inlining:
                self._problem(path, f"circular path item $ref '{ref}'")
                parent[key] = node = {}
                break
            found = resolve_tokens(file.data, tokens)
            if found is MISSING:
                self._problem(path, f"unknown $ref '{ref}'")
                break
            inlined.append(key_)
            copy = self._copy(found)
            if isinstance(copy, dict):
                # Fields beside the $ref (summary, description) override the target's.
                copy.update((k, v) for k, v in node.items() if k != "$ref")
            node, source = copy, file
            parent[key] = node
            self.locator.add_origin(tokens_to_pointer(path), file, tokens)
        return node, source

    def _copy(self, node: Any) -> Any:
        """A deep copy of plain data, so that a bundled node shares nothing with its file."""
        if isinstance(node, dict):
            return {key: self._copy(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self._copy(value) for value in node]
        return node

    def _merge_additions(self) -> None:
        if not self._additions:
            return
        components = self.document.setdefault("components", {})
        if not isinstance(components, dict):
            self._problem(["components"], "must be a mapping (to bundle $refs into)")
            return
        for section, name, node in self._additions:
            target = components.setdefault(section, {})
            if not isinstance(target, dict):
                self._problem(["components", section], "must be a mapping (to bundle $refs into)")
                continue
            target[name] = node
