"""Agreement of ``generator diff`` with oasdiff on spec pairs derived from oasdiff's checker tests.

Run as ``.venv/bin/python bench/diff_agreement.py`` (``make diff-agreement``) with a local
mirror of github.com/oasdiff/oasdiff (``OASDIFF_REPO``, see bench/oasdiff_corpus.py). It is a
measurement, not a test of the suite: the mirror is not one of the registries CI reaches, and
nothing of oasdiff is committed here. It prints the confusion counts, recall and precision of
breaking-change detection (the wire view, ``surface=False``, which is what oasdiff compares),
and exits 1 below 95 % / 95 % or when a disagreement falls outside ``DISAGREE``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from oasdiff_corpus import derive_pairs, find_repo, lenient_spec, read_file  # noqa: E402

from generator.diff import diff_specs  # noqa: E402

TARGET = 0.95
# Pairs where this tool deliberately disagrees with oasdiff's label (see README).
DISAGREE = {
    "api_security_added",  # security added to an open operation: clients without credentials break
    "api_security_global_added",
    "api_security_updated",  # a scope added: tokens without it are refused
    "common_request_parameter_max_items_updated",  # maxItems lowered in a request: narrowing
    "request_body_default_value_changed",  # application/json dropped from the request body
    "request_property_any_of_ref_inline_enum",  # inline enum moved to a $ref: same values
}


def main() -> int:
    repo = find_repo()
    if repo is None:
        print("no oasdiff mirror: set OASDIFF_REPO to a git directory of oasdiff/oasdiff")
        return 2
    pairs = derive_pairs(repo)
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    unexpected = []
    with tempfile.TemporaryDirectory() as tmp:
        for pair in pairs:
            specs = []
            for index, name in enumerate((pair.base, pair.revision)):
                path = Path(tmp) / f"{index}.yaml"
                path.write_text(read_file(repo, name), encoding="utf-8")
                specs.append(lenient_spec(path))
            predicted = any(c.level == "breaking" for c in diff_specs(*specs, surface=False))
            actual = pair.label == "breaking"
            counts[("t" if predicted == actual else "f") + ("p" if predicted else "n")] += 1
            stem = Path(pair.base).stem.rsplit("_", 1)[0]
            if (
                predicted != actual
                and stem.replace("_revision", "").replace("_base", "") not in DISAGREE
            ):
                unexpected.append((pair.base, pair.revision, pair.label))
    recall = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    precision = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    print(f"{len(pairs)} pairs {counts}: recall {recall:.3f}, precision {precision:.3f}")
    for base, revision, label in unexpected:
        print(f"  unexpected: {base} -> {revision} (oasdiff: {label})")
    return 0 if recall >= TARGET and precision >= TARGET and not unexpected else 1


if __name__ == "__main__":
    raise SystemExit(main())
