# Hand-written: copied by sdkgen from specs/openspawn/lib/auth.py; edit that file, not this copy (spec sha256 cfc599caec6380cbbbe65fb040c951531dcf3b302ab075a75d6a1ec96198e248).
"""The OpenSpawn authentication rule: exactly one of an API key or agent HMAC credentials.

The generated clients already refuse ``api_key=`` together with signing credentials and check
the secret's form (64 hex characters) when the first request is signed, before anything is
sent. What this module adds is the documented rule for the environment: ``OPENSPAWN_*`` variables
are read only when no credential argument is given, then exactly one set must be present, and
neither or both raise ``OpenSpawnError`` naming the arguments. No message contains a credential.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Optional

from ..http_client import OpenSpawnError

__all__ = ["ENV_AGENT_ID", "ENV_API_KEY", "ENV_SECRET", "resolve_auth"]

ENV_API_KEY = "OPENSPAWN_API_KEY"
ENV_AGENT_ID = "OPENSPAWN_AGENT_ID"
ENV_SECRET = "OPENSPAWN_SECRET"


Credentials = tuple[Optional[str], Optional[str], Optional[str]]


def resolve_auth(
    api_key: Optional[str],
    agent_id: Optional[str],
    secret: Optional[str],
    *,
    custom_signer: bool,
    mock_mode: bool,
    environ: Mapping[str, str],
) -> Credentials:
    """``(api_key, agent_id, secret)`` for the client, exactly one method set, the rest ``None``.

    Explicit arguments win over the environment. Only when no credential argument (and no
    ``signer=``) is given are ``OPENSPAWN_API_KEY`` or ``OPENSPAWN_AGENT_ID``/``OPENSPAWN_SECRET``
    read, and then exactly one of those sets must be present. A custom ``signer=`` is the signing
    method itself. ``mock_mode`` needs no credentials.
    """
    signing = agent_id is not None or secret is not None
    if custom_signer and signing:
        raise OpenSpawnError(
            "signer: pass either signer= or agent_id= with secret=, not both (each signs requests)"
        )
    if api_key is not None and (signing or custom_signer):
        raise OpenSpawnError(
            "give exactly one authentication method: api_key=, or agent_id= with secret= "
            "(HMAC signing), not both"
        )
    if api_key is None and not signing and not custom_signer:
        env_key = environ.get(ENV_API_KEY) or None
        env_agent_id = environ.get(ENV_AGENT_ID) or None
        env_secret = environ.get(ENV_SECRET) or None
        env_signing = env_agent_id is not None or env_secret is not None
        if env_key is not None and env_signing:
            raise OpenSpawnError(
                f"give exactly one authentication method: both {ENV_API_KEY} and "
                f"{ENV_AGENT_ID}/{ENV_SECRET} are set; pass api_key= or agent_id= with secret= "
                "to choose"
            )
        if env_key is None and not env_signing:
            if mock_mode:
                return None, None, None
            raise OpenSpawnError(
                "no authentication method: pass api_key=, or agent_id= with secret= (HMAC signing), "
                f"or set {ENV_API_KEY}, or {ENV_AGENT_ID} and {ENV_SECRET}"
            )
        api_key, agent_id, secret = env_key, env_agent_id, env_secret
    if api_key is not None:
        if not api_key:
            raise OpenSpawnError("api_key: must be a non-empty string")
        return api_key, None, None
    if custom_signer:
        return None, None, None
    if not agent_id:
        raise OpenSpawnError(
            f"agent_id: required (non-empty) with secret= for HMAC signing (or {ENV_AGENT_ID})"
        )
    if secret is None:
        raise OpenSpawnError(f"secret: required with agent_id= for HMAC signing (or {ENV_SECRET})")
    # The secret's form (64 hex characters) is checked when the first request is signed, before
    # anything is sent: the documented example builds a client with a placeholder secret.
    return None, agent_id, secret
