"""Incoming webhooks and callbacks: signature checks and decoding, sans-I/O.

A generated ``webhooks`` module (only in packages whose spec declares ``webhooks`` or operation
``callbacks``) hands its table to ``WebhookTable``: one ``WebhookEntry`` per webhook, with its
event name, its decoder and the models its payload may be. The table

* **verifies** a request's signature (``verify_signature``) as the spec's
  ``x-sdk-webhooks.signing`` says: HMAC over the raw body plus a timestamp (and, for the
  Standard Webhooks shape, the message id), compared in constant time against every signature
  the header carries (several during a key rotation), the timestamp within ``tolerance``
  seconds of now in either direction. Two header shapes: ``pairs`` (Stripe:
  ``t=<ts>,v1=<hex>,v1=<hex>``) and ``list`` (Standard Webhooks: ``webhook-signature:
  v1,<base64> v1,<base64>`` with ``webhook-timestamp`` and ``webhook-id`` headers);
* **identifies** which webhook a request is: by the header or body property the spec names,
  else by the payload's shape (the union rule of ``_unions.best_match``: required properties
  present, most properties known, ties to the first listed; then each decoder in order);
* raises the package's ``InvalidWebhookError`` (its ``WebhookVerificationError`` subclass for
  a bad signature) for anything else: never a bare ``KeyError``/``ValueError``.

The secret is held in a ``Secret`` and never appears in an error, a repr or a log.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional, Union

import attrs

from ._core import Secret
from ._decoding import DECODE_FAILURES, _parse, find_mismatch
from ._errors import APIErrorMixin
from ._unions import best_match

__all__ = [
    "Body",
    "WebhookEntry",
    "WebhookSecret",
    "WebhookTable",
    "header_value",
    "verify_signature",
]

Body = Union[str, bytes, bytearray]
_HASHES = {"HMAC-SHA256": hashlib.sha256, "HMAC-SHA512": hashlib.sha512}
_MAX_SIGNATURES = 16  # more is not key rotation: a header built to make verification slow


class WebhookSecret(Secret):
    """A webhook signing secret: its repr and str never show it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "WebhookSecret('**********')"

    __str__ = __repr__


@attrs.frozen
class WebhookEntry:
    """One webhook or callback: ``event`` (the value naming it), ``decode`` (JSON data to
    its payload type), ``models`` (the model classes the payload may be, for matching by
    shape), ``signing`` (its scheme, None: unsigned) and ``expected`` (the payload type's
    annotation, for errors)."""

    event: str
    decode: Callable[[Any], Any]
    models: tuple[type, ...] = ()
    signing: Optional[Mapping[str, Any]] = None
    expected: str = "Any"


def header_value(headers: Mapping[str, str], name: str) -> Optional[str]:
    """The header ``name`` of ``headers``, found whatever the case of its key (a plain
    dict from a serverless event as well as a framework's case-insensitive mapping)."""
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if str(k).lower() == wanted), None)
    return None if value is None else str(value)


def _raw(body: Body) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _key(
    secret: Union[str, Secret], scheme: Mapping[str, Any], fail: Callable[[str], Exception]
) -> bytes:
    text = secret.reveal() if isinstance(secret, Secret) else secret
    if not isinstance(text, str):
        raise fail(f"the webhook secret must be a str, not {type(text).__name__}")
    if not text:
        raise fail("no webhook secret given")
    prefix = str(scheme.get("secret-prefix") or "")
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    if scheme.get("secret-encoding") == "base64":
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise fail("the webhook secret is not valid base64") from None
    if scheme.get("secret-encoding") == "hex":
        try:
            return bytes.fromhex(text)
        except ValueError:
            raise fail("the webhook secret is not valid hex") from None
    return text.encode("utf-8")


def _signatures(
    scheme: Mapping[str, Any], headers: Mapping[str, str], fail: Callable[[str], Exception]
) -> tuple[str, list[str]]:
    """(timestamp, signatures of the scheme's version) from the request's headers."""
    name = str(scheme["header"])
    value = header_value(headers, name)
    if not value:
        raise fail(f"missing the {name} header")
    version = str(scheme.get("version") or "")
    found: list[str] = []
    if scheme.get("format") == "pairs":
        timestamp = ""
        stamp_key = str(scheme.get("timestamp-key") or "t")
        for part in value.split(","):
            key, sep, item = part.strip().partition("=")
            if not sep:
                continue
            if key == stamp_key:
                timestamp = item
            elif key == version:
                found.append(item)
        if not timestamp:
            raise fail(f"the {name} header carries no timestamp ({stamp_key}=)")
    else:
        stamp_header = str(scheme.get("timestamp-header") or "")
        timestamp = header_value(headers, stamp_header) or "" if stamp_header else ""
        if stamp_header and not timestamp:
            raise fail(f"missing the {stamp_header} header")
        for part in value.split():
            tag, sep, item = part.partition(",")
            if sep and tag == version:
                found.append(item)
    if not found:
        raise fail(f"the {name} header carries no {version} signature")
    return timestamp, found[:_MAX_SIGNATURES]


