"""Code laid out by the generator as the formatter lays it out, checked against ruff itself.

``ir.literals`` (string quotes, the mock table's layout) and ``render.laid_out`` (long
conditionals and assignments) let most rendered modules leave rendering already formatted, so
``ruff format`` has nothing to rewrite. Ruff is the judge here: whatever these helpers produce
must be exactly what ruff produces from it, or a large spec pays for the rewrite again.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.ir.literals import LINE_LENGTH, literal, literal_block
from generator.render import laid_out

RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


def ruff_format(source: str) -> str:
    assert RUFF is not None
    done = subprocess.run(
        [RUFF, "format", "--no-cache", "--line-length", str(LINE_LENGTH), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


TEXTS = ["", "x", "it's", 'say "hi"', "both ' and \"", "tab\there", "nul\0", "é\u2028", "\\"]


def test_literal_is_the_value_in_ruffs_quotes() -> None:
    for value in [*TEXTS, 0, -1.5, True, None, ("one",), ["a", 1], {"k": ("v", None)}]:
        spelled = literal(value)
        assert eval(spelled) == value
        line = f"X = {spelled}\n"
        assert ruff_format(line) == line, spelled


def _value(rng: random.Random, depth: int = 0) -> Any:
    if depth > 4 or rng.random() < 0.35:
        return rng.choice([None, True, 7, 123456789, 2.5, "w" * rng.randint(0, 70), *TEXTS])
    size = rng.randint(0, 5)
    kind = rng.random()
    if kind < 0.4:
        keys = [rng.choice([f"key{i}" * rng.randint(1, 9), 200 + i]) for i in range(size)]
        return {k: _value(rng, depth + 1) for k in keys}
    items = [_value(rng, depth + 1) for _ in range(size)]
    return items if kind < 0.7 else tuple(items)


@pytest.mark.parametrize("indent", [0, 4])
def test_literal_block_is_what_ruff_makes_of_it(indent: int) -> None:
    rng = random.Random(indent)
    values = [_value(rng) for _ in range(150)]
    pad = " " * indent
    if indent:
        module = "".join(
            f"X{i} = call(\n{pad}{literal_block(v, indent, ',')},\n)\n"
            for i, v in enumerate(values)
        )
    else:
        module = "".join(f"{literal_block(v)}\n" for v in values)
    assert ruff_format(module) == module
    assert sum(literal_block(v, indent).count("\n") for v in values) > 100  # layouts exercised


CONDITIONAL = (
    "None",
    "value_of_a_rather_long_name is None",
    "Decoder.from_dict(value_of_a_rather_long_name)",
)


@pytest.mark.parametrize("name_length", [1, 20, 40, 60])
def test_laid_out_is_what_ruff_makes_of_it(name_length: int) -> None:
    name = "n" * name_length
    parts = ("None", f"{name} is None", f"Decoder.from_dict({name})")
    key = literal(name) + ": "
    target = literal("x").join(["d[", "] = "])
    body = [
        "        obj = cls(",
        "            " + laid_out(parts, 12, tail=","),
        "            " + laid_out(parts, 12, tail=",", parenthesized=True),
        "            " + laid_out(f"self.{name}", 12, tail=","),
        "        )",
        "        d = {",
        "            " + laid_out(parts, 12, key, ",", parenthesized=True),
        "        }",
        "        " + laid_out(parts, 8, target),
        "        " + laid_out(f"self.{name}", 8, target),
    ]
    module = "class C:\n    def f(self, cls):\n" + "\n".join(body) + "\n"
    assert ruff_format(module) == module


def test_laid_out_leaves_what_it_cannot_split_on_one_line() -> None:
    # A part longer than a line: ruff splits it further, which is ruff's to do.
    name = "n" * 90
    parts = ("None", f"{name} is None", f"Decoder.from_dict({name})")
    assert (
        laid_out(parts, 12, tail=",") == f"None if {name} is None else Decoder.from_dict({name}),"
    )
