"""The IR decides how each parameter and body is sent; the template only passes it through.
Plain calls keep the plain spelling (no runtime serialiser on the hot path)."""

from __future__ import annotations

from pathlib import Path

from generator.ir.build import build_package
from generator.ir.model import Operation
from generator.load import load_spec

MATRIX = Path(__file__).resolve().parents[1] / "wire" / "matrix.yaml"


def _operations() -> dict[str, Operation]:
    package = build_package(load_spec(MATRIX))
    return {op.operation_id: op for r in package.resources for op in r.operations}


OPS = _operations()


def test_plain_parameters_keep_the_plain_spelling() -> None:
    op = OPS["pathPrimitive"]
    prim = op.params_in("path")[0]
    assert prim.plain_path and prim.path_expr == "path_param(prim)"
    assert "path_param(prim)" in op.path_expr
    label = op.params_in("path")[1]
    assert label.path_expr.startswith("path_value(InvalidArgumentError, 'prim_label', ")
    text = next(p for p in OPS["headers"].params if p.wire_name == "X-Text")
    assert text.plain_header and text.header_expr == "str(x_text)"


def test_a_query_the_runtime_must_spell_is_built_whole() -> None:
    array = OPS["queryArray"]
    # (Any is used by every method now: extra_query and extra_body are Mapping[str, Any].)
    assert array.raw_query and "query_items" in array.names
    form = next(p for p in array.params if p.wire_name == "form")
    assert form.query_expr.endswith("'form', False, False)")


def test_ignored_headers_and_directions() -> None:
    wires = {p.wire_name for p in OPS["headers"].params}
    assert not wires & {"Accept", "Content-Type", "Authorization"}
    article = {p.wire_name: p for p in OPS["createArticle"].params}
    assert "id" not in article  # readOnly
    assert article["secret"].required  # writeOnly, required in the request direction
    assert article["published"].omittable and not article["rating"].omittable
    assert OPS["createArticle"].extra_param is not None


def test_bodies() -> None:
    upload = OPS["upload"]
    parts = {p.wire_name: p.part_statement for p in upload.part_params}
    assert parts["attachments"].startswith("files.extend(('attachments', file_part(_p))")
    assert parts["meta"] == "files.append(('meta', form_part(request_json(meta))))"
    assert parts["notes"] == "files.append(('notes', form_part(notes, 'text/markdown')))"
    assert OPS["submitForm"].raw_form
    assert OPS["patch"].optional_json
    media = OPS["addContact"].media_param
    assert media is not None and media.default == '"application/json"'
    assert media.type.annotation == (
        'Literal["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]'
    )
    assert OPS["putBlob"].value_param is not None
    assert OPS["putBlob"].value_param.type.annotation == "BinaryContent"
