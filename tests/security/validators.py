"""Every argument constraint of a generated package, with values that break it.

The constraints are read from the IR the package was generated from (``Param.constraints``, the
keyword arguments of the runtime's ``check``), so a constraint added to a spec is covered here
without a test change. For each operation argument and each rule, ``violations`` yields one
call: valid values for the other arguments and a value for this one that breaks the rule.
``failure_of`` judges one such call on a twin (the error expected, naming the argument, nothing
sent); ``refuse`` is the handler behind it, answering anything that does get sent with a 500.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import httpx
from hypothesis import find, settings
from hypothesis import strategies as st

from generator.ir import build_package
from generator.ir.model import Operation, Param
from generator.ir.package import Package
from generator.load import load_spec
from tests.support.twins import Twin

__all__ = [
    "Violation",
    "constraints_of",
    "package_ir",
    "valid_value",
    "violations",
    "failure_of",
    "refuse",
]

ROOT = Path(__file__).resolve().parents[2]


@attrs.frozen
class Violation:
    resource: str  # attribute on the client ("" for the client itself)
    method: str
    field: str  # the argument's Python name
    rule: str  # the constraint broken: minimum, pattern, ...
    kwargs: dict[str, Any]

    @property
    def label(self) -> str:
        where = f"{self.resource}.{self.method}" if self.resource else self.method
        return f"{where}({self.field}: {self.rule})"


def package_ir(name: str) -> Package:
    return build_package(load_spec(ROOT / "specs" / name / "openapi.yaml"), name=name)


def constraints_of(param: Param) -> dict[str, Any]:
    """``"min_length=1, max_length=100"`` -> ``{"min_length": 1, "max_length": 100}``."""
    if not param.constraints:
        return {}
    call = ast.parse(f"f({param.constraints.arguments})", mode="eval").body
    assert isinstance(call, ast.Call)
    return {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}


def _is_int(param: Param) -> bool:
    return "int" in param.type.annotation and "float" not in param.type.annotation


def valid_value(param: Param) -> Any:
    """A value satisfying every constraint of ``param`` (a placeholder when it has none)."""
    rules = constraints_of(param)
    if "enum" in rules:
        return rules["enum"][0]
    annotation = param.type.annotation
    if any(k in rules for k in ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum")):
        low = rules.get("minimum", rules.get("exclusive_minimum", 0) + 1)
        return math.ceil(low) if _is_int(param) else float(low)
    if "min_items" in rules or "max_items" in rules or annotation.startswith("List"):
        return ["x"] * rules.get("min_items", 0)
    if "pattern" in rules:
        low, high = rules.get("min_length", 0), rules.get("max_length", 10_000)
        return find(
            st.from_regex(rules["pattern"], fullmatch=True),
            lambda s: low <= len(s) <= high,
            settings=settings(database=None, derandomize=True),
        )
    if "min_length" in rules or annotation == "str" or "str" in annotation:
        return "x" * max(rules.get("min_length", 1), 1)
    if "int" in annotation:
        return 1
    if "float" in annotation:
        return 1.0
    if "bool" in annotation:
        return True
    return {}


def _breaking(param: Param, rule: str, bound: Any) -> Any:
    """A value of the argument's type that breaks ``rule`` (with bound ``bound``)."""
    step = 1 if _is_int(param) else 0.5
    if rule == "minimum":
        return bound - step
    if rule == "maximum":
        return bound + step
    if rule in ("exclusive_minimum", "exclusive_maximum"):
        return int(bound) if _is_int(param) and float(bound).is_integer() else bound
    if rule == "min_length":
        return "x" * (bound - 1)
    if rule == "max_length":
        return "x" * (bound + 1)
    if rule == "pattern":
        return next(s for s in ("", "!", " \n", "\x00", "ÿ") if not re.search(bound, s))
    if rule == "min_items":
        return ["x"] * (bound - 1)
    if rule == "max_items":
        return ["x"] * (bound + 1)
    if rule == "enum":
        return -987654321 if all(isinstance(v, int) for v in bound) else "not-a-member"
    raise AssertionError(f"no breaking value for rule {rule!r}")


def _calls(operation: Operation) -> Iterator[tuple[Param, str, dict[str, Any]]]:
    required = {p.name: valid_value(p) for p in operation.params if p.required}
    constrained = {p.name: valid_value(p) for p in operation.params if p.constraints}
    for param in operation.params:
        for rule, bound in constraints_of(param).items():
            if (rule == "min_length" and bound == 0) or (rule == "min_items" and bound == 0):
                continue  # nothing is shorter than empty
            kwargs = {**required, **constrained, param.name: _breaking(param, rule, bound)}
            yield param, rule, kwargs


def violations(package: Package) -> Iterator[Violation]:
    for resource in package.resources:
        for operation in resource.operations:
            for param, rule, kwargs in _calls(operation):
                yield Violation(resource.attr, operation.name, param.name, rule, kwargs)


def refuse(request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, json={"error": {"code": "unexpected", "message": "sent"}})


async def failure_of(
    twin: Twin, module: ModuleType, call: Callable[[], Any], field: str, expected: type
) -> str | None:
    """None if ``call()`` raised ``expected`` naming ``field`` with nothing sent; else why not."""
    try:
        await twin.call(call())
    except expected as error:
        named = getattr(error, "field", None) == field or field in str(error)
        if not named:
            return f"{type(error).__name__} does not name {field!r}: {error}"
    except Exception as error:
        return f"raised {type(error).__name__}: {error}"
    else:
        return "no error"
    if twin.requests:
        return f"{len(twin.requests)} request(s) sent"
    return None
