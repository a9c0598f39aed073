# Hand-written: copied by sdkgen from specs/openspawn/lib/_async_client.py; edit that file, not this copy (spec sha256 cfc599caec6380cbbbe65fb040c951531dcf3b302ab075a75d6a1ec96198e248).
"""AsyncOpenSpawnClient: the generated client plus the documented authentication rule.

Adds what the spec cannot state: exactly one authentication method (``api_key=``, or
``agent_id=`` with a 64-character hex ``secret=``), checked before any request with an
``OpenSpawnError`` naming the arguments (see ``lib/auth.py``); explicit arguments win over the
``OPENSPAWN_*`` environment variables, so an API key in the environment never rides along on
signed requests; and a repr that shows the method, never the secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Optional, Union

import httpx

from .. import _client
from .._runtime._core import RequestSigner, ResponseHook
from .auth import resolve_auth

__all__ = ["AsyncOpenSpawnClient"]


class AsyncOpenSpawnClient(_client.AsyncOpenSpawnClient):
    """The OpenSpawn API client; use it as a context manager to close its connections.

    Authenticate with exactly one of:

    - ``api_key=``: the organization's API key, sent as ``Authorization: Bearer``;
    - ``agent_id=`` and ``secret=``: an agent's id and its 64-character hex secret; every request
      (each retry too) is signed with HMAC-SHA256 and a fresh timestamp and nonce.

    Giving both, or neither, raises ``OpenSpawnError`` before any request. Without credential
    arguments the client reads ``OPENSPAWN_API_KEY``, or ``OPENSPAWN_AGENT_ID`` and
    ``OPENSPAWN_SECRET``, from the environment (exactly one set must be there). ``mock_mode=True``
    needs no credentials. The secret never appears in a repr, an error or a log line.

    Args:
        api_key: The organization's API key.
        base_url: Defaults to ``OPENSPAWN_BASE_URL``, else ``https://api.openspawn.dev``.
        agent_id: The signing agent's id (HMAC authentication, with ``secret``).
        secret: The agent's secret: 64 hexadecimal characters, as returned by ``agents.spawn``.
        timeout: Seconds (or an ``httpx.Timeout``) per request; each method also takes ``timeout=``.
        max_retries: Retries (default 3) on connection errors, timeouts, 408, 429, 500, 502, 503
            and 504, with exponential backoff honouring ``Retry-After``; creates and transfers keep
            one idempotency key across them. Afterwards an HTTP error raises its ``APIError``
            subclass and a connection failure raises ``RetryableError``.
        default_headers: Headers sent with every request.
        http_client: An ``httpx.AsyncClient`` to send with (its settings are kept).
        response_hook: Called with every ``httpx.Response``, retries included.
        signer: A custom request signer used instead of ``agent_id``/``secret`` signing.
        mock_mode: Answer every call in-process from the spec's examples: no network, no key.
        max_elapsed: Seconds a call may take in all, retries included (``deadline=`` per call).
        respect_rate_limits: Wait for the reset when the server's rate-limit headers say the
            budget is spent (``False``: send at once).
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        agent_id: Optional[str] = None,
        secret: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None] = 60.0,
        max_retries: int = 3,
        default_headers: Optional[Mapping[str, str]] = None,
        http_client: Optional[httpx.AsyncClient] = None,
        response_hook: Optional[ResponseHook] = None,
        signer: Optional[RequestSigner] = None,
        mock_mode: bool = False,
        max_elapsed: Optional[float] = None,
        respect_rate_limits: bool = True,
    ) -> None:
        api_key, agent_id, secret = resolve_auth(
            api_key,
            agent_id,
            secret,
            custom_signer=signer is not None,
            mock_mode=mock_mode,
            environ=os.environ,
        )
        super().__init__(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
            response_hook=response_hook,
            signer=signer,
            mock_mode=mock_mode,
            max_elapsed=max_elapsed,
            respect_rate_limits=respect_rate_limits,
            # "" (not None) keeps the generated client from reading OPENSPAWN_AGENT_ID and
            # OPENSPAWN_SECRET itself: resolve_auth has already chosen.
            agent_id=agent_id if agent_id is not None else "",
            secret=secret if secret is not None else "",
        )
        self._agent_id = agent_id
        if api_key is not None:
            self._auth_method = "api_key"
        else:
            # With a signer the generated client reads no OPENSPAWN_API_KEY: one method only.
            self._auth_method = "hmac" if agent_id else "signer" if signer else "none"

    def __repr__(self) -> str:
        agent = f", agent_id={self._agent_id!r}" if self._agent_id else ""
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, auth={self._auth_method!r}{agent})"
        )
