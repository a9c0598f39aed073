"""The names each generated module uses, from the IR's structure, as its import block.

Each IR noun says which names its code spells (``TypeRef.annotation_names``, ``Param.names``,
``Operation.names``...); here they are gathered per module and turned into import lines with
``imports.import_block``: table names from the runtime, typing and httpx; definition names
(models, enums, unions and their ``decode_`` functions) from the ``models/`` module that
defines them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .definitions import ModelModule
from .imports import import_block
from .model import Resource
from .webhooks import Webhooks

__all__ = ["model_module_imports", "resource_imports", "webhooks_imports"]

_DECODER = "decode_"


def _split(
    names: Iterable[str], module_of: dict[str, str], own: str, package: str
) -> tuple[set[str], list[tuple[str, str]]]:
    """(table names, local imports) for ``names`` used in module ``own`` of ``models/``
    (``""``: a module outside it); ``package`` prefixes the module of a definition."""
    table: set[str] = set()
    local: list[tuple[str, str]] = []
    for name in names:
        definition = name[len(_DECODER) :] if name.startswith(_DECODER) else name
        module = module_of.get(definition)
        if module is None:
            table.add(name)
        elif module != own:
            local.append((package + module, name))
    return table, local


def model_module_imports(module: ModelModule, module_of: dict[str, str]) -> str:
    """The import block of ``models/<module>.py``."""
    names: set[str] = set()
    for enum in module.enums:
        names.add("StrEnum" if enum.base == "str" else "IntEnum")
    if module.models:
        names |= {"attrs", "Model", "Mapping", "Any", "ClassVar"}
    for model in module.models:
        for f in model.fields:
            names |= f.names
    for union in module.unions:
        names |= union.names | {model for _, model in union.mapping}
    table, local = _split(names, module_of, module.module, ".")
    return import_block(table, depth=1, local=local)


def resource_imports(resource: Resource, module_of: dict[str, str], errors_module: str) -> str:
    """The import block of ``resources/<module>.py``."""
    # The raw/streaming properties, and the shells a namespace holds even without methods.
    names: set[str] = {"functools", "SyncAPIClient", "AsyncAPIClient"}
    for op in resource.operations:
        names |= op.names
    local_names = {"InvalidArgumentError", "ERRORS", "APIResponseValidationError"} & names
    table, local = _split(names - local_names, module_of, "", "models.")
    local += [(errors_module, n) for n in local_names]
    for _, cls, module in resource.children:  # nested namespaces, in sibling modules
        local += [(f"resources.{module}", cls), (f"resources.{module}", f"Async{cls}")]
    return import_block(table, depth=1, local=local)


def webhooks_imports(webhooks: Webhooks, module_of: dict[str, str], errors_module: str) -> str:
    """The import block of the package's webhooks module (beside ``_client.py``)."""
    table, local = _split(webhooks.names, module_of, "", "models.")
    local += [(errors_module, n) for n in ("InvalidWebhookError", "WebhookVerificationError")]
    return import_block(table, depth=0, local=local)
