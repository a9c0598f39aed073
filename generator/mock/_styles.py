"""Parameter values read back per their ``style``/``explode`` (sans-I/O): the mock's inverse of
the runtime's serialisers (``runtime/_params.py``), so a mock-mode client is judged on the
values it meant, not on their spelling. Values come back as strings for ``coerce``/``validate``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

import httpx

__all__ = ["header_value", "path_value", "query_value"]

_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}


def _pairs(items: list[str]) -> dict[str, str]:
    return dict(zip(items[::2], items[1::2]))


def path_value(param: Mapping[str, Any], kind: Optional[str], raw: str) -> Any:
    """A path value (already percent-decoded) in style simple, label or matrix."""
    style, name = param.get("style", "simple"), param["name"]
    explode = param.get("explode", False) is True
    if style == "label":
        raw = raw[1:] if raw.startswith(".") else raw
    elif style == "matrix" and not (explode and kind in ("array", "object")):
        prefix = f";{name}="
        raw = raw[len(prefix) :] if raw.startswith(prefix) else raw
    sep = "." if style == "label" and explode else ";" if style == "matrix" and explode else ","
    if kind == "array":
        items = raw.split(sep)
        if style == "matrix" and explode:
            items = [i.split("=", 1)[-1] for i in items if i]
        return items
    if kind == "object":
        if explode:
            return dict(i.split("=", 1) for i in raw.split(sep) if "=" in i)
        return _pairs(raw.split(","))
    return raw


def query_value(param: Mapping[str, Any], kind: Optional[str], params: httpx.QueryParams) -> Any:
    """A query value per style: repeated or delimited arrays; objects exploded into their own
    keys, delimited, or deepObject ``name[key]``; None when absent."""
    name, style = param["name"], param.get("style", "form")
    explode = param.get("explode", style == "form") is True
    values = params.get_list(name)
    if kind == "array":
        if values and not explode:
            return values[0].split(_DELIMITERS.get(style, ",")) if values[0] else []
        return values or None
    if kind == "object":
        if style == "deepObject":
            prefix = f"{name}["
            found = {k[len(prefix) : -1]: v for k, v in params.multi_items()
                     if k.startswith(prefix) and k.endswith("]")}  # fmt: skip
            return found or None
        if not explode:
            return _pairs(values[0].split(_DELIMITERS.get(style, ","))) if values else None
        return None  # exploded form object: its keys are not its own; left unchecked
    return values[0] if values else None


def header_value(param: Mapping[str, Any], kind: Optional[str], raw: str) -> Any:
    """A header in style simple."""
    if kind == "array":
        return [v.strip() for v in raw.split(",")]
    if kind == "object":
        if param.get("explode") is True:
            return dict(i.split("=", 1) for i in raw.split(",") if "=" in i)
        return _pairs(raw.split(","))
    return raw
