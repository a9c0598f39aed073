"""The IR of webhooks and callbacks (``generator/ir/webhooks.py``): payloads through the schema
machinery (components reused, inline schemas named after the event), how ``unwrap`` tells
them apart, signing schemes from ``x-sdk-webhooks``/``x-sdk-webhook`` with located warnings,
names clear of the package's own, and nothing at all for specs without webhooks."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.ir.build import Warnings, build_package
from generator.ir.package import Package
from generator.load import load_spec
from generator.render import render_package

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "tests" / "functional" / "specs" / "webhooks.yaml"
BILLING = ROOT / "tests" / "golden" / "billing_events" / "spec.yaml"


def build(document: dict[str, Any], tmp_path: Path) -> tuple[Package, list[tuple[str, str]]]:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    spec = load_spec(path)
    warnings = Warnings(spec)
    return build_package(spec, "pkg", warnings), warnings.items


def shop() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SHOP.read_text(encoding="utf-8"))
    return loaded


def test_payloads_reuse_components_and_name_inline_schemas(tmp_path: Path) -> None:
    package, warnings = build(shop(), tmp_path)
    assert warnings == []
    hooks = package.webhooks
    assert hooks is not None
    entries = {e.event: e for e in hooks.entries}
    assert list(entries) == ["order.created", "order.refunded", "export.finished"]
    order = entries["order.created"]
    assert order.type.name == "Order" and order.kind == "webhook" and order.models == ("Order",)
    # Inline payloads are named after the webhook's key, or the callback's operationId.
    assert entries["order.refunded"].type.name == "OrderRefundedPayload"
    finished = entries["export.finished"]
    assert (finished.kind, finished.key, finished.function) == (
        "callback", "exportDone", "unwrap_export_finished",
    )  # fmt: skip
    assert finished.type.name == "ExportFinishedPayload"
    assert (
        finished.pointer
        == "#/paths/~1exports/post/callbacks/exportDone/{$request.body#~1callbackUrl}/post"
    )
    # One model per schema: Order is defined once, and the component walk found it first.
    names = [m.name for module in package.model_modules for m in module.models]
    assert names.count("Order") == 1 and "Order_2" not in names
    assert hooks.dispatch == ("header", "X-Shop-Event") and hooks.dispatch_source == "extension"
    assert [c for c, _ in hooks.schemes] == ["_SIGNING"]  # one table for every entry
    assert {e.scheme for e in hooks.entries} == {"_SIGNING"}
    assert hooks.payload_annotation == "Union[Order, OrderRefundedPayload, ExportFinishedPayload]"
    # The package's error classes gain the webhook ones, exported.
    errors = {e.name: e.parent for e in package.error_classes}
    assert errors["InvalidWebhookError"] == "ShopHooksError, ValueError"
    assert errors["WebhookVerificationError"] == "InvalidWebhookError"
    assert "webhooks" in package.submodules


def test_constant_properties_tell_the_webhooks_apart_and_operations_override_signing(
    tmp_path: Path,
) -> None:
    document = yaml.safe_load(BILLING.read_text(encoding="utf-8"))
    package, warnings = build(document, tmp_path)
    assert warnings == []
    hooks = package.webhooks
    assert hooks is not None
    assert hooks.dispatch == ("body", "type") and hooks.dispatch_source == "discriminator"
    assert [e.event for e in hooks.entries] == ["invoice.paid", "invoice.voided", "report.ready"]
    assert [e.scheme for e in hooks.entries] == ["_SIGNING", "_SIGNING", ""]
    assert hooks.tolerance == 600.0
    # Without distinct constants (one payload lacks `type`), the shape decides.
    del document["components"]["schemas"]["InvoiceVoided"]["properties"]["type"]
    document["components"]["schemas"]["InvoiceVoided"]["required"] = ["invoice"]
    package, _ = build(document, tmp_path)
    assert package.webhooks is not None and package.webhooks.dispatch is None
    assert [e.event for e in package.webhooks.entries] == [
        "invoicePaid", "invoiceVoided", "reportReady",
    ]  # fmt: skip


def test_malformed_extensions_are_located_warnings(tmp_path: Path) -> None:
    document = shop()
    document["x-sdk-webhooks"] = {"event": {"in": "cookie"}, "signing": "github"}
    created = document["webhooks"]["order.created"]["post"]
    created["x-sdk-webhook"] = {"event": [], "signing": {"scheme": "stripe", "encoding": "b32"}}
    document["webhooks"]["ping"] = {
        "post": {
            "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {}}}},
            "responses": {"200": {"description": "ok"}},
        }
    }
    package, warnings = build(document, tmp_path)
    assert sorted(warnings) == sorted([
        ("#/x-sdk-webhooks/event",
         "expected {in: header or body, name: str}; webhooks are told apart by shape"),
        ("#/x-sdk-webhooks/signing",
         "unsupported webhook signing scheme 'github' (known: standard-webhooks, stripe); "
         "not verified"),
        ("#/webhooks/order.created/post/x-sdk-webhook/event",
         "expected the event's name; the webhook's key is used"),
        ("#/webhooks/order.created/post/x-sdk-webhook/signing/encoding",
         "unsupported encoding 'b32' (hex, base64); not verified"),
        ("#/webhooks/ping/post", "webhook 'ping' has no JSON request body; no unwrap helper"),
    ])  # fmt: skip
    hooks = package.webhooks
    assert hooks is not None and not hooks.signed  # no scheme the runtime can check
    # Printed located by file and line, as the CLI prints warnings.
    spec = load_spec(tmp_path / "spec.yaml")
    collector = Warnings(spec)
    build_package(spec, "pkg", collector)
    printed = [str(p) for p in collector.problems()]
    assert any(re.search(r"spec\.yaml:\d+ #/x-sdk-webhooks/signing: ", p) for p in printed)
    assert "ping" not in {e.key for e in hooks.entries}


def test_a_webhooks_namespace_keeps_its_name(tmp_path: Path) -> None:
    document = shop()
    document["paths"]["/webhooks"] = {
        "get": {
            "operationId": "listWebhooks",
            "tags": ["Webhooks"],
            "responses": {"200": {"description": "ok"}},
        }
    }
    package, _ = build(document, tmp_path)
    assert package.webhooks is not None
    assert package.webhooks.client_attr == "webhook_events"
    assert any(r.attr == "webhooks" for r in package.resources)
    assert package.webhooks.module == "webhooks"  # PKG/webhooks.py, not resources/webhooks.py
    document["info"]["x-sdk-errors-module"] = "webhooks"
    package, _ = build(document, tmp_path)
    assert package.webhooks is not None
    assert (package.errors_module, package.webhooks.module) == ("webhooks", "webhook_events")


def test_an_event_claimed_twice_is_a_warning(tmp_path: Path) -> None:
    document = shop()
    refunded = document["webhooks"]["order.refunded"]["post"]
    refunded["x-sdk-webhook"] = {"event": "order.created"}
    package, warnings = build(document, tmp_path)
    assert warnings == [
        ("#/webhooks/order.refunded/post",
         "event 'order.created' names another webhook too; unwrap picks the first"),
    ]  # fmt: skip
    assert package.webhooks is not None
    events = [e.event for e in package.webhooks.entries]
    assert len(set(events)) == len(events)


@pytest.mark.parametrize("name", ["taskforceai", "codevf", "openspawn", "flowmaestro"])
def test_the_four_sdks_have_no_webhooks_and_carry_nothing_for_them(name: str) -> None:
    package = build_package(load_spec(ROOT / "specs" / name / "openapi.yaml"))
    assert package.webhooks is None
    assert {"InvalidWebhookError", "WebhookVerificationError"}.isdisjoint(
        e.name for e in package.error_classes
    )
    files = render_package(package)
    # (FlowMaestro's resources/webhooks.py is its namespace of webhook-managing operations.)
    assert f"src/{package.name}/webhooks.py" not in files
    assert f"src/{package.name}/_runtime/_webhooks.py" not in files
    assert "from .webhooks import" not in files[f"src/{package.name}/_client.py"]


def test_webhook_payloads_are_not_requests(tmp_path: Path) -> None:
    # A readOnly required field of a payload stays required: the payload is received.
    document = copy.deepcopy(shop())
    document["components"]["schemas"]["Order"]["properties"]["id"]["readOnly"] = True
    package, _ = build(document, tmp_path)
    order = next(m for module in package.model_modules for m in module.models if m.name == "Order")
    assert next(f for f in order.fields if f.wire_name == "id").required


def _github_like() -> dict[str, Any]:
    def hook(event: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "post": {
                "parameters": [
                    {"name": "X-GitHub-Event", "in": "header", "required": True,
                     "schema": {"type": "string", "enum": [event]}},
                    {"name": "X-Delivery", "in": "header", "schema": {"type": "string"}},
                ],
                "requestBody": {"content": {"application/json": {"schema": schema}}},
                "responses": {"200": {"description": "ok"}},
            }
        }  # fmt: skip

    push = {"type": "object", "properties": {"ref": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hub", "version": "1"},
        "paths": {},
        "webhooks": {"push": hook("push", push), "push-again": hook("ping", push)},
    }


def test_a_header_parameter_with_one_value_per_webhook_tells_them_apart(tmp_path: Path) -> None:
    package, warnings = build(_github_like(), tmp_path)
    assert warnings == []
    hooks = package.webhooks
    assert hooks is not None
    assert hooks.dispatch == ("header", "X-GitHub-Event")
    assert hooks.dispatch_source == "header parameter"
    assert [e.event for e in hooks.entries] == ["push", "ping"]
    # Inline schemas are models of their own, even when they read alike.
    assert hooks.payload_annotation == "Union[PushPayload, PushAgainPayload]"


def test_webhooks_sharing_a_payload_and_no_dispatch_are_a_warning(tmp_path: Path) -> None:
    document = _github_like()
    for item in document["webhooks"].values():
        del item["post"]["parameters"]
    document["webhooks"]["push-again"]["post"]["requestBody"] = copy.deepcopy(
        {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Push"}}}}
    )
    document["webhooks"]["push"]["post"]["requestBody"] = copy.deepcopy(
        document["webhooks"]["push-again"]["post"]["requestBody"]
    )
    document["components"] = {"schemas": {"Push": {"type": "object"}}}
    package, warnings = build(document, tmp_path)
    assert warnings == [
        ("#/webhooks/push-again/post",
         "webhook 'push-again' has the payload of 'push': unwrap returns it as that one "
         "(use unwrap_push_again, or x-sdk-webhooks.event)"),
    ]  # fmt: skip
    assert package.webhooks is not None and package.webhooks.dispatch is None
