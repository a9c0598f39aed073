"""HTTP basic authentication from a spec's `http: basic` scheme."""

from __future__ import annotations

import base64
import logging
from types import ModuleType

import httpx
import pytest

from tests.support.ledger import write_ledger_spec
from tests.support.packages import generate_and_import
from tests.support.twins import Twin, both, run


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    spec = write_ledger_spec(tmp_path_factory.mktemp("ledger-spec"))
    return generate_and_import(spec, tmp_path_factory.mktemp("gen"), "ledger")


@both
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
