"""Polled resources in the mock: their status steps through ``x-sdk-polling``'s lifecycle.

A resource created through the mock starts at the lifecycle's first status and moves one status
per poll of its read operation (or one per ``step_seconds`` since it was created, when the mock
is given that), then settles on a success status with the outcome the read example shows. An
action whose example (or body) names a status moves the resource there at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Optional

from ._shapes import id_keys, json_copy, rebrand, success_example
from ._state import Resource, Store, get_path, set_path, stamp, unwrap

__all__ = ["act", "advance"]


def advance(
    resource: Resource, read: Mapping[str, Any], store: Store, *, clock: Callable[[], float],
    step_seconds: Optional[float], count: bool = True,
) -> None:  # fmt: skip
    """One poll of a resource still moving through its lifecycle (``read``: the operation that
    polls it). ``count``: this look counts as a poll (a read does; a view or action doesn't)."""
    if resource.settled:
        return
    polling = read["polling"]
    lifecycle = polling["lifecycle"]
    if step_seconds is not None:
        stage = int((clock() - resource.created) / max(step_seconds, 1e-9))
    else:
        stage = resource.polls
        resource.polls += count
    if stage < len(lifecycle):
        resource.data = set_path(resource.data, polling["field"], lifecycle[stage])
        return
    final = unwrap(success_example(read))
    status = get_path(final, polling["field"])
    if status not in polling["success"] and polling["success"]:
        status = polling["success"][0]
    if isinstance(final, dict):  # the outcome: what the example shows a finished one has
        # ...of its own: the example's id becomes this resource's in URLs and the like, and
        # what the client could have set (metadata...) stays as the client left it.
        example_id = next((str(final[k]) for k in id_keys(final)), "")
        for key, value in final.items():
            if key not in resource.inputs and resource.data.get(key) in (None, [], {}):
                resource.data[key] = rebrand(json_copy(value), example_id, resource.rid)
    resource.data = set_path(resource.data, polling["field"], status)
    stamp(resource.data, store.now(), created=False)
    resource.settled = True


def act(
    resource: Resource, polling: Mapping[str, Any], op: Mapping[str, Any], body: Any,
    store: Store, *, strict: bool,
) -> Optional[str]:  # fmt: skip
    """Apply the action ``op``: its example (or ``body``) naming a status moves the resource
    there. Returns why it can't (a terminal resource in another status), else None."""
    field = polling["field"]
    target = get_path(unwrap(success_example(op)), field)
    sent = body if isinstance(body, dict) else {}
    target = sent.get(field, target) if "." not in field else target
    if target is None:
        return None
    current = get_path(resource.data, field)
    terminal = set(polling["success"]) | set(polling["failure"])
    # The documentation's example resources take any documented action unless strict:
    # its examples wait for a run to finish and then cancel that same run.
    lenient = resource.seeded and not strict
    if current in terminal and current != target and not lenient:
        return f"the resource is already {current}"
    resource.data = set_path(resource.data, field, target)
    resource.settled = True
    stamp(resource.data, store.now(), created=False)
    return None
