"""Response headers an operation's spec declares, as typed records (``ResponseHeader``).

OpenAPI lists them under each response's ``headers`` (``Content-Type`` is ignored there, by
the specification). Each becomes a field of a generated ``<Resource><Method>Headers`` class,
parsed from the raw response (``with_raw_response``'s ``.parsed_headers``): integers, numbers,
booleans and date-times typed, anything else a string; a header that is absent or does not
parse is ``None``, never an error (a header is metadata, not the answer).
"""

from __future__ import annotations

from typing import Any, Callable

import attrs

from .naming import ATTRIBUTE, snake_name

__all__ = ["ResponseHeader", "response_headers"]

# kind -> (annotation, runtime reader)
_KINDS = {
    "int": ("int", "header_int"),
    "float": ("float", "header_float"),
    "bool": ("bool", "header_bool"),
    "datetime": ("_dt.datetime", "header_datetime"),
    "str": ("str", "header_str"),
}


@attrs.frozen
class ResponseHeader:
    wire_name: str
    name: str  # the Python field name
    kind: str  # int, float, bool, datetime, str
    description: str = ""

    @property
    def annotation(self) -> str:
        return _KINDS[self.kind][0]

    @property
    def reader(self) -> str:
        return _KINDS[self.kind][1]

    @property
    def names(self) -> frozenset[str]:
        return frozenset({self.reader, "_dt"} if self.kind == "datetime" else {self.reader})


def _kind(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "str"
    kind = schema.get("type")
    if isinstance(kind, list):  # 3.1: ["integer", "null"]
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "integer":
        return "int"
    if kind == "number":
        return "float"
    if kind == "boolean":
        return "bool"
    if kind == "string" and schema.get("format") in ("date-time", "http-date"):
        return "datetime"
    return "str"


def response_headers(responses: Any, resolve: Callable[[Any], Any]) -> tuple[ResponseHeader, ...]:
    """The headers declared by the 2xx responses of ``responses`` (first declaration wins),
    in the order the spec lists them."""
    found: dict[str, ResponseHeader] = {}
    taken: set[str] = set()
    if not isinstance(responses, dict):
        return ()
    for status in sorted(str(s) for s in responses):
        if not status.startswith("2"):
            continue
        key = int(status) if status.isdigit() else status
        response = resolve(responses.get(status, responses.get(key)))
        headers = response.get("headers") if isinstance(response, dict) else None
        if not isinstance(headers, dict):
            continue
        for wire, header in headers.items():
            key = str(wire).lower()
            if key == "content-type" or key in found:
                continue
            header = resolve(header)
            schema = resolve(header.get("schema")) if isinstance(header, dict) else None
            name = snake_name(str(wire), reserved=ATTRIBUTE | taken | {"headers"})
            taken.add(name)
            description = header.get("description", "") if isinstance(header, dict) else ""
            found[key] = ResponseHeader(
                str(wire), name, _kind(schema), str(description or "").strip()
            )
    return tuple(found.values())
