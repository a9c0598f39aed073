"""openapi-python-client's own end-to-end test specs generate, import and pass mypy --strict.

The specs are the ``end_to_end_tests/`` directory of github.com/openapi-generators/
openapi-python-client at commit ``ee9a8c43`` (2026-08-09; the project ships them in no package:
neither its wheel nor its PyPI sdist holds them), pinned here by the SHA-256 of every file. They
are never committed. The test reads them from ``$SDKGEN_OPC_E2E`` (a directory holding those
files) or from ``.corpus-cache/openapi-python-client-ee9a8c43/end_to_end_tests/``::

    git clone https://github.com/openapi-generators/openapi-python-client /tmp/opc
    mkdir -p .corpus-cache/openapi-python-client-ee9a8c43
    git -C /tmp/opc archive ee9a8c435b92e7425a0b68be2d42bae977bf7526 end_to_end_tests \\
        | tar -x -C .corpus-cache/openapi-python-client-ee9a8c43

No registry the project installs from carries them, so CI (which reaches only the package
registries) cannot have them: these tests are marked ``external``, left out of ``make test``
(``-m "not external"``) and run by ``make opc-e2e``, where missing files are a failure, not a
skip. The defects these
specs carry on purpose are covered by the suite's own minimal specs (``tests/unit/test_lenient.py``,
``tests/unit/test_recursion.py``).

- the five specs of the end-to-end tests generate (their defects a located warning each with
  a fallback), every module imports and the packages pass ``mypy --strict`` (one run);
- of ``documents_with_errors/``, the three whose meaning is recoverable (a ``uuid`` default
  that is no UUID, a path parameter not marked required, a response under a key that is no
  status code) generate with a located warning; the two that leave none (a request body
  ``$ref`` to itself, a ``$ref`` to nothing) are refused with a located error, never a
  traceback.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.pipeline import build, generate
from tests.support.packages import ROOT

pytestmark = pytest.mark.external

COMMIT = "ee9a8c435b92e7425a0b68be2d42bae977bf7526"
# File -> the first 16 hex digits of its SHA-256 at COMMIT.
GENERATE = {
    "3.1_specific.openapi.yaml": "d3969a93a7dbf73a",
    "baseline_openapi_3.0.json": "5f5e67d0a5083f45",
    "baseline_openapi_3.1.yaml": "7a0a583e51da6152",
    "docstrings_on_attributes.yml": "6ad323e6c7f6507f",
    "openapi_3.1_enums.yaml": "cc1f89fa2ce2f3d5",
}
# Recoverable defects: generated, with a warning of this kind at this pointer.
RECOVERED = {
    "documents_with_errors/invalid-uuid-defaults.yaml": (
        "4a984123b2ba8830",
        "invalid default",
        "#/paths/~1/post/parameters/0/schema/default",
    ),
    "documents_with_errors/bad-status-code.yaml": (
        "25a2c33c00f10cf4",
        "unexpected field",
        "#/paths/~1/get/responses",
    ),
    "documents_with_errors/optional-path-param.yaml": (
        "91c76e7fef2e85d0",
        "path parameter not required",
        "#/paths/~1{optional}/get/parameters/0",
    ),
}
# No meaning left: refused, with this in the located message.
REFUSED = {
    "documents_with_errors/circular-body-ref.yaml": ("c06e648acdb8fb0e", "circular $ref"),
    "documents_with_errors/missing-body-ref.yaml": ("da776d9fe5da82e3", "unknown $ref"),
}


def specs_directory() -> Path:
    configured = os.environ.get("SDKGEN_OPC_E2E")
    if configured:
        return Path(configured)
    return ROOT / ".corpus-cache" / f"openapi-python-client-{COMMIT[:8]}" / "end_to_end_tests"


@pytest.fixture(scope="module")
def e2e() -> Path:
    directory = specs_directory()
    if not (directory / "baseline_openapi_3.0.json").is_file():
        pytest.fail(
            f"openapi-python-client's end_to_end_tests at {COMMIT[:8]} not found in {directory}"
            " (set SDKGEN_OPC_E2E; see this module's docstring)"
        )
    expected = {name: digest for name, digest in GENERATE.items()}
    expected.update({name: entry[0] for name, entry in {**RECOVERED, **REFUSED}.items()})
    for name, digest in expected.items():
        found = hashlib.sha256((directory / name).read_bytes()).hexdigest()[:16]
        assert found == digest, f"{name}: not the file of commit {COMMIT[:8]}"
    return directory


def package_name(spec: str) -> str:
    stem = Path(spec).name.split(".")[0] + "_" + Path(spec).suffix.lstrip(".")
    return "opc_" + "".join(c if c.isalnum() else "_" for c in stem.lower())


def test_end_to_end_specs_generate_import_and_pass_mypy_strict(e2e: Path, tmp_path: Path) -> None:
    packages = []
    for spec in [*GENERATE, *RECOVERED]:
        name = package_name(spec)
        generate(e2e / spec, tmp_path / name, name)
        packages.append(tmp_path / name)
    # Every module of every package, in a fresh interpreter (mock modules need the extra).
    code = (
        "import importlib, pkgutil, sys\n"
        "for name in sys.argv[1:]:\n"
        "    root = importlib.import_module(name)\n"
        "    for info in pkgutil.walk_packages(root.__path__, name + '.'):\n"
        "        if not info.name.endswith('.mock'):\n"
        "            importlib.import_module(info.name)\n"
    )
    path = os.pathsep.join(str(p / "src") for p in packages)
    imported = subprocess.run(
        [sys.executable, "-c", code, *(p.name for p in packages)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
    )
    assert imported.returncode == 0, imported.stderr
    # One mypy run over all the packages (their configs are the same), no cache left behind.
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull]
    command += ["--config-file", str(packages[0] / "pyproject.toml")]
    command += [str(p / "src" / p.name) for p in packages]
    checked = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues found in" in checked.stdout


@pytest.mark.parametrize("spec", sorted(RECOVERED))
def test_recoverable_defects_are_located_warnings(e2e: Path, spec: str) -> None:
    _, kind, pointer = RECOVERED[spec]
    generated = build(e2e / spec, name=package_name(spec), root=e2e)
    found = [(w.location.pointer, w.message.split(";")[0]) for w in generated.warnings]
    assert (pointer, kind) in found
    assert generated.package.resources and generated.files


@pytest.mark.parametrize("spec", sorted(REFUSED))
def test_defects_leaving_no_meaning_are_located_errors(e2e: Path, spec: str) -> None:
    _, words = REFUSED[spec]
    with pytest.raises(SpecError) as raised:
        build(e2e / spec, name=package_name(spec), root=e2e)
    first = raised.value.problems[0]
    assert first.location.file.endswith(Path(spec).name) and first.location.line is not None
    assert first.location.pointer.startswith("#/") and words in first.message
