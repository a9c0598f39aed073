"""Each golden spec generates exactly its committed tree."""

from __future__ import annotations

import pytest

from generator.pipeline import diff_trees

from .cases import CASES, HERE, UPDATE_COMMAND, render_case


@pytest.mark.parametrize("case", CASES)
def test_golden_tree(case: str) -> None:
    differences = diff_trees(render_case(case), HERE / case / "expected")
    assert not differences, (
        f"generated tree for {case} differs from tests/golden/{case}/expected:\n  "
        + "\n  ".join(differences)
        + f"\nIf the change is intended, run: {UPDATE_COMMAND}"
    )


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 2
