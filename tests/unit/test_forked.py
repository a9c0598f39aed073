"""Rendering on two cores (generator/forked.py): same texts, same order, same errors.

A forked child renders every other item; these tests tell the child's work from the parent's by
the process id each item was computed in, so they check that the child really ran where forking
is allowed, and that anything it gets wrong is done again by the parent.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from generator import forked
from generator.forked import map_forked
from generator.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
TWO_CPUS = hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) > 1


def may_fork() -> bool:
    """Whether the child is allowed here: Linux, two CPUs, no other thread (a server fixture
    of another test module may be running one)."""
    return TWO_CPUS and sys.platform.startswith("linux") and threading.active_count() == 1


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "MIN_ITEMS", 4)
    monkeypatch.delenv("SDKGEN_PROCESSES", raising=False)


def tagged(item: int) -> str:
    """The item's text and the process that computed it."""
    return f"{item}:{'é☃' * (item % 3)}:{os.getpid()}"


def test_results_in_order_and_half_of_them_from_a_child() -> None:
    items = list(range(41))
    texts = map_forked(tagged, items)
    assert [t.rsplit(":", 1)[0] for t in texts] == [t.rsplit(":", 1)[0] for t in map(tagged, items)]
    makers = {int(t.rsplit(":", 1)[1]) for t in texts[1::2]}
    if may_fork():
        assert makers and os.getpid() not in makers  # the odd items came from the child
    else:
        assert makers == {os.getpid()}
    assert {int(t.rsplit(":", 1)[1]) for t in texts[0::2]} == {os.getpid()}


def test_too_few_items_or_switched_off_stay_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert {t.rsplit(":", 1)[1] for t in map_forked(tagged, [1, 2, 3])} == {str(os.getpid())}
    monkeypatch.setenv("SDKGEN_PROCESSES", "1")
    assert {t.rsplit(":", 1)[1] for t in map_forked(tagged, list(range(50)))} == {str(os.getpid())}


def test_a_failing_child_is_replaced_by_the_parent() -> None:
    parent = os.getpid()

    def fails_in_the_child(item: int) -> str:
        if os.getpid() != parent and item == 7:
            raise RuntimeError("only the child trips")
        return tagged(item)

    texts = map_forked(fails_in_the_child, list(range(20)))
    assert [int(t.split(":")[0]) for t in texts] == list(range(20))
    assert {int(t.rsplit(":", 1)[1]) for t in texts} == {parent}  # all redone here
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # and the child was reaped


def test_an_error_surfaces_in_the_parent_with_its_type() -> None:
    def broken(item: int) -> str:
        if item == 8:  # the parent's share (even items)
            raise KeyError("template trouble")
        return tagged(item)

    with pytest.raises(KeyError, match="template trouble"):
        map_forked(broken, list(range(20)))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)

    def broken_odd(item: int) -> str:
        if item == 9:  # the child's share: raised again when the parent redoes it
            raise KeyError("odd trouble")
        return tagged(item)

    with pytest.raises(KeyError, match="odd trouble"):
        map_forked(broken_odd, list(range(20)))


def test_a_package_renders_the_same_on_one_core_and_two(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ROOT / "specs" / "flowmaestro" / "openapi.yaml"
    together = build(spec).files
    monkeypatch.setenv("SDKGEN_PROCESSES", "1")
    alone = build(spec).files
    assert together == alone
    assert sum(1 for name in together if "/models/" in name) > 50  # split across the two
