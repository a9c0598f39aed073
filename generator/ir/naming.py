"""Turning arbitrary spec strings into safe, readable Python identifiers.

Every identifier the templates emit passes through here, so a spec can never inject code through a
name: the result always matches ``[A-Za-z_][A-Za-z0-9_]*`` and is never a keyword.
"""

from __future__ import annotations

import builtins
import keyword
import re
import sys
import unicodedata
from functools import lru_cache

from .imports import TABLE

__all__ = [
    "ATTRIBUTE",
    "FIELD",
    "IMPORTED_NAMES",
    "MODULE",
    "PARAMETER",
    "RESOURCE",
    "class_name",
    "constant_name",
    "package_name",
    "shorten",
    "snake_name",
    "unique",
]

_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
# Builtin types the generated code uses in annotations; a class attribute or parameter spelled
# the same would shadow them for type checkers.
_TYPE_NAMES = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "tuple"})
# Names the templates define in generated modules themselves (beside what they import).
_DEFINED = frozenset(
    {"InvalidArgumentError", "APIResponseValidationError", "ERRORS", "Root", "AsyncRoot", "ROUTES"}
    | {"InvalidWebhookError", "WebhookVerificationError"}  # the webhooks module imports them
)
# Capitalised names generated modules import or define: a model or namespace class spelled the
# same would shadow them there. They come from the one import table (ir/imports.py).
IMPORTED_NAMES = frozenset(n for n in TABLE if n[:1].isupper()) | _DEFINED
# Each kind of name has its own reserved set: a method may be called `list`, a field `id`.
# (Methods may be called `list` or `dict`: those appear in annotations inside method bodies only,
# where class attributes are not in scope.)
ATTRIBUTE = _KEYWORDS | IMPORTED_NAMES | {"str", "int", "float", "bool", "bytes"}
ATTRIBUTE |= {"close", "base_url"}
# A namespace is a property of the client: it must not take the name of one of its members.
RESOURCE = ATTRIBUTE | {"last_response", "rate_limit", "last_request_id"}
FIELD = _KEYWORDS | _TYPE_NAMES | IMPORTED_NAMES | {"self", "get", "to_dict", "from_dict"}
FIELD |= {"additional_properties"}
# A parameter is a local of its method: it must not shadow what the method body uses, the
# body's own locals or anything the module imports.
PARAMETER = _KEYWORDS | _TYPE_NAMES | frozenset(TABLE) | _DEFINED
PARAMETER |= {"self", "params", "headers", "cookies", "body", "files", "response", "result"}
PARAMETER |= {"timeout", "extra_headers", "idempotency_key", "query_parts", "form_parts"}
# Every per-call option of the methods' signatures (templates/_operation.j2, call_options).
PARAMETER |= {"extra_query", "extra_body", "max_retries", "deadline"}
PARAMETER |= {"l", "O", "I"}  # ambiguous names (E741)
MODULE = _KEYWORDS | {"__init__", "_root"}
_RESERVED = _KEYWORDS | frozenset(n for n in dir(builtins) if not n.startswith("_"))

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")


@lru_cache(maxsize=65536)  # the same wire names recur across thousands of schemas
def _ascii_words(text: str) -> tuple[str, ...]:
    # Transliterate accents away; characters with no ASCII form are dropped, not escaped,
    # because a readable fallback beats `_u00e9`-style noise in user code.
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    spaced = _CAMEL_BOUNDARY.sub(" ", ascii_text)
    return tuple(w for w in _NON_WORD.split(spaced) if w)


@lru_cache(maxsize=65536)  # wire names recur across thousands of schemas
def snake_name(text: str, *, fallback: str = "value", reserved: frozenset[str] = _KEYWORDS) -> str:
    """``maxCredits`` -> ``max_credits``; a name in ``reserved`` gets a trailing ``_``."""
    words = _ascii_words(text)
    name = "_".join(w.lower() for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in reserved:
        name += "_"
    return name


def package_name(title: str) -> str:
    """An import name from a spec's title, acronym-aware: ``GitHub v3 REST API`` ->
    ``github_v3_rest_api``, ``TaskForceAI`` -> ``taskforceai``.

    Words are split at spaces and punctuation only, never inside a capitalised word: a brand
    (GitHub, OpenAPI) is one word to its users, and PEP 8 wants short all-lowercase package
    names. A name that would shadow a standard-library module (``email``, ``http``) gets
    ``_api`` appended, as importing the SDK must not hide the stdlib from its own code."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = [w.lower() for w in _NON_WORD.split(ascii_text) if w]
    name = "_".join(words) or "api"
    if name[0].isdigit():
        name = f"api_{name}"
    if name in _RESERVED or name in getattr(sys, "stdlib_module_names", ()):
        name += "_api"
    return name


@lru_cache(maxsize=65536)
def class_name(text: str, *, fallback: str = "Model") -> str:
    """``task-response`` -> ``TaskResponse``; never starts with a digit or is a keyword."""
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if name in _RESERVED:
        name += "_"
    return name


def constant_name(value: object, *, fallback: str = "VALUE") -> str:
    """Enum member name for a value: ``in_progress`` -> ``IN_PROGRESS``, ``2`` -> ``VALUE_2``."""
    words = _ascii_words(str(value))
    name = "_".join(w.upper() for w in words)
    if not name:
        return "EMPTY" if value == "" else fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or name.startswith("_"):
        name = f"{fallback}_{name}"
    return name


MAX_NAME = 64


def shorten(name: str, limit: int = MAX_NAME) -> str:
    """``name`` if at most ``limit`` characters, else its head and tail. Inline schemas are
    named after the path to them, which grows with nesting; these names become file names
    (at most 255 bytes) and must stay readable. ``unique`` separates any two that collide."""
    if len(name) <= limit:
        return name
    tail = limit // 2
    return name[: limit - tail].rstrip("_") + "_" + name[-tail:].lstrip("_")


def unique(name: str, taken: set[str]) -> str:
    """Return ``name`` or ``name_2``, ``name_3``... whichever is not in ``taken``; records it."""
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name}_{n}" if not name.endswith("_") else f"{name}{n}"
        n += 1
    taken.add(candidate)
    return candidate
