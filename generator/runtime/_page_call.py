"""What an async listing method with a page object returns: ``AsyncPageCall``.

Awaited, it is the first page (``page = await client.things.list()``); iterated with
``async for``, it is every item of every page (``async for item in client.things.list()``),
the first page fetched when the loop starts. Nothing is sent before either. It is an
awaitable, not a coroutine: ``asyncio.create_task`` wants a coroutine, so wrap it
(``asyncio.ensure_future`` and ``asyncio.gather`` take it as it is).

Async only (the sync method returns its first page directly, which iterates the same way).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Generator
from typing import Any, Callable, Generic, TypeVar

from ._async_paged import AsyncPaged

__all__ = ["AsyncPageCall"]

P = TypeVar("P", bound=AsyncPaged[Any])
T = TypeVar("T")


class AsyncPageCall(Generic[P, T]):
    """The call of an async listing method: ``await`` it for the first page, or ``async for``
    over it for every item of every page."""

    __slots__ = ("_fetch",)

    def __init__(self, fetch: Callable[[], Awaitable[P]]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, None, P]:
        return self._fetch().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._fetch()
        async for item in page:
            yield item
