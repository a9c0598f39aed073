"""Following pages of a list by cursor, next URL or ``Link`` header (sans-I/O parts).

``x-sdk-pagination`` styles ``cursor`` (the next cursor is in the body, sent back as a query
parameter), ``next-url`` (the next page's URL is in the body) and ``link`` (the URL is the
``rel="next"`` target of the RFC 8288 ``Link`` header). A next URL is followed only on the
client's own origin (scheme, host and port of its base URL): the client's credentials go with
every request, and a page must not hand them to another server.

``Paging`` and ``PageState`` are the sans-I/O half of page objects (``_async_paged``): what a
page knows about the list it belongs to, and which request gives the page after it.
"""

from __future__ import annotations

import re
from typing import Any, Callable, ClassVar, Optional, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

import attrs
import httpx

__all__ = ["PageState", "Paging", "first_page", "next_link", "read_next", "same_origin_target"]


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


class Paging:
    """How the pages of one operation follow each other (a constant of its page class).

    ``style`` page, offset, cursor, next-url or link; ``items``, ``next`` (the next cursor or
    URL) and ``total`` are dotted wire paths into a page."""

    __slots__ = ("first", "follows_urls", "items", "next", "style", "total")

    def __init__(self, style: str, items: str, next: str = "", total: str = "") -> None:
        self.style = style
        self.items = items
        self.next = next
        self.total = total
        self.follows_urls = style in ("next-url", "link")
        # Page numbers count from 1, offsets from 0 (a first call without one starts there).
        self.first: Any = 1 if style == "page" else 0 if style == "offset" else None


class PageState:
    """Where one page sits in its list: the call that fetches another page of it (given the
    page number, offset or cursor; URL styles send it to the next URL instead), the cursor
    this page was fetched with, how many items came before it, and for the URL styles the
    page's own URL, ``Link`` header and the origin its client may follow links on."""

    __slots__ = ("base_url", "cursor", "error", "fetch", "link", "seen", "url")

    def __init__(
        self,
        fetch: Callable[[Any], Any],
        cursor: Any,
        base_url: str = "",
        error: Callable[[str], Exception] = ValueError,
    ) -> None:
        self.fetch = fetch
        self.cursor = cursor
        self.seen = 0
        self.base_url = base_url
        self.error = error
        self.url = ""
        self.link: Optional[str] = None

    def following(self, paging: Paging, page: Any) -> Any:
        """What fetches the page after ``page``: the next page number, offset or cursor, or
        the next URL's ``(origin, path and query)``; ``None`` when ``page`` is the last (it
        is empty, the total is reached, or the next cursor or URL is absent or names itself).
        Raises ``error`` when the next URL is on another origin than the client's."""
        items = read_next(page, paging.items) or []
        if not items:
            return None
        style = paging.style
        if style in ("page", "offset"):
            if paging.total:
                total = read_next(page, paging.total)
                # An offset is the position itself; page numbers count the pages fetched.
                done = (self.cursor if style == "offset" else self.seen) + len(items)
                if total is not None and done >= total:
                    return None
            return self.cursor + (1 if style == "page" else len(items))
        if style == "cursor":
            cursor = read_next(page, paging.next)
            return None if not cursor or cursor == self.cursor else cursor
        target = next_link(self.link) if style == "link" else read_next(page, paging.next)
        if not target or urljoin(self.url, str(target)) == self.url:
            return None  # no next page, or a page naming itself as the next: stop, not loop
        return same_origin_target(self.base_url, self.url, str(target), self.error)


class _PageClass(Protocol):
    _rule: ClassVar[Paging]
    _paging: PageState


P = TypeVar("P", bound=_PageClass)


def first_page(
    cls: type[P],
    model: Any,
    response: httpx.Response,
    cursor: Any,
    fetch: Callable[[Any], Any],
    base_url: str = "",
    error: Callable[[str], Exception] = ValueError,
) -> P:
    """``model`` (a decoded page) as an instance of its page class ``cls`` (a subclass of the
    model's class, so attribute and mapping reads and ``isinstance`` hold), knowing how to
    fetch the pages after it. ``cursor`` is the page number, offset or cursor argument the
    call was made with (``None``: the first)."""
    page = cls.__new__(cls)
    for field in attrs.fields(type(model)):
        object.__setattr__(page, field.name, getattr(model, field.name))
    paging = cls._rule
    state = PageState(fetch, paging.first if cursor is None else cursor, base_url, error)
    if paging.style == "page" and state.cursor > 1:
        # Started past the first page: the pages before it held as many items as this one.
        state.seen = (state.cursor - 1) * len(read_next(page, paging.items) or ())
    if paging.follows_urls:
        state.url = str(response.url)
        state.link = response.headers.get("link")
    object.__setattr__(page, "_paging", state)
    return page
