"""Changes between two versions of a spec, for users' CI.

Two views: the wire contract (``_operations``, ``_schema``, ``_security``), judged by the
direction data flows (a request that accepts less, or a response that may carry more, breaks
clients), and the generated SDK's Python surface (``_surface``), compared from both versions'
IR. Each change has a level (breaking, warning, info), a stable rule id, a location and a
message; ``_report`` turns them into a gate.
"""

from __future__ import annotations

from ..load import Spec
from ._change import BREAKING, INFO, LEVELS, WARNING, Change
from ._operations import OperationDiff, document_servers
from ._report import FORMATS, Ignore, fails, load_ignores, render, split_ignored
from ._security import scheme_changes
from ._surface import surface_changes

__all__ = [
    "Change",
    "diff_specs",
    "BREAKING",
    "WARNING",
    "INFO",
    "LEVELS",
    "FORMATS",
    "Ignore",
    "fails",
    "load_ignores",
    "render",
    "split_ignored",
]


def diff_specs(old: Spec, new: Spec, *, surface: bool = True) -> list[Change]:
    """Every change from ``old`` to ``new`` a client could notice, most severe first.
    ``surface=False`` leaves out the generated SDK's Python surface (wire contract only)."""
    changes = list(OperationDiff(old, new).all())
    changes += scheme_changes(old, new)
    changes += document_servers(old, new)
    if surface:
        changes += surface_changes(old, new)
    unique = {(c.level, c.rule, c.pointer, c.message, c.operation): c for c in changes}
    return sorted(unique.values(), key=lambda c: c.sort_key)
