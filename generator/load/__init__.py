"""The spec loader: read a YAML/JSON OpenAPI 3.0/3.1 spec, bundle its ``$ref``s, validate it.

``load_spec(path)`` returns a ``Spec`` or raises ``generator.errors.SpecError`` listing every
problem found, each located by file, line and JSON pointer. See ``_load`` for the stages.
"""

from __future__ import annotations

from generator.load._load import load_spec
from generator.load._spec import Spec

__all__ = ["Spec", "load_spec"]
