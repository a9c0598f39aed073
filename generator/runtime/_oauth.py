"""OAuth2 tokens, sans-I/O: the token requests of each grant, the answers read, the cache.

The token sources (``_async_oauth``, and its derived sync twin) only send what this module
builds and feed it what comes back, so the grant logic is tested with requests and responses
alone. Decisions:

- Client authentication is HTTP basic (RFC 6749 2.3.1, which every server must support), or
  ``client_id``/``client_secret`` in the form body when the scheme says
  ``x-sdk-client-auth: post``.
- A token is reused until ``REFRESH_MARGIN`` seconds (at most a tenth of its lifetime) before
  the ``expires_in`` it came with; a token without ``expires_in`` is reused until the API
  rejects it (a 401 drops it).
- Tokens are cached per scope set: operations that need other scopes get their own token.
- A refresh token (from the answer, or given) is used before the grant is repeated.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Callable, NamedTuple, Optional
from urllib.parse import quote

import httpx

__all__ = ["OAuthConfig", "Token", "TokenCache", "discovery_endpoint", "token_request"]

REFRESH_MARGIN = 30.0


class OAuthConfig(NamedTuple):
    """One OAuth2 (or OpenID Connect) scheme and the client's credentials for it.

    ``grant``: ``client_credentials`` or ``password`` (the flows fetched by the client);
    ``token_url`` may be relative to the API's base URL; for OpenID Connect it is empty and
    ``discovery_url`` names the document giving ``token_endpoint``."""

    grant: str
    token_url: str
    refresh_url: str = ""
    discovery_url: str = ""
    client_id: Optional[str] = None
    client_secret: Optional[str] = None
    username: Optional[str] = None
    password: Optional[str] = None
    refresh_token: Optional[str] = None
    client_auth: str = "basic"  # or "post"


class Token(NamedTuple):
    access: str
    expires_at: Optional[float]  # on the cache's clock
    refresh: Optional[str]


def token_request(
    config: OAuthConfig,
    url: str,
    scopes: tuple[str, ...],
    refresh_token: Optional[str] = None,
) -> tuple[str, Mapping[str, str], Mapping[str, str]]:
    """(url, form fields, headers) of the token request: a refresh when ``refresh_token``."""
    form: dict[str, str] = {}
    if refresh_token is not None:
        form["grant_type"] = "refresh_token"
        form["refresh_token"] = refresh_token
    elif config.grant == "password":
        form["grant_type"] = "password"
        form["username"] = config.username or ""
        form["password"] = config.password or ""
    else:
        form["grant_type"] = "client_credentials"
    if scopes:
        form["scope"] = " ".join(scopes)
    headers: dict[str, str] = {"Accept": "application/json"}
    if config.client_id is not None:
        if config.client_auth == "post" or config.client_secret is None:
            form["client_id"] = config.client_id
            if config.client_secret is not None:
                form["client_secret"] = config.client_secret
        else:
            # RFC 6749 2.3.1: both form-urlencoded before joining.
            pair = f"{quote(config.client_id, safe='')}:{quote(config.client_secret, safe='')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    return url, form, headers


def read_token(response: httpx.Response, now: float) -> Token:
    """The token of a successful token response (``ValueError`` when it holds none)."""
    body = response.json()
    if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
        raise ValueError("the token endpoint answered without an access_token")
    expires = body.get("expires_in")
    lifetime = float(expires) if isinstance(expires, (int, float)) else None
    expires_at = None
    if lifetime is not None:
        expires_at = now + lifetime - min(REFRESH_MARGIN, lifetime / 10)
    refresh = body.get("refresh_token")
    return Token(body["access_token"], expires_at, refresh if isinstance(refresh, str) else None)


def discovery_endpoint(response: httpx.Response) -> str:
    """The ``token_endpoint`` of an OpenID Connect discovery document."""
    body = response.json()
    endpoint = body.get("token_endpoint") if isinstance(body, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        raise ValueError("the OpenID Connect discovery document names no token_endpoint")
    return endpoint


class TokenCache:
    """Tokens by scope set, valid until their ``expires_at`` on ``clock``."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._tokens: dict[tuple[str, ...], Token] = {}
        self.refresh_tokens: dict[tuple[str, ...], str] = {}

    def fresh(self, scopes: tuple[str, ...]) -> Optional[str]:
        token = self._tokens.get(scopes)
        if token is None or (token.expires_at is not None and self.clock() >= token.expires_at):
            return None
        return token.access

    def store(self, scopes: tuple[str, ...], token: Token) -> None:
        self._tokens[scopes] = token
        if token.refresh:
            self.refresh_tokens[scopes] = token.refresh

    def drop(self, scopes: tuple[str, ...], access: str) -> None:
        """Forget ``access`` (the API rejected it), unless another task already replaced it."""
        token = self._tokens.get(scopes)
        if token is not None and token.access == access:
            del self._tokens[scopes]

    def secrets(self) -> list[str]:
        return [t.access for t in self._tokens.values()] + list(self.refresh_tokens.values())


def resolve_url(base_url: str, url: str) -> str:
    """A token or discovery URL relative to the API's base URL made absolute."""
    return str(httpx.URL(base_url + "/").join(url)) if not httpx.URL(url).is_absolute_url else url
