"""Webhook signatures (``runtime/_webhooks.py``) against senders written here, independently,
from the providers' published schemes: Stripe's ``Stripe-Signature: t=<ts>,v1=<hex>`` (HMAC-SHA256
of ``"{t}.{body}"`` keyed by the secret's UTF-8 bytes) and Standard Webhooks' ``webhook-id``,
``webhook-timestamp`` and ``webhook-signature: v1,<base64>`` (HMAC-SHA256 of
``"{id}.{timestamp}.{body}"`` keyed by the base64 bytes after ``whsec_``)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any, Callable

import pytest

from generator.ir.document_extensions import WEBHOOK_SIGNING_PRESETS, webhook_signing
from generator.runtime._webhooks import WebhookSecret, header_value, verify_signature

STRIPE = dict(WEBHOOK_SIGNING_PRESETS["stripe"])
STANDARD = dict(WEBHOOK_SIGNING_PRESETS["standard-webhooks"])
STRIPE_SECRET = "whsec_test_stripe_5ecret"
STANDARD_KEY = b"standard-webhooks key bytes 0123"
STANDARD_SECRET = "whsec_" + base64.b64encode(STANDARD_KEY).decode()
BODY = b'{"id":"evt_1","type":"invoice.paid","data":{"amount":1200,"note":"caf\xc3\xa9"}}'


class Refused(Exception):
    pass


def stripe_headers(
    body: bytes, secret: str, timestamp: int, extra: tuple[str, ...] = ()
) -> dict[str, str]:
    signed = f"{timestamp}.".encode() + body
    mac = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    parts = [f"t={timestamp}", *extra, f"v1={mac}", "v0=ignored"]
    return {"Stripe-Signature": ",".join(parts)}


def standard_headers(
    body: bytes, key: bytes, timestamp: int, msg_id: str = "msg_2Lh9"
) -> dict[str, str]:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    mac = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": f"v1,{mac}",
    }


def check(
    scheme: dict[str, Any], body: Any, headers: dict[str, str], secret: str, **kw: Any
) -> None:
    verify_signature(scheme, body, headers, secret, error=Refused, **kw)


def refused(call: Callable[[], None]) -> str:
    with pytest.raises(Refused) as caught:
        call()
    return str(caught.value)


# In parametrize tables: only checks made before the timestamp's age is looked at.
FIXED = 1_700_000_000


def test_stripe_signature_is_accepted_and_tampering_refused() -> None:
    now = int(time.time())  # at the test's start, not at import: the suite takes minutes
    headers = stripe_headers(BODY, STRIPE_SECRET, now)
    check(STRIPE, BODY, headers, STRIPE_SECRET)
    check(STRIPE, BODY.decode("utf-8"), headers, STRIPE_SECRET)  # the body as text
    check(STRIPE, BODY, {k.lower(): v for k, v in headers.items()}, STRIPE_SECRET)
    assert "no signature matches" in refused(
        lambda: check(STRIPE, BODY.replace(b"1200", b"9999"), headers, STRIPE_SECRET)
    )
    assert "no signature matches" in refused(lambda: check(STRIPE, BODY, headers, "whsec_other"))
    stale = stripe_headers(BODY, STRIPE_SECRET, now - 301)
    assert "old" in refused(lambda: check(STRIPE, BODY, stale, STRIPE_SECRET))
    future = stripe_headers(BODY, STRIPE_SECRET, now + 400)
    assert "future" in refused(lambda: check(STRIPE, BODY, future, STRIPE_SECRET))
    # A wider tolerance, or none, accepts the old one; the clock can be given.
    check(STRIPE, BODY, stale, STRIPE_SECRET, tolerance=600)
    check(STRIPE, BODY, stale, STRIPE_SECRET, tolerance=None)
    check(STRIPE, BODY, stale, STRIPE_SECRET, now=now - 301)


def test_stripe_header_with_several_signatures_accepts_any_key_of_a_rotation() -> None:
    now = int(time.time())  # at the test's start, not at import: the suite takes minutes
    old_secret = "whsec_old_key"
    old_mac = hmac.new(old_secret.encode(), f"{now}.".encode() + BODY, hashlib.sha256).hexdigest()
    headers = stripe_headers(BODY, STRIPE_SECRET, now, extra=(f"v1={old_mac}",))
    check(STRIPE, BODY, headers, STRIPE_SECRET)
    check(STRIPE, BODY, headers, old_secret)
    refused(lambda: check(STRIPE, BODY, headers, "whsec_third"))


def test_standard_webhooks_signature_is_accepted_and_tampering_refused() -> None:
    now = int(time.time())  # at the test's start, not at import: the suite takes minutes
    headers = standard_headers(BODY, STANDARD_KEY, now)
    check(STANDARD, BODY, headers, STANDARD_SECRET)
    check(STANDARD, BODY, headers, WebhookSecret(STANDARD_SECRET))
    # The secret without its prefix decodes to the same key.
    check(STANDARD, BODY, headers, STANDARD_SECRET.removeprefix("whsec_"))
    refused(lambda: check(STANDARD, BODY + b" ", headers, STANDARD_SECRET))
    other = "whsec_" + base64.b64encode(b"another key entirely, 32 bytes!").decode()
    refused(lambda: check(STANDARD, BODY, headers, other))
    # The id is signed: another message id does not verify.
    refused(lambda: check(STANDARD, BODY, {**headers, "webhook-id": "msg_other"}, STANDARD_SECRET))
    stale = standard_headers(BODY, STANDARD_KEY, now - 3600)
    assert "3600 s old" in refused(lambda: check(STANDARD, BODY, stale, STANDARD_SECRET, now=now))


def test_standard_webhooks_header_lists_several_signatures() -> None:
    now = int(time.time())  # at the test's start, not at import: the suite takes minutes
    headers = standard_headers(BODY, STANDARD_KEY, now)
    rotated_key = b"the key before the rotation......"
    rotated = standard_headers(BODY, rotated_key, now)["webhook-signature"]
    headers["webhook-signature"] = f"v1a,ed25519stuff {rotated} {headers['webhook-signature']}"
    check(STANDARD, BODY, headers, STANDARD_SECRET)
    check(STANDARD, BODY, headers, "whsec_" + base64.b64encode(rotated_key).decode())


@pytest.mark.parametrize(
    ("scheme", "headers", "message"),
    [
        (STRIPE, {}, "missing the Stripe-Signature header"),
        (STRIPE, {"Stripe-Signature": "v1=abc"}, "no timestamp"),
        (STRIPE, {"Stripe-Signature": f"t={FIXED},v0=abc"}, "no v1 signature"),
        (STRIPE, {"Stripe-Signature": "t=yesterday,v1=abc"}, "not a number"),
        (STANDARD, {"webhook-signature": "v1,abc", "webhook-id": "m"}, "missing the webhook-ti"),
        (STANDARD, {"webhook-signature": "v1,abc", "webhook-timestamp": "1"}, "the webhook-id"),
        (STANDARD, {"webhook-timestamp": str(FIXED), "webhook-id": "m"}, "the webhook-signature"),
    ],
)  # fmt: skip
def test_malformed_signature_headers_are_refused_with_a_reason(
    scheme: dict[str, Any], headers: dict[str, str], message: str
) -> None:
    secret = STRIPE_SECRET if scheme is STRIPE else STANDARD_SECRET
    assert message in refused(lambda: check(scheme, BODY, headers, secret))


def test_the_secret_appears_in_no_error_or_repr() -> None:
    now = int(time.time())  # at the test's start, not at import: the suite takes minutes
    headers = stripe_headers(BODY, STRIPE_SECRET, now)
    messages = [
        refused(lambda: check(STRIPE, BODY, headers, "whsec_guess_1234")),
        refused(
            lambda: check(STANDARD, BODY, standard_headers(BODY, STANDARD_KEY, now), "whsec_%%%")
        ),
        refused(lambda: check(STRIPE, BODY, {}, STRIPE_SECRET)),
    ]
    for text in messages:
        assert "guess" not in text and "%%%" not in text and "5ecret" not in text
    assert "5ecret" not in repr(WebhookSecret(STRIPE_SECRET)) + str(WebhookSecret(STRIPE_SECRET))


def test_header_lookup_ignores_case() -> None:
    assert header_value({"X-Event": "a"}, "x-event") == "a"
    assert header_value({"x-event": "a"}, "X-EVENT") == "a"
    assert header_value({}, "x-event") is None


def test_a_parametrised_scheme_is_checked_as_written() -> None:
    now = int(time.time())  # at the test's start, not at import: the suite takes minutes
    # A provider signing hex HMAC-SHA512 over "{timestamp}:{body}" in X-Sig: v2=<hex>, with the
    # timestamp in X-Sig-Time: the extension names each piece.
    problems: list[tuple[str, str]] = []
    spec = {
        "format": "list", "header": "X-Sig", "timestamp-header": "X-Sig-Time", "version": "v2",
        "algorithm": "HMAC-SHA512", "encoding": "hex", "payload": "{timestamp}:{body}",
        "secret-encoding": "hex",
    }  # fmt: skip
    parsed = webhook_signing(spec, "#/x-sdk-webhooks/signing", lambda p, m: problems.append((p, m)))
    assert problems == [] and parsed and not isinstance(parsed, bool)
    key = bytes(range(32))
    mac = hmac.new(key, f"{now}:".encode() + BODY, hashlib.sha512).hexdigest()
    headers = {"X-Sig": f"v2,{mac}", "X-Sig-Time": str(now)}
    check(parsed.table(), BODY, headers, key.hex())
    refused(lambda: check(parsed.table(), BODY, headers, bytes(range(1, 33)).hex()))
    assert "not valid hex" in refused(lambda: check(parsed.table(), BODY, headers, "zz"))


@pytest.mark.parametrize(
    ("value", "pointer", "message"),
    [
        ("github", "#/s", "unsupported webhook signing scheme 'github'"),
        ({"scheme": "stripe", "algorithm": "ed25519"}, "#/s/algorithm", "unsupported algorithm"),
        ({"header": "X-Sig", "payload": "{body}.{nonce}", "timestamp-header": "T", "version": "v1"},
         "#/s", "unknown placeholder {nonce}"),
        ({"header": "X-Sig", "payload": "{id}.{body}", "timestamp-header": "T", "version": "v1"},
         "#/s", "id-header is needed"),
        ({"format": "list", "header": "X-Sig", "version": "v1"}, "#/s", "needs timestamp-header"),
        ({"version": "v1"}, "#/s", "needs header"),
        (["stripe"], "#/s", "expected a scheme name or a map"),
    ],
)  # fmt: skip
def test_unsupported_schemes_are_located_warnings(value: Any, pointer: str, message: str) -> None:
    problems: list[tuple[str, str]] = []
    assert webhook_signing(value, "#/s", lambda p, m: problems.append((p, m))) is None
    assert [p for p, _ in problems] == [pointer]
    text = problems[0][1]
    assert message in text and ("not verified" in text or "no verify" in text)
