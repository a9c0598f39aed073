"""``build`` pauses the cyclic garbage collector while it runs and leaves it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator import pipeline
from generator.pipeline import build

SPEC = Path(__file__).resolve().parents[2] / "specs" / "codevf" / "openapi.yaml"


@pytest.mark.parametrize("enabled", [True, False])
def test_build_restores_the_collector_state(enabled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    original = pipeline.render_package
    monkeypatch.setattr(
        pipeline, "render_package", lambda *a: seen.append(gc.isenabled()) or original(*a)
    )
    (gc.enable if enabled else gc.disable)()
    try:
        generated = build(SPEC)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False]
    assert generated.files


def test_build_restores_the_collector_after_a_failure(tmp_path: Path) -> None:
    bad = tmp_path / "openapi.yaml"
    bad.write_text("openapi: 3.0.3\ninfo: {}\npaths: {}\n", encoding="utf-8")
    with pytest.raises(Exception, match="version"):
        build(bad)
    assert gc.isenabled()
