"""Shared fixtures: generated packages built once per session from small focused specs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

from tests.support.packages import generate_and_import

GOLDEN = Path(__file__).parent / "golden"

# No per-example deadline: speed is the benchmarks' business, and a deadline only turns a busy
# machine into a failing property test.
settings.register_profile("sdkgen", deadline=None)
settings.load_profile("sdkgen")


@pytest.fixture(scope="session")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The package generated from tests/golden/features/spec.yaml."""
    yield generate_and_import(
        GOLDEN / "features" / "spec.yaml", tmp_path_factory.mktemp("gen"), "zoo"
    )


@pytest.fixture(scope="session")
def robust(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The package generated from tests/golden/robust/spec.yaml (hostile real-world shapes)."""
    yield generate_and_import(
        GOLDEN / "robust" / "spec.yaml", tmp_path_factory.mktemp("gen"), "robust"
    )
