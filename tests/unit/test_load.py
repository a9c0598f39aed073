"""Tests of the spec loader: reading, bundling, validation, locations, robustness."""

from __future__ import annotations

import copy
import json
import shutil
import socket
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Location, SpecError
from generator.load import Spec, load_spec
from tests.support.documents import node_paths

FIXTURES = Path(__file__).parent / "load_fixtures"
PETSTORE = load_spec(FIXTURES / "petstore30.yaml")


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems_of(path: Path, root: Path | None = None, strict: bool = False) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(path, display_root=root or path.parent, strict=strict)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


def all_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_refs(value)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The loader must never fetch anything: any connection attempt fails the test.

    Attempts are recorded rather than only raised, since the loader turns exceptions from
    the validator into problems.
    """
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
    assert not attempts, f"the loader tried to open network connections: {attempts}"


# -- valid specs ------------------------------------------------------------------------------


def test_yaml_30_spec_loads() -> None:
    spec = load_spec(FIXTURES / "petstore30.yaml", display_root=FIXTURES)
    assert isinstance(spec, Spec)
    assert spec.openapi_version == "3.0"
    assert spec.display_path == "petstore30.yaml"
    assert spec.path == FIXTURES / "petstore30.yaml"
    assert len(spec.sha256) == 64
    assert spec.document["info"]["title"] == "Petstore"


def test_yaml_dates_stay_strings_and_core_schema_scalars() -> None:
    doc = load_spec(FIXTURES / "petstore30.yaml").document
    assert doc["info"]["x-released"] == "2024-01-01"
    assert doc["components"]["schemas"]["Pet"]["properties"]["born"]["default"] == "2020-02-29"
    assert doc["paths"]["/pets"]["get"]["parameters"][0]["schema"]["example"] == "2024-01-01"
    # YAML 1.2: only true/false are booleans.
    assert doc["info"]["x-flags"] == ["on", "yes", "no", "off", True, False]


def test_yaml_int_keys_become_strings() -> None:
    doc = load_spec(FIXTURES / "petstore30.yaml").document
    assert list(doc["paths"]["/pets"]["get"]["responses"]) == ["200", "default"]
    assert all(isinstance(key, str) for key in doc["paths"]["/pets"]["get"]["responses"])


def test_json_31_spec_loads() -> None:
    spec = load_spec(FIXTURES / "petstore31.json")
    assert spec.openapi_version == "3.1"
    assert spec.document["components"]["schemas"]["NewPet"]["properties"]["tag"]["type"] == [
        "string",
        "null",
    ]


def test_unknown_extension_is_tried_as_json_then_yaml(tmp_path: Path) -> None:
    as_json = write(tmp_path, "spec.txt", (FIXTURES / "petstore31.json").read_text())
    assert load_spec(as_json).openapi_version == "3.1"
    as_yaml = write(tmp_path, "spec", (FIXTURES / "petstore30.yaml").read_text())
    assert load_spec(as_yaml).openapi_version == "3.0"


def test_recursive_schema_is_fine_and_resolves() -> None:
    spec = load_spec(FIXTURES / "petstore30.yaml")
    pet = spec.document["components"]["schemas"]["Pet"]
    assert spec.resolve(pet["properties"]["parent"]) is pet
    assert spec.resolve(pet["properties"]["children"]["items"]) is pet
    assert spec.resolve({"type": "string"}) == {"type": "string"}


def test_locate_root_nodes() -> None:
    spec = load_spec(FIXTURES / "petstore30.yaml", display_root=FIXTURES)
    assert spec.locate("#/paths/~1pets/get") == Location("petstore30.yaml", 9, "#/paths/~1pets/get")
    assert spec.locate("#/paths/~1pets/get/responses/200").line == 20
    assert spec.locate("#/components/schemas/Pet/properties/born/default").line == 74
    assert spec.locate("#").line == 1
    # A pointer that leads nowhere gets its deepest existing ancestor's line.
    assert spec.locate("#/paths/~1pets/get/nothing/here").line == 9


@settings(max_examples=100, deadline=None)
@given(pointer=st.one_of(st.text(max_size=30), st.lists(st.text(max_size=6)).map("#/".join)))
def test_locate_never_raises(pointer: str) -> None:
    location = PETSTORE.locate("#/" + pointer if pointer[:1] != "#" else pointer)
    assert location.file.endswith("petstore30.yaml")
    assert location.line is None or location.line >= 1


def test_locate_json() -> None:
    spec = load_spec(FIXTURES / "petstore31.json", display_root=FIXTURES)
    location = spec.locate("#/components/schemas/Pet/allOf/1/required")
    assert location == Location("petstore31.json", 44, "#/components/schemas/Pet/allOf/1/required")


# -- bundling ---------------------------------------------------------------------------------


def test_relative_file_refs_are_bundled() -> None:
    spec = load_spec(FIXTURES / "multi" / "openapi.yaml", display_root=FIXTURES)
    doc = spec.document
    refs = set(all_refs(doc))
    assert refs == {
        "#/components/schemas/task",
        "#/components/schemas/owner",
        "#/components/schemas/Error_2",
        "#/components/responses/NotFound",
        "#/components/parameters/TaskId",
    }
    schemas = doc["components"]["schemas"]
    # The root's own Error is kept; common.yaml's Error gets a collision-free name.
    assert schemas["Error"]["properties"] == {"local": {"type": "string"}}
    assert schemas["Error_2"]["properties"] == {"message": {"type": "string"}}
    # Two levels: task.yaml -> owner.yaml -> common.yaml, each relative to its own file.
    assert schemas["task"]["properties"]["owner"] == {"$ref": "#/components/schemas/owner"}
    assert schemas["owner"]["properties"]["lastError"] == {"$ref": "#/components/schemas/Error_2"}
    # Recursion across and within a file comes out as internal refs to the same component.
    assert schemas["task"]["properties"]["parent"] == {"$ref": "#/components/schemas/task"}
    assert schemas["task"]["properties"]["subtasks"]["items"] == {
        "$ref": "#/components/schemas/task"
    }
    assert schemas["task"]["properties"]["due"]["example"] == "2024-01-01"
    # Path items under paths are inlined; refs inside them resolved relative to their file.
    tasks = doc["paths"]["/tasks"]
    assert tasks["get"]["operationId"] == "listTasks"
    assert tasks["post"]["responses"]["default"] == {"$ref": "#/components/responses/NotFound"}
    assert doc["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error_2"
    }
    assert doc["components"]["parameters"]["TaskId"]["name"] == "taskId"


def test_locate_bundled_nodes_in_their_own_files() -> None:
    spec = load_spec(FIXTURES / "multi" / "openapi.yaml", display_root=FIXTURES)
    title = spec.locate("#/components/schemas/task/properties/title")
    assert title == Location(
        "multi/schemas/task.yaml", 6, "#/components/schemas/task/properties/title"
    )
    assert str(spec.locate("#/paths/~1tasks/post/responses/default")) == (
        "multi/paths/tasks.yaml:22 #/paths/~1tasks/post/responses/default"
    )
    assert (
        spec.locate("#/components/schemas/Error_2/properties/message").file == "multi/common.yaml"
    )
    assert spec.locate("#/components/schemas/Error_2/properties/message").line == 20
    assert spec.locate("#/paths/~1tasks~1{taskId}/get/responses/404") == Location(
        "multi/openapi.yaml", 20, "#/paths/~1tasks~1{taskId}/get/responses/404"
    )


def test_problem_in_referenced_file_is_located_there(tmp_path: Path) -> None:
    write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: schemas/a.yaml
        """,
    )
    write(
        tmp_path,
        "schemas/a.yaml",
        """
        type: object
        properties:
          b:
            $ref: "#/definitions/Missing"
          c:
            type: strin
        """,
    )
    assert problems_of(tmp_path / "openapi.yaml") == [
        "schemas/a.yaml:3 #/components/schemas/a/properties/b: "
        "unknown $ref '#/definitions/Missing'",
        "schemas/a.yaml:6 #/components/schemas/a/properties/c/type: "
        "'strin' is not one of ['array', 'boolean', 'integer', 'number', 'object', 'string']",
    ]


