"""``client.with_options(...)``: a client with other settings over the same connection pool.

The derived client's ``ClientCore`` is a shallow copy of the original's with the given
settings replaced; it shares the connection pool, the credentials and the rate budget (one
API, one budget), and keeps its own ``last_response``. Closing the derived client leaves the
pool open: the original owns it.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import Any, Optional, TypeVar, Union

import httpx

from ._core import ClientCore
from ._options import NOT_GIVEN, NotGiven

__all__ = ["clone_client", "derive_core"]

_C = TypeVar("_C")


def derive_core(
    core: ClientCore,
    *,
    base_url: Optional[str] = None,
    timeout: Union[float, httpx.Timeout, NotGiven, None] = NOT_GIVEN,
    max_retries: Optional[int] = None,
    default_headers: Optional[Mapping[str, str]] = None,
    max_elapsed: Union[float, NotGiven, None] = NOT_GIVEN,
) -> ClientCore:
    """A copy of ``core`` with the given settings; the others (``None``/``NOT_GIVEN``) kept."""
    derived = copy.copy(core)
    derived.last_response = None
    if base_url is not None:
        derived.base_url = base_url.rstrip("/")
        derived._urls = {}  # the parsed-URL and derived-base caches are by base URL
        derived._derived = {}
    if not isinstance(timeout, NotGiven):
        derived.timeout = timeout
    if max_retries is not None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {max_retries}")
        derived.max_retries = max_retries
    if default_headers:
        derived.headers = {**core.headers, **default_headers}
    if not isinstance(max_elapsed, NotGiven):
        derived.max_elapsed = max_elapsed
    return derived


def clone_client(client: _C, api: Any) -> _C:
    """A shallow copy of a generated client sending through ``api`` (``API.derive``), without
    the original's namespaces (``client.tasks``...), which hold the original's ``api`` and are
    built again on first use."""
    cls = type(client)
    clone = cls.__new__(cls)
    clone.__dict__.update(
        (name, value)
        for name, value in client.__dict__.items()
        if not isinstance(getattr(cls, name, None), functools.cached_property)
    )
    clone.__dict__["_api"] = api
    return clone
