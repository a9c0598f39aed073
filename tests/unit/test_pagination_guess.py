"""Pagination guessed from common shapes (issue 16): an operation without x-sdk-pagination
whose parameters and response match a usual shape gets a pager, with a warning located at the
operation saying what was guessed and how to confirm or turn it off; near misses get nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import pytest
import yaml

from generator.ir import Warnings, build_package
from generator.load import load_spec


def q(name: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind}}


def obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


ITEMS = {"type": "array", "items": obj(id={"type": "string"})}
STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}


def build(
    tmp_path: Path,
    params: list[dict[str, Any]],
    body: dict[str, Any],
    headers: Optional[dict[str, Any]] = None,
    **extensions: Any,
) -> tuple[Any, list[tuple[str, str]], str]:
    response: dict[str, Any] = {
        "description": "A page.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}},
    }
    if headers:
        response["headers"] = headers
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Guess", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "tags": ["things"],
                    "parameters": params,
                    "responses": {"200": response},
                    **extensions,
                }
            }
        },
        "components": {"schemas": {"Page": body}},
    }
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    spec = load_spec(path)
    warnings = Warnings(spec)
    package = build_package(spec, warnings=warnings)
    (op,) = [op for r in package.resources for op in r.operations]
    located = [str(p) for p in warnings.problems()]
    return op.pagination, warnings.items, "\n".join(located)


GUESSES = [
    pytest.param(
        [q("cursor"), q("limit", "integer")],
        obj(data=ITEMS, next_cursor=STR),
        None,
        ("cursor", "cursor", "limit", "data", "", "next_cursor"),
        "{style: cursor, items: data, cursor: cursor, limit: limit, next-cursor: next_cursor}",
        id="cursor-top-level",
    ),
    pytest.param(
        [q("pageToken")],
        obj(items=ITEMS, meta=obj(nextPageToken=STR)),
        None,
        ("cursor", "page_token", "", "items", "", "meta.nextPageToken"),
        "next-cursor: meta.nextPageToken",
        id="cursor-nested",
    ),
    pytest.param(
        [q("page", "integer"), q("per_page", "integer")],
        obj(results=ITEMS, total=INT),
        None,
        ("page", "page", "per_page", "results", "total", ""),
        "{style: page, items: results, page: page, page-size: per_page, total: total}",
        id="page-total",
    ),
    pytest.param(
        [q("page", "integer")],
        obj(data=ITEMS, pagination=obj(has_more=BOOL)),
        None,
        ("page", "page", "", "data", "", ""),
        "{style: page, items: data, page: page}",
        id="page-has-more",
    ),
    pytest.param(
        [q("offset", "integer"), q("limit", "integer")],
        obj(data=ITEMS, total=INT),
        None,
        ("offset", "offset", "limit", "data", "total", ""),
        "{style: offset, items: data, offset: offset, limit: limit, total: total}",
        id="offset",
    ),
    pytest.param(
        [],
        obj(entries=ITEMS),
        {"Link": {"schema": STR}},
        ("link", "", "", "entries", "", ""),
        "{style: link, items: entries}",
        id="link-header",
    ),
    pytest.param(
        [q("q")],
        obj(data=ITEMS, links=obj(next=STR)),
        None,
        ("next-url", "", "", "data", "", "links.next"),
        "{style: next-url, items: data, next: links.next}",
        id="next-url-nested",
    ),
]


@pytest.mark.parametrize(("params", "body", "headers", "expected", "extension"), GUESSES)
def test_common_shapes_are_guessed_with_a_located_warning(
    tmp_path: Path,
    params: list[dict[str, Any]],
    body: dict[str, Any],
    headers: Optional[dict[str, Any]],
    expected: tuple[str, ...],
    extension: str,
) -> None:
    pagination, items, located = build(tmp_path, params, body, headers)
    assert pagination is not None
    got = (pagination.style, pagination.cursor, pagination.size, pagination.items,
           pagination.total, pagination.next)  # fmt: skip
    assert got == expected
    assert pagination.page_class == "ListThingsPage"
    ((pointer, message),) = items
    assert pointer == "#/paths/~1things/get"
    assert extension in message
    # One kind in the run's summary line (a kind is a message up to its first ";").
    assert message.split(";")[0] == "pagination guessed (no x-sdk-pagination)"
    assert "x-sdk-pagination: false" in message and "iter_list_things" in message
    assert "openapi.yaml:" in located  # file:line


NON_MATCHES = [
    pytest.param([q("limit", "integer")], obj(data=ITEMS), None, id="limit-alone"),
    pytest.param([q("cursor")], obj(data=ITEMS), None, id="cursor-without-next-cursor"),
    pytest.param([q("page", "integer")], obj(data=ITEMS), None, id="page-without-total"),
    pytest.param([q("page")], obj(data=ITEMS, total=INT), None, id="page-not-an-integer"),
    pytest.param([q("offset", "integer")], obj(data=ITEMS), None, id="offset-without-limit"),
    pytest.param(
        [q("Offset", "integer"), q("limit", "integer")], obj(data=ITEMS), None, id="near-miss-name"
    ),
    pytest.param(
        [q("offset", "integer"), q("limit", "integer")], obj(total=INT), None, id="no-list-of-items"
    ),
    pytest.param([], obj(a=ITEMS, b=ITEMS, next=STR), None, id="two-unnamed-lists"),
    pytest.param([], obj(data=ITEMS, next=INT), None, id="next-not-a-string"),
    pytest.param([], obj(data=ITEMS), {"X-Link": {"schema": STR}}, id="another-header"),
]


@pytest.mark.parametrize(("params", "body", "headers"), NON_MATCHES)
def test_other_shapes_are_not_guessed(
    tmp_path: Path,
    params: list[dict[str, Any]],
    body: dict[str, Any],
    headers: Optional[dict[str, Any]],
) -> None:
    pagination, items, _ = build(tmp_path, params, body, headers)
    assert pagination is None
    assert items == []


def test_a_bare_array_response_is_not_guessed(tmp_path: Path) -> None:
    pagination, items, _ = build(tmp_path, [q("offset", "integer"), q("limit", "integer")], ITEMS)
    assert pagination is None and items == []


@pytest.mark.parametrize(
    "extensions",
    [
        {"x-sdk-pagination": False},  # the spec says: not paginated
        {"x-sdk-returns": "data"},  # the spec fixes the return
    ],
    ids=["turned-off", "fixed-return"],
)
def test_no_guess_where_the_spec_decides(tmp_path: Path, extensions: dict[str, Any]) -> None:
    body = obj(data=ITEMS, total=INT)
    params = [q("offset", "integer"), q("limit", "integer")]
    pagination, items, _ = build(tmp_path, params, body, None, **extensions)
    assert pagination is None
    assert items == []


def test_a_declared_pagination_is_not_warned_about(tmp_path: Path) -> None:
    declared = {"style": "offset", "items": "data", "offset": "offset", "limit": "limit"}
    pagination, items, _ = build(
        tmp_path,
        [q("offset", "integer"), q("limit", "integer")],
        obj(data=ITEMS),
        None,
        **{"x-sdk-pagination": declared},
    )
    assert pagination is not None and pagination.style == "offset"
    assert items == []


def test_a_malformed_pagination_is_warned_about_and_not_guessed_over(tmp_path: Path) -> None:
    pagination, items, _ = build(
        tmp_path,
        [q("offset", "integer"), q("limit", "integer")],
        obj(data=ITEMS),
        None,
        **{"x-sdk-pagination": {"style": "offset"}},
    )
    assert pagination is None
    assert [p for p, _ in items] == ["#/paths/~1things/get/x-sdk-pagination"]


def test_reading_a_page_model_s_shape_does_not_build_the_ir_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guessing (and the page object) read only the page model's field names and types, which
    do not depend on which readOnly fields are required: the IR is still built once (a second
    build is kept for reads that do depend on it, such as a waiter's type)."""
    import generator.ir.build as ir_build

    calls: list[object] = []
    real = ir_build._build_types

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(ir_build, "_build_types", counted)
    page = obj(data=ITEMS, total=INT, id={"type": "string", "readOnly": True})
    page["required"] = ["id"]
    pagination, _, _ = build(tmp_path, [q("page", "integer")], page)
    assert pagination is not None and pagination.page_class == "ListThingsPage"
    assert len(calls) == 1
