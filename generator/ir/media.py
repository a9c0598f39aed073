"""What a response's media type and status say about decoding it, beyond the plain cases.

* **No body**: 204, 205 and 304 answers, and every answer to HEAD, carry no content whatever
  the spec lists (RFC 9110 §6.4.1; AWS specs, for one, give 204s a JSON schema): they decode
  to ``None``, never through ``response.json()``.
* **Wildcards** (``*/*``, ``application/*``...): the spec does not say what arrives, so the
  answer's own ``Content-Type`` decides (``decode_by_content_type`` in
  ``runtime/_decoding.py``: JSON parsed, ``text/*`` as ``str``, anything else as ``bytes``),
  typed ``Any``; a ``format: binary`` string under one is ``bytes``, never parsed as JSON, and
  a schema describing JSON structure (an object, an array) is decoded as that JSON.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["NO_BODY_STATUSES", "has_no_body", "wildcard_kind"]

NO_BODY_STATUSES = frozenset({"204", "205", "304"})


def has_no_body(status: str, method: str) -> bool:
    """Whether an answer with ``status`` to ``method`` has no content, per HTTP."""
    return status in NO_BODY_STATUSES or method.lower() == "head"


def wildcard_kind(content_type: str, media: Any) -> Optional[str]:
    """The response kind for a wildcard media type (None for a concrete one): ``binary`` for a
    binary string, ``json`` for a schema describing JSON structure, else ``dispatch``."""
    if "*" not in content_type:
        return None
    schema = media.get("schema") if isinstance(media, dict) else None
    if not isinstance(schema, dict) or not schema:
        return "dispatch"
    if schema.get("format") == "binary" or schema.get("contentMediaType"):
        return "binary"
    if content_type.startswith("text/") and schema.get("type") == "string":
        return "text"
    structural = ("properties", "items", "$ref", "allOf", "oneOf", "anyOf", "additionalProperties")
    if schema.get("type") in ("object", "array") or any(k in schema for k in structural):
        return "json"
    return "dispatch"
