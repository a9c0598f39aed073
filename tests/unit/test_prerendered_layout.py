"""Code laid out by the generator as the formatter lays it out, checked against ruff itself.

``ir.literals`` (string quotes) and ``render.laid_out`` (long
conditionals and assignments) let most rendered modules leave rendering already formatted, so
``ruff format`` has nothing to rewrite. Ruff is the judge here: whatever these helpers produce
must be exactly what ruff produces from it, or a large spec pays for the rewrite again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.ir.literals import LINE_LENGTH, literal
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
