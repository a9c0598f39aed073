"""Schemas to Python types: models, enums, unions and the expressions that decode/encode them.

``SchemaTypes.type_for(schema, pointer, hint)`` is the one entry point. Named component schemas
become definitions memoised by pointer (so recursion terminates: a definition is registered before
its fields are built); inline objects, enums and unions become definitions named from ``hint``.
Anything that can't be typed precisely becomes ``Any`` with a warning naming its pointer.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any, Optional, Union

import attrs

from ..errors import join_pointer
from .constraints import constraints_of
from .defaults import argument_default, schema_default
from .definitions import EnumDef, EnumMember, Field, Model, UnionDef
from .extensions import is_sensitive
from .formats import KNOWN_FORMATS, UNKNOWN_FORMAT
from .literals import literal
from .naming import FIELD, IMPORTED_NAMES, class_name, constant_name, shorten, snake_name, unique
from .types import (
    ANY,
    BINARY,
    NONE,
    Kind,
    TypeRef,
    choice_of,
    dict_of,
    enum_ref,
    list_of,
    model_ref,
    nullable,
    prefixed_list,
    primitive,
    tuple_of,
    union_ref,
)

__all__ = ["Definition", "SchemaTypes"]

Definition = Union[Model, EnumDef, UnionDef]

_FORMATS = {
    "date-time": TypeRef(Kind.DATETIME),
    "date": TypeRef(Kind.DATE),
    "byte": TypeRef(Kind.BASE64),
    "binary": BINARY,
}
_JSON_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


class SchemaTypes:
    """Builds and remembers every definition of a package while operations are built."""

    def __init__(
        self,
        document: dict[str, Any],
        resolve: Callable[[Any], Any],
        warn: Callable[[str, str], None],
        request_models: Optional[set[str]] = None,
    ) -> None:
        # Models reachable from a request: only there is a readOnly field not required
        # (None: not known yet, relax everywhere).
        self._request_models = request_models
        self._doc = document
        self._resolve = resolve
        self._warn = warn
        self.definitions: dict[str, Definition] = {}
        self._by_pointer: dict[str, TypeRef] = {}
        self._names: set[str] = set(IMPORTED_NAMES)
        self.edges: dict[str, set[str]] = {}
        # Models whose fields an operation read (``model_of``): what it built from them (a
        # waiter's or ``x-sdk-returns``' type) depends on which fields are required.
        self.fields_read: set[str] = set()
        self._recursive: dict[str, str] = {}  # ref -> alias name, of recursive plain schemas
        self._reentered: set[str] = set()  # refs met again while being built

    # -- entry points -------------------------------------------------------------------------

    def type_for(self, schema: Any, pointer: str, hint: str) -> TypeRef:
        """The type of ``schema`` (found at ``pointer``); ``hint`` names inline definitions."""
        if isinstance(schema, dict) and "$ref" in schema:
            return self._ref(schema["$ref"], pointer)
        if schema is True or schema == {} or not isinstance(schema, dict):
            if schema is False or not isinstance(schema, (dict, bool)):
                self._warn(pointer, "schema is not an object; typed as Any")
            return ANY
        return self._build(schema, pointer, hint)

    def model_of(self, ref: TypeRef, *, shape_only: bool = False) -> Optional[Model]:
        """The model ``ref`` names, or None if it is not a model. ``shape_only``: the caller
        reads only its fields' names and types, which do not depend on which fields are
        required, so the read needs no second build (see ``fields_read``)."""
        definition = self.definitions.get(ref.name) if ref.kind == Kind.MODEL else None
        if not isinstance(definition, Model):
            return None
        if not shape_only:
            self.fields_read.add(definition.name)
        return definition

    def require_read_only(self, names: set[str]) -> None:
        """Make the readOnly fields of the models ``names`` required where their schema says so,
        as building with ``request_models`` excluding them would have (see ``_fields``)."""
        for name in sorted(names):
            model = self.definitions[name]
            assert isinstance(model, Model)
            fields = tuple(
                attrs.evolve(f, required=f.required_in_schema and not f.write_only)
                if f.read_only
                else f
                for f in model.fields
            )
            self.definitions[name] = attrs.evolve(model, fields=fields)

    # -- references -----------------------------------------------------------------------------

    def _ref(self, ref: str, pointer: str) -> TypeRef:
        if ref in self._by_pointer:
            found = self._by_pointer[ref]
            if found is _BUILDING:  # a schema without a definition of its own, recursive
                found = union_ref(self._recursive.setdefault(ref, self._new_name(ref)))
                self._by_pointer[ref] = found
            else:
                self._reentered.add(ref)
            return found
        target = self._resolve({"$ref": ref})
        name_hint = _name_hint(ref)
        if not self._defines_something(target):
            # Seen again while being built (an array whose items are itself...), it becomes a
            # named alias (see ``_recursive_alias``); otherwise it is inlined where it is used.
            self._by_pointer[ref] = _BUILDING
            result = self.type_for(target, ref, name_hint)
            if ref in self._recursive:
                result = self._recursive_alias(self._recursive[ref], result, target)
            self._by_pointer[ref] = result
            return result
        # Reserve the name first so a schema referring to itself finds it while being built,
        # as the kind it will be (a union is decoded by its function, a model by its class).
        name = self._new_name(ref)
        placeholder = model_ref(name) if _becomes_model(target) else union_ref(name)
        self._by_pointer[ref] = placeholder
        built = self._build(target, ref, name_hint, name=name)
        if ref in self._reentered and name not in self.definitions:
            # Referred to by name while being built, yet no definition of that name came out
            # (a map, a union typed Any): the name becomes an alias of what did.
            built = self._recursive_alias(name, built, target)
        union = self.definitions.get(name)
        if (
            ref in self._reentered
            and built == nullable(placeholder)
            and isinstance(union, UnionDef)
        ):
            # A nullable union met again inside itself: null is one of its own variants there.
            self.definitions[name] = attrs.evolve(union, variants=(*union.variants, NONE))
        self._by_pointer[ref] = built
        return built

    def _new_name(self, ref: str) -> str:
        return unique(shorten(class_name(_name_hint(ref), fallback="Model")), self._names)

    def _recursive_alias(self, name: str, built: TypeRef, schema: Any) -> TypeRef:
        """A named alias for a recursive type with no definition of its own (``X: {type:
        array, items: {$ref: X}}``): a one-variant union, whose annotation refers to itself
        by a forward reference and whose decoder recurses through its own function."""
        self.definitions[name] = UnionDef(name, (built,), description=_text(schema))
        self.edges[name] = set(built.refs)
        return union_ref(name)

    def _defines_something(self, schema: Any) -> bool:
        if not isinstance(schema, dict) or "$ref" in schema:
            return False
        if "enum" in schema or "oneOf" in schema or "anyOf" in schema or "allOf" in schema:
            return True
        return bool(schema.get("properties")) or schema.get("type") == "object"

    # -- one schema -------------------------------------------------------------------------

    def _build(self, schema: dict[str, Any], pointer: str, hint: str, name: str = "") -> TypeRef:
        types = schema.get("type")
        type_list = types if isinstance(types, list) else [types] if types else []
        is_nullable = schema.get("nullable") is True or "null" in type_list
        non_null = [t for t in type_list if t != "null"]
        if type_list and not non_null:
            return NONE  # `type: "null"`: only null
        result = self._build_non_null(schema, non_null, pointer, hint, name)
        return nullable(result) if is_nullable else result

    def _build_non_null(
        self, schema: dict[str, Any], types: list[Any], pointer: str, hint: str, name: str
    ) -> TypeRef:
        if "enum" in schema and isinstance(schema["enum"], list):
            return self._enum(schema, pointer, hint, name)
        if "const" in schema:
            return self._enum({**schema, "enum": [schema["const"]]}, pointer, hint, name)
        if "allOf" in schema and isinstance(schema["allOf"], list):
            return self._all_of(schema, pointer, hint, name)
        for key in ("oneOf", "anyOf"):
            if key in schema and isinstance(schema[key], list):
                return self._union(schema, key, pointer, hint, name)
        if len(types) > 1:
            variants = [self._build_non_null(schema, [t], pointer, hint, "") for t in types]
            return choice_of(tuple(variants))
        kind = types[0] if types else None
        if kind == "object" or (kind is None and ("properties" in schema)):
            return self._object(schema, pointer, hint, name)
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list) and prefix and kind in ("array", None):
            return self._tuple(schema, prefix, pointer, hint)
        if kind == "array" or (kind is None and "items" in schema):
            items = schema.get("items", True)
            return list_of(self.type_for(items, join_pointer(pointer, "items"), f"{hint}Item"))
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt not in KNOWN_FORMATS and isinstance(kind, str):
            message = f"{UNKNOWN_FORMAT}; {fmt!r} is not a registered format; typed as {kind}"
            self._warn(join_pointer(pointer, "format"), message)
        if kind == "string":
            if _is_file_string(schema):
                return BINARY
            return _FORMATS.get(fmt, primitive("str")) if isinstance(fmt, str) else primitive("str")
        if kind == "null":
            return NONE
        if isinstance(kind, str) and kind in _JSON_PRIMITIVES:
            return primitive(_JSON_PRIMITIVES[kind])
        if kind is None:
            return ANY
        self._warn(pointer, f"unknown type {kind!r}; typed as Any")
        return ANY

    def _tuple(self, schema: dict[str, Any], prefix: list[Any], pointer: str, hint: str) -> TypeRef:
        """``prefixItems`` (2020-12): a ``Tuple`` of its parts when nothing may follow them
        (``items: false``, or ``maxItems`` their count); otherwise a list whose items decode by
        their position (each prefix part by its own type, later ones by ``items``), typed as a
        list of the union of those types (a tuple type cannot say "then any number of X"
        without ``typing_extensions.Unpack``). Every part is decoded and encoded through its
        own type: models, dates, enums, unions."""
        closed = schema.get("items") is False or schema.get("maxItems") == len(prefix)
        parts = tuple(
            self.type_for(part, join_pointer(pointer, "prefixItems", i), f"{hint}Item{i + 1}")
            for i, part in enumerate(prefix)
        )
        if closed:
            return tuple_of(parts)
        items = schema.get("items")
        rest = (
            self.type_for(items, join_pointer(pointer, "items"), f"{hint}Item")
            if isinstance(items, dict) and items
            else ANY
        )
        return prefixed_list(parts, rest)

    # -- enums ----------------------------------------------------------------------------------

    def _enum(self, schema: dict[str, Any], pointer: str, hint: str, name: str) -> TypeRef:
        values: list[Any] = []
        for value in schema["enum"]:
            if value is not None and value not in values:
                values.append(value)
        nullable_enum = None in schema["enum"]
        if values and all(isinstance(v, str) for v in values):
            base = "str"
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            base = "int"
        else:
            # Booleans and floats have no enum class: typed as the plain type, silently. Only
            # values of several JSON types are worth a warning.
            json_types = {_json_type(v) for v in values}
            if len(json_types) > 1:
                self._warn(pointer, "enum mixes value types; typed by its values' type")
            plain = {k: v for k, v in schema.items() if k not in ("enum", "const")}
            if "type" not in plain and len(json_types) == 1:
                plain["type"] = json_types.pop()
            kinds = plain.get("type")
            kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
            return self._build_non_null(
                plain, [k for k in kinds if k != "null"], pointer, hint, name
            )
        name = name or unique(shorten(class_name(hint, fallback="Enum")), self._names)
        taken: set[str] = set()
        spelled = _member_names(schema, values)
        members = tuple(
            EnumMember(unique(constant_name(spelled.get(i, v)), taken), literal(v))
            for i, v in enumerate(values)
        )
        definition = EnumDef(name, base, members, _text(schema))
        self.definitions[name] = definition
        self.edges.setdefault(name, set())
        # str/int enums serialise as their value: no encoder.
        enum_type = enum_ref(name, base, tuple(m.value for m in members))
        return nullable(enum_type) if nullable_enum else enum_type

    # -- objects --------------------------------------------------------------------------------

    def _object(self, schema: dict[str, Any], pointer: str, hint: str, name: str) -> TypeRef:
        properties = schema.get("properties") or {}
        extra_schema = schema.get("additionalProperties", True)
        if not isinstance(properties, dict) or not properties:
            if isinstance(extra_schema, dict) and extra_schema:
                inner = self.type_for(
                    extra_schema, join_pointer(pointer, "additionalProperties"), f"{hint}Value"
                )
                return dict_of(inner)
            if not name:
                return dict_of(ANY)
        name = name or unique(shorten(class_name(hint)), self._names)
        self.edges.setdefault(name, set())
        # Register before fields are built, for recursion through inline schemas.
        self.definitions.setdefault(name, Model(name, ()))
        required = set(schema.get("required") or ())
        # A name listed in `required` but declared nowhere (or only in an allOf sibling that
        # says nothing of it) still has to be sent: it becomes a field of any type.
        undeclared = [r for r in schema.get("required") or () if isinstance(r, str)]
        properties = {**properties, **{r: {} for r in undeclared if r not in properties}}
        fields = self._fields(properties, required, pointer, name)
        extra = None
        if isinstance(extra_schema, dict) and extra_schema:
            extra = self.type_for(
                extra_schema, join_pointer(pointer, "additionalProperties"), f"{name}Value"
            )
        self.definitions[name] = Model(name, fields, _text(schema), extra, pointer)
        for f in fields:
            self.edges[name] |= set(f.type.refs)
        return model_ref(name)

    def _fields(
        self, properties: dict[str, Any], required: set[str], pointer: str, owner: str
    ) -> tuple[Field, ...]:
        taken: set[str] = set()
        fields = []
        for wire, prop_schema in properties.items():
            prop_pointer = join_pointer(pointer, "properties", wire)
            prop_type = self.type_for(prop_schema, prop_pointer, f"{owner}{class_name(wire)}")
            resolved = self._resolve(prop_schema) if isinstance(prop_schema, dict) else {}
            resolved = resolved if isinstance(resolved, dict) else {}
            read_only = resolved.get("readOnly") is True
            write_only = resolved.get("writeOnly") is True
            relax = read_only and (self._request_models is None or owner in self._request_models)
            fields.append(
                Field(
                    name=unique(snake_name(wire, reserved=FIELD), taken),
                    wire_name=str(wire),
                    type=prop_type,
                    # A readOnly field is never required when sending, a writeOnly one never
                    # when receiving; one class serves both, so neither is required.
                    required=wire in required and not relax and not write_only,
                    description=_text(resolved),
                    # (A default beside a $ref is not read here: the four SDKs' bodies would
                    # start sending values their callers leave out.)
                    default=schema_default(resolved, prop_type, self.definitions),
                    argument_default=argument_default(resolved, prop_type, self.definitions),
                    read_only=read_only,
                    write_only=write_only,
                    pointer=prop_pointer,
                    sensitive=is_sensitive(resolved),
                    required_in_schema=wire in required,
                    constraints=constraints_of(
                        prop_schema, self._resolve, self._warn, prop_pointer
                    ),
                )
            )
        return tuple(fields)

    def argument_default(self, schema: Any, type_: TypeRef) -> tuple[Optional[str], str]:
        """``defaults.argument_default`` over this document's definitions."""
        return argument_default(schema, type_, self.definitions)

    def _all_of(self, schema: dict[str, Any], pointer: str, hint: str, name: str) -> TypeRef:
        parts = schema["allOf"]
        # `allOf: [{nullable: true}, {$ref: X}]` (a 3.0 idiom for a nullable ref): X, or null.
        marks = [p for p in parts if isinstance(p, dict) and set(p) <= _NULL_MARKS and p]
        if marks and len(marks) < len(parts) and any(_is_null_mark(p) for p in marks):
            rest = {**schema, "allOf": [p for p in parts if p not in marks]}
            return nullable(self._all_of(rest, pointer, hint, name))
        own = {k: v for k, v in schema.items() if k not in ("allOf", "description", "title")}
        # Parts that only annotate (`allOf: [{$ref: X}, {description: ...}]`, AWS's way of
        # describing a property) add no structure: X itself, not a copy of X merged inline
        # (which, when X holds such a property of its own type, never ended).
        shaped = [i for i, p in enumerate(parts) if not _annotation_only(p)]
        if len(shaped) == 1 and not own.get("properties") and not own.get("required") and not name:
            index = shaped[0]
            return self.type_for(parts[index], join_pointer(pointer, "allOf", index), hint)
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for i, part in enumerate([*parts, own]):
            if not self._merge_into(merged, part, join_pointer(pointer, "allOf", i), depth=0):
                self._warn(pointer, "allOf part is not an object schema; merged loosely")
        merged["required"] = sorted(set(merged["required"]))
        for key in ("description", "additionalProperties", "nullable"):
            if key in schema:
                merged[key] = schema[key]
        return self._object(merged, pointer, hint, name)

    def _merge_into(self, merged: dict[str, Any], part: Any, pointer: str, depth: int) -> bool:
        part = self._resolve(part)
        if not isinstance(part, dict) or depth > 32:
            return False
        for sub in part.get("allOf") or ():
            self._merge_into(merged, sub, pointer, depth + 1)
        if "oneOf" in part or "anyOf" in part:
            self._warn(pointer, "oneOf/anyOf inside allOf; its properties are kept as extra fields")
        merged["properties"].update(part.get("properties") or {})
        merged["required"].extend(part.get("required") or ())
        if "description" in part and "description" not in merged:
            merged["description"] = part["description"]
        return True

    # -- unions ---------------------------------------------------------------------------------

    def _union(
        self, schema: dict[str, Any], key: str, pointer: str, hint: str, name: str
    ) -> TypeRef:
        options = schema[key]
        variants: list[TypeRef] = []
        is_nullable = False
        for i, option in enumerate(options):
            resolved = self._resolve(option)
            if isinstance(resolved, dict) and resolved.get("type") == "null":
                is_nullable = True
                continue
            variant = self.type_for(option, join_pointer(pointer, key, i), f"{hint}Variant{i + 1}")
            if variant not in variants:
                variants.append(variant)
        if not variants:
            return ANY
        if any(v.is_any for v in variants):
            result = ANY
        elif len(variants) == 1 and not name:
            result = variants[0]
        else:
            result = self._union_def(schema, variants, pointer, hint, name)
        return nullable(result) if is_nullable else result

    def _union_def(
        self, schema: dict[str, Any], variants: list[TypeRef], pointer: str, hint: str, name: str
    ) -> TypeRef:
        name = name or unique(shorten(class_name(hint, fallback="Union")), self._names)
        discriminator = schema.get("discriminator")
        prop: Optional[str] = None
        mapping: list[tuple[str, str]] = []
        if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
            prop = discriminator["propertyName"]
            explicit = discriminator.get("mapping") or {}
            for value, ref in explicit.items():
                target = self._ref(ref, pointer) if isinstance(ref, str) else None
                if target is not None and target.kind == Kind.MODEL:
                    mapping.append((str(value), target.name))
            mapped = {model for _, model in mapping}
            for variant in variants:
                if variant.kind == Kind.MODEL and variant.name not in mapped:
                    # Implicit mapping: the schema's component name, per the OpenAPI spec.
                    mapping.append((variant.name, variant.name))
                    mapping.extend(self._enum_mapping(variant.name, prop, mapped))
        unknown = attribute = ""
        if prop is not None:
            unknown = unique(shorten(f"{name}Unknown"), self._names)
            attribute = snake_name(prop, reserved=FIELD)
            attribute = "" if attribute in _UNKNOWN_TAKEN or attribute != prop else attribute
        models = tuple(v.name for v in variants if v.kind == Kind.MODEL) if prop is None else ()
        self.definitions[name] = UnionDef(
            name,
            tuple(variants),
            prop,
            tuple(dict.fromkeys(mapping)),
            _text(schema),
            unknown=unknown,
            unknown_attribute=attribute,
            matched_models=models if len(models) > 1 else (),
        )
        self.edges[name] = {r for v in variants for r in v.refs}
        return union_ref(name)

    def _enum_mapping(self, model: str, prop: str, mapped: set[str]) -> list[tuple[str, str]]:
        # A variant whose discriminator property is a one-value enum maps by that value too,
        # which is what real specs mean when they omit the mapping.
        definition = self.definitions.get(model)
        if not isinstance(definition, Model):
            return []
        for f in definition.fields:
            enum = self.definitions.get(f.type.name) if f.type.kind == Kind.ENUM else None
            if f.wire_name == prop and isinstance(enum, EnumDef) and len(enum.members) == 1:
                return (
                    [(ast.literal_eval(enum.members[0].value), model)] if enum.base == "str" else []
                )
        return []


