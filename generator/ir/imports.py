"""Where every name a generated module may import comes from, and its import block.

A module's block is built from the names the module uses, which the IR derives from structure
(a ``TypeRef`` knows the names its annotation, decoder and encoder spell; an operation knows
which runtime helpers its body calls). So every generated module imports exactly what it uses.
``TABLE`` is also where the names the generator must not give to models come from
(``naming.IMPORTED_NAMES``): a model called ``Optional`` or ``check`` would shadow one.

The block is written in the order ruff's isort rules (I001) expect: standard library, third
party, then the package's own modules, furthest first; plain ``import`` lines before ``from``
lines; names by type (CONSTANTS, Classes, functions), then alphabetically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from .literals import LINE_LENGTH

__all__ = ["TABLE", "import_block"]

# name -> (section, module); section 0 standard library, 1 third party, 2 the package itself
# (module relative to the package root). ``import X`` when module is the name itself or
# ``datetime as _dt``.
_STDLIB = {
    "_dt": "datetime as _dt",
    "functools": "functools",
    "importlib": "importlib",
    "os": "os",
    "AsyncIterator": "collections.abc",
    "Iterator": "collections.abc",
    "Mapping": "collections.abc",
    "Sequence": "collections.abc",
    **{
        name: "typing"
        for name in (
            "TYPE_CHECKING",
            "Any",
            "Callable",
            "ClassVar",
            "Dict",
            "List",
            "Literal",
            "Optional",
            "Tuple",
            "TypeVar",
            "Union",
            "cast",
        )
    },
}
_THIRD_PARTY = {"attrs": "attrs", "httpx": "httpx"}
_RUNTIME = {
    "_runtime._models": (
        "FileTypes",
        "IntEnum",
        "Model",
        "StrEnum",
        "UnknownVariantError",
        "b64decode",
        "b64encode",
        "format_datetime",
        "parse_datetime",
        "to_json",
    ),
    "_runtime._unions": ("UnknownVariant", "best_match", "known_variant"),
    "_runtime._sequences": ("JSON_LINES", "JSON_SEQ", "SSE"),
    "_runtime._async_http": ("AsyncAPIClient", "AsyncStream"),
    "_runtime._sync_http": ("Stream", "SyncAPIClient", "resume_headers"),
    "_runtime._options": ("NOT_GIVEN", "NO_OPTIONS", "NotGiven", "RequestOptions"),
    "_runtime._core": (
        "ClientCore",
        "RateLimit",
        "RequestSigner",
        "ResponseHook",
        "path_param",
    ),
    "_runtime._errors": ("APIErrorMixin", "ErrorTable", "request_id_of"),
    "_runtime._params": (
        "BinaryContent",
        "async_binary_body",
        "binary_body",
        "cookie_value",
        "file_part",
        "form_part",
        "header_value",
        "json_value",
        "missing",
        "part_headers",
        "path_value",
        "query_items",
        "request_body",
        "request_json",
    ),
    "_runtime._decoding": (
        "DECODE_FAILURES",
        "decode_by_content_type",
        "event_validation_error",
        "media_type_is",
        "response_validation_error",
    ),
    "_runtime._async_poll": ("AsyncPoller",),
    "_runtime._headers": (
        "DeclaredHeaders",
        "header_bool",
        "header_datetime",
        "header_float",
        "header_int",
        "header_str",
    ),
    "_runtime._pages": ("Paging", "first_page", "next_link", "read_next", "same_origin_target"),
    "_runtime._async_paged": ("AsyncPaged",),
    "_runtime._page_call": ("AsyncPageCall",),
    "_runtime._sync_paged": ("Paged",),
    "_runtime._async_raw": (
        "async_fetch_page",
        "async_raw_headers_wrapper",
        "async_raw_stream_wrapper",
        "async_raw_wrapper",
        "async_streamed_headers_wrapper",
        "async_streamed_stream_wrapper",
        "async_streamed_wrapper",
    ),
    "_runtime._sync_raw": (
        "sync_fetch_page",
        "sync_raw_headers_wrapper",
        "sync_raw_stream_wrapper",
        "sync_raw_wrapper",
        "sync_streamed_headers_wrapper",
        "sync_streamed_stream_wrapper",
        "sync_streamed_wrapper",
    ),
    "_runtime._sync_poll": ("Poller",),
    "_runtime._poll": ("policy_from_spec", "read_path"),
    "_runtime._validate": ("check",),
    "_runtime._servers": ("server_url",),
    "_runtime._with_options": ("clone_client", "derive_core"),
    "_runtime._signing": ("HmacSigner",),
    "_runtime._webhooks": ("WebhookEntry", "WebhookSecret", "WebhookTable"),
    "_runtime._security": (
        "ClientSecurity",
        "SecurityScheme",
        "basic_credential",
        "client_tls",
        "from_env",
        "oauth_credential",
    ),
    "_runtime._oauth": ("OAuthConfig",),
    "_runtime._async_oauth": ("AsyncTokenProvider", "AsyncTokenSource"),
    "_runtime._sync_oauth": ("TokenProvider", "TokenSource"),
}

_DIGITS = re.compile(r"(\d+)")

TABLE: dict[str, tuple[int, str]] = {
    **{name: (0, module) for name, module in _STDLIB.items()},
    **{name: (1, module) for name, module in _THIRD_PARTY.items()},
    **{name: (2, module) for module, names in _RUNTIME.items() for name in names},
}


def _natural(text: str) -> tuple[Any, ...]:
    # isort's natural order: ``variant2`` before ``variant10``.
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


@cache  # the same few hundred names sort thousands of import lines
def _member_key(name: str) -> tuple[Any, ...]:
    bare = name.lstrip("_")
    kind = 0 if bare.isupper() and len(bare) > 1 else 1 if bare[:1].isupper() else 2
    return kind, _natural(name.lower()), name


def import_block(
    names: Iterable[str], depth: int = 0, local: Iterable[tuple[str, str]] = ()
) -> str:
    """The import lines (sections apart by a blank line) of a module ``depth`` packages below
    the package root that uses ``names`` (table names; others are ignored) and ``local`` (module
    relative to the package root, name) pairs of its own definitions."""
    straight: list[list[str]] = [[], [], []]
    froms: list[dict[str, set[str]]] = [{}, {}, {}]
    for name in names:
        where = TABLE.get(name)
        if where is None:
            continue
        section, module = where
        if section < 2 and (module == name or " as " in module):
            straight[section].append(module)
        else:
            froms[section].setdefault(module, set()).add(name)
    prefix = "." * (depth + 1)
    own: dict[str, set[str]] = {}
    for module, name in [*((m, n) for m, names in froms[2].items() for n in names), *local]:
        # Relative to the package root, unless already relative to this module's package.
        full = module if module.startswith(".") else prefix + module
        own.setdefault(full, set()).add(name)
    froms[2] = own
    sections = []
    for i in range(3):
        lines = [f"import {m}" for m in sorted(set(straight[i]))]
        modules = froms[i]
        lines += [_from(m, modules[m]) for m in sorted(modules, key=_module_key)]
        if lines:
            sections.append("\n".join(lines))
    return "\n\n".join(sections)


@cache
def _module_key(module: str) -> tuple[Any, ...]:
    # Furthest first: ``..x`` before ``.x``; then by name.
    bare = module.lstrip(".")
    return len(bare) - len(module), _natural(bare.lower())


def _from(module: str, names: set[str]) -> str:
    ordered = sorted(names, key=_member_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= LINE_LENGTH:
        return line
    # As the formatter wraps a long import: one name per line, each with its comma.
    return f"from {module} import (\n" + "".join(f"    {n},\n" for n in ordered) + ")"
