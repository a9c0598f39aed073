"""``json_lines`` (a scan for a few nodes) gives exactly the lines of the full ``LineIndex``."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from generator.load import load_spec
from generator.load._positions import build_index, json_lines
from generator.load._read import Source

TEXTS = {
    "nested": json.dumps(
        {
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
            "tags": [{"name": "x"}, {"name": "y", "x-list": [1, [2, {"deep": True}]]}],
            "components": {"schemas": {'A\u00e9"b': {"enum": ["}", "]", '\\"', None]}}},
        },
        indent=2,
    ),
    # A repeated key: the last one wins, also for what lies under it.
    "repeated": '{\n "a": {\n  "b": 1,\n  "c": 2\n },\n "a": {\n  "d": [\n   3\n  ]\n }\n}',
    "compact": '{"a":[{"b":1},\n{"c":{"d":"x"}}],"e":{}}\n',
    "escaped keys": '{\n  "k\\u00e9y": {\n    "sl/ash": {\n      "ti~lde": 1\n    }\n  }\n}',
}


def _all_paths(node: Any, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    found = [list(prefix)]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _all_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _all_paths(value, (*prefix, str(index)))
    return found


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_node_and_some_missing_ones_match_the_index(name: str) -> None:
    text = TEXTS[name]
    data = json.loads(text)
    paths = _all_paths(data)
    paths += [[*p, "missing"] for p in paths] + [["01"], ["a", "b"], ["tags", "9"], ["tags", "01"]]
    index = build_index(Source("f.json", "f.json", text.encode(), text, data, True))
    assert json_lines(text, paths) == [index.line_of(p) for p in paths]
    assert len({line for line in json_lines(text, paths) if line is not None}) > 1


def test_a_platform_spec_as_json_matches_the_index(tmp_path: Path) -> None:
    spec = load_spec(Path(__file__).resolve().parents[2] / "specs" / "codevf" / "openapi.yaml")
    text = json.dumps(spec.document, indent=1)
    paths = _all_paths(spec.document)
    sample = random.Random(0).sample(paths, 300)
    index = build_index(Source("f.json", "f.json", text.encode(), text, spec.document, True))
    assert json_lines(text, sample) == [index.line_of(p) for p in sample]


def test_locate_all_agrees_with_locate(tmp_path: Path) -> None:
    document = json.loads(TEXTS["nested"])
    document["info"] = {"title": "t", "version": "1"}
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    pointers = ["#/paths/~1a/get", "#/tags/1/x-list/1/1", "#/components/nope", "#", "x"]
    fresh = load_spec(path, display_root=tmp_path).locate_all(pointers)
    indexed = load_spec(path, display_root=tmp_path)
    assert fresh == [indexed.locate(p) for p in pointers]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert fresh[0].line and fresh[1].line
    assert lines[fresh[0].line - 1].strip().startswith('"get"')
    assert lines[fresh[1].line - 1].strip() == "{"
