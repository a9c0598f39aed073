"""The render filters every spec string goes through keep any text inert: a docstring or a
comment made from it always compiles to exactly what the template meant, and ``pyrepr`` gives
back the text itself."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render import comment, docstring, environment
from tests.support.scale import examples

from .corpus import NASTY

# Any text a YAML or JSON spec can hold: every code point but surrogates.
spec_text = st.text(st.characters(blacklist_categories=("Cs",))) | st.sampled_from(NASTY)
FILTERS = settings(max_examples=examples(300), derandomize=True, database=None, deadline=None)


@FILTERS
@given(text=spec_text)
def test_docstring_compiles_to_one_docstring(text: str) -> None:
    source = f'def f() -> None:\n    """{docstring(text)}"""\n    return None\n'
    (function,) = ast.parse(source).body
    assert isinstance(function, ast.FunctionDef)
    first, second = function.body
    assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    assert isinstance(first.value.value, str)
    assert isinstance(second, ast.Return)
    compile(source, "<docstring>", "exec")


@FILTERS
@given(text=spec_text)
def test_comment_stays_one_comment(text: str) -> None:
    source = f"# {comment(text)}\nx = 1\n"
    (statement,) = ast.parse(source).body
    assert isinstance(statement, ast.Assign)
    compile(source, "<comment>", "exec")


@FILTERS
@given(text=spec_text)
def test_pyrepr_is_the_text_itself(text: str) -> None:
    rendered = environment().from_string("x = {{ value | pyrepr }}").render(value=text)
    (statement,) = ast.parse(rendered).body
    assert isinstance(statement, ast.Assign)
    assert ast.literal_eval(statement.value) == text
