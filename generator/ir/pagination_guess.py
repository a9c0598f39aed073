"""Pagination guessed from common shapes, for an operation without ``x-sdk-pagination``.

Many specs paginate without saying so. When a listing operation's query parameters and its
response match one of the shapes below, the IR builds its pager as if the spec said so, and
the caller warns (located at the operation) what was guessed, how to confirm it (write the
``x-sdk-pagination`` given in the warning) and how to turn it off (``x-sdk-pagination:
false``). Every shape needs a response that is one JSON object holding a list of items, and
never applies where the spec already fixes the return (``x-sdk-returns``, ``x-sdk-polling``):

- cursor: a cursor query parameter (``cursor``, ``after``, ``page_token``...) and the next
  cursor in the body (``next_cursor``, ``nextPageToken``..., top level or one level down);
- page: a page-number parameter (``page``) and a total or has-more field in the body;
- offset: ``offset`` and ``limit`` parameters;
- link: a ``Link`` response header declared;
- next-url: a string ``next``/``next_url`` field in the body (top level or one level down).

The names are matched exactly (wire names, as written in the spec); a near miss is no match.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Optional

from .extensions import PaginationSpec
from .headers import ResponseHeader
from .model import ResponseCase
from .params import Param
from .schemas import SchemaTypes
from .types import Kind, TypeRef

__all__ = ["Guess", "guess_pagination"]

CURSOR_PARAMS = (
    "cursor", "after", "page_token", "pageToken", "next_token", "nextToken",
    "continuation_token", "continuationToken", "page_cursor", "pageCursor",
)  # fmt: skip
NEXT_CURSOR_FIELDS = ("next_cursor", "nextCursor", "next_page_token", "nextPageToken",
                      "next_token", "nextToken", "continuation_token", "continuationToken",
                      "end_cursor", "endCursor")  # fmt: skip
PAGE_PARAMS = ("page", "page_number", "pageNumber")
PAGE_SIZE_PARAMS = ("per_page", "perPage", "page_size", "pageSize", "limit", "size")
LIMIT_PARAMS = ("limit", "page_size", "pageSize", "per_page", "perPage", "size", "max_results",
                "maxResults")  # fmt: skip
TOTAL_FIELDS = ("total", "total_count", "totalCount", "total_items", "totalItems", "count")
MORE_FIELDS = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage")
NEXT_URL_FIELDS = ("next", "next_url", "nextUrl", "next_page_url", "nextPageUrl", "next_link",
                   "nextLink")  # fmt: skip
# Where a list of items usually sits, in order of preference (else the one list field).
ITEM_FIELDS = ("data", "items", "results", "records", "entries", "values", "nodes", "objects")


class Guess:
    """A guessed pagination: the ``x-sdk-pagination`` it stands for, and why."""

    __slots__ = ("reason", "spec")

    def __init__(self, spec: PaginationSpec, reason: str) -> None:
        self.spec = spec
        self.reason = reason

    @property
    def extension(self) -> str:
        """The ``x-sdk-pagination`` value that confirms the guess, as YAML flow mapping."""
        spec = self.spec
        keys = {"style": spec.style, "items": spec.items}
        param_key = {"page": "page", "offset": "offset", "cursor": "cursor"}.get(spec.style)
        if param_key:
            keys[param_key] = spec.cursor
        if spec.size:
            keys["page-size" if spec.style == "page" else "limit"] = spec.size
        if spec.total:
            keys["total"] = spec.total
        if spec.next:
            keys["next-cursor" if spec.style == "cursor" else "next"] = spec.next
        return "{" + ", ".join(f"{k}: {v}" for k, v in keys.items()) + "}"


def guess_pagination(
    params: Sequence[Param],
    success: Sequence[ResponseCase],
    headers: Sequence[ResponseHeader],
    types: SchemaTypes,
) -> Optional[Guess]:
    """The pagination the operation's shape suggests, or ``None`` (see the module docstring)."""
    if len(success) != 1 or success[0].kind != "json" or success[0].type is None:
        return None
    model = types.model_of(success[0].type, shape_only=True)
    if model is None:
        return None
    fields = dict(_fields(success[0].type, types, 2))
    items = _items(fields)
    if not items:
        return None
    query = {p.wire_name: p.type for p in params if p.location == "query"}

    def param(names: Sequence[str], kinds: tuple[str, ...]) -> str:
        return next((n for n in names if n in query and _plain(query[n]) in kinds), "")

    def field(names: Sequence[str], kinds: tuple[str, ...]) -> str:
        return next(
            (p for p, t in fields.items() if p.rsplit(".", 1)[-1] in names and _plain(t) in kinds),
            "",
        )

    cursor = param(CURSOR_PARAMS, ("str",))
    next_cursor = field(NEXT_CURSOR_FIELDS, ("str",))
    limit = param(LIMIT_PARAMS, ("int",))
    if cursor and next_cursor:
        return Guess(
            PaginationSpec("cursor", cursor, limit, items, next=next_cursor),
            f"the query parameter {cursor!r} and the next cursor at {next_cursor!r}",
        )
    page = param(PAGE_PARAMS, ("int",))
    total = field(TOTAL_FIELDS, ("int",))
    more = field(MORE_FIELDS, ("bool",))
    if page and (total or more):
        size = param(PAGE_SIZE_PARAMS, ("int",))
        return Guess(
            PaginationSpec("page", page, size, items, total),
            f"the page-number parameter {page!r} and {total or more!r} in the response",
        )
    if param(("offset",), ("int",)) and limit:
        return Guess(
            PaginationSpec("offset", "offset", limit, items, total),
            f"the parameters 'offset' and {limit!r}",
        )
    if any(h.wire_name.lower() == "link" for h in headers):
        return Guess(PaginationSpec("link", "", "", items), "the declared 'Link' response header")
    next_url = field(NEXT_URL_FIELDS, ("str",))
    if next_url and not cursor:
        return Guess(
            PaginationSpec("next-url", "", "", items, next=next_url),
            f"the string {next_url!r} in the response (read as the next page's URL)",
        )
    return None


def _fields(
    ref: TypeRef, types: SchemaTypes, depth: int, prefix: str = ""
) -> Iterator[tuple[str, TypeRef]]:
    """(dotted wire path, type) of a model's fields, and of its model fields' fields down to
    ``depth`` levels."""
    model = types.model_of(_unwrapped(ref), shape_only=True)
    if model is None or depth == 0:
        return
    for f in model.fields:
        path = f"{prefix}{f.wire_name}"
        yield path, _unwrapped(f.type)
        yield from _fields(f.type, types, depth - 1, f"{path}.")


def _items(fields: dict[str, TypeRef]) -> str:
    """The top-level list field holding the items: a usual name, else the only list."""
    lists = [p for p, t in fields.items() if "." not in p and t.kind == Kind.LIST]
    preferred = [p for p in ITEM_FIELDS if p in lists]
    if preferred:
        return preferred[0]
    return lists[0] if len(lists) == 1 else ""


def _unwrapped(ref: TypeRef) -> TypeRef:
    while ref.kind == Kind.OPTIONAL:
        ref = ref.inner
    return ref


def _plain(ref: TypeRef) -> str:
    """``str``, ``int``, ``bool``... for a primitive (optional or not); "" otherwise."""
    ref = _unwrapped(ref)
    return ref.name if ref.kind == Kind.PRIMITIVE else ""
