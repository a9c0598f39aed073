"""The platform packages as users get them: `pip install generated/NAME` into a fresh venv."""

from __future__ import annotations

import hashlib
import subprocess
import venv
from pathlib import Path

from generator.pipeline import find_spec, generate

ROOT = Path(__file__).parent.parent
PLATFORMS = sorted(p for p in (ROOT / "generated").iterdir() if (p / "pyproject.toml").exists())
HAND_WRITTEN = sorted(
    p
    for p in (ROOT / "specs").glob("*/*/**/*")
    if p.is_file() and p.parent.name in ("lib", "scripts")
)


def test_packages_install_into_a_fresh_venv_and_work(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         *[str(p) for p in PLATFORMS]],
        check=True, timeout=600, capture_output=True,
    )  # fmt: skip
    code = "\n".join(
        [
            "import codevf, flowmaestro, openspawn, taskforceai",
            "assert 'site-packages' in codevf.__file__, codevf.__file__",
            "client = taskforceai.TaskForceAIClient(mock_mode=True)",
            "print(client.run_task('Test your integration').result)",
            "print(flowmaestro.FlowMaestroClient(mock_mode=True).workflows.list()['data'][0]['id'])",
        ]
    )
    # Run outside the repository, so only the installed copies can be imported.
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "This is a mock response. Configure your API key to get real results."
    assert lines[1].startswith("wf_")


def test_regeneration_leaves_hand_written_code_byte_identical(tmp_path: Path) -> None:
    assert HAND_WRITTEN, "the platforms have hand-written code under specs/NAME/lib"
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in HAND_WRITTEN}
    for package in PLATFORMS:
        out = tmp_path / package.name
        generate(find_spec(ROOT / "specs" / package.name), out, package.name, ROOT)
        for original in (ROOT / "specs" / package.name).glob("lib/**/*.py"):
            rel = original.relative_to(ROOT / "specs" / package.name / "lib")
            copy = (out / "src" / package.name / "lib" / rel).read_text(encoding="utf-8")
            # The copy is the original plus one header line naming it.
            assert copy.split("\n", 1)[1] == original.read_text(encoding="utf-8"), rel
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in HAND_WRITTEN}
    assert before == after
