"""OpenAPI 3.2 ``$self``: the base URI relative ``$ref``s to other documents resolve against
(``generator/load/_base_uri.py``). Each test lays out the same file name in two places, so the
model that comes out says which one ``$self`` made the loader read."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.load import load_spec

PET_HERE = "Pet: {type: object, properties: {beside_the_file: {type: string}}}\n"
PET_THERE = "Pet: {type: object, properties: {beside_self: {type: string}}}\n"


def root(self_line: str, ref: str) -> str:
    return textwrap.dedent(
        f"""\
        openapi: 3.2.0
        {self_line}
        info: {{title: Self, version: '1'}}
        paths:
          /pet:
            get:
              operationId: getPet
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {{$ref: '{ref}'}}
        """
    )


def layout(tmp_path: Path, self_line: str, ref: str = "pet.yaml#/Pet") -> Path:
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "shared").mkdir()
    (tmp_path / "api" / "pet.yaml").write_text(PET_HERE, encoding="utf-8")
    (tmp_path / "api" / "shared" / "pet.yaml").write_text(PET_THERE, encoding="utf-8")
    path = tmp_path / "api" / "openapi.yaml"
    path.write_text(root(self_line, ref), encoding="utf-8")
    return path


def pet_properties(path: Path) -> set[str]:
    schemas = load_spec(path).document["components"]["schemas"]
    return set(schemas["Pet"]["properties"])


def test_without_self_refs_resolve_beside_the_file(tmp_path: Path) -> None:
    assert pet_properties(layout(tmp_path, "")) == {"beside_the_file"}


def test_a_relative_self_moves_the_base(tmp_path: Path) -> None:
    # $self resolved against the file's location: api/shared/openapi.yaml, so pet.yaml is
    # api/shared/pet.yaml.
    path = layout(tmp_path, "$self: shared/openapi.yaml")
    assert pet_properties(path) == {"beside_self"}


def test_an_absolute_self_maps_its_uris_onto_the_local_layout(tmp_path: Path) -> None:
    # Relative refs resolve against the URL; the URL's path relative to the root's $self is
    # read relative to the root file (nothing is fetched).
    path = layout(tmp_path, "$self: https://example.com/specs/v2/openapi.yaml")
    assert pet_properties(path) == {"beside_the_file"}
    (tmp_path / "api").rename(tmp_path / "api_old")
    path = layout(
        tmp_path,
        "$self: https://example.com/specs/v2/openapi.yaml",
        "https://example.com/specs/v2/shared/pet.yaml#/Pet",
    )
    assert pet_properties(path) == {"beside_self"}


def test_a_referenced_document_resolves_against_its_own_self(tmp_path: Path) -> None:
    # The root refers to common/types.yaml, which declares $self one level down
    # (common/v1/types.yaml): its own relative ref then lands in common/v1/.
    (tmp_path / "common" / "v1").mkdir(parents=True)
    (tmp_path / "common" / "types.yaml").write_text(
        "$self: v1/types.yaml\nPet: {$ref: 'pet.yaml#/Pet'}\n", encoding="utf-8"
    )
    (tmp_path / "common" / "pet.yaml").write_text(PET_HERE, encoding="utf-8")
    (tmp_path / "common" / "v1" / "pet.yaml").write_text(PET_THERE, encoding="utf-8")
    path = tmp_path / "openapi.yaml"
    path.write_text(root("", "common/types.yaml#/Pet"), encoding="utf-8")
    schemas = load_spec(path).document["components"]["schemas"]
    assert {"beside_self"} in [set(s.get("properties", {})) for s in schemas.values()]


@pytest.mark.parametrize(
    ("self_line", "ref", "message"),
    [
        ("$self: https://example.com/a/openapi.yaml", "https://other.example.com/pet.yaml#/Pet",
         "remote $ref not supported (no network access): https://other.example.com/pet.yaml"),
        ("$self: https://example.com/a/openapi.yaml", "file:///etc/passwd",
         "remote $ref not supported (no network access): file:///etc/passwd"),
        ("$self: shared/openapi.yaml", "//host/pet.yaml#/Pet",
         "absolute $ref path not supported, use a relative one: //host/pet.yaml"),
        ("$self: /etc/openapi.yaml", "pet.yaml#/Pet",
         "$self '/etc/openapi.yaml' is an absolute file location; use a relative one"),
        ("$self: file:///etc/openapi.yaml", "pet.yaml#/Pet",
         "$self 'file:///etc/openapi.yaml' is an absolute file location; use a relative one"),
    ],
)  # fmt: skip
def test_what_self_cannot_make_local_is_refused_at_the_ref(
    tmp_path: Path, self_line: str, ref: str, message: str
) -> None:
    with pytest.raises(SpecError) as caught:
        load_spec(layout(tmp_path, self_line, ref))
    texts = [str(p) for p in caught.value.problems]
    assert any(message in t and "#/paths/~1pet/get/responses/200" in t for t in texts), texts
