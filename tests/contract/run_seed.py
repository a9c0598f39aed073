"""Run one seed's Python blocks as a reader would; print one JSON line per block.

Usage: python run_seed.py SEED_FILE BASE_URL [PRELUDE]

Each block runs in a fresh namespace. A fragment (one failing with NameError) runs again after
the latest earlier block that defines the names it lacks at top level (assignments and imports;
not ``with ... as`` names, which that block has closed), as a reader would run it. ``PRELUDE``
is code the seed's prose sets up before its first block. A block passing
``base_url="https://<documented host>"`` gets that string pointed at BASE_URL; nothing else in a
block is changed.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from seed_blocks import Block, python_blocks

DOCUMENTED_HOSTS = ("https://api.openspawn.dev", "https://api.flowmaestro.io")


def defines(code: str) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def run(code: str, namespace: dict[str, object], base_url: str, origin: str) -> str:
    for host in DOCUMENTED_HOSTS:
        code = code.replace(f'base_url="{host}"', f'base_url="{base_url}"')
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, origin, "exec"), namespace)
    return out.getvalue()


def run_block(block: Block, earlier: list[Block], base_url: str, prelude: str) -> tuple[str, str]:
    """Run ``block`` after what it needs: for each name it lacks, the latest earlier block
    defining it (itself prepared the same way); if that block's set-up can't serve it (e.g. a
    placeholder credential), the one before, as a reader falls back to an example that works."""
    tried: set[tuple[str, ...]] = set()
    setup: list[Block] = []
    status = "not run"
    for _ in range(12):  # bounded: each round adds or swaps one set-up block
        key = tuple(b.id for b in setup)
        if key in tried:
            break
        tried.add(key)
        namespace: dict[str, object] = {"__name__": "__seed__"}
        try:
            if prelude:
                run(prelude, namespace, base_url, f"{block.seed}:prelude")
            current, printed = 0, ""
            for position, step in enumerate([*setup, block]):
                current = position
                printed = run(step.code, namespace, base_url, f"{step.seed}:{step.line}")
            return "ok", printed
        except NameError as exc:
            needing = ([*setup, block])[current]
            definers = [b for b in earlier if b.line < needing.line and exc.name in defines(b.code)]
            usable = [b for b in reversed(definers) if b not in setup]
            if not usable:
                return f"NameError: {exc}", ""
            setup.insert(current, usable[0])
            status = f"NameError: {exc}"
        except Exception as exc:  # reported, not raised: every block gets its line
            status = f"{type(exc).__name__}: {exc}"
            # A set-up block that can't serve: swap it for an earlier definer of the same names.
            swapped = _swap_definer(setup, earlier)
            if swapped is None:
                return status, ""
            setup = swapped
    return status, ""


def _swap_definer(setup: list[Block], earlier: list[Block]) -> list[Block] | None:
    for index in range(len(setup) - 1, -1, -1):
        names = defines(setup[index].code)
        older = [b for b in earlier if b.line < setup[index].line and names & defines(b.code)]
        if older:
            return [*setup[:index], older[-1], *setup[index + 1 :]]
    return None


def main() -> None:
    seed, base_url = Path(sys.argv[1]), sys.argv[2]
    prelude = sys.argv[3] if len(sys.argv) > 3 else ""
    blocks = python_blocks(seed)
    for index, block in enumerate(blocks):
        status, output = run_block(block, blocks[:index], base_url, prelude)
        print(json.dumps({"block": block.id, "status": status, "output": output}), flush=True)


if __name__ == "__main__":
    main()
