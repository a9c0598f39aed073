"""Decoding unions the way real APIs evolve: unknown variants kept, the best match chosen.

* ``UnknownVariant``: a value whose discriminator names a variant this SDK doesn't know (the
  API added one). A regular response keeps it, with its raw data, as the union's own
  ``<Union>Unknown`` subclass (a member of the union's type, so callers test for it with
  ``isinstance``), as enums keep values they don't list; it reads like the variants
  (``value["type"]``, ``value.get(...)``) and encodes back unchanged. A stream skips such
  events instead (``known_variant`` raises ``UnknownVariantError`` there).
* ``best_match``: ``oneOf``/``anyOf`` without a discriminator: of the model variants, the one
  whose required properties are all present and that has the most of the object's keys among
  its own properties; ties go to the variant listed first. (With all-optional variants
  ``A{a}`` and ``B{b}``, ``{"b": 5}`` is a ``B``.) Variants that don't fit are not tried.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional, TypeVar

import attrs

from ._models import Model, UnknownVariantError

__all__ = ["UnknownVariant", "best_match", "known_variant"]

T = TypeVar("T")
_REQUIRED: dict[type, frozenset[str]] = {}


class UnknownVariant(Model):
    """A union value naming a variant this SDK doesn't know; ``data`` is the raw object."""

    __slots__ = ("additional_properties",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.additional_properties = dict(data)

    @property
    def data(self) -> dict[str, Any]:
        return self.additional_properties

    def to_dict(self) -> dict[str, Any]:
        return dict(self.additional_properties)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UnknownVariant)
            and type(other) is type(self)
            and other.data == self.data
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.additional_properties!r})"


def known_variant(value: T) -> T:
    """``value``, unless it is an ``UnknownVariant`` (then ``UnknownVariantError``)."""
    if isinstance(value, UnknownVariant):
        raise UnknownVariantError(f"unknown variant {value.data!r:.200}")
    return value


def _required(model: type) -> frozenset[str]:
    found = _REQUIRED.get(model)
    if found is None:
        wire = {attr: name for name, attr in getattr(model, "_wire", {}).items()}
        found = frozenset(
            wire[f.name]
            for f in attrs.fields(model)
            if f.default is attrs.NOTHING and f.name in wire
        )
        _REQUIRED[model] = found
    return found


def best_match(data: Mapping[str, Any], models: tuple[type, ...]) -> Optional[type]:
    """The model of ``models`` that fits the object ``data`` best (see the module docstring),
    or None when none has all its required properties present."""
    best: Optional[type] = None
    best_score = -1
    for model in models:
        if not _required(model) <= data.keys():
            continue
        known: frozenset[str] = getattr(model, "_known", frozenset())
        score = sum(1 for key in data if key in known)
        if score > best_score:
            best, best_score = model, score
    return best
