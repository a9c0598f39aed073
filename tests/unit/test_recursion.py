"""Recursion handled structurally: self- and mutually-referential schemas built every way
(items, additionalProperties, allOf, unions, refs into a component's own definitions) generate
a package that imports, passes ``mypy --strict`` and decodes nested data; any internal failure
is a located message, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.errors import SpecError
from generator.ir import schemas
from generator.pipeline import build
from tests.support.packages import ROOT, generate_and_import

SPEC = Path(__file__).parent / "specs" / "recursive.yaml"

NESTED = {
    "selfArray": [[[]], []],
    "value": [1, "a", [True, {"x": 1}, [[2.5]]]],
    "map": {"a": {"b": {}}},
    "node": {"name": "n", "children": [{"name": "c"}], "parent": {"name": "p"}},
    "p": {"extra": "e", "back": {"extra": "f"}, "list": [{"extra": "g"}]},
    "r": {"k": "v", "k2": {"z": ["s", {"q": "w"}]}},
    "deep": [[{"a": [[[{"b": []}]]]}]],
    "alias": [[]],
    "nested": {"inner": {"more": {"x": {"more": {}}}}},
    "selfAll": {"me": {"them": [{"me": {}}]}},
    "nullableU": {"a": None, "b": 3, "c": {"d": None}},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_and_import(SPEC, tmp_path_factory.mktemp("rec"), "recursive")


def test_every_module_imports(package: ModuleType) -> None:
    import importlib
    import pkgutil

    names = [m.name for m in pkgutil.walk_packages(package.__path__, "recursive.")]
    assert "recursive.models.value" in names
    for name in names:
        if not name.endswith(".mock"):
            importlib.import_module(name)


def test_self_referencing_aliases_refer_to_themselves_by_forward_reference(
    package: ModuleType,
) -> None:
    from recursive.models import value

    source = Path(value.__file__).read_text(encoding="utf-8")
    assert 'Value = Union[str, float, bool, Dict[str, Any], List["Value"]]' in source
    # The list variant decodes through the union's own function, not a class's from_dict.
    assert "decode_Value(_v0) for _v0 in data" in source
    list_variant = typing.get_args(value.Value)[-1]
    assert typing.get_origin(list_variant) is list


def test_nested_data_decodes_and_encodes_back_unchanged(package: ModuleType) -> None:
    everything = package.models.Everything.from_dict(json.loads(json.dumps(NESTED)))
    assert everything.node.children[0].name == "c"
    assert everything.p.back.extra == "f" and everything.p.list_[0].extra == "g"
    assert everything.nested.inner.more["x"].more == {}
    assert everything.self_all.me.them[0].me.me is None
    assert everything.to_dict() == NESTED


def test_the_package_passes_mypy_strict(package: ModuleType) -> None:
    src = Path(package.__file__).parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null",
         "--config-file", str(src.parent.parent / "pyproject.toml"), str(src)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_mock_serves_a_recursive_response(package: ModuleType) -> None:
    # The mock's table inlines refs into a component's own definitions; one referring back to
    # itself (codat's PushOption) once recursed without end.
    with package.RecursiveClient(mock_mode=True) as client:
        assert client.default.get_tree() == [[[]], []]
        assert client.default.get_all().nested.inner.more["x"].more is None


def test_an_internal_failure_is_a_located_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: Any, schema: Any, pointer: str, hint: str, name: str) -> Any:
        if pointer.endswith("/Node"):
            raise KeyError("oops")
        return original(self, schema, pointer, hint, name)

    original = schemas.SchemaTypes._object
    monkeypatch.setattr(schemas.SchemaTypes, "_object", broken)
    with pytest.raises(SpecError) as caught:
        build(SPEC, "recursive")
    [problem] = caught.value.problems
    assert problem.location.pointer == "#/components/schemas/Node"
    assert problem.location.line == SPEC.read_text().splitlines().index("    Node:") + 1
    assert problem.message.startswith("internal error while generating (please report it): ")


def test_cli_exits_2_with_a_located_message_on_too_deep_nesting(tmp_path: Path) -> None:
    # Nesting deeper than the interpreter's recursion limit allows to process (400 inline
    # arrays): whichever stage gives up says so at a location, with exit 2.
    depth = 400
    deep = '{"type": "array", "items": ' * depth + '{"type": "string"}' + "}" * depth
    text = (
        '{"openapi": "3.1.0", "info": {"title": "Deep", "version": "1"}, "paths": {},\n'
        '"components": {"schemas": {"Deep": ' + deep + "}}}"
    )
    spec = tmp_path / "deep.json"
    spec.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(tmp_path / "o")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    assert "deep.json:1 #" in result.stderr and "RecursionError" in result.stderr
