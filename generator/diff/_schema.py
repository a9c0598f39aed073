"""Direction-aware comparison of two schemas (see ``_site`` for the rule), followed through
``$ref``, properties, ``allOf``/``oneOf``/``anyOf``, ``items``, ``additionalProperties`` and
every JSON Schema applicator of OpenAPI 3.0 and 3.1. Recursive schemas are compared once per
pair of nodes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from ..errors import join_pointer
from ..load import Spec
from ._change import Change
from ._keywords import keyword_changes
from ._shape import admits, canonical, merged_object, split_null, type_set, value_set
from ._site import Site

__all__ = ["SchemaDiff"]

# Format pairs where the second accepts every value of the first.
_WIDER_FORMAT = {("int32", "int64"), ("float", "double"), ("date", "date-time")}
_MAX_DEPTH = 64


class SchemaDiff:
    """Compares schemas of ``old`` and ``new``; one instance per pair of specs, so a pair of
    nodes reached again (a recursive schema) is compared once per site direction."""

    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self._seen: set[tuple[int, int, str, str, bool, bool]] = set()

    def compare(self, before: Any, after: Any, site: Site, depth: int = 0) -> Iterator[Change]:
        raw_before, raw_after = before, after
        before, after = self.old.resolve(before), self.new.resolve(after)
        before, after = _boolean_schema(before), _boolean_schema(after)
        if not isinstance(before, dict) or not isinstance(after, dict) or depth > _MAX_DEPTH:
            return
        key = (id(before), id(after), site.direction, site.area, site.read_only, site.write_only)
        refs = _is_ref(raw_before) or _is_ref(raw_after)
        if refs and key in self._seen:
            return
        if refs:
            self._seen.add(key)
        if before == after and self.old.document is self.new.document:
            return
        site = _context(site, before, after)
        old_core, old_null = split_null(before, self.old.resolve)
        new_core, new_null = split_null(after, self.new.resolve)
        if old_null and not new_null:
            yield from site.narrowed("became-not-nullable", "no longer accepts null")
        elif new_null and not old_null:
            yield from site.widened("became-nullable", "may now be null")
        yield from self._types(old_core, new_core, site)
        if (
            site.area == "parameter"
            and not site.prop
            and _scalar_to_array(type_set(old_core), new_core)
        ):
            yield from self.compare(old_core, new_core["items"], site, depth + 1)
        yield from self._values(old_core, new_core, site)
        yield from keyword_changes(old_core, new_core, site)
        yield from self._object(old_core, new_core, site, depth)
        yield from self._applicators(old_core, new_core, site, depth)
        yield from self._compositions(old_core, new_core, site, depth)

    def _types(self, before: dict[str, Any], after: dict[str, Any], site: Site) -> Iterator[Change]:
        old, new = type_set(before), type_set(after)
        if old and new and old != new:
            text = f"type {_names(old)} -> {_names(new)}"
            if site.loose or (site.area == "parameter" and site.request and new == {"string"}):
                # Text on the wire (a query string, XML): every scalar was already a string.
                yield site.change(
                    "warning" if site.area == "parameter" else "info", "type-compatible", text
                )
            elif site.area == "parameter" and not site.prop and _scalar_to_array(old, after):
                yield from site.info("type-generalized", f"{text} (one value is still valid)")
            elif site.request:
                lost = [t for t in old if not admits(new, t)]
                yield from (site.breaking if lost else site.info)(
                    "type-changed" if lost else "type-generalized", text
                )
            else:
                gained = [t for t in new if not admits(old, t)]
                yield from (site.breaking if gained else site.info)(
                    "type-changed" if gained else "type-specialized", text
                )
        old_format, new_format = before.get("format"), after.get("format")
        if old_format == new_format or not (old & new or not old or not new):
            return
        text = f"format {old_format!r} -> {new_format!r}"
        if old_format is None:
            yield from site.narrowed("format-added", text)
        elif new_format is None:
            yield from site.widened("format-removed", text)
        elif (old_format, new_format) in _WIDER_FORMAT:
            yield from site.widened("format-generalized", text)
        elif (new_format, old_format) in _WIDER_FORMAT:
            yield from site.narrowed("format-specialized", text)
        else:
            yield from site.breaking("format-changed", text)

    def _values(
        self, before: dict[str, Any], after: dict[str, Any], site: Site
    ) -> Iterator[Change]:
        old = value_set(before, self.old.resolve)
        new = value_set(after, self.new.resolve)
        if old is None and new is not None:
            what = "const-added" if "const" in after else "became-enum"
            yield from site.narrowed(what, f"now limited to {_values(new)}")
        elif old is not None and new is None:
            what = "const-removed" if "const" in before else "enum-removed"
            yield from site.widened(what, f"no longer limited to {_values(old)}")
        elif old is not None and new is not None and old != new:
            removed, added = old - new, new - old
            if len(old) == 1 and len(new) == 1:
                yield from site.breaking("const-changed", f"value {_values(old)} -> {_values(new)}")
                return
            if removed:
                yield from site.narrowed("enum-value-removed", f"values removed {_values(removed)}")
            if added:
                yield from site.widened(
                    "enum-value-added", f"values added {_values(added)}", soft=True
                )
        old_x, new_x = before.get("x-extensible-enum"), after.get("x-extensible-enum")
        if isinstance(old_x, list) and isinstance(new_x, list):
            removed_x = {canonical(v) for v in old_x} - {canonical(v) for v in new_x}
            added_x = {canonical(v) for v in new_x} - {canonical(v) for v in old_x}
            if removed_x:
                yield from site.narrowed(
                    "x-extensible-enum-value-removed", f"values removed {_values(removed_x)}"
                )
            if added_x:  # extensible by definition: clients must already accept unknown values
                yield from site.info(
                    "x-extensible-enum-value-added", f"values added {_values(added_x)}"
                )

    def _object(
        self, before: dict[str, Any], after: dict[str, Any], site: Site, depth: int
    ) -> Iterator[Change]:
        old_props, old_required = merged_object(before, self.old.resolve)
        new_props, new_required = merged_object(after, self.new.resolve)
        for name in sorted(set(old_props) | set(new_props)):
            inner = site.at(join_pointer(site.pointer, "properties", name), _join(site.prop, name))
            old_prop, new_prop = old_props.get(name), new_props.get(name)
            old_flags = _flags(self.old.resolve(old_prop))
            new_flags = _flags(self.new.resolve(new_prop))
            was, now = name in old_required, name in new_required
            if new_prop is None:
                inner = _with_flags(inner, old_flags)
                if site.request:
                    yield inner.change("warning", "removed", "no longer in the schema")
                elif was:
                    yield from inner.breaking("required-property-removed", "removed")
                else:
                    yield inner.change("warning", "optional-property-removed", "removed")
                continue
            inner = _with_flags(inner, new_flags if old_prop is None else old_flags)
            if old_prop is None:
                if site.request and now:
                    yield from inner.breaking("new-required", "added as required")
                else:
                    required = "required" if now else "optional"
                    yield from inner.info(
                        f"{required}-property-added", f"{required} property added"
                    )
            elif site.request and now and not was:
                yield from inner.breaking("became-required", "became required")
            elif site.request and was and not now:
                yield from inner.info("became-optional", "became optional")
            elif not site.request and was and not now:
                yield from inner.breaking("became-optional", "may now be absent")
            elif not site.request and now and not was:
                yield from inner.info("became-required", "is now always present")
            if old_prop is not None:
                yield from _flag_changes(inner, old_flags, new_flags, was and now)
                yield from self.compare(old_prop, new_prop, inner, depth + 1)

    def _applicators(
        self, before: dict[str, Any], after: dict[str, Any], site: Site, depth: int
    ) -> Iterator[Change]:
        """Subschemas compared in place: items, additionalProperties, prefixItems,
        patternProperties, and the 2020-12 applicators present in both versions."""
        for key in (
            "items",
            "additionalProperties",
            "contains",
            "propertyNames",
            "not",
            "if",
            "then",
            "else",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema",
        ):
            old, new = before.get(key), after.get(key)
            if isinstance(old, dict) and isinstance(new, dict):
                inner = site.at(join_pointer(site.pointer, key), _join(site.prop, _SUFFIX[key]))
                if key == "not":  # what `not` admits is what the schema rejects
                    inner = _flipped(inner)
                yield from self.compare(old, new, inner, depth + 1)
        old_ap, new_ap = before.get("additionalProperties"), after.get("additionalProperties")
        if old_ap is not False and new_ap is False:
            yield from site.narrowed(
                "additional-properties-removed", "no longer allows other properties"
            )
        elif old_ap is False and new_ap is not False and "additionalProperties" in after:
            yield from site.widened("additional-properties-added", "now allows other properties")
        elif isinstance(new_ap, dict) and old_ap in (None, True):
            yield from site.narrowed(
                "additional-properties-restricted", "other properties now constrained", soft=True
            )
        elif isinstance(old_ap, dict) and new_ap in (None, True):
            yield from site.widened(
                "additional-properties-unrestricted",
                "other properties no longer constrained",
                soft=True,
            )
        old_prefix, new_prefix = before.get("prefixItems"), after.get("prefixItems")
        if isinstance(old_prefix, list) and isinstance(new_prefix, list):
            for index, (old, new) in enumerate(zip(old_prefix, new_prefix)):
                inner = site.at(
                    join_pointer(site.pointer, "prefixItems", index), _join(site.prop, f"[{index}]")
                )
                yield from self.compare(old, new, inner, depth + 1)
        for key in ("patternProperties", "dependentSchemas"):
            old_map, new_map = before.get(key) or {}, after.get(key) or {}
            if isinstance(old_map, dict) and isinstance(new_map, dict):
                for name in sorted(set(old_map) & set(new_map)):
                    inner = site.at(
                        join_pointer(site.pointer, key, name), _join(site.prop, f"/{name}/")
                    )
                    yield from self.compare(old_map[name], new_map[name], inner, depth + 1)

    def _compositions(
        self, before: dict[str, Any], after: dict[str, Any], site: Site, depth: int
    ) -> Iterator[Change]:
        if value_set(before, self.old.resolve) is not None:
            return  # an enum spelled as a oneOf of consts: compared as values
        for key in ("oneOf", "anyOf", "allOf"):
            old = before.get(key) if isinstance(before.get(key), list) else None
            new = after.get(key) if isinstance(after.get(key), list) else None
            if old is None and new is None:
                continue
            if old is None and key != "allOf" and not _composed(before):
                yield from site.breaking(
                    f"wrapped-in-{_KEBAB[key]}", f"now a {key} of {len(new or ())} schemas"
                )
                continue
            yield from self._branches(key, old or [], new or [], site, depth)

    def _branches(
        self, key: str, old: list[Any], new: list[Any], site: Site, depth: int
    ) -> Iterator[Change]:
        old_keys = [_branch_key(self.old, b) for b in old]
        new_keys = [_branch_key(self.new, b) for b in new]
        matched = [(i, new_keys.index(k)) for i, k in enumerate(old_keys) if k in new_keys]
        gone = [i for i, k in enumerate(old_keys) if k not in new_keys]
        came = [j for j, k in enumerate(new_keys) if k not in old_keys]
        # Branches edited in place keep their position: compare them rather than report a
        # removal and an addition.
        inline = [i for i in gone if not _is_ref(old[i])], [j for j in came if not _is_ref(new[j])]
        while inline[0] and inline[1] and len(old) == len(new):
            i, j = inline[0].pop(0), inline[1].pop(0)
            gone.remove(i)
            came.remove(j)
            matched.append((i, j))
        kebab = _KEBAB[key]
        for i in gone:
            text = f"{key} branch {old_keys[i]!r} removed"
            if key == "allOf":
                yield from site.widened(f"{kebab}-removed", text, soft=True)
            else:
                yield from site.narrowed(f"{kebab}-removed", text)
        for j in came:
            text = f"{key} branch {new_keys[j]!r} added"
            if key == "allOf":
                yield from site.narrowed(f"{kebab}-added", text)
            else:  # anyOf: a client's decoder already tries each branch; oneOf: exactly one
                yield from site.widened(f"{kebab}-added", text, soft=key == "anyOf")
        for i, j in matched:
            if key == "allOf":  # its properties were compared merged, in _object
                old_part, new_part = self.old.resolve(old[i]), self.new.resolve(new[j])
                if isinstance(old_part, dict) and isinstance(new_part, dict):
                    old_part = {k: v for k, v in old_part.items() if k not in _OBJECT}
                    new_part = {k: v for k, v in new_part.items() if k not in _OBJECT}
                    inner = site.at(join_pointer(site.pointer, key, i))
                    yield from self.compare(old_part, new_part, inner, depth + 1)
                continue
            inner = site.at(join_pointer(site.pointer, key, i))
            yield from self.compare(old[i], new[j], inner, depth + 1)


_KEBAB = {"oneOf": "one-of", "anyOf": "any-of", "allOf": "all-of"}
_OBJECT = ("properties", "required", "allOf")
_SUFFIX = {
    "items": "[]",
    "additionalProperties": "{}",
    "contains": "contains",
    "propertyNames": "<name>",
    "not": "not",
    "if": "if",
    "then": "then",
    "else": "else",
    "unevaluatedItems": "[*]",
    "unevaluatedProperties": "{*}",
    "contentSchema": "<content>",
}


def _scalar_to_array(old: frozenset[str], after: dict[str, Any]) -> bool:
    """A query value becoming an array of the same values: ``?x=1`` still parses."""
    items = after.get("items")
    return (
        bool(old)
        and "array" not in old  # an array staying an array is compared as one
        and type_set(after) == {"array"}
        and isinstance(items, dict)
        and (type_set(items) == {"string"} or all(admits(type_set(items), t) for t in old))
        and not any(k in after for k in ("minItems", "maxItems", "uniqueItems"))
    )


def _boolean_schema(node: Any) -> Any:
    """3.1 allows ``true`` (anything) and ``false`` (nothing) as schemas."""
    if node is True:
        return {}
    if node is False:
        return {"not": {}}
    return node


def _is_ref(node: Any) -> bool:
    return isinstance(node, dict) and "$ref" in node


def _composed(schema: dict[str, Any]) -> bool:
    return any(isinstance(schema.get(k), list) for k in ("oneOf", "anyOf"))


def _branch_key(spec: Spec, branch: Any) -> str:
    if isinstance(branch, dict) and isinstance(branch.get("$ref"), str):
        return str(branch["$ref"]).rsplit("/", 1)[-1]
    resolved = spec.resolve(branch)
    if isinstance(resolved, dict) and isinstance(resolved.get("title"), str):
        return str(resolved["title"])
    return canonical(resolved)


def _flags(schema: Any) -> tuple[bool, bool]:
    if not isinstance(schema, dict):
        return (False, False)
    return (schema.get("readOnly") is True, schema.get("writeOnly") is True)


def _with_flags(site: Site, flags: tuple[bool, bool]) -> Site:
    return attrs.evolve(
        site, read_only=site.read_only or flags[0], write_only=site.write_only or flags[1]
    )


def _context(site: Site, before: dict[str, Any], after: dict[str, Any]) -> Site:
    """readOnly/writeOnly apply below the schema that declares them, in both versions."""
    flags = _flags(before)
    both = (flags[0] and _flags(after)[0], flags[1] and _flags(after)[1])
    return _with_flags(site, both)


def _flag_changes(
    site: Site, old: tuple[bool, bool], new: tuple[bool, bool], required: bool
) -> Iterator[Change]:
    bare = attrs.evolve(site, read_only=False, write_only=False)
    if old[1] and not new[1] and required and not site.request:
        yield bare.change(
            "warning", "required-property-became-not-write-only", "became readable while required"
        )
    if old[0] != new[0]:
        yield from bare.info(
            "became-read-only" if new[0] else "became-not-read-only", "readOnly changed"
        )
    if old[1] != new[1] and not (required and not site.request and old[1]):
        yield from bare.info(
            "became-write-only" if new[1] else "became-not-write-only", "writeOnly changed"
        )


def _flipped(site: Site) -> Site:
    return attrs.evolve(site, direction="response" if site.request else "request")


def _join(prop: str, name: str) -> str:
    return f"{prop}.{name}" if prop else name


def _names(types: frozenset[str]) -> str:
    return "/".join(sorted(types))


def _values(values: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(values))
