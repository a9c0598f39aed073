"""OAuth2 token sources of a client: fetch, cache, refresh; one fetch for many waiting callers.

Only the async source is written by hand; the sync one is derived by ``generator/unasync.py``.
The grant logic is ``_oauth``'s (sans-I/O); this module only sends its requests. Token requests
are built on their own (not through the API client's settings), so the API's default headers and
credentials never reach the token endpoint.
"""

from __future__ import annotations

import asyncio
from typing import Callable, Optional

import httpx

from ._core import ClientCore
from ._oauth import OAuthConfig, TokenCache, discovery_endpoint, read_token, resolve_url
from ._oauth import token_request as build_token_request

__all__ = ["AsyncTokenProvider", "AsyncTokenSource"]


class AsyncTokenSource:
    """Tokens of one OAuth2 (or OpenID Connect) scheme for one client."""

    def __init__(self, config: OAuthConfig, core: ClientCore) -> None:
        self._config = config
        self._core = core
        self._cache = TokenCache(lambda: core.clock())
        if config.refresh_token is not None:
            self._cache.refresh_tokens[()] = config.refresh_token
        self._endpoint: Optional[str] = None
        # One fetch at a time: callers arriving while a token is fetched wait and reuse it.
        self._lock = asyncio.Lock()

    async def token(self, http: httpx.AsyncClient, scopes: tuple[str, ...]) -> str:
        access = self._cache.fresh(scopes)
        if access is not None:
            return access
        async with self._lock:
            access = self._cache.fresh(scopes)  # fetched by whoever held the lock before us
            if access is None:
                access = await self._fetch(http, scopes)
            return access

    def reject(self, scopes: tuple[str, ...], access: str) -> None:
        """The API answered 401 to ``access``: the next ``token`` fetches another."""
        self._cache.drop(scopes, access)

    def secrets(self) -> list[str]:
        config = self._config
        held = [config.client_secret, config.password, config.refresh_token]
        return [s for s in held if s] + self._cache.secrets()

    async def _fetch(self, http: httpx.AsyncClient, scopes: tuple[str, ...]) -> str:
        core = self._core
        url = await self._token_url(http)
        refresh = self._cache.refresh_tokens.get(scopes) or self._cache.refresh_tokens.get(())
        if refresh is not None:
            refresh_url = resolve_url(core.base_url, self._config.refresh_url or url)
            response = await self._send(http, refresh_url, scopes, refresh)
            if response.is_success:
                return self._store(scopes, response)
            # A refresh token that no longer works: fall back to the grant itself.
            self._cache.refresh_tokens.pop(scopes, None)
            self._cache.refresh_tokens.pop((), None)
            if self._config.grant not in ("client_credentials", "password"):
                raise core.error_for(response)
        response = await self._send(http, url, scopes, None)
        if not response.is_success:
            raise core.error_for(response)
        return self._store(scopes, response)

    def _store(self, scopes: tuple[str, ...], response: httpx.Response) -> str:
        try:
            token = read_token(response, self._core.clock())
        except ValueError as exc:
            raise self._core.errors.base(f"OAuth2 token endpoint: {exc}") from None
        self._cache.store(scopes, token)
        return token.access

    async def _send(
        self,
        http: httpx.AsyncClient,
        url: str,
        scopes: tuple[str, ...],
        refresh: Optional[str],
    ) -> httpx.Response:
        core = self._core
        url, form, headers = build_token_request(self._config, url, scopes, refresh)
        request = httpx.Request("POST", url, data=form, headers=headers)
        request.extensions["timeout"] = httpx.Timeout(core.timeout).as_dict()
        try:
            response = await http.send(request, follow_redirects=False)
            await response.aread()
        except httpx.TransportError as exc:
            raise core.connection_error(exc) from None
        return response

    async def _token_url(self, http: httpx.AsyncClient) -> str:
        if self._endpoint is None:
            config, core = self._config, self._core
            if config.token_url:
                self._endpoint = resolve_url(core.base_url, config.token_url)
            else:  # OpenID Connect: the discovery document names the token endpoint
                request = httpx.Request("GET", resolve_url(core.base_url, config.discovery_url))
                request.extensions["timeout"] = httpx.Timeout(core.timeout).as_dict()
                try:
                    response = await http.send(request, follow_redirects=False)
                    await response.aread()
                except httpx.TransportError as exc:
                    raise core.connection_error(exc) from None
                if not response.is_success:
                    raise core.error_for(response)
                try:
                    self._endpoint = discovery_endpoint(response)
                except ValueError as exc:
                    raise core.errors.base(f"OpenID Connect: {exc}") from None
        return self._endpoint


class AsyncTokenProvider:
    """Tokens from the caller's ``token_provider(scopes)`` (authorization code, implicit, or
    any token the application obtains itself); it is asked on every request, so it caches."""

    def __init__(self, provider: Callable[[list[str]], str]) -> None:
        self._provider = provider

    async def token(self, http: httpx.AsyncClient, scopes: tuple[str, ...]) -> str:
        return self._provider(list(scopes))

    def reject(self, scopes: tuple[str, ...], access: str) -> None:
        """Nothing cached here: the provider is asked again."""

    def secrets(self) -> list[str]:
        return []
