"""Golden cases: small focused specs and the package trees they must generate.

The runtime (``_runtime/``) and the mock (``_mock/``) are left out of the trees: they are copied
verbatim and tested where they live, so a change to them doesn't churn every golden tree.
"""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import build

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CASES = sorted(p.name for p in HERE.iterdir() if (p / "spec.yaml").is_file())
UPDATE_COMMAND = "make golden-update"


def render_case(case: str) -> dict[str, str]:
    """Relative path -> text of the tree ``case`` generates, runtime and mock excluded
    (unformatted)."""
    result = build(HERE / case / "spec.yaml", case, ROOT)
    copied = ("/_runtime/", "/_mock/")
    return {path: text for path, text in result.files.items() if not any(c in path for c in copied)}
