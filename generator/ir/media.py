"""What a response's media type and status say about decoding it, beyond the plain cases.

* **No body**: 204, 205 and 304 answers, and every answer to HEAD, carry no content whatever
  the spec lists (RFC 9110 §6.4.1; AWS specs, for one, give 204s a JSON schema): they decode
  to ``None``, never through ``response.json()``.
* **Sequential media types** (``text/event-stream``; JSON lines: ``application/jsonl``,
  ``application/x-ndjson``; JSON text sequences: ``application/json-seq``) are streams of
  items, typed like server-sent events: ``itemSchema`` (OpenAPI 3.2, also read in 3.1
  documents: FastAPI writes it) describes one item; for an event stream, the JSON in its
  ``data`` is ``itemSchema.properties.data.contentSchema`` (FastAPI's ``EventSourceResponse``
  shape) or, without ``itemSchema``, the media type's ``schema``. ``x-sdk-stream:
  {terminator: "[DONE]"}`` on the media type (or the operation) names the item that ends the
  stream cleanly.
* **Wildcards** (``*/*``, ``application/*``...): the spec does not say what arrives, so the
  answer's own ``Content-Type`` decides (``decode_by_content_type`` in
  ``runtime/_decoding.py``: JSON parsed, ``text/*`` as ``str``, anything else as ``bytes``),
  typed ``Any``; a ``format: binary`` string under one is ``bytes``, never parsed as JSON, and
  a schema describing JSON structure (an object, an array) is decoded as that JSON.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = [
    "NO_BODY_STATUSES",
    "STREAM_KINDS",
    "has_no_body",
    "item_schema",
    "sequence_kind",
    "wildcard_kind",
]

# Response kinds that are streams of items, and the runtime framing (``_sequences``) of each.
STREAM_KINDS = {"sse": "", "jsonl": "JSON_LINES", "jsonseq": "JSON_SEQ"}
_SEQUENCES = {
    "text/event-stream": "sse",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/jsonlines": "jsonl",
    "application/json-seq": "jsonseq",
}

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


def sequence_kind(content_type: str) -> Optional[str]:
    """``sse``, ``jsonl`` or ``jsonseq`` for a sequential media type, else None."""
    return _SEQUENCES.get(content_type.split(";", 1)[0].strip().lower())


def item_schema(media: Any, kind: str, resolve: Any) -> tuple[Any, tuple[str, ...]]:
    """The schema of one item's JSON for a stream of ``kind``, and its path below ``media``."""
    if not isinstance(media, dict):
        return {}, ("schema",)
    item = media.get("itemSchema")
    if item is None:
        return media.get("schema", {}), ("schema",)
    if kind != "sse":
        return item, ("itemSchema",)
    resolved = resolve(item)
    props = resolved.get("properties") if isinstance(resolved, dict) else None
    data = resolve(props.get("data")) if isinstance(props, dict) else None
    if isinstance(data, dict) and "contentSchema" in data:
        return data["contentSchema"], ("itemSchema", "properties", "data", "contentSchema")
    if isinstance(data, dict) and data.get("type") not in (None, "string"):
        return data, ("itemSchema", "properties", "data")
    return {}, ("itemSchema",)
