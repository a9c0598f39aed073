"""The conformance matrix, byte for byte: every parameter location x style x explode x value
type, and every kind of request body, sent by the package generated from tests/wire/matrix.yaml
through httpx.MockTransport, sync and async from one body. Each expected string is what the
OpenAPI style tables (RFC 6570) spell; where the specification is silent the README says what
is chosen. ``run`` also checks every request against the spec (tests/support/conformance.py)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.twins import Twin, both, run

COLOR = {"R": 100, "G": 200, "B": 150}


def _client(t: Twin, wire: ModuleType) -> Any:
    return t.client(wire, lambda request: httpx.Response(204))


def _target(t: Twin) -> str:
    """The request target as sent: path and query, undecoded."""
    return t.requests[-1].url.raw_path.decode("ascii")


def _send(wire: ModuleType, is_async: bool, call: Any, unchecked: str = "") -> Twin:
    """Run ``call(client)`` on a twin; return the twin with the request it recorded."""
    twins: list[Twin] = []

    async def body(t: Twin) -> None:
        t.unchecked = unchecked
        await t.call(call(_client(t, wire)))
        twins.append(t)

    run(is_async, body)
    return twins[0]


# -- path -----------------------------------------------------------------------------------------


@both
def test_path_primitives_simple_label_matrix(wire: ModuleType, is_async: bool) -> None:
    t = _send(wire, is_async, lambda c: c.path.path_primitive(5, "a b", True))
    assert _target(t) == "/api/path/5/.a%20b/;prim_matrix=true"


@both
def test_path_arrays_in_every_style_and_explode(wire: ModuleType, is_async: bool) -> None:
    v = ["x", "y/z"]
    t = _send(wire, is_async, lambda c: c.path.path_array(v, v, v, v, v, v), "prism checks it")
    assert (
        _target(t) == "/api/path-array/x,y%2Fz/x,y%2Fz/.x,y%2Fz/.x.y%2Fz/;m=x,y%2Fz/;mx=x;mx=y%2Fz"
    )


@both
def test_path_objects_in_every_style_and_explode(wire: ModuleType, is_async: bool) -> None:
    o = wire.models.Color(r=100, g=200, b=150)
    t = _send(wire, is_async, lambda c: c.path.path_object(o, o, o, o, o, COLOR), "prism checks it")
    assert _target(t) == (
        "/api/path-object/R,100,G,200,B,150/R=100,G=200,B=150/.R,100,G,200,B,150"
        "/.R=100.G=200.B=150/;m=R,100,G,200,B,150/;R=100;G=200;B=150"
    )


@both
def test_required_path_argument_given_none_is_refused(wire: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = _client(t, wire)
        with pytest.raises(wire.InvalidArgumentError) as caught:
            await t.call(client.path.path_primitive(None, "a", True))
        assert caught.value.field == "prim" and "prim" in str(caught.value)
        with pytest.raises(wire.InvalidArgumentError, match="lb"):
            await t.call(client.path.path_array(["a"], ["a"], [["nested"]], ["a"], ["a"], ["a"]))
        assert t.requests == []  # nothing was sent

    run(is_async, body)


# -- query ----------------------------------------------------------------------------------------


@both
def test_query_primitives_as_json_spells_them(wire: ModuleType, is_async: bool) -> None:
    t = _send(
        wire,
        is_async,
        lambda c: c.query.query_primitive(
            text="a&b c", flag=False, ratio=1.5, day=dt.date(2024, 2, 29), level="high"
        ),
    )
    assert (
        _target(t)
        == "/api/query/primitive?text=a%26b%20c&flag=false&ratio=1.5&day=2024-02-29&level=high"
    )


@both
def test_query_arrays_form_space_pipe(wire: ModuleType, is_async: bool) -> None:
    t = _send(
        wire,
        is_async,
        lambda c: c.query.query_array(
            form_x=[1, 2], form=[3, 4], space=["a", "b c"], pipe=["x", "y"], flags=[True, False]
        ),
    )
    assert _target(t) == (
        "/api/query/array?form_x=1&form_x=2&form=3,4&space=a%20b%20c&pipe=x|y"
        "&flags=true&flags=false"
    )


@both
def test_query_empty_array_is_left_out(wire: ModuleType, is_async: bool) -> None:
    t = _send(wire, is_async, lambda c: c.query.query_array(form_x=[], pipe=["only"]))
    assert _target(t) == "/api/query/array?pipe=only"


@both
def test_query_objects_form_and_deep_object(wire: ModuleType, is_async: bool) -> None:
    t = _send(
        wire,
        is_async,
        lambda c: c.query.query_object(
            color_x=COLOR, color=COLOR, filter=wire.models.Color(r=1, b=3)
        ),
    )
    assert _target(t) == (
        "/api/query/object?R=100&G=200&B=150&color=R,100,G,200,B,150&filter[R]=1&filter[B]=3"
    )


@both
def test_query_allow_reserved_and_json_content(wire: ModuleType, is_async: bool) -> None:
    t = _send(
        wire,
        is_async,
        lambda c: c.query.query_special(path="/a/b?c:d", plain="/a", where={"R": 1}),
    )
    assert _target(t) == "/api/query/special?path=/a/b?c:d&plain=%2Fa&where=%7B%22R%22%3A1%7D"


@both
def test_query_value_that_cannot_be_sent_is_refused(wire: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = _client(t, wire)
        with pytest.raises(wire.InvalidArgumentError, match="form_x"):
            await t.call(client.query.query_array(form_x=[[1]]))
        with pytest.raises(wire.InvalidArgumentError, match="ratio"):
            await t.call(client.query.query_primitive(ratio=float("nan")))
        assert t.requests == []

    run(is_async, body)


@both
def test_defaults_of_every_json_type_shown_and_sent(wire: ModuleType, is_async: bool) -> None:
    import inspect

    params = inspect.signature(wire.WireMatrixClient().query.query_defaults).parameters
    assert params["day"].default == dt.date(2024, 1, 1)
    assert params["amount"].default == 1.5
    assert params["level"].default is wire.Level.HIGH  # a default beside a $ref (3.1)
    assert params["maybe"].default is None and params["anything"].default == "x"
    t = _send(wire, is_async, lambda c: c.query.query_defaults())
    assert _target(t) == "/api/query/defaults?day=2024-01-01&amount=1.5&level=high&anything=x"


# -- header and cookie ----------------------------------------------------------------------------


@both
def test_headers_simple_style(wire: ModuleType, is_async: bool) -> None:
    t = _send(
        wire,
        is_async,
        lambda c: c.header.headers(
            x_text="hi",
            x_flag=True,
            x_ratio=0.5,
            x_tags=["a", "b"],
            x_color=COLOR,
            x_color_x=COLOR,
        ),
    )
    h = t.requests[-1].headers
    assert (h["X-Text"], h["X-Flag"], h["X-Ratio"], h["X-Tags"]) == ("hi", "true", "0.5", "a,b")
    assert h["X-Color"] == "R,100,G,200,B,150" and h["X-Color-X"] == "R=100,G=200,B=150"


def test_accept_content_type_authorization_parameters_are_ignored(wire: ModuleType) -> None:
    import inspect

    params = inspect.signature(wire.WireMatrixClient().header.headers).parameters
    assert "accept" not in params and "content_type" not in params
    assert "authorization" not in params


@both
def test_header_line_break_is_refused(wire: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        with pytest.raises(wire.InvalidArgumentError, match="x_tags"):
            await t.call(_client(t, wire).header.headers(x_text="a", x_tags=["a\r\nX: y"]))
        assert t.requests == []

    run(is_async, body)


@both
def test_cookies_form_style(wire: ModuleType, is_async: bool) -> None:
    t = _send(
        wire,
        is_async,
        lambda c: c.cookie.cookies(session="s 1", debug=False, prefs=["a", "b"], color=COLOR),
    )
    assert t.requests[-1].headers["Cookie"] == (
        "session=s%201; debug=false; prefs=a,b; color=R,100,G,200,B,150"
    )


# -- bodies ---------------------------------------------------------------------------------------


@both
def test_json_body_null_vs_omitted_and_extra_keys(wire: ModuleType, is_async: bool) -> None:
    t = _send(
        wire,
        is_async,
        lambda c: c.body.create_article(
            title="T",
            secret="s",
            published=None,
            additional_properties={"x-extra": 1, "title": "no"},
        ),
    )
    assert t.requests[-1].headers["Content-Type"] == "application/json"
    assert json.loads(t.requests[-1].content) == {
        "x-extra": 1, "title": "T", "published": None, "secret": "s"
    }  # fmt: skip


@both
def test_patch_sends_null_to_clear_and_nothing_when_nothing_given(
    wire: ModuleType, is_async: bool
) -> None:
    t = _send(wire, is_async, lambda c: c.body.patch(note=None))
    assert t.requests[-1].content == b'{"note":null}'
    assert t.requests[-1].headers["Content-Type"] == "application/merge-patch+json"
    t = _send(wire, is_async, lambda c: c.body.patch())
    assert t.requests[-1].content == b"" and "Content-Type" not in t.requests[-1].headers


@both
def test_required_through_all_of_sibling_or_undeclared(wire: ModuleType, is_async: bool) -> None:
    import inspect

    params = inspect.signature(wire.WireMatrixClient().body.add_label).parameters
    assert all(params[n].default is inspect.Parameter.empty for n in ("r", "g", "alpha"))
    assert params["b"].default is None
    t = _send(wire, is_async, lambda c: c.body.add_label(r=1, g=2, alpha=0.5))
    assert json.loads(t.requests[-1].content) == {"R": 1, "G": 2, "alpha": 0.5}


@both
def test_model_body_never_sends_read_only(wire: ModuleType, is_async: bool) -> None:
    article = wire.models.Article.from_dict({"id": "a1", "title": "T", "secret": "s"})
    assert article.id == "a1" and article.to_dict()["id"] == "a1"  # read back as it came
    t = _send(wire, is_async, lambda c: c.body.replace_article(article))
    assert json.loads(t.requests[-1].content) == {"title": "T", "secret": "s"}


@both
def test_request_model_to_dict_null_vs_unset(wire: ModuleType, is_async: bool) -> None:
    settings = wire.models.Settings(theme=None, size=2)
    assert settings.updated is wire.NOT_GIVEN
    assert settings.to_dict() == {"theme": None, "size": 2}
    t = _send(wire, is_async, lambda c: c.body.put_settings(settings))
    assert t.requests[-1].content == b'{"theme":null,"size":2}'
    when = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    back = wire.models.Settings.from_dict({"theme": "dark", "updated": "2024-01-02T03:04:05Z"})
    assert (back.theme, back.updated, back.size) == ("dark", when, None)
    assert wire.models.Settings.from_dict({"updated": None}).updated is None


@both
def test_free_form_body_is_one_mapping(wire: ModuleType, is_async: bool) -> None:
    t = _send(wire, is_async, lambda c: c.body.echo(body={"anything": [1, {"a": None}]}))
    assert json.loads(t.requests[-1].content) == {"anything": [1, {"a": None}]}


@both
def test_form_body_with_per_property_encoding(wire: ModuleType, is_async: bool) -> None:
    t = _send(
        wire,
        is_async,
        lambda c: c.body.submit_form(name="A B", flag=True, ids=[1, 2], filter={"R": 1, "G": 2}),
    )
    request = t.requests[-1]
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.content == b"name=A%20B&flag=true&ids=1%2C2&filter[R]=1&filter[G]=2"


@both
def test_several_media_types_first_by_default_others_chosen(
    wire: ModuleType, is_async: bool
) -> None:
    def add(content_type: str = "") -> Any:
        chosen = {"content_type": content_type} if content_type else {}
        return lambda c: c.body.add_contact(name="A B", ids=[1, 2], **chosen)

    request = _send(wire, is_async, add()).requests[-1]
    assert request.headers["Content-Type"] == "application/json"
    assert request.content == b'{"name":"A B","ids":[1,2]}'
    request = _send(wire, is_async, add("application/x-www-form-urlencoded")).requests[-1]
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.content == b"name=A%20B&ids=1&ids=2"
    request = _send(wire, is_async, add("multipart/form-data")).requests[-1]
    assert _parts(request) == [
        ('Content-Disposition: form-data; name="name"', "A B"),
        ('Content-Disposition: form-data; name="ids"', "1"),
        ('Content-Disposition: form-data; name="ids"', "2"),
    ]


def _parts(request: httpx.Request) -> list[tuple[str, str]]:
    """Each part's headers and content, with the random boundary taken out."""
    boundary = request.headers["Content-Type"].split("boundary=")[1].encode()
    chunks = request.content.split(b"--" + boundary)[1:-1]
    return [tuple(c.strip(b"\r\n").decode().split("\r\n\r\n", 1)) for c in chunks]  # type: ignore[misc]


