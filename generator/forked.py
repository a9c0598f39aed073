"""Rendering thousands of modules on two cores: half of them in a forked child process.

Rendering is pure Python, so threads would take turns; a forked child starts with the parent's
whole state (the IR, the compiled templates) without copying or pickling it, renders every
other item and hands the texts back through an anonymous temporary file. GitHub's spec
(7,000 modules) renders in a little over half the time on two cores.

It is used only where forking is safe and pays: on Linux (macOS and Windows start processes
without ``fork``), with a second CPU available, no other thread running in the process (a
forked child inherits locks a thread may hold), and enough items to outweigh the fork. Anything
else, or ``SDKGEN_PROCESSES=1``, renders in-process. If the child fails in any way, the parent
renders the child's items itself, so an error surfaces in the parent exactly as it would
without the child (a template error keeps its type and location).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import BinaryIO, Optional, TypeVar

__all__ = ["MIN_ITEMS", "map_forked"]

T = TypeVar("T")

MIN_ITEMS = 400  # below this, forking costs about what it saves
_LENGTH = 8  # bytes of each text's length in the hand-over file


def map_forked(
    function: Callable[[T], str],
    items: Sequence[T],
    progress: Optional[Callable[[int], None]] = None,
) -> list[str]:
    """``[function(item) for item in items]``, every other item computed in a forked child
    when that is safe and pays (see the module docstring). ``progress`` hears the count of
    items done after each one the parent computes (the child's are counted alongside)."""
    if not _may_fork(len(items)):
        return _in_process(function, items, 0, 1, progress)
    with tempfile.TemporaryFile() as handover:
        pid = os.fork()
        if pid == 0:  # the child: its share, into the file, then gone without clean-up
            code = 1
            try:
                _write(handover, (function(item) for item in items[1::2]))
                code = 0
            finally:
                os._exit(code)
        try:
            ours = _in_process(function, items, 0, 2, progress)
        except BaseException:
            _stop(pid)
            raise
        _, status = os.waitpid(pid, 0)
        theirs = _read(handover, len(items[1::2])) if status == 0 else None
    if theirs is None:  # the child failed: its share again, here, where errors surface
        theirs = _in_process(function, items, 1, 2, None)
    merged = [""] * len(items)
    merged[0::2] = ours
    merged[1::2] = theirs
    return merged


def _may_fork(count: int) -> bool:
    if count < max(MIN_ITEMS, 2) or os.environ.get("SDKGEN_PROCESSES") == "1":
        return False
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False
    return len(os.sched_getaffinity(0)) > 1


def _in_process(
    function: Callable[[T], str],
    items: Sequence[T],
    start: int,
    step: int,
    progress: Optional[Callable[[int], None]],
) -> list[str]:
    done = []
    for item in items[start::step]:
        done.append(function(item))
        if progress is not None:
            progress(min(len(done) * step, len(items)))
    return done


def _write(handle: BinaryIO, texts: Iterable[str]) -> None:
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        handle.write(len(data).to_bytes(_LENGTH, "little"))
        handle.write(data)
    handle.flush()


def _read(handle: BinaryIO, count: int) -> Optional[list[str]]:
    """The child's texts, or None if the file holds fewer than ``count`` of them."""
    handle.seek(0)
    texts = []
    for _ in range(count):
        header = handle.read(_LENGTH)
        if len(header) < _LENGTH:
            return None
        size = int.from_bytes(header, "little")
        data = handle.read(size)
        if len(data) < size:
            return None
        texts.append(data.decode("utf-8", "surrogatepass"))
    return texts


def _stop(pid: int) -> None:
    """End the child (the parent is leaving with an error or an interrupt) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
