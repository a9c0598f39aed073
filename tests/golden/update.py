"""Rewrite every golden tree from the current generator: ``python -m tests.golden.update``."""

from __future__ import annotations

import shutil

from generator.write import stage

from .cases import CASES, HERE, render_case


def main() -> None:
    for case in CASES:
        expected = HERE / case / "expected"
        shutil.rmtree(expected, ignore_errors=True)
        stage(render_case(case), expected)  # the manifest too: what a user gets
        print(f"updated tests/golden/{case}/expected")


if __name__ == "__main__":
    main()