def test_sha256_covers_referenced_files(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "multi", tmp_path / "multi")
    root = tmp_path / "multi" / "openapi.yaml"
    first = load_spec(root).sha256
    assert load_spec(root).sha256 == first
    owner = tmp_path / "multi" / "schemas" / "owner.yaml"
    owner.write_text(owner.read_text() + "description: An owner.\n")
    assert load_spec(root).sha256 != first


# -- problems ---------------------------------------------------------------------------------

BROKEN = """
openapi: 3.0.3
info:
  title: Broken
  version: "1.0"
paths:
  /tasks/create:
    post:
      operationId: createTask
      requestBody:
        $ref: '#/components/schemas/Tsk'
      responses:
        "200":
          description: ok
  /tasks/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: createTask
      responses:
        "200":
          descriptio: ok
        "404":
          $ref: https://example.com/common.yaml#/components/responses/NotFound
        "500":
          $ref: '#/components/responses/Nope'
components:
  schemas:
    Task:
      type: object
"""


def test_unknown_ref_message_format_and_line(tmp_path: Path) -> None:
    write(tmp_path, "specs/x/openapi.yaml", BROKEN)
    problems = problems_of(tmp_path / "specs" / "x" / "openapi.yaml", root=tmp_path)
    assert (
        "specs/x/openapi.yaml:9 #/paths/~1tasks~1create/post/requestBody: "
        "unknown $ref '#/components/schemas/Tsk'"
    ) in problems


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "openapi.yaml", BROKEN)
    assert problems_of(path) == [
        "openapi.yaml:9 #/paths/~1tasks~1create/post/requestBody: "
        "unknown $ref '#/components/schemas/Tsk'",
        "openapi.yaml:18 #/paths/~1tasks~1{id}/get/operationId: duplicate operationId "
        "'createTask' (first used at openapi.yaml:8 #/paths/~1tasks~1create/post/operationId)",
        "openapi.yaml:20 #/paths/~1tasks~1{id}/get/responses/200: "
        "'description' is a required property; unexpected field 'descriptio'",
        "openapi.yaml:22 #/paths/~1tasks~1{id}/get/responses/404: remote $ref not supported "
        "(no network access): https://example.com/common.yaml#/components/responses/NotFound",
        "openapi.yaml:24 #/paths/~1tasks~1{id}/get/responses/500: "
        "unknown $ref '#/components/responses/Nope'",
    ]


