"""OpenAPI 3.2 documents, and the 3.2 keywords tools already write into 3.1 ones.

openapi-spec-validator knows the 3.0 and 3.1 meta-schemas only. A 3.2 document is validated as
3.1 once the keywords 3.2 added are set aside, and so is a 3.1 document carrying them (FastAPI
writes ``itemSchema`` for its ``EventSourceResponse`` and JSON-lines endpoints into 3.1
documents). ``validation_view(document)`` is that view: the document with those keywords left
out, copied only along the way to each (the rest is shared, so JSON pointers and repairs stay
valid). What is set aside is read by the IR, not lost:

* root ``$self`` (the document's own URI);
* tag ``parent``, ``kind``, ``summary``;
* path item ``query`` (the QUERY method) and ``additionalOperations`` (other methods);
* parameter ``in: querystring`` (validated as ``query``);
* media type ``itemSchema`` (the schema of each item of a sequential media type: an event of
  ``text/event-stream``, a line of ``application/jsonl``...), components ``mediaTypes``;
* response ``summary``, discriminator ``defaultMapping``, server ``name``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["validation_view"]

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_DROPPED = {
    "root": ("$self",),
    "tag": ("parent", "kind", "summary"),
    "pathItem": ("query", "additionalOperations"),
    "media": ("itemSchema",),
    "response": ("summary",),
    "server": ("name",),
}


def _without(node: Any, keys: tuple[str, ...]) -> Any:
    if isinstance(node, dict) and any(k in node for k in keys):
        return {k: v for k, v in node.items() if k not in keys}
    return node


def _each_value(node: Any, change: Callable[[Any], Any]) -> Any:
    """``node`` (a map or a list) with ``change`` applied to each value; the same object when
    nothing changed."""
    if isinstance(node, dict):
        changed = {k: change(v) for k, v in node.items()}
        return node if all(changed[k] is v for k, v in node.items()) else changed
    if isinstance(node, list):
        items = [change(v) for v in node]
        return node if all(a is b for a, b in zip(items, node)) else items
    return node


def _at(node: Any, key: str, change: Callable[[Any], Any]) -> Any:
    if not isinstance(node, dict) or key not in node:
        return node
    value = change(node[key])
    return node if value is node[key] else {**node, key: value}


def _media_map(content: Any) -> Any:
    return _each_value(content, lambda m: _without(m, _DROPPED["media"]))


def _parameter(param: Any) -> Any:
    if isinstance(param, dict) and param.get("in") == "querystring":
        param = {**param, "in": "query"}
    return _at(param, "content", _media_map)


def _response(response: Any) -> Any:
    response = _without(response, _DROPPED["response"])
    return _at(response, "content", _media_map)


def _request_body(body: Any) -> Any:
    return _at(body, "content", _media_map)


def _operation(operation: Any) -> Any:
    operation = _at(operation, "parameters", lambda ps: _each_value(ps, _parameter))
    operation = _at(operation, "requestBody", _request_body)
    operation = _at(operation, "responses", lambda rs: _each_value(rs, _response))
    operation = _at(operation, "servers", lambda ss: _each_value(ss, _server))
    return _at(operation, "callbacks", lambda cs: _each_value(cs, _path_items))


def _server(server: Any) -> Any:
    return _without(server, _DROPPED["server"])


def _path_item(item: Any) -> Any:
    item = _without(item, _DROPPED["pathItem"])
    for method in _OPERATIONS:
        item = _at(item, method, _operation)
    item = _at(item, "parameters", lambda ps: _each_value(ps, _parameter))
    return _at(item, "servers", lambda ss: _each_value(ss, _server))


def _path_items(items: Any) -> Any:
    return _each_value(items, _path_item)


def _schema_keywords(schema: Any) -> Any:
    return _at(schema, "discriminator", lambda d: _without(d, ("defaultMapping",)))


def _components(components: Any) -> Any:
    components = _without(components, ("mediaTypes",))
    components = _at(components, "parameters", lambda ps: _each_value(ps, _parameter))
    components = _at(components, "responses", lambda rs: _each_value(rs, _response))
    components = _at(components, "requestBodies", lambda bs: _each_value(bs, _request_body))
    components = _at(components, "pathItems", _path_items)
    components = _at(components, "callbacks", lambda cs: _each_value(cs, _path_items))
    return _at(components, "schemas", lambda ss: _each_value(ss, _schema_keywords))


def validation_view(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` as the 3.1 validator can read it (see the module docstring)."""
    view: Any = _without(document, _DROPPED["root"])
    view = _at(view, "tags", lambda tags: _each_value(tags, lambda t: _without(t, _DROPPED["tag"])))
    view = _at(view, "servers", lambda ss: _each_value(ss, _server))
    view = _at(view, "paths", _path_items)
    view = _at(view, "webhooks", _path_items)
    view = _at(view, "components", _components)
    if view.get("openapi", "").startswith("3.2"):
        view = {**view, "openapi": "3.1.1"}
    return dict(view)
