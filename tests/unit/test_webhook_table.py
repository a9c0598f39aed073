"""``WebhookTable`` (``runtime/_webhooks.py``) without a generated package: the event from a
dotted body property, the shape fallback for payloads that are not models, and when a request
is verified (before its body is read when every webhook shares a scheme; once the webhook is
known when schemes differ)."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

import pytest

from generator.ir.document_extensions import WEBHOOK_SIGNING_PRESETS
from generator.runtime._errors import APIErrorMixin
from generator.runtime._webhooks import WebhookEntry, WebhookTable

STRIPE = dict(WEBHOOK_SIGNING_PRESETS["stripe"])
OTHER = {**STRIPE, "header": "X-Other-Signature"}


class Invalid(APIErrorMixin, ValueError):
    pass


class Unverified(Invalid):
    pass


def as_list(data: Any) -> list[int]:
    if not isinstance(data, list) or not all(isinstance(i, int) for i in data):
        raise TypeError("not a list of integers")
    return data


def as_text(data: Any) -> str:
    if not isinstance(data, str):
        raise TypeError("not a string")
    return data


def table(dispatch: Any = None, schemes: tuple[Any, Any] = (None, None)) -> WebhookTable:
    entries = (
        WebhookEntry("numbers", as_list, (), schemes[0], "List[int]"),
        WebhookEntry("note", as_text, (), schemes[1], "str"),
    )
    return WebhookTable(entries, dispatch, Invalid, Unverified, {})


def signed(body: bytes, secret: str, header: str = "Stripe-Signature") -> dict[str, str]:
    t = int(time.time())
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return {header: f"t={t},v1={mac}"}


def test_the_event_from_a_dotted_body_property() -> None:
    hooks = table({"in": "body", "name": "data.object.kind"})
    body = b'{"data": {"object": {"kind": "note"}}}'
    assert hooks.identify(body, {}, None, None) == ("note", None)
    with pytest.raises(Invalid, match=r"body's data\.object\.kind is missing"):
        hooks.identify(b'{"data": 3}', {}, None, None)
    with pytest.raises(Invalid, match="not JSON"):
        hooks.identify(b"{", {}, None, None)


def test_payloads_that_are_not_models_are_tried_in_order() -> None:
    hooks = table()
    assert hooks.identify(b"[1, 2]", {}, None, None)[0] == "numbers"
    assert hooks.identify(b'"hello"', {}, None, None)[0] == "note"
    with pytest.raises(Invalid, match=r"matches no webhook of the spec \(List\[int\], str\)"):
        hooks.identify(b"{}", {}, None, None)


def test_a_shared_scheme_is_checked_before_the_body_is_read() -> None:
    hooks = table(schemes=(STRIPE, STRIPE))
    body = b'"hello"'
    # Verified here, so nothing is left for the typed helper to check.
    assert hooks.identify(body, signed(body, "s"), "s", 300) == ("note", None)
    # A forged request fails on its signature, not on its (unreadable) body.
    with pytest.raises(Unverified, match="no signature matches"):
        hooks.identify(b"\xff not json", signed(body, "s"), "s", 300)


def test_differing_schemes_are_checked_once_the_webhook_is_known() -> None:
    hooks = table(schemes=(STRIPE, OTHER))
    body = b'"hello"'
    event, rest = hooks.identify(body, {}, "s", 300)
    assert (event, rest) == ("note", "s")  # the typed helper verifies with its own scheme
    assert hooks.read(body, signed(body, "s", "X-Other-Signature"), "s", 300, event) == "hello"
    with pytest.raises(Unverified, match="missing the X-Other-Signature header"):
        hooks.read(body, signed(body, "s"), "s", 300, event)
    with pytest.raises(Unverified, match="no signing scheme for them all"):
        hooks.verify(body, signed(body, "s"), "s", 300)
    with pytest.raises(Invalid, match="no webhook named 'lost'"):
        hooks.verify(body, {}, "s", 300, "lost")
