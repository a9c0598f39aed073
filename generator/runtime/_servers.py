"""A client's default base URL from the spec's servers: a named environment's URL template
with the server variables substituted (``environment=``, and one constructor argument per
variable). Checked before any request: an unknown environment or a value outside a
variable's ``enum`` raises ``error`` naming it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Optional

__all__ = ["server_url"]


def server_url(
    environments: Mapping[str, str],
    environment: Optional[str],
    values: Mapping[str, str],
    enums: Mapping[str, Sequence[str]],
    error: Any,
) -> str:
    """The URL of ``environment`` (the first one when ``None``) with ``values`` put in;
    ``error(message)`` (the package's ``InvalidArgumentError``) for a value not allowed."""
    if environment is None:
        url = next(iter(environments.values()))
    elif environment in environments:
        url = environments[environment]
    else:
        known = ", ".join(repr(n) for n in environments)
        raise _refused(error, "environment", f"must be one of {known}", environment)
    for name, value in values.items():
        allowed = enums.get(name)
        if allowed and value not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            raise _refused(error, name, f"must be one of {choices}", value)
        url = url.replace("{" + name + "}", str(value))
    return url


def _refused(error: Any, field: str, rule: str, value: object) -> Exception:
    raised: Exception = error(f"{field}: {rule}, got {value!r}")
    raised.field, raised.rule = field, rule  # type: ignore[attr-defined]
    return raised
