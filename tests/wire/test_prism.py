"""The conformance matrix's calls judged by an independent validator: Stoplight Prism
(``prism mock --errors``, tests/support/live.py) answers a request the spec does not allow with
a 4xx listing the violations, which the client raises; every call here must come back 2xx.
Prism reads path, query, header and cookie styles and validates JSON, form and multipart bodies
against tests/wire/matrix.yaml, so this checks the serialisation rules the byte tests pin
against an implementation nobody here wrote.

Where Prism 5.14.2 itself departs from OpenAPI, the call is left to the byte tests and the
FastAPI app instead: array and object path parameters crash its deserialiser (a TypeError in
``deserializers/style/simple.js`` that takes the server down); it requires ``Accept``,
``Content-Type`` and ``Authorization`` header parameters that OpenAPI says to ignore (so it is
given the matrix without them); and it reads neither repeated multipart parts nor a form body's
repeated keys (form style, exploded: the default) as an array, nor a JSON part as an object."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from tests.support.live import prism
from tests.support.twins import both

MATRIX_CALLS: dict[str, Callable[[Any, ModuleType], Any]] = {
    "path primitive": lambda c, m: c.path.path_primitive(5, "a b", True),
    "query primitive": lambda c, m: c.query.query_primitive(
        text="a&b c", flag=False, ratio=1.5, day=dt.date(2024, 2, 29), level="high"
    ),
    "query array": lambda c, m: c.query.query_array(
        form_x=[1, 2], form=[3, 4], space=["a", "b"], pipe=["x", "y"], flags=[True, False]
    ),
    "query object": lambda c, m: c.query.query_object(
        color_x={"R": 1}, color={"G": 2}, filter=m.models.Color(r=1, b=3)
    ),
    "query special": lambda c, m: c.query.query_special(path="/a/b", plain="/a", where={"R": 1}),
    "headers": lambda c, m: c.header.headers(
        x_text="hi",
        x_flag=True,
        x_ratio=0.5,
        x_tags=["a", "b"],
        x_color={"R": 1},
        x_color_x={"G": 2},
    ),
    "cookies": lambda c, m: c.cookie.cookies(
        session="s1", debug=False, prefs=["a", "b"], color={"R": 1}
    ),
    "json body": lambda c, m: c.body.create_article(
        title="T", secret="s", published=None, rating=2.5, additional_properties={"x": 1}
    ),
    "patch null": lambda c, m: c.body.patch(note=None, count=1),
    "patch nothing": lambda c, m: c.body.patch(),
    "free-form body": lambda c, m: c.body.echo(body={"anything": [1, None]}),
    "form body": lambda c, m: c.body.submit_form(
        name="A B", flag=True, ids=[1, 2], filter={"R": 1, "G": 2}
    ),
    "multipart": lambda c, m: c.body.upload(
        file=io.BytesIO(b"\x00\x01"), title="t", count=3, notes="# hi"
    ),
    "media json": lambda c, m: c.body.add_contact(name="A", ids=[1, 2]),
    "media form": lambda c, m: c.body.add_contact(
        name="A B", flag=True, content_type="application/x-www-form-urlencoded"
    ),
    "allOf required": lambda c, m: c.body.add_label(r=1, g=2, alpha=0.5),
    "model body": lambda c, m: c.body.replace_article(
        m.models.Article.from_dict({"id": "a1", "title": "T", "secret": "s"})
    ),
    "binary body": lambda c, m: c.body.put_blob(content=iter([b"ab", b"cd"])),
    "text body": lambda c, m: c.body.put_note(content="héllo"),
    "part headers": lambda c, m: c.body.upload_avatar(
        image=m.Part(b"png", filename="a.png"), image_headers={"X-Rate-Limit": 5}, caption="hi"
    ),
    "nested read-only": lambda c, m: c.body.create_team(
        lead=m.models.Person.from_dict(
            {"id": "p1", "name": "ann", "password": "pw", "pet": {"id": 1, "name": "r"}}
        ),
        members=[m.models.Person.from_dict({"id": "p2", "name": "bob", "password": "pw"})],
        by_role={"cto": m.models.Person(name="cy", password="pw")},
    ),
    "container defaults": lambda c, m: c.query.query_container_defaults(),
    "body defaults": lambda c, m: c.body.post_defaults(),
    "query models": lambda c, m: c.query.find_team(
        who=m.models.Pet.from_dict({"id": 1, "name": "rex"}),
        pet=m.models.Pet.from_dict({"id": 1, "name": "rex"}),
    ),
}


@pytest.fixture(scope="module")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    spec = yaml.safe_load((Path(__file__).parent / "matrix.yaml").read_text())
    headers = spec["paths"]["/headers"]["get"]
    headers["parameters"] = [
        p
        for p in headers["parameters"]
        if p["name"] not in ("Accept", "Content-Type", "Authorization")
    ]
    path = tmp_path_factory.mktemp("prism") / "matrix.yaml"
    path.write_text(yaml.safe_dump(spec))
    with prism(path) as url:
        yield url


@both
@pytest.mark.parametrize("case", sorted(MATRIX_CALLS))
def test_prism_accepts_the_call(
    wire: ModuleType, prism_url: str, case: str, is_async: bool
) -> None:
    import asyncio

    from tests.support.packages import client_class

    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> None:
        sent.append(request)

    async def call() -> None:
        cls = client_class(wire, is_async)
        if is_async:
            http = httpx.AsyncClient(event_hooks={"request": [_async(record)]})
            client = cls(base_url=prism_url, http_client=http, max_retries=0)
            await MATRIX_CALLS[case](client, wire)
            await http.aclose()
        else:
            with httpx.Client(event_hooks={"request": [record]}) as http:
                client = cls(base_url=prism_url, http_client=http, max_retries=0)
                MATRIX_CALLS[case](client, wire)

    try:
        asyncio.run(call())
    except wire.WireMatrixError as exc:  # Prism's 4xx lists what the spec does not allow
        pytest.fail(f"Prism refused {case}: {exc.status_code} {exc.body}")
    assert len(sent) == 1


def _async(hook: Callable[[httpx.Request], None]) -> Callable[[httpx.Request], Any]:
    async def wrapped(request: httpx.Request) -> None:
        hook(request)

    return wrapped
