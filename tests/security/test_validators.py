"""Bad input: every validator of every SDK raises a typed error naming the argument, before any
request is sent (the transport sees nothing), on the sync and the async client.

Generic constraints are enumerated from each package's IR (``validators.violations``): every
rule of every constrained argument of every operation. Hand-written checks (``specs/NAME/lib``)
are listed per platform below with the error class their documentation names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.packages import import_generated
from tests.support.twins import Twin, both, run

from .validators import failure_of, package_ir, refuse, violations

PLATFORMS = ("codevf", "flowmaestro", "openspawn", "taskforceai")
CASES = {name: list(violations(package_ir(name))) for name in PLATFORMS}
CLIENT_KWARGS: dict[str, dict[str, Any]] = {name: {} for name in PLATFORMS}


def target(client: Any, resource: str, method: str) -> Callable[..., Any]:
    owner = getattr(client, resource) if resource else client
    return getattr(owner, method)  # type: ignore[no-any-return]


@both
@pytest.mark.parametrize("name", PLATFORMS)
def test_generated_constraints_raise_before_sending(name: str, is_async: bool) -> None:
    module = import_generated(name)
    ir = package_ir(name)
    base = getattr(module, ir.error_class)

    async def body(twin: Twin) -> None:
        failures = []
        for case in CASES[name]:
            twin.requests.clear()
            client = twin.client(module, refuse, **CLIENT_KWARGS[name])
            method = target(client, case.resource, case.method)
            # A hand-written override may raise the platform's own documented class (CodeVF's
            # InvalidPromptError, ...): any error of the package naming the field will do there.
            overridden = ".lib." in type(method.__self__).__module__
            expected = base if overridden else module.InvalidArgumentError
            why = await failure_of(
                twin, module, lambda c=case, m=method: m(**c.kwargs), case.field, expected
            )
            if why is not None:
                failures.append(f"{case.label}: {why}")
        print(f"{name} ({'async' if is_async else 'sync'}): {len(CASES[name])} constraint cases")
        assert failures == []

    run(is_async, body)


def test_every_platform_has_constraint_cases() -> None:
    # The enumeration finds what the specs declare (a broken enumeration would find nothing).
    counts = {name: len(cases) for name, cases in CASES.items()}
    assert all(counts.values()), counts
    rules = {case.rule for cases in CASES.values() for case in cases}
    assert {"minimum", "maximum", "min_length", "max_length", "pattern", "enum"} <= rules
    assert {"min_items", "max_items"} <= rules