def _signed_bytes(scheme: Mapping[str, Any], body: bytes, timestamp: str, message_id: str) -> bytes:
    """The bytes the sender signed: the scheme's ``payload`` template (``{id}``,
    ``{timestamp}``, ``{body}``) with the raw body, byte for byte."""
    template = str(scheme.get("payload") or "{timestamp}.{body}")
    head, _, tail = template.partition("{body}")
    parts = {"{timestamp}": timestamp, "{id}": message_id}

    def fill(text: str) -> bytes:
        for placeholder, value in parts.items():
            text = text.replace(placeholder, value)
        return text.encode("utf-8")

    return fill(head) + body + fill(tail)


def verify_signature(
    scheme: Mapping[str, Any],
    body: Body,
    headers: Mapping[str, str],
    secret: Union[str, Secret],
    *,
    tolerance: Optional[float] = 300,
    now: Optional[float] = None,
    error: Callable[[str], Exception] = ValueError,
) -> None:
    """Raise ``error(message)`` unless ``body`` with ``headers`` carries a valid signature of
    ``secret`` under ``scheme`` (a signing table of the generated module), made within
    ``tolerance`` seconds of ``now`` (None: no time check)."""
    digest = _HASHES.get(str(scheme.get("algorithm") or "HMAC-SHA256").upper())
    if digest is None:  # the generator never writes one; a hand-made table might
        raise error(f"unsupported signature algorithm {scheme.get('algorithm')!r}")
    key = _key(secret, scheme, error)
    timestamp, candidates = _signatures(scheme, headers, error)
    id_header = str(scheme.get("id-header") or "")
    message_id = header_value(headers, id_header) or "" if id_header else ""
    if id_header and not message_id:
        raise error(f"missing the {id_header} header")
    if tolerance is not None:
        try:
            sent = int(timestamp.strip())
        except ValueError:
            raise error(f"the signature timestamp {timestamp[:40]!r} is not a number") from None
        age = (time.time() if now is None else now) - sent
        if abs(age) > tolerance:
            when = "old" if age > 0 else "in the future"
            raise error(
                f"the signature timestamp is {abs(int(age))} s {when} (tolerance {tolerance} s)"
            )
    mac = hmac.new(key, _signed_bytes(scheme, _raw(body), timestamp, message_id), digest).digest()
    expected = (
        base64.b64encode(mac).decode("ascii") if scheme.get("encoding") == "base64" else mac.hex()
    )
    matched = False
    for candidate in candidates:  # every one compared, in constant time each
        matched |= hmac.compare_digest(
            candidate.strip().encode("utf-8", "replace"), expected.encode("ascii")
        )
    if not matched:
        raise error("no signature matches the body and secret")