@both
def test_multipart_files_lists_objects_and_part_types(
    wire: ModuleType, is_async: bool, tmp_path: Path
) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"from a path")
    t = _send(
        wire,
        is_async,
        lambda c: c.body.upload(
            file=("a.bin", b"\x00\x01", "application/octet-stream"),
            attachments=[doc, io.BytesIO(b"stream")],
            meta=wire.models.Color(r=1),
            labels=["x", "y"],
            count=3,
            notes="# hi",
        ),
    )
    assert t.requests[-1].headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert _parts(t.requests[-1]) == [
        ('Content-Disposition: form-data; name="file"; filename="a.bin"\r\n'
         "Content-Type: application/octet-stream", "\x00\x01"),
        ('Content-Disposition: form-data; name="attachments"; filename="doc.txt"\r\n'
         "Content-Type: text/plain", "from a path"),
        ('Content-Disposition: form-data; name="attachments"; filename="upload"\r\n'
         "Content-Type: application/octet-stream", "stream"),
        ('Content-Disposition: form-data; name="meta"\r\n'
         "Content-Type: application/json", '{"R":1}'),
        ('Content-Disposition: form-data; name="labels"', "x"),
        ('Content-Disposition: form-data; name="labels"', "y"),
        ('Content-Disposition: form-data; name="count"', "3"),
        ('Content-Disposition: form-data; name="notes"\r\nContent-Type: text/markdown', "# hi"),
    ]  # fmt: skip


