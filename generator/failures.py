"""A bug of ours meeting an unusual spec still ends as a located message, never a traceback.

``internal_failures_located(locate)`` turns any exception but ``SpecError`` raised inside it
into a ``SpecError`` (exit 2) naming the spec node being worked on: the innermost frame of the
traceback holding a local ``pointer`` (every IR builder names the node it builds so) says
where. Nothing is computed unless something failed, so the success path pays nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Optional

from .errors import Location, Problem, SpecError

__all__ = ["failure_pointer", "internal_failures_located"]

_MAX = 300


def failure_pointer(traceback: Optional[TracebackType]) -> str:
    """The JSON pointer named ``pointer`` in the innermost frame that has one, else ``#``."""
    found = "#"
    while traceback is not None:
        value = traceback.tb_frame.f_locals.get("pointer")
        if isinstance(value, str) and value.startswith("#"):
            found = value
        traceback = traceback.tb_next
    return found


@contextmanager
def internal_failures_located(locate: Callable[[str], Location]) -> Iterator[None]:
    try:
        yield
    except SpecError:
        raise
    except RecursionError as exc:
        where = locate(failure_pointer(exc.__traceback__))
        message = "schemas nest or refer to each other too deeply to generate code for"
        raise SpecError([Problem(where, message)]) from None
    except Exception as exc:
        where = locate(failure_pointer(exc.__traceback__))
        message = f"internal error while generating (please report it): {exc!r}"[:_MAX]
        raise SpecError([Problem(where, message)]) from exc
