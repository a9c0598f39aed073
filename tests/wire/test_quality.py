"""The packages generated from the conformance matrix and from the FastAPI app's own OpenAPI
document pass ruff (their own rules plus exact imports) and mypy --strict, serialisers and
sentinels included (``field=None`` type-checks exactly where the schema is nullable)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import generate
from tests.support.packages import exact_imports_problems
from tests.support.shop_app import APP

MATRIX = Path(__file__).parent / "matrix.yaml"

# Type-checked against the matrix package: None only where the schema says null.
USAGE = """
from wire_matrix import WireMatrixClient, NOT_GIVEN

client = WireMatrixClient()
client.body.patch(note=None)
client.body.patch(note=NOT_GIVEN, count=1)
client.body.create_article(title="t", secret="s", published=None)
client.body.create_article(title=None, secret="s")  # E: title is not nullable
"""


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("wire-quality")
    spec = out / "shop.json"
    spec.write_text(json.dumps(APP.openapi()))
    generate(MATRIX, out / "wire_matrix", "wire_matrix")
    generate(spec, out / "shop", "shop")
    return [out / "wire_matrix", out / "shop"]


def _mypy(package: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull,
         "--config-file", str(package / "pyproject.toml"), *targets],
        capture_output=True, text=True, cwd=package,
        env={**os.environ, "MYPYPATH": str(package / "src")},
    )  # fmt: skip


def test_ruff_and_exact_imports(packages: list[Path]) -> None:
    for package in packages:
        assert exact_imports_problems(package) == "", package.name


def test_mypy_strict(packages: list[Path]) -> None:
    for package in packages:
        result = _mypy(package, str(package / "src" / package.name))
        assert result.returncode == 0, f"{package.name}:\n{result.stdout}{result.stderr}"


def test_none_type_checks_exactly_where_the_schema_is_nullable(packages: list[Path]) -> None:
    usage = packages[0] / "usage.py"
    usage.write_text(USAGE)
    result = _mypy(packages[0], str(usage))
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    line = next(i for i, text in enumerate(USAGE.split("\n"), 1) if "title=None" in text)
    assert len(errors) == 1 and f"usage.py:{line}:" in errors[0], errors
    assert '"title"' in errors[0]
