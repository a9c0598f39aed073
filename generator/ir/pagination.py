"""Pagination in the IR: how an operation's pages follow each other, and its page object."""

from __future__ import annotations

import attrs

from .types import TypeRef

__all__ = ["Pagination"]


@attrs.frozen
class Pagination:
    """``x-sdk-pagination``: an ``iter_<method>`` that walks every page and yields the items,
    and (``page_class`` not empty) the method returning a page object.

    ``style`` page: the ``cursor`` parameter is a page number from 1; offset: an item offset
    from 0; cursor: the value the previous page gave at ``next``. next-url: the next page is
    the URL at ``next``; link: the ``rel="next"`` URL of the ``Link`` header (both followed
    on the client's origin only). ``items``, ``total`` and ``next`` are dotted wire paths into
    the response."""

    style: str
    cursor: str  # Python name of the page/offset/cursor parameter ("" for URL styles)
    size: str  # Python name of the page-size/limit parameter ("" if none)
    items: str
    total: str
    item_type: TypeRef
    next: str = ""  # where the next cursor or URL is in the body
    # The page object's class (``ListToysPage``; ``Async`` before it on the async client): a
    # subclass of the response's model that iterates every item. "" keeps the model itself
    # (``page-object: false``, or a response that is not a model holding the items).
    page_class: str = ""
    page_model: str = ""  # the model it subclasses

    @property
    def follows_urls(self) -> bool:
        """The next page is a URL the previous page gave (``next-url``, ``link``)."""
        return self.style in ("next-url", "link")

    @property
    def first(self) -> int:
        """The first cursor value: page numbers count from 1, offsets from 0."""
        return 1 if self.style == "page" else 0

    @property
    def step(self) -> str:
        """How the cursor moves after a page: one page, or past the items received."""
        return "1" if self.style == "page" else "len(_items)"

    @property
    def rule_args(self) -> str:
        """The arguments of its runtime ``Paging`` (a class constant of the page class)."""
        args = [repr(self.style), repr(self.items)]
        if self.next:
            args.append(f"next={self.next!r}")
        if self.total:
            args.append(f"total={self.total!r}")
        return ", ".join(args)
