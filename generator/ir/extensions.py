"""The ``x-sdk-*`` extensions of operations (and of a property), read and validated once into
typed records.

The README's extension tables are the contract; this module is its one reader for operations
and schemas, ``document_extensions`` for the document (``info``, the root, security schemes).
Each malformed value is left out with a warning at its JSON pointer (a client without the
feature beats no client). The IR builders and the mock's table take these records; nothing else
reads an operation's ``x-sdk-*`` keys. ``walk_operations`` is the one walk over ``paths``, and
``HTTP_METHODS`` the one list of methods.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Optional, Union

import attrs

from ..errors import join_pointer
from .document_extensions import WebhookSigning, webhook_signing

__all__ = [
    "HTTP_METHODS",
    "BodyStyle",
    "Idempotency",
    "OperationExtensions",
    "OperationSite",
    "PaginationSpec",
    "PollingSpec",
    "is_sensitive",
    "operation_extensions",
    "WebhookExtension",
    "stream_terminator",
    "walk_operations",
    "webhook_extension",
    "walk_path_items",
]

# Every operation method of a path item (the order methods appear in a resource class).
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace", "query")

_METHOD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,31}")
Warn = Callable[[str, str], None]
Resolve = Callable[[Any], Any]


@attrs.frozen
class OperationSite:
    """One operation where it stands: its path item, method and pointer."""

    path: str
    method: str
    operation: dict[str, Any]
    item: dict[str, Any]
    pointer: str

    @property
    def path_parameters(self) -> list[Any]:
        return list(self.item.get("parameters") or [])


def walk_operations(document: dict[str, Any], resolve: Resolve) -> Iterator[OperationSite]:
    """Every operation of ``document``'s paths, in document order."""
    return walk_path_items(document.get("paths"), "#/paths", resolve)


def walk_path_items(paths: Any, base: str, resolve: Resolve) -> Iterator[OperationSite]:
    """Every operation of a map of path items at ``base`` (``paths``, ``webhooks``, a
    callback), in document order; ``x-`` keys are extensions, not path items."""
    for path, item in (paths if isinstance(paths, dict) else {}).items():
        item = resolve(item)
        if not isinstance(item, dict) or str(path).startswith("x-"):
            continue
        item_pointer = join_pointer(base, path)
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield OperationSite(str(path), method, op, item, join_pointer(item_pointer, method))
        # OpenAPI 3.2: methods without a field of their own (COPY, PURGE...), keyed as sent.
        others = item.get("additionalOperations")
        for method, op in (others if isinstance(others, dict) else {}).items():
            op = resolve(op)
            # Only method names that are plain HTTP tokens: the name is spelled in code.
            valid = _METHOD_NAME.fullmatch(str(method)) is not None
            if isinstance(op, dict) and valid and str(method).lower() not in HTTP_METHODS:
                pointer = join_pointer(item_pointer, "additionalOperations", method)
                yield OperationSite(str(path), str(method).lower(), op, item, pointer)


@attrs.frozen
class Idempotency:
    """``x-sdk-idempotency``: where the key a creating call carries goes; ``conflict`` and
    ``mismatch`` are the error codes the mock answers for the key reused from another
    credential, or with another request."""

    location: str  # header or body
    name: str
    conflict: str = ""
    mismatch: str = ""

    def table(self) -> dict[str, str]:
        """As the mock's table holds it (the README's keys)."""
        found = {"in": self.location, "name": self.name}
        found.update(
            (k, v) for k, v in (("conflict", self.conflict), ("mismatch", self.mismatch)) if v
        )
        return found


@attrs.frozen
class BodyStyle:
    """``x-sdk-body``: ``flatten`` (properties as arguments), ``model`` (one positional
    argument) or ``value``; ``name`` names the argument."""

    style: str = "flatten"
    name: str = ""


@attrs.frozen
class PollingSpec:
    """``x-sdk-polling`` on a status-read operation (see README: polling)."""

    status: str
    success: tuple[str, ...]
    failure: tuple[str, ...] = ()
    interval: Optional[float] = None
    intervals: tuple[tuple[str, tuple[float, ...]], ...] = ()
    initial_delay: float = 0.0
    max_attempts: Optional[int] = None
    max_wait: Optional[float] = None
    returns: str = ""
    vary_by: str = ""
    intervals_by: tuple[tuple[str, tuple[tuple[str, tuple[float, ...]], ...]], ...] = ()
    method: str = "wait_until_done"
    iterator: str = ""


