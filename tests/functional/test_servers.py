"""The spec's servers as client settings (issue 16): named environments and server variables
as constructor arguments, checked before any request; ``base_url=`` and the environment
variable still win. On the package generated from tests/golden/features/spec.yaml."""

from __future__ import annotations

from types import ModuleType

import httpx
import pytest

from tests.support.twins import Twin, both, run

PET = {"id": "p1", "name": "Rex", "kind": "dog"}


@both
def test_environment_and_variables_choose_the_base_url(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "the sandbox and regional hosts are the spec's other servers"
        handler = lambda r: httpx.Response(200, json=PET)  # noqa: E731
        await t.call(t.client(zoo, handler).pets.get("p1"))
        await t.call(t.client(zoo, handler, host="api-eu").pets.get("p1"))
        await t.call(t.client(zoo, handler, environment="sandbox").pets.get("p1"))
        await t.call(
            t.client(zoo, handler, environment="sandbox", base_url="http://127.0.0.1:9/x").pets.get(
                "p1"
            )
        )
        assert [str(r.url) for r in t.requests] == [
            "https://api.zoo.example/v1/pets/p1",
            "https://api-eu.zoo.example/v1/pets/p1",
            "https://sandbox.zoo.example/v1/pets/p1",
            "http://127.0.0.1:9/x/pets/p1",  # base_url= wins
        ]

    run(is_async, body)


def test_the_environment_variable_wins_over_environment(
    zoo: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefix = zoo.ZooClient(api_key="k")._api.core.env_prefix
    monkeypatch.setenv(f"{prefix}_BASE_URL", "http://127.0.0.1:9/env")
    assert zoo.ZooClient(api_key="k", environment="sandbox").base_url == "http://127.0.0.1:9/env"


def test_bad_environment_or_variable_is_refused_before_sending(zoo: ModuleType) -> None:
    with pytest.raises(zoo.errors.InvalidArgumentError) as info:
        zoo.ZooClient(api_key="k", host="evil")
    assert info.value.field == "host" and "'api', 'api-eu'" in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(zoo.errors.InvalidArgumentError) as info:
        zoo.AsyncZooClient(api_key="k", environment="staging")
    assert info.value.field == "environment" and "'sandbox'" in str(info.value)
