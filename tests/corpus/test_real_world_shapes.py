"""Regressions for what the real-world corpus (``make corpus``) found, each reduced to a
minimal spec: generated, type-checked where the bug was a type error, and driven on the wire
through httpx's MockTransport, sync and async."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.support.packages import generate_and_import, mypy_strict_problems
from tests.support.twins import Twin, both, run

SPECS = Path(__file__).parent / "specs"


@pytest.fixture(scope="module")
def free_form(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Path]:
    out = tmp_path_factory.mktemp("free_form")
    return generate_and_import(SPECS / "free_form_bodies.yaml", out, "free_form"), out / "free_form"


def test_free_form_bodies_type_check(free_form: tuple[ModuleType, Path]) -> None:
    """Kubernetes: a multi-media body with nothing to flatten named an undefined ``body``
    (mypy: name-defined; a NameError when called)."""
    assert mypy_strict_problems(free_form[1]) == ""


@both
def test_a_body_declaring_nothing_is_a_mapping_sent_in_the_chosen_media_type(
    free_form: tuple[ModuleType, Path], is_async: bool
) -> None:
    module, _ = free_form

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            return httpx.Response(200, json={"name": "a"})
        return httpx.Response(204)

    async def body(twin: Twin) -> None:
        client = twin.client(module, answer)
        patch = [{"op": "replace", "path": "/x", "value": 1}]
        thing = await twin.call(client.default.patch_thing("a", body={"patch": patch}))
        assert thing.name == "a"
        merged = {"spec": {"replicas": 3}}
        await twin.call(
            client.default.patch_thing(
                "a", body=merged, content_type="application/merge-patch+json"
            )
        )
        await twin.call(client.default.replace_thing("a", body={"anything": [1, "two"]}))
        await twin.call(client.default.touch_thing("a", content_type="application/json"))
        first, second, third, fourth = twin.requests
        assert first.headers["content-type"] == "application/json-patch+json"
        assert json.loads(first.content) == {"patch": patch}
        assert second.headers["content-type"] == "application/merge-patch+json"
        assert json.loads(second.content) == merged
        assert third.method == "PUT" and json.loads(third.content) == {"anything": [1, "two"]}
        # Closed and empty: the only body the schema allows.
        assert fourth.method == "POST" and json.loads(fourth.content) == {}

    run(is_async, body)
