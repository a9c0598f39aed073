"""The ``format`` values the generator knows; any other is typed by its ``type`` alone.

OpenAPI leaves ``format`` open ("tools that do not recognise a format fall back to the type"),
so an unknown one is a warning, not an error: the value is typed as its ``type`` says and
passed through unchecked. ``--strict`` makes it an error, with the other recoverable defects
(``generator/load/_lenient.py``), since it is usually a typo (``date_time``) or a private
convention (``unix-seconds``) the spec should document.
"""

from __future__ import annotations

__all__ = ["KNOWN_FORMATS", "UNKNOWN_FORMAT"]

UNKNOWN_FORMAT = "unknown format"  # the warning's kind (the summary counts by it)

# The OpenAPI Format Registry (spec.openapis.org/registry/format) and JSON Schema 2020-12's
# formats, plus spellings common in real specs that mean one of them.
KNOWN_FORMATS = frozenset(
    {
        # numbers
        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float", "double", "decimal", "decimal128", "integer", "number", "long", "short",
        # strings
        "byte", "binary", "base64", "base64url", "char", "commonmark", "html", "media-range",
        "password", "sf-binary", "sf-boolean", "sf-decimal", "sf-integer", "sf-string",
        "sf-token", "date", "date-time", "time", "duration", "email", "idn-email", "hostname",
        "idn-hostname", "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference",
        "uri-template", "url", "uuid", "json-pointer", "relative-json-pointer", "regex",
        "http-date", "unixtime", "timestamp", "string", "text", "phone", "ip",
    }
)  # fmt: skip
