"""The mock's state: collections of resources, what each operation does to them, and answers.

Each operation gets a role from its method and path, or from its ``x-sdk-mock`` extension
(``{collection: PATH-OR-NAME, role: create|read|list|update|delete|action|view|other}``):

- ``GET P/{id}`` reads a resource of collection ``P``; ``GET P`` lists it when ``P/{id}`` is
  read or the operation paginates; ``GET P/{id}/x`` is a ``view`` of the resource.
- ``POST P`` (or ``POST P/create``) creates in ``P``; ``POST P/{id}/x`` is an ``action``.
- ``PUT``/``PATCH P/{id}`` updates, ``DELETE P/{id}`` deletes; anything else answers its example.

A collection is keyed by its template with the request's path values filled in, so
``/threads/{thread_id}/messages`` holds one list per thread. On first use it is seeded with the
spec's examples (the read example and the list example's items), so documented ids exist.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
import uuid
from collections.abc import Mapping
from typing import Any, Callable, Optional

import attrs

from ._shapes import json_copy, project

__all__ = [
    "TIMESTAMPS",
    "Resource",
    "Roles",
    "Store",
    "get_path",
    "list_page",
    "set_path",
    "stamp",
    "unwrap",
    "wrap",
]

_PARAM = re.compile(r"\{([^{}]+)\}")
_TOTALS = ("total", "total_count", "totalCount", "count")
TIMESTAMPS = ("createdAt", "updatedAt", "created_at", "updated_at")


@attrs.define
class Resource:
    """One resource: its wire data, polls so far, creation time; ``settled``: its status no
    longer moves (seeded from the spec, terminal, or set by an action)."""

    data: dict[str, Any]
    created: float
    polls: int = 0
    settled: bool = False
    listed: bool = True  # False: only the read example shows it, so lists leave it out
    seeded: bool = False  # one of the spec's examples rather than created through the mock
    rid: str = ""  # its id (set when created or answered for an unknown id)
    inputs: frozenset[str] = frozenset()  # what the client could set: never filled from examples


def unwrap(example: Any) -> Any:
    """The resource inside a ``{"data": {...}}`` envelope, else the example itself."""
    if isinstance(example, dict) and isinstance(example.get("data"), dict):
        return example["data"]
    return example


def wrap(example: Any, inner: Any) -> Any:
    if isinstance(example, dict) and isinstance(example.get("data"), dict):
        return {**example, "data": inner}
    return inner


def get_path(value: Any, path: str) -> Any:
    for part in path.split(".") if path else ():
        value = value.get(part) if isinstance(value, dict) else None
    return value


def set_path(value: dict[str, Any], path: str, new: Any) -> dict[str, Any]:
    head, _, rest = path.partition(".")
    out = dict(value)
    out[head] = set_path(dict(out.get(head) or {}), rest, new) if rest else new
    return out


def fill(template: str, values: Mapping[str, Any]) -> str:
    return _PARAM.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


class Roles:
    """Each operation's role and collection, from its path and ``x-sdk-mock``."""

    def __init__(self, operations: list[dict[str, Any]]) -> None:
        self.reads: dict[str, dict[str, Any]] = {}  # collection template -> read operation
        self.lists: dict[str, dict[str, Any]] = {}
        self.creates: dict[str, dict[str, Any]] = {}
        self.of: dict[str, tuple[str, str]] = {}  # operation id -> (role, collection)
        self._paginated = {
            o["path"] for o in operations if o["method"] == "GET" and o["pagination"]
        }
        for op in operations:
            explicit = op["mock"].get("collection")
            if op["method"] == "GET" and _trailing_param(op["path"]):
                collection = str(explicit or _parent(op["path"]))
                if op["polling"] or collection not in self.reads:  # the polled read wins
                    self.reads[collection] = op
        for op in operations:
            role, collection = self._role(op)
            self.of[op["id"]] = (role, collection)
            if role == "list":
                self.lists.setdefault(collection, op)
            if role == "create":
                self.creates.setdefault(collection, op)

    def _role(self, op: dict[str, Any]) -> tuple[str, str]:
        method, path, given = op["method"], op["path"], op["mock"]
        trailing = _trailing_param(path)
        parent = _parent(path)
        if any(r.get("media") == "text/event-stream" for r in op["responses"].values()):
            return "stream", self._streamed(path, str(given.get("collection") or ""))
        if given.get("collection") or given.get("role"):
            default = {"GET": "read" if trailing else "list", "POST": "create",
                       "DELETE": "delete"}.get(method, "update")  # fmt: skip
            return str(given.get("role") or default), str(given.get("collection") or "")
        if method == "GET":
            if trailing:
                return "read", parent
            if path in self.reads or op.get("pagination"):
                return "list", path
            if _trailing_param(parent) and _parent(parent) in self.reads:
                return "view", _parent(parent)
            return "other", ""
        if method == "POST" and not trailing:
            if path in self.reads or path in self._paginated:
                return "create", path
            if parent in self.reads and not _trailing_param(parent):
                return "create", parent
            if _trailing_param(parent) and _parent(parent) in self.reads:
                return "action", _parent(parent)
            return "other", ""
        if trailing and (parent in self.reads or parent in self._paginated):
            return ("delete" if method == "DELETE" else "update"), parent
        return "other", ""

    def _streamed(self, path: str, given: str) -> str:
        """The collection whose resource a stream follows: ``x-sdk-mock.collection``, else
        its parent's (``P/{id}/stream``), else the read's taking the same last path parameter
        (``/stream/{taskId}`` follows ``/status/{taskId}``); "" when none."""
        if given:
            return given
        parent = _parent(path)
        if _trailing_param(parent) and _parent(parent) in self.reads:
            return _parent(parent)
        names = _PARAM.findall(path)
        for collection, read in self.reads.items():
            if names and read["polling"] and _PARAM.findall(read["path"])[-1:] == names[-1:]:
                return collection
        return ""


