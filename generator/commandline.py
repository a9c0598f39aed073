"""sdkgen's command line: the argparse grammar of its commands, their options and help.

The commands themselves are ``generator/__main__.py``'s; this module only describes them, so
that ``--help`` answers without importing the pipeline.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Callable, Optional

__all__ = ["PROG", "Command", "grammar"]

PROG = "sdkgen"

# A subcommand: given the parsed arguments, returns the exit code.
Command = Callable[..., int]

_STRICT_HELP = (
    "refuse specs with recoverable defects (a mistyped or out-of-enum default, duplicate enum "
    "values, a path template disagreeing with its parameters) instead of warning and "
    "generating with the documented fallback"
)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions keep their line breaks (examples, exit codes)."""


def grammar(
    commands: Mapping[str, Command], doc: str, mock_options: Optional[argparse.ArgumentParser]
) -> argparse.ArgumentParser:
    """The command line: each subcommand runs ``commands[its name]``; ``doc`` is the program's
    description (its first line, then all but its second paragraph). ``mock_options``: the
    mock server's own parser, whose options ``mock`` takes, or ``None`` (building it imports
    the simulation and httpx)."""
    lines = doc.split("\n", 1)
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=lines[0] + "\n" + lines[1].split("\n\n", 1)[1] if len(lines) > 1 else lines[0],
        formatter_class=_Formatter,
        epilog=f"`{PROG} COMMAND --help` describes each command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    public = "generate,check,diff,mock,init"
    sub = parser.add_subparsers(dest="command", required=True, metavar="{" + public + "}")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--config",
            metavar="FILE",
            help="the config file (default: the nearest "
            "sdkgen.toml, or pyproject.toml with [tool.sdkgen])",
        )

    gen = sub.add_parser(
        "generate",
        help="write SDKs: one spec, or every sdk of the config",
        formatter_class=_Formatter,
        description="Generate a Python SDK project (pyproject.toml, README.md, src/PKG/).\n\n"
        f"  {PROG} generate openapi.yaml -o sdk/ [--name petstore]\n"
        f"  {PROG} generate                 every sdk in the config\n"
        f"  {PROG} generate NAME...         those sdks of the config\n\n"
        "Only files sdkgen wrote before (listed in OUTPUT/.sdkgen-manifest.json) are\n"
        "replaced or removed; a non-empty directory it did not create is refused.",
    )
    gen.add_argument(
        "targets",
        nargs="*",
        metavar="SPEC|NAME",
        help="a spec file (YAML or JSON), or names of the config's sdks",
    )
    gen.add_argument("--spec", help=argparse.SUPPRESS)  # the older spelling of SPEC
    gen.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="the SDK project's directory (with SPEC; default ./generated/PKG)",
    )
    gen.add_argument(
        "--name",
        metavar="PKG",
        help="import name (with SPEC; default: x-sdk-package, else from the title)",
    )
    gen.add_argument(
        "--force",
        action="store_true",
        help="write into a directory sdkgen did not create, over files in the way",
    )
    gen.add_argument(
        "--templates", metavar="DIR", help="templates overriding the built-in ones by file name"
    )
    gen.add_argument(
        "--tests",
        action="store_true",
        help="also write tests/: a pytest module calling every operation in mock mode, sync "
        "and async (config: tests = true)",
    )
    gen.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    gen.add_argument("-v", "--verbose", action="store_true", help="list every warning")
    gen.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    common(gen)
    gen.set_defaults(run=commands["generate"])

    check = sub.add_parser(
        "check",
        help="fail (exit 1) when a spec is invalid or its SDK is stale",
        formatter_class=_Formatter,
        description="Validate specs and compare their SDKs with a fresh generation.\n\n"
        f"  {PROG} check                    every sdk in the config\n"
        f"  {PROG} check openapi.yaml       validate one spec\n"
        f"  {PROG} check openapi.yaml -o sdk/   ... and compare sdk/ with it\n\n"
        "Exit 0: valid and current; 1: stale, missing or extra files (listed); 2: invalid.",
    )
    check.add_argument(
        "targets",
        nargs="*",
        metavar="SPEC|NAME",
        help="a spec file, or names of the config's sdks (default: all)",
    )
    check.add_argument("-o", "--output", metavar="DIR", help="the SDK to compare (with SPEC)")
    check.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    check.add_argument("--name", metavar="PKG", help="import name (with SPEC)")
    check.add_argument("--tests", action="store_true", help="the SDK was generated with --tests")
    common(check)
    check.set_defaults(run=commands["check"])

    diff = sub.add_parser(
        "diff",
        help="changes between two versions of a spec (exit 1 if breaking)",
        formatter_class=_Formatter,
        description=f"  {PROG} diff OLD NEW\n  {PROG} diff --base origin/main SPEC...\n\n"
        "Report what a client could notice between OLD and NEW, on the wire (direction-aware\n"
        "schema, parameter, response, header, media type and security checks) and in the\n"
        "generated SDK (renamed methods, moved namespaces, changed arguments): each change\n"
        "breaking, warning or info, with a rule id and location.\n\n"
        "Exit 0: nothing at --fail-on or worse; 1: something is; 2: bad input.",
    )
    diff.add_argument(
        "specs",
        nargs="+",
        metavar="SPEC",
        help="OLD NEW: the previous and the new spec; with --base, the specs to compare",
    )
    diff.add_argument(
        "--base",
        metavar="REF",
        help="compare each SPEC with its version at this git ref (env SDKGEN_DIFF_BASE); "
        "files that are not OpenAPI documents, or new since REF, are skipped",
    )
    diff.add_argument("--json", action="store_true", help="a JSON list (same as --format json)")
    diff.add_argument(
        "--format",
        choices=["text", "json", "markdown", "github"],
        default="text",
        help="text (default); json; markdown (a pull-request comment); github (Actions "
        "annotations)",
    )
    diff.add_argument(
        "--fail-on",
        choices=["breaking", "warning", "info", "never"],
        default="breaking",
        help="exit 1 from this level (default breaking)",
    )
    diff.add_argument(
        "--ignore", metavar="FILE", help="YAML list of accepted changes: {id, location, reason}"
    )
    diff.add_argument("--wire-only", action="store_true", help="leave out the SDK surface")
    diff.set_defaults(run=commands["diff"])

    mock = sub.add_parser(
        "mock",
        help="serve a spec's stateful mock over HTTP on 127.0.0.1",
        parents=[mock_options] if mock_options is not None else [],
        add_help=mock_options is None,  # else the server's parser brings -h
        formatter_class=_Formatter,
        description="Serve the mock of a spec (or of a config sdk) on 127.0.0.1; the first "
        "line printed\nis the base URL to give a client. A port in use is an error (exit 2).",
    )
    mock.add_argument("target", metavar="SPEC|NAME", help="a spec file, or a config sdk's name")
    common(mock)
    mock.set_defaults(run=commands["mock"])

    init = sub.add_parser(
        "init",
        help="write an sdkgen.toml for a spec",
        description="Write sdkgen.toml (or --config FILE): one [[sdk]] entry to edit.",
    )
    init.add_argument("--spec", help="the spec path (default: openapi.yaml/.yml/.json here)")
    init.add_argument("-o", "--output", metavar="DIR", help="the SDK directory (default: sdk)")
    init.add_argument("--name", metavar="PKG", help="the package's import name")
    common(init)
    init.set_defaults(run=commands["init"])

    # Maintenance of this repository: rewrites the runtime's derived sync modules. Not listed.
    sub.add_parser("unasync").set_defaults(run=commands["unasync"])
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("sdkgen")
    except Exception:  # a checkout that was never installed
        return "(source checkout)"
