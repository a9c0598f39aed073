"""Nested namespaces from a dotted ``x-sdk-resource`` (issue 16): ``client.beta.threads`` and
``client.beta.threads.messages``, sync and async from one body, on the package generated from
tests/golden/features/spec.yaml."""

from __future__ import annotations

from types import ModuleType

import httpx

from tests.support.twins import Twin, both, run


@both
def test_dotted_resource_nests_namespaces(zoo: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(201, json={"id": "th_1"})
        return httpx.Response(200, json=["hello", "world"])

    async def body(t: Twin) -> None:
        client = t.client(zoo, handler)
        created = await t.call(client.beta.threads.create())
        messages = await t.call(client.beta.threads.messages.list("th_1"))
        raw = await t.call(client.beta.threads.messages.with_raw_response.list("th_1"))
        assert created["id"] == "th_1" and messages == ["hello", "world"]
        assert await t.call(raw.parse()) == messages
        assert [(r.method, r.url.path) for r in t.requests] == [
            ("POST", "/v1/beta/threads"),
            ("GET", "/v1/beta/threads/th_1/messages"),
            ("GET", "/v1/beta/threads/th_1/messages"),
        ]
        assert client.beta.threads is client.beta.threads  # built once

    run(is_async, body)
