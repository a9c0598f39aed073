"""Spec strings that look like code or paths stay inert data, and nothing escapes the package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import yaml

from generator.pipeline import generate

NASTY = [
    '"""; import os; os.system("echo pwned") #',
    "'''\\\n__import__('os').system('x')",
    "{{ 7*7 }} {% for x in y %}",
    "../../etc/passwd",
    "/abs/path",
    "class",
    "self",
    "Ünïcödé 名前",
    "",
]


def hostile_spec() -> dict[str, object]:
    """Hostile strings wherever OpenAPI allows free text: titles, descriptions, tags,
    operationIds, property and query-parameter names, enum values, defaults, server URLs."""
    paths: dict[str, object] = {}
    schemas: dict[str, object] = {}
    for i, name in enumerate(NASTY):
        schemas[f"M{i}"] = {
            "type": "object",
            "title": name,
            "description": name,
            "properties": {name: {"type": "string", "description": name, "default": name}},
            "required": [name],
        }
        paths[f"/p{i}/{{id}}"] = {
            "get": {
                "operationId": f"{name}op{i}",
                "tags": [name],
                "summary": name,
                "description": name,
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": f"{name}q",
                        "in": "query",
                        "description": name,
                        "schema": {"type": "string", "enum": [name, f"{name}x"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": name,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/M{i}"},
                                "example": {name: name},
                            }
                        },
                    }
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "../../" + NASTY[0], "version": "1", "description": NASTY[1]},
        "servers": [{"url": "https://example.invalid/" + NASTY[2]}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def test_hostile_names_generate_inert_code_inside_the_package(tmp_path: Path) -> None:
    spec = tmp_path / "spec" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(yaml.safe_dump(hostile_spec()), encoding="utf-8")
    out = tmp_path / "out" / "pkg"
    result = generate(spec, out)
    before = set(tmp_path.rglob("*"))
    written = [p for p in before if p.is_file() and out not in p.parents and p != spec]
    assert written == []  # nothing outside the package directory
    calls = []
    for path in out.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), feature_version=(3, 9))
        calls += [
            n.func.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id in {"eval", "exec", "__import__", "system"}
        ]
    assert calls == []
    src = out / "src"
    package = result.package.name
    code = "\n".join(
        [
            f"import sys; sys.path.insert(0, {str(src)!r})",
            f"import importlib, pkgutil, {package}",
            f"for m in pkgutil.walk_packages({package}.__path__, {package!r} + '.'):",
            "    importlib.import_module(m.name)",
        ]
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "pwned" not in proc.stdout + proc.stderr
    assert len(result.package.operations) == len(NASTY)  # every operation generated