@attrs.frozen
class PaginationSpec:
    """``x-sdk-pagination``: ``style`` page, offset or cursor (``cursor`` the wire name of the
    query parameter), next-url or link; ``size`` the page-size query parameter; ``items``,
    ``total`` and ``next`` (the next cursor, or the next page's URL) dotted paths into the
    response."""

    style: str
    cursor: str
    size: str
    items: str
    total: str = ""
    next: str = ""
    page_object: bool = True  # ``page-object: false``: the method keeps returning the model

    def table(self) -> dict[str, str]:
        """As the mock's table holds it (the README's keys)."""
        size_key = "page-size" if self.style == "page" else "limit"
        found = {"style": self.style, "items": self.items}
        if self.cursor:
            found[self.style] = self.cursor
        if self.size:
            found[size_key] = self.size
        if self.total:
            found["total"] = self.total
        if self.next:
            found["next-cursor" if self.style == "cursor" else "next"] = self.next
        return found


@attrs.frozen
class OperationExtensions:
    resource: Optional[str] = None  # x-sdk-resource (None: by tag; "": the client itself)
    method: str = ""  # x-sdk-method
    positional: tuple[str, ...] = ()  # x-sdk-positional: wire names
    body: BodyStyle = BodyStyle()
    idempotency: Optional[Idempotency] = None
    idempotent: bool = False  # x-sdk-idempotent: repeating it has no further effect
    returns: Union[str, tuple[str, ...], None] = None  # x-sdk-returns
    polling: Optional[PollingSpec] = None
    pagination: Optional[PaginationSpec] = None
    # x-sdk-pagination written (false: not paginated; malformed: warned about): no guessing
    pagination_written: bool = False
    mock: dict[str, Any] = attrs.field(factory=dict)  # x-sdk-mock: the simulation's own data


def operation_extensions(op: dict[str, Any], pointer: str, warn: Warn) -> OperationExtensions:
    """The parsed extensions of ``op`` (at ``pointer``); problems go to ``warn``."""
    if not any(isinstance(k, str) and k.startswith("x-sdk-") for k in op):
        return _NONE

    def where(key: str) -> str:
        return join_pointer(pointer, key)

    resource = op.get("x-sdk-resource")
    mock = op.get("x-sdk-mock")
    return OperationExtensions(
        resource=None if "x-sdk-resource" not in op else str(resource or ""),
        method=str(op.get("x-sdk-method") or ""),
        positional=tuple(str(n) for n in _list(op.get("x-sdk-positional"))),
        body=_body(op.get("x-sdk-body")),
        idempotency=_idempotency(op.get("x-sdk-idempotency"), where("x-sdk-idempotency"), warn),
        idempotent=op.get("x-sdk-idempotent") is True,
        returns=_returns(op.get("x-sdk-returns")),
        polling=_polling(op.get("x-sdk-polling"), where("x-sdk-polling"), warn),
        pagination=_pagination(op.get("x-sdk-pagination"), where("x-sdk-pagination"), warn),
        pagination_written="x-sdk-pagination" in op,
        mock=dict(mock) if isinstance(mock, dict) else {},
    )


_NONE = OperationExtensions()


def is_sensitive(schema: dict[str, Any]) -> bool:
    """``x-sdk-sensitive: true`` on a property (or ``format: password``): its value is kept out
    of ``repr()``."""
    return schema.get("x-sdk-sensitive") is True or schema.get("format") == "password"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _body(spec: Any) -> BodyStyle:
    if not isinstance(spec, dict):
        return BodyStyle()
    name = spec.get("name")
    return BodyStyle(str(spec.get("style", "flatten")), name if isinstance(name, str) else "")


def _idempotency(spec: Any, pointer: str, warn: Warn) -> Optional[Idempotency]:
    if spec is None:
        return None
    if (
        isinstance(spec, dict)
        and spec.get("in") in ("header", "body")
        and isinstance(spec.get("name"), str)
    ):
        codes = {k: spec.get(k) for k in ("conflict", "mismatch")}
        return Idempotency(
            str(spec["in"]),
            str(spec["name"]),
            **{k: str(v) for k, v in codes.items() if isinstance(v, (str, int)) and v},
        )
    warn(pointer, "expected {in: header|body, name}")
    return None


def _returns(spec: Any) -> Union[str, tuple[str, ...], None]:
    if isinstance(spec, str):
        return spec
    if isinstance(spec, list):
        return tuple(str(n) for n in spec)
    return None if spec is None else ()


def _number(value: Any) -> Optional[float]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _ranges(value: Any) -> tuple[tuple[str, tuple[float, ...]], ...]:
    if not isinstance(value, dict):
        return ()
    return tuple(
        (str(k), tuple(float(x) for x in v)[:2])
        for k, v in value.items()
        if isinstance(v, list)
        and v
        and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v)
    )