_BUILDING = TypeRef(Kind.ANY, "building")  # marks a plain schema's ref while it is built


def _name_hint(ref: str) -> str:
    return ref.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def _becomes_model(schema: dict[str, Any]) -> bool:
    """Whether a defining schema builds into a model (else a union, an enum or an alias: see
    ``_build_non_null``); its recursive references are then spelled as a model's."""
    if "enum" in schema or "const" in schema:
        return False
    if "allOf" in schema:
        return True
    if "oneOf" in schema or "anyOf" in schema:
        return False
    extra = schema.get("additionalProperties")
    return bool(schema.get("properties")) or not (isinstance(extra, dict) and extra)


_ANNOTATIONS = frozenset(
    {"description", "title", "example", "examples", "externalDocs", "$comment"}
)


def _annotation_only(part: Any) -> bool:
    """An ``allOf`` part that says nothing about the value's shape (a description...)."""
    return (
        isinstance(part, dict)
        and bool(part)
        and all(k in _ANNOTATIONS or str(k).startswith("x-") for k in part)
    )


# Attributes an UnknownVariant already has: a discriminator of that name is read by key only.
_UNKNOWN_TAKEN = frozenset({"data", "get", "to_dict", "keys", "items", "values"})
_NULL_MARKS = frozenset({"nullable", "type", "description", "title"})


