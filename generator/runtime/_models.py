"""Base classes and helpers for generated models and enums.

Generated models are attrs classes with straight-line ``from_dict``/``to_dict``; this module only
adds what every model shares: reading a model like the JSON it came from (``obj["wireName"]``,
``obj.get(...)``, ``"k" in obj``), enums that keep values the spec did not list, and the few
format conversions the generated code calls.
"""

from __future__ import annotations

import base64
import datetime as _dt
import enum
import os
from collections.abc import Mapping
from typing import IO, Any, ClassVar, Optional, Union

__all__ = [
    "FileContent",
    "FileTypes",
    "IntEnum",
    "UnknownVariantError",
    "Model",
    "Part",
    "StrEnum",
    "b64decode",
    "b64encode",
    "format_datetime",
    "to_json",
    "parse_datetime",
]


class Part:
    """One multipart part with what its content alone cannot say: its file name, its content
    type and headers of its own (``headers``, such as those a spec's ``encoding.headers``
    declares). Accepted wherever a file is, one item of a list of files included, so each
    item of an array can carry its own values. Header values are sent as they are given."""

    __slots__ = ("content", "content_type", "filename", "headers")

    def __init__(
        self,
        content: Union[IO[bytes], bytes, str, os.PathLike[str]],
        *,
        filename: Optional[str] = None,
        content_type: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.content = content
        self.filename = filename
        self.content_type = content_type
        self.headers = dict(headers or {})
        for name, value in self.headers.items():
            if not isinstance(value, str) or any(c in f"{name}{value}" for c in "\r\n"):
                # A line break would start another header or part of the body.
                raise ValueError(f"Part header {name!r}: a text value without line breaks")

    def __repr__(self) -> str:  # the content may be large or secret: only what describes it
        return f"Part(filename={self.filename!r}, content_type={self.content_type!r})"


# What a multipart file field accepts, as httpx does: content, or (filename, content[, type]);
# or a Part, naming its own file name, type and headers.
FileContent = Union[IO[bytes], bytes, str]
FileTypes = Union[
    FileContent,
    tuple[Optional[str], FileContent],
    tuple[Optional[str], FileContent, Optional[str]],
    Part,
]


class Model:
    """Mapping-style read access by wire name, on top of attribute access.

    ``_wire`` (set by each generated class) maps wire names to attribute names; fields the spec
    did not declare live in ``additional_properties`` and are readable the same way.
    """

    __slots__ = ()
    _wire: ClassVar[dict[str, str]] = {}
    # Wire names of readOnly properties: left out when the model is sent as a request body.
    _read_only: ClassVar[frozenset[str]] = frozenset()
    additional_properties: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        attr = self._wire.get(key)
        if attr is not None:
            return getattr(self, attr)
        return self.additional_properties[key]

    def get(self, key: str, default: Any = None) -> Any:
        """The value under wire name ``key``, or ``default`` when absent or null."""
        attr = self._wire.get(key)
        value = getattr(self, attr) if attr is not None else self.additional_properties.get(key)
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        attr = self._wire.get(key) if isinstance(key, str) else None
        if attr is not None:
            return getattr(self, attr) is not None
        return key in self.additional_properties

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - every model overrides it
        raise NotImplementedError


class _EnumType(enum.EnumMeta):
    """Looks a member up by value before anything else: decoding calls ``Status("done")`` for
    every enum field of every object, and ``EnumMeta.__call__`` reaches the same dictionary
    only after two Python-level calls. Anything else (a value not listed, the functional API)
    goes the usual way."""

    def __call__(cls, value: Any, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs:
            try:
                return cls._value2member_map_[value]
            except (KeyError, TypeError):  # not listed, or unhashable
                pass
        return super().__call__(value, *args, **kwargs)


class StrEnum(str, enum.Enum, metaclass=_EnumType):
    """A string enum that keeps values added to the API after the SDK was generated."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member

    def __str__(self) -> str:
        # The member's own text is its value (members are made from it, listed or not), read
        # without the ``value`` descriptor: pollers call this on every observation.
        return str.__str__(self)


class IntEnum(int, enum.Enum, metaclass=_EnumType):
    """An integer enum that keeps values added to the API after the SDK was generated."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"VALUE_{value}"
        member._value_ = value
        return member

    def __str__(self) -> str:
        return int.__repr__(self)  # its value in decimal, as for StrEnum above


class UnknownVariantError(ValueError):
    """A discriminated value names a variant this SDK doesn't know (the API added one)."""


def parse_datetime(value: str) -> _dt.datetime:
    """RFC 3339 date-time; ``fromisoformat`` before 3.11 rejects the ``Z`` suffix."""
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    return _dt.datetime.fromisoformat(value)


_UTC = _dt.timezone.utc
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))


def format_datetime(value: _dt.datetime) -> str:
    """RFC 3339 needs an offset: a naive datetime is taken as local time and sent with its
    offset, never as a bare time a server would read as UTC. The text is ``isoformat()``'s."""
    tz = value.tzinfo
    if tz is _UTC and type(value) is _dt.datetime:
        # What decoding yields (and most callers pass). isoformat() spends about half its time
        # on the zero offset; this writes its exact output (tested) in under half the time.
        two, year, micro = _TWO_DIGITS, value.year, value.microsecond
        date = f"{year if year >= 1000 else f'{year:04d}'}-{two[value.month]}-{two[value.day]}"
        if micro:
            return (
                f"{date}T{two[value.hour]}:{two[value.minute]}:{two[value.second]}"
                f".{micro:06d}+00:00"
            )
        return f"{date}T{two[value.hour]}:{two[value.minute]}:{two[value.second]}+00:00"
    return (value if tz is not None else value.astimezone()).isoformat()


def b64decode(value: str) -> bytes:
    return base64.b64decode(value)


def b64encode(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def to_json(value: Any) -> Any:
    """A model (or a plain dict given in its place) as JSON data. A union's value may also be a
    list of models or a date-time (its variants' encoders are not known at run time)."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, _dt.datetime):
        return format_datetime(value)
    return value.isoformat() if isinstance(value, _dt.date) else value
