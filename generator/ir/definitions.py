"""Schema definitions of the IR: models with their fields, enums and unions, grouped into the
modules of ``models/``."""

from __future__ import annotations

from typing import Optional

import attrs

from .constraints import NO_CONSTRAINTS, Constraints
from .types import TypeRef, nullable

__all__ = ["EnumDef", "EnumMember", "Field", "Model", "ModelModule", "UnionDef"]


@attrs.frozen
class Field:
    """One property of a model: Python name, wire name, type and presence rules."""

    name: str
    wire_name: str
    type: TypeRef
    required: bool
    description: str = ""
    default: Optional[str] = None  # a Python literal, when the spec gives a simple default
    read_only: bool = False
    write_only: bool = False
    pointer: str = ""
    sensitive: bool = False  # x-sdk-sensitive or format: password: kept out of repr()
    constraints: Constraints = NO_CONSTRAINTS  # as Param's, checked when the field is an argument
    required_in_schema: bool = False  # listed in `required` (before readOnly/writeOnly relaxing)
    # Optional and nullable in a model only requests carry: NOT_GIVEN (the default) leaves it
    # out of to_dict, None sends null.
    omittable: bool = False
    # The default as a method argument shows it (Schemas.argument_default): an array default
    # as a tuple where the model has none (a class attribute must not be a list), or a note.
    argument_default: tuple[Optional[str], str] = (None, "")

    @property
    def has_default(self) -> bool:
        return not self.required

    @property
    def default_literal(self) -> str:
        if self.default is not None:
            return self.default
        return "NOT_GIVEN" if self.omittable else "None"

    @property
    def declared_type(self) -> TypeRef:
        """The attribute's type: optional unless required."""
        return self.type if self.required else nullable(self.type)

    @property
    def annotation(self) -> str:
        if self.omittable:
            return f"Union[{self.declared_type.annotation}, NotGiven]"
        return self.declared_type.annotation

    @property
    def names(self) -> frozenset[str]:
        """Names the attribute's declaration, decoding and encoding use."""
        found = set(self.declared_type.annotation_names | self.type.decoder_names)
        found |= self.type.encoder_names
        if self.default is not None and "." in self.default:  # an enum member
            found.add(self.default.split(".", 1)[0])
        if self.omittable:
            found |= {"Union", "NotGiven"}
            if self.default is None or self.type.decoder is not None:
                found.add("NOT_GIVEN")  # its default, or what from_dict reads an absent key as
        return frozenset(found)

    @property
    def sets_default(self) -> bool:
        return self.default is not None


@attrs.frozen
class Model:
    """An object schema: an attrs class with straight-line ``from_dict``/``to_dict``."""

    name: str
    fields: tuple[Field, ...]
    description: str = ""
    extra: Optional[TypeRef] = None  # type of additionalProperties values; None: keep as Any
    pointer: str = ""

    @property
    def read_only_wire(self) -> tuple[str, ...]:
        """Wire names of readOnly properties (left out of request bodies)."""
        return tuple(f.wire_name for f in self.fields if f.read_only)

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    @property
    def ordered_fields(self) -> tuple[Field, ...]:
        # attrs needs fields without defaults before fields with them; positional from_dict
        # construction follows the same order.
        return tuple(f for f in self.fields if not f.has_default) + tuple(
            f for f in self.fields if f.has_default
        )


@attrs.frozen
class EnumMember:
    name: str
    value: str  # a Python literal


@attrs.frozen
class EnumDef:
    name: str
    base: str  # "str" or "int"
    members: tuple[EnumMember, ...]
    description: str = ""

    @property
    def literal_annotation(self) -> str:
        return "Literal[" + ", ".join(m.value for m in self.members) + "]"


@attrs.frozen
class UnionDef:
    """``oneOf``/``anyOf``: a type alias plus a decoder choosing the variant.

    With a discriminator the variant is looked up by the discriminator's value (never by first
    fit); without one, variants are tried in order and the first that decodes wins.
    """

    name: str
    variants: tuple[TypeRef, ...]
    discriminator: Optional[str] = None
    mapping: tuple[tuple[str, str], ...] = ()  # (wire value, model name)
    description: str = ""
    # With a discriminator: the class of values naming a variant the SDK doesn't know
    # (``ShapeUnknown``, an ``UnknownVariant`` keeping the raw data), a member of the union.
    unknown: str = ""
    # The attribute of ``unknown`` reading the discriminator ("" when its name is not free).
    unknown_attribute: str = ""
    # Model variants chosen by best match when there is no discriminator (see decoder docs).
    matched_models: tuple[str, ...] = ()

    @property
    def annotation(self) -> str:
        return "Union[" + ", ".join([*(v.annotation for v in self.variants), *self._unknown]) + "]"

    @property
    def alias_annotation(self) -> str:
        """The alias's right-hand side, evaluated when its module is imported: unions named in
        it (itself, for a recursive one) are forward references, as they may be defined later."""
        parts = [*(v.forward_annotation for v in self.variants), *self._unknown]
        return "Union[" + ", ".join(parts) + "]"

    @property
    def _unknown(self) -> tuple[str, ...]:
        return (self.unknown,) if self.unknown else ()

    @property
    def names(self) -> frozenset[str]:
        """Names the alias and its decoder use (for the module's imports)."""
        found = {"Any", "Union"}
        if self.unknown:
            found.add("UnknownVariant")
        if self.matched_models:
            found.add("best_match")
        for v in self.variants:
            found |= v.annotation_names | v.decoder_names
        return frozenset(found)

    @property
    def decoder_name(self) -> str:
        return f"decode_{self.name}"


@attrs.frozen
class ModelModule:
    """One module of ``models/``: a strongly connected group of definitions (so recursive and
    mutually recursive schemas share a module and imports between modules form a DAG)."""

    module: str
    models: tuple[Model, ...]
    enums: tuple[EnumDef, ...]
    unions: tuple[UnionDef, ...]
    imports: str = ""  # the module's import block (ir/uses.py)

    @property
    def names(self) -> tuple[str, ...]:
        return (
            tuple(e.name for e in self.enums)
            + tuple(m.name for m in self.models)
            + tuple(u.name for u in self.unions)
            + tuple(u.unknown for u in self.unions if u.unknown)
        )
