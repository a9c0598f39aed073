"""The conformance matrix, continued: multipart parts with the headers their ``encoding``
declares (and a ``Part`` of the caller's own), models nested in flattened arguments sent in the
request direction (readOnly left out at any depth), and array, object and date-time defaults
shown in signatures. Exact bytes through httpx.MockTransport, sync and async from one body."""

from __future__ import annotations

import datetime as dt
import inspect
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.twins import Twin, both, run


def _client(t: Twin, wire: ModuleType) -> Any:
    return t.client(wire, lambda request: httpx.Response(204))


def _send(wire: ModuleType, is_async: bool, call: Any, unchecked: str = "") -> httpx.Request:
    sent: list[httpx.Request] = []

    async def body(t: Twin) -> None:
        t.unchecked = unchecked
        await t.call(call(_client(t, wire)))
        sent.append(t.requests[-1])

    run(is_async, body)
    return sent[0]


def _parts(request: httpx.Request) -> list[tuple[str, str]]:
    """Each part's headers and content, with the random boundary taken out."""
    boundary = request.headers["Content-Type"].split("boundary=")[1].encode()
    chunks = request.content.split(b"--" + boundary)[1:-1]
    return [tuple(c.strip(b"\r\n").decode().split("\r\n\r\n", 1)) for c in chunks]  # type: ignore[misc]


# -- multipart part headers -----------------------------------------------------------------------


@both
def test_part_headers_fixed_default_and_given(wire: ModuleType, is_async: bool) -> None:
    request = _send(
        wire,
        is_async,
        lambda c: c.body.upload_avatar(
            image=b"PNG",
            image_headers={"X-Rate-Limit": 5, "X-Origin": "cli"},
            thumbnails=[
                wire.Part(b"t1", filename="t1.jpg", headers={"X-Seq": "1"}),
                wire.Part(io.BytesIO(b"t2"), filename="t2.jpg", headers={"X-Seq": "2"}),
            ],
            meta=wire.models.Color(r=1),
            caption="hi",
        ),
    )
    assert _parts(request) == [
        ('Content-Disposition: form-data; name="image"; filename="upload"\r\n'
         "X-Origin: cli\r\nX-Kind: avatar\r\nX-Version: 2\r\nX-Rate-Limit: 5\r\n"
         "Content-Type: image/png", "PNG"),
        ('Content-Disposition: form-data; name="thumbnails"; filename="t1.jpg"\r\n'
         "X-Seq: 1\r\nContent-Type: image/jpeg", "t1"),
        ('Content-Disposition: form-data; name="thumbnails"; filename="t2.jpg"\r\n'
         "X-Seq: 2\r\nContent-Type: image/jpeg", "t2"),
        ('Content-Disposition: form-data; name="meta"\r\nX-Schema: color-v1\r\n'
         "Content-Type: application/vnd.color+json", '{"R":1}'),
        ('Content-Disposition: form-data; name="caption"', "hi"),
    ]  # fmt: skip


@both
def test_part_headers_for_every_item_and_a_part_of_ones_own(
    wire: ModuleType, is_async: bool, tmp_path: Path
) -> None:
    thumb = tmp_path / "small.jpg"
    thumb.write_bytes(b"jpeg")
    request = _send(
        wire,
        is_async,
        lambda c: c.body.upload_avatar(
            image=wire.Part(b"img", filename="me.png", headers={"X-Origin": "mine"}),
            thumbnails=[thumb, b"raw"],
            thumbnails_headers={"X-Seq": 9},
        ),
    )
    assert _parts(request) == [
        ('Content-Disposition: form-data; name="image"; filename="me.png"\r\n'
         "X-Origin: mine\r\nX-Kind: avatar\r\nX-Version: 2\r\nContent-Type: image/png", "img"),
        ('Content-Disposition: form-data; name="thumbnails"; filename="small.jpg"\r\n'
         "X-Seq: 9\r\nContent-Type: image/jpeg", "jpeg"),
        ('Content-Disposition: form-data; name="thumbnails"; filename="upload"\r\n'
         "X-Seq: 9\r\nContent-Type: image/jpeg", "raw"),
    ]  # fmt: skip


