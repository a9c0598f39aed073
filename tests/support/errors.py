"""The error fixture: a demo SDK's error classes and the ``ErrorTable`` mapping answers to them.

The runtime's error machinery is tested without a generated package: these classes stand in for
a package's ``errors.py`` (base, API, server, connection, timeout, two by status, one by the
body's error code), the way the templates lay them out.
"""

from __future__ import annotations

from generator.runtime._errors import APIErrorMixin, ErrorTable

__all__ = [
    "ERRORS",
    "DemoError",
    "DemoAPIError",
    "DemoServerError",
    "DemoNotFoundError",
    "DemoRateLimitError",
    "DemoQuotaExceededError",
    "DemoConnectionError",
    "DemoTimeoutError",
]


class DemoError(APIErrorMixin):
    pass


class DemoAPIError(DemoError):
    pass


class DemoServerError(DemoAPIError):
    pass


class DemoNotFoundError(DemoAPIError):
    pass


class DemoRateLimitError(DemoAPIError):
    pass


class DemoQuotaExceededError(DemoAPIError):
    pass


class DemoConnectionError(DemoError):
    pass


class DemoTimeoutError(DemoConnectionError):
    pass


ERRORS = ErrorTable(
    base=DemoError,
    api=DemoAPIError,
    by_status={404: DemoNotFoundError, 429: DemoRateLimitError},
    server=DemoServerError,
    connection=DemoConnectionError,
    timeout=DemoTimeoutError,
    by_code={"quota_exceeded": DemoQuotaExceededError},
)
