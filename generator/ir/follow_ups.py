"""What follows an operation's first answer: its waiter (``x-sdk-polling``) and its pages
(``x-sdk-pagination``, declared or guessed from a common shape, and the page object a list
method returns)."""

from __future__ import annotations

from typing import Callable, Optional

import attrs

from ..errors import join_pointer
from .extensions import PaginationSpec, PollingSpec
from .headers import ResponseHeader
from .model import Pagination, Param, Polling, ResponseCase
from .naming import ATTRIBUTE, snake_name
from .pagination_guess import guess_pagination
from .schemas import SchemaTypes
from .types import ANY

__all__ = ["guessed_pagination", "pagination_of", "polling_of", "with_page_object"]

Warn = Callable[[str, str], None]


def polling_of(
    spec: Optional[PollingSpec], success: tuple[ResponseCase, ...], types: SchemaTypes
) -> Optional[Polling]:
    """The waiter ``x-sdk-polling`` describes, typed by the operation's JSON success."""
    if spec is None:
        return None
    returns = spec.returns
    status_path = spec.status
    project = ""
    if returns and status_path.startswith(returns + "."):
        # Poll the resource inside the envelope: status relative to it, nothing left to pick.
        project, status_path, returns = returns, status_path[len(returns) + 1 :], ""
    args = ", ".join(
        f"{k}={v!r}"
        for k, v in (
            ("status", status_path),
            ("success", list(spec.success)),
            ("failure", list(spec.failure)),
            ("interval", spec.interval if spec.interval is not None else 1.0),
            ("intervals", {k: list(v) for k, v in spec.intervals}),
            ("initial_delay", spec.initial_delay),
            ("max_attempts", spec.max_attempts),
            ("timeout", spec.max_wait),
            ("returns", returns),
            ("vary_by", spec.vary_by),
            ("intervals_by", {k: {s: list(r) for s, r in v} for k, v in spec.intervals_by}),
        )
    )
    case = next((c for c in success if c.kind == "json" and c.type is not None), None)
    polled = case.type if case and case.type else ANY
    result = polled
    picked = returns or project
    if picked:
        model = types.model_of(polled)
        fields = {f.wire_name: f.declared_type for f in (model.fields if model else ())}
        result = fields.get(picked, ANY)
    return Polling(
        method=snake_name(spec.method, reserved=ATTRIBUTE),
        iterator=snake_name(spec.iterator, reserved=ATTRIBUTE) if spec.iterator else "",
        policy_args=args,
        interval=spec.interval,
        max_attempts=spec.max_attempts,
        timeout=spec.max_wait,
        returns_type=result,
        project=project,
        item_type=result if project else polled,
        initial_delay=spec.initial_delay,
    )


def pagination_of(
    spec: Optional[PaginationSpec],
    params: list[Param],
    success: tuple[ResponseCase, ...],
    pointer: str,
    types: SchemaTypes,
    warn: Warn,
) -> Optional[Pagination]:
    """The pagination ``spec`` describes over the operation's query parameters and JSON
    success; a cursor that is no query parameter is warned about and none is made."""
    if spec is None:
        return None
    by_wire = {p.wire_name: p for p in params if p.location == "query"}
    cursor = by_wire.get(spec.cursor)
    if cursor is None and spec.cursor:
        warn(
            join_pointer(pointer, "x-sdk-pagination"),
            f"x-sdk-pagination: {spec.cursor!r} is not a query parameter of the operation",
        )
        return None
    size = by_wire.get(spec.size)
    case = next((c for c in success if c.kind == "json" and c.type is not None), None)
    model = types.model_of(case.type, shape_only=True) if case and case.type else None
    item = ANY
    for f in model.fields if model else ():
        if f.wire_name == spec.items and f.type.is_list:
            item = f.type.inner
    return Pagination(
        spec.style,
        cursor.name if cursor else "",
        size.name if size else "",
        spec.items,
        spec.total,
        item,
        next=spec.next,
    )


def guessed_pagination(
    params: list[Param],
    success: tuple[ResponseCase, ...],
    headers: tuple[ResponseHeader, ...],
    pointer: str,
    name: str,
    types: SchemaTypes,
    warn: Warn,
) -> Optional[PaginationSpec]:
    """The pagination the operation's shape suggests (ir/pagination_guess.py), warned
    about at the operation with the extension that confirms or disables it."""
    guess = guess_pagination(params, success, headers, types)
    if guess is None:
        return None
    warn(
        pointer,
        f"pagination guessed (no x-sdk-pagination); {guess.reason} look like "
        f"{guess.spec.style} pagination: generated iter_{name} and a page object as if it said "
        f"`x-sdk-pagination: {guess.extension}`; write that to confirm, or "
        "`x-sdk-pagination: false` to turn the guess off",
    )
    return guess.spec


def with_page_object(
    pagination: Pagination,
    spec: Optional[PaginationSpec],
    success: tuple[ResponseCase, ...],
    hint: str,
    types: SchemaTypes,
) -> Pagination:
    """``pagination`` with its page object's class, when the method can return one: the one
    success is a JSON model holding the items, and the spec does not say ``page-object:
    false`` (the four platforms' documented list returns keep their model)."""
    if spec is None or not spec.page_object or len(success) != 1:
        return pagination
    case = success[0]
    if case.kind != "json" or case.type is None or case.alternatives:
        return pagination
    model = types.model_of(case.type, shape_only=True)
    if model is None or not any(
        f.wire_name == pagination.items.split(".")[0] for f in model.fields
    ):
        return pagination
    name = f"{hint}Page"
    if name in (model.name, *pagination.item_type.annotation_names):
        name = f"{hint}PageObject"
    return attrs.evolve(pagination, page_class=name, page_model=model.name)
