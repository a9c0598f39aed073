"""Bad input to each mock server over real HTTP: a 4xx in the platform's error schema, never a
500 or a reset; a 405 names the allowed methods (RFC 9110 15.5.6)."""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.mock_server import mock_server

# (platform, an operation taking a header parameter, auth header, key)
PLATFORMS = {
    "codevf": ("/tasks/create", "authorization", "Bearer sk_test_bad"),
    "flowmaestro": ("/v1/webhooks", "authorization", "Bearer fm_live_bad"),
    "openspawn": ("/v1/tasks", "authorization", "Bearer os_bad"),
    "taskforceai": ("/run", "x-api-key", "bad"),
}


def error_code(name: str, body: Any) -> str:
    """The platform's error code, read where its error schema puts it (KeyError otherwise)."""
    code = body["code"] if name == "openspawn" else body["error"]["code"]
    assert isinstance(code, str) and code
    return code


def raw_exchange(base_url: str, head: bytes) -> bytes:
    """Send ``head`` (a request without body) as bytes and read the answer whole."""
    url = urlsplit(base_url)
    with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), 10) as sock:
        sock.sendall(head)
        sock.shutdown(socket.SHUT_WR)  # the body is never finished
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_bad_requests_get_a_4xx_in_the_platform_error_schema(name: str) -> None:
    path, header, key = PLATFORMS[name]
    auth = {header: key}
    with mock_server(name) as base_url, httpx.Client(timeout=30) as http:
        prefix = urlsplit(base_url).path
        answers = {
            "non-ascii idempotency key": http.post(
                base_url + path, json={}, headers=[(header.encode(), key.encode()),
                                                   (b"Idempotency-Key", "ü".encode())]),
            "non-ascii key": http.get(base_url + path, headers=[(header.encode(), "ü".encode())]),
            "oversized header": http.get(base_url + path, headers={**auth, "x-big": "a" * 100_000}),
            "latin-1 json": http.post(base_url + path, content='{"a": "ü"}'.encode("latin-1"),
                                      headers={**auth, "content-type": "application/json"}),
            "wrong content type": http.post(base_url + path, content=b"<a/>",
                                            headers={**auth, "content-type": "text/xml"}),
        }  # fmt: skip
        # Not UTF-8 once decoded: an unknown parameter is ignored, but nothing may crash.
        odd_query = http.post(base_url + path + "?%ff%fe=%c3", json={}, headers=auth)
        truncated = raw_exchange(
            base_url,
            f"POST {prefix}{path} HTTP/1.1\r\nhost: x\r\n{header}: {key}\r\ncontent-type: "
            'application/json\r\ncontent-length: 20\r\nconnection: close\r\n\r\n{"a"'.encode(),
        )
        not_allowed = http.request("PATCH", base_url + path, headers=auth)
    for what, response in answers.items():
        assert 400 <= response.status_code < 500, (what, response.status_code, response.text[:200])
        assert response.headers["content-type"] == "application/json", what
        error_code(name, response.json())
    assert odd_query.status_code < 500 and odd_query.headers["content-type"] == "application/json"
    assert b"500" not in truncated.split(b"\r\n", 1)[0]  # the client gave up: no crash
    assert answers["oversized header"].status_code == 431
    assert not_allowed.status_code == 405 and error_code(name, not_allowed.json())
    allowed = {m.strip() for m in not_allowed.headers["allow"].split(",")}
    assert "POST" in allowed and "PATCH" not in allowed
