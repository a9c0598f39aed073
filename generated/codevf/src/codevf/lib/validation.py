# Hand-written: copied by sdkgen from specs/codevf/lib/validation.py; edit that file, not this copy (spec sha256 7939e37ae3380264a87ca36a4e64e741d7d79fffbf9731e6f97657a5f9121d4a).
"""Fail-fast checks of CodeVF task fields, and the public ``validate_metadata``.

The API rejects a bad task field with HTTP 400 and an ``invalid_<field>`` code, and the CodeVF
documentation asks SDKs to validate mode, tag, metadata and credits before sending. Each check
here raises the exception class of the matching error code (``InvalidMetadataError`` for
``invalid_metadata``, ``InvalidMaxCreditsError`` for ``invalid_max_credits`` ...) with ``code`` set
to that code and a message naming the argument and the rule. Nothing here touches the network:
``tasks.create`` runs these checks before it builds a request.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from typing import Optional, TypeVar, Union, cast

from ..exceptions import (
    CodeVFError,
    InvalidArgumentError,
    InvalidIdempotencyKeyError,
    InvalidMaxCreditsError,
    InvalidMetadataError,
    InvalidModeError,
    InvalidProjectError,
    InvalidPromptError,
    InvalidTagError,
)
from ..models.service_mode import ServiceMode

__all__ = [
    "MAX_CREDITS_LIMIT",
    "MAX_METADATA_KEYS",
    "MAX_METADATA_KEY_LENGTH",
    "MAX_METADATA_STRING_LENGTH",
    "MetadataValue",
    "check_idempotency_key",
    "check_max_credits",
    "check_mode",
    "check_project_id",
    "check_prompt",
    "check_tag_id",
    "refused",
    "validate_metadata",
]

# A metadata value: flat and primitive (``bool`` is listed for readers; it is an ``int``).
MetadataValue = Union[str, int, float, bool]

MAX_CREDITS_LIMIT = 1920
PROMPT_LENGTH = (10, 10_000)
MAX_METADATA_KEYS = 50
MAX_METADATA_KEY_LENGTH = 64
MAX_METADATA_STRING_LENGTH = 500
_METADATA_KEY = re.compile(r"[A-Za-z0-9_]+")
_MODES = frozenset(member.value for member in ServiceMode.__members__.values())

_E = TypeVar("_E", bound=CodeVFError)


# One local class per error class, made on first use.
_LOCAL: dict[type[CodeVFError], type[CodeVFError]] = {}


def _local(cls: type[_E]) -> type[_E]:
    # The class of the error code, as raised before sending: also an InvalidArgumentError.
    local = _LOCAL.get(cls)
    if local is None:
        namespace = {"__doc__": cls.__doc__, "__module__": cls.__module__}
        local = _LOCAL[cls] = type(cls.__name__, (cls, InvalidArgumentError), namespace)
    return cast("type[_E]", local)


def refused(cls: type[_E], field: str, message: str, *, code: str) -> _E:
    """The error for an argument refused before any request: an instance of ``cls`` (the class
    of the API's error ``code``, e.g. ``InvalidModeError``, a ``BadRequestError``) that is also
    an ``InvalidArgumentError`` (a ``ValueError``), with ``field`` (the argument) and ``rule``
    (what it must be). So ``except InvalidArgumentError`` catches every local check, and code
    catching the documented class still works.
    """
    error: _E = _local(cls)(message, code=code)
    rest = message[len(field) :] if message.startswith(field) else ""
    error.field = field
    error.rule = rest.lstrip(" :") if rest[:1] in (" ", ":") else message
    return error


def validate_metadata(metadata: Mapping[str, MetadataValue]) -> dict[str, MetadataValue]:
    """Check task metadata locally and return it as a plain ``dict`` for ``metadata=``.

    The rules are the API's: a flat mapping of at most 50 keys; each key 1 to 64 characters
    matching ``^[A-Za-z0-9_]+$``; each value a ``str`` (at most 500 characters), ``int``,
    ``float`` (finite) or ``bool``. Nested dicts, lists and ``None`` are rejected.

    Raises:
        InvalidMetadataError: naming the offending key and the rule it breaks.
    """
    if not isinstance(metadata, Mapping):
        raise _metadata_error(
            f"metadata must be a flat dict of str keys to str/int/float/bool values, "
            f"got {type(metadata).__name__}"
        )
    if len(metadata) > MAX_METADATA_KEYS:
        raise _metadata_error(
            f"metadata has {len(metadata)} keys; at most {MAX_METADATA_KEYS} are allowed"
        )
    checked: dict[str, MetadataValue] = {}
    for key, value in metadata.items():
        if not isinstance(key, str):
            raise _metadata_error(f"metadata key {key!r} must be a str")
        if not _METADATA_KEY.fullmatch(key):
            raise _metadata_error(
                f"metadata key {key!r} must match ^[A-Za-z0-9_]+$ "
                "(letters, digits and underscore only)"
            )
        if len(key) > MAX_METADATA_KEY_LENGTH:
            raise _metadata_error(
                f"metadata key {key!r} is {len(key)} characters; "
                f"at most {MAX_METADATA_KEY_LENGTH} are allowed"
            )
        if isinstance(value, str):
            if len(value) > MAX_METADATA_STRING_LENGTH:
                raise _metadata_error(
                    f"metadata[{key!r}] is {len(value)} characters; string values may be at "
                    f"most {MAX_METADATA_STRING_LENGTH}"
                )
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise _metadata_error(f"metadata[{key!r}] must be a finite number, got {value!r}")
        elif not isinstance(value, int):  # int covers bool
            raise _metadata_error(
                f"metadata[{key!r}] must be a str, int, float or bool (flat: no nested "
                f"objects, lists or null), got {type(value).__name__}"
            )
        checked[key] = value
    return checked


def check_prompt(prompt: object) -> str:
    """``prompt``: a ``str`` of 10 to 10,000 characters (``InvalidPromptError``)."""
    low, high = PROMPT_LENGTH
    if not isinstance(prompt, str):
        raise refused(
            InvalidPromptError,
            "prompt",
            f"prompt must be a str of {low} to {high:,} characters, got {type(prompt).__name__}",
            code="invalid_prompt",
        )
    if not low <= len(prompt) <= high:
        raise refused(
            InvalidPromptError,
            "prompt",
            f"prompt must be {low} to {high:,} characters, got {len(prompt):,}",
            code="invalid_prompt",
        )
    return prompt


def check_max_credits(max_credits: object) -> int:
    """``max_credits``: an ``int`` from 1 to 1,920 inclusive (``InvalidMaxCreditsError``)."""
    if (
        isinstance(max_credits, bool)
        or not isinstance(max_credits, int)
        or not 1 <= max_credits <= MAX_CREDITS_LIMIT
    ):
        raise refused(
            InvalidMaxCreditsError,
            "max_credits",
            f"max_credits must be an integer from 1 to {MAX_CREDITS_LIMIT:,}, got {max_credits!r}",
            code="invalid_max_credits",
        )
    return max_credits


def check_project_id(project_id: object) -> int:
    """``project_id``: a positive ``int`` (``InvalidProjectError``)."""
    if isinstance(project_id, bool) or not isinstance(project_id, int) or project_id < 1:
        raise refused(
            InvalidProjectError,
            "project_id",
            f"project_id must be a positive integer (a project's id), got {project_id!r}",
            code="invalid_project",
        )
    return project_id


def check_mode(mode: object) -> Optional[ServiceMode]:
    """``mode``: ``None`` (the server default, ``standard``) or a ``ServiceMode`` value
    (``InvalidModeError``)."""
    if mode is None:
        return None
    value = mode.value if isinstance(mode, ServiceMode) else mode
    if not isinstance(value, str) or value not in _MODES:
        allowed = ", ".join(sorted(_MODES))
        raise refused(
            InvalidModeError,
            "mode",
            f"mode must be a ServiceMode ({allowed}), got {mode!r}",
            code="invalid_mode",
        )
    return ServiceMode(value)


def check_tag_id(tag_id: object) -> Optional[int]:
    """``tag_id``: ``None`` (the ``general_purpose`` tag) or a positive ``int`` from
    ``client.tags.list()`` (``InvalidTagError``)."""
    if tag_id is None:
        return None
    if isinstance(tag_id, bool) or not isinstance(tag_id, int) or tag_id < 1:
        raise refused(
            InvalidTagError,
            "tag_id",
            f"tag_id must be a positive integer (an active tag's id), got {tag_id!r}",
            code="invalid_tag",
        )
    return tag_id


def check_idempotency_key(key: object) -> Optional[str]:
    """``idempotency_key``: ``None`` (the SDK makes one) or a UUID v4 string
    (``InvalidIdempotencyKeyError``)."""
    if key is None:
        return None
    try:
        parsed = uuid.UUID(key) if isinstance(key, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.version != 4:
        raise refused(
            InvalidIdempotencyKeyError,
            "idempotency_key",
            f"idempotency_key must be a UUID v4 string, got {key!r}",
            code="invalid_idempotency_key",
        )
    return str(key)


def _metadata_error(message: str) -> InvalidMetadataError:
    return refused(InvalidMetadataError, "metadata", message, code="invalid_metadata")
