"""Types as structure: what a value is, and everything the generated code spells for it.

A ``TypeRef`` says its kind and holds its parts; nothing reads annotation text to learn what a
type is. Every spelling is derived here, in one place: the annotation, what a caller may pass
(``input_annotation``), the decode and encode expressions (``$x`` standing for the value), the
runtime guard used to pick a union variant, and the names each of those needs imported.
"""

from __future__ import annotations

from functools import cached_property
from typing import Optional

import attrs

from .literals import literal

__all__ = [
    "ANY",
    "BINARY",
    "CONTENT",
    "FILE",
    "Kind",
    "TypeRef",
    "choice_of",
    "dict_of",
    "enum_ref",
    "list_of",
    "literal_of",
    "model_ref",
    "nullable",
    "prefixed_list",
    "primitive",
    "tuple_of",
    "union_ref",
]

_PLACEHOLDER = "$x"


class Kind:
    """The kinds of type (plain strings, so the IR stays inert data)."""

    ANY = "any"
    PRIMITIVE = "primitive"  # name: str, int, float or bool
    NULL = "null"
    DATETIME = "datetime"  # string, format date-time
    DATE = "date"  # string, format date
    BASE64 = "base64"  # string, format byte: bytes in Python, base64 on the wire
    BINARY = "binary"  # a raw body or binary string: bytes as they are
    FILE = "file"  # an upload: bytes, a file object or a (name, content, type) tuple
    CONTENT = "content"  # a raw request body: bytes, a path, a file or an iterator (streamed)
    LITERAL = "literal"  # literals: one of some fixed values (no definition), e.g. media types
    MODEL = "model"  # name: an attrs class of models/
    ENUM = "enum"  # name, with its members' literals and base (str or int)
    UNION = "union"  # name: a oneOf/anyOf alias with its decode_NAME function
    LIST = "list"  # args: (item,)
    MAP = "map"  # args: (value,); keys are strings
    OPTIONAL = "optional"  # args: (inner,)
    CHOICE = "choice"  # args: the plain types of a multi-type schema (no definition)
    TUPLE = "tuple"  # args: the parts (closed prefixItems, several picked return fields)
    # args: prefixItems' parts, then the type of the items after them (ANY: unconstrained). A
    # list (a tuple type cannot say "then any number of X" without typing_extensions' Unpack),
    # whose items each decode by their position.
    PREFIXED = "prefixed"


_DEFINITIONS = frozenset({Kind.MODEL, Kind.ENUM, Kind.UNION})
_CONTAINERS = frozenset({Kind.LIST, Kind.MAP, Kind.OPTIONAL})
_FIXED_ANNOTATIONS = {
    Kind.ANY: "Any",
    Kind.NULL: "None",
    Kind.DATETIME: "_dt.datetime",
    Kind.DATE: "_dt.date",
    Kind.BASE64: "bytes",
    Kind.BINARY: "bytes",
    Kind.FILE: "FileTypes",
    Kind.CONTENT: "BinaryContent",
}
_FIXED_NAMES = {
    Kind.ANY: frozenset({"Any"}),
    Kind.DATETIME: frozenset({"_dt"}),
    Kind.DATE: frozenset({"_dt"}),
    Kind.FILE: frozenset({"FileTypes"}),
    Kind.CONTENT: frozenset({"BinaryContent"}),
}
_WRAPPERS = {Kind.LIST: "List", Kind.MAP: "Dict", Kind.OPTIONAL: "Optional"}
_PRIMITIVE_GUARDS = {
    "str": "isinstance(data, str)",
    "int": "isinstance(data, int) and not isinstance(data, bool)",
    "float": "isinstance(data, (int, float)) and not isinstance(data, bool)",
    "bool": "isinstance(data, bool)",
}
_NONE: frozenset[str] = frozenset()


