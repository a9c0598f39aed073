"""Page objects: the first page of a list, iterating every item of every page.

A paginated operation whose result is a model returns an instance of a generated subclass of
that model (so its fields, mapping reads and ``isinstance`` hold) mixing in ``AsyncPaged``:

- ``async for item in page`` yields this page's items, then every later page's, fetching each
  page only when the previous one is used up;
- ``page.iter_pages()`` yields this page and every later one;
- ``page.has_next_page()`` says, without a request, whether there is another page;
- ``await page.next_page()`` fetches it (the same call with the next page number, offset or
  cursor, or sent to the next URL), raising ``LookupError`` after the last page.

Only the async module is written by hand; ``_sync_paged`` is derived by ``generator/unasync.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ._async_raw import async_fetch_page
from ._pages import PageState, Paging, read_next

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncPaged"]

T = TypeVar("T")


class AsyncPaged(Generic[T]):
    """The page-object half of a generated page class (see the module docstring)."""

    __slots__ = ()
    _rule: ClassVar[Paging]
    _paging: PageState

    def has_next_page(self) -> bool:
        """Another page follows this one (known from this page alone, without a request)."""
        return self._paging.following(self._rule, self) is not None

    async def next_page(self) -> Self:
        """The page after this one (one request); ``LookupError`` when this is the last."""
        state = self._paging
        following = state.following(self._rule, self)
        if following is None:
            raise LookupError("this is the last page; check has_next_page() before next_page()")
        if self._rule.follows_urls:
            page: Self = (await async_fetch_page(lambda: state.fetch(None), following))[0]
        else:
            page = await state.fetch(following)
        page._paging.seen = state.seen + len(self._items())
        return page

    async def iter_pages(self) -> AsyncIterator[Self]:
        """This page, then every page after it (each fetched when reached)."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        """Every item of this page and of the pages after it."""
        async for page in self.iter_pages():
            for item in page._items():
                yield item

    def _items(self) -> list[Any]:
        items: list[Any] = read_next(self, self._rule.items) or []
        return items
