"""Security in the IR: each scheme's constructor argument, the root requirement, each
operation's requirement record (only where it differs from the root's), the origin rule, and
the located warnings for what the client cannot apply by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from generator.ir import build_package
from generator.ir.package import Package
from generator.load import load_spec
from generator.pipeline import build
from generator.preflight import preflight
from tests.support.packages import generate_and_import

KEY = {"type": "apiKey", "in": "header", "name": "K"}
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def package_of(tmp_path: Path, doc: dict[str, Any]) -> Package:
    path = tmp_path / "spec.yaml"
    base = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    path.write_text(yaml.safe_dump({**base, **doc}), encoding="utf-8")
    return build_package(load_spec(path), name="t")


def op(**extra: Any) -> dict[str, Any]:
    return {"responses": {"200": {"description": "OK"}}, **extra}


def requirements(package: Package) -> dict[str, Any]:
    return {o.operation_id: o.requirement for o in package.operations}


def test_the_matrix_arguments_and_requirements() -> None:
    package = build_package(load_spec(GOLDEN / "security" / "spec.yaml"), name="vault")
    args = {s.key: (s.kind, s.arg) for s in package.auth}
    assert args == {
        "ApiKey": ("api_key", "api_key"),
        "Bearer": ("bearer", "bearer"),
        "Basic": ("basic", ""),
        "Digest": ("http", "digest"),
        "Mtls": ("mtls", "client_cert"),
        "OAuth": ("oauth2", "oauth"),
        "Oidc": ("openid", "oidc"),
        "Partner": ("api_key", "partner_token"),  # x-sdk-argument
        "QueryKey": ("api_key", "query_key"),
        "Session": ("api_key", "session"),
    }
    assert package.root_requirement == ((("ApiKey", ()),), (("Bearer", ()),), (("Basic", ()),))
    found = requirements(package)
    assert found["listItems"] is None  # the root's: no per-call record
    assert found["health"] == ((),)
    assert found["bothKeys"] == ((("ApiKey", ()), ("QueryKey", ())),)
    assert found["alternatives"] == ((("Bearer", ()),), (("ApiKey", ()), ("QueryKey", ())), ())
    assert found["listReports"] == ((("OAuth", ("reports:read",)),),)
    assert found["thirdPartyHook"] == ((),)  # another origin, no security of its own
    assert found["partnerSigned"] == ((("Partner", ()),),)


def test_the_four_sdks_need_no_per_operation_record() -> None:
    # CodeVF's operations differ from its root only by bearer scopes, which are documentation.
    for name in ("codevf", "flowmaestro", "openspawn", "taskforceai"):
        spec = Path(__file__).resolve().parents[2] / "specs" / name / "openapi.yaml"
        package = build_package(load_spec(spec), name=name)
        assert set(requirements(package).values()) == {None}, name
        assert package.api_key_scheme is not None and package.api_key_scheme.arg == "api_key"


def test_credentials_are_optional_at_construction_unless_the_spec_says_so(tmp_path: Path) -> None:
    # By default a client may be built without credentials: each call checks its own
    # requirement. info.x-sdk-require-credentials (the four SDKs' documented "requires an API
    # key") refuses one at construction, but only when no call could succeed without.
    schemes = {"securitySchemes": {"Key": KEY}}
    secured = {"/a": {"get": op(operationId="a")}}
    doc = {"security": [{"Key": []}], "components": schemes, "paths": secured}
    assert package_of(tmp_path, doc).anonymous_possible
    strict_info = {"title": "T", "version": "1", "x-sdk-require-credentials": True}
    required = {**doc, "info": strict_info}
    assert not package_of(tmp_path, required).anonymous_possible
    health = {**secured, "/health": {"get": op(operationId="health", security=[])}}
    assert package_of(tmp_path, {**required, "paths": health}).anonymous_possible
    optional = {**required, "security": [{"Key": []}, {}]}
    assert package_of(tmp_path, optional).anonymous_possible
    assert build_package(load_spec(GOLDEN / "security" / "spec.yaml")).anonymous_possible


def test_a_client_without_credentials_fails_the_call_not_the_constructor(tmp_path: Path) -> None:
    doc = {
        "servers": [{"url": "https://api.test/v1"}],
        "security": [{"Key": []}],
        "components": {"securitySchemes": {"Key": KEY}},
        "paths": {"/a": {"get": op(operationId="getA")}},
    }
    path = tmp_path / "spec.yaml"
    base = {"openapi": "3.1.0", "info": {"title": "Only Keys", "version": "1"}}
    path.write_text(yaml.safe_dump({**base, **doc}), encoding="utf-8")
    package = generate_and_import(path, tmp_path / "out", "only_keys")
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200, json={}))
    client = package.OnlyKeysClient(http_client=httpx.Client(transport=transport))
    with pytest.raises(package.MissingCredentialsError, match="Key"):
        client.default.get_a()
    assert sent == []  # refused before anything was sent


def test_api_origins_include_every_root_server(tmp_path: Path) -> None:
    package = package_of(
        tmp_path,
        {
            "servers": [{"url": "https://api.test/v1"}, {"url": "http://localhost:8000/v1"}],
            "security": [{"Key": []}],
            "components": {"securitySchemes": {"Key": KEY}},
            "paths": {
                "/a": {"get": op(operationId="local", servers=[{"url": "http://localhost:8000/v2"}])},
                "/b": {"get": op(operationId="other", servers=[{"url": "https://cdn.test"}])},
                "/c": {"get": op(operationId="port", servers=[{"url": "https://api.test:8443/v1"}])},
            },
        },
    )  # fmt: skip
    assert requirements(package) == {"local": None, "other": ((),), "port": ((),)}


def test_api_key_without_root_security_only_when_unambiguous(tmp_path: Path) -> None:
    one = {"securitySchemes": {"Tok": {"type": "http", "scheme": "bearer"}}}
    assert package_of(tmp_path, {"components": one}).api_key_scheme is not None
    two = {
        "securitySchemes": {
            "Tok": {"type": "http", "scheme": "bearer"},
            "Cookie": {"type": "apiKey", "in": "cookie", "name": "sid"},
        }
    }
    package = package_of(tmp_path, {"components": two})
    assert package.api_key_scheme is None
    assert sorted(s.arg for s in package.auth) == ["cookie", "tok"]


def test_scheme_names_avoid_the_clients_own_arguments(tmp_path: Path) -> None:
    schemes = {
        "timeout": {"type": "apiKey", "in": "header", "name": "T"},
        "username": {"type": "apiKey", "in": "header", "name": "U"},
        "Timeout": {"type": "apiKey", "in": "query", "name": "t"},
    }
    package = package_of(
        tmp_path, {"security": [{"timeout": []}], "components": {"securitySchemes": schemes}}
    )
    assert sorted(s.arg for s in package.auth) == ["api_key", "timeout_auth", "username_auth"]


def test_unsupported_schemes_are_located_warnings(tmp_path: Path) -> None:
    schemes = {
        "Code": {
            "type": "oauth2",
            "flows": {
                "authorizationCode": {"authorizationUrl": "/a", "tokenUrl": "/t", "scopes": {}}
            },
        },
        "Hoba": {"type": "http", "scheme": "hoba"},
    }  # fmt: skip
    doc = {"openapi": "3.1.0", "components": {"securitySchemes": schemes}}
    warnings = {k: v for k, v in preflight(doc, "T") if "securitySchemes" in k}
    assert set(warnings) == {
        "#/components/securitySchemes/Code",
        "#/components/securitySchemes/Hoba",
    }
    assert "token_provider=" in warnings["#/components/securitySchemes/Code"]
    spec = tmp_path / "spec.yaml"
    base = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    spec.write_text(yaml.safe_dump({**base, "components": {"securitySchemes": schemes}}))
    advice = [str(p) for p in build(spec, "t", tmp_path).advice]
    assert any("spec.yaml:" in a and "Hoba" in a for a in advice)  # file:line and pointer


def test_requirement_naming_an_undefined_scheme_is_left_out_with_a_warning(
    tmp_path: Path,
) -> None:
    doc = {
        "security": [{"Nope": []}, {"Key": []}],
        "components": {"securitySchemes": {"Key": KEY}},
        "paths": {"/a": {"get": op(operationId="a", security=[{"Gone": []}])}},
    }
    spec = tmp_path / "spec.yaml"
    base = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}}
    spec.write_text(yaml.safe_dump({**base, **doc}), encoding="utf-8")
    result = build(spec, "t", tmp_path)
    assert result.package.root_requirement == ((("Key", ()),),)
    assert requirements(result.package) == {"a": ((),)}  # no way to send what it names
    shown = [str(p) for p in result.warnings]
    assert any("#/security/0" in w and "Nope" in w for w in shown)
    assert any("#/paths/~1a/get/security/0" in w and "Gone" in w for w in shown)


def test_scheme_refs_and_bad_client_auth(tmp_path: Path) -> None:
    schemes = {
        "Key": KEY,
        "Alias": {"$ref": "#/components/securitySchemes/Key"},
        "Machine": {
            "type": "oauth2",
            "x-sdk-client-auth": "magic",
            "flows": {"clientCredentials": {"tokenUrl": "/t", "scopes": {}}},
        },
    }
    spec = tmp_path / "spec.yaml"
    base = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    doc = {**base, "security": [{"Key": []}], "components": {"securitySchemes": schemes}}
    spec.write_text(yaml.safe_dump(doc), encoding="utf-8")
    result = build(spec, "t", tmp_path)
    kinds = {s.key: (s.kind, s.param_name, s.client_auth) for s in result.package.auth}
    assert kinds["Alias"] == ("api_key", "K", "basic")
    assert kinds["Machine"] == ("oauth2", "", "basic")
    assert any("x-sdk-client-auth" in str(w) for w in result.warnings)