@attrs.frozen(cache_hash=True)
class TypeRef:
    """A type of the generated code: ``kind`` plus its parts (see ``Kind``)."""

    kind: str
    name: str = ""
    args: tuple[TypeRef, ...] = ()
    literals: tuple[str, ...] = ()  # enum members' values as Python literals
    base: str = ""  # an enum's value type: str or int

    # -- what it is ---------------------------------------------------------------------------

    @property
    def inner(self) -> TypeRef:
        """The part of a list, map or optional."""
        return self.args[0]

    @property
    def is_definition(self) -> bool:
        return self.kind in _DEFINITIONS

    @property
    def is_list(self) -> bool:
        return self.kind == Kind.LIST

    @property
    def is_any(self) -> bool:
        return self.kind == Kind.ANY

    @property
    def is_optional(self) -> bool:
        return self.kind == Kind.OPTIONAL

    @cached_property
    def is_binary(self) -> bool:
        """Bytes or files as they are (sent as multipart files), possibly in a list/optional."""
        if self.kind in (Kind.LIST, Kind.OPTIONAL):
            return self.inner.is_binary
        return self.kind in (Kind.BINARY, Kind.FILE)

    @cached_property
    def refs(self) -> frozenset[str]:
        """The model, enum and union definitions the type mentions."""
        own = frozenset({self.name}) if self.kind in _DEFINITIONS else _NONE
        return own.union(*(a.refs for a in self.args)) if self.args else own

    # -- spellings ------------------------------------------------------------------------------

    @cached_property
    def annotation(self) -> str:
        kind = self.kind
        if kind in _FIXED_ANNOTATIONS:
            return _FIXED_ANNOTATIONS[kind]
        if kind == Kind.PRIMITIVE or kind in _DEFINITIONS:
            return self.name
        if kind == Kind.LITERAL:
            return f"Literal[{', '.join(self.literals)}]"
        if kind == Kind.MAP:
            return f"Dict[str, {self.inner.annotation}]"
        if kind in _WRAPPERS:
            return f"{_WRAPPERS[kind]}[{self.inner.annotation}]"
        if kind == Kind.PREFIXED:
            return self._as_list.annotation
        parts = ", ".join(a.annotation for a in self.args)
        return f"Tuple[{parts}]" if kind == Kind.TUPLE else f"Union[{parts}]"

    @cached_property
    def forward_annotation(self) -> str:
        """``annotation`` with union aliases quoted, for a type alias's right-hand side (the
        one place an annotation is evaluated at import time; aliases may refer to
        themselves)."""
        if self.kind == Kind.UNION:
            return f'"{self.name}"'
        if not self.args or Kind.UNION not in self._kinds:
            return self.annotation
        if self.kind == Kind.PREFIXED:
            return self._as_list.forward_annotation
        parts = [a.forward_annotation for a in self.args]
        if self.kind == Kind.MAP:
            return f"Dict[str, {parts[0]}]"
        if self.kind in _WRAPPERS:
            return f"{_WRAPPERS[self.kind]}[{parts[0]}]"
        return (
            f"Tuple[{', '.join(parts)}]"
            if self.kind == Kind.TUPLE
            else f"Union[{', '.join(parts)}]"
        )

    @cached_property
    def _plain_parts(self) -> bool:
        """A tuple of plain JSON values: decoded as the JSON list turned tuple, encoded as the
        tuple turned list, with no work per part."""
        return all(a.decoder is None and a.encoder is None for a in self.args)

    @cached_property
    def _as_list(self) -> TypeRef:
        """A prefixed list's type as a plain list: of its one item type, or of their union."""
        kinds = [a for a in self.args[:-1]] + ([] if self.args[-1].is_any else [self.args[-1]])
        items = tuple(dict.fromkeys(kinds))
        return list_of(items[0] if len(items) == 1 else choice_of(items))

    def _unpacked(self, spelled: list[Optional[str]], wrap: str) -> str:
        """A closed tuple's parts, each through its own expression (``None``: as it is): the
        value is unpacked once into one name per part (a length other than the parts' count
        raises ``ValueError``, a decode failure) and ``wrap`` (``(...)`` or ``[...]``) holds
        the parts."""
        depth = sum(e.count(" for ") for e in spelled if e)
        names = [f"_t{depth}_{i}" for i in range(len(spelled))]
        parts = [n if e is None else e.replace(_PLACEHOLDER, n) for n, e in zip(names, spelled)]
        inner = ", ".join(parts) + ("," if len(parts) == 1 and wrap == "()" else "")
        target = ", ".join(names) + ("," if len(names) == 1 else "")
        return f"[{wrap[0]}{inner}{wrap[1]} for {target} in ($x,)][0]"

    def _by_position(self) -> Optional[str]:
        """A prefixed list's decoder: each item by its position's decoder (the rest by the
        type after the prefix); None when no item needs one."""
        decoders = [a.decoder for a in self.args]
        if not any(decoders):
            return None
        depth = sum(e.count(" for ") for e in decoders if e)
        i, v = f"_i{depth}", f"_v{depth}"
        *parts, rest = [v if e is None else e.replace(_PLACEHOLDER, v) for e in decoders]
        chain = " else ".join(f"{part} if {i} == {n}" for n, part in enumerate(parts))
        return f"[{chain} else {rest} for {i}, {v} in enumerate($x)]"

    @cached_property
    def _kinds(self) -> frozenset[str]:
        return frozenset({self.kind}).union(*(a._kinds for a in self.args))

    @cached_property
    def input_annotation(self) -> str:
        """What callers may pass: a model also as a dict of wire names, an enum also as its
        literal values."""
        kind = self.kind
        if kind == Kind.MODEL:
            return f"Union[{self.name}, Dict[str, Any]]"
        if kind == Kind.ENUM:
            return f"Union[{self.name}, Literal[{', '.join(self.literals)}]]"
        if kind in (Kind.LIST, Kind.OPTIONAL) and self.inner.has_input_form:
            return f"{_WRAPPERS[kind]}[{self.inner.input_annotation}]"
        if kind == Kind.PREFIXED:
            return self._as_list.input_annotation
        return self.annotation

    @property
    def has_input_form(self) -> bool:
        return self.input_annotation != self.annotation

    @cached_property
    def decoder(self) -> Optional[str]:
        """The expression turning JSON ``$x`` into the Python value; None: it already is."""
        kind = self.kind
        if kind == Kind.DATETIME:
            return "parse_datetime($x)"
        if kind == Kind.DATE:
            return "_dt.date.fromisoformat($x)"
        if kind == Kind.BASE64:
            return "b64decode($x)"
        if kind == Kind.MODEL:
            return f"{self.name}.from_dict($x)"
        if kind == Kind.ENUM:
            return f"{self.name}($x)"
        if kind == Kind.UNION:
            return f"{self.decoder_name}($x)"
        if kind == Kind.TUPLE:  # closed prefixItems
            if self._plain_parts:  # the JSON list as a tuple
                return f"cast({self.annotation!r}, tuple($x))"
            return self._unpacked([a.decoder for a in self.args], "()")
        if kind == Kind.PREFIXED:
            return self._by_position()
        return self._contained(self.inner.decoder) if kind in _CONTAINERS else None

    @cached_property
    def encoder(self) -> Optional[str]:
        """The expression turning the Python value ``$x`` into JSON; None: it already is."""
        kind = self.kind
        if kind == Kind.DATETIME:
            return "format_datetime($x)"
        if kind == Kind.DATE:
            return "$x.isoformat()"
        if kind == Kind.BASE64:
            return "b64encode($x)"
        if kind in (Kind.MODEL, Kind.UNION):
            return "to_json($x)"
        if kind == Kind.TUPLE:
            if self._plain_parts:
                return "list($x)"
            return self._unpacked([a.encoder for a in self.args], "[]")
        if kind == Kind.PREFIXED:
            # Items are typed by their union, so each is encoded by what it is at run time.
            return "to_json($x)" if any(a.encoder for a in self.args) else None
        return self._contained(self.inner.encoder) if kind in _CONTAINERS else None

    def _contained(self, inner: Optional[str]) -> Optional[str]:
        if inner is None:
            return None
        if self.kind == Kind.OPTIONAL:
            return f"(None if $x is None else {inner})"
        # Nested comprehensions need distinct loop variables; depth = comprehensions inside.
        depth = inner.count(" for ")
        v = f"_v{depth}"
        item = inner.replace(_PLACEHOLDER, v)
        if self.kind == Kind.LIST:
            return f"[{item} for {v} in $x]"
        k = f"_k{depth}"
        return f"{{{k}: {item} for {k}, {v} in $x.items()}}"

    def decode_parts(self, source: str) -> str | tuple[str, str, str]:
        """``decode(source)``, as its parts ``(value, test, other)`` when it is a None test
        around the inner decoding (for the renderer to lay out), else as the expression."""
        if self.kind == Kind.OPTIONAL and self.inner.decoder is not None:
            return "None", f"{source} is None", self.inner.decode(source)
        return self.decode(source)

    def encode_parts(self, source: str) -> str | tuple[str, str, str]:
        """``encode(source)`` as ``decode_parts`` gives ``decode(source)``."""
        if self.kind == Kind.OPTIONAL and self.inner.encoder is not None:
            return "None", f"{source} is None", self.inner.encode(source)
        return self.encode(source)

    def decode(self, source: str) -> str:
        decoder = self.decoder
        return source if decoder is None else decoder.replace(_PLACEHOLDER, source)

    def encode(self, source: str) -> str:
        encoder = self.encoder
        return source if encoder is None else encoder.replace(_PLACEHOLDER, source)

    @property
    def decoder_name(self) -> str:
        """A union's decoding function."""
        return f"decode_{self.name}"

    @cached_property
    def guard(self) -> str:
        """A check that JSON ``data`` could be of this type: picks a union variant (without a
        discriminator) before it is decoded."""
        kind = self.kind
        if kind == Kind.OPTIONAL:
            inner = self.inner.guard
            return "True" if inner == "True" else f"data is None or {inner}"
        if kind in (Kind.LIST, Kind.TUPLE, Kind.PREFIXED):
            return "isinstance(data, list)"
        if kind in (Kind.MAP, Kind.MODEL):
            return "isinstance(data, dict)"
        if kind == Kind.NULL:
            return "data is None"
        if kind in (Kind.DATETIME, Kind.DATE, Kind.BASE64, Kind.BINARY):
            return "isinstance(data, str)"
        if kind in (Kind.PRIMITIVE, Kind.ENUM):
            return _PRIMITIVE_GUARDS.get(self.base or self.name, "True")
        return "True"

    # -- names each spelling uses (for exact imports) -----------------------------------------

    @cached_property
    def annotation_names(self) -> frozenset[str]:
        kind = self.kind
        if kind == Kind.PREFIXED:
            return self._as_list.annotation_names
        if kind in _DEFINITIONS:
            return frozenset({self.name})
        own = _FIXED_NAMES.get(kind, _NONE)
        if kind in _WRAPPERS:
            own = frozenset({_WRAPPERS[kind]})
        elif kind == Kind.CHOICE:
            own = frozenset({"Union"})
        elif kind == Kind.LITERAL:
            own = frozenset({"Literal"})
        elif kind == Kind.TUPLE:
            own = frozenset({"Tuple"})
        return own.union(*(a.annotation_names for a in self.args)) if self.args else own

    @cached_property
    def input_names(self) -> frozenset[str]:
        kind = self.kind
        if kind == Kind.MODEL:
            return frozenset({"Union", self.name, "Dict", "Any"})
        if kind == Kind.ENUM:
            return frozenset({"Union", self.name, "Literal"})
        if kind in (Kind.LIST, Kind.OPTIONAL) and self.inner.has_input_form:
            return frozenset({_WRAPPERS[kind]}) | self.inner.input_names
        if kind == Kind.PREFIXED:
            return self._as_list.input_names
        return self.annotation_names

    @cached_property
    def decoder_names(self) -> frozenset[str]:
        kind = self.kind
        if kind in _CONTAINERS:
            return self.inner.decoder_names
        return {
            Kind.DATETIME: frozenset({"parse_datetime"}),
            Kind.DATE: frozenset({"_dt"}),
            Kind.BASE64: frozenset({"b64decode"}),
            Kind.MODEL: frozenset({self.name}),
            Kind.ENUM: frozenset({self.name}),
            Kind.UNION: frozenset({self.decoder_name}),
            Kind.TUPLE: self.annotation_names | {"cast"}
            if self._plain_parts
            else self._parts_decoders,
            Kind.PREFIXED: self._parts_decoders,
        }.get(kind, _NONE)

    @cached_property
    def _parts_decoders(self) -> frozenset[str]:
        return _NONE.union(*(a.decoder_names for a in self.args))

    @cached_property
    def encoder_names(self) -> frozenset[str]:
        kind = self.kind
        if kind in _CONTAINERS:
            return self.inner.encoder_names
        return {
            Kind.DATETIME: frozenset({"format_datetime"}),
            Kind.BASE64: frozenset({"b64encode"}),
            Kind.MODEL: frozenset({"to_json"}),
            Kind.UNION: frozenset({"to_json"}),
            Kind.TUPLE: _NONE.union(*(a.encoder_names for a in self.args)),
            Kind.PREFIXED: frozenset({"to_json"}) if self.encoder else _NONE,
        }.get(kind, _NONE)


