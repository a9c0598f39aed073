"""Per-call request options, and the client defaults they fall back to.

A generated method hands one ``RequestOptions`` per call to the I/O shell's ``request``; the
shell and ``ClientCore`` read it there, so an option is spelled once in the template (the
keyword the method passes) and once here (the field, its default and its meaning). What the
operation sets itself is built once, at import (``NO_OPTIONS`` or a constant of its resource
module), and ``for_call`` adds the caller's options to it: a call that gives none builds
nothing (an attrs instance per call was ~1 us of a ~90 us call). Adding a per-call option is a
field below, a keyword of ``for_call``, and the line of the shell or core that reads it.

The generator imports the defaults too (the spec's ``x-sdk-timeout``/``x-sdk-max-retries``
fall back to them), so this module imports nothing the generator would not otherwise load.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Optional, Union

import attrs

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "NO_OPTIONS", "RequestOptions"]

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2


@attrs.define(frozen=True, slots=True)
class RequestOptions:
    """How one call is sent, beyond its method, URL, parameters and body.

    The caller's options (the method's keyword arguments):

    - ``timeout``: seconds or an ``httpx.Timeout`` for each attempt; ``None`` is the client's.
    - ``extra_headers``: sent on top of the method's and the client's headers (these win).

    What the operation says about itself (written by the generator):

    - ``retry_safe``: repeating the request is harmless (it carries an idempotency key, or the
      spec marks it ``x-sdk-idempotent``), so it is retried as a GET would be. Methods that are
      retry-safe by definition (``RETRY_SAFE_METHODS``) need not say so.
    - ``stream``: the response body is read incrementally (server-sent events).
    - ``base_url``: served beside the main API (``ClientCore.derived_base``), not under it.
    - ``security``: the operation's own security requirement (``_security.Requirement``:
      alternatives of AND-combined ``(scheme, scopes)``) where it differs from the spec's root
      one; ``None``: the client's default credentials, already in its settings.
    """

    timeout: Union[float, httpx.Timeout, None] = None
    extra_headers: Optional[Mapping[str, str]] = None
    retry_safe: bool = False
    stream: bool = False
    base_url: Optional[str] = None
    security: Optional[tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]] = None

    def for_call(
        self,
        *,
        timeout: Union[float, httpx.Timeout, None] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
    ) -> RequestOptions:
        """These options (an operation's, built once) with the caller's per-call options; the
        same object when the caller gave none, so a plain call builds nothing."""
        if timeout is None and extra_headers is None:
            return self
        return attrs.evolve(self, timeout=timeout, extra_headers=extra_headers)


# The options of a call that sets none (hand-written calls of the shells' ``request``).
NO_OPTIONS = RequestOptions()
