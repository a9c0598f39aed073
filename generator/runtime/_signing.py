"""Request signing from the spec's ``x-sdk-signing`` description (HMAC over a canonical string).

The signer is a ``RequestSigner`` (called with each ``httpx.Request`` before every attempt, so a
retry carries a fresh timestamp and nonce). Its key is kept in a ``Secret`` and appears in no
repr, log or error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Callable

import httpx

from ._core import Secret

__all__ = ["HmacSigner", "SigningError"]

_HASHES = {"HMAC-SHA256": hashlib.sha256, "HMAC-SHA512": hashlib.sha512}


class SigningError(ValueError):
    """A signing credential is malformed (raised when the client is built, before any request)."""


class HmacSigner:
    """Signs requests as ``spec`` says.

    ``spec`` keys: ``algorithm`` (HMAC-SHA256/512), ``key`` (the credential used as the key),
    ``key-encoding`` (hex, base64 or utf-8), ``key-length`` (bytes, optional), ``headers``
    (header name per credential and for ``timestamp``, ``nonce``, ``signature``),
    ``canonical-string`` (parts, in order) and ``separator``. Parts: ``method-upper``,
    ``path-and-query-as-sent``, ``timestamp``, ``nonce``, ``sha256-hex-of-body``, or the name of
    a credential.
    """

    def __init__(
        self,
        spec: Mapping[str, Any],
        credentials: Mapping[str, str],
        *,
        clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = lambda: uuid.uuid4().hex,
        error: Callable[[str], Exception] = SigningError,
    ) -> None:
        self._hash = _HASHES.get(str(spec.get("algorithm", "HMAC-SHA256")).upper(), hashlib.sha256)
        key_name = str(spec.get("key", "secret"))
        # The key's form is checked when the first request is signed, still before anything is
        # sent: documentation examples build clients with placeholder secrets and never call.
        self._raw_key: Any = (
            Secret(credentials[key_name])
            if isinstance(credentials.get(key_name), str)
            else credentials.get(key_name)
        )
        self._key: Secret | None = None
        self._key_name = key_name
        self._spec = spec
        self._error = error
        self._headers: Mapping[str, str] = dict(spec.get("headers") or {})
        self._parts: Sequence[str] = list(spec.get("canonical-string") or ())
        self._separator = str(spec.get("separator", "\n"))
        self._credentials = {k: v for k, v in credentials.items() if k != key_name}
        self._clock = clock
        self._nonce = nonce

    def __repr__(self) -> str:
        return f"HmacSigner(credentials={sorted(self._credentials)!r}, key=Secret('**********'))"

    def canonical(self, request: httpx.Request, timestamp: str, nonce: str) -> str:
        values = {
            "method-upper": request.method.upper(),
            "path-and-query-as-sent": request.url.raw_path.decode("ascii"),
            "timestamp": timestamp,
            "nonce": nonce,
            "sha256-hex-of-body": hashlib.sha256(request.content).hexdigest(),
            **self._credentials,
        }
        return self._separator.join(values.get(part, "") for part in self._parts)

    def _hex_key(self) -> str:
        if self._key is None:
            try:
                raw = self._raw_key.reveal() if isinstance(self._raw_key, Secret) else self._raw_key
                self._key = Secret(_decode_key(self._key_name, raw, self._spec))
            except SigningError as exc:
                raise self._error(str(exc)) from None
        return self._key.reveal()

    def sign(self, message: str) -> str:
        key = bytes.fromhex(self._hex_key())
        return hmac.new(key, message.encode("utf-8"), self._hash).hexdigest()

    def __call__(self, request: httpx.Request) -> None:
        timestamp, nonce = str(int(self._clock())), self._nonce()
        for name, value in self._credentials.items():
            header = self._headers.get(name) or self._headers.get(name.replace("_", "-"))
            if header:
                request.headers[header] = value
        request.headers[self._headers.get("timestamp", "X-Timestamp")] = timestamp
        request.headers[self._headers.get("nonce", "X-Nonce")] = nonce
        signature = self.sign(self.canonical(request, timestamp, nonce))
        request.headers[self._headers.get("signature", "X-Signature")] = signature


def _decode_key(name: str, value: object, spec: Mapping[str, Any]) -> str:
    """The key as hex (the form ``sign`` uses), validated against the spec's encoding/length."""
    encoding = str(spec.get("key-encoding", "utf-8")).lower()
    length = spec.get("key-length")
    if encoding == "hex" and isinstance(length, int):
        expected = f"{2 * length} hexadecimal characters ({length} bytes)"
        if not isinstance(value, str):
            raise SigningError(
                f"{name}: must be a string of {expected}, got {type(value).__name__}"
            )
        if len(value) != 2 * length:
            raise SigningError(f"{name}: must be {expected}, got {len(value)} characters")
    if not isinstance(value, str):
        raise SigningError(f"{name}: must be a string, got {type(value).__name__}")
    try:
        if encoding == "hex":
            if not all(c in "0123456789abcdefABCDEF" for c in value):
                raise ValueError  # bytes.fromhex would accept spaces
            raw = bytes.fromhex(value)
        elif encoding == "base64":
            raw = base64.b64decode(value, validate=True)
        else:
            raw = value.encode("utf-8")
    except (ValueError, binascii.Error):
        hint = " (0-9, a-f); it contains another character" if encoding == "hex" else ""
        raise SigningError(f"{name}: not valid {encoding}{hint}") from None
    if not raw or (isinstance(length, int) and len(raw) != length):
        expected = f"{length} bytes" if isinstance(length, int) else "a non-empty key"
        raise SigningError(f"{name}: expected {expected}, got {len(raw)} bytes")
    return raw.hex()
