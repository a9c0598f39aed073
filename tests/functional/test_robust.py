"""The package generated from tests/golden/robust/spec.yaml: constructs real-world specs use
(colliding and hostile names, odd enums, boolean schemas, many content types, unions) all
generate a package whose every module imports and every operation works."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from generator.pipeline import build

SPEC = Path(__file__).parent.parent / "golden" / "robust" / "spec.yaml"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def client(robust: ModuleType, body: Any, status: int = 200, **headers: str) -> Any:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(status, content=json.dumps(body).encode(), headers=headers)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    made = robust.RobustClient(http_client=http, max_retries=0)
    made.sent = sent
    return made


def test_every_module_imports(robust: ModuleType) -> None:
    names = [m.name for m in pkgutil.walk_packages(robust.__path__, "robust.")]
    assert len(names) > 30
    for name in names:
        if "mock" not in name:  # the mock extra needs optional dependencies
            importlib.import_module(name)


def test_every_operation_is_generated() -> None:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    items = [item for path, item in spec["paths"].items() if path.startswith("/")]
    assert len(items) < len(spec["paths"])  # an extension among the paths
    present = sum(m in item for item in items for m in METHODS)
    package = build(SPEC, "robust").package
    assert sum(len(r.operations) for r in package.resources) == present == 11


def test_loose_types_are_warned_with_their_pointer() -> None:
    warnings = {(w.location.pointer, w.message) for w in build(SPEC, "robust").warnings}
    assert warnings == {
        ("#/components/schemas/Client/properties/never", "schema is not an object; typed as Any"),
        (
            "#/components/schemas/AllOfOne/allOf/1",
            "oneOf/anyOf inside allOf; its properties are kept as extra fields",
        ),
    }


def test_colliding_parameter_names_keep_their_wire_names(robust: ModuleType) -> None:
    api = client(robust, {"class": "c", "from": "f", "Type": 3, "": "e", "名前": "n"})
    result = api.client.class_(
        "x/y", self_="s", type="t1", type_2="t2", type_3="h", value="v", body_="b", client="c"
    )
    (request,) = api.sent
    assert request.url.raw_path.decode() == "/class/x%2Fy?self=s&type=t1&Type=t2&=v&body=b&client=c"
    assert request.headers["type"] == "h"
    assert (result.class_, result.from_, result.type_2, result.value) == ("c", "f", 3, "e")
    assert result["名前"] == "n" and result.to_dict()["from"] == "f"


def test_duplicate_and_empty_enum_values_are_distinct_members(robust: ModuleType) -> None:
    from robust.models.response_status import ResponseStatus

    assert [m.value for m in ResponseStatus] == ["", "a", "A", "-", "+"]
    assert len({m.name for m in ResponseStatus}) == 5
    api = client(robust, {"status": "", "n": -1, "b": False, "f": 2})
    result = api.client.class_2("id", status="A", b=True)
    assert result.status is ResponseStatus.EMPTY and result.b is False and result.f == 2.0
    assert json.loads(api.sent[0].content) == {"status": "A", "b": True}


def test_union_request_body_takes_each_variant(robust: ModuleType) -> None:
    from robust.models.self import Self

    for body, wire in [
        (Self(self_=Self()), {"self": {}}),
        ([Self()], [{}]),
        ("text", "text"),
    ]:
        api = client(robust, {"anything": [1]}, status=201)
        assert api.default.post_union(body=body) == {"anything": [1]}  # `true` schema: Any
        assert json.loads(api.sent[0].content) == wire


def test_vendor_json_and_star_content_types_decode(robust: ModuleType) -> None:
    api = client(robust, {"Type": 1}, **{"content-type": "application/vnd.api+json"})
    assert api.client.class_("a").type_2 == 1


def test_deep_inline_schemas_decode(robust: ModuleType) -> None:
    deep = {"a": {"b": [{"c": {"k": [{"d": "s"}, {"d": {"e": 5}}]}}]}}
    result = client(robust, deep).default.deep()
    values = result.a.b[0].c["k"]
    assert values[0].d == "s" and values[1].d.e == 5
    assert result.to_dict() == deep


def test_async_twin_of_colliding_operation(robust: ModuleType) -> None:
    async def run() -> Any:
        http = httpx.AsyncClient(
            transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"class": "k"}))
        )
        async with robust.AsyncRobustClient(http_client=http) as api:
            return await api.client.class_("a")

    assert asyncio.run(run()).class_ == "k"


def test_names_of_the_package_itself_stay_its_own(robust: ModuleType) -> None:
    api = client(robust, {"x": "m"})
    assert api.rate_limit is None  # the client's member, not the `rate_limit` namespace
    stream = api.rate_limit_.get_user("u1")  # a model named Stream, not the runtime's
    assert type(stream).__name__ == "Stream_2" and stream.x == "m"
    model = api.close_.get_user("a b", id_2="q", id_3="body-id", timeout_=5, extra_headers_="e")
    assert type(model).__module__ == "robust.models.robust_client" and model.x == "m"
    assert api.sent[-1].url.raw_path == b"/tags/a%20b?id=q"
    assert json.loads(api.sent[-1].content) == {"id": "body-id", "timeout": 5, "extra_headers": "e"}
    with pytest.raises(robust.NotFoundError):
        client(robust, {"x": "gone"}, status=404).close_.get_user("a")
    with pytest.raises(robust.RobustError) as caught:
        client(robust, {"x": "bad"}, status=422).close_.get_user("a")
    assert not isinstance(caught.value, robust.InvalidArgumentError)  # that is for arguments
    api.close()


def test_package_passes_mypy_strict(robust: ModuleType, tmp_path: Path) -> None:
    package = Path(robust.__path__[0])
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, str(package)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_union_of_nullable_variants_decodes_each(robust: ModuleType) -> None:
    from robust.models.nullable_variants import decode_NullableVariants

    for value in (None, "s", 3, ["a"]):
        assert decode_NullableVariants(value) == value


def test_plain_json_results_are_returned_as_sent(robust: ModuleType) -> None:
    assert client(robust, {"a": "b"}).default.plain() == {"a": "b"}
    assert client(robust, ["x"], status=201).default.plain() == ["x"]
    api = client(robust, None)
    assert api.default.plain_list(cast_="c") is None
    assert api.sent[0].url.params["cast"] == "c"
