"""IR v2: types are structure, every spelling derived in one place, extensions parsed once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.ir.extensions import (
    HTTP_METHODS,
    Idempotency,
    PaginationSpec,
    operation_extensions,
    walk_operations,
)
from generator.ir.imports import TABLE, import_block
from generator.ir.naming import IMPORTED_NAMES, PARAMETER
from generator.ir.types import (
    ANY,
    BINARY,
    FILE,
    Kind,
    TypeRef,
    choice_of,
    dict_of,
    enum_ref,
    list_of,
    model_ref,
    nullable,
    prefixed_list,
    primitive,
    tuple_of,
    union_ref,
)

ROOT = Path(__file__).resolve().parents[2]

PET = model_ref("Pet")
STATUS = enum_ref("Status", "str", ("'a'", "'b'"))
WHEN = TypeRef(Kind.DATETIME)


@pytest.mark.parametrize(
    ("ref", "annotation", "decoded", "encoded"),
    [
        (primitive("int"), "int", "x", "x"),
        (ANY, "Any", "x", "x"),
        (WHEN, "_dt.datetime", "parse_datetime(x)", "format_datetime(x)"),
        (TypeRef(Kind.DATE), "_dt.date", "_dt.date.fromisoformat(x)", "x.isoformat()"),
        (TypeRef(Kind.BASE64), "bytes", "b64decode(x)", "b64encode(x)"),
        (BINARY, "bytes", "x", "x"),
        (PET, "Pet", "Pet.from_dict(x)", "to_json(x)"),
        (STATUS, "Status", "Status(x)", "x"),
        (union_ref("Shape"), "Shape", "decode_Shape(x)", "to_json(x)"),
        (list_of(PET), "List[Pet]",
         "[Pet.from_dict(_v0) for _v0 in x]", "[to_json(_v0) for _v0 in x]"),
        (list_of(primitive("str")), "List[str]", "x", "x"),
        (
            dict_of(list_of(WHEN)),
            "Dict[str, List[_dt.datetime]]",
            "{_k1: [parse_datetime(_v0) for _v0 in _v1] for _k1, _v1 in x.items()}",
            "{_k1: [format_datetime(_v0) for _v0 in _v1] for _k1, _v1 in x.items()}",
        ),
        (nullable(PET), "Optional[Pet]",
         "(None if x is None else Pet.from_dict(x))", "(None if x is None else to_json(x))"),
        (choice_of((primitive("str"), primitive("int"))), "Union[str, int]", "x", "x"),
        (tuple_of((primitive("int"), primitive("str"))), "Tuple[int, str]",
         "cast('Tuple[int, str]', tuple(x))", "list(x)"),
        # Closed prefixItems: the value unpacked once, each part through its own type.
        (tuple_of((PET, primitive("int"))), "Tuple[Pet, int]",
         "[(Pet.from_dict(_t0_0), _t0_1) for _t0_0, _t0_1 in (x,)][0]",
         "[[to_json(_t0_0), _t0_1] for _t0_0, _t0_1 in (x,)][0]"),
        (tuple_of((WHEN,)), "Tuple[_dt.datetime]",
         "[(parse_datetime(_t0_0),) for _t0_0, in (x,)][0]",
         "[[format_datetime(_t0_0)] for _t0_0, in (x,)][0]"),
        (list_of(tuple_of((WHEN, PET))), "List[Tuple[_dt.datetime, Pet]]",
         "[[(parse_datetime(_t0_0), Pet.from_dict(_t0_1)) for _t0_0, _t0_1 in (_v1,)][0]"
         " for _v1 in x]",
         "[[[format_datetime(_t0_0), to_json(_t0_1)] for _t0_0, _t0_1 in (_v1,)][0]"
         " for _v1 in x]"),
        # Open prefixItems: a list, each item decoded by its position's type.
        (prefixed_list((WHEN, PET), STATUS), "List[Union[_dt.datetime, Pet, Status]]",
         "[parse_datetime(_v0) if _i0 == 0 else Pet.from_dict(_v0) if _i0 == 1"
         " else Status(_v0) for _i0, _v0 in enumerate(x)]",
         "to_json(x)"),
        (prefixed_list((primitive("int"), primitive("str")), ANY), "List[Union[int, str]]",
         "x", "x"),
    ],
)  # fmt: skip
def test_spellings_are_derived_from_structure(
    ref: TypeRef, annotation: str, decoded: str, encoded: str
) -> None:
    assert ref.annotation == annotation
    assert ref.decode("x") == decoded
    assert ref.encode("x") == encoded


def test_tuple_spellings_decode_and_encode_every_part() -> None:
    import datetime as _dt

    namespace = {
        "_dt": _dt,
        "cast": lambda _t, v: v,
        "parse_datetime": _dt.datetime.fromisoformat,
        "format_datetime": _dt.datetime.isoformat,
        "Pet": type("Pet", (), {"from_dict": staticmethod(lambda d: ("pet", d["n"]))}),
        "Status": lambda v: ("status", v),
        "to_json": lambda v: {"n": v[1]} if isinstance(v, tuple) else v,
    }
    closed = tuple_of((PET, WHEN))
    when = _dt.datetime(2026, 1, 5, 10)
    x = [{"n": 1}, "2026-01-05T10:00:00"]
    decoded = eval(closed.decode("x"), {**namespace, "x": x})
    assert decoded == (("pet", 1), when)
    assert eval(closed.encode("x"), {**namespace, "x": decoded}) == x
    for wrong in ([{"n": 1}], [{"n": 1}, "2026-01-05T10:00:00", 3]):  # a closed tuple's length
        with pytest.raises(ValueError, match="values to unpack"):
            eval(closed.decode("x"), {**namespace, "x": wrong})
    opened = prefixed_list((WHEN, PET), STATUS)
    items = ["2026-01-05T10:00:00", {"n": 2}, "a", "b"]
    assert eval(opened.decode("x"), {**namespace, "x": items}) == [
        when,
        ("pet", 2),
        ("status", "a"),
        ("status", "b"),
    ]
    assert eval(opened.decode("x"), {**namespace, "x": items[:1]}) == [when]  # may be shorter
    assert opened.guard == closed.guard == "isinstance(data, list)"
    assert opened.decoder_names == {"parse_datetime", "Pet", "Status"}
    assert opened.encoder_names == {"to_json"}
    assert closed.decoder_names == {"Pet", "parse_datetime"}
    assert closed.encoder_names == {"to_json", "format_datetime"}
    assert opened.annotation_names == {"List", "Union", "_dt", "Pet", "Status"}
    assert opened.refs == {"Pet", "Status"}


def test_what_callers_may_pass() -> None:
    assert PET.input_annotation == "Union[Pet, Dict[str, Any]]"
    assert STATUS.input_annotation == "Union[Status, Literal['a', 'b']]"
    assert nullable(list_of(PET)).input_annotation == "Optional[List[Union[Pet, Dict[str, Any]]]]"
    assert list_of(primitive("int")).input_annotation == "List[int]"
    assert dict_of(PET).input_annotation == "Dict[str, Pet]"  # a map's values are decoded only


def test_guards_pick_union_variants_by_json_shape() -> None:
    assert PET.guard == "isinstance(data, dict)"
    assert list_of(PET).guard == "isinstance(data, list)"
    assert nullable(primitive("int")).guard.startswith("data is None or isinstance(data, int)")
    assert STATUS.guard == "isinstance(data, str)"
    assert enum_ref("Level", "int", ("1",)).guard.endswith("not isinstance(data, bool)")
    assert nullable(ANY).guard == "True"


def test_names_each_spelling_uses() -> None:
    ref = nullable(list_of(PET))
    assert ref.annotation_names == {"Optional", "List", "Pet"}
    assert ref.input_names == {"Optional", "List", "Union", "Pet", "Dict", "Any"}
    assert ref.decoder_names == {"Pet"}
    assert ref.encoder_names == {"to_json"}
    assert WHEN.annotation_names == {"_dt"} and WHEN.decoder_names == {"parse_datetime"}
    assert union_ref("Shape").decoder_names == {"decode_Shape"}
    assert primitive("str").annotation_names == set()


def test_binary_and_refs() -> None:
    assert BINARY.is_binary and FILE.is_binary and list_of(FILE).is_binary
    assert not dict_of(BINARY).is_binary and not primitive("str").is_binary
    assert dict_of(choice_of((PET, STATUS))).refs == {"Pet", "Status"}
    assert nullable(nullable(PET)) == nullable(PET)
    assert nullable(ANY) is ANY


def test_import_block_is_in_isort_order() -> None:
    block = import_block(
        {"cast", "Optional", "TYPE_CHECKING", "httpx", "_dt", "to_json", "Model", "Mapping"},
        depth=1,
        local=[("models.pet_10", "Pet10"), ("models.pet_2", "Pet2"), (".sibling", "Sib")],
    )
    assert block == (
        "import datetime as _dt\n"
        "from collections.abc import Mapping\n"
        "from typing import TYPE_CHECKING, Optional, cast\n"
        "\n"
        "import httpx\n"
        "\n"
        "from .._runtime._models import Model, to_json\n"
        "from ..models.pet_2 import Pet2\n"
        "from ..models.pet_10 import Pet10\n"
        "from .sibling import Sib"
    )


def test_reserved_names_come_from_the_import_table() -> None:
    capitalised = {n for n in TABLE if n[:1].isupper()}
    assert capitalised <= IMPORTED_NAMES
    assert set(TABLE) <= PARAMETER  # a parameter never shadows what the module imports
    assert "with_raw_response" not in PARAMETER | IMPORTED_NAMES


def test_operation_extensions_are_parsed_once_into_records() -> None:
    problems: list[tuple[str, str]] = []
    op = {
        "x-sdk-idempotency": {"in": "header", "name": "Idem", "mismatch": "REUSED"},
        "x-sdk-pagination": {"style": "offset", "offset": "o", "limit": "l", "items": "data"},
        "x-sdk-polling": {"status": "state", "success": "done", "max-attempts": 3},
        "x-sdk-returns": ["data", "meta"],
        "x-sdk-idempotent": True,
    }
    ext = operation_extensions(op, "#/paths/~1x/post", lambda p, m: problems.append((p, m)))
    assert ext.idempotency == Idempotency("header", "Idem", mismatch="REUSED")
    assert ext.idempotency.table() == {"in": "header", "name": "Idem", "mismatch": "REUSED"}
    assert ext.pagination == PaginationSpec("offset", "o", "l", "data")
    assert ext.polling is not None and ext.polling.success == ("done",)
    assert ext.polling.max_attempts == 3
    assert ext.returns == ("data", "meta") and ext.idempotent and problems == []


def test_malformed_extensions_are_located_warnings() -> None:
    problems: list[tuple[str, str]] = []
    op = {"x-sdk-idempotency": {"in": "query"}, "x-sdk-pagination": {"style": "cursor"}}
    ext = operation_extensions(op, "#/paths/~1x/get", lambda p, m: problems.append((p, m)))
    assert ext.idempotency is None and ext.pagination is None
    assert [p for p, _ in problems] == [
        "#/paths/~1x/get/x-sdk-idempotency",
        "#/paths/~1x/get/x-sdk-pagination",
    ]


def test_one_walk_covers_every_method_and_skips_extensions() -> None:
    doc = {
        "paths": {
            "/a": {method: {"responses": {}} for method in HTTP_METHODS},
            "x-note": "not a path item",
        }
    }
    sites = list(walk_operations(doc, lambda node: node))
    assert [s.method for s in sites] == list(HTTP_METHODS)
    assert {"head", "options", "trace"} <= {s.method for s in sites}
    assert sites[0].pointer == "#/paths/~1a/get"


def test_nothing_reads_annotation_text_to_learn_a_kind() -> None:
    sniffing = re.compile(
        r"annotation\.startswith|annotation\[|\"STREAM\"|startswith\(\"(List|Optional|Dict)\["
    )
    sources = [*(ROOT / "generator").rglob("*.py"), *(ROOT / "templates").glob("*.j2")]
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sources
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if sniffing.search(line)
    ]
    assert offenders == []


def test_x_sdk_keys_are_read_in_the_two_extension_modules() -> None:
    # Operation keys (extensions.py) and document keys, on info, the root and security schemes
    # (document_extensions.py): a quoted key anywhere else in the generator is a second reader.
    # Pointers ("#/info/x-sdk-modules") and messages ("x-sdk-pagination needs ...") are not.
    # The runtime (copied into packages, never given the spec) names only wire headers
    # (``x-sdk-retry-count``): it cannot read a spec key, so it is not searched.
    keys = re.compile(r"[\"']x-sdk-[a-z-]+[\"']")
    runtime = ROOT / "generator" / "runtime"
    readers = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "generator").rglob("*.py")
        if runtime not in path.parents
        and keys.search(re.sub(r"join_pointer\([^)]*\)", "", path.read_text(encoding="utf-8")))
    }
    assert readers == {"generator/ir/extensions.py", "generator/ir/document_extensions.py"}
    document_keys = {
        "x-sdk-package", "x-sdk-distribution", "x-sdk-client", "x-sdk-error",
        "x-sdk-errors-module", "x-sdk-error-aliases", "x-sdk-env-prefix", "x-sdk-timeout",
        "x-sdk-max-retries", "x-sdk-mock-port", "x-sdk-modules", "x-sdk-extend", "x-sdk-errors",
        "x-sdk-rate-limit", "x-sdk-mock", "x-sdk-signing", "x-sdk-environment", "x-sdk-webhooks",
    }  # fmt: skip
    source = (ROOT / "generator/ir/document_extensions.py").read_text(encoding="utf-8")
    assert {k for k in document_keys if f'"{k}"' not in source} == set()
