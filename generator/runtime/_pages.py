"""Following pages of a list by cursor, next URL or ``Link`` header (sans-I/O parts).

``x-sdk-pagination`` styles ``cursor`` (the next cursor is in the body, sent back as a query
parameter), ``next-url`` (the next page's URL is in the body) and ``link`` (the URL is the
``rel="next"`` target of the RFC 8288 ``Link`` header). A next URL is followed only on the
client's own origin (scheme, host and port of its base URL): the client's credentials go with
every request, and a page must not hand them to another server.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional
from urllib.parse import urljoin, urlsplit

__all__ = ["next_link", "read_next", "same_origin_target"]

# One link-value of a Link header: <target>; params (RFC 8288 section 3).
_LINK = re.compile(r'<([^>]*)>\s*((?:;\s*[^;,]+?\s*=\s*(?:"[^"]*"|[^;,]*)\s*)*)')
_PARAM = re.compile(r';\s*([^=\s]+)\s*=\s*(?:"([^"]*)"|([^;,\s]*))')


def read_next(value: Any, path: str) -> Any:
    """The value at a dotted path of wire names, or ``None`` when any step is missing (the
    last page leaves its next cursor or URL out, or sets it to null)."""
    for part in path.split(".") if path else ():
        if value is None:
            return None
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def next_link(header: Optional[str]) -> Optional[str]:
    """The target of the ``rel="next"`` link of a ``Link`` header value, if any (relation
    types compare case-insensitively and a ``rel`` may list several)."""
    if not header:
        return None
    for match in _LINK.finditer(header):
        for param in _PARAM.finditer(match.group(2)):
            if param.group(1).lower() == "rel":
                rels = (param.group(2) if param.group(2) is not None else param.group(3)) or ""
                if "next" in rels.lower().split():
                    return match.group(1).strip()
    return None


def same_origin_target(
    base_url: str,
    current: str,
    target: str,
    error: Callable[[str], Exception] = ValueError,
) -> tuple[str, str]:
    """``(origin, path and query)`` of ``target`` (resolved against the URL of the page it came
    from); raises ``error(message)`` when it leaves the origin of ``base_url``."""
    absolute = urljoin(current, target)
    parts, base = urlsplit(absolute), urlsplit(base_url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise error(
            f"the next page is on another origin ({parts.scheme}://{parts.netloc}); "
            f"this client sends its credentials only to {base.scheme}://{base.netloc}"
        )
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{parts.scheme}://{parts.netloc}", path
