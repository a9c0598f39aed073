"""Changes of one schema's own keywords (not its subschemas): bounds, patterns, the 2020-12
assertions added or removed, content keywords, defaults, deprecation and discriminators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Optional

from ._change import Change
from ._shape import Bound, canonical, lower_bound, upper_bound
from ._site import Site

__all__ = ["keyword_changes"]

# Size limits: (keyword, rule stem, True for an upper limit). Absent means 0 for a lower limit
# and no limit for an upper one.
_SIZES = (
    ("maxLength", "max-length", True),
    ("minLength", "min-length", False),
    ("maxItems", "max-items", True),
    ("minItems", "min-items", False),
    ("maxProperties", "max-properties", True),
    ("minProperties", "min-properties", False),
    ("maxContains", "max-contains", True),
    ("minContains", "min-contains", False),
)

# Keywords that only restrict: adding one narrows the schema, removing it widens it. Their
# subschemas, when both versions have them, are compared by _schema.
_RESTRICTING = (
    ("contains", "contains"),
    ("if", "if"),
    ("then", "then"),
    ("else", "else"),
    ("prefixItems", "prefix-items"),
    ("propertyNames", "property-names"),
    ("unevaluatedItems", "unevaluated-items"),
    ("unevaluatedProperties", "unevaluated-properties"),
    ("contentSchema", "content-schema"),
    ("not", "not"),
    ("uniqueItems", "unique-items"),
    ("multipleOf", "multiple-of"),
)


def keyword_changes(before: dict[str, Any], after: dict[str, Any], site: Site) -> Iterator[Change]:
    yield from _numeric_bounds(before, after, site)
    yield from _sizes(before, after, site)
    yield from _pattern(before, after, site)
    yield from _restricting(before, after, site)
    yield from _keyed(before, after, site)
    yield from _annotations(before, after, site)


def _numeric_bounds(before: dict[str, Any], after: dict[str, Any], site: Site) -> Iterator[Change]:
    for stem, old, new, upper in (
        ("max", upper_bound(before), upper_bound(after), True),
        ("min", lower_bound(before), lower_bound(after), False),
    ):
        if old == new:
            continue
        text = f"{'upper' if upper else 'lower'} bound {_bound(old)} -> {_bound(new)}"
        if old is None:
            yield from site.narrowed(f"{stem}-set", text, soft=True)
        elif new is None:
            yield from site.widened(f"{stem}-unset", text)
        elif _tighter(new, old, upper):
            yield from site.narrowed(f"{stem}-{'decreased' if upper else 'increased'}", text)
        else:
            yield from site.widened(f"{stem}-{'increased' if upper else 'decreased'}", text)


def _tighter(new: Bound, old: Bound, upper: bool) -> bool:
    if new[0] != old[0]:
        return new[0] < old[0] if upper else new[0] > old[0]
    return new[1] and not old[1]


def _bound(bound: Optional[Bound]) -> str:
    if bound is None:
        return "none"
    value = int(bound[0]) if bound[0].is_integer() else bound[0]
    return f"{value} (exclusive)" if bound[1] else str(value)


def _int(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _sizes(before: dict[str, Any], after: dict[str, Any], site: Site) -> Iterator[Change]:
    for keyword, stem, upper in _SIZES:
        old, new = _int(before.get(keyword)), _int(after.get(keyword))
        if not upper:
            old, new = old or 0, new or 0
        if old == new:
            continue
        text = f"{keyword} {'none' if old is None else old} -> {'none' if new is None else new}"
        if upper and old is None:
            yield from site.narrowed(f"{stem}-set", text, soft=True)
        elif upper and new is None:
            yield from site.widened(f"{stem}-unset", text)
        elif old is not None and new is not None and (new < old if upper else new > old):
            yield from site.narrowed(f"{stem}-{'decreased' if upper else 'increased'}", text)
        else:
            yield from site.widened(f"{stem}-{'increased' if upper else 'decreased'}", text)


def _pattern(before: dict[str, Any], after: dict[str, Any], site: Site) -> Iterator[Change]:
    old, new = _regex(before.get("pattern")), _regex(after.get("pattern"))
    if old == new:
        return
    if old is None:
        yield from site.narrowed("pattern-added", f"pattern {new!r} added")
    elif new is None:
        yield from site.widened("pattern-generalized", f"pattern {old!r} removed", soft=True)
    else:
        # Whether one regular expression admits more than another is not decidable here.
        yield from site.narrowed("pattern-changed", f"pattern {old!r} -> {new!r}", soft=True)


def _regex(pattern: Any) -> Optional[str]:
    """The pattern, or None for one that matches every string."""
    return None if pattern in (None, "", ".*", "^.*$", "^.*") else str(pattern)


def _present(value: Any, keyword: str = "") -> bool:
    """A boolean ``false`` is the strictest schema, but ``uniqueItems: false`` is no keyword."""
    if keyword == "uniqueItems":
        return value is True
    return value is not None and value != []


def _restricting(before: dict[str, Any], after: dict[str, Any], site: Site) -> Iterator[Change]:
    for keyword, stem in _RESTRICTING:
        old, new = before.get(keyword), after.get(keyword)
        if _present(old, keyword) and not _present(new, keyword):
            yield from site.widened(f"{stem}-removed", f"{keyword} removed")
        elif _present(new, keyword) and not _present(old, keyword):
            yield from site.narrowed(f"{stem}-added", f"{keyword} added")
        elif keyword == "multipleOf" and old != new:
            yield from site.breaking(f"{stem}-changed", f"multipleOf {old} -> {new}")
        elif keyword == "prefixItems" and isinstance(old, list) and isinstance(new, list):
            if len(new) > len(old):
                yield from site.narrowed(
                    f"{stem}-added", f"{len(new) - len(old)} prefixItems added"
                )
            elif len(new) < len(old):
                yield from site.widened(
                    f"{stem}-removed", f"{len(old) - len(new)} prefixItems removed"
                )
    for keyword, stem in (
        ("contentMediaType", "content-media-type"),
        ("contentEncoding", "content-encoding"),
    ):
        old, new = before.get(keyword), after.get(keyword)
        if old != new and old is not None and new is not None:
            yield from site.breaking(f"{stem}-changed", f"{keyword} {old!r} -> {new!r}")
        elif old is None and new is not None:
            yield from site.narrowed(f"{stem}-added", f"{keyword} {new!r} added")
        elif new is None and old is not None:
            yield from site.widened(f"{stem}-removed", f"{keyword} {old!r} removed")


def _keyed(before: dict[str, Any], after: dict[str, Any], site: Site) -> Iterator[Change]:
    """Keywords holding named entries: each entry added narrows, each removed widens."""
    for keyword, stem in (
        ("patternProperties", "pattern-property"),
        ("dependentSchemas", "dependent-schema"),
    ):
        old, new = before.get(keyword) or {}, after.get(keyword) or {}
        if not isinstance(old, dict) or not isinstance(new, dict):
            continue
        for name in sorted(set(new) - set(old)):
            yield from site.narrowed(f"{stem}-added", f"{keyword} {name!r} added")
        for name in sorted(set(old) - set(new)):
            yield from site.widened(f"{stem}-removed", f"{keyword} {name!r} removed")
    old_dep, new_dep = before.get("dependentRequired") or {}, after.get("dependentRequired") or {}
    if isinstance(old_dep, dict) and isinstance(new_dep, dict):
        for name in sorted(set(old_dep) | set(new_dep)):
            was, now = set(old_dep.get(name) or ()), set(new_dep.get(name) or ())
            text = f"dependentRequired {name!r}: {sorted(was)} -> {sorted(now)}"
            if name not in old_dep:
                yield from site.narrowed("dependent-required-added", text)
            elif name not in new_dep:
                yield from site.widened("dependent-required-removed", text)
            elif was != now:
                yield from (
                    site.narrowed if now > was else site.widened if now < was else site.breaking
                )("dependent-required-changed", text)


def _annotations(before: dict[str, Any], after: dict[str, Any], site: Site) -> Iterator[Change]:
    if "default" in before or "default" in after:
        old, new = before.get("default"), after.get("default")
        if canonical(old) != canonical(new):
            what = (
                "added"
                if "default" not in before
                else "removed"
                if "default" not in after
                else "changed"
            )
            text = f"default {old!r} -> {new!r}"
            if site.area == "parameter" and site.request and not site.prop:
                # A client leaving the parameter out now gets another behaviour.
                level = "breaking" if what == "changed" else "warning"
                yield site.change(level, f"default-value-{what}", text)
            else:
                yield from site.info(f"default-value-{what}", text)
    if before.get("deprecated") is not True and after.get("deprecated") is True:
        yield from site.info("deprecated", "deprecated")
    elif before.get("deprecated") is True and after.get("deprecated") is not True:
        yield from site.info("reactivated", "no longer deprecated")
    old_d, new_d = before.get("discriminator"), after.get("discriminator")
    if isinstance(old_d, dict) or isinstance(new_d, dict):
        old_d, new_d = old_d or {}, new_d or {}
        if not old_d:
            yield from site.info("discriminator-added", "discriminator added")
        elif not new_d:
            yield from site.info("discriminator-removed", "discriminator removed")
        else:
            if old_d.get("propertyName") != new_d.get("propertyName"):
                yield site.change(
                    "warning",
                    "discriminator-property-name-changed",
                    f"discriminator {old_d.get('propertyName')!r} -> {new_d.get('propertyName')!r}",
                )
            old_map, new_map = old_d.get("mapping") or {}, new_d.get("mapping") or {}
            for value in sorted(set(old_map) - set(new_map)):
                yield from site.narrowed(
                    "discriminator-mapping-deleted", f"mapping {value!r} removed", soft=True
                )
            for value in sorted(set(new_map) - set(old_map)):
                yield from site.widened(
                    "discriminator-mapping-added", f"mapping {value!r} added", soft=True
                )
            for value in sorted(set(old_map) & set(new_map)):
                if old_map[value] != new_map[value]:
                    yield site.change(
                        "warning", "discriminator-mapping-changed", f"mapping {value!r} changed"
                    )
