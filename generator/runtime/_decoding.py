"""Decode failures as the package's ``APIResponseValidationError``, located in the body.

A generated method decodes a response in one straight expression (``Task.from_dict(
response.json())``) inside ``try``/``except DECODE_FAILURES``: on success nothing else runs.
Only when decoding fails does ``response_validation_error`` look again, walking the parsed body
beside the expected type (models by their attrs fields and annotations, lists, maps, unions,
enums, dates) to find the JSON pointer of the first value that does not fit, so the error says
where (``/items/3/createdAt``), what was expected (``datetime``) and why. The walk reads type
annotations, so it runs on the failure path only.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import re
import sys
import typing
from collections.abc import Mapping
from typing import Any, Optional

import attrs
import httpx

from ._errors import APIErrorMixin, request_id_of
from ._models import parse_datetime
from ._unions import UnknownVariant

__all__ = [
    "DECODE_FAILURES",
    "decode_by_content_type",
    "event_validation_error",
    "find_mismatch",
    "media_type_is",
    "response_validation_error",
]

# What a decoder raises on data that does not fit: a missing key, a wrong type, a bad date or
# enum (ValueError, as are JSONDecodeError and UnknownVariantError), a short tuple.
DECODE_FAILURES = (KeyError, TypeError, ValueError, AttributeError, IndexError)

_MAX_DEPTH = 64
_TOKEN = re.compile(r'\s*(?:("[^"]*")|([A-Za-z_][\w.]*)|(.))')
_NAMES: dict[str, Any] = {
    "Any": Any,
    "List": list,
    "Dict": dict,
    "Tuple": tuple,
    "Optional": Optional,
    "Union": typing.Union,
    "None": None,
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "bytes": bytes,
    "_dt": _dt,
}


def media_type_is(response: httpx.Response, media_type: str) -> bool:
    """Whether the answer's Content-Type is ``media_type`` (parameters ignored; ``text/*``
    in the spec matches any text)."""
    actual = str(response.headers.get("content-type", "")).split(";", 1)[0].strip().lower()
    wanted = media_type.split(";", 1)[0].strip().lower()
    if wanted.endswith("/*"):
        return actual.startswith(wanted[:-1])
    return actual == wanted


def decode_by_content_type(response: httpx.Response) -> Any:
    """A body whose media type the spec left open (``*/*``), decoded by what the answer says
    it is: JSON (``application/json``, ``+json``) parsed, ``text/*`` as text, anything else
    (or no Content-Type) as bytes; an empty body is None."""
    if not response.content:
        return None
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return response.json()
    if media.startswith("text/"):
        return response.text
    return response.content


class _Mismatch(Exception):
    pass


def response_validation_error(
    cls: type[APIErrorMixin],
    response: httpx.Response,
    cause: BaseException,
    expected: str,
    namespace: Mapping[str, Any],
) -> APIErrorMixin:
    """The ``cls`` error for ``response`` whose body failed to decode as ``expected`` (the
    annotation's text, its names looked up in ``namespace``, the calling module's globals).

    It carries ``status_code``, ``body`` (the raw text), ``headers``, ``request_id``,
    ``pointer`` (RFC 6901, ``""`` for the whole body) and ``expected`` (the type wanted
    there)."""
    try:
        raw = response.text
    except Exception:  # an undecodable charset: the bytes, as text, are still the body
        raw = response.content.decode("utf-8", "replace")
    pointer, wanted, problem = "", expected, f"{type(cause).__name__}: {cause}"
    try:
        data = response.json()
    except ValueError:
        kind = response.headers.get("content-type", "no Content-Type")
        problem = f"the body is not JSON ({kind}, {len(response.content)} bytes)"
    else:
        pointer, wanted, problem = _located(data, expected, namespace, problem)
    where = pointer or "the body"
    message = f"response body does not match the spec: {where}: expected {wanted}; {problem}"
    error = cls(
        message[:500],
        status_code=response.status_code,
        body=raw,
        headers=response.headers,
        request_id=request_id_of(response),
    )
    error.pointer = pointer
    error.expected = wanted
    return error


def _located(
    data: Any, expected: str, namespace: Mapping[str, Any], problem: str
) -> tuple[str, str, str]:
    """(pointer, expected type, problem) of the first place ``data`` breaks ``expected``;
    ("", ``expected``, ``problem``) when the walk finds none (or does not know a type: the
    cause, which ``problem`` states, still says what failed)."""
    try:
        found = find_mismatch(data, _parse(expected, namespace))
    except Exception:
        found = None
    return found if found is not None else ("", expected, problem)


def event_validation_error(
    cls: type[APIErrorMixin],
    event: Any,
    cause: BaseException,
    expected: str,
    namespace: Mapping[str, Any],
) -> APIErrorMixin:
    """The ``cls`` error for a streamed item (its ``data`` text) that failed to decode as
    ``expected``: ``body`` is the item's text, ``pointer`` and ``expected`` as for a response."""
    text = str(getattr(event, "data", ""))
    pointer, wanted, problem = "", expected, f"{type(cause).__name__}: {cause}"
    try:
        data = json.loads(text)
    except ValueError:
        problem = f"the event's data is not JSON ({len(text)} characters)"
    else:
        pointer, wanted, problem = _located(data, expected, namespace, problem)
    where = pointer or "the event"
    message = f"streamed event does not match the spec: {where}: expected {wanted}; {problem}"
    error = cls(message[:500], body=text)
    error.pointer = pointer
    error.expected = wanted
    return error


def find_mismatch(data: Any, hint: Any) -> Optional[tuple[str, str, str]]:
    """``(pointer, expected, problem)`` of the first value of ``data`` the decoder of type
    ``hint`` fails on, else of the first whose JSON type is wrong; None if everything fits."""
    for strict in (False, True):
        try:
            _walk(data, hint, "", strict, 0)
        except _Mismatch as mismatch:
            pointer, expected, problem = mismatch.args
            return pointer, expected, problem
    return None


def _name(hint: Any) -> str:
    if hint is None or hint is type(None):
        return "None"
    if isinstance(hint, type):
        return hint.__name__
    if isinstance(hint, typing.ForwardRef):
        return hint.__forward_arg__
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    names = [_name(a) for a in args]
    if origin is typing.Union:
        if len(args) == 2 and type(None) in args:
            return f"Optional[{names[1 - args.index(type(None))]}]"
        return f"Union[{', '.join(names)}]"
    spelled = {list: "List", dict: "Dict", tuple: "Tuple"}.get(origin)
    if spelled and names:
        return f"{spelled}[{', '.join(names)}]"
    return str(hint).replace("typing.", "")


def _json_type(data: Any) -> str:
    if data is None:
        return "null"
    if isinstance(data, bool):
        return "a boolean"
    if isinstance(data, (int, float)):
        return "a number"
    if isinstance(data, str):
        return "a string"
    return "an array" if isinstance(data, list) else "an object"


def _fail(pointer: str, hint: Any, problem: str) -> _Mismatch:
    return _Mismatch(pointer, _name(hint), problem)


def _escape(token: Any) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _walk(data: Any, hint: Any, pointer: str, strict: bool, depth: int) -> None:
    """Raise _Mismatch at the first value of ``data`` not fitting ``hint``. Without
    ``strict`` only values the decoders reject count (a missing key, a bad date or enum, the
    wrong container); with it, a string where a number belongs counts too."""
    if depth > _MAX_DEPTH or hint is Any:
        return
    if isinstance(hint, typing.ForwardRef):
        return  # resolved where it is defined (model annotations); never reached otherwise
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union:
        if data is None and type(None) in args:
            return
        failures: list[_Mismatch] = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                _walk(data, arg, pointer, strict, depth + 1)
                return
            except _Mismatch as mismatch:
                failures.append(mismatch)
        deepest = max(failures, key=lambda m: len(m.args[0]), default=None)
        if deepest is not None and (deepest.args[0] != pointer or len(failures) == 1):
            raise deepest  # Optional[X]: X is what was expected
        raise _fail(pointer, hint, f"got {_json_type(data)} matching no variant")
    if origin in (list, tuple) or hint in (list, tuple):
        if not isinstance(data, list):
            raise _fail(pointer, hint, f"got {_json_type(data)}, not an array")
        items = args if origin is tuple and args and args[-1] is not Ellipsis else ()
        if items and len(items) != len(data):
            raise _fail(pointer, hint, f"got {len(data)} items, not {len(items)}")
        item_hint = args[0] if args and not items else Any
        for index, item in enumerate(data):
            inner = items[index] if items else item_hint
            _walk(item, inner, f"{pointer}/{index}", strict, depth + 1)
        return
    if origin is dict or hint is dict:
        if not isinstance(data, dict):
            raise _fail(pointer, hint, f"got {_json_type(data)}, not an object")
        value_hint = args[1] if len(args) == 2 else Any
        for key, value in data.items():
            _walk(value, value_hint, f"{pointer}/{_escape(key)}", strict, depth + 1)
        return
    if isinstance(hint, type):
        _walk_class(data, hint, pointer, strict, depth)


def _walk_class(data: Any, hint: type, pointer: str, strict: bool, depth: int) -> None:
    if issubclass(hint, UnknownVariant):  # what a union decodes to when no variant is meant
        raise _fail(pointer, hint, "not a known variant")
    if attrs.has(hint) and hasattr(hint, "from_dict"):
        _walk_model(data, hint, pointer, strict, depth)
    elif issubclass(hint, enum.Enum):
        try:
            member = hint(data)
        except ValueError:
            raise _fail(pointer, hint, f"got {_json_type(data)} {data!r:.60}") from None
        # A one-member enum is a `const` (a discriminator's, typically): enums keep unknown
        # values, but a variant whose constant differs is not the one meant.
        if len(hint.__members__) == 1 and member not in hint.__members__.values():
            raise _fail(pointer, hint, f"got {data!r:.60}")
    elif hint is _dt.datetime or hint is _dt.date:
        parse = parse_datetime if hint is _dt.datetime else _dt.date.fromisoformat
        try:
            parse(data)
        except (TypeError, ValueError, AttributeError):
            raise _fail(pointer, hint, f"got {_json_type(data)} {data!r:.60}") from None
    elif strict and hint in (str, int, float, bool):
        is_bool = isinstance(data, bool)
        fits = (isinstance(data, hint) and (hint is bool or not is_bool)) or (
            hint is float and isinstance(data, int) and not is_bool
        )
        if not fits:
            raise _fail(pointer, hint, f"got {_json_type(data)}")


def _walk_model(data: Any, cls: type, pointer: str, strict: bool, depth: int) -> None:
    if not isinstance(data, dict):
        raise _fail(pointer, cls, f"got {_json_type(data)}, not an object")
    module = sys.modules.get(cls.__module__)
    hints = typing.get_type_hints(cls, vars(module) if module else None)
    wire = {attr: name for name, attr in getattr(cls, "_wire", {}).items()}
    for field in attrs.fields(cls):
        name = wire.get(field.name)
        if name is None:
            continue  # additional_properties
        here = f"{pointer}/{_escape(name)}"
        if name not in data:
            if field.default is attrs.NOTHING:
                raise _fail(here, hints.get(field.name, Any), "missing required field")
            continue
        _walk(data[name], hints.get(field.name, Any), here, strict, depth + 1)


def _parse(text: str, namespace: Mapping[str, Any]) -> Any:
    """The type an annotation's text names: names (dotted), subscripts and string forward
    references only, looked up in ``namespace`` (no ``eval``)."""
    tokens = [m.group(1) or m.group(2) or m.group(3) for m in _TOKEN.finditer(text)]
    tokens = [t for t in tokens if t and not t.isspace()]
    position = 0

    def lookup(name: str) -> Any:
        head, *rest = name.strip('"').split(".")
        if head in namespace:
            value = namespace[head]
        elif head in _NAMES:
            value = _NAMES[head]
        else:  # a union alias not imported where it is decoded: its decoder's module has it
            decoder = namespace[f"decode_{head}"]
            value = vars(sys.modules[decoder.__module__])[head]
        for part in rest:
            value = getattr(value, part)
        return value

    def parse() -> Any:
        nonlocal position
        value = lookup(tokens[position])
        position += 1
        if position < len(tokens) and tokens[position] == "[":
            position += 1
            args = [parse()]
            while tokens[position] == ",":
                position += 1
                args.append(parse())
            position += 1  # "]"
            value = value[tuple(args)] if len(args) > 1 else value[args[0]]
        return value

    return parse()
