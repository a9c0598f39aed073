"""The smoke tests ``sdkgen generate --tests`` writes are valid requests: on tests/wire/samples.yaml
(patterns, ``$ref`` wrapped in ``allOf``, formats, 3.0 boolean exclusive bounds, multipleOf:
the schemas where plain samples broke the schema in bench/prism_corpus.py's run), every smoke
call is accepted by Stoplight Prism validating it against the spec. And an AWS-style path key
with a ``#fragment`` sends its query string (the fragment is not part of the request)."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from tests.support.live import prism
from tests.support.packages import client_class, import_package
from tests.support.twins import Twin, both, run

SPEC = Path(__file__).parent / "samples.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    """The package and its generated smoke-test module."""
    from generator.pipeline import generate

    out = tmp_path_factory.mktemp("samples") / "sdk"
    generate(SPEC, out, "wire_samples", tests=True)
    package = import_package(out / "src", "wire_samples")
    path = out / "tests" / "test_wire_samples_smoke.py"
    spec = importlib.util.spec_from_file_location("wire_samples_smoke", path)
    assert spec is not None and spec.loader is not None
    smoke = importlib.util.module_from_spec(spec)
    sys.modules["wire_samples_smoke"] = smoke
    spec.loader.exec_module(smoke)
    return package, smoke


@pytest.fixture(scope="module")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Prism 5.14.2 routes no path key with a "#fragment" (its 404 names the path without it);
    # it validates the same operation under the path the request is sent to.
    document = yaml.safe_load(SPEC.read_text())
    document["paths"] = {key.split("#")[0] + ("/untag" if "#" in key else ""): item
                         for key, item in document["paths"].items()}  # fmt: skip
    path = tmp_path_factory.mktemp("prism") / "samples.yaml"
    path.write_text(yaml.safe_dump(document))
    with prism(path) as url:
        yield url


@both
@pytest.mark.parametrize(
    "call", ["default.get_store", "default.create_store", "default.tag_store", "default.put_logo"]
)
def test_prism_accepts_every_smoke_call(
    generated: tuple[ModuleType, ModuleType], prism_url: str, call: str, is_async: bool
) -> None:
    package, smoke = generated
    sent: list[httpx.Request] = []

    async def body() -> None:
        hooks: Any = {"request": [_record(sent, is_async)]}
        http: Any = (httpx.AsyncClient if is_async else httpx.Client)(event_hooks=hooks)
        client = client_class(package, is_async)(
            base_url=prism_url, http_client=http, max_retries=0, api_key="k"
        )
        try:
            result = smoke.CALLS[call](client)
            if is_async:
                await result
        finally:
            await http.aclose() if is_async else http.close()

    try:
        asyncio.run(body())
    except package.APIError as exc:  # Prism's 4xx lists what the spec does not allow
        pytest.fail(f"Prism refused {call}: {exc.status_code} {exc.body}")
    assert len(sent) == 1 and sent[0].headers["x-api-key"] == "k"


def test_smoke_arguments_are_the_schema_s(generated: tuple[ModuleType, ModuleType]) -> None:
    _, smoke = generated
    source = Path(smoke.__file__).read_text()
    assert '"0000000000", account="AC00000000000000000000000000000000", page=5' in source
    assert 'view="summary/full"' in source  # the spec's example breaks its enum: not used
    assert 'tags=[{"key": "Aaa", "value": "v0"}]' in source
    assert 'address="192.0.2.1"' in source and "ratio=0.25" in source
    assert 'tag_store("0000000000", tags={"key1": "v0"})' in source  # minProperties: 1
    assert 'put_logo("0000000000", content=b"example")' in source  # a raw body: bytes
    # A list of files for a multipart array of binaries; a pattern padded to its minLength.
    # (Prism 5.14.2 reads repeated multipart parts as no array: checked by bytes, not by Prism.)
    assert '"000000000000", files_=[("example.txt", b"Hello")]' in source


@both
def test_fragment_path_sends_its_query(
    generated: tuple[ModuleType, ModuleType], is_async: bool
) -> None:
    package, _ = generated

    async def body(twin: Twin) -> None:
        client = twin.client(package, lambda r: httpx.Response(204), base_url="http://api.test")
        await twin.call(client.default.untag_store("0123456789", tag_keys=["ka", "kb"]))
        (request,) = twin.requests
        assert request.method == "DELETE"
        assert request.url.raw_path == b"/stores/0123456789?tagKeys=ka&tagKeys=kb"
        assert request.url.fragment == ""

    run(is_async, body)


@both
def test_fragment_path_in_mock_mode(
    generated: tuple[ModuleType, ModuleType], is_async: bool
) -> None:
    package, smoke = generated

    async def body() -> None:
        client = client_class(package, is_async)(mock_mode=True)
        result = smoke.CALLS["default.untag_store"](client)
        assert (await result if is_async else result) is None

    asyncio.run(body())


def _record(sent: list[httpx.Request], is_async: bool) -> Any:
    def hook(request: httpx.Request) -> None:
        sent.append(request)

    async def ahook(request: httpx.Request) -> None:
        sent.append(request)

    return ahook if is_async else hook
