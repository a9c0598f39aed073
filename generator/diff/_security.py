"""Security: an operation's requirements are alternatives (any one suffices), each a set of
schemes with scopes. A change breaks a client when some credential set that used to suffice no
longer does (tightened); when every old alternative still suffices it is info (loosened)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import join_pointer
from ..load import Spec
from ._change import BREAKING, INFO, Change

__all__ = ["scheme_changes", "security_changes"]

Requirement = dict[str, frozenset[str]]  # scheme -> scopes


def _requirements(doc: dict[str, Any], op: dict[str, Any]) -> list[Requirement]:
    raw = op["security"] if "security" in op else doc.get("security")
    if not isinstance(raw, list) or not raw:
        return [{}]  # no security: anyone may call
    result = []
    for alternative in raw:
        if isinstance(alternative, dict):
            result.append({str(k): frozenset(map(str, v or ())) for k, v in alternative.items()})
    return result or [{}]


def _satisfies(held: Requirement, needed: Requirement) -> bool:
    """A client holding credentials for ``held`` meets ``needed``."""
    return all(scheme in held and scopes <= held[scheme] for scheme, scopes in needed.items())


def _spell(requirement: Requirement) -> str:
    if not requirement:
        return "none"
    return " + ".join(
        f"{name}[{', '.join(sorted(scopes))}]" if scopes else name
        for name, scopes in sorted(requirement.items())
    )


def security_changes(
    old: Spec, new: Spec, old_op: dict[str, Any], new_op: dict[str, Any], pointer: str, name: str
) -> Iterator[Change]:
    before = _requirements(old.document, old_op)
    after = _requirements(new.document, new_op)
    if sorted(map(_spell, before)) == sorted(map(_spell, after)):
        return
    at = join_pointer(pointer, "security") if "security" in old_op else "#/security"
    text = f"security {' | '.join(map(_spell, before))} -> {' | '.join(map(_spell, after))}"
    stranded = [held for held in before if not any(_satisfies(held, need) for need in after)]
    if stranded:
        yield Change(
            BREAKING,
            "security-tightened",
            at,
            f"{text}: {_spell(stranded[0])} no longer suffices",
            name,
        )
    else:
        yield Change(INFO, "security-loosened", at, text, name)


def scheme_changes(old: Spec, new: Spec) -> Iterator[Change]:
    """Schemes used by name: one removed or changed in how credentials are sent breaks the
    operations requiring it; those reports come from ``security_changes`` when the name goes."""
    before = (old.document.get("components") or {}).get("securitySchemes") or {}
    after = (new.document.get("components") or {}).get("securitySchemes") or {}
    base = "#/components/securitySchemes"
    for scheme in sorted(set(before) - set(after)):
        yield Change(
            INFO,
            "security-scheme-removed",
            join_pointer(base, scheme),
            f"security scheme {scheme!r} removed",
        )
    for scheme in sorted(set(after) - set(before)):
        yield Change(
            INFO,
            "security-scheme-added",
            join_pointer(base, scheme),
            f"security scheme {scheme!r} added",
        )
    for scheme in sorted(set(before) & set(after)):
        was, now = old.resolve(before[scheme]), new.resolve(after[scheme])
        if not isinstance(was, dict) or not isinstance(now, dict):
            continue
        for field in ("type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl"):
            if was.get(field) != now.get(field):
                yield Change(
                    BREAKING,
                    f"security-scheme-{field.lower()}-changed",
                    join_pointer(base, scheme, field),
                    f"security scheme {scheme!r}: {field} {was.get(field)!r} -> {now.get(field)!r}",
                )
        old_flows, new_flows = was.get("flows") or {}, now.get("flows") or {}
        for flow in sorted(set(old_flows) | set(new_flows)):
            a, b = old_flows.get(flow) or {}, new_flows.get(flow) or {}
            for url in ("authorizationUrl", "tokenUrl", "refreshUrl"):
                if a.get(url) != b.get(url):
                    yield Change(
                        INFO,
                        "security-scheme-oauth-url-changed",
                        join_pointer(base, scheme, "flows", flow, url),
                        f"security scheme {scheme!r}: {flow} {url} changed",
                    )
            for scope in sorted(set(a.get("scopes") or {}) - set(b.get("scopes") or {})):
                yield Change(
                    INFO,
                    "security-scheme-oauth-scope-removed",
                    join_pointer(base, scheme, "flows", flow, "scopes"),
                    f"security scheme {scheme!r}: scope {scope!r} removed",
                )
            for scope in sorted(set(b.get("scopes") or {}) - set(a.get("scopes") or {})):
                yield Change(
                    INFO,
                    "security-scheme-oauth-scope-added",
                    join_pointer(base, scheme, "flows", flow, "scopes"),
                    f"security scheme {scheme!r}: scope {scope!r} added",
                )