@both
def test_binary_body_streamed_with_its_content_type(
    wire: ModuleType, is_async: bool, tmp_path: Path
) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\xff" * 70_000)  # more than one chunk
    for value, expected in (
        (b"raw", b"raw"),
        (blob, b"\xff" * 70_000),
        (io.BytesIO(b"file"), b"file"),
        (iter([b"it", b"er"]), b"iter"),
    ):
        t = _send(wire, is_async, lambda c, v=value: c.body.put_blob(content=v))
        request = t.requests[-1]
        assert request.headers["Content-Type"] == "application/octet-stream"
        assert request.content == expected


@both
def test_text_body_with_its_content_type(wire: ModuleType, is_async: bool) -> None:
    t = _send(wire, is_async, lambda c: c.body.put_note(content="héllo"))
    assert t.requests[-1].headers["Content-Type"] == "text/plain"
    assert t.requests[-1].content == "héllo".encode()


def test_read_only_never_an_argument_write_only_required(wire: ModuleType) -> None:
    import inspect

    params = inspect.signature(wire.WireMatrixClient().body.create_article).parameters
    assert "id" not in params  # readOnly: never sent
    assert params["secret"].default is inspect.Parameter.empty  # writeOnly and required
    assert params["published"].default is wire.NOT_GIVEN  # nullable: None sends null