def _polling(spec: Any, pointer: str, warn: Warn) -> Optional[PollingSpec]:
    if spec is None:
        return None
    if not (isinstance(spec, dict) and isinstance(spec.get("status"), str) and spec.get("success")):
        warn(pointer, "x-sdk-polling needs at least {status: FIELD, success: [..]}")
        return None
    attempts = spec.get("max-attempts")
    by = spec.get("intervals-by")
    return PollingSpec(
        status=spec["status"],
        success=tuple(str(s) for s in _list(spec["success"]) or [spec["success"]]),
        failure=tuple(str(s) for s in _list(spec.get("failure"))),
        interval=_number(spec.get("interval")),
        intervals=_ranges(spec.get("intervals")),
        initial_delay=_number(spec.get("initial-delay")) or 0.0,
        max_attempts=attempts
        if isinstance(attempts, int) and not isinstance(attempts, bool)
        else None,
        max_wait=_number(spec.get("max-wait")),
        returns=str(spec.get("returns") or ""),
        vary_by=str(spec.get("vary-by") or ""),
        intervals_by=tuple((str(k), _ranges(v)) for k, v in by.items())
        if isinstance(by, dict)
        else (),
        method=str(spec.get("method") or "wait_until_done"),
        iterator=str(spec.get("iterator") or ""),
    )


def _pagination(spec: Any, pointer: str, warn: Warn) -> Optional[PaginationSpec]:
    if spec is None or spec is False:
        return None
    style = spec.get("style") if isinstance(spec, dict) else None
    # Each style's keys: the query parameter it drives, and the body path of the next page.
    needs = {"page": ("page", ""), "offset": ("offset", ""), "cursor": ("cursor", "next-cursor"),
             "next-url": ("", "next"), "link": ("", "")}  # fmt: skip
    param_key, next_key = needs.get(str(style), ("?", "?"))
    if (
        not isinstance(spec, dict)
        or style not in needs
        or (param_key and not isinstance(spec.get(param_key), str))
        or (next_key and not isinstance(spec.get(next_key), str))
        or not isinstance(spec.get("items"), str)
    ):
        warn(
            pointer,
            "x-sdk-pagination needs style page|offset|cursor|next-url|link, items, and the "
            "style's keys (page/offset/cursor: the query parameter; cursor: next-cursor; "
            "next-url: next), or false (not paginated)",
        )
        return None
    size = spec.get("page-size" if style == "page" else "limit")
    page_object = spec.get("page-object", True)
    if not isinstance(page_object, bool):
        warn(join_pointer(pointer, "page-object"), "page-object must be true or false")
        page_object = True
    return PaginationSpec(
        style=style,
        cursor=spec[param_key] if param_key else "",
        size=str(size) if isinstance(size, str) else "",
        items=spec["items"],
        total=str(spec.get("total") or ""),
        next=spec[next_key] if next_key else "",
        page_object=page_object,
    )


def stream_terminator(media: Any, operation: Any) -> str:
    """The ``x-sdk-stream`` terminator of a stream ("" when none is declared)."""
    for owner in (media, operation):
        extension = owner.get("x-sdk-stream") if isinstance(owner, dict) else None
        if isinstance(extension, dict) and isinstance(extension.get("terminator"), str):
            return str(extension["terminator"])
    return ""


@attrs.frozen
class WebhookExtension:
    """``x-sdk-webhook`` on a webhook's (or callback's) operation: ``event``, the value its
    requests carry in the header or body property the root ``x-sdk-webhooks.event`` names
    (``""``: the webhook's key, or the callback's name), and its own ``signing`` (None: the
    root's; False: unsigned)."""

    event: str = ""
    signing: Union[WebhookSigning, bool, None] = None


def webhook_extension(op: dict[str, Any], pointer: str, warn: Warn) -> WebhookExtension:
    """The parsed ``x-sdk-webhook`` of ``op`` (at ``pointer``); problems go to ``warn``."""
    value = op.get("x-sdk-webhook")
    if value is None:
        return WebhookExtension()
    where = join_pointer(pointer, "x-sdk-webhook")
    if not isinstance(value, dict):
        warn(where, "expected a map {event, signing}; left out")
        return WebhookExtension()
    event = value.get("event")
    if event is not None and not (isinstance(event, (str, int)) and str(event).strip()):
        warn(join_pointer(where, "event"), "expected the event's name; the webhook's key is used")
        event = None
    signing = webhook_signing(value.get("signing"), join_pointer(where, "signing"), warn)
    return WebhookExtension(str(event).strip() if event is not None else "", signing)
