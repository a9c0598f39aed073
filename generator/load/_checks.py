"""Checks of our own on the bundled document, reported in our format.

* ``openapi_version``: only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported.
* ``ref_cycles``: a chain of refs that loops without reaching a node (``A -> B -> A``, each a
  bare ``{"$ref": ...}``) can never be resolved. (A schema whose *property* refers back to
  the schema is recursive, not a cycle of refs, and is fine.)
* ``duplicate_operation_ids``: ``operationId`` must be unique; the second use is reported,
  naming the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from generator.errors import Location, Problem, join_pointer
from generator.load._pointer import MISSING, resolve_tokens, split_pointer, tokens_to_pointer

__all__ = ["duplicate_operation_ids", "openapi_version", "ref_cycles"]

_SUPPORTED = "only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported"
_VERSION = re.compile(r"3\.([012])(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")

Locate = Callable[[str], Location]


def openapi_version(document: dict[str, Any], locate: Locate) -> tuple[str | None, list[Problem]]:
    """``("3.0" | "3.1" | "3.2", [])``, or ``(None, [problem])`` for anything else."""
    value = document.get("openapi", MISSING)
    if value is MISSING:
        if "swagger" in document:
            swagger = document["swagger"]
            message = f"Swagger {swagger} is not supported: {_SUPPORTED}"
            return None, [Problem(locate("#/swagger"), message)]
        return None, [Problem(locate("#"), f"missing 'openapi' version field: {_SUPPORTED}")]
    if not isinstance(value, str):
        message = f"'openapi' must be a version string such as \"3.1.0\", not {value!r}"
        return None, [Problem(locate("#/openapi"), f"{message}: {_SUPPORTED}")]
    match = _VERSION.fullmatch(value)
    if match is None:
        message = f"unsupported OpenAPI version {value!r}: {_SUPPORTED}"
        return None, [Problem(locate("#/openapi"), message)]
    return f"3.{match.group(1)}", []


def _follow(document: Any, ref: str) -> Any:
    tokens = split_pointer(ref, ref=True)
    return MISSING if tokens is None else resolve_tokens(document, tokens)


def _ref_of(node: Any) -> str | None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and (ref == "#" or ref.startswith("#/")):
            return ref
    return None


def ref_cycles(document: Any, refs: set[str], locate: Locate) -> list[Problem]:
    """One problem per cycle of pure refs among chains starting at ``refs``."""
    problems: list[Problem] = []
    done: set[str] = set()  # refs whose chain is known to end (or to be reported)
    for start in sorted(refs):
        chain: list[str] = []
        ref: str | None = start
        while ref is not None and ref not in done:
            if ref in chain:
                loop = chain[chain.index(ref) :]
                text = " -> ".join([*loop, ref])
                tokens = split_pointer(ref, ref=True) or []
                message = f"circular $ref chain: {text}"
                problems.append(Problem(locate(tokens_to_pointer(tokens)), message))
                break
            chain.append(ref)
            target = _follow(document, ref)
            ref = None if target is MISSING else _ref_of(target)
        done.update(chain)
    return problems


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(pointer, operation) for every operation: paths, webhooks and their callbacks."""

    def path_items(base: str, items: Any) -> Iterator[tuple[str, Any]]:
        if not isinstance(items, dict):
            return
        for key, item in items.items():
            seen = 0
            while _ref_of(item) is not None and seen < 32:  # 3.1: pathItems refs
                item = _follow(document, _ref_of(item) or "#")
                seen += 1
            if isinstance(item, dict):
                yield join_pointer(base, key), item

    def operations(base: str, items: Any, depth: int) -> Iterator[tuple[str, Any]]:
        for item_pointer, item in path_items(base, items):
            others = item.get("additionalOperations")  # OpenAPI 3.2: COPY, PURGE...
            others = others if isinstance(others, dict) else {}
            sites = [(m, item.get(m), join_pointer(item_pointer, m)) for m in _METHODS]
            sites += [
                (m, op, join_pointer(item_pointer, "additionalOperations", m))
                for m, op in others.items()
            ]
            for _, operation, pointer in sites:
                if isinstance(operation, dict):
                    yield pointer, operation
                    callbacks = operation.get("callbacks")
                    if depth < 2 and isinstance(callbacks, dict):
                        for name, callback in callbacks.items():
                            base_ = join_pointer(pointer, "callbacks", name)
                            yield from operations(base_, callback, depth + 1)

    yield from operations("#/paths", document.get("paths"), 0)
    yield from operations("#/webhooks", document.get("webhooks"), 0)


def duplicate_operation_ids(document: dict[str, Any], locate: Locate) -> list[Problem]:
    """A problem at each operation reusing an ``operationId``, naming the first use."""
    first: dict[str, str] = {}
    problems: list[Problem] = []
    for pointer, operation in _operations(document):
        operation_id = operation.get("operationId")
        if not isinstance(operation_id, str):
            continue
        if operation_id in first:
            here = join_pointer(pointer, "operationId")
            earlier = locate(first[operation_id])
            message = f"duplicate operationId '{operation_id}' (first used at {earlier})"
            problems.append(Problem(locate(here), message))
        else:
            first[operation_id] = join_pointer(pointer, "operationId")
    return problems
