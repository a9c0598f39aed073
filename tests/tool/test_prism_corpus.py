"""``bench/prism_corpus.py`` sorts each call that did not round-trip into its class from what
Prism answered (its problem+json ``validation`` list or its ``sl-violations`` header) and what
the client raised; the classes decide whether a failure counts as ours or as Prism's/the spec's."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("prism_corpus", ROOT / "bench/prism_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["prism_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _problem(kind: str, status: int, *violations: tuple[list[str], str]) -> dict[str, Any]:
    return {
        "type": f"https://stoplight.io/prism/errors#{kind}",
        "status": status,
        "detail": "d",
        "validation": [{"location": loc, "message": msg} for loc, msg in violations],
    }


CASES = [
    (
        {"status": 422, "problem": _problem("UNPROCESSABLE_ENTITY", 422,
                                            (["query", "page"], "must be >= 1"))},
        "request-violation", "query.page: must be >= 1",
    ),
    (
        {"status": 400, "violations": json.dumps([{"location": ["request", "header"],
            "message": "Request header must have required property 'authorization'"}])},
        "prism-ignored-header", "Request header must have required property 'authorization'",
    ),
    (
        {"status": 500, "problem": _problem("VIOLATIONS", 500,
                                            (["response", "body", "id"], "must be string"))},
        "prism-invalid-answer", "response.body.id: must be string",
    ),
    (
        {"status": 401, "problem": _problem("UNAUTHORIZED", 401)},
        "security", "d",
    ),
    (
        {"status": 404, "problem": _problem("NO_PATH_MATCHED_ERROR", 404), "request": "GET /x"},
        "no-route", "NO_PATH_MATCHED_ERROR: GET /x",
    ),
    (
        {"status": 200, "exception": "APIResponseValidationError", "message": "bad"},
        "decode-error", "APIResponseValidationError: bad",
    ),
    (
        {"exception": "InvalidArgumentError", "message": "id: must match the pattern '[0-9]+'"},
        "sample-rejected", "id: must match the pattern '[0-9]+'",
    ),
    (
        {"exception": "TypeError", "message": "boom"},
        "client-exception", "TypeError: boom",
    ),
    (
        {"exception": "APIConnectionError", "message": "refused", "connection": True},
        "prism-crashed", "refused",
    ),
    (
        {"status": 422, "request_headers": {"content-type": "multipart/form-data; boundary=b"},
         "problem": _problem("UNPROCESSABLE_ENTITY", 422,
                             (["body", "files"], "Request body property files must be array"))},
        "prism-multipart-array", "Request body property files must be array",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("result", "kind", "detail"), CASES, ids=[c[1] for c in CASES])
def test_classify(bench: ModuleType, result: dict[str, Any], kind: str, detail: str) -> None:
    assert bench.classify(result, []) == (kind, detail)


def test_no_sample_and_the_summary(bench: ModuleType) -> None:
    assert bench.classify({"exception": "X", "message": "m"}, ["id"])[0] == "sample-impossible"
    calls = [
        {"ok": True, "operation": "GET /a"},
        {"ok": False, "operation": "GET /b", "class": "no-route", "detail": "x"},
        {"ok": False, "operation": "GET /c", "class": "request-violation", "detail": "y"},
    ]
    reports = [{"spec": "s", "outcome": "served", "operations": 3, "round_trips": 1,
                "calls": calls}]  # fmt: skip
    text = bench.summary(reports, 1.0)
    assert text.startswith("1 of 3 operations round-trip (33.3%) on 1 specs")
    assert "of them Prism's own or the spec's" in text and "): 1; the generator's" in text
