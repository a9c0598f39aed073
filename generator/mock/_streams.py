"""Event streams in the mock: a played sequence, not one stub event (sans-I/O).

``script(op, schemas)`` is what an operation's stream says, in order: its ``x-sdk-mock.stream``
(a list of events), else every example of its ``text/event-stream`` response (an example that is
a list is several events), else one event built from the event schema. ``play`` turns it into the
events of one request:

- **Tokens.** When the event schema is a discriminated union with a variant carrying a string
  ``token`` (or ``delta``), and the script has no such event, the longest text of the script's
  last event is split into words, each sent as a token event (after the union's ``...started``
  event when it has one), so a client printing tokens prints the whole text.
- **Per id.** Fields naming a path parameter (``thread_id``, ``taskId``...) take the request's
  values, and the example's id becomes the resource's wherever it appears.
- **Ending with the resource's state.** For a stream of a resource the mock holds (the
  collection of its ``x-sdk-mock.collection``, of its parent path, or of the read operation
  taking the same last path parameter), the stream watches the resource finish (it is moved to
  the end of its lifecycle) and ends with the union's event for that outcome: the success event
  with the resource's own values (``outputs``, ``result``...) for a success status, else the
  variant named after the status (``...failed``, ``...cancelled``, ``error``). No event before
  the last carries a final result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Optional

from ._data import sample
from ._shapes import id_keys, json_copy, rebrand
from ._state import Resource, get_path

__all__ = ["encode", "play", "script"]

_TOKEN_FIELDS = ("token", "delta")
_OUTCOMES = {"failure": ("failed", "failure", "error"), "cancel": ("cancelled", "canceled")}


def _deref(schema: Any, schemas: Mapping[str, Any]) -> dict[str, Any]:
    for _ in range(32):
        if isinstance(schema, dict) and "$ref" in schema:
            schema = schemas.get(schema["$ref"], {})
        else:
            break
    return schema if isinstance(schema, dict) else {}


def event_schema(response: Mapping[str, Any], schemas: Mapping[str, Any]) -> dict[str, Any]:
    """The schema of one event's JSON data: the response schema, or with OpenAPI 3.2's
    ``itemSchema`` the ``contentSchema`` (else the schema) of its ``data`` property."""
    schema = _deref(response.get("schema"), schemas)
    if response.get("item_schema"):
        data = _deref((schema.get("properties") or {}).get("data"), schemas)
        return _deref(data.get("contentSchema") or data, schemas)
    return schema


def variants(schema: Mapping[str, Any], schemas: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """A discriminated union's variants by discriminator value ({} when not one)."""
    discriminator = schema.get("discriminator") or {}
    field = str(discriminator.get("propertyName") or "")
    found: dict[str, dict[str, Any]] = {}
    for option in schema.get("oneOf") or schema.get("anyOf") or ():
        resolved = _deref(option, schemas)
        prop = _deref((resolved.get("properties") or {}).get(field), schemas)
        values = prop.get("enum") or ([prop["const"]] if "const" in prop else [])
        named = [k for k, v in (discriminator.get("mapping") or {}).items()
                 if isinstance(option, dict) and v == option.get("$ref")]  # fmt: skip
        for value in [*named, *values][:1]:
            found[str(value)] = resolved
    return found


def script(
    op: Mapping[str, Any], response: Mapping[str, Any], schemas: Mapping[str, Any]
) -> list[Any]:
    """The operation's events in order: ``x-sdk-mock.stream``, else every example (a list
    example is several events), else one event built from the event schema."""
    given = (op.get("mock") or {}).get("stream")
    if isinstance(given, list) and given:
        return json_copy(given)
    events: list[Any] = []
    for example in response.get("examples") or (
        [response["example"]] if response.get("example") is not None else []
    ):
        events += json_copy(example) if isinstance(example, list) else [json_copy(example)]
    return events or [sample(event_schema(response, schemas), schemas)]


def play(
    op: Mapping[str, Any], response: Mapping[str, Any], schemas: Mapping[str, Any],
    values: Mapping[str, Any], resource: Optional[Resource], polling: Optional[Mapping[str, Any]],
    subject: str = "",
) -> list[Any]:  # fmt: skip
    """The events of one request: ``values`` the path values, ``resource`` the resource the
    stream is of (already at the end of its lifecycle) with its ``polling`` spec."""
    schema = event_schema(response, schemas)
    kinds = variants(schema, schemas)
    field = str((schema.get("discriminator") or {}).get("propertyName") or "type")
    events = script(op, response, schemas)
    last = events[-1] if events else None
    example_id = next((str(last[k]) for k in id_keys(last)), "") if isinstance(last, dict) else ""
    if resource is not None and polling is not None and kinds:
        events = _ending(events, resource, polling, kinds, field, schemas, subject)
    events = _tokens(events, kinds, field, schemas)
    own = resource.rid if resource is not None else ""
    out = []
    for event in events:
        if own and example_id:
            event = rebrand(event, example_id, own)
        if isinstance(event, dict):
            for name, value in values.items():
                if name in event:
                    event[name] = value
        out.append(event)
    return out


