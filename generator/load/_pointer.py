"""JSON pointers (RFC 6901) as used in ``$ref`` fragments and problem locations.

Pointers here always have the URI-fragment form ``#/a/b~1c`` (``#`` alone is the root). Tokens
are the unescaped keys; list indices are tokens of decimal digits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote

from generator.errors import join_pointer

__all__ = [
    "MISSING",
    "canonical_tokens",
    "is_pointer_fragment",
    "resolve_tokens",
    "split_pointer",
    "tokens_to_pointer",
]

# Returned by resolve_tokens when the pointer leads nowhere (``None`` is a legitimate value).
MISSING: Any = object()

_INDEX = re.compile(r"0|[1-9][0-9]*")
_BAD_ESCAPE = re.compile(r"~(?![01])")


def is_pointer_fragment(ref: str) -> bool:
    """True for ``#`` and ``#/...`` (a JSON pointer), false for ``#anchor`` and the like."""
    return ref == "#" or ref.startswith("#/")


def split_pointer(pointer: str, *, ref: bool = False) -> list[str] | None:
    """Split ``#/a/b~1c`` into ``["a", "b/c"]``; None if it is not a valid pointer fragment.

    With ``ref``, the pointer is the fragment of a ``$ref`` (a URI fragment), so
    percent-escapes are decoded first: ``#/paths/~1tasks~1%7Bid%7D`` names ``/tasks/{id}``.
    """
    if pointer in ("", "#"):
        return []
    if not pointer.startswith("#/"):
        return None
    body = unquote(pointer[2:]) if ref and "%" in pointer else pointer[2:]
    tokens = body.split("/")
    if "~" in body:
        if any(_BAD_ESCAPE.search(t) for t in tokens):
            return None
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in tokens]
    return tokens


def tokens_to_pointer(tokens: Sequence[str | int]) -> str:
    """Inverse of split_pointer: ``["a", "b/c"]`` -> ``#/a/b~1c``; ``[]`` -> ``#``."""
    return join_pointer("#", *tokens) if tokens else "#"


def _step(node: Any, token: str) -> Any:
    if isinstance(node, dict):
        return node.get(token, MISSING)
    if isinstance(node, list) and _INDEX.fullmatch(token):
        index = int(token)
        return node[index] if index < len(node) else MISSING
    return MISSING


def resolve_tokens(document: Any, tokens: Sequence[str]) -> Any:
    """The node at ``tokens`` in ``document`` (refs are not followed), or MISSING."""
    node = document
    for token in tokens:
        node = _step(node, token)
        if node is MISSING:
            return MISSING
    return node


def canonical_tokens(document: Any, tokens: Sequence[str | int]) -> tuple[list[str], bool]:
    """Turn a path that may pass *through* internal ``$ref``s into the real path of its node.

    openapi-spec-validator walks the document following references, so the paths it reports
    can be ``paths//x/get/requestBody/content/...`` where ``requestBody`` is a
    ``{"$ref": "#/components/requestBodies/X"}``. Returns ``(tokens, True)`` with the path
    rewritten to start at the referenced node, or, when the path leads nowhere,
    ``(longest real prefix, False)``.
    """
    node = document
    real: list[str] = []
    for raw in tokens:
        token = str(raw)
        child = _step(node, token)
        hops = 0
        # Follow a chain of pure references until the token can be taken; the hop limit guards
        # against a cycle of refs (reported elsewhere as a problem of its own).
        while child is MISSING and isinstance(node, dict) and hops < 64:
            ref = node.get("$ref")
            if not isinstance(ref, str):
                break
            target_tokens = split_pointer(ref, ref=True)
            if target_tokens is None:
                break
            target = resolve_tokens(document, target_tokens)
            if target is MISSING:
                break
            node, real = target, list(target_tokens)
            child = _step(node, token)
            hops += 1
        if child is MISSING:
            return real, False
        node = child
        real.append(token)
    return real, True
