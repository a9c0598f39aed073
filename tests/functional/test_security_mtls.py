"""mutualTLS for real: a uvicorn server on loopback that requires a client certificate signed by
its CA, and a client generated from a spec whose operation needs the ``mutualTLS`` scheme. The
certificate given as ``client_cert=`` reaches the TLS handshake; without it the handshake (and so
the call) fails. Certificates are made with the ``openssl`` command."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.live import serve
from tests.support.packages import client_class, generate_and_import
from tests.support.twins import both

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Tls Vault", "version": "1.0.0", "x-sdk-package": "tls_vault"},
    "security": [{"Mtls": []}],
    "components": {"securitySchemes": {"Mtls": {"type": "mutualTLS"}}},
    "paths": {
        "/whoami": {
            "get": {
                "operationId": "whoami",
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        }
    },
}


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_certificates(root: Path) -> None:
    """A CA, a server certificate for 127.0.0.1 and a client certificate, both signed by it."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            "ca.pem", "-days", "2", "-subj", "/CN=test-ca", cwd=root)  # fmt: skip
    (root / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n", encoding="utf-8")
    for name, extra in (("server", ["-extfile", "san.cnf"]), ("client", [])):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out",
                f"{name}.csr", "-subj", f"/CN={name}", cwd=root)  # fmt: skip
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", *extra,
                cwd=root)  # fmt: skip


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path, str]]:
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is needed to make the test certificates")
    root = tmp_path_factory.mktemp("mtls")
    make_certificates(root)
    spec = root / "openapi.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    package = generate_and_import(spec, root / "out", "tls_vault")

    async def whoami(request: Any) -> JSONResponse:
        return JSONResponse({"ok": True})

    app = Starlette(routes=[Route("/whoami", whoami)])
    options = {
        "ssl_keyfile": str(root / "server.key"),
        "ssl_certfile": str(root / "server.pem"),
        "ssl_ca_certs": str(root / "ca.pem"),
        "ssl_cert_reqs": ssl.CERT_REQUIRED,
    }
    with serve(app, **options) as url:
        yield package, root, url


@both
def test_client_certificate_reaches_the_handshake(
    tls: tuple[ModuleType, Path, str], is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    package, root, url = tls
    # The client verifies the server against the default trust store; point it at the test CA.
    monkeypatch.setenv("SSL_CERT_FILE", str(root / "ca.pem"))
    cert = (str(root / "client.pem"), str(root / "client.key"))

    async def call(value: Any) -> Any:
        return await value if hasattr(value, "__await__") else value

    async def body() -> None:
        client = client_class(package, is_async)(base_url=url, client_cert=cert, max_retries=0)
        try:
            assert (await call(client.default.whoami())) == {"ok": True}
        finally:
            await call(client.close())
        # Every operation needs the certificate: without one a call says so, before sending.
        bare = client_class(package, is_async)(base_url=url, max_retries=0)
        try:
            with pytest.raises(package.MissingCredentialsError, match="client_cert="):
                await call(bare.default.whoami())
        finally:
            await call(bare.close())

    asyncio.run(body())


def test_the_server_refuses_a_handshake_without_a_certificate(
    tls: tuple[ModuleType, Path, str],
) -> None:
    _, root, url = tls
    trusted = ssl.create_default_context(cafile=str(root / "ca.pem"))
    with pytest.raises(httpx.TransportError), httpx.Client(verify=trusted) as http:
        http.get(url + "/whoami").read()