@pytest.mark.parametrize(
    "ref", ["http://example.com/a.yaml", "https://x.io/s.json#/A", "file:///etc/passwd", "//h/a"]
)
def test_remote_refs_are_refused(tmp_path: Path, ref: str) -> None:
    path = write(
        tmp_path,
        "openapi.yaml",
        f"""
        openapi: 3.1.0
        info: {{title: t, version: "1"}}
        paths: {{}}
        components:
          schemas:
            A:
              $ref: "{ref}"
        """,
    )
    assert problems_of(path) == [
        f"openapi.yaml:6 #/components/schemas/A: remote $ref not supported "
        f"(no network access): {ref}"
    ]


def test_validator_itself_never_fetches() -> None:
    # The loader reports remote refs before validating; the validator it runs must still
    # refuse to follow one (the library's default handlers would download it).
    from generator.load._validate import validate

    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"$ref": "https://example.com/r#/R"}}}}},
    }
    problems, defects, crash = validate(document, "3.0", lambda p: Location("x", None, p))
    assert defects == []
    assert problems == []
    assert crash is not None
    assert "https://example.com/r" in crash


def test_missing_file_ref_is_located_at_the_ref(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            A:
              $ref: ./nowhere.yaml#/B
            C:
              $ref: ./c.yaml#/D
        """,
    )
    write(tmp_path, "c.yaml", "E: {type: string}\n")
    assert problems_of(path) == [
        "openapi.yaml:6 #/components/schemas/A: "
        "cannot read $ref target './nowhere.yaml#/B': file not found",
        "openapi.yaml:8 #/components/schemas/C: unknown $ref './c.yaml#/D'",
    ]


def test_syntax_error_in_referenced_file_is_located_there(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            A:
              $ref: ./a.yaml
        """,
    )
    write(tmp_path, "a.yaml", "type: object\nproperties:\n  a: [unclosed\n")
    [problem] = problems_of(path)
    assert problem.startswith("a.yaml:4 #: invalid YAML:")


