"""The spec's ``servers`` as client settings: named environments and server variables.

Several ``servers`` entries become named environments (``environment="sandbox"``): a server's
name is its ``x-sdk-environment`` (read in ``document_extensions``), else the first word of its
description (``Production. ...`` -> ``production``), else ``server_N``. Variables of the
servers' URL templates (``https://{region}.api.example.com``) become constructor arguments with
the spec's defaults, their ``enum`` checked before any request; they avoid the names of the
client's own and the credentials' arguments. ``base_url=`` and ``<PREFIX>_BASE_URL`` still win.

``server_url`` is a server object's URL at its variables' defaults, and ``relative_server`` an
operation's own server said relative to the client's (the runtime derives it from the base URL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import attrs

from .naming import ATTRIBUTE, snake_name

__all__ = [
    "CLIENT_ARGUMENTS",
    "Environment",
    "ServerVariable",
    "build_servers",
    "relative_server",
    "server_url",
]

# The clients' own constructor arguments: a variable of that name gets a trailing underscore.
CLIENT_ARGUMENTS = frozenset(
    {"api_key", "base_url", "timeout", "max_retries", "default_headers", "http_client",
     "response_hook", "signer", "mock_mode", "max_elapsed", "respect_rate_limits",
     "environment", "username", "password", "client_id", "client_secret", "token_provider",
     "refresh_token", "client_cert", "self"}
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@attrs.frozen
class Environment:
    name: str
    url: str  # the URL template, variables unsubstituted, without a trailing slash
    description: str = ""


@attrs.frozen
class ServerVariable:
    name: str  # as in the URL template
    param: str  # the constructor argument
    default: str
    enum: tuple[str, ...] = ()
    description: str = ""


def _environment_name(server: dict[str, Any], given: str, index: int) -> str:
    if given:
        return snake_name(given, reserved=ATTRIBUTE)
    match = _WORD.search(str(server.get("description") or ""))
    return snake_name(match.group(), reserved=ATTRIBUTE) if match else f"server_{index}"


def build_servers(
    doc: dict[str, Any], names_given: Sequence[str] = (), taken_args: Iterable[str] = ()
) -> tuple[tuple[Environment, ...], tuple[ServerVariable, ...]]:
    """(environments when there are several servers, the variables of all their URLs);
    ``names_given``: each root server's ``x-sdk-environment`` in the spec's order
    (``DocumentExtensions.environments``, "" when not given); ``taken_args``: constructor
    arguments already used (the security schemes'), which a variable's argument avoids."""
    raw = doc.get("servers")
    servers = [
        (s, names_given[i] if i < len(names_given) else "")
        for i, s in enumerate(raw if isinstance(raw, list) else ())
        if isinstance(s, dict) and "url" in s
    ]
    environments: list[Environment] = []
    names: set[str] = set()
    variables: dict[str, ServerVariable] = {}
    taken = set(CLIENT_ARGUMENTS) | set(taken_args)
    for index, (server, given) in enumerate(servers):
        name = _environment_name(server, given, index)
        while name in names:
            name += "_"
        names.add(name)
        description = str(server.get("description") or "").strip()
        environments.append(Environment(name, str(server["url"]).rstrip("/"), description))
        for var, spec in (server.get("variables") or {}).items():
            if str(var) in variables or not isinstance(spec, dict) or "default" not in spec:
                continue
            param = snake_name(str(var), reserved=ATTRIBUTE | taken)
            taken.add(param)
            enum = tuple(str(v) for v in spec.get("enum") or () if v is not None)
            variables[str(var)] = ServerVariable(
                str(var), param, str(spec["default"]), enum, str(spec.get("description") or "")
            )
    return (tuple(environments) if len(environments) > 1 else ()), tuple(variables.values())


def server_url(server: dict[str, Any]) -> str:
    """A server object's URL with its variables at their defaults, without a trailing slash."""
    url = str(server.get("url") or "")
    for var, spec in (server.get("variables") or {}).items():
        if isinstance(spec, dict) and "default" in spec:
            url = url.replace("{" + str(var) + "}", str(spec["default"]))
    return url.rstrip("/")


def relative_server(root: str, url: str) -> tuple[int, str, str]:
    """Express ``url`` relative to ``root``: (segments up, path to append, or an absolute URL
    when the host differs)."""
    root_parts, parts = urlsplit(root), urlsplit(url)
    if parts.netloc and (parts.scheme, parts.netloc) != (root_parts.scheme, root_parts.netloc):
        return 0, "", url
    base = [s for s in root_parts.path.split("/") if s]
    target = [s for s in parts.path.split("/") if s]
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    rest = target[common:]
    return len(base) - common, ("/" + "/".join(rest)) if rest else "", ""
