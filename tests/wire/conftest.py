"""The package generated from the conformance matrix (tests/wire/matrix.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.packages import generate_and_import

MATRIX = Path(__file__).parent / "matrix.yaml"


@pytest.fixture(scope="session")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield generate_and_import(MATRIX, tmp_path_factory.mktemp("wire"), "wire_matrix")
