"""HTTP basic authentication from a spec's `http: basic` scheme."""

from __future__ import annotations

import base64
import logging
from types import ModuleType

import httpx
import pytest
import yaml

from tests.conftest import generate_and_import

from .twins import Twin, run

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Ledger", "version": "1"},
    "servers": [{"url": "https://ledger.example/api"}],
    "security": [{"basic": []}],
    "components": {"securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}},
    "paths": {
        "/entries": {
            "get": {
                "operationId": "listEntries",
                "tags": ["entries"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        }
    },
}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("ledger-spec")
    (folder / "openapi.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    return generate_and_import(folder / "openapi.yaml", tmp_path_factory.mktemp("gen"), "ledger")


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_basic_credentials_from_arguments_or_environment(
    ledger: ModuleType,
    is_async: bool,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(ledger, lambda r: httpx.Response(200, json={}), api_key=None,
                          username="ann", password="s3cret-pw")  # fmt: skip
        with caplog.at_level(logging.DEBUG):
            await t.call(client.entries.list_entries())
        expected = "Basic " + base64.b64encode(b"ann:s3cret-pw").decode()
        assert t.requests[0].headers["Authorization"] == expected
        monkeypatch.setenv("LEDGER_USERNAME", "bob")
        monkeypatch.setenv("LEDGER_PASSWORD", "env-pw")
        client = t.client(ledger, lambda r: httpx.Response(200, json={}), api_key=None)
        await t.call(client.entries.list_entries())
        assert (
            t.requests[1].headers["Authorization"]
            == "Basic " + base64.b64encode(b"bob:env-pw").decode()
        )
        assert "s3cret-pw" not in caplog.text + repr(client)

    monkeypatch.setenv("LEDGER_LOG", "debug")
    run(is_async, body)
