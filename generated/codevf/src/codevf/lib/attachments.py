# Hand-written: copied by sdkgen from specs/codevf/lib/attachments.py; edit that file, not this copy (spec sha256 7939e37ae3380264a87ca36a4e64e741d7d79fffbf9731e6f97657a5f9121d4a).
"""Attachments: build them from files or bytes, and check them before ``tasks.create`` sends them.

CodeVF takes attachments inline in the task's JSON body (never multipart): ``fileName``,
``mimeType`` and ``content``, where ``content`` is UTF-8 text for textual types and base64 for
everything else. The documentation asks the SDK to enforce the limits locally (at most five
attachments; text at most 1,048,576 bytes before encoding; binary at most 10 MB after base64) and
to raise ``AttachmentTooLargeError`` instead of letting the API answer 413. The spec can describe
the shape but not these rules, so they live here:

- ``attachment_from_path(path, mime_type=None)`` and ``attachment_from_bytes(file_name, data,
  mime_type)`` build a checked ``Attachment`` (exported from ``codevf``);
- ``normalize_attachments`` turns what ``tasks.create(attachments=...)`` was given (``Attachment``
  models or plain dicts with the wire keys) into checked JSON objects.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Optional, Union

from ..exceptions import (
    AttachmentLimitExceededError,
    AttachmentTooLargeError,
    InvalidAttachmentError,
)
from ..models.attachment import Attachment
from .validation import refused

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_BINARY_BASE64_BYTES",
    "MAX_TEXT_BYTES",
    "TEXT_MIME_TYPES",
    "attachment_from_bytes",
    "attachment_from_path",
    "is_textual",
    "normalize_attachments",
]

MAX_ATTACHMENTS = 5
MAX_TEXT_BYTES = 1_048_576  # UTF-8 bytes of a textual attachment, before encoding
MAX_BINARY_BASE64_BYTES = 10_485_760  # base64 characters of a binary attachment
MAX_FILE_NAME_LENGTH = 255
# Textual besides every text/* type; anything else is binary and travels as base64.
TEXT_MIME_TYPES = frozenset({"application/json", "application/xml", "application/javascript"})
_MIME = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*")
_KEYS = ("fileName", "mimeType", "content")


def is_textual(mime_type: str) -> bool:
    """Whether ``content`` of this MIME type is UTF-8 text (else base64)."""
    lowered = mime_type.lower()
    return lowered.startswith("text/") or lowered in TEXT_MIME_TYPES


def attachment_from_bytes(file_name: str, data: bytes, mime_type: str) -> Attachment:
    """An ``Attachment`` holding ``data``: decoded as UTF-8 text when ``mime_type`` is textual
    (``text/*``, ``application/json``, ``application/xml``, ``application/javascript``), else
    base64-encoded into ``content``.

    Raises:
        InvalidAttachmentError: a missing or malformed name or type, or textual data that is not
            valid UTF-8.
        AttachmentTooLargeError: text over 1,048,576 bytes, or binary over 10,485,760 bytes once
            base64-encoded.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise refused(
            InvalidAttachmentError,
            "attachments",
            f"attachment {file_name!r}: data must be bytes, got {type(data).__name__}",
            code="invalid_attachment",
        )
    fields = {"fileName": file_name, "mimeType": mime_type, "content": bytes(data)}
    return Attachment.from_dict(_check(f"attachment {file_name!r}", fields))


def attachment_from_path(
    path: Union[str, os.PathLike[str]], mime_type: Optional[str] = None
) -> Attachment:
    """An ``Attachment`` of the file at ``path``, named after its last path component.

    ``mime_type`` defaults to the type guessed from the extension (``process.py`` is
    ``text/x-python``); when none is known the file is ``text/plain`` if it is UTF-8 text and
    ``application/octet-stream`` otherwise. The size limits are checked against the file's size
    before it is read.

    Raises:
        InvalidAttachmentError, AttachmentTooLargeError: as ``attachment_from_bytes``.
        OSError: the file can't be read.
    """
    file = Path(path)
    guessed = mime_type or mimetypes.guess_type(file.name)[0]
    size = file.stat().st_size
    if guessed is not None:
        _check_size(f"attachment {file.name!r}", guessed, size, _base64_length(size))
    data = file.read_bytes()
    if guessed is None:
        guessed = "text/plain" if _is_utf8_text(data) else "application/octet-stream"
    return attachment_from_bytes(file.name, data, guessed)


def normalize_attachments(
    attachments: Sequence[Union[Attachment, Mapping[str, Any]]],
) -> list[dict[str, str]]:
    """Check what ``tasks.create(attachments=...)`` was given and return the JSON to send.

    Each item is an ``Attachment`` or a dict with the wire keys ``fileName``, ``mimeType`` and
    ``content`` (``content`` may also be ``bytes``: decoded as UTF-8 for textual types,
    base64-encoded otherwise). No other keys are accepted; in particular binary data goes in
    ``content`` as base64, never under a separate ``base64`` key.

    Raises:
        AttachmentLimitExceededError: more than five attachments.
        InvalidAttachmentError: a missing or malformed ``fileName``, ``mimeType`` or
            ``content``, an unknown key, or binary ``content`` that is not valid base64.
        AttachmentTooLargeError: an attachment over its size limit.
    """
    if isinstance(attachments, (str, bytes, Mapping)) or not isinstance(attachments, Sequence):
        raise refused(
            InvalidAttachmentError,
            "attachments",
            "attachments must be a list of Attachment objects or dicts with fileName, mimeType "
            f"and content, got {type(attachments).__name__}",
            code="invalid_attachment",
        )
    if len(attachments) > MAX_ATTACHMENTS:
        raise refused(
            AttachmentLimitExceededError,
            "attachments",
            f"attachments has {len(attachments)} items; at most {MAX_ATTACHMENTS} are allowed "
            "per task",
            code="attachment_limit_exceeded",
        )
    checked = []
    for index, item in enumerate(attachments):
        where = f"attachments[{index}]"
        if isinstance(item, Attachment):
            fields: Mapping[str, Any] = item.to_dict()
        elif isinstance(item, Mapping):
            fields = item
        else:
            raise refused(
                InvalidAttachmentError,
                "attachments",
                f"{where} must be an Attachment or a dict with fileName, mimeType and content, "
                f"got {type(item).__name__}",
                code="invalid_attachment",
            )
        checked.append(_check(where, fields))
    return checked


def _check(where: str, fields: Mapping[str, Any]) -> dict[str, str]:
    unknown = sorted(str(k) for k in fields if k not in _KEYS)
    if unknown:
        hint = "; binary data goes base64-encoded in 'content'" if "base64" in unknown else ""
        keys = ", ".join(map(repr, unknown))
        raise _invalid(
            f"{where} has unknown key(s) {keys}: only fileName, mimeType and content are sent{hint}"
        )
    name = fields.get("fileName")
    if not isinstance(name, str) or not 1 <= len(name) <= MAX_FILE_NAME_LENGTH:
        raise _invalid(
            f"{where}.fileName is required: a file name of 1 to {MAX_FILE_NAME_LENGTH} "
            f"characters, got {name!r}"
        )
    mime = fields.get("mimeType")
    if not isinstance(mime, str) or not _MIME.fullmatch(mime):
        raise _invalid(
            f"{where}.mimeType is required: a MIME type such as 'text/x-python' or "
            f"'image/png' (no parameters), got {mime!r}"
        )
    where = f"{where} ({name})"
    content = fields.get("content")
    if isinstance(content, (bytearray, memoryview)):
        content = bytes(content)
    textual = is_textual(mime)
    if isinstance(content, bytes):
        if textual:
            try:
                content = content.decode("utf-8")
            except UnicodeDecodeError:
                raise _invalid(
                    f"{where}.content is not UTF-8 text, as {mime!r} requires; send the file "
                    "with a binary MIME type instead"
                ) from None
        else:
            content = base64.b64encode(content).decode("ascii")
    if not isinstance(content, str):
        raise _invalid(
            f"{where}.content is required: UTF-8 text for textual types, base64 for binary, "
            f"got {type(content).__name__}"
        )
    if textual:
        try:
            size = len(content.encode("utf-8"))
        except UnicodeEncodeError:
            raise _invalid(f"{where}.content is not encodable as UTF-8") from None
        _check_size(where, mime, size, 0)
    else:
        _check_size(where, mime, 0, len(content))
        try:
            base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise _invalid(
                f"{where}.content must be base64 for the binary type {mime!r} (text is only "
                "accepted for text/*, application/json, application/xml and "
                "application/javascript)"
            ) from None
    return {"fileName": name, "mimeType": mime, "content": content}


def _check_size(where: str, mime: str, text_bytes: int, base64_bytes: int) -> None:
    if is_textual(mime) and text_bytes > MAX_TEXT_BYTES:
        raise refused(
            AttachmentTooLargeError,
            "attachments",
            f"{where} is {text_bytes:,} bytes of text; textual attachments may be at most "
            f"{MAX_TEXT_BYTES:,} bytes before encoding",
            code="payload_too_large",
        )
    if not is_textual(mime) and base64_bytes > MAX_BINARY_BASE64_BYTES:
        raise refused(
            AttachmentTooLargeError,
            "attachments",
            f"{where} is {base64_bytes:,} bytes after base64 encoding; binary attachments may "
            f"be at most {MAX_BINARY_BASE64_BYTES:,} bytes encoded",
            code="payload_too_large",
        )


def _base64_length(size: int) -> int:
    return 4 * ((size + 2) // 3)


def _is_utf8_text(data: bytes) -> bool:
    try:
        return "\x00" not in data.decode("utf-8")
    except UnicodeDecodeError:
        return False


def _invalid(message: str) -> InvalidAttachmentError:
    return refused(InvalidAttachmentError, "attachments", message, code="invalid_attachment")
