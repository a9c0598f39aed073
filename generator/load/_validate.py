"""openapi-spec-validator, run over the bundled document, with errors turned into Problems.

Contract of ``validate(document, version, locate, depth)``: returns ``(problems, defects,
crash)`` where ``problems`` holds every error the validator reported (each at the JSON pointer of
the failing node, with a short message), ``defects`` the errors that leave the meaning
recoverable (``_lenient``: a mistyped default, duplicate enum values, a path template and its
parameters disagreeing), not yet applied, and ``crash`` describes an exception the validator
raised part way through (None if it finished). It never raises and never fetches anything.

The library is used through subclasses of its 3.0/3.1 validators that change three things:

* keyword validators (operations, parameters, schemas...) report errors without a path; ours
  record the path of the node being checked on each error, so it can be located;
* ``iter_errors`` is the library's, minus its ``lru_cache`` keyed by the validator instance,
  which would keep every validated document alive for the life of the process;
* the schema validator's "already visited" registries are sets instead of lists: with lists
  the check is quadratic, about 8 s of the ~14 s the library spends on GitHub's REST spec.

Remote refs are never fetched: the resolver is given handlers that refuse every URL scheme
(the library's default handlers would download ``https://`` refs).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Optional

# The validator's schema backend: the pure-Python jsonschema one gives each error the path we
# turn into a file:line location and the inner cause we report; jsonschema-rs (picked by the
# library whenever it is installed, e.g. alongside schemathesis) reports only the outer oneOf.
os.environ.setdefault("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")

from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.exceptions import (
    DuplicateOperationIDError,
    OpenAPIValidationError,
    UnresolvableParameterError,
)

from generator.errors import Location, Problem
from generator.load._fast import is_clean
from generator.load._lenient import (
    Defect,
    default_defect,
    duplicate_defect,
    invalid_type_defect,
    operation_pointer,
    path_template_defects,
    unexpected_defect,
    unrequired_path_parameter,
)
from generator.load._pointer import canonical_tokens, tokens_to_pointer

__all__ = ["validate"]

# jsonschema's ValidationError; typed loosely since jsonschema ships no type stubs here.
_Error = Any

_PARTS = "_sdkgen_parts"  # path (SchemaPath parts) of the node a keyword validator checked
_NOTE = "_sdkgen_note"  # what was being checked, when the message alone does not say
_MAX_MESSAGE = 200
_EXTENSION_ONLY = re.compile(r"^'(.+)' does not match any of the regexes: '\^x-'$")


class _IdSet(set):  # type: ignore[type-arg]
    """A set that quacks like the lists the library registers visited ids in."""

    def append(self, item: Any) -> None:
        self.add(item)


class _Refused(Exception):
    pass


def _refuse(uri: str) -> Any:
    raise _Refused(f"remote $ref not fetched (no network access): {uri}")


class _NoFetch(Mapping[str, Callable[[str], Any]]):
    """Resolver handlers claiming every URL scheme, each refusing to fetch."""

    def __getitem__(self, scheme: str) -> Callable[[str], Any]:
        return _refuse

    def __contains__(self, scheme: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _instrument(cls: type[Any]) -> type[Any]:
    """Subclass of keyword validator ``cls`` that records where its errors are."""
    # A value validator checks the ``default`` of the schema it is given: point at the value.
    is_default = issubclass(cls, keywords.ValueValidator)
    note, suffix = ("default value ", ("default",)) if is_default else (None, ())

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[_Error]:
        node = next((a for a in args if isinstance(a, SchemaPath)), None)
        for error in cls.__call__(self, *args, **kwargs):
            if node is not None and getattr(error, _PARTS, None) is None:
                if not isinstance(error, OpenAPIValidationError):
                    # The library re-creates other errors as this type, losing our attributes.
                    error = OpenAPIValidationError.create_from(error)
                setattr(error, _PARTS, (*node.parts, *suffix))
                setattr(error, _NOTE, note)
            yield error

    namespace: dict[str, Any] = {"__call__": __call__}
    if issubclass(cls, (keywords.SchemaValidator, keywords.OperationValidator)):

        def __init__(self: Any, registry: Any) -> None:
            cls.__init__(self, registry)
            for name in ("visited_schema_ids", "meta_checked_schema_ids", "operation_ids_registry"):
                if isinstance(getattr(self, name, None), list):
                    setattr(self, name, _IdSet())

        namespace["__init__"] = __init__
    return type(cls.__name__, (cls,), namespace)


def _iter_errors(self: Any) -> Iterator[_Error]:
    yield from self.schema_validator.iter_errors(self.schema)
    yield from self.root_validator(self.schema_path)


def _validator_class(base: type[Any]) -> type[Any]:
    keyword_validators = {name: _instrument(cls) for name, cls in base.keyword_validators.items()}
    return type(
        f"Sdkgen{base.__name__}",
        (base,),
        {
            "resolver_handlers": _NoFetch(),
            "keyword_validators": keyword_validators,
            "iter_errors": _iter_errors,
        },
    )


_VALIDATORS = {
    "3.0": _validator_class(OpenAPIV30SpecValidator),
    "3.1": _validator_class(OpenAPIV31SpecValidator),
}


def _is_reference_branch(errors: list[_Error]) -> bool:
    """True if a oneOf branch failed only because the node is not a ``$ref``."""
    return all(e.validator == "required" and "$ref" in (e.validator_value or ()) for e in errors)


def _explain(error: _Error) -> tuple[_Error, list[str]]:
    """The most specific error(s) behind a ``oneOf``/``anyOf`` failure.

    The OpenAPI meta-schemas say "Reference or Schema" as a oneOf, so a bad schema reads
    "<whole schema> is not valid under any of the given schemas". When every branch but one
    failed only for lack of ``$ref``, the remaining branch's deepest errors say what is wrong.
    """
    messages = [error.message]
    for _ in range(16):
        if not error.context:
            break
        kept = _one_branch(error)
        if kept is None:
            break
        deepest = max(len(e.absolute_path) for e in kept)
        errors = [e for e in kept if len(e.absolute_path) == deepest]
        error, messages = errors[0], list(dict.fromkeys(e.message for e in errors))
        if len(errors) > 1:
            break
    return error, messages


def _truncate(message: str) -> str:
    message = " ".join(message.split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3].rstrip() + "..."
    return message


def _shorten(error: _Error, message: str) -> str:
    """One short line: no dump of a large instance, at most ~200 characters."""
    if _responses_without_status(error):
        keys = [str(k) for k in error.instance if not str(k).startswith("x-")]
        shown = ", ".join(repr(k) for k in keys[:5]) or "none"
        return _truncate(
            f"no response under a status code (100-599 or 1XX-5XX) or 'default'; keys: {shown}"
        )
    extension = _EXTENSION_ONLY.match(message)
    if extension:
        return f"unexpected field '{extension.group(1)}'"
    if len(message) > _MAX_MESSAGE:
        instance = repr(error.instance)
        if len(instance) > 40 and message.startswith(instance):
            message = "value" + message[len(instance) :]
    return _truncate(message)


def _responses_without_status(error: _Error) -> bool:
    """OpenAPI 3.1's meta-schema says a Responses object without a status code key as
    "'default' is a required property" (its if/then): say what is wrong instead."""
    return (
        error.validator == "required"
        and error.validator_value == ["default"]
        and isinstance(error.instance, dict)
        and "default" not in error.instance
        and bool(error.absolute_path)
        and str(error.absolute_path[-1]) == "responses"
    )


def _to_problem(error: _Error, document: Any, locate: Callable[[str], Location]) -> Problem:
    parts: tuple[Any, ...] | None = getattr(error, _PARTS, None)
    note: str | None = getattr(error, _NOTE, None)
    detail, messages = _explain(error)
    relative = [str(p) for p in detail.absolute_path]
    if parts is None:
        tokens, _ = canonical_tokens(document, relative)
    else:
        # A keyword validator's error: its own path is relative to the node checked.
        tokens, found = canonical_tokens(document, [*map(str, parts), *relative])
        if not found:
            tokens, _ = canonical_tokens(document, [str(p) for p in parts])
    message = "; ".join(_shorten(detail, m) for m in messages)
    return Problem(locate(tokens_to_pointer(tokens)), _truncate((note or "") + message))


def _ecma_only_regex(error: _Error) -> bool:
    """True if ``error`` is "not a 'regex'" only for syntax ECMA-262 accepts and Python's
    ``re`` does not (``\\p{L}``, ``\\z``, ``[\\w-.]``...). OpenAPI patterns are ECMA-262,
    where an unknown escape stands for its letter (``\\x`` without two hex digits too, as in
    ``\\x{60}``); the validator compiles them with ``re``.
    Other regex errors (an unbalanced group, say) stay problems."""
    detail, _ = _explain(error)
    if detail.validator != "format" or detail.validator_value != "regex":
        return False
    pattern = detail.instance
    for _ in range(200):
        if not isinstance(pattern, str):
            return False
        try:
            re.compile(pattern)
            return True
        except re.error as exc:
            if exc.pos is None:
                return False
            if exc.msg.startswith(("bad escape", "incomplete escape \\x", "incomplete escape \\u")):
                # `\x{60}` (PCRE's and Java's spelling): ECMA-262 reads `\x` not followed by
                # two hex digits as the letter x.
                pattern = pattern[: exc.pos] + "x" + pattern[exc.pos + 2 :]
            elif exc.msg.startswith("bad character range") and "\\" in exc.msg:
                # `[\w-.]`: ECMA-262 reads a range with a class escape as a literal `-`.
                dash = pattern.find("-", exc.pos + 1)
                if dash < 0:
                    return False
                pattern = pattern[:dash] + "\\-" + pattern[dash + 1 :]
            else:
                return False
        except (RecursionError, OverflowError):
            return False
    return False


def _defect(error: _Error, problem: Problem, document: Any) -> Defect | None:
    """The recoverable defect ``error`` reports, if it is one (see ``_lenient``)."""
    detail, _ = _explain(error)
    pointer = problem.location.pointer
    if getattr(error, _NOTE, None):  # a keyword validator checking a default value
        message = problem.message.removeprefix(getattr(error, _NOTE))
        return default_defect(document, pointer, message, str(detail.validator))
    if detail.validator == "uniqueItems":
        return duplicate_defect(document, pointer, problem.message)
    if _responses_without_status(detail):
        # As 3.0's meta-schema sees it: keys that are no status code are unexpected fields.
        keys = [str(k) for k in detail.instance if not str(k).startswith("x-")]
        if keys:
            shown = ", ".join(f"'{k}'" for k in keys)
            return unexpected_defect(pointer, f"{shown} is not a status code (a response key)")
    unrequired = unrequired_path_parameter(document, pointer)
    if unrequired is not None:  # the meta-schemas say so as "required" or an opaque oneOf
        return unrequired
    mistyped = invalid_type_defect(document, pointer)
    if mistyped is not None:
        return mistyped
    leaves = _leaves(error)
    if leaves and all(leaf.validator in _UNEXPECTED for leaf in leaves):
        names: list[str] = []
        for leaf in leaves:
            names += [a or b for a, b in _QUOTED.findall(leaf.message)]
        parts = getattr(error, _PARTS, None) or ()
        deepest = max(leaves, key=lambda leaf: len(leaf.absolute_path))
        tokens, _ = canonical_tokens(
            document, [*map(str, parts), *(str(t) for t in deepest.absolute_path)]
        )
        shown = ", ".join(f"'{n}'" for n in dict.fromkeys(names)) or "a field"
        return unexpected_defect(tokens_to_pointer(tokens), f"{shown} is not an OpenAPI field here")
    return None


_UNEXPECTED = ("additionalProperties", "unevaluatedProperties")
_QUOTED = re.compile(r"'([^']*)' (?:was|were) unexpected|^'([^']*)' does not match")


def _one_branch(error: _Error) -> Optional[list[_Error]]:
    """The errors of the one ``oneOf``/``anyOf`` branch of ``error`` left once the branches
    failing for lack of ``$ref`` are set aside; None when none or several are left."""
    branches: dict[Any, list[_Error]] = {}
    for sub in error.context:
        branch = sub.relative_schema_path[0] if sub.relative_schema_path else None
        branches.setdefault(branch, []).append(sub)
    kept = [errors for errors in branches.values() if not _is_reference_branch(errors)]
    return kept[0] if len(kept) == 1 else None


def _leaves(error: _Error) -> list[_Error]:
    """The innermost errors behind ``error``, following ``oneOf``/``anyOf`` branches only
    where one branch is left once those failing for lack of ``$ref`` are set aside; [] when
    the cause is ambiguous (then it is not a recoverable defect)."""
    if not error.context:
        return [error]
    kept = _one_branch(error)
    if kept is None:
        return []
    found: list[_Error] = []
    for sub in kept:
        inner = _leaves(sub)
        if not inner:
            return []
        found += inner
    return found


def validate(
    document: dict[str, Any],
    version: str,
    locate: Callable[[str], Location],
    depth: int | None = None,
) -> tuple[list[Problem], list[Defect], str | None]:
    """Problems openapi-spec-validator finds in ``document`` (see the module docstring).

    ``depth`` is the deepest nesting of the document's nodes, if known: a document the fast
    verdict (``_fast``) vouches for then has no problem; any other gets the detailed validator.
    """
    if depth is not None and is_clean(document, version, depth):
        return [], [], None
    problems: list[Problem] = []
    defects: dict[str, Defect] = {}  # by pointer: a default both mistyped and off its enum
    unresolved: set[str] = set()  # operations whose path parameters the library questions
    meta_checked: set[str] = set()  # pointers the meta-schema already reported on
    paths = document.get("paths")
    if isinstance(paths, dict) and any(str(k).startswith("x-") for k in paths):
        # The library walks a `paths` extension as if it were a path item and crashes
        # (KeyError) on a string value; extensions hold nothing it checks, so it is not shown
        # them. Pointers stay valid: no path key changes.
        kept = {k: v for k, v in paths.items() if not str(k).startswith("x-")}
        document = {**document, "paths": kept}
    try:
        validator = _VALIDATORS[version](document)
        for error in validator.iter_errors():
            if isinstance(error, DuplicateOperationIDError):
                continue  # reported by our own check, with both locations
            if _ecma_only_regex(error):
                continue
            parts = getattr(error, _PARTS, None)
            if isinstance(error, UnresolvableParameterError) and parts and len(parts) >= 3:
                # The library reads templates with str.format rules (`{id:}` is `id`); ours
                # match names literally, and say what they do about a mismatch.
                unresolved.add(operation_pointer(parts))
                continue
            problem = _to_problem(error, document, locate)
            defect = _defect(error, problem, document)
            if defect is not None:
                defects.setdefault(defect.pointer, defect)
                continue
            pointer = problem.location.pointer
            if getattr(error, _PARTS, None) is None:
                meta_checked.add(pointer)
            elif pointer in meta_checked:
                # The schema keyword validator re-checks what the meta-schema already
                # reported, in vaguer words ("... is not valid under any of the given schemas").
                continue
            problems.append(problem)
    except Exception as exc:  # includes RecursionError; the library is third-party code
        return problems, list(defects.values()), f"{type(exc).__name__}: {exc}"[:_MAX_MESSAGE]
    return problems, [*defects.values(), *path_template_defects(document, unresolved)], None