ANY = TypeRef(Kind.ANY)
NONE = TypeRef(Kind.NULL)
BINARY = TypeRef(Kind.BINARY)
FILE = TypeRef(Kind.FILE)
CONTENT = TypeRef(Kind.CONTENT)
_PRIMITIVES = {name: TypeRef(Kind.PRIMITIVE, name) for name in ("str", "int", "float", "bool")}


def primitive(name: str) -> TypeRef:
    """``str``, ``int``, ``float`` or ``bool``."""
    return _PRIMITIVES[name]


def list_of(inner: TypeRef) -> TypeRef:
    return TypeRef(Kind.LIST, args=(inner,))


def dict_of(inner: TypeRef) -> TypeRef:
    return TypeRef(Kind.MAP, args=(inner,))


def nullable(inner: TypeRef) -> TypeRef:
    """``inner`` or None (unchanged for Any, None and what is already optional)."""
    if inner.kind in (Kind.ANY, Kind.NULL, Kind.OPTIONAL):
        return inner
    return TypeRef(Kind.OPTIONAL, args=(inner,))


def choice_of(variants: tuple[TypeRef, ...]) -> TypeRef:
    return TypeRef(Kind.CHOICE, args=variants)


def tuple_of(parts: tuple[TypeRef, ...]) -> TypeRef:
    return TypeRef(Kind.TUPLE, args=parts)


def prefixed_list(parts: tuple[TypeRef, ...], rest: TypeRef) -> TypeRef:
    """An array whose first items are ``parts`` (``prefixItems``) and whose later items, any
    number, are ``rest`` (``ANY`` when unconstrained)."""
    return TypeRef(Kind.PREFIXED, args=(*parts, rest))


def model_ref(name: str) -> TypeRef:
    return TypeRef(Kind.MODEL, name)


def enum_ref(name: str, base: str, literals: tuple[str, ...]) -> TypeRef:
    return TypeRef(Kind.ENUM, name, literals=literals, base=base)


def literal_of(values: tuple[str, ...]) -> TypeRef:
    """One of ``values`` (strings), typed ``Literal[...]``."""
    return TypeRef(Kind.LITERAL, literals=tuple(literal(v) for v in values), base="str")


def union_ref(name: str) -> TypeRef:
    return TypeRef(Kind.UNION, name)