def _trailing_param(path: str) -> bool:
    return path.rstrip("/").endswith("}")


def _parent(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[0]


class Store:
    """Collections of resources, seeded lazily from the spec's examples."""

    def __init__(self, roles: Roles, clock: Callable[[], float]) -> None:
        self._roles = roles
        self._clock = clock
        self._collections: dict[str, dict[str, Resource]] = {}
        self._ids = itertools.count(1)
        self._high: dict[int, tuple[int, int]] = {}  # id(collection) -> (size, largest int id)
        self._deleted: set[tuple[str, str]] = set()  # (collection, id): gone for good

    def collection(self, template: str, values: Mapping[str, Any]) -> dict[str, Resource]:
        key = fill(template, values)
        found = self._collections.get(key)
        if found is None:
            found = self._collections[key] = {}
            self._seed(found, template)
        return found

    def delete(self, template: str, values: Mapping[str, Any], rid: str) -> None:
        self.collection(template, values).pop(rid, None)
        self._deleted.add((fill(template, values), rid))

    def deleted(self, template: str, values: Mapping[str, Any], rid: str) -> bool:
        return (fill(template, values), rid) in self._deleted

    def stand_in(self, template: str, values: Mapping[str, Any], rid: Any) -> Resource:
        """The resource answered for an id the mock has not seen (documentation code with a
        placeholder id): the spec's example with that id, kept so later calls agree; a polled
        one walks its lifecycle as the documented one does. Lists leave it out."""
        data = self.base(template)
        for key in [k for k in self.id_fields(template) if k in data] or ["id"]:
            data[key] = rid
        read = self._roles.reads.get(template)
        moving = bool(read and read["polling"])
        create = self._roles.creates.get(template)
        fresh = unwrap(_first_example(create)) if create is not None else None
        if moving and isinstance(fresh, dict):  # no outcome before it is reached
            data.update({k: json_copy(v) for k, v in fresh.items()
                         if k in data and v in (None, [], {})})  # fmt: skip
        resource = Resource(data, self._clock(), settled=not moving, listed=False, seeded=True,
                            rid=str(rid))  # fmt: skip
        self.collection(template, values)[str(rid)] = resource
        return resource

    def created_counts(self) -> dict[str, int]:
        """Resources created through the mock (not seeded from the spec), per collection."""
        counts = {
            key: sum(not r.seeded for r in c.values()) for key, c in self._collections.items()
        }
        return {key: n for key, n in counts.items() if n}

    def id_fields(self, template: str) -> tuple[str, ...]:
        read = self._roles.reads.get(template)
        names = [m.group(1) for m in _PARAM.finditer(read["path"])][-1:] if read else []
        return tuple(dict.fromkeys([*names, "id"]))

    def base(self, template: str) -> dict[str, Any]:
        """A resource of the collection as the spec shows it (read, create or list example)."""
        for op in (self._roles.reads.get(template), self._roles.creates.get(template)):
            example = unwrap(_first_example(op)) if op else None
            if isinstance(example, dict):
                return json_copy(example)
        items = self.items_of(self._roles.lists.get(template))
        return json_copy(items[0]) if items and isinstance(items[0], dict) else {}

    def items_of(self, op: Optional[dict[str, Any]], example: Any = None) -> list[Any]:
        if op is None:
            return []
        example = _first_example(op) if example is None else example
        if isinstance(example, list):
            return example
        pagination = op.get("pagination") or {}
        items = get_path(example, str(pagination.get("items") or "data"))
        return items if isinstance(items, list) else []

    def new_id(self, existing: Mapping[str, Resource], like: Any) -> Any:
        """A fresh id shaped like ``like`` (an example id): integers count on from the largest
        in use, ``prefix_...`` strings keep the prefix, UUIDs stay UUIDs."""
        number = next(self._ids)
        if isinstance(like, int) and not isinstance(like, bool):
            # The largest integer id in use, scanned again only when the collection changed
            # other than by the id handed out last (creating stays O(1) per request).
            size, high = self._high.get(id(existing), (-1, 0))
            if size != len(existing):
                high = max((int(k) for k in existing if str(k).isdigit()), default=0)
            rid = max(like, high) + number
            self._high[id(existing)] = (len(existing) + 1, max(high, rid))
            return rid
        text = str(like or "")
        if re.fullmatch(r"[0-9a-fA-F-]{32,36}", text):
            return str(uuid.UUID(int=number, version=4))
        prefix = text.rsplit("_", 1)[0] + "_" if "_" in text else "mock_"
        return f"{prefix}{number:010x}"

    def now(self) -> str:
        stamp = _dt.datetime.fromtimestamp(self._clock(), _dt.timezone.utc)
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")

    def add(self, collection: dict[str, Resource], rid: Any, data: dict[str, Any]) -> Resource:
        """Store a created resource. Collections keep insertion order (adding stays O(1) however
        many there are); ``newest_first`` gives the order list endpoints show."""
        resource = Resource(data, self._clock(), rid=str(rid))
        collection[str(rid)] = resource
        return resource

    @staticmethod
    def newest_first(collection: Mapping[str, Resource]) -> list[Resource]:
        """Created resources, newest first, then the spec's examples in the spec's order."""
        resources = list(collection.values())
        return [r for r in reversed(resources) if not r.seeded] + [r for r in resources if r.seeded]

    def _seed(self, collection: dict[str, Resource], template: str) -> None:
        """The list example's items (in order), then the read example. The read example's
        resource is polled through its lifecycle like a new one, as the example shows it."""
        ids = self.id_fields(template)
        read = self._roles.reads.get(template)
        listing = self._roles.lists.get(template)
        documented = [op for op in (listing, read) if op is not None and not _generated(op)]
        seeds = [(item, True) for item in self.items_of(listing)] if listing in documented else []
        if read is not None and read in documented:
            seeds.append((unwrap(_first_example(read)), False))
        for seed, listed in seeds:
            if not isinstance(seed, dict):
                continue
            rid = next((seed[k] for k in ids if seed.get(k) is not None), None)
            if rid is None:
                continue
            found = collection.get(str(rid))
            moving = not listed and bool(read and read["polling"])
            if found is None:
                collection[str(rid)] = Resource(
                    json_copy(seed),
                    self._clock(),
                    settled=not moving,
                    listed=listed,
                    seeded=True,
                )
            else:
                found.data.update({k: v for k, v in seed.items() if k not in found.data})
                found.settled = not moving


def _generated(op: dict[str, Any]) -> bool:
    """Whether the operation's example was built from its schema (not in the spec)."""
    return any(r.get("generated") for r in op["responses"].values())


def _first_example(op: dict[str, Any]) -> Any:
    for response in op["responses"].values():
        if response.get("example") is not None:
            return response["example"]
    return None


def stamp(data: dict[str, Any], now: str, *, created: bool) -> None:
    for key in TIMESTAMPS if created else TIMESTAMPS[1::2]:
        if key in data:
            data[key] = now


def list_page(
    example: Any, shape: list[Any], items: list[dict[str, Any]], query: Mapping[str, Any],
    pagination: Mapping[str, Any], size: int,
) -> Any:  # fmt: skip
    """One page of ``items`` in the shape of the list ``example``: filtered by equality on the
    query parameters that name an item field, paged as ``x-sdk-pagination`` says (page/offset,
    size), each item shaped like the example's first, with the total and paging fields set."""
    paging = {str(pagination.get(k)) for k in ("page", "page-size", "offset", "limit", "cursor")}
    for name, value in query.items():
        if name not in paging and not isinstance(value, list):
            wanted = str(value).lower()
            items = [i for i in items if name not in i or str(i[name]).lower() == wanted]
    style = pagination.get("style")
    if style == "page":
        start = (int(query.get(str(pagination.get("page")), 1)) - 1) * size
    elif style == "cursor":  # the mock's cursor is the offset, as text
        given = str(query.get(str(pagination.get("cursor"))) or "0")
        start = int(given) if given.isdigit() else 0
    elif style in ("next-url", "link"):  # one page: the mock makes no URLs
        start = 0
    else:
        start = int(query.get(str(pagination.get("offset")), 0))
    page = items[start : start + size] if pagination else items
    template = shape[0] if shape and isinstance(shape[0], dict) else None
    page = [project(template, i) for i in page]
    if not isinstance(example, dict):
        return page
    body = set_path(example, str(pagination.get("items") or "data"), page)
    total = str(pagination.get("total") or "")
    if total:
        body = set_path(body, total, len(items))
    for name in _TOTALS:  # without x-sdk-pagination: the usual names of a list's count
        if name != total and isinstance(body.get(name), int) and not isinstance(body[name], bool):
            body[name] = len(items)
    parent = get_path(body, total.rpartition(".")[0]) if "." in total else body
    more = start + len(page) < len(items)
    values = {str(pagination.get("page")): query.get(str(pagination.get("page")), 1),
              str(pagination.get("offset")): start,
              str(pagination.get("page-size") or pagination.get("limit")): size,
              "has_more": more, "hasMore": more}  # fmt: skip
    for holder in {id(body): body, id(parent): parent}.values():
        if isinstance(holder, dict):
            holder.update({k: v for k, v in values.items() if k in holder})
    follow = str(pagination.get("next-cursor") or pagination.get("next") or "")
    if follow and style in ("cursor", "next-url"):
        following = str(start + len(page)) if more and style == "cursor" else None
        body = set_path(body, follow, following)
    return body
