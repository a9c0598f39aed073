"""docs/oasdiff-checks.md, the list of oasdiff's checks with the ``sdkgen diff`` id covering each
(or why none does), held to the code: every id it names is one our diff reports for a spec pair
of tests/support/diff_cases.py, so the list can't claim a check that is gone or misspelt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.diff_cases import emitted_rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "oasdiff-checks.md"
ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (error|warn|info) \| (`([a-z0-9-]+)`|—) \| (.*) \|$")


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            match = ROW.match(line)
            assert match, f"malformed row: {line}"
            rows.append((match[1], match[2], match[4] or "", match[5]))
    return rows


@pytest.fixture(scope="module")
def emitted() -> set[str]:
    return emitted_rules()


def test_every_covered_check_maps_to_an_id_our_diff_reports(emitted: set[str]) -> None:
    claimed = {ours for _, _, ours, _ in _rows() if ours}
    assert claimed, "no covered checks listed"
    assert sorted(claimed - emitted) == []


def test_every_check_not_covered_says_why_and_the_counts_add_up() -> None:
    rows = _rows()
    names = [oasdiff for oasdiff, _, _, _ in rows]
    assert len(names) == len(set(names)), "a check listed twice"
    for oasdiff, _, ours, note in rows:
        if not ours:
            assert note.startswith("not covered"), oasdiff
    text = DOC.read_text(encoding="utf-8")
    same = sum(1 for o, _, ours, _ in rows if ours == o)
    other = sum(1 for o, _, ours, _ in rows if ours and ours != o)
    summary = (
        f"Of its {len(rows)} checks,\n{same + other} are covered ({same} under the same id, "
        f"{other} under another) and {len(rows) - same - other} are not."
    )
    assert summary in text
    assert len(rows) > 400  # oasdiff documents several hundred


def test_the_readme_links_the_list() -> None:
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "docs/oasdiff-checks.md" in readme
