"""``Change``: one difference between two versions of a spec, and its severity."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["BREAKING", "INFO", "LEVELS", "WARNING", "Change"]

BREAKING = "breaking"  # an existing client stops working
WARNING = "warning"  # potentially breaking: some clients, or clients relying on what was loose
INFO = "info"  # visible, harmless
LEVELS = (BREAKING, WARNING, INFO)  # most severe first


@attrs.frozen
class Change:
    """``rule`` is a stable id (``request-property-max-decreased``); ``pointer`` is a JSON
    pointer into the old spec (into the new one for additions); ``operation`` is ``METHOD /path``
    when the change belongs to one; ``call`` is the Python call that stops working, for changes
    of the generated SDK's surface."""

    level: str
    rule: str
    pointer: str
    message: str
    operation: str = ""
    call: str = ""

    @property
    def kind(self) -> str:
        """The level under its old name (``--json`` output kept the key ``kind``)."""
        return self.level

    @property
    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (LEVELS.index(self.level), self.operation, self.pointer, self.rule, self.message)

    def as_dict(self) -> dict[str, Any]:
        result = {"kind": self.level, "id": self.rule, "operation": self.operation}
        result |= {"pointer": self.pointer, "message": self.message}
        return result | ({"call": self.call} if self.call else {})

    def __str__(self) -> str:
        where = f"{self.operation} {self.pointer}" if self.operation else self.pointer
        return f"{self.level.upper():8} [{self.rule}] {where}: {self.message}"
