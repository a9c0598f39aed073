"""The mock's generic platform rules: credentials, scopes, signatures and rate limits.

Sans-I/O: each takes the request (and the clock, nonces or window it needs); ``MockAPI`` turns an
``AuthFailure`` into the platform's error. The per-platform hooks are ``MockRules`` in ``_core``.

Test-key convention (the mock issues no keys, so a key's text says what it is):

- missing or empty: 401; a key containing ``invalid`` or ``revoked``: 401 (the spec's code);
- containing ``expired``: 401 with the spec's code containing ``expired`` (CodeVF
  ``token_expired``), else the plain 401 code;
- containing ``.scopes=`` followed by a comma-separated list (``sk_test_x.scopes=tasks:read``):
  only those scopes; containing ``noscope``: none; any other key: every scope. An operation
  whose security names scopes the key lacks answers 403 (the code containing ``scope``);
- containing ``ratelimited``: every request answers 429 with ``Retry-After``.

Signed requests (a scheme with ``x-sdk-signing``, when its headers are sent) are verified as the
extension says: timestamp within ``clock-skew-seconds``, signature over the canonical string
with the agent's secret, nonce not seen within ``nonce-replay-window-seconds``. The mock's
agents share one secret: ``MockAPI(signing_secret=)``, by default the spec's first test vector's.
"""

from __future__ import annotations

import collections
import hmac
import math
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional

import httpx

from ..runtime._signing import HmacSigner

__all__ = [
    "AuthFailure",
    "RateWindow",
    "check_credentials",
    "credential_of",
    "verify_signature",
]


class AuthFailure(Exception):
    """Why a request is refused: ``status`` and a hint at the code (``expired``, ``scope``,
    ``signature``...), resolved against the spec's codes by the caller."""

    def __init__(self, status: int, hint: str, message: str, code: str = "") -> None:
        super().__init__(message)
        self.status, self.hint, self.message, self.code = status, hint, message, code


def credential_of(request: httpx.Request, scheme: Mapping[str, Any]) -> Optional[str]:
    """The credential ``scheme`` reads from ``request``; None when absent."""
    if scheme.get("type") in ("oauth2", "openIdConnect"):  # access tokens are bearer tokens
        scheme = {"type": "http", "scheme": "bearer"}
    if scheme.get("type") == "mutualTLS":  # the TLS layer's business, not the mock's
        return "mutual-tls"
    if scheme.get("type") == "http":
        header = str(request.headers.get("authorization", ""))
        prefix = str(scheme.get("scheme", "bearer")).lower() + " "
        return header[len(prefix) :].strip() if header.lower().startswith(prefix) else None
    name = str(scheme.get("name", ""))
    where = scheme.get("in", "header")
    found: Optional[str] = None
    if where == "query":
        found = request.url.params.get(name)
    elif where == "cookie":
        for part in request.headers.get("cookie", "").split(";"):
            key, _, value = part.strip().partition("=")
            if key == name:
                found = value
    else:
        found = request.headers.get(name)
    return found


def check_credentials(
    request: httpx.Request, security: Sequence[Sequence[Any]], schemes: Mapping[str, Any]
) -> tuple[str, Optional[dict[str, Any]]]:
    """The credential used and the signing scheme to verify (if any); raises ``AuthFailure``.
    ``security``: alternatives of ``[scheme, scopes]`` pairs; none at all means anonymous."""
    if not security or any(not alternative for alternative in security):
        return "", None
    missing = True
    for alternative in security:
        values = [(credential_of(request, schemes.get(n, {})), n, s) for n, s in alternative]
        if any(not value for value, _, _ in values):
            continue
        missing = False
        value, name, _ = values[0]
        assert value is not None
        lowered = value.lower()
        if "expired" in lowered:
            raise AuthFailure(401, "expired", "the API key has expired")
        if "invalid" in lowered or "revoked" in lowered or not value.isascii():
            raise AuthFailure(401, "", "the API key is not valid")
        granted = _scopes(value)
        lacking = [s for _, _, wanted in values for s in wanted if granted is not None
                   and s not in granted]  # fmt: skip
        if lacking:
            raise AuthFailure(403, "scope", f"the API key lacks the scope {lacking[0]}")
        signing = schemes.get(name, {}).get("signing")
        return value, signing if isinstance(signing, dict) else None
    raise AuthFailure(401, "", "missing credentials" if missing else "credentials not valid")


def _scopes(key: str) -> Optional[set[str]]:
    if "noscope" in key.lower():
        return set()
    _, marker, listed = key.partition(".scopes=")
    return {s for s in listed.split(",") if s} if marker else None


def verify_signature(
    request: httpx.Request, spec: Mapping[str, Any], secret: str, now: float,
    nonces: dict[str, float],
) -> None:  # fmt: skip
    """Raise ``AuthFailure`` unless ``request`` is signed as ``spec`` (``x-sdk-signing``) says;
    its code is the one of ``spec["errors"]`` naming the failure, if any."""
    try:
        _verify(request, spec, secret, now, nonces)
    except AuthFailure as failure:
        named = [str(c) for c in spec.get("errors") or () if (failure.hint or "unauthorized")
                 in str(c).lower()]  # fmt: skip
        failure.code = named[0] if named else ""
        raise


def _verify(
    request: httpx.Request, spec: Mapping[str, Any], secret: str, now: float,
    nonces: dict[str, float],
) -> None:  # fmt: skip
    headers = dict(spec.get("headers") or {})
    timestamp = request.headers.get(headers.get("timestamp", "X-Timestamp"), "")
    nonce = request.headers.get(headers.get("nonce", "X-Nonce"), "")
    signature = request.headers.get(headers.get("signature", "X-Signature"), "")
    if not (timestamp and nonce and signature):
        raise AuthFailure(401, "", "a signed request needs its timestamp, nonce and signature")
    skew = float(spec.get("clock-skew-seconds", 300))
    if not timestamp.isdigit() or abs(now - int(timestamp)) > skew:
        raise AuthFailure(401, "skew", f"the timestamp is more than {skew:g} s from the clock")
    key = str(spec.get("key", "secret"))
    signer = HmacSigner(spec, {key: secret})
    expected = signer.sign(signer.canonical(request, timestamp, nonce))
    if not hmac.compare_digest(expected, signature.lower()):
        raise AuthFailure(401, "signature", "the signature does not match the request")
    window = float(spec.get("nonce-replay-window-seconds", 600))
    for old in [n for n, seen in nonces.items() if now - seen > window]:
        del nonces[old]
    if nonce in nonces:
        raise AuthFailure(401, "nonce", "the nonce was already used")
    nonces[nonce] = now


class RateWindow:
    """Requests per credential in a sliding window of ``period`` seconds."""

    def __init__(self, requests: int, period: float, clock: Callable[[], float]) -> None:
        self.requests, self.period, self._clock = max(1, requests), max(period, 1e-3), clock
        self._seen: dict[str, collections.deque[float]] = {}

    def take(self, key: str) -> tuple[int, float]:
        """Count one request; returns (remaining, seconds until a slot frees). Remaining is
        negative when the request is over the limit (then it is not counted)."""
        now = self._clock()
        seen = self._seen.setdefault(key, collections.deque())
        while seen and now - seen[0] >= self.period:
            seen.popleft()
        if len(seen) >= self.requests:
            return -1, max(0.0, self.period - (now - seen[0]))
        seen.append(now)
        wait = self.period - (now - seen[0]) if len(seen) >= self.requests else 0.0
        return self.requests - len(seen), wait

    def reset_at(self) -> int:
        return math.ceil(self._clock() + self.period)