def _ending(
    events: list[Any], resource: Resource, polling: Mapping[str, Any],
    kinds: Mapping[str, dict[str, Any]], field: str, schemas: Mapping[str, Any], subject: str,
) -> list[Any]:  # fmt: skip
    """The script with its last event the one for the resource's outcome (``subject``: the
    collection, whose noun picks ``execution:completed`` over ``node:completed``), after the
    subject's ``...started`` event and one status event per status it went through."""
    status_field = str(polling["field"])
    status = str(get_path(resource.data, status_field))
    if status in polling["success"]:
        wanted: tuple[str, ...] = ("result", "completed", "succeeded", "success", "done")
    else:
        wanted = _OUTCOMES["cancel"] if "cancel" in status else _OUTCOMES["failure"]
    noun = subject.rstrip("/").rsplit("/", 1)[-1].rstrip("s").lower()

    def rank(kind: str) -> tuple[int, int]:
        hits = [i for i, w in enumerate(wanted) if w in kind.lower()]
        return (0 if noun and kind.lower().startswith(noun) else 1, min(hits))

    candidates = sorted((k for k in kinds if any(w in k.lower() for w in wanted)), key=rank)
    if not candidates:
        return events
    name = candidates[0]
    final = next((e for e in reversed(events) if isinstance(e, dict) and e.get(field) == name),
                 None)  # fmt: skip
    if final is None:
        final = sample(kinds[name], schemas)
        final[field] = name
    final = {k: json_copy(resource.data[k]) if k in resource.data and k not in (field, "id")
             and resource.data[k] is not None else v for k, v in final.items()}  # fmt: skip
    terminal = {
        k for k in kinds if any(w in k.lower() for group in _OUTCOMES.values() for w in group)
    }
    terminal |= {
        k for k in kinds if any(w in k.lower() for w in ("completed", "result", "succeeded"))
    }
    before = [e for e in events[:-1] if not (isinstance(e, dict) and e.get(field) in terminal)]
    shown = {e.get(field) for e in before if isinstance(e, dict)}
    opening = [
        k for k in kinds if k.lower().endswith("started") and k.split(":")[0] == name.split(":")[0]
    ]
    if opening and opening[0] not in shown:
        known = {**resource.data, **final}
        before.insert(0, _shaped(kinds[opening[0]], schemas, known, {field: opening[0]}))
    progress = next((k for k in kinds if k == status_field and k not in shown
                     and status_field in (kinds[k].get("properties") or {})), None)  # fmt: skip
    if progress is not None:  # one event per status the resource went through
        for step in [*polling["lifecycle"], status]:
            before.append(
                _shaped(kinds[progress], schemas, final, {field: progress, status_field: step})
            )
    return [*before, final]


def _tokens(
    events: list[Any], kinds: Mapping[str, dict[str, Any]], field: str, schemas: Mapping[str, Any]
) -> list[Any]:
    carrying = [(k, t) for k, v in kinds.items() for t in _TOKEN_FIELDS
                if t in (v.get("required") or ()) and t in (v.get("properties") or {})]  # fmt: skip
    token_kind = carrying[0] if carrying else None
    if token_kind is None or not events or not isinstance(events[-1], dict):
        return events
    kind, token_field = token_kind
    if any(isinstance(e, dict) and e.get(field) == kind for e in events):
        return events  # the script has its own tokens
    last = events[-1]
    text = max(_strings(last), key=len, default="")
    if not text:
        return events
    shared = {k: v for k, v in last.items() if k != field and isinstance(v, (str, int))}
    started = next((k for k in kinds if k.lower().endswith("started")), None)
    played = list(events[:-1])
    if started is not None and not any(
        isinstance(e, dict) and e.get(field) == started for e in played
    ):
        played.append(_shaped(kinds[started], schemas, shared, {field: started}))
    for piece in re.findall(r"\s*\S+", text):
        played.append(_shaped(kinds[kind], schemas, shared, {field: kind, token_field: piece}))
    return [*played, last]


def _shaped(
    schema: Mapping[str, Any],
    schemas: Mapping[str, Any],
    shared: Mapping[str, Any],
    fixed: Mapping[str, Any],
) -> dict[str, Any]:
    """An event of ``schema``: built from it, with the fields it shares with ``shared``."""
    built = sample(schema, schemas)
    event = built if isinstance(built, dict) else {}
    props = schema.get("properties") or {}
    event.update({k: v for k, v in shared.items() if k in props})
    event.update(fixed)
    return event


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def encode(events: list[Any], last_event_id: str = "", field: str = "type") -> bytes:
    """Server-sent events: ``id:`` the event's position (1, 2...), ``event:`` the discriminator
    value, ``data:`` the JSON. ``last_event_id``: a reconnecting client's ``Last-Event-ID``; the
    events up to it are not sent again (a played stream is the same on every request once its
    resource has finished, so positions name the same events)."""
    skip = int(last_event_id) if last_event_id.isdigit() else 0
    chunks = []
    for position, event in enumerate(events[skip:], start=skip + 1):
        name = event.get(field) if isinstance(event, dict) else None
        kind = f"event: {name}\n" if isinstance(name, str) else ""
        chunks.append(f"id: {position}\n{kind}data: {json.dumps(event)}\n\n")
    return "".join(chunks).encode()
