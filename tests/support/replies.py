"""Answers for ``httpx.MockTransport`` handlers: one JSON reply, or a fixed sequence of them."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.twins import Handler

__all__ = ["replies", "reply"]


def reply(status: int, body: Any, **headers: str) -> httpx.Response:
    """``status`` with ``body`` as JSON and ``headers``."""
    return httpx.Response(status, json=body, headers=headers)


def replies(*answers: httpx.Response | Exception) -> Handler:
    """A handler answering with each of ``answers`` in turn (an exception is raised); one request
    more than there are answers fails the test with ``IndexError``."""
    pending = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        item = pending.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return handle
