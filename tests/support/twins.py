"""Run one test body against the sync and the async client.

A test is decorated ``@both`` (it takes ``is_async``) and defines an ``async def`` taking a
``Twin``; ``run(is_async, body)`` runs it. ``twin.call(x)`` awaits ``x`` when the client is async
and returns it as is when sync, so the same lines exercise both surfaces.

Every request a twin's client sends and every response its handler returns is checked against
the spec the package was generated from (``tests.support.conformance``); ``run`` fails the test
on any mismatch. A test that hands the client a response off the spec on purpose (an
undocumented status, a malformed body) sets ``twin.off_spec`` to the reason; what the client
sends is checked regardless.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import httpx
import pytest

from tests.support.conformance import Conformance, Violation
from tests.support.packages import client_class

Handler = Callable[[httpx.Request], httpx.Response]

# The one sync/async parametrisation: a test taking ``is_async`` runs once per client flavour,
# with the ids ``[sync]`` and ``[async]``.
both = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


@attrs.define
class Twin:
    is_async: bool
    requests: list[httpx.Request] = attrs.field(factory=list)
    sleeps: list[float] = attrs.field(factory=list)
    now: float = 0.0  # virtual time: the clients' clock, advanced only by their sleeps
    violations: list[Violation] = attrs.field(factory=list)
    off_spec: str = ""  # why this test's responses leave the spec on purpose; "" = they must not
    unchecked: str = ""  # why none of this test's traffic is checked (placeholder arguments)

    def client(self, module: Any, handler: Handler, **kwargs: Any) -> Any:
        """A client of ``module`` whose requests go to ``handler`` and whose sleeps are recorded."""

        conformance = Conformance.of_package(module)

        def recording(request: httpx.Request) -> httpx.Response:
            # A snapshot: a retry resends the same Request object, re-signed in place.
            snapshot = httpx.Request(
                request.method, request.url, headers=request.headers.copy(), content=request.read()
            )
            self.requests.append(snapshot)
            if conformance is not None:
                self.violations += conformance.check_request(snapshot)
            response = handler(snapshot)
            if conformance is not None:
                self.violations += conformance.check_response(snapshot, response)
            return response

        transport = httpx.MockTransport(recording)
        kwargs.setdefault("api_key", "sk-test-secret")
        if self.is_async:
            http = httpx.AsyncClient(transport=transport)
            client = client_class(module, True)(http_client=http, **kwargs)

            async def sleep(seconds: float) -> None:
                self.sleeps.append(seconds)
                self.now += seconds

        else:
            http = httpx.Client(transport=transport)
            client = client_class(module, False)(http_client=http, **kwargs)

            def sleep(seconds: float) -> None:  # type: ignore[misc]
                self.sleeps.append(seconds)
                self.now += seconds

        client._api.sleep = sleep
        client._api.core.clock = lambda: self.now
        return client

    async def call(self, value: Any) -> Any:
        return await value if inspect.isawaitable(value) else value

    async def collect(self, stream: Any, limit: int = 1000) -> list[Any]:
        items = []
        if self.is_async:
            async for item in stream:
                items.append(item)
                if len(items) >= limit:
                    break
        else:
            for item in stream:
                items.append(item)
                if len(items) >= limit:
                    break
        return items


def run(is_async: bool, body: Callable[[Twin], Awaitable[None]]) -> None:
    twin = Twin(is_async)
    asyncio.run(body(twin))
    if twin.unchecked:
        return
    found = [v for v in twin.violations if not (twin.off_spec and v.where.startswith("response"))]
    assert not found, "traffic off the spec:\n" + "\n".join(map(str, found))
