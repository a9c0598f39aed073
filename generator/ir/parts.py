"""Headers a multipart part declares (``encoding.<part>.headers``): what the generated method
sends on its own and what the caller may or must give.

A header whose schema fixes its value (``const``, or an ``enum`` of one value) or gives a
``default`` is sent automatically; the caller's ``<part>_headers`` mapping (or a ``Part``'s own
headers) overrides it. A ``required`` header with no such value must be given. ``Content-Type``
is described by ``contentType`` and, as OpenAPI says, ignored here."""

from __future__ import annotations

from typing import Any, Callable

import attrs

__all__ = ["NO_PART_HEADERS", "PartHeaders", "part_headers_of"]


@attrs.frozen
class PartHeaders:
    """The declared headers of one part."""

    automatic: tuple[tuple[str, str], ...] = ()  # sent unless the caller gives another value
    required: tuple[str, ...] = ()  # no value of the spec's own: the caller must give one
    described: tuple[str, ...] = ()  # ``Name`` (type, what is sent by default) for docstrings

    @property
    def declared(self) -> bool:
        return bool(self.described)

    def doc(self, part: str) -> str:
        """The docstring of the part's ``<part>_headers`` argument."""
        return (
            f"Headers of the ``{part}`` part (in every item of it, for an array), by name: "
            + "; ".join(self.described)
            + ". A ``Part``'s own headers win."
        )


NO_PART_HEADERS = PartHeaders()


def part_headers_of(encoding: Any, resolve: Callable[[Any], Any]) -> PartHeaders:
    """The ``headers`` of one part's Encoding Object (``PartHeaders()`` when none)."""
    headers = encoding.get("headers") if isinstance(encoding, dict) else None
    if not isinstance(headers, dict):
        return NO_PART_HEADERS
    automatic: list[tuple[str, str]] = []
    required: list[str] = []
    described: list[str] = []
    for name, header in headers.items():
        if not isinstance(name, str) or name.lower() == "content-type":
            continue
        header = resolve(header)
        header = header if isinstance(header, dict) else {}
        schema = resolve(header.get("schema"))
        schema = schema if isinstance(schema, dict) else {}
        value = _fixed(schema)
        kind = schema.get("type") if isinstance(schema.get("type"), str) else "string"
        if value is not None:
            automatic.append((name, value))
            described.append(f"``{name}`` ({kind}, ``{value}`` unless given)")
        else:
            if header.get("required") is True:
                required.append(name)
            described.append(f"``{name}`` ({kind}{', required' if name in required else ''})")
    return PartHeaders(tuple(automatic), tuple(required), tuple(described))


def _fixed(schema: dict[str, Any]) -> Any:
    """The value the schema fixes or defaults to, spelt as a header carries it; None: none."""
    enum = schema.get("enum")
    for value in (
        schema.get("const"),
        enum[0] if isinstance(enum, list) and len(enum) == 1 else None,
        schema.get("default"),
    ):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (str, int, float)):
            return str(value)
    return None