class WebhookTable:
    """The webhooks of one package (see the module docstring)."""

    def __init__(
        self,
        entries: Sequence[WebhookEntry],
        dispatch: Optional[Mapping[str, str]],
        invalid: type[APIErrorMixin],
        unverified: type[APIErrorMixin],
        namespace: Mapping[str, Any],
    ) -> None:
        self._entries = {e.event: e for e in entries}
        self._order = tuple(entries)
        self._dispatch = dispatch  # {"in": "header"|"body", "name": ...}
        self._invalid = invalid
        self._unverified = unverified
        self._namespace = namespace
        schemes = {json.dumps(e.signing, sort_keys=True) for e in entries}
        # One scheme for every webhook: a request is verified before anything reads its body.
        self._shared = entries[0].signing if len(schemes) == 1 and entries else None

    def __repr__(self) -> str:
        return f"WebhookTable(events={sorted(self._entries)!r})"

    @property
    def events(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def _fail(self, message: str, body: Any = None) -> APIErrorMixin:
        return self._invalid(message[:500], body=body)

    def _check(self, body: Any, headers: Any) -> None:
        """Inputs of the wrong kind are the caller's mistake, said as such (never a bare
        TypeError or AttributeError from deep inside)."""
        if not isinstance(body, (str, bytes, bytearray)):
            raise self._fail(
                f"the webhook body must be the raw request body (bytes or str), not "
                f"{type(body).__name__}: the signature and the decoding read it as received"
            )
        if not isinstance(headers, Mapping):
            raise self._fail(f"the headers must be a mapping, not {type(headers).__name__}")

    def _verification_failed(self, message: str) -> APIErrorMixin:
        return self._unverified(f"webhook signature verification failed: {message}")

    def verify(
        self,
        body: Body,
        headers: Mapping[str, str],
        secret: Union[str, Secret],
        tolerance: Optional[float],
        event: Optional[str] = None,
    ) -> None:
        """Check the signature with the scheme of ``event`` (None: the scheme every webhook
        shares)."""
        self._check(body, headers)
        if event is not None and event not in self._entries:
            raise self._fail(f"no webhook named {event[:80]!r} (known: {', '.join(self._entries)})")
        scheme = self._entries[event].signing if event is not None else self._shared
        if scheme is None:
            which = "this webhook" if event is not None or len(self._entries) == 1 else "them all"
            raise self._verification_failed(f"the spec gives no signing scheme for {which}")
        verify_signature(
            scheme, body, headers, secret, tolerance=tolerance, error=self._verification_failed
        )

    def _json(self, body: Body) -> Any:
        try:
            return json.loads(_raw(body))
        except (ValueError, UnicodeDecodeError):
            raise self._fail(f"the webhook body is not JSON ({len(body)} bytes)") from None

    def read(
        self,
        body: Body,
        headers: Mapping[str, str],
        secret: Union[str, Secret, None],
        tolerance: Optional[float],
        event: str,
    ) -> Any:
        """``body`` as JSON data, verified first when ``secret`` is given and the spec signs
        ``event`` (one it declares unsigned, ``signing: false``, is decoded as it is)."""
        self._check(body, headers)
        if secret is not None and self._entries[event].signing is not None:
            self.verify(body, headers, secret, tolerance, event)
        return self._json(body)

    def identify(
        self,
        body: Body,
        headers: Mapping[str, str],
        secret: Union[str, Secret, None],
        tolerance: Optional[float],
    ) -> tuple[str, Union[str, Secret, None]]:
        """(the event ``body`` and ``headers`` are, the secret still to check it with). The
        event comes from the spec's header or body property, else the payload's shape. When
        every webhook shares one scheme the request is verified here, before its body is
        read, and nothing is left to check (None)."""
        self._check(body, headers)
        if secret is not None and self._shared is not None:
            self.verify(body, headers, secret, tolerance)
            secret = None
        return self._event(body, headers), secret

    def _event(self, body: Body, headers: Mapping[str, str]) -> str:
        if self._dispatch is not None:
            name = self._dispatch["name"]
            if self._dispatch["in"] == "header":
                value: Any = header_value(headers, name)
                where = f"the {name} header"
            else:
                value = self._json(body)
                for part in name.split("."):
                    value = value.get(part) if isinstance(value, dict) else None
                where = f"the body's {name}"
            if value is None:
                raise self._fail(f"{where} is missing: it names the webhook", _text(body))
            if str(value) not in self._entries:
                known = ", ".join(sorted(self._entries))
                raise self._fail(
                    f"{where} names an unknown webhook {str(value)[:80]!r} (known: {known})",
                    _text(body),
                )
            return str(value)
        if len(self._order) == 1:
            return self._order[0].event
        data = self._json(body)
        if isinstance(data, dict):
            models = [m for e in self._order for m in e.models]
            picked = best_match(data, tuple(models))
            for entry in self._order:
                if picked is not None and picked in entry.models:
                    return entry.event
        for entry in self._order:  # the payloads that are not models, or fit none by shape
            try:
                entry.decode(data)
            except DECODE_FAILURES:
                continue
            return entry.event
        raise self._fail(
            "the webhook body matches no webhook of the spec "
            f"({', '.join(e.expected for e in self._order)})",
            _text(body),
        )

    def invalid_payload(self, event: str, data: Any, cause: BaseException) -> APIErrorMixin:
        """The error for ``data`` that does not decode as ``event``'s payload, located like
        a response's (``pointer``, ``expected``)."""
        entry = self._entries[event]
        pointer, wanted, problem = "", entry.expected, f"{type(cause).__name__}: {cause}"
        try:
            found = find_mismatch(data, _parse(entry.expected, self._namespace))
        except Exception:  # a type the walk does not know: the cause still says what failed
            found = None
        if found is not None:
            pointer, wanted, problem = found
        where = pointer or "the body"
        error = self._fail(
            f"webhook {event!r} does not match the spec: {where}: expected {wanted}; {problem}",
            data,
        )
        error.pointer = pointer
        error.expected = wanted
        return error


def _text(body: Body) -> str:
    return body if isinstance(body, str) else bytes(body).decode("utf-8", "replace")
