"""A parameter or flattened body property as a Python argument: its type, where it goes on
the wire and how it is spelt there (style, explode, ``content``), and the expressions the
templates pass it through (``path_expr``, ``query_expr``, ``header_expr``...). A sibling of
``model`` (which re-exports ``Param``) so each module holds one idea."""

from __future__ import annotations

import ast
from typing import Optional

import attrs

from .constraints import NO_CONSTRAINTS, Constraints
from .parts import NO_PART_HEADERS, PartHeaders
from .types import Kind, TypeRef, nullable

__all__ = ["Param"]


_GUARD_SHAPES = {Kind.LIST: "list", Kind.ENUM: "enum", Kind.LITERAL: "enum"}


@attrs.frozen
class Param:
    """A parameter or flattened body property as a Python argument."""

    name: str
    wire_name: str
    location: str  # path, query, header, cookie, body, body-model
    type: TypeRef
    required: bool
    description: str = ""
    default: Optional[str] = None
    positional: bool = False
    style: str = "form"
    explode: bool = True
    constraints: Constraints = NO_CONSTRAINTS  # what the runtime's check() verifies
    allow_reserved: bool = False
    content_json: bool = False  # described by `content` (JSON): sent as its JSON text
    part_type: str = ""  # multipart: the part's single `encoding` contentType, if any
    nullable: bool = False  # the schema allows null: None is sent as null, not refused
    # An optional JSON property that may be null: NOT_GIVEN leaves it out, None sends null.
    omittable: bool = False
    # Multipart: headers the part's `encoding` declares (ir/parts.py) and the argument the
    # caller gives their values in ("" when the part declares none).
    part_headers: PartHeaders = NO_PART_HEADERS
    headers_arg: str = ""

    @property
    def check_guard(self) -> str:
        """``Constraints.guard`` for this argument, by what its type is."""
        t = self.type.inner if self.type.is_optional else self.type
        shape = t.name if t.kind == Kind.PRIMITIVE else _GUARD_SHAPES.get(t.kind, "")
        return self.constraints.guard(self.name, shape)

    def query_value(self, value: str) -> str:
        """The expression a plain query parameter is sent as (httpx encodes it)."""
        return self.type.encode(value)

    @property
    def is_scalar(self) -> bool:
        """A string, integer, boolean, enum or date: one value, whatever the style. (A float
        is not: the runtime spells it as JSON does and refuses NaN and infinities.)"""
        t = self.type.inner if self.type.is_optional else self.type
        return t.kind in _SCALAR_KINDS and t.name != "float"

    @property
    def plain_query(self) -> bool:
        """A query parameter httpx sends right as it is (the common case: no runtime help)."""
        return (
            self.is_scalar
            and self.style in _FORM_STYLES
            and not self.allow_reserved
            and not self.content_json
        )

    @property
    def plain_path(self) -> bool:
        return self.is_scalar and self.style == "simple" and not self.content_json

    @property
    def plain_header(self) -> bool:
        """``str()`` spells it as JSON does (strings, integers, str/int enums)."""
        t = self.type.inner if self.type.is_optional else self.type
        return not self.content_json and (
            t.kind == Kind.ENUM or (t.kind == Kind.PRIMITIVE and t.name in ("str", "int"))
        )

    @property
    def wire_value(self) -> str:
        """The value as given to a serialiser: encoded, or its JSON text for ``content``."""
        if self.content_json:
            return f"json_value({self.name})"
        return self.json_expr

    @property
    def path_expr(self) -> str:
        if self.plain_path:
            return f"path_param({self.name})"
        return (
            f"path_value(InvalidArgumentError, {self.name!r}, {self.wire_name!r}, "
            f"{self.wire_value}, {self.style!r}, {self.explode})"
        )

    @property
    def query_expr(self) -> str:
        """Encoded ``key=value`` pieces (operations whose query the runtime builds)."""
        return (
            f"query_items(InvalidArgumentError, {self.name!r}, {self.wire_name!r}, "
            f"{self.wire_value}, {self.style!r}, {self.explode}, {self.allow_reserved}"
            + (", in_body=True)" if self.location == "body" else ")")
        )

    @property
    def header_expr(self) -> str:
        if self.plain_header:
            return f"str({self.type.encode(self.name)})"
        return (
            f"header_value(InvalidArgumentError, {self.name!r}, {self.wire_value}, {self.explode})"
        )

    @property
    def cookie_expr(self) -> str:
        return (
            f"cookie_value(InvalidArgumentError, {self.name!r}, {self.wire_name!r}, "
            f"{self.wire_value}, {self.explode})"
        )

    @property
    def body_expr(self) -> str:
        """The whole JSON body from this argument: a model (or models) without its readOnly
        properties; plain JSON as it is."""
        if self.type.refs and self.type.kind != Kind.ENUM:
            return f"request_json({self.name})"
        return self.type.encode(self.name)

    @property
    def json_expr(self) -> str:
        """The argument as JSON data: one holding models (a model, a list or map of them, a
        union) is encoded in the request direction, readOnly properties left out at any
        depth; anything else as its type encodes it."""
        if self.type.encoder_names >= _MODEL_ENCODER:
            return f"request_json({self.name})"
        return self.type.encode(self.name)

    @property
    def refuses_none(self) -> bool:
        """A required argument whose schema has no null: None is refused before sending."""
        return (
            self.required
            and not self.nullable
            and not self.type.is_optional
            and not (self.type.is_any)
        )

    @property
    def argument_type(self) -> TypeRef:
        """The argument's type: optional (default None) unless required."""
        return self.type if self.required else nullable(self.type)

    @property
    def sequence_default(self) -> bool:
        """An array argument whose default is a tuple: typed ``Sequence`` so the immutable
        default (and any list or tuple a caller passes) fits the annotation."""
        t = self.type.inner if self.type.is_optional else self.type
        return t.is_list and bool(self.default) and self.default.startswith("(")  # type: ignore[union-attr]

    @property
    def signature(self) -> str:
        annotation = self.argument_type.input_annotation
        if self.sequence_default:
            t = self.type.inner if self.type.is_optional else self.type
            annotation = f"Optional[Sequence[{t.inner.input_annotation}]]"
        if self.required:
            return f"{self.name}: {annotation}"
        if self.omittable:
            return f"{self.name}: Union[{annotation}, NotGiven] = {self.default or 'NOT_GIVEN'}"
        return f"{self.name}: {annotation} = {self.default or 'None'}"

    @property
    def present(self) -> str:
        """The test that an optional argument was given (and so is sent)."""
        if self.omittable:
            return f"not isinstance({self.name}, NotGiven)"
        return f"{self.name} is not None"

    @property
    def part_statement(self) -> str:
        """Multipart: the statement adding this argument's part(s) to ``files``; an array is
        one part per item (how FastAPI reads ``list[UploadFile]`` and repeated form fields)."""
        t = self.type.inner if self.type.is_optional else self.type
        make = "file_part" if t.is_binary else "form_part"
        extra = f", {self.part_type!r}" if self.part_type else ""
        value = self.json_expr
        item = self._with_headers(f"{make}(_p{extra})")
        if t.is_list:
            return f"files.extend(({self.wire_name!r}, {item}) for _p in {value})"
        return (
            f"files.append(({self.wire_name!r}, {self._with_headers(f'{make}({value}{extra})')}))"
        )

    def _with_headers(self, part: str) -> str:
        declared = self.part_headers
        if not declared.declared:
            return part
        required = f", {declared.required!r}" if declared.required else ""
        return (
            f"part_headers(InvalidArgumentError, {self.name!r}, {part}, "
            f"{dict(declared.automatic)!r}, {self.headers_arg}{required})"
        )

    @property
    def names(self) -> frozenset[str]:
        """Names the argument's annotation, default, check and encoding use."""
        found = set(self.argument_type.input_names | self.type.encoder_names)
        if self.sequence_default:
            t = self.type.inner if self.type.is_optional else self.type
            found = (found - {"List"}) | {"Sequence"} | t.inner.input_names
        if self.default:  # enum members (Enum.MEMBER), dates (_dt.date(...))
            found |= _names_in(self.default)
        if self.constraints:
            found |= {"check", "InvalidArgumentError"}
        if self.refuses_none:
            found |= {"missing", "InvalidArgumentError"}
        if self.omittable:
            found |= {"Union", "NotGiven"} | ({"NOT_GIVEN"} if not self.default else set())
        if self.content_json:
            found.add("json_value")
        if self.part_headers.declared:
            found |= {"part_headers", "InvalidArgumentError"}
        if (self.location == "body-value" and "request_json" in self.body_expr) or (
            self.location != "body-value" and "request_json" in self.json_expr
        ):
            found = (found - self.type.encoder_names) | {"request_json"}
        serialiser = {
            "path": "" if self.plain_path else "path_value",
            "header": "" if self.plain_header else "header_value",
            "cookie": "cookie_value",
        }.get(self.location, "")
        if serialiser:
            found |= {serialiser, "InvalidArgumentError"}
        return frozenset(found)


_MODEL_ENCODER = frozenset({"to_json"})
_SCALAR_KINDS = frozenset({Kind.PRIMITIVE, Kind.ENUM, Kind.DATE, Kind.DATETIME})
_FORM_STYLES = frozenset({"form", "spaceDelimited", "pipeDelimited"})


def _names_in(expression: str) -> frozenset[str]:
    """The names a default expression reads (``Level``, ``_dt``), never text in a string."""
    tree = ast.parse(expression, mode="eval")
    return frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))
