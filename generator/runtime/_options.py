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

import json as _json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Optional, Union

import attrs

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "NO_OPTIONS",
    "NotGiven",
    "RequestOptions",
    "merge_extras",
]

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2


class NotGiven:
    """The default of an option the caller did not pass, kept apart from ``None``.

    ``timeout=None`` means "no timeout"; ``timeout=NOT_GIVEN`` (the default) means "the
    client's". Falsy, so ``if timeout:`` reads as it would for ``None``.
    """

    __slots__ = ()
    _instance: Optional[NotGiven] = None

    def __new__(cls) -> NotGiven:  # one instance: `x is NOT_GIVEN` whoever made it
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"  # unpickles as the one instance


NOT_GIVEN: Final = NotGiven()


@attrs.define(frozen=True, slots=True)
class RequestOptions:
    """How one call is sent, beyond its method, URL, parameters and body.

    The caller's options (the method's keyword arguments):

    - ``timeout``: seconds or an ``httpx.Timeout`` for each attempt; ``None`` for no timeout;
      ``NOT_GIVEN`` (the default) for the client's.
    - ``max_retries``: this call's retry budget; ``None`` for the client's.
    - ``extra_headers``: sent on top of the method's and the client's headers (these win).
    - ``extra_query``: query parameters added to the method's (these win).
    - ``extra_body``: fields added to a JSON or form body built by the method (these win);
      refused on an operation whose body is not a mapping.
    - ``deadline``: seconds this call may take in all, across retries and their waits; each
      attempt's timeout shrinks to what remains. ``None`` for the client's ``max_elapsed``.

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

    timeout: Union[float, httpx.Timeout, NotGiven, None] = NOT_GIVEN
    extra_headers: Optional[Mapping[str, str]] = None
    retry_safe: bool = False
    stream: bool = False
    base_url: Optional[str] = None
    max_retries: Optional[int] = None
    extra_query: Optional[Mapping[str, Any]] = None
    extra_body: Optional[Mapping[str, Any]] = None
    deadline: Optional[float] = None
    security: Optional[tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]] = None

    def for_call(
        self,
        *,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        max_retries: Optional[int] = None,
        deadline: Optional[float] = None,
    ) -> RequestOptions:
        """These options (an operation's, built once) with the caller's per-call options; the
        same object when the caller gave none, so a plain call builds nothing."""
        if (
            timeout is NOT_GIVEN
            and extra_headers is None
            and extra_query is None
            and extra_body is None
            and max_retries is None
            and deadline is None
        ):
            return self
        # Built directly, not with ``attrs.evolve`` (which looks every field up: a few us).
        return RequestOptions(
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
            extra_query=extra_query,
            extra_body=extra_body,
            deadline=deadline,
            retry_safe=self.retry_safe,
            stream=self.stream,
            base_url=self.base_url,
            security=self.security,
        )


# The options of a call that sets none (hand-written calls of the shells' ``request``).
NO_OPTIONS = RequestOptions()


def merge_extras(
    options: RequestOptions,
    params: Optional[Mapping[str, Any]],
    json: Any,
    data: Any,
    content: Any,
    files: Any = None,
) -> tuple[Optional[Mapping[str, Any]], Any, Any, Any]:
    """``params``, ``json``, ``data`` and ``files`` with the call's ``extra_query``/``extra_body``
    added.

    ``extra_body`` goes into the JSON body, else the form body, else a multipart body (as
    parts: a string as it is, other values as their JSON); a body that is not made of fields (a
    list, raw bytes) cannot take them, so it is refused (``TypeError``) rather than dropped; a
    call without a body gets a JSON body of the extra fields.
    """
    if options.extra_query:
        params = {**(params or {}), **options.extra_query}
    extra = options.extra_body
    if extra:
        if isinstance(json, Mapping):
            json = {**json, **extra}
        elif isinstance(data, Mapping):
            data = {**data, **extra}
        elif isinstance(files, list) and content is None and json is None:
            parts = [
                (k, (None, v if isinstance(v, str) else _json.dumps(v, separators=(",", ":"))))
                for k, v in extra.items()
            ]
            files = [*files, *parts]
        elif json is None and data is None and content is None and not files:
            json = dict(extra)
        else:
            raise TypeError("extra_body= needs a JSON, form or multipart body made of fields")
    return params, json, data, files