def test_cycle_of_refs_is_a_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            A:
              $ref: '#/components/schemas/B'
            B:
              $ref: '#/components/schemas/A'
        """,
    )
    assert problems_of(path) == [
        "openapi.yaml:6 #/components/schemas/A: circular $ref chain: "
        "#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A"
    ]


def test_validator_errors_are_located_and_short(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/T'
        components:
          schemas:
            T:
              type: object
              properties:
                a:
                  type: strin
                b:
                  type: integer
                  default: "x"
        """,
    )
    type_error = (
        "openapi.yaml:19 #/components/schemas/T/properties/a/type: "
        "'strin' is not one of ['array', 'boolean', 'integer', 'number', 'object', 'string']"
    )
    # A default its schema rejects is a recoverable defect (load/_lenient.py): an error only
    # when strict; lenient, a spec broken otherwise is not worth mending, so it is not listed.
    assert problems_of(path) == [type_error]
    assert problems_of(path, strict=True) == [
        type_error,
        "openapi.yaml:22 #/components/schemas/T/properties/b/default: "
        "invalid default: 'x' is not of type 'integer'",
    ]


def test_duplicate_operation_id_names_the_first(tmp_path: Path) -> None:
    ok = {"200": {"description": "ok"}}
    path = write(
        tmp_path,
        "openapi.json",
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {
                    "/a": {"get": {"operationId": "op", "responses": ok}},
                    "/b": {"put": {"operationId": "op", "responses": ok}},
                },
            },
            indent=1,
        ),
    )
    assert problems_of(path) == [
        "openapi.json:20 #/paths/~1b/put/operationId: duplicate operationId 'op' "
        "(first used at openapi.json:10 #/paths/~1a/get/operationId)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "spec.yaml:1 #/swagger: Swagger 2.0 is not supported: "
            "only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported",
        ),
        (
            "openapi: 3.3.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "spec.yaml:1 #/openapi: unsupported OpenAPI version '3.3.0': "
            "only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported",
        ),
        (
            "info: {title: t, version: '1'}\n",
            "spec.yaml:1 #: missing 'openapi' version field: "
            "only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported",
        ),
    ],
)
def test_unsupported_versions(tmp_path: Path, text: str, expected: str) -> None:
    assert problems_of(write(tmp_path, "spec.yaml", text)) == [expected]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "s.yaml",
            "openapi: 3.1.0\ninfo:\n  title: t\n   version: '1'\n",
            "s.yaml:4 #: invalid YAML: mapping values are not allowed in this context",
        ),
        (
            "s.json",
            '{\n "openapi": "3.1.0",\n "info": {"title": "t",, "version": "1"}\n}',
            "s.json:3 #: invalid JSON: Expecting property name enclosed in double quotes "
            "(column 24)",
        ),
        (
            "s.yaml",
            "- a\n- b\n",
            "s.yaml #: a spec must be a mapping (an OpenAPI document), this file is a list",
        ),
        (
            "s.yaml",
            "",
            "s.yaml #: a spec must be a mapping (an OpenAPI document), this file is empty",
        ),
        (
            "s.yaml",
            "a: !!binary aGVsbG8=\n",
            "s.yaml:1 #: invalid YAML: unsupported YAML tag 'tag:yaml.org,2002:binary' in a spec",
        ),
    ],
)
def test_unreadable_specs_are_located(tmp_path: Path, name: str, text: str, expected: str) -> None:
    assert problems_of(write(tmp_path, name, text)) == [expected]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "none.yaml") == ["none.yaml #: file not found"]
    (tmp_path / "dir.yaml").mkdir()
    assert problems_of(tmp_path / "dir.yaml") == ["dir.yaml #: is a directory, not a spec file"]
    (tmp_path / "latin1.yaml").write_bytes(b"openapi: 3.1.0\ninfo: {title: \xe9}\n")
    assert problems_of(tmp_path / "latin1.yaml") == ["latin1.yaml:2 #: file is not UTF-8 text"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("flow.yaml", "openapi: 3.0.3\nx: " + "[" * 200_000 + "]" * 200_000 + "\n"),
        ("block.yaml", "openapi: 3.0.3\nx:\n  " + "- " * 100_000 + "x\n"),
        ("deep.json", '{"openapi": "3.0.3", "x": ' + "[" * 200_000 + "]" * 200_000 + "}"),
        (
            "walk.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
            "components: {schemas: {A: " + "{items: " * 1500 + "{}" + "}" * 1500 + "}}\n",
        ),
    ],
)
def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path, name: str, text: str) -> None:
    # libyaml would overflow the C stack on the first two (a segfault, not an exception).
    (tmp_path / name).write_text(text)
    [problem] = problems_of(tmp_path / name)
    assert "nested too deeply" in problem


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["openapi: 3.0.3", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    assert problems_of(path) == [
        "bomb.yaml #: YAML aliases expand to too many nodes (or are recursive)"
    ]


def test_resolve_reports_cycles_and_unknown_targets() -> None:
    spec = load_spec(FIXTURES / "petstore30.yaml")
    schemas = spec.document["components"]["schemas"]
    schemas["Loop"] = {"$ref": "#/components/schemas/Loop"}
    with pytest.raises(SpecError, match="circular"):
        spec.resolve({"$ref": "#/components/schemas/Loop"})
    with pytest.raises(SpecError, match="unknown"):
        spec.resolve({"$ref": "#/components/schemas/Nope"})


# -- robustness: mutated specs never raise anything but SpecError -------------------------------

SMALL = load_spec(FIXTURES / "petstore30.yaml").document

_garbage = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(
        [
            {"$ref": "#/components/schemas/Nope"},
            {"$ref": "#/components/schemas/Pet"},
            {"$ref": "https://example.com/x.yaml"},
            {"$ref": "missing.yaml#/A"},
            {"$ref": "#/paths/~1pets"},
            {"$ref": "#"},
            {"$ref": 7},
            {"type": "object", "required": ["x"]},
            "3.1.0",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def garbage(draw: st.DrawFn) -> Any:
    # A copy: sampled values are shared between examples and later mutations edit in place.
    return copy.deepcopy(draw(_garbage))


@st.composite
def mutated_specs(draw: st.DrawFn) -> Any:
    document = json.loads(json.dumps(SMALL))
    for _ in range(draw(st.integers(1, 4))):
        paths = node_paths(document)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["delete", "replace", "insert"]))
        if not path:
            document = garbage(draw) if action == "replace" else document
            continue
        parent = document
        for token in path[:-1]:
            parent = parent[token]
        last = path[-1]
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = garbage(draw)
        elif isinstance(parent[last], dict):
            parent[last][draw(st.text(max_size=6))] = garbage(draw)
        elif isinstance(parent[last], list):
            parent[last].append(garbage(draw))
    return document


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=mutated_specs(), as_json=st.booleans())
def test_mutated_specs_only_raise_spec_error(document: Any, as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / ("openapi.json" if as_json else "openapi.yaml")
        if as_json:
            path.write_text(json.dumps(document, indent=1))
        else:
            path.write_text(yaml.safe_dump(document, sort_keys=False))
        try:
            spec = load_spec(path)
        except SpecError as error:
            assert error.problems
            for problem in error.problems:
                assert "internal error" not in problem.message, problem
                assert problem.location.pointer.startswith("#")
        else:
            json.dumps(spec.document)  # plain data
            assert spec.locate("#/paths").file.endswith(path.name)
