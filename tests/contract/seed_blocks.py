"""The Python code blocks of the seed documents, as a reader sees them.

Fences open with three or more backticks and a ``python`` tag and close at the next fence line.
A ```` ```python ```` line inside a four-backtick block (seed 000 nests its streaming example in
its async one) closes that block and opens the next: two examples, as a reader reads them.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

SEEDS = Path(__file__).parent.parent.parent.parent / "shared" / "seeds"
_FENCE = re.compile(r"^(`{3,})\s*(\w*)\s*$")


@attrs.frozen
class Block:
    seed: str
    line: int  # 1-based line of the opening fence
    code: str

    @property
    def id(self) -> str:
        return f"{self.seed[:3]}:{self.line}"


def python_blocks(path: Path) -> list[Block]:
    blocks: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    current: list[str] | None = None
    start = 0
    for number, text in enumerate(lines, 1):
        fence = _FENCE.match(text)
        if current is not None:
            if fence:
                blocks.append(Block(path.name, start, "\n".join(current) + "\n"))
                current = None
                if fence.group(2) == "python":  # closes one example and opens the next
                    current, start = [], number
            else:
                current.append(text)
        elif fence and fence.group(2) == "python":
            current, start = [], number
    return blocks
