"""Mutated real specs: the loader (and the IR built from what it accepts) raises nothing but
``SpecError``, and every problem is located (file, JSON pointer) and is not an internal error.

The inputs are the four platform specs and the golden features spec, mutated structurally
(keys deleted or renamed, values swapped for another type, bad ``$ref``s inserted) and as text
(truncated, random bytes spliced in). Runs are derandomized: a failure reproduces as is.
``SDKGEN_RELIABILITY`` scales the example count (``make reliability``).
"""

from __future__ import annotations

import copy
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.errors import SpecError
from generator.ir import build_package
from generator.load import load_spec
from tests.support.documents import node_paths
from tests.support.scale import examples

ROOT = Path(__file__).resolve().parents[2]
REAL_SPECS = (
    *(
        f"specs/{name}/openapi.yaml"
        for name in ("codevf", "flowmaestro", "openspawn", "taskforceai")
    ),
    "tests/golden/features/spec.yaml",
)
BAD_REFS = [
    "#/components/schemas/Nope",
    "#/components/schemas/",
    "#/paths",
    "#",
    "",
    "#/components/schemas/~2bad",
    "missing.yaml#/A",
    "../../etc/passwd",
    "/etc/passwd",
    "http://127.0.0.1:9/x.yaml#/A",
    "https://example.com/spec.yaml",
    "file:///etc/passwd",
    "#/components/schemas/%ZZ",
]
YAML_SYNTAX = ":{}[]-#&*!|>'\"\n\t $refabc0123.,?%@`\\"
FUZZ = settings(
    max_examples=examples(60),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.cache
def real(path: str) -> tuple[str, Any]:
    """The spec's text and its loaded document (bundled, as plain JSON data)."""
    text = (ROOT / path).read_text(encoding="utf-8")
    return text, json.loads(json.dumps(load_spec(ROOT / path).document))


_OTHER_TYPE: dict[type, list[Any]] = {
    dict: [[], "object", 0],
    list: [{}, "item", None],
    str: [7, [], {"a": "b"}, None, True],
    int: ["7", 1.5, [], None],
    float: ["1.5", 0, []],
    bool: ["true", 1, None],
    type(None): [{}, "null", 0],
}


@st.composite
def mutated_documents(draw: st.DrawFn, document: Any) -> Any:
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(node_paths(document)[1:]))
        parent = document
        for token in path[:-1]:
            parent = parent[token]
        last = path[-1]
        action = draw(st.sampled_from(["delete", "swap", "ref", "rename"]))
        if action == "delete":
            del parent[last]
        elif action == "swap":
            parent[last] = copy.deepcopy(draw(st.sampled_from(_OTHER_TYPE[type(parent[last])])))
        elif action == "ref":
            parent[last] = {"$ref": draw(st.sampled_from(BAD_REFS))}
        elif isinstance(parent, dict):
            parent[last + draw(st.sampled_from(["x", "~1", "/", " ", "$ref"]))] = parent.pop(last)
    return document


def check_only_spec_errors(path: Path) -> str:
    """Load ``path`` and build its IR; only SpecError, with located problems, may escape."""
    try:
        spec = load_spec(path)
        build_package(spec)
    except SpecError as error:
        assert error.problems
        for problem in error.problems:
            assert "internal error" not in problem.message, problem
            assert problem.location.pointer.startswith("#"), problem
            assert problem.location.file.endswith(path.name) or "/" in problem.location.file
        return "error"
    return "ok"


@FUZZ
@given(data=st.data(), name=st.sampled_from(REAL_SPECS), as_json=st.booleans())
def test_structural_mutations_of_real_specs(data: st.DataObject, name: str, as_json: bool) -> None:
    document = data.draw(mutated_documents(real(name)[1]))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / ("openapi.json" if as_json else "openapi.yaml")
        if as_json:
            path.write_text(json.dumps(document, indent=1), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        event(check_only_spec_errors(path))


@st.composite
def mutated_texts(draw: st.DrawFn, text: str) -> bytes:
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["truncate", "insert", "replace"]))
        junk = draw(
            st.binary(min_size=1, max_size=16)
            | st.text(YAML_SYNTAX, min_size=1, max_size=16).map(str.encode)
        )
        if action == "truncate":
            data = data[:at]
        elif action == "insert":
            data = data[:at] + junk + data[at:]
        else:
            data = data[:at] + junk + data[at + len(junk) :]
    return data


@FUZZ
@given(data=st.data(), name=st.sampled_from(REAL_SPECS))
def test_text_mutations_of_real_specs(data: st.DataObject, name: str) -> None:
    raw = data.draw(mutated_texts(real(name)[0]))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "openapi.yaml"
        path.write_bytes(raw)
        event(check_only_spec_errors(path))


def test_the_unmutated_specs_load() -> None:
    # The baseline: every real spec loads and builds, so each failure above is the mutation's.
    with tempfile.TemporaryDirectory() as directory:
        for name in REAL_SPECS:
            path = Path(directory) / "openapi.yaml"
            path.write_text(real(name)[0], encoding="utf-8")
            assert check_only_spec_errors(path) == "ok"