def _is_null_mark(part: dict[str, Any]) -> bool:
    return part.get("nullable") is True or part.get("type") == "null"


def _member_names(schema: dict[str, Any], values: list[Any]) -> dict[int, Any]:
    """Member names the spec gives (``x-enum-varnames``, ``x-enumNames``), by the index of
    the value (after duplicates and null are dropped); a list of another length is ignored."""
    raw = [v for v in schema.get("enum") or () if v is not None]
    for key in ("x-enum-varnames", "x-enumNames", "x-enum-names"):
        names = schema.get(key)
        if isinstance(names, list) and len(names) == len(raw):
            by_value = {repr(v): n for v, n in zip(raw, names) if isinstance(n, str) and n}
            return {i: by_value[repr(v)] for i, v in enumerate(values) if repr(v) in by_value}
    return {}


_TEXT_MEDIA = ("text/", "application/json", "application/xml")


def _is_file_string(schema: dict[str, Any]) -> bool:
    """OpenAPI 3.1's way to describe a file (FastAPI's ``UploadFile``): a string with a
    non-textual ``contentMediaType`` and no ``contentEncoding``."""
    media = schema.get("contentMediaType")
    if not isinstance(media, str) or "contentEncoding" in schema:
        return False
    media = media.lower()
    return not (media.startswith(_TEXT_MEDIA) or media.endswith(("+json", "+xml")))


# Variants of a union a default may be read as (an enum member of a union is left out: which
# enum it belongs to is a guess).
def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _text(schema: Any) -> str:
    if not isinstance(schema, dict):
        return ""
    text = schema.get("description") or schema.get("title") or ""
    parts = schema.get("allOf")
    if not text and isinstance(parts, list):  # `allOf: [{$ref: X}, {description: ...}]`
        text = next((_text(p) for p in parts if _annotation_only(p) and _text(p)), "")
    return text.strip() if isinstance(text, str) else ""
