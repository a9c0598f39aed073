"""The package's own mock (``mock_mode=True``) reads parameters per their style too
(generator/mock/_styles.py), so the matrix's calls pass its checks and a value off the spec is
still refused. (The mock checks one media type per operation: ``content_type=`` alternatives are
left to the byte tests and Prism.)"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from tests.support.packages import client_class
from tests.support.twins import both

CALLS: dict[str, Callable[[Any], Any]] = {
    "path primitive": lambda c: c.path.path_primitive(5, "a b", True),
    "path array": lambda c: c.path.path_array(*[["x", "y"]] * 6),
    "path object": lambda c: c.path.path_object(*[{"R": 1, "G": 2}] * 6),
    "query array": lambda c: c.query.query_array(
        form_x=[1, 2], form=[3, 4], space=["a", "b"], pipe=["x", "y"], flags=[True]
    ),
    "query object": lambda c: c.query.query_object(color={"G": 2}, filter={"R": 1}),
    "headers": lambda c: c.header.headers(
        x_text="a", x_tags=["a", "b"], x_color={"R": 1}, x_color_x={"G": 2}, x_flag=True
    ),
    "form": lambda c: c.body.submit_form(name="A", ids=[1, 2], filter={"R": 1}),
    "multipart": lambda c: c.body.upload(file=b"x", attachments=[b"a"], labels=["p"]),
    "binary": lambda c: c.body.put_blob(content=iter([b"a"])),
    "patch": lambda c: c.body.patch(note=None),
}


def _run(wire: ModuleType, is_async: bool, call: Callable[[Any], Any]) -> None:
    async def go() -> None:
        client = client_class(wire, is_async)(mock_mode=True)
        result = call(client)
        if is_async:
            await result
            await client.close()
        else:
            client.close()

    asyncio.run(go())


@both
@pytest.mark.parametrize("case", sorted(CALLS))
def test_mock_accepts_styled_values(wire: ModuleType, case: str, is_async: bool) -> None:
    _run(wire, is_async, CALLS[case])


@both
def test_mock_still_refuses_values_off_the_spec(wire: ModuleType, is_async: bool) -> None:
    with pytest.raises(wire.BadRequestError, match="form"):
        _run(wire, is_async, lambda c: c.query.query_array(form=["x"]))  # integers
