"""Webhooks and callbacks in generated packages: ``PKG.webhooks.unwrap`` and its typed helpers,
``client.webhooks`` (sync and async clients), signatures checked against senders written here
from the providers' published schemes, and every bad request a typed ``InvalidWebhookError``.

Three specs: ``specs/webhooks.yaml`` (3.1 webhooks and a callback, Stripe-style signatures,
the event named by a header), ``specs/callbacks30.yaml`` (3.0 callbacks, unsigned, told apart
by shape) and the golden ``billing_events`` (Standard Webhooks, the event found from the
payloads' ``type`` constants, an unsigned callback)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request, Response

from tests.support.live import serve
from tests.support.packages import client_class, exact_imports_problems, generate_and_import
from tests.support.twins import Twin, both, run

HERE = Path(__file__).parent
SHOP_SECRET = "whsec_shop_signing_secret"
BILLING_KEY = b"billing events signing key 32by"
BILLING_SECRET = "whsec_" + base64.b64encode(BILLING_KEY).decode()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("webhooks")


@pytest.fixture(scope="module")
def shop(out: Path) -> ModuleType:
    return generate_and_import(HERE / "specs" / "webhooks.yaml", out, "shop_hooks")


@pytest.fixture(scope="module")
def jobs(out: Path) -> ModuleType:
    return generate_and_import(HERE / "specs" / "callbacks30.yaml", out, "job_runner")


@pytest.fixture(scope="module")
def billing(out: Path) -> ModuleType:
    spec = HERE.parent / "golden" / "billing_events" / "spec.yaml"
    return generate_and_import(spec, out, "billing_events")


def stripe_sign(body: bytes, secret: str, timestamp: int) -> str:
    """Stripe's scheme: HMAC-SHA256 of "{t}.{body}", hex, in ``t=...,v1=...``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def standard_sign(body: bytes, key: bytes, timestamp: int, msg_id: str) -> dict[str, str]:
    """Standard Webhooks: HMAC-SHA256 of "{id}.{timestamp}.{body}", base64, as ``v1,...``."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    mac = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": f"v1,{mac}",
    }


ORDER = {"id": "o_1", "total": 4200, "placedAt": "2025-03-01T10:00:00Z", "items": [{"sku": "A"}]}


def shop_request(
    event: str, payload: Any, secret: str = SHOP_SECRET, age: int = 0
) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    headers = {
        "X-Shop-Event": event,
        "Stripe-Signature": stripe_sign(body, secret, int(time.time()) - age),
    }
    return body, headers


# -- decoding -------------------------------------------------------------------------------


def test_unwrap_decodes_each_webhook_and_callback_by_the_event_header(shop: ModuleType) -> None:
    hooks = shop.webhooks
    body, headers = shop_request("order.created", ORDER)
    order = hooks.unwrap(body, headers, secret=SHOP_SECRET)
    assert isinstance(order, shop.models.Order)  # the component's model, not a copy
    assert order.placed_at == dt.datetime(2025, 3, 1, 10, tzinfo=dt.timezone.utc)
    assert order.items is not None and order.items[0].sku == "A"
    body, headers = shop_request(
        "order.refunded", {"orderId": "o_1", "amount": 5, "reason": "fraud"}
    )
    refund = hooks.unwrap(body, headers, secret=SHOP_SECRET)
    assert type(refund).__name__ == "OrderRefundedPayload" and refund.reason == "fraud"
    done = {"exportId": "e_1", "finishedAt": "2025-03-01T10:00:00Z"}
    body, headers = shop_request("export.finished", done)
    finished = hooks.unwrap(body, {k.lower(): v for k, v in headers.items()}, secret=SHOP_SECRET)
    assert type(finished).__name__ == "ExportFinishedPayload" and finished.export_id == "e_1"
    # The typed helpers, without verification (no secret) and with it.
    assert hooks.unwrap_order_created(body=json.dumps(ORDER), headers={}) == order
    assert hooks.unwrap_export_finished(body, headers, secret=SHOP_SECRET) == finished
    assert set(hooks.__all__) >= {"unwrap", "verify", "Webhooks", "WebhookPayload"}
    assert {"unwrap_order_created", "unwrap_order_refunded", "unwrap_export_finished"} <= set(
        hooks.__all__
    )


def test_callbacks_of_a_30_spec_are_told_apart_by_shape(jobs: ModuleType) -> None:
    hooks = jobs.webhooks
    progress = hooks.unwrap(b'{"jobId": "j", "percent": 40}', {})
    assert isinstance(progress, jobs.models.Progress) and progress.percent == 40
    failed = hooks.unwrap(b'{"jobId": "j", "error": "disk full", "retryable": true}', {})
    assert isinstance(failed, jobs.models.Failed) and failed.retryable is True
    succeeded = hooks.unwrap(b'{"jobId": "j", "result": "ok"}', {})
    assert isinstance(succeeded, jobs.models.Succeeded)
    # Both Progress and Failed need jobId; the one whose required keys are all there wins,
    # and among those the one knowing most of the keys.
    assert isinstance(
        hooks.unwrap(b'{"jobId": "j", "percent": 1, "error": "x"}', {}), jobs.models.Progress
    )
    assert isinstance(
        hooks.unwrap_done(b'{"jobId": "j", "result": "ok"}', {}), jobs.models.Succeeded
    )
    with pytest.raises(jobs.InvalidWebhookError, match="matches no webhook"):
        hooks.unwrap(b'{"jobId": "j"}', {})


def test_the_event_is_found_from_the_payloads_constant_property(billing: ModuleType) -> None:
    hooks = billing.webhooks
    paid = {
        "type": "invoice.paid",
        "invoice": {"id": "in_1", "amount": 10},
        "paidAt": "2025-01-02T03:04:05Z",
    }
    body = json.dumps(paid).encode()
    headers = standard_sign(body, BILLING_KEY, int(time.time()), "msg_1")
    value = hooks.unwrap(body, headers, secret=BILLING_SECRET)
    assert isinstance(value, billing.models.InvoicePaid) and value.invoice.amount == 10
    voided = json.dumps(
        {"type": "invoice.voided", "invoice": {"id": "in_1", "amount": 10}}
    ).encode()
    value = hooks.unwrap(
        voided, standard_sign(voided, BILLING_KEY, int(time.time()), "m2"), secret=BILLING_SECRET
    )
    assert isinstance(value, billing.models.InvoiceVoided)
    # The callback is declared unsigned (x-sdk-webhook.signing: false): decoded as it is,
    # even when a secret is given.
    ready = b'{"type": "report.ready", "reportId": "r1", "rows": 3}'
    assert hooks.unwrap(ready, {}, secret=BILLING_SECRET).rows == 3
    with pytest.raises(billing.InvalidWebhookError, match=r"unknown webhook 'invoice\.lost'"):
        hooks.unwrap(b'{"type": "invoice.lost"}', {})
    # verify of a webhook without a scheme is refused, not silently passed.
    with pytest.raises(billing.WebhookVerificationError, match="no signing scheme"):
        hooks.verify(ready, {}, BILLING_SECRET, event="report.ready")


# -- signatures -------------------------------------------------------------------------------


def test_signatures_are_checked_before_decoding(shop: ModuleType) -> None:
    hooks = shop.webhooks
    body, headers = shop_request("order.created", ORDER)
    hooks.verify(body, headers, SHOP_SECRET)
    tampered = body.replace(b"4200", b"1")
    for call in (
        lambda: hooks.unwrap(tampered, headers, secret=SHOP_SECRET),
        lambda: hooks.unwrap_order_created(tampered, headers, secret=SHOP_SECRET),
        lambda: hooks.verify(tampered, headers, SHOP_SECRET),
        lambda: hooks.unwrap(body, headers, secret="whsec_wrong"),
        lambda: hooks.unwrap(*shop_request("order.created", ORDER, age=301), secret=SHOP_SECRET),
        lambda: hooks.unwrap(body, {"X-Shop-Event": "order.created"}, secret=SHOP_SECRET),
        # A body that is not even JSON fails on its signature first, not on parsing.
        lambda: hooks.unwrap(b"<html>", headers, secret=SHOP_SECRET),
    ):
        with pytest.raises(shop.WebhookVerificationError) as caught:
            call()
        assert isinstance(caught.value, shop.InvalidWebhookError)
        assert isinstance(caught.value, shop.ShopHooksError)
        assert "shop_signing" not in str(caught.value) and "wrong" not in str(caught.value)
    # tolerance= widens the window; None turns the time check off.
    old = shop_request("order.created", ORDER, age=1000)
    assert hooks.unwrap(*old, secret=SHOP_SECRET, tolerance=None).id == "o_1"
    assert hooks.unwrap(*old, secret=SHOP_SECRET, tolerance=2000).id == "o_1"


@both
def test_client_webhooks_use_the_secret_from_the_environment(
    shop: ModuleType, is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def body(t: Twin) -> None:
        t.unchecked = "no request is sent"
        monkeypatch.setenv("SHOP_HOOKS_WEBHOOK_SECRET", SHOP_SECRET)
        client = t.client(shop, lambda r: httpx.Response(500))
        hooks = client.webhooks
        assert hooks is client.webhooks  # built once
        assert SHOP_SECRET not in repr(hooks) and "**" in repr(hooks)
        payload, headers = shop_request("order.created", ORDER)
        assert hooks.unwrap(payload, headers).total == 4200
        assert hooks.unwrap_order_created(payload, headers).id == "o_1"
        hooks.verify(payload, headers)
        with pytest.raises(shop.WebhookVerificationError):
            hooks.unwrap(*shop_request("order.created", ORDER, secret="whsec_other"))
        # secret= per call wins over the environment's.
        assert hooks.unwrap(*shop_request("order.created", ORDER, secret="k2"), secret="k2").id
        await t.call(client.close())
        monkeypatch.delenv("SHOP_HOOKS_WEBHOOK_SECRET")
        unsigned = t.client(shop, lambda r: httpx.Response(500)).webhooks
        with pytest.raises(shop.WebhookVerificationError, match="no secret"):
            unsigned.verify(payload, headers)
        explicit = shop.webhooks.Webhooks(secret=SHOP_SECRET)
        assert explicit.unwrap(payload, headers).id == "o_1"
        old = shop_request("order.created", ORDER, age=1000)
        with pytest.raises(shop.WebhookVerificationError, match=r"\d+ s old \(tolerance 300.0 s\)"):
            explicit.verify(*old)
        explicit.verify(*old, SHOP_SECRET, tolerance=2000)  # as verify(body, headers, secret, ...)
        assert explicit.unwrap_order_created(*old, tolerance=None).id == "o_1"

    run(is_async, body)


# -- bad requests -----------------------------------------------------------------------------


CREATED = {"X-Shop-Event": "order.created"}


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (b"not json", {"X-Shop-Event": "order.created"}, "not JSON"),
        (b"\xff\xfe", {"X-Shop-Event": "order.created"}, "not JSON"),
        (json.dumps(ORDER).encode(), {}, "X-Shop-Event header is missing"),
        (json.dumps(ORDER).encode(), {"X-Shop-Event": "order.lost"}, "unknown webhook"),
        (b"[1, 2]", {"X-Shop-Event": "order.created"}, "does not match"),
        (b'{"id": "o", "placedAt": "2025-01-01T00:00:00Z"}', CREATED, "/total"),
        (b'{"id": "o", "total": 1, "placedAt": "yesterday"}', CREATED, "/placedAt"),
        (b'{"id": "o", "total": 1, "placedAt": "2025-01-01T00:00:00Z", "items": [{}]}',
         CREATED, "/items/0/sku"),
    ],
)  # fmt: skip
def test_every_bad_request_is_an_invalid_webhook_error(
    shop: ModuleType, body: bytes, headers: dict[str, str], message: str
) -> None:
    with pytest.raises(shop.InvalidWebhookError) as caught:
        shop.webhooks.unwrap(body, headers)
    error = caught.value
    assert not isinstance(error, shop.WebhookVerificationError)
    assert isinstance(error, shop.ShopHooksError) and isinstance(error, ValueError)
    assert message in str(error)
    if message.startswith("/"):
        assert error.pointer == message and error.expected


# -- end to end: the API posts a signed callback to a receiver written as users write them --------


def _apps(shop: ModuleType) -> Any:
    received: list[Any] = []
    app = FastAPI()

    @app.post("/exports", status_code=202)
    def start_export(payload: dict[str, Any]) -> dict[str, str]:
        # The API: answers, then posts the signed callback to the URL it was given.
        body = json.dumps(
            {"exportId": "e_9", "finishedAt": "2025-05-05T05:05:05Z", "url": "u"}
        ).encode()
        headers = {
            "Stripe-Signature": stripe_sign(body, SHOP_SECRET, int(time.time())),
            "X-Shop-Event": "export.finished",
        }
        httpx.post(payload["callbackUrl"], content=body, headers=headers, timeout=10)
        return {"id": "e_9"}

    @app.post("/hook")
    async def hook(request: Request) -> Response:
        # The receiver, as a user writes it: raw body and headers straight from Starlette.
        try:
            received.append(
                shop.webhooks.unwrap(await request.body(), request.headers, secret=SHOP_SECRET)
            )
        except shop.InvalidWebhookError as error:
            return Response(str(error), status_code=400)
        return Response(status_code=204)

    return app, received


@both
def test_a_callback_posted_by_a_live_api_is_received_verified_and_typed(
    shop: ModuleType, is_async: bool
) -> None:
    app, received = _apps(shop)
    with serve(app) as url:

        async def body(t: Twin) -> None:
            t.unchecked = "a live server, not a handler"
            cls = client_class(shop, t.is_async)
            client = cls(api_key="k", base_url=url)
            export = await t.call(client.default.start_export(callback_url=f"{url}/hook"))
            assert export.id == "e_9"
            await t.call(client.close())

        run(is_async, body)
        forged = httpx.post(
            f"{url}/hook",
            content=b'{"exportId": "x", "finishedAt": "2025-01-01T00:00:00Z"}',
            headers={"X-Shop-Event": "export.finished", "Stripe-Signature": "t=1,v1=00"},
        )
    assert forged.status_code == 400 and "verification failed" in forged.text
    assert len(received) == 1
    assert type(received[0]).__name__ == "ExportFinishedPayload"
    assert received[0].finished_at == dt.datetime(2025, 5, 5, 5, 5, 5, tzinfo=dt.timezone.utc)


# -- the generated code ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(out: Path) -> ModuleType:
    # Quotes, backslashes, newlines and keywords in webhook keys, events, summaries, header
    # names and signing settings; a payload that is plain JSON (a list).
    return generate_and_import(HERE / "specs" / "webhooks_hostile.yaml", out, "hostile_hooks")


def test_spec_strings_reach_the_webhooks_module_inert(hostile: ModuleType) -> None:
    hooks = hostile.webhooks
    assert {"unwrap_class_import_os", "unwrap_webhook_123"} <= set(hooks.__all__)
    header = "X-\"Evil\"\n'''"
    assert hooks.unwrap(b'["a"]', {header: "123"}) == ["a"]
    value = hooks.unwrap(b'{"def": "x", "a\\"b": 2}', {header: "ev\"'\\n"})
    assert value.def_ == "x"
    with pytest.raises(hostile.InvalidWebhookError, match="unknown webhook"):
        hooks.unwrap(b"[]", {header: "nope"})


def test_generated_webhook_packages_pass_ruff_and_mypy_strict(
    shop: ModuleType, jobs: ModuleType, hostile: ModuleType, out: Path
) -> None:
    for name in ("shop_hooks", "job_runner", "hostile_hooks"):
        package = out / name
        assert exact_imports_problems(package) == "", name
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull,
             "--config-file", str(package / "pyproject.toml"), str(package / "src" / name)],
            capture_output=True, text=True, cwd=out,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr


def test_inputs_of_the_wrong_kind_are_invalid_webhook_errors(shop: ModuleType) -> None:
    hooks: Any = shop.webhooks  # Any: these calls break the annotations on purpose
    for call, message in (
        (lambda: hooks.unwrap(ORDER, CREATED), "raw request body"),
        (lambda: hooks.unwrap_order_created(ORDER, CREATED), "not dict"),
        (lambda: hooks.unwrap(b"{}", None), "headers must be a mapping"),
        (lambda: hooks.verify(ORDER, CREATED, SHOP_SECRET), "raw request body"),
        (lambda: hooks.unwrap(b"{}", CREATED, secret=b"bytes"), "must be a str, not bytes"),
        (lambda: hooks.unwrap(b"{}", CREATED, secret=""), "no webhook secret given"),
    ):
        with pytest.raises(shop.InvalidWebhookError, match=message):
            call()


def test_a_header_parameter_declared_per_webhook_names_the_event(out: Path) -> None:
    # GitHub's way: each webhook operation declares X-GitHub-Event with its one value.
    def hook(event: str, field: str) -> dict[str, Any]:
        schema = {"type": "object", "required": [field], "properties": {field: {"type": "string"}}}
        return {
            "post": {
                "parameters": [{"name": "X-GitHub-Event", "in": "header", "required": True,
                                "schema": {"type": "string", "const": event}}],
                "requestBody": {"content": {"application/json": {"schema": schema}}},
                "responses": {"200": {"description": "ok"}},
            }
        }  # fmt: skip

    spec = out / "hub.json"
    spec.write_text(
        json.dumps({
            "openapi": "3.1.0", "info": {"title": "Hub", "version": "1"}, "paths": {},
            "webhooks": {"push": hook("push", "ref"), "issues": hook("issues", "action")},
        }),
        encoding="utf-8",
    )  # fmt: skip
    hub = generate_and_import(spec, out, "hub_hooks")
    # {"ref": ..., "action": ...} fits both shapes: the header decides.
    both_shapes = b'{"ref": "main", "action": "opened"}'
    issue = hub.webhooks.unwrap(both_shapes, {"x-github-event": "issues"})
    assert type(issue).__name__ == "IssuesPayload" and issue.action == "opened"
    push = hub.webhooks.unwrap(both_shapes, {"X-GitHub-Event": "push"})
    assert type(push).__name__ == "PushPayload" and push.ref == "main"
    with pytest.raises(hub.InvalidWebhookError, match="X-GitHub-Event header is missing"):
        hub.webhooks.unwrap(both_shapes, {})
