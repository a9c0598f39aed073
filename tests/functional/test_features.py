"""The package generated from tests/golden/features/spec.yaml, driven sync and async."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import uuid
from types import ModuleType
from typing import Any

import attrs
import httpx
import pytest

from tests.support.clock import VirtualTime
from tests.support.twins import Twin, both, run

PET = {
    "id": "p1",
    "createdAt": "2024-05-01T12:00:00Z",
    "name": "Rex",
    "kind": "dog",
    "owner": {
        "name": "Ann",
        "friend": {"name": "Bob"},
        "pets": [{"id": "p2", "name": "Tom", "kind": "cat"}],
    },
    "avatar": "aGk=",
    "birthday": "2020-02-29",
    "size": 2,
    "nickname": None,
    "labels": {"a": "b"},
    "color": "brown",
}


def json_response(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


@both
def test_get_decodes_typed_model_readable_like_json(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(zoo, lambda r: json_response(200, PET))
        pet = await t.call(client.pets.get("p1"))
        assert pet.created_at == dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)
        assert pet.birthday == dt.date(2020, 2, 29)
        assert pet.kind is zoo.PetKind.DOG
        assert pet.size is zoo.Size.VALUE_2
        assert pet.avatar == b"hi"
        assert pet.owner.friend.name == "Bob"  # recursive schema
        assert pet.owner.pets[0].kind is zoo.PetKind.CAT  # mutual recursion Owner <-> Pet
        assert pet.additional_properties == {"color": "brown"}  # unknown fields kept
        assert pet["createdAt"] == pet.created_at and pet["color"] == "brown"
        assert pet.get("nickname", "none") == "none" and "nickname" not in pet and "name" in pet
        assert pet.to_dict()["createdAt"] == "2024-05-01T12:00:00+00:00"
        assert t.requests[0].url.path == "/v1/pets/p1"

    run(is_async, body)


@both
def test_request_carries_auth_params_headers_and_encoded_path(
    zoo: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            zoo,
            lambda r: json_response(
                200, {"data": [], "total": 0} if r.url.path == "/v1/pets" else PET
            ),
        )
        since = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
        page = await t.call(
            client.pets.list(
                kind="in-between", since=since, x_trace="abc", ids=["a", "b"],
                colors=["red", "blue"], filter={"owner": "ann"},
            )
        )  # fmt: skip
        assert page.total == 0 and page.data == []
        request = t.requests[0]
        assert request.headers["x-api-key"] == "sk-test-secret"
        assert request.headers["X-Trace"] == "abc"
        assert list(request.url.params.multi_items()) == [
            ("limit", "20"),  # the spec's default is sent
            ("kind", "in-between"),
            ("since", "2024-01-02T03:04:05+00:00"),
            ("ids", "a,b"),  # explode: false
            ("colors", "red"),  # exploded form arrays repeat the key
            ("colors", "blue"),
            ("filter[owner]", "ann"),  # deepObject
        ]
        await t.call(client.pets.get("a/b c"))
        assert t.requests[1].url.raw_path == b"/v1/pets/a%2Fb%20c"

    run(is_async, body)


@both
def test_iter_walks_every_page(zoo: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        names = ["a", "b", "c", "d", "e"][offset : offset + 2]
        return json_response(200, {"data": [dict(PET, name=n) for n in names], "total": 5})

    async def body(t: Twin) -> None:
        client = t.client(zoo, handler)
        pets = await t.collect(client.pets.iter_list(limit=2, kind="dog"))
        assert [p.name for p in pets] == ["a", "b", "c", "d", "e"]
        assert [r.url.params["offset"] for r in t.requests] == ["0", "2", "4"]
        assert all(r.url.params["kind"] == "dog" for r in t.requests)

    run(is_async, body)


@both
def test_post_json_body_and_idempotency_key_stable_across_retries(
    zoo: ModuleType, is_async: bool
) -> None:
    answers = iter([json_response(500, {"error": "boom"}), json_response(201, PET)] * 2)

    async def body(t: Twin) -> None:
        t.off_spec = "a 5xx the operation does not list, to be retried"
        client = t.client(zoo, lambda r: next(answers))
        pet = await t.call(client.pets.create("Rex", kind=zoo.PetKind.DOG, tags=["a"]))
        assert pet.name == "Rex"
        first, retry = t.requests
        assert json.loads(first.content) == {"name": "Rex", "kind": "dog", "tags": ["a"]}
        key = first.headers["Idempotency-Key"]
        assert uuid.UUID(key).version == 4
        assert retry.headers["Idempotency-Key"] == key  # same key on every retry of one call
        await t.call(client.pets.create("Rex", kind="dog", idempotency_key="mine"))
        assert t.requests[2].headers["Idempotency-Key"] == "mine"
        assert len(t.sleeps) == 2 and all(0.3 <= s <= 0.5 for s in t.sleeps)

    run(is_async, body)


@both
def test_idempotency_key_in_body_field(zoo: ModuleType, is_async: bool) -> None:
    answers = iter(
        [httpx.Response(503, headers={"Retry-After": "0"}), json_response(201, {"id": "o1"})]
    )

    async def body(t: Twin) -> None:
        t.off_spec = "a 5xx the operation does not list, to be retried"
        client = t.client(zoo, lambda r: next(answers))
        order = await t.call(client.orders.place(pet_id="p1"))
        assert order.id == "o1"
        first, retry = (json.loads(r.content) for r in t.requests)
        assert first["petId"] == "p1" and uuid.UUID(first["requestKey"]).version == 4
        assert retry == first  # the same key in the body of the retry
        assert t.sleeps == [0.0]

    run(is_async, body)


@both
def test_retry_after_honoured_then_typed_error(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "429/503 the operation does not list, to be retried"
        client = t.client(
            zoo,
            lambda r: json_response(
                429,
                {"error": {"code": "slow_down", "message": "later"}},
                **{"Retry-After": "3", "request-id": "req_1"},
            ),
            max_retries=2,
        )
        with pytest.raises(zoo.RateLimitError) as info:
            await t.call(client.pets.get("p1"))
        error = info.value
        assert isinstance(error, zoo.ZooError) and isinstance(error, zoo.APIError)
        assert (error.status_code, error.code, error.message) == (429, "slow_down", "later")
        assert error.request_id == "req_1" and error.retry_after == 3.0
        assert t.sleeps == [3.0, 3.0] and len(t.requests) == 3
        assert "sk-test-secret" not in str(error) + repr(error)

    run(is_async, body)


@both
def test_error_code_maps_to_its_own_class(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "an error status the operation does not list"
        reply = {"error": {"code": "animal_escaped", "message": "gone", "retryable": False}}
        client = t.client(zoo, lambda r: json_response(409, reply))
        with pytest.raises(zoo.errors.AnimalEscapedError) as info:
            await t.call(client.pets.delete("p1"))
        assert isinstance(info.value, zoo.ConflictError)
        assert len(t.requests) == 1  # a non-retryable conflict is not retried

    run(is_async, body)


def test_error_hierarchy_from_the_spec(zoo: ModuleType) -> None:
    errors = zoo.errors
    assert errors.ERRORS.by_code["animal_vanished"] is errors.AnimalEscapedError
    assert issubclass(errors.KeyExpiredError, errors.CredentialsError)
    assert issubclass(errors.CredentialsError, zoo.AuthenticationError)


@both
def test_post_without_key_not_retried_after_500(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        t.off_spec = "a 5xx the operation does not list"
        client = t.client(zoo, lambda r: json_response(500, {"message": "db down"}))
        with pytest.raises(zoo.InternalServerError):
            await t.call(client.feed(pet_id="p1"))
        assert len(t.requests) == 1  # the server may have acted: no blind retry

    run(is_async, body)


@both
def test_connection_and_timeout_errors(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("refused", request=request)

        client = t.client(zoo, refuse, max_retries=1)
        with pytest.raises(zoo.APIConnectionError):
            await t.call(client.pets.get("p1"))
        assert len(t.requests) == 2

        def slow(request: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("slow", request=request)

        client = t.client(zoo, slow, max_retries=0)
        with pytest.raises(zoo.APITimeoutError):
            await t.call(client.pets.get("p1"))

    run(is_async, body)


@both
def test_multipart_form_text_and_binary(zoo: ModuleType, is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/photo") and request.method == "PUT":
            return json_response(200, {"url": "https://x/1.png"})
        if request.url.path.endswith("/photo"):
            return httpx.Response(200, content=b"\x89PNG", headers={"Content-Type": "image/png"})
        if request.url.path.endswith("/health"):
            return httpx.Response(200, text="ok")
        return json_response(200, {"id": "feed_1"})

    async def body(t: Twin) -> None:
        client = t.client(zoo, handler)
        uploaded = await t.call(
            client.pets.upload_photo("p1", file=("a.png", b"PNGDATA", "image/png"), caption="hi")
        )
        assert uploaded.url == "https://x/1.png"
        upload = t.requests[0]
        assert upload.headers["content-type"].startswith("multipart/form-data")
        assert b'name="file"; filename="a.png"' in upload.content and b"PNGDATA" in upload.content
        assert b'name="caption"' in upload.content
        assert await t.call(client.pets.photo("p1")) == b"\x89PNG"
        assert await t.call(client.meta.health()) == "ok"
        assert await t.call(client.feed(pet_id="p1", grams=5)) == "feed_1"  # x-sdk-returns
        form = t.requests[-1]
        assert form.headers["content-type"] == "application/x-www-form-urlencoded"
        assert form.content == b"petId=p1&grams=5"

    run(is_async, body)


@both
def test_operation_servers_follow_the_client_base_url(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(
            zoo,
            lambda r: json_response(200, {"version": "2"}),
            base_url="http://127.0.0.1:9/prefix/v1",
        )
        assert (await t.call(client.meta.version())).version == "2"
        assert str(t.requests[0].url) == "http://127.0.0.1:9/prefix/v2/version"

    run(is_async, body)


def test_package_features_from_the_spec(zoo: ModuleType) -> None:
    pet = zoo.models.Pet(id="p9", name="Rex", kind=zoo.PetKind.DOG, password="hunter2")
    assert "hunter2" not in repr(pet)  # format: password stays out of repr
    # readOnly `id` is required in Pet (only ever received) but not in NewPet (sent).
    assert [f.name for f in attrs.fields(zoo.models.Pet) if f.default is attrs.NOTHING][:1] == [
        "id"
    ]
    order_id = attrs.fields_dict(zoo.models.PlaceOrderRequest)["id"]
    assert order_id.default is None  # a request model: readOnly id never required to send
    assert zoo.errors.__name__ == "zoo.errors"  # submodules reachable as attributes
    with pytest.raises(zoo.ZooError, match="either api_key= or signing credentials"):
        zoo.ZooClient(api_key="k", agent_id="ag_1", secret=SECRET)
    error = zoo.errors.ERRORS.for_response(
        httpx.Response(409, json={"error": {"code": "animal_escaped", "retryable": False}})
    )
    assert error.retryable is False
    assert zoo.errors.ERRORS.for_response(httpx.Response(503)).retryable is True


@both
def test_spec_constraints_checked_before_anything_is_sent(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(zoo, lambda r: json_response(200, {"data": [], "total": 0}))
        cases = [
            ({"limit": 0}, "limit", "must be >= 1 (got 0)"),
            ({"limit": 101}, "limit", "must be <= 100 (got 101)"),
            ({"offset": -1}, "offset", "must be >= 0 (got -1)"),
            ({"kind": "bird"}, "kind", "must be one of 'cat', 'dog', 'in-between' (got 'bird')"),
        ]
        for kwargs, field, rule in cases:
            with pytest.raises(zoo.errors.InvalidArgumentError) as info:
                await t.call(client.pets.list(**kwargs))
            assert (info.value.field, info.value.rule) == (field, rule)
            assert isinstance(info.value, ValueError) and isinstance(info.value, zoo.ZooError)
        with pytest.raises(zoo.errors.InvalidArgumentError, match="pet_id: must be at least 1"):
            await t.call(client.pets.get(""))  # else it would request /pets/, another endpoint
        assert t.requests == []  # nothing reached the server
        await t.call(client.pets.list(limit=100, kind=zoo.PetKind.CAT))
        assert len(t.requests) == 1

    run(is_async, body)


@both
def test_idempotent_marked_operation_retried_after_500(zoo: ModuleType, is_async: bool) -> None:
    answers = iter([json_response(500, {}), httpx.Response(204)])

    async def body(t: Twin) -> None:
        t.off_spec = "a 5xx the operation does not list, to be retried"
        client = t.client(zoo, lambda r: next(answers))
        assert await t.call(client.pets.delete("p1")) is None
        assert len(t.requests) == 2 and t.requests[0].method == "DELETE"

    run(is_async, body)


@both
def test_stream_is_lazy_skips_unknown_events_and_closes_on_break(
    zoo: ModuleType, is_async: bool
) -> None:
    closed: list[bool] = []

    class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
        chunks = (
            b'data: {"type": "fed", "grams": 1}\n\n',
            b'data: {"type": "dance", "style": "tango"}\n\n',  # a type added later: skipped
            b'data: {"type": "nap", "minutes": 3}\n\n',
            b'data: {"type": "fed", "grams": 2}\n\n',
        )

        def __iter__(self) -> Any:
            yield from self.chunks

        async def __aiter__(self) -> Any:
            for chunk in self.chunks:
                yield chunk

        def close(self) -> None:
            closed.append(True)

        async def aclose(self) -> None:
            closed.append(True)

    async def body(t: Twin) -> None:
        client = t.client(zoo, lambda r: httpx.Response(200, stream=Body()))
        stream = client.events.stream()
        assert t.requests == []  # nothing sent until the loop starts
        events = await t.collect(stream, limit=2)
        assert [type(e).__name__ for e in events] == ["FedEvent", "NapEvent"]
        assert t.requests[0].headers["Accept"] == "text/event-stream"
        await t.call(stream.close())
        assert closed

    run(is_async, body)


@both
def test_dropped_stream_resumes_with_last_event_id(zoo: ModuleType, is_async: bool) -> None:
    class Dropping(httpx.SyncByteStream, httpx.AsyncByteStream):
        """Two events, then the connection breaks."""

        chunks = (
            b'retry: 1500\nid: 1\ndata: {"type": "fed", "grams": 1}\n\n',
            b'id: 2\ndata: {"type": "nap", "minutes": 2}\n\n',
            b'id: 3\ndata: {"type": "fed", "gra',  # cut off mid-event
        )

        def __iter__(self) -> Any:
            yield from self.chunks
            raise httpx.ReadError("connection reset")

        async def __aiter__(self) -> Any:
            for chunk in self.chunks:
                yield chunk
            raise httpx.ReadError("connection reset")

    def handler(request: httpx.Request) -> httpx.Response:
        sse = {"Content-Type": "text/event-stream"}
        if "Last-Event-ID" not in request.headers:
            return httpx.Response(200, stream=Dropping(), headers=sse)
        body = b'id: 3\ndata: {"type": "fed", "grams": 3}\n\n'
        return httpx.Response(200, content=body, headers=sse)

    async def body(t: Twin) -> None:
        client = t.client(zoo, handler)
        events = await t.collect(client.events.stream())
        assert [getattr(e, "grams", None) or e.minutes for e in events] == [1, 2, 3]
        assert [r.headers.get("Last-Event-ID") for r in t.requests] == [None, "2"]
        assert t.sleeps == [1.5]  # the server's retry: hint

        always = t.client(zoo, lambda r: httpx.Response(200, stream=Dropping()), max_retries=1)
        with pytest.raises(zoo.APIConnectionError):
            await t.collect(always.events.stream())

    run(is_async, body)


@both
def test_sse_events_chosen_by_discriminator(zoo: ModuleType, is_async: bool) -> None:
    stream_body = (
        b'event: fed\ndata: {"type": "fed", "grams": 5}\n\n'
        # Has `grams` too, so a first-fit decoder would wrongly pick FedEvent.
        b'data: {"type": "nap", "grams": 1, "minutes": 30}\n\n'
        b": keep-alive\n\n"
    )

    async def body(t: Twin) -> None:
        client = t.client(
            zoo,
            lambda r: httpx.Response(
                200, content=stream_body, headers={"content-type": "text/event-stream"}
            ),
        )
        events = await t.collect(await t.call(client.events.stream()))
        assert [type(e).__name__ for e in events] == ["FedEvent", "NapEvent"]
        assert events[1].minutes == 30

    run(is_async, body)


@both
def test_environment_hook_and_secrets(
    zoo: ModuleType,
    is_async: bool,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("ZOO_API_KEY", "sk-env-secret")
    monkeypatch.setenv("ZOO_BASE_URL", "http://127.0.0.1:9/base")
    monkeypatch.setenv("ZOO_LOG", "debug")
    seen: list[int] = []

    async def body(t: Twin) -> None:
        headers = {
            "request-id": "req_9",
            "x-ratelimit-limit": "100",
            "x-ratelimit-remaining": "99",
            "x-ratelimit-reset": "1700000000",
        }
        client = t.client(
            zoo,
            lambda r: json_response(200, PET, **headers),
            api_key=None,
            response_hook=lambda r: seen.append(r.status_code),
        )
        with caplog.at_level(logging.DEBUG):
            await t.call(client.pets.get("p1"))
        request = t.requests[0]
        assert str(request.url) == "http://127.0.0.1:9/base/pets/p1"
        assert request.headers["x-api-key"] == "sk-env-secret"
        assert seen == [200]
        assert client.last_response.status_code == 200 and client.last_request_id == "req_9"
        assert client.rate_limit == zoo._runtime._core.RateLimit(100, 99, 1700000000.0)
        assert "pets/p1" in caplog.text and "sk-env-secret" not in caplog.text
        assert "sk-env-secret" not in repr(client) + repr(client._api.core.api_key)

    run(is_async, body)


def test_missing_api_key_is_a_clear_error(zoo: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZOO_API_KEY", raising=False)
    with pytest.raises(zoo.ZooError, match="ZOO_API_KEY"):
        zoo.ZooClient()


def test_import_is_lazy(zoo: ModuleType) -> None:
    import subprocess
    import sys

    src = zoo.__file__.rsplit("/zoo/", 1)[0]
    code = (
        f"import sys; sys.path.insert(0, {src!r}); import zoo; "
        "print(sorted(m for m in sys.modules if m.startswith('zoo')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['zoo']"


@both
def test_mock_mode_needs_no_key_and_steps_through_the_lifecycle(
    zoo: ModuleType, is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZOO_API_KEY", raising=False)

    async def body(t: Twin) -> None:
        cls = zoo.AsyncZooClient if is_async else zoo.ZooClient
        request_ids: list[str] = []
        client = cls(
            mock_mode=True, response_hook=lambda r: request_ids.append(r.headers["request-id"])
        )
        client._api.sleep = t.client(zoo, lambda r: json_response(500, {}))._api.sleep
        pet = await t.call(client.pets.get("anything"))
        assert (pet.id, pet.name, pet.kind) == ("p1", "Rex", zoo.PetKind.DOG)
        seen: list[str] = []
        job = await t.call(client.jobs.wait("j1", on_status=lambda j: seen.append(j.state)))
        assert seen == ["queued", "running", "done"] and job.state == "done"
        assert len(request_ids) == 4 and len(set(request_ids)) == 4  # one id per request
        # No example in the spec: the answer is a value of the response's schema (a string).
        assert await t.call(client.meta.health()) == "example"
        assert t.requests == []  # nothing reached the handler: no network at all

    run(is_async, body)


SECRET = "3b9f0c1d2e4a5b6c7d8e9f00112233445566778899aabbccddeeff0011223344"


@both
def test_signing_credentials_sign_every_attempt(zoo: ModuleType, is_async: bool) -> None:
    import hashlib
    import hmac

    answers = iter([json_response(503, {}), json_response(200, PET)])

    async def body(t: Twin) -> None:
        t.off_spec = "a 503 the operation does not list, to be retried"
        client = t.client(
            zoo, lambda r: next(answers), api_key=None, agent_id="ag_1", secret=SECRET
        )
        await t.call(client.pets.get("p1"))
        nonces = set()
        for request in t.requests:
            h = request.headers
            canonical = "\n".join([
                "GET", request.url.raw_path.decode(), h["X-Timestamp"], h["X-Nonce"],
                hashlib.sha256(request.content).hexdigest(),
            ])  # fmt: skip
            expected = hmac.new(
                bytes.fromhex(SECRET), canonical.encode(), hashlib.sha256
            ).hexdigest()
            assert h["X-Signature"] == expected and h["X-Agent-Id"] == "ag_1"
            nonces.add(h["X-Nonce"])
        assert len(nonces) == 2  # the retry was signed afresh
        assert SECRET not in repr(client) + repr(client._api.core.signer)

    run(is_async, body)


def test_bad_signing_secret_is_a_typed_error_naming_it(zoo: ModuleType) -> None:
    client = zoo.ZooClient(agent_id="ag_1", secret="abcd")  # checked at first use, not sent
    with pytest.raises(zoo.ZooError, match="secret: must be 64 hexadecimal") as info:
        client.pets.get("p1")
    assert "abcd" not in str(info.value)
    with pytest.raises(zoo.ZooError, match="missing: secret"):
        zoo.ZooClient(agent_id="ag_1")


def _job_server(states: list[str], **headers: str) -> Any:
    answers = iter(states)

    def handler(request: httpx.Request) -> httpx.Response:
        state = next(answers)
        return json_response(200, {"state": state, "priority": "high"}, **headers)

    return handler


@both
def test_wait_follows_cadence_and_reports_changes(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(zoo, _job_server(["queued", "queued", "running", "done"]))
        client._api.core.random = lambda: 0.5
        seen: list[str] = []
        job = await t.call(client.jobs.wait("j1", on_status=lambda j: seen.append(j.state)))
        assert job.state == "done"
        assert seen == ["queued", "running", "done"]  # on_status on every change only
        # queued: [1, 3] -> 2.0 with jitter 0.5; running with priority high: 0.5
        assert t.sleeps == [2.0, 2.0, 0.5]
        assert len(t.requests) == 4

    run(is_async, body)


@both
def test_wait_failure_and_exhaustion_raise_with_last_status(
    zoo: ModuleType, is_async: bool
) -> None:
    async def body(t: Twin) -> None:
        client = t.client(zoo, _job_server(["running", "failed"]))
        with pytest.raises(zoo.WaitFailedError) as failed:
            await t.call(client.jobs.wait("j1", poll_interval=1.0))
        assert failed.value.status == "failed" and failed.value.last.state == "failed"
        assert isinstance(failed.value, zoo.ZooError) and t.sleeps == [1.0]

        client = t.client(zoo, _job_server(["running"] * 10))
        with pytest.raises(zoo.WaitTimeoutError) as exhausted:
            await t.call(client.jobs.wait("j1", poll_interval=0.1, max_attempts=3))
        assert exhausted.value.status == "running"
        assert len(t.requests) == 2 + 3

    run(is_async, body)


@both
def test_retry_after_on_200_stretches_the_wait(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(zoo, _job_server(["queued", "done"], **{"Retry-After": "7"}))
        await t.call(client.jobs.wait("j1", poll_interval=1.0))
        assert t.sleeps == [7.0]

    run(is_async, body)


def test_concurrent_waits_share_one_rate_limit(zoo: ModuleType) -> None:
    """50 waits at once on a 2 requests/second budget: no two polls closer than 0.5 s."""

    async def body(t: Twin) -> None:
        clock = VirtualTime()
        sent: list[float] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(clock.now)
            return json_response(200, {"state": "done"})

        client = t.client(zoo, handler)
        client._api.core.clock = lambda: clock.now
        client._api.sleep = clock.sleep
        waits = asyncio.gather(*(client.jobs.wait(f"j{i}") for i in range(50)))
        results = await clock.drive(waits)
        assert all(r.state == "done" for r in results)
        ordered = sorted(sent)
        gaps = [b - a for a, b in zip(ordered, ordered[1:])]
        assert len(sent) == 50 and min(gaps) >= 0.5 - 1e-9
        assert ordered[-1] == pytest.approx(49 * 0.5)  # and no slower than the budget allows

    run(True, body)


@both
def test_watch_iterates_and_cancel_stops(zoo: ModuleType, is_async: bool) -> None:
    async def body(t: Twin) -> None:
        client = t.client(zoo, _job_server(["queued", "running", "running", "done"]))
        watcher = client.jobs.watch("j1", poll_interval=0.0)
        states = []
        for _ in range(2):
            states.append((await t.call(watcher.__anext__() if is_async else _next(watcher))).state)
        watcher.cancel()
        assert states == ["queued", "running"]
        assert await t.collect(watcher) == []
        assert len(t.requests) == 2

    run(is_async, body)


def _next(iterator: Any) -> Any:
    return next(iterator)
