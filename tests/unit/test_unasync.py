"""The unasync rule table: the committed sync twin is current, and drift is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import unasync

SOURCE = unasync.RUNTIME / "_async_http.py"
TWIN = unasync.RUNTIME / "_sync_http.py"
HEADER = unasync.render_twin("")  # the do-not-edit line every twin starts with


@pytest.fixture
def runtime_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of generator/runtime, used in its place."""
    copy = tmp_path / "runtime"
    shutil.copytree(unasync.RUNTIME, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(unasync, "RUNTIME", copy)
    return copy


def test_committed_twin_is_current() -> None:
    assert unasync.stale_twins() == []


@pytest.mark.parametrize(("source", "twin"), unasync.PAIRS)
def test_committed_twin_equals_render(source: str, twin: str) -> None:
    rendered = unasync.render_twin((unasync.RUNTIME / source).read_text(encoding="utf-8"))
    assert (unasync.RUNTIME / twin).read_text(encoding="utf-8") == rendered


@pytest.mark.parametrize(("source", "twin"), unasync.PAIRS)
def test_render_twin_has_no_async_spelling_left(source: str, twin: str) -> None:
    text = unasync.render_twin((unasync.RUNTIME / source).read_text(encoding="utf-8"))
    assert text.startswith(HEADER)
    for word in ("await ", "async def", "async for", "aiter_sse", "anyio", "Awaitable"):
        assert word not in text, word
    compile(text, twin, "exec")


def test_http_twin_names() -> None:
    twin = unasync.render_twin(SOURCE.read_text(encoding="utf-8"))
    assert "class SyncAPIClient:" in twin and "class Stream(Generic[T]):" in twin
    assert "AsyncAPIClient" not in twin and "AsyncStream" not in twin


def test_every_rule_is_used_by_some_source() -> None:
    used: set[int] = set()
    for source, _ in unasync.PAIRS:
        unasync.render_twin((unasync.RUNTIME / source).read_text(encoding="utf-8"), used)
    for path in unasync.lib_sources():
        unasync.render_lib_twin(path.read_text(encoding="utf-8"), path.name, used)
    assert used == set(range(len(unasync.RULES)))


def test_lib_twins_come_from_the_same_rules() -> None:
    """One table: a lib twin is a runtime twin of the same text under another header."""
    assert unasync.lib_sources()
    for path in unasync.lib_sources():
        text = path.read_text(encoding="utf-8")
        lib = unasync.render_lib_twin(text, "origin").partition("\n")[2]
        assert lib == unasync.render_twin(text).partition("\n")[2]
        compile(lib, path.name, "exec")


def test_no_rule_names_a_sentence_or_a_line() -> None:
    """Generic rules only: none spans a line break or a phrase (at most one space: a keyword
    and what follows it, or a name in a list)."""
    for pattern, _ in unasync.RULES:
        assert "\\n" not in pattern and pattern.count(" ") <= 1, pattern


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
