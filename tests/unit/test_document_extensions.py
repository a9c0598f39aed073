"""Document-level ``x-sdk-*`` extensions: parsed once into records, malformed ones warned about
at their JSON pointer and left out (the default applies), and the IR and the mock's table built
from those records."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml

from generator.ir import Warnings, build_package
from generator.ir.document_extensions import (
    DocumentMock,
    ErrorSpec,
    ExtendSpec,
    RateLimit,
    document_extensions,
)
from generator.ir.servers import build_servers
from generator.load import load_spec
from generator.runtime._options import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT


def _parse(document: dict[str, Any]) -> tuple[Any, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    parsed = document_extensions(document, lambda node: node, lambda p, m: problems.append((p, m)))
    return parsed, problems


def _signed_document() -> dict[str, Any]:
    return {
        "info": {
            "title": "T",
            "x-sdk-package": "tee",
            "x-sdk-timeout": 12,
            "x-sdk-max-retries": 0,
            "x-sdk-mock-port": "8100",
            "x-sdk-error-aliases": {"Oops": "BadRequestError"},
            "x-sdk-modules": {"types": ["Pet"]},
            "x-sdk-extend": {"client": "client", "resources": {"pets": None}},
        },
        "x-sdk-errors": {
            "bad": {"class": "BadThing", "status": 400, "description": " Bad. "},
            "odd": {"class": "Odd", "parent": "BadThing"},
        },
        "x-sdk-rate-limit": {"requests": 5, "period": 2},
        "x-sdk-mock": {"error-codes": {400: "bad", "404": "missing"}, "max-body": 1024},
        "components": {
            "securitySchemes": {
                "Sig": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Key",
                    "x-sdk-signing": {
                        "description": "left out of the settings",
                        "credentials": ["agent-id", "secret"],
                        "headers": {"agent-id": "X-Agent"},
                        "canonical-string": ["method-upper", "secret"],
                        "clock-skew-seconds": 30,
                    },
                }
            }
        },
    }


def test_every_document_extension_becomes_a_typed_record() -> None:
    parsed, problems = _parse(_signed_document())
    assert problems == []
    info = parsed.info
    assert (info.package, info.timeout, info.max_retries, info.mock_port) == ("tee", 12.0, 0, 8100)
    assert info.error_aliases == (("Oops", "BadRequestError"),)
    assert info.modules == (("types", ("Pet",)),)
    assert info.extend == ExtendSpec(client="client", resources=(("pets", ""),))
    assert parsed.errors == (
        ErrorSpec("bad", "BadThing", 400, "Bad."),
        ErrorSpec("odd", "Odd", None, "", "BadThing"),
    )
    assert parsed.rate_limit == RateLimit(5, 2)
    assert parsed.mock == DocumentMock(((400, "bad"), (404, "missing")), 1024)
    (signing,) = parsed.signing
    assert (signing.scheme, signing.credentials, signing.key) == (
        "Sig",
        ("agent-id", "secret"),
        "secret",
    )
    assert signing.headers == (("agent-id", "X-Agent"),)
    assert "description" not in signing.settings and signing.settings["clock-skew-seconds"] == 30
    assert parsed.signed_schemes == {"Sig"}


def test_malformed_values_are_left_out_with_located_warnings() -> None:
    document = {
        "info": {
            "x-sdk-timeout": "soon",
            "x-sdk-max-retries": -1,
            "x-sdk-mock-port": 70000,
            "x-sdk-error-aliases": ["Oops"],
            "x-sdk-modules": {"types": "Pet"},
            "x-sdk-extend": "lib",
        },
        "x-sdk-errors": {"bad": {"status": 400}},
        "x-sdk-rate-limit": {"requests": 0, "period": 1},
        "x-sdk-mock": {"error-codes": {"often": "bad"}, "max-body": "big"},
        "components": {
            "securitySchemes": {"Sig": {"type": "apiKey", "x-sdk-signing": {"key": "k"}}}
        },
    }
    parsed, problems = _parse(document)
    assert [pointer for pointer, _ in problems] == [
        "#/info/x-sdk-timeout",
        "#/info/x-sdk-max-retries",
        "#/info/x-sdk-mock-port",
        "#/info/x-sdk-error-aliases",
        "#/info/x-sdk-modules/types",
        "#/info/x-sdk-extend",
        "#/x-sdk-errors/bad",
        "#/x-sdk-rate-limit",
        "#/x-sdk-mock/error-codes/often",
        "#/x-sdk-mock/max-body",
        "#/components/securitySchemes/Sig/x-sdk-signing",
    ]
    info = parsed.info
    assert (info.timeout, info.max_retries, info.mock_port) == (None, None, None)
    assert info.error_aliases == () and info.modules == (("types", ()),)
    assert parsed.errors == () and parsed.rate_limit is None and parsed.signing == ()
    assert parsed.mock == DocumentMock()


def test_a_malformed_setting_gives_a_package_with_the_default(tmp_path: Path) -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1", "x-sdk-timeout": "soon", "x-sdk-mock-port": "x"},
        "paths": {},
    }
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    spec = load_spec(path)
    warnings = Warnings(spec)
    package = build_package(spec, warnings=warnings)  # before: a ValueError traceback
    assert (package.timeout, package.max_retries, package.mock_port) == (
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_RETRIES,
        8000,
    )
    assert [p for p, _ in warnings.items] == ["#/info/x-sdk-timeout", "#/info/x-sdk-mock-port"]


def test_the_package_and_the_mock_table_come_from_the_records(tmp_path: Path) -> None:
    document = {"openapi": "3.0.3", "paths": {}, **_signed_document()}
    document["info"]["version"] = "1"
    del document["info"]["x-sdk-modules"], document["info"]["x-sdk-extend"]
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    spec = load_spec(path)
    package = build_package(spec)
    assert (package.timeout, package.max_retries, package.mock_port) == (12.0, 0, 8100)
    assert package.rate_limit == (5, 2.0)
    assert [(e.code, e.class_name, e.parent) for e in package.error_codes] == [
        ("bad", "BadThing", ""),
        ("odd", "Odd", "BadThing"),
    ]
    assert package.signing is not None and package.signing.credentials == ("agent_id", "secret")
    assert [a.signing for a in package.auth] == [True]
    table = ast.literal_eval(package.mock_table)  # inert data: dicts, lists and scalars
    assert table["rate_limit"] == {"requests": 5, "period": 2}
    assert table["codes"] == {"bad": 400}
    assert table["max_body"] == 1024
    assert table["status_codes"][404] == "missing"
    assert table["schemes"]["Sig"]["signing"]["clock-skew-seconds"] == 30
    assert "description" not in table["schemes"]["Sig"]["signing"]


def test_server_environment_names_are_read_here_in_the_servers_order() -> None:
    # x-sdk-environment on root servers (issue 16's environments) is a document key: read in
    # document_extensions, aligned with `servers`; a malformed one warns at its pointer.
    document: dict[str, Any] = {
        "info": {"title": "T"},
        "servers": [
            {"url": "https://api.example.com", "x-sdk-environment": "live"},
            {"url": "https://sandbox.example.com", "description": "Sandbox. Test data"},
            {"url": "https://eu.example.com", "x-sdk-environment": 7},
        ],
    }
    parsed, problems = _parse(document)
    assert parsed.environments == ("live", "", "")
    assert problems == [
        (
            "#/servers/2/x-sdk-environment",
            "expected a non-empty string; the server's description names it",
        )
    ]
    environments, _ = build_servers(document, parsed.environments)
    assert [e.name for e in environments] == ["live", "sandbox", "server_2"]


def test_server_variables_avoid_the_credentials_argument_names() -> None:
    # Both become constructor arguments: a variable named like a scheme's argument (issue 15)
    # or the shared OAuth2 ones is renamed, never a duplicate keyword.
    document: dict[str, Any] = {
        "servers": [
            {
                "url": "https://{tenant}.{client_id}.example.com",
                "variables": {"tenant": {"default": "a"}, "client_id": {"default": "b"}},
            }
        ]
    }
    _, variables = build_servers(document, (), {"tenant"})
    assert [(v.name, v.param) for v in variables] == [
        ("tenant", "tenant_"),
        ("client_id", "client_id_"),
    ]


@pytest.mark.parametrize(
    ("budget", "scope", "problem"),
    [
        ({"requests": 2, "period": 1}, "all", None),
        ({"requests": 2, "period": 1, "scope": "all"}, "all", None),
        ({"requests": 2, "period": 1, "scope": "polling"}, "polling", None),
        ({"requests": 2, "period": 1, "scope": "poling"}, "all", "#/x-sdk-rate-limit/scope"),
        ({"requests": 2, "period": 1, "scope": None}, "all", "#/x-sdk-rate-limit/scope"),
    ],
)
def test_rate_limit_scope_defaults_to_every_call_and_a_bad_one_is_located(
    budget: dict[str, Any], scope: str, problem: Optional[str]
) -> None:
    parsed, problems = _parse({"openapi": "3.1.0", "x-sdk-rate-limit": budget})
    assert parsed.rate_limit == RateLimit(2, 1, scope)
    assert [pointer for pointer, _ in problems] == ([problem] if problem else [])
    if problem:
        assert "'all'" in problems[0][1] and "polling" in problems[0][1]
