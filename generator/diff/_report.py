"""A report for a gate: the ignore file, the exit decision and the output formats (text, JSON,
Markdown for a pull-request comment, GitHub Actions annotations)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import yaml

from ._change import BREAKING, LEVELS, WARNING, Change

__all__ = ["FORMATS", "Ignore", "fails", "load_ignores", "render", "split_ignored"]

FORMATS = ("text", "json", "markdown", "github")


@attrs.frozen
class Ignore:
    """An accepted change: ``rule`` and ``location`` (an operation ``METHOD /path``, or a JSON
    pointer that the change's pointer starts with), and why it is accepted."""

    rule: str
    location: str
    reason: str

    def matches(self, change: Change) -> bool:
        if self.rule != change.rule:
            return False
        return self.location in (change.operation, "*") or change.pointer.startswith(self.location)


def load_ignores(path: str) -> list[Ignore]:
    """Entries of an ignore file: a YAML list of ``{id, location, reason}``; every field is
    required so each accepted break says why."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of {{id, location, reason}}")
    result = []
    for index, entry in enumerate(data):
        fields = entry if isinstance(entry, dict) else {}
        missing = [k for k in ("id", "location", "reason") if not str(fields.get(k) or "").strip()]
        if missing:
            raise ValueError(f"{path}: entry {index + 1} lacks {', '.join(missing)}")
        result.append(Ignore(str(fields["id"]), str(fields["location"]), str(fields["reason"])))
    return result


def split_ignored(
    changes: Sequence[Change], ignores: Sequence[Ignore]
) -> tuple[list[Change], list[tuple[Change, Ignore]]]:
    kept, ignored = [], []
    for change in changes:
        match = next((i for i in ignores if i.matches(change)), None)
        if match is None:
            kept.append(change)
        else:
            ignored.append((change, match))
    return kept, ignored


def fails(changes: Sequence[Change], fail_on: str) -> bool:
    """Whether the gate fails: some change at ``fail_on`` or more severe (``never``: no)."""
    if fail_on == "never":
        return False
    worst = LEVELS.index(fail_on)
    return any(LEVELS.index(c.level) <= worst for c in changes)


def _summary(changes: Sequence[Change], ignored: int) -> str:
    counts = [sum(c.level == level for c in changes) for level in LEVELS]
    text = f"{counts[0]} breaking change(s), {len(changes) - counts[0]} other(s)"
    detail = f" ({counts[1]} warning(s), {counts[2]} info)" if counts[1] else ""
    return text + detail + (f"; {ignored} ignored" if ignored else "")


def render(changes: Sequence[Change], ignored: Sequence[tuple[Change, Ignore]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([c.as_dict() for c in changes], indent=2)
    if fmt == "github":
        return (
            "\n".join(_annotation(c) for c in changes)
            + ("\n" if changes else "")
            + _summary(changes, len(ignored))
        )
    if fmt == "markdown":
        return _markdown(changes, ignored)
    lines = [str(c) + (f"\n         call: {c.call}" if c.call else "") for c in changes]
    return "\n".join([*lines, _summary(changes, len(ignored))])


def _annotation(change: Change) -> str:
    command = {BREAKING: "error", WARNING: "warning"}.get(change.level, "notice")
    title = _escape(f"{change.rule}", property_=True)
    where = f"{change.operation} {change.pointer}".strip()
    message = _escape(
        f"{where}: {change.message}" + (f" (breaks {change.call})" if change.call else "")
    )
    return f"::{command} title={title}::{message}"


def _escape(text: str, *, property_: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(changes: Sequence[Change], ignored: Sequence[tuple[Change, Ignore]]) -> str:
    lines = ["### API changes", "", _summary(changes, len(ignored)), ""]
    if changes:
        lines += ["| level | id | where | change |", "| --- | --- | --- | --- |"]
        for c in changes:
            where = f"`{_cell(c.operation)}` " if c.operation else ""
            change = _cell(c.message) + (f" — breaks `{_cell(c.call)}`" if c.call else "")
            lines.append(f"| {c.level} | `{c.rule}` | {where}`{_cell(c.pointer)}` | {change} |")
    if ignored:
        lines += ["", "<details><summary>Ignored</summary>", ""]
        lines += [
            f"- `{c.rule}` {_cell(c.operation or c.pointer)}: {_cell(i.reason)}" for c, i in ignored
        ]
        lines += ["", "</details>"]
    return "\n".join(lines)
