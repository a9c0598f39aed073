"""What the runtime does to stay cheap, pinned down as behaviour: the owned httpx client is built
on first use (once, even under threads), parsed URLs are reused within a bound, argument checks
look only at the rules a call names, and constructing a generated client loads no transport."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.runtime._async_http import AsyncAPIClient
from generator.runtime._core import ClientCore, random_uuid4
from generator.runtime._errors import retry_after_seconds
from generator.runtime._sync_http import SyncAPIClient
from generator.runtime._validate import check
from tests.support.shells import KEY, make_api, make_core
from tests.support.twins import Twin, both, run

ROOT = Path(__file__).resolve().parents[2]


def owned(t: Twin, core: ClientCore) -> Any:
    return AsyncAPIClient(core) if t.is_async else SyncAPIClient(core)


@both
def test_owned_http_client_is_built_once_on_first_use(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = owned(t, make_core(timeout=7.0))
        assert api._http is None  # nothing built by the constructor
        first = api.http_client
        assert api.http_client is first
        assert first.headers["x-api-key"] == KEY and first.timeout == httpx.Timeout(7.0)
        await t.call(api.close())
        assert first.is_closed

    run(is_async, body)


def test_threads_racing_to_first_use_share_one_http_client() -> None:
    api = SyncAPIClient(make_core())
    seen: list[httpx.Client] = []
    barrier = threading.Barrier(8)

    def first_use() -> None:
        barrier.wait()
        seen.append(api.http_client)

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(seen) == 8 and all(client is seen[0] for client in seen)
    api.close()


@both
def test_closed_before_first_use_refuses_like_a_closed_httpx_client(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = owned(t, make_core())
        await t.call(api.close())
        with pytest.raises(RuntimeError, match="client has been closed"):
            await t.call(api.request("GET", "/things"))
        with pytest.raises(RuntimeError, match="client has been closed"):
            api.http_client  # noqa: B018

    run(is_async, body)


@both
def test_parsed_urls_are_reused_and_bounded(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        core = make_core()
        api = make_api(t, lambda r: httpx.Response(200), core)
        for i in range(600):
            await t.call(api.request("GET", f"/things/{i}", params={"n": str(i)}))
        await t.call(api.request("GET", "/things/7"))
        urls = [str(r.url) for r in t.requests]
        assert urls[:600] == [f"https://api.example.com/v1/things/{i}?n={i}" for i in range(600)]
        assert urls[600] == "https://api.example.com/v1/things/7"  # params don't stick
        assert 0 < len(core._urls) <= 256

    run(is_async, body)


@both
def test_caller_client_gets_our_headers_with_and_without_per_call_ones(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        api = make_api(t, lambda r: httpx.Response(200), headers={"X-Mine": "caller"})
        await t.call(api.request("GET", "/a"))
        await t.call(api.request("GET", "/b", headers={"User-Agent": "custom"}))
        await t.call(api.request("GET", "/c", headers={}))
        plain, custom, empty = (r.headers for r in t.requests)
        for sent in (plain, empty):
            assert (sent["User-Agent"], sent["x-api-key"], sent["X-Mine"]) == (
                "demo-sdk/1.0",
                KEY,
                "caller",
            )
        assert (custom["User-Agent"], custom["x-api-key"]) == ("custom", KEY)

    run(is_async, body)


class Invalid(Exception):
    field: str
    rule: str


@pytest.mark.parametrize(
    ("value", "rules", "message"),
    [
        (0, {"minimum": 1}, "must be >= 1 (got 0)"),
        (5.5, {"maximum": 5}, "must be <= 5 (got 5.5)"),
        (1, {"exclusive_minimum": 1}, "must be > 1 (got 1)"),
        (9, {"exclusive_maximum": 9}, "must be < 9 (got 9)"),
        ("ab", {"min_length": 3}, "must be at least 3 characters long"),
        ("abcd", {"max_length": 3}, "must be at most 3 characters long (got 4)"),
        ("abc", {"pattern": "^[0-9]+$"}, "must match the pattern '^[0-9]+$'"),
        ([], {"min_items": 1}, "must have at least 1 items"),
        ((1, 2), {"max_items": 1}, "must have at most 1 items (got 2)"),
        ("x", {"enum": ("a", "b")}, "must be one of 'a', 'b' (got 'x')"),
        (0, {"minimum": 1, "enum": (5,)}, "must be >= 1 (got 0)"),  # the first broken rule
    ],
)
def test_check_reports_the_broken_rule(value: Any, rules: dict[str, Any], message: str) -> None:
    with pytest.raises(Invalid) as raised:
        check(Invalid, "arg", value, **rules)
    assert str(raised.value) == f"arg: {message}"
    assert (raised.value.field, raised.value.rule) == ("arg", message)


@pytest.mark.parametrize(
    ("value", "rules"),
    [
        (True, {"minimum": 5}),  # a bool is not a number here
        ("short", {"minimum": 10, "max_items": 1}),  # number and item rules skip a string
        ({"a": 1, "b": 2}, {"max_items": 1, "max_length": 1}),  # a dict has no items
        (b"xyz", {"max_items": 1}),
        (3, {"min_length": 5, "pattern": "^a$"}),  # string rules skip a number
        ("anything", {}),
    ],
)
def test_check_applies_rules_only_to_values_of_their_kind(
    value: Any, rules: dict[str, Any]
) -> None:
    check(Invalid, "arg", value, **rules)


def test_constructing_a_generated_client_loads_no_transport() -> None:
    src = ROOT / "generated" / "codevf" / "src"
    code = (
        f"import sys; sys.path.insert(0, {str(src)!r})\n"
        "import codevf\n"
        "client = codevf.CodeVFClient(api_key='k')\n"
        "client.tasks\n"
        "assert 'httpcore' not in sys.modules, 'httpcore loaded'\n"
        "client.close()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_random_uuid4_is_a_version_4_uuid_written_as_uuid_writes_it() -> None:
    import uuid

    keys = {random_uuid4() for _ in range(2000)}
    assert len(keys) == 2000
    for key in keys:
        parsed = uuid.UUID(key)
        assert str(parsed) == key
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


@pytest.mark.parametrize(
    "raw",
    [
        [],
        [("Retry-After", "3")],
        [("retry-after-ms", "1500"), ("Retry-After", "9")],
        [("RETRY-AFTER-MS", "bad"), ("retry-after", "2.5")],
        [("Retry-After", "1"), ("Retry-After", "2")],  # repeated: joined, then unreadable
        [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")],
        [("X-Other", "1")],
    ],
)
def test_retry_after_reads_httpx_headers_as_a_plain_mapping(raw: list[tuple[str, str]]) -> None:
    headers = httpx.Headers(raw)
    as_dict = {}
    for key in headers:  # what Headers.get would give for each name
        as_dict[key] = headers[key]
    assert retry_after_seconds(headers) == retry_after_seconds(as_dict)


@both
def test_non_ascii_default_header_is_refused_by_httpx_as_before(is_async: bool) -> None:
    async def body(t: Twin) -> None:
        core = make_core(default_headers={"X-Name": "caf\u00e9"})
        api = make_api(t, lambda r: httpx.Response(200), core)
        with pytest.raises(UnicodeEncodeError):
            await t.call(api.request("GET", "/things"))
        assert t.requests == []

    run(is_async, body)
