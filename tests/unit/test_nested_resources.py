"""Namespaces from dotted ``x-sdk-resource`` values and from tag ``parent`` chains (OpenAPI
3.2 tag objects), as the IR names them."""

from __future__ import annotations

from generator.ir.build import _resource_attr, _tag_parents
from generator.ir.extensions import OperationExtensions


def test_dotted_x_sdk_resource_is_a_path_of_attributes() -> None:
    ext = OperationExtensions(resource="Beta.Threads.messageParts")
    assert _resource_attr({}, ext, {}) == "beta.threads.message_parts"
    assert _resource_attr({}, OperationExtensions(resource=""), {}) == ""


def test_tag_parents_nest_the_first_tag() -> None:
    doc = {
        "tags": [
            {"name": "Messages", "parent": "Threads"},
            {"name": "Threads", "parent": "Beta"},
            {"name": "Beta"},
            {"name": "Loop", "parent": "Loop"},  # a cycle stops, it does not hang
        ]
    }
    parents = _tag_parents(doc)
    assert _resource_attr({"tags": ["Messages"]}, OperationExtensions(), parents) == (
        "beta.threads.messages"
    )
    assert _resource_attr({"tags": ["Loop"]}, OperationExtensions(), parents) == "loop"
    assert _resource_attr({}, OperationExtensions(), parents) == "default"
