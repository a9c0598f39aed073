"""Walking a loaded JSON/YAML document (dicts, lists, scalars), as the loader tests mutate it."""

from __future__ import annotations

from typing import Any

__all__ = ["node_paths"]


def node_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path (keys and list indexes) of every node under ``node``, ``prefix`` itself first."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += node_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += node_paths(value, (*prefix, index))
    return found
