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

from ._models import Model, Part, to_json
from ._options import NOT_GIVEN, NotGiven  # one sentinel for options and arguments

__all__ = [
    "NOT_GIVEN",
    "BinaryContent",
    "NotGiven",
    "Part",
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
    "not_replayable_note",
    "part_headers",
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
    if isinstance(value, Model):
        value = request_json(value)
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
        if isinstance(value, Model):
            value = request_json(value)
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
        if isinstance(v, Model):
            v = request_json(v)
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
    if isinstance(value, Model):
        return request_json(value)  # a request: never the server's readOnly properties
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
    extension); bytes get ``content_type`` (the part's single ``encoding`` type) when given; a
    ``Part`` becomes httpx's 4-tuple, its own name, type and headers winning."""
    if isinstance(value, Part):
        name, content, found, headers = _four(file_part(value.content, content_type))
        # No type known: httpx guesses one from the file name, as for any file.
        own = value.content_type or found
        return (value.filename or name, content, own, {**headers, **value.headers})
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


def _four(part: Any) -> tuple[Any, Any, Optional[str], dict[str, str]]:
    """Any part httpx takes as its 4-tuple (file name, content, content type, headers)."""
    if not isinstance(part, tuple):
        name = os.path.basename(str(getattr(part, "name", "") or "")) or "upload"
        return (name, part, None, {})
    if len(part) == 2:
        return (part[0], part[1], None, {})
    if len(part) == 3:
        return (part[0], part[1], part[2], {})
    return (part[0], part[1], part[2], dict(part[3] or {}))


def part_headers(
    error: Any,
    name: str,
    part: Any,
    automatic: Mapping[str, str],
    given: Optional[Mapping[str, Any]] = None,
    required: tuple[str, ...] = (),
) -> tuple[Any, Any, Optional[str], dict[str, str]]:
    """A multipart part with the headers its ``encoding`` declares: the spec's fixed and
    default values (``automatic``), then the caller's (``given``, spelt in style ``simple``),
    then a ``Part``'s own, later ones winning, names compared without case. A ``required``
    header no one gave raises ``error`` naming the part and the header."""
    filename, content, content_type, own = _four(part)
    merged: dict[str, tuple[str, str]] = {k.lower(): (k, v) for k, v in automatic.items()}
    for key, value in (given or {}).items():
        if value is not None:
            merged[key.lower()] = (key, header_value(error, f"{name}_headers[{key!r}]", value))
    merged.update({k.lower(): (k, v) for k, v in own.items()})
    for header in required:
        if header.lower() not in merged:
            raise _fail(error, f"{name}_headers", f"the part's header {header!r} is required")
    headers = dict(merged.values())
    return (filename, content, content_type, headers)


def form_part(value: Any, content_type: str = "") -> tuple[Any, ...]:
    """A multipart part that is not a file: an object or array as its JSON (typed
    ``application/json`` unless the part's ``encoding`` says otherwise); a primitive as JSON
    spells it, typed only when the encoding gives a type."""
    if isinstance(value, (Model, Mapping, list, tuple)):
        return (None, json_value(value), content_type or "application/json")
    text = _scalar(ValueError, "part", value)
    return (None, text, content_type) if content_type else (None, text)


# Raw bodies are wrapped so a retry can send them again: httpx iterates ``content`` once per
# attempt, and a path is opened again, a seekable file sought back to where it started. An
# iterator the caller gives can be read only once: it is wrapped as a one-shot body, which the
# retry logic (``replayable``) declines to send again (httpx would otherwise send nothing, or
# raise StreamConsumed, on the second attempt).


class _PathChunks:
    replayable = True

    def __init__(self, path: Union[str, os.PathLike[str]]) -> None:
        self.path = path

    def __iter__(self) -> Iterator[bytes]:
        with open(self.path, "rb") as handle:
            yield from _chunks(handle)


class _FileChunks:
    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        seekable = getattr(handle, "seekable", None)
        self.start = handle.tell() if seekable is not None and seekable() else None
        self.replayable = self.start is not None

    def __iter__(self) -> Iterator[bytes]:
        if self.start is not None:
            self.handle.seek(self.start)
        return _chunks(self.handle)


class _OneShot:
    """An iterator the caller gave: sent once, never by a retry."""

    replayable = False

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.chunks)


class _AsyncOneShot:
    replayable = False

    def __init__(self, chunks: AsyncIterable[bytes]) -> None:
        self.chunks = chunks

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self.chunks.__aiter__()


class _AsyncChunks:
    """A synchronous source for httpx's AsyncClient (which streams async ones only)."""

    def __init__(self, source: Any) -> None:
        self.source = source
        self.replayable = getattr(source, "replayable", True)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.source:
            yield chunk


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return
        yield chunk


def binary_body(value: Any) -> Any:
    """A raw body for the sync client: bytes/str as they are; a path or an open binary file
    streamed in chunks (sent again by a retry: the path reopened, the file sought back); a
    list of chunks as it is; any other iterable of bytes streamed once (never retried)."""
    if isinstance(value, (bytes, bytearray, str, list, tuple)):
        return value
    if isinstance(value, os.PathLike):
        return _PathChunks(value)
    if hasattr(value, "read"):
        return _FileChunks(value)
    if isinstance(value, Iterable):
        return _OneShot(value)
    raise TypeError(f"cannot send a {type(value).__name__} as a body")


def async_binary_body(value: Any) -> Any:
    """``binary_body`` for the async client: synchronous sources are wrapped in an async
    iterator (httpx's AsyncClient only streams async ones); an async iterator is sent once."""
    if isinstance(value, (bytes, bytearray, str)):
        return value
    if hasattr(value, "__aiter__"):
        return _AsyncOneShot(value)
    return _AsyncChunks(binary_body(value))


def replayable(request: Any) -> bool:
    """Whether a retry can send ``request``'s body again (False only for a one-shot body,
    whatever httpx wraps it in). Asked on the failure path only."""
    return getattr(getattr(request.stream, "_stream", None), "replayable", True) is not False


def not_replayable_note(error: Exception) -> Exception:
    """Marks an error raised for a request whose one-shot body barred any retry."""
    error.body_not_replayable = True  # type: ignore[attr-defined]
    note = (
        "Not retried: the request body was an iterator, which can be sent only once "
        "(bytes, a path or a seekable file are sent again by a retry)."
    )
    notes = getattr(error, "__notes__", None)
    if notes is None:
        error.__notes__ = [note]  # type: ignore[attr-defined, unused-ignore]  # 3.11+ declares it
    elif note not in notes:
        notes.append(note)
    return error


def _is_file(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, tuple, os.PathLike, Part)) or hasattr(value, "read")


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
    """A value sent in a request, as JSON data: models without their readOnly properties (a
    response object sent back must not send the server's own fields), at any depth: a whole
    body, a flattened argument holding models, lists and mappings of them."""
    if isinstance(value, Model):
        data = value.to_dict()
        for wire in value._read_only:
            data.pop(wire, None)
        for wire, attr in value._wire.items():
            item = getattr(value, attr)
            if wire in data and isinstance(item, (Model, list, tuple, Mapping)):
                data[wire] = request_json(item)
        return data
    if isinstance(value, (list, tuple)):
        return [request_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: request_json(v) for k, v in value.items()}
    return to_json(value)
