"""Per-call options on top of what each operation sets itself, built once per operation.

A call without ``timeout``/``extra_headers`` passes its operation's options object as is
(``NO_OPTIONS`` or a module constant of its resource); one with them gets a copy carrying
both: the operation's own settings (retry-safe, served under another base URL) must survive.
"""

from __future__ import annotations

import importlib
import json
from types import ModuleType
from typing import Any

import attrs
import httpx

from generator.runtime._options import NO_OPTIONS, NOT_GIVEN, RequestOptions
from tests.support.twins import Twin, both, run

PET = {"id": "p1", "name": "Rex", "kind": "dog"}


def json_response(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body)


def test_for_call_builds_nothing_without_per_call_options() -> None:
    own = RequestOptions(retry_safe=True, base_url="https://elsewhere.example.com")
    assert own.for_call() is own and NO_OPTIONS.for_call() is NO_OPTIONS
    given = own.for_call(timeout=2.5, extra_headers={"X-A": "1"})
    assert given == RequestOptions(
        timeout=2.5,
        extra_headers={"X-A": "1"},
        retry_safe=True,
        base_url="https://elsewhere.example.com",
    )
    assert own == RequestOptions(retry_safe=True, base_url="https://elsewhere.example.com")


def test_operations_share_their_options_objects(zoo: ModuleType) -> None:
    module = importlib.import_module(f"{zoo.__name__}.resources.pets")
    runtime = importlib.import_module(f"{zoo.__name__}._runtime._options")
    options = runtime.RequestOptions
    constants = {k: v for k, v in vars(module).items() if isinstance(v, options)}
    # create carries an idempotency key, delete is marked x-sdk-idempotent: both retry-safe,
    # each built once for the module; the other operations pass the runtime's NO_OPTIONS.
    assert constants == {
        "NO_OPTIONS": runtime.NO_OPTIONS,
        "_CREATE_OPTIONS": options(retry_safe=True),
        "_DELETE_OPTIONS": options(retry_safe=True),
    }


@both
def test_extra_headers_keep_the_operations_retry_safety(zoo: ModuleType, is_async: bool) -> None:
    answers = iter([json_response(500, {}), json_response(201, PET)] * 2)

    async def body(t: Twin) -> None:
        t.off_spec = "a 5xx the operation does not list, to be retried"
        client = t.client(zoo, lambda r: next(answers))
        await t.call(client.pets.create("Rex", kind="dog", extra_headers={"X-Trace": "t1"}))
        assert [r.headers.get("X-Trace") for r in t.requests] == ["t1", "t1"]  # retried
        await t.call(client.pets.create("Rex", kind="dog"))
        assert len(t.requests) == 4 and "X-Trace" not in t.requests[2].headers
        assert json.loads(t.requests[3].content)["name"] == "Rex"

    run(is_async, body)


@both
def test_extra_headers_on_an_operation_served_beside_the_api(
    zoo: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            zoo, lambda r: json_response(200, {"version": "2"}), base_url="http://127.0.0.1:9/v1"
        )
        await t.call(client.meta.version(extra_headers={"X-Trace": "t2"}))
        await t.call(client.meta.version())
        assert [str(r.url) for r in t.requests] == ["http://127.0.0.1:9/v2/version"] * 2
        assert [r.headers.get("X-Trace") for r in t.requests] == ["t2", None]

    run(is_async, body)


def test_for_call_carries_each_per_call_option_beside_the_operations_own() -> None:
    # Issue-16's per-call options go through for_call too; the operation's own fields (its
    # security requirement among them) survive; NOT_GIVEN is "not given", None is a value.
    own = RequestOptions(retry_safe=True, security=((("Key", ()),),))
    assert own.for_call(timeout=NOT_GIVEN) is own
    given: list[tuple[str, Any]] = [
        ("timeout", None),
        ("timeout", 3.0),
        ("max_retries", 0),
        ("deadline", 1.5),
        ("extra_query", {"q": "1"}),
        ("extra_body", {"b": 2}),
        ("extra_headers", {"X-A": "1"}),
    ]
    for keyword, value in given:
        copy = own.for_call(**{keyword: value})
        assert copy is not own, keyword
        assert getattr(copy, keyword) == value, keyword
        assert copy.retry_safe and copy.security == own.security, keyword


def test_for_call_copies_every_field_the_operation_sets() -> None:
    # for_call builds the copy field by field: a field added to RequestOptions and forgotten
    # there would be dropped from calls with per-call options.
    caller = {"timeout", "extra_headers", "extra_query", "extra_body", "max_retries", "deadline"}
    own_fields = [f.name for f in attrs.fields(RequestOptions) if f.name not in caller]
    assert set(own_fields) == {"retry_safe", "stream", "base_url", "security"}
    own = RequestOptions(
        retry_safe=True, stream=True, base_url="https://b.example", security=((("K", ()),),)
    )
    assert own.for_call(max_retries=1) == attrs.evolve(own, max_retries=1)


def test_a_plain_call_passes_its_operations_options_object(zoo: ModuleType) -> None:
    # The shell receives the module's constant itself (nothing built per call); a call with a
    # per-call option gets a copy carrying it and the operation's own retry-safety.
    module = importlib.import_module(f"{zoo.__name__}.resources.pets")
    seen: list[Any] = []
    http = httpx.Client(transport=httpx.MockTransport(lambda r: json_response(201, PET)))
    client = zoo.ZooClient(api_key="k", base_url="http://127.0.0.1:9", http_client=http)
    api = client.pets._api
    send = api.request

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["options"])
        return send(*args, **kwargs)

    api.request = spy
    client.pets.create("Rex", kind="dog")
    client.pets.create("Rex", kind="dog", max_retries=0, deadline=5.0)
    assert seen[0] is module._CREATE_OPTIONS
    assert seen[1] is not module._CREATE_OPTIONS
    assert (seen[1].max_retries, seen[1].deadline, seen[1].retry_safe) == (0, 5.0, True)