@both
def test_required_part_header_missing_is_refused(wire: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = _client(t, wire)
        with pytest.raises(wire.InvalidArgumentError, match="X-Seq") as caught:
            await t.call(client.body.upload_avatar(image=b"i", thumbnails=[b"t"]))
        assert caught.value.field == "thumbnails_headers"
        with pytest.raises(wire.InvalidArgumentError, match="line break"):
            await t.call(
                client.body.upload_avatar(image=b"i", image_headers={"X-Rate-Limit": "1\r\nX: y"})
            )
        assert t.requests == []

    run(is_async, body)


def test_part_headers_documented_and_content_type_ignored(wire: ModuleType) -> None:
    method = wire.WireMatrixClient().body.upload_avatar
    params = inspect.signature(method).parameters
    assert params["image_headers"].default is None and "caption_headers" not in params
    doc = method.__doc__ or ""
    assert "``X-Rate-Limit`` (integer)" in doc and "``X-Seq`` (integer, required)" in doc
    assert "Content-Type" not in doc.split("image_headers:")[1].split("thumbnails")[0]
    assert "secret" not in repr(wire.Part(b"secret", filename="a.png"))  # content never shown


# -- models nested in flattened arguments ---------------------------------------------------------


def _person(wire: ModuleType, name: str) -> Any:
    # As read back from the server (readOnly ids set, at two depths; the writeOnly password,
    # required in requests, never comes back), then given the password to send it again.
    person = wire.models.Person.from_dict(
        {"id": f"p-{name}", "name": name, "pet": {"id": 7, "name": "rex"}}
    )
    person.password = "pw"
    return person


@both
def test_flattened_models_never_send_read_only(wire: ModuleType, is_async: bool) -> None:
    lead, member = _person(wire, "ann"), _person(wire, "bob")
    assert lead.to_dict()["id"] == "p-ann"  # the model keeps what it was read with
    request = _send(
        wire,
        is_async,
        lambda c: c.body.create_team(
            lead=lead,
            members=[member, {"name": "cy", "id": "x", "password": "pw"}],
            by_role={"cto": member},
        ),
    )
    bob = {"name": "bob", "password": "pw", "pet": {"name": "rex"}}
    assert json.loads(request.content) == {
        "lead": {"name": "ann", "password": "pw", "pet": {"name": "rex"}},
        # A plain dict is sent as given: the caller wrote it, nothing was read back.
        "members": [bob, {"name": "cy", "id": "x", "password": "pw"}],
        "by_role": {"cto": bob},
    }


@both
def test_models_in_query_and_parts_never_send_read_only(wire: ModuleType, is_async: bool) -> None:
    pet = wire.models.Pet.from_dict({"id": 7, "name": "rex"})
    request = _send(wire, is_async, lambda c: c.query.find_team(who=pet, pet=pet))
    assert request.url.raw_path == b"/api/teams/query?who[name]=rex&name=rex"
    request = _send(
        wire,
        is_async,
        lambda c: c.body.upload_team(members=[_person(wire, "ann")], lead=_person(wire, "bob")),
    )
    assert _parts(request) == [
        ('Content-Disposition: form-data; name="members"\r\nContent-Type: application/json',
         '{"name":"ann","password":"pw","pet":{"name":"rex"}}'),
        ('Content-Disposition: form-data; name="lead"\r\nContent-Type: application/json',
         '{"name":"bob","password":"pw","pet":{"name":"rex"}}'),
    ]  # fmt: skip


def test_write_only_never_expected_back(wire: ModuleType) -> None:
    # password is required and writeOnly: required when sending, never when reading.
    back = wire.models.Person.from_dict({"id": "p1", "name": "ann"})
    assert back.password is None and back.id == "p1"


# -- defaults of every JSON type ------------------------------------------------------------------


def test_array_date_time_and_union_defaults_in_signatures(wire: ModuleType) -> None:
    query = wire.WireMatrixClient().query.query_container_defaults
    params = inspect.signature(query).parameters
    assert params["tags"].default == ("a", "b") and params["one"].default == (7,)
    assert params["levels"].default == (wire.Level.LOW, wire.Level.HIGH)
    utc = dt.timezone.utc
    assert params["since"].default == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=utc)
    plus_one = dt.timezone(dt.timedelta(hours=1))
    assert params["stamp"].default == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=plus_one)
    assert "Sequence[str]" in str(params["tags"].annotation)
    # An object has no immutable literal: left out (the server applies it), documented.
    assert params["opts"].default is None
    assert 'opts Default: ``{"a": 1}`` (the server\'s' in (query.__doc__ or "")
    body = inspect.signature(wire.WireMatrixClient().body.post_defaults).parameters
    assert body["tags"].default == ("x",) and body["opts"].default is None


@both
def test_array_and_date_time_defaults_sent(wire: ModuleType, is_async: bool) -> None:
    request = _send(wire, is_async, lambda c: c.query.query_container_defaults())
    assert request.url.raw_path == (
        b"/api/query/container-defaults?tags=a&tags=b&one=7&levels=low&levels=high"
        b"&since=2024-01-02T03%3A04%3A05%2B00%3A00&stamp=2024-01-02T03%3A04%3A05%2B01%3A00"
    )
    request = _send(wire, is_async, lambda c: c.query.query_container_defaults(tags=["z"], one=[]))
    assert request.url.raw_path.startswith(b"/api/query/container-defaults?tags=z&levels=low")
    request = _send(wire, is_async, lambda c: c.body.post_defaults())
    assert json.loads(request.content) == {"tags": ["x"], "since": "2024-01-02T03:04:05+00:00"}


def test_part_refuses_header_values_that_would_split_the_part(wire: ModuleType) -> None:
    with pytest.raises(ValueError, match="X-Seq"):
        wire.Part(b"x", headers={"X-Seq": "1\r\nX-Evil: 1"})
    with pytest.raises(ValueError, match="X-Seq"):
        wire.Part(b"x", headers={"X-Seq": 1})
