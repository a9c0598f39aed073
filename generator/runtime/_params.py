"""Parameters and request bodies serialised as the OpenAPI style tables say (RFC 6570 semantics).

Generated methods call these only for what the plain path needs help with: a path segment that
is not a scalar or uses ``label``/``matrix``, query parameters that are arrays or objects, use a
non-default style, ``allowReserved`` or ``content``; header and cookie values other than strings
and integers; multipart parts that are lists of files, objects or carry their own encoding; binary
bodies. A call that uses none of them never enters this module.

Values are spelt as JSON spells them (``true``/``false``, ``1.5``; enum members by their value).
Each function returns text already percent-encoded for its place, so httpx sends it unchanged.
A value a style cannot express (a nested array in a form query, an object inside an array, a
number that is not finite) raises ``error`` (the package's ``InvalidArgumentError``) naming the
argument, before anything is sent.

Choices where the OpenAPI specification is silent (each also in the README):

- ``deepObject`` nests like Express's ``qs`` and Rails/Rack: ``f[a][b]=1``; an array inside it is
  ``f[tags][]=a&f[tags][]=b``, which ``qs`` and Rack both read back as an array.
- An empty array or object in a query or cookie leaves the parameter out (RFC 6570: an empty
  list is undefined); ``None`` means "not given" and leaves it out too.
- ``allowReserved`` keeps RFC 3986 reserved characters except ``&``, ``=``, ``#`` and ``+``,
  which would change the query's structure or meaning.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import mimetypes
import os
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import IO, Any, Optional, Union
from urllib.parse import quote

from ._models import Model, to_json
from ._options import NOT_GIVEN, NotGiven  # one sentinel for options and arguments

__all__ = [
    "NOT_GIVEN",
    "BinaryContent",
    "NotGiven",
    "async_binary_body",
    "binary_body",
    "cookie_value",
    "header_value",
    "json_value",
    "query_items",
    "request_body",
    "request_json",
    "file_part",
    "form_part",
    "missing",
    "path_value",
]

# A raw request body: sent as it is (bytes, text), or streamed in chunks (a path, an open binary
# file, an iterator of bytes; an async one for the async client).
BinaryContent = Union[
    bytes, str, IO[bytes], "os.PathLike[str]", Iterable[bytes], AsyncIterable[bytes]
]
_CHUNK = 64 * 1024
# RFC 3986 reserved characters a value may keep when allowReserved is set (see the docstring).
_RESERVED_KEPT = ":/?[]@!$'()*,;"
# RFC 6265 cookie-octet excludes whitespace, DQUOTE, comma, semicolon and backslash.
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


def missing(error: Any, name: str) -> Exception:
    """The error for a required argument given ``None``."""
    raised = error(f"{name}: is required and cannot be None")
    raised.field, raised.rule = name, "required"
    return raised  # type: ignore[no-any-return]


def _fail(error: Any, name: str, rule: str) -> Exception:
    raised = error(f"{name}: {rule}")
    raised.field, raised.rule = name, rule
    return raised  # type: ignore[no-any-return]


def _scalar(error: Any, name: str, value: Any) -> str:
    """A primitive as JSON spells it, unencoded."""
    value = getattr(value, "value", value) if not isinstance(value, (str, int)) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(int(value))  # an IntEnum member's value, not its name
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _fail(error, name, f"cannot send the number {value!r}")
        return repr(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _fail(error, name, f"cannot send the number {value!r}")
        return str(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise _fail(error, name, f"cannot send a {type(value).__name__} in this parameter")


def _shape(error: Any, name: str, value: Any) -> tuple[str, Any]:
    """("object", pairs) | ("array", items) | ("scalar", text); nested containers refused."""
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    if isinstance(value, Mapping):
        pairs = [(str(k), _scalar(error, name, v)) for k, v in value.items() if v is not None]
        return "object", pairs
    if isinstance(value, (list, tuple, set, frozenset)):
        return "array", [_scalar(error, name, v) for v in value]
    return "scalar", _scalar(error, name, value)


def _enc(text: str, safe: str = "") -> str:
    return quote(text, safe=safe)


# -- path -----------------------------------------------------------------------------------------


def path_value(error: Any, name: str, wire: str, value: Any, style: str, explode: bool) -> str:
    """A path template variable in style ``simple``, ``label`` or ``matrix``."""
    if value is None:
        raise missing(error, name)
    kind, parts = _shape(error, name, value)
    if kind == "scalar":
        text = _enc(parts)
        if text in (".", ".."):  # a dot segment httpx would resolve away
            text = text.replace(".", "%2E")
        return {"label": ".", "matrix": f";{_enc(wire)}="}.get(style, "") + text
    if kind == "array":
        items = [_enc(p) for p in parts]
        if style == "matrix":
            if explode:
                return "".join(f";{_enc(wire)}={i}" for i in items)
            return f";{_enc(wire)}=" + ",".join(items)
        if style == "label":
            return "." + ("." if explode else ",").join(items)
        return ",".join(items)
    pairs = [(_enc(k), _enc(v)) for k, v in parts]
    if style == "matrix":
        if explode:
            return "".join(f";{k}={v}" for k, v in pairs)
        return f";{_enc(wire)}=" + ",".join(f"{k},{v}" for k, v in pairs)
    joined = (
        ("." if style == "label" else ",").join(f"{k}={v}" for k, v in pairs)
        if explode
        else ",".join(f"{k},{v}" for k, v in pairs)
    )
    return ("." if style == "label" else "") + joined


# -- query ----------------------------------------------------------------------------------------


def query_items(
    error: Any,
    name: str,
    wire: str,
    value: Any,
    style: str = "form",
    explode: bool = True,
    allow_reserved: bool = False,
    in_body: bool = False,
) -> list[str]:
    """A query parameter (or, ``in_body``, a property of a form-urlencoded body) as encoded
    ``key=value`` pieces, joined with ``&`` by the caller. In a query the style's delimiters
    are literal, as the OpenAPI examples write them; in a form body every reserved character,
    delimiters included, is percent-encoded (as HTML forms and Prism's validator have it)."""
    if value is None:
        return []
    safe = _RESERVED_KEPT if allow_reserved else ""
    key = _enc(wire)
    if style == "deepObject":
        if hasattr(value, "to_dict"):
            value = value.to_dict()
        if not isinstance(value, Mapping):
            raise _fail(error, name, "a deepObject parameter must be an object")
        return _deep(error, name, key, value, safe)
    kind, parts = _shape(error, name, value)
    if kind == "scalar":
        return [f"{key}={_enc(parts, safe)}"]
    if not parts:
        return []
    if kind == "array":
        if explode:
            return [f"{key}={_enc(p, safe)}" for p in parts]
        delimiter = _delimiter(style, in_body)
        return [f"{key}=" + delimiter.join(_enc(p, safe) for p in parts)]
    if explode:
        return [f"{_enc(k)}={_enc(v, safe)}" for k, v in parts]
    delimiter = _delimiter(style, in_body)
    return [
        f"{key}=" + delimiter.join(f"{_enc(k, safe)}{delimiter}{_enc(v, safe)}" for k, v in parts)
    ]


def _delimiter(style: str, in_body: bool) -> str:
    if style == "spaceDelimited":
        return "%20"
    if style == "pipeDelimited":
        return "%7C" if in_body else "|"
    return "%2C" if in_body else ","


def _deep(error: Any, name: str, prefix: str, value: Mapping[str, Any], safe: str) -> list[str]:
    # ``prefix`` is already encoded; brackets stay literal, as the OpenAPI examples write them.
    found: list[str] = []
    for k, v in value.items():
        if v is None:
            continue
        key = f"{prefix}[{_enc(str(k))}]"
        if hasattr(v, "to_dict"):
            v = v.to_dict()
        if isinstance(v, Mapping):
            found += _deep(error, name, key, v, safe)
        elif isinstance(v, (list, tuple)):
            found += [f"{key}[]={_enc(_scalar(error, name, i), safe)}" for i in v]
        else:
            found.append(f"{key}={_enc(_scalar(error, name, v), safe)}")
    return found


def json_value(value: Any) -> str:
    """A parameter described with ``content: application/json``: its JSON text."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "value"):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON")


# -- header and cookie ----------------------------------------------------------------------------


def header_value(error: Any, name: str, value: Any, explode: bool = False) -> str:
    """A header in style ``simple``: arrays ``a,b``; objects ``k,v`` (``k=v`` exploded)."""
    kind, parts = _shape(error, name, value)
    if kind == "scalar":
        text: str = parts
    elif kind == "array":
        text = ",".join(parts)
    else:
        text = ",".join(f"{k}={v}" if explode else f"{k},{v}" for k, v in parts)
    if "\r" in text or "\n" in text:
        raise _fail(error, name, "a header value cannot contain a line break")
    return text


def cookie_value(error: Any, name: str, wire: str, value: Any, explode: bool = True) -> str:
    """A cookie in style ``form``: ``name=v``; arrays ``name=a,b`` (``name=a; name=b``
    exploded); objects ``name=k,v`` (``k=v; k2=v2`` exploded). "" when there is nothing."""
    if value is None:
        return ""
    kind, parts = _shape(error, name, value)
    key = _enc(wire, _COOKIE_SAFE.replace("=", ""))
    if kind == "scalar":
        return f"{key}={_enc(parts, _COOKIE_SAFE)}"
    if not parts:
        return ""
    if kind == "array":
        items = [_enc(p, _COOKIE_SAFE) for p in parts]
        return "; ".join(f"{key}={i}" for i in items) if explode else f"{key}=" + ",".join(items)
    pairs = [(_enc(k, _COOKIE_SAFE), _enc(v, _COOKIE_SAFE)) for k, v in parts]
    if explode:
        return "; ".join(f"{k}={v}" for k, v in pairs)
    return f"{key}=" + ",".join(f"{k},{v}" for k, v in pairs)


# -- bodies ---------------------------------------------------------------------------------------


def file_part(value: Any, content_type: Optional[str] = None) -> Any:
    """A multipart file as httpx takes it: a path is read (named by its file name, typed by its
    extension); bytes get ``content_type`` (the part's single ``encoding`` type) when given."""
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        with open(path, "rb") as handle:
            data = handle.read()
        filename = os.path.basename(path)
        guessed = mimetypes.guess_type(filename)[0]
        return (filename, data, content_type or guessed or "application/octet-stream")
    if content_type and isinstance(value, (bytes, bytearray, str)):
        return ("upload", value, content_type)
    return value


def form_part(value: Any, content_type: str = "") -> tuple[Any, ...]:
    """A multipart part that is not a file: an object or array as its JSON (typed
    ``application/json`` unless the part's ``encoding`` says otherwise); a primitive as JSON
    spells it, typed only when the encoding gives a type."""
    if hasattr(value, "to_dict") or isinstance(value, (Mapping, list, tuple)):
        return (None, json_value(value), content_type or "application/json")
    text = _scalar(ValueError, "part", value)
    return (None, text, content_type) if content_type else (None, text)


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return
        yield chunk


def _path_chunks(path: Union[str, os.PathLike[str]]) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        yield from _chunks(handle)


def binary_body(value: Any) -> Any:
    """A raw body for the sync client: bytes/str as they are; a path or an open binary file
    streamed in chunks; any other iterable of bytes streamed as it is."""
    if isinstance(value, (bytes, bytearray, str)):
        return value
    if isinstance(value, os.PathLike):
        return _path_chunks(value)
    if hasattr(value, "read"):
        return _chunks(value)
    if isinstance(value, Iterable):
        return value
    raise TypeError(f"cannot send a {type(value).__name__} as a body")


def async_binary_body(value: Any) -> Any:
    """``binary_body`` for the async client: synchronous sources are wrapped in an async
    iterator (httpx's AsyncClient only streams async ones)."""
    if isinstance(value, (bytes, bytearray, str)) or hasattr(value, "__aiter__"):
        return value
    return _async(binary_body(value))


async def _async(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def _is_file(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, tuple, os.PathLike)) or hasattr(value, "read")


def request_body(content_type: str, fields: Mapping[str, Any], headers: dict[str, str]) -> Any:
    """The body arguments for httpx of an operation offering several media types, encoded
    for the one the caller chose (``content_type=``): JSON, form-urlencoded (form style,
    exploded) or multipart (files by their Python type, arrays one part per item)."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "multipart/form-data":
        files: list[tuple[str, Any]] = []
        for key, value in fields.items():
            for item in value if isinstance(value, list) else [value]:
                files.append((key, file_part(item) if _is_file(item) else form_part(item)))
        return {"files": files}
    headers["Content-Type"] = content_type
    if media == "application/x-www-form-urlencoded":
        pieces = [
            p for k, v in fields.items() for p in query_items(ValueError, k, k, v, in_body=True)
        ]
        return {"content": "&".join(pieces)}
    return {"content": json_value(dict(fields)).encode()}


def request_json(value: Any) -> Any:
    """A model sent as a whole request body: its JSON without readOnly properties (a response
    object sent back must not send the server's own fields), nested models alike."""
    if isinstance(value, Model):
        data = value.to_dict()
        for wire in value._read_only:
            data.pop(wire, None)
        for wire, attr in value._wire.items():
            item = getattr(value, attr)
            if wire in data and isinstance(item, (Model, list)):
                data[wire] = request_json(item)
        return data
    if isinstance(value, list):
        return [request_json(v) for v in value]
    return to_json(value)
