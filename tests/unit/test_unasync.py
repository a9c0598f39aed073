"""The unasync rule table: the committed sync twin is current, and drift is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import unasync

SOURCE = unasync.RUNTIME / "_async_http.py"
TWIN = unasync.RUNTIME / "_sync_http.py"
HEADER = "# Generated from _async_http.py by generator/unasync.py; do not edit.\n"


@pytest.fixture
def runtime_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the async source and its twin, used in place of generator/runtime."""
    for name in ("_async_http.py", "_sync_http.py"):
        shutil.copy(unasync.RUNTIME / name, tmp_path / name)
    monkeypatch.setattr(unasync, "RUNTIME", tmp_path)
    return tmp_path


def test_committed_twin_is_current() -> None:
    assert unasync.stale_twins() == []


def test_committed_twin_equals_render() -> None:
    assert TWIN.read_text(encoding="utf-8") == unasync.render_twin(
        SOURCE.read_text(encoding="utf-8")
    )


def test_render_twin_has_no_async_spelling_left() -> None:
    twin = unasync.render_twin(SOURCE.read_text(encoding="utf-8"))
    assert twin.startswith(HEADER)
    for word in ("await ", "async def", "AsyncAPIClient", "AsyncStream", "aiter_sse", "anyio"):
        assert word not in twin, word
    assert "class SyncAPIClient:" in twin and "class Stream(Generic[T]):" in twin
    compile(twin, "_sync_http.py", "exec")


def test_render_twin_records_every_rule_used() -> None:
    used: set[int] = set()
    unasync.render_twin(SOURCE.read_text(encoding="utf-8"), used)
    assert used == set(range(len(unasync.RULES)))


def test_render_follows_source_changes() -> None:
    source = SOURCE.read_text(encoding="utf-8")
    changed = source.replace(
        "await self._http.aclose()", "await self._http.aclose()  # closed here"
    )
    assert changed != source
    twin = unasync.render_twin(changed)
    assert twin != unasync.render_twin(source)
    assert "self._http.close()  # closed here" in twin


def test_render_applies_rules_in_memory() -> None:
    text = "async def f(c: httpx.AsyncClient) -> None:\n    await c.aclose()\n"
    assert unasync.render_twin(text) == HEADER + "def f(c: httpx.Client) -> None:\n    c.close()\n"


def test_unused_rule_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    dead = (r"\bNoSuchAsyncThing\b", "NoSuchThing")
    monkeypatch.setattr(unasync, "RULES", (*unasync.RULES, dead))
    problems = unasync.stale_twins()
    assert problems == [f"unasync rule {dead[0]!r} matches nothing"]


def test_stale_twin_is_reported(runtime_copy: Path) -> None:
    twin = runtime_copy / "_sync_http.py"
    twin.write_text(twin.read_text(encoding="utf-8") + "\n# edited by hand\n", encoding="utf-8")
    assert unasync.stale_twins() == [
        "generator/runtime/_sync_http.py is stale: run `python -m generator unasync`"
    ]


def test_missing_twin_is_reported(runtime_copy: Path) -> None:
    (runtime_copy / "_sync_http.py").unlink()
    assert len(unasync.stale_twins()) == 1


def test_edited_source_makes_twin_stale(runtime_copy: Path) -> None:
    source = runtime_copy / "_async_http.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# new line\n", encoding="utf-8")
    assert "is stale" in unasync.stale_twins()[0]


def test_write_twins_writes_what_render_produces(runtime_copy: Path) -> None:
    source = runtime_copy / "_async_http.py"
    twin = runtime_copy / "_sync_http.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# new line\n", encoding="utf-8")
    twin.write_text("stale", encoding="utf-8")
    unasync.write_twins()
    assert twin.read_text(encoding="utf-8") == unasync.render_twin(
        source.read_text(encoding="utf-8")
    )
    assert twin.read_text(encoding="utf-8").endswith("\n# new line\n")
    assert unasync.stale_twins() == []
