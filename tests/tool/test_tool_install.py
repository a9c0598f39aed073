"""sdkgen as users get it: the wheel built from this tree, installed alone into a fresh venv
outside the repository, every command run on a spec in a temporary directory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PETSTORE = Path(__file__).parent / "petstore.yaml"


@pytest.fixture(scope="module")
def sdkgen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``sdkgen`` command of a fresh venv holding the built wheel (and its dependencies)."""
    base = tmp_path_factory.mktemp("tool")
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(dist), str(ROOT)],
        check=True, timeout=600, capture_output=True,
    )  # fmt: skip
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    wheel = next(dist.glob("sdkgen-*.whl"))
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", str(wheel)],
        check=True, timeout=900, capture_output=True,
    )  # fmt: skip
    return env_dir / "bin" / "sdkgen"


def run(command: list[str], cwd: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600, **kw)  # type: ignore[call-overload]  # fmt: skip


def test_generate_install_and_use_a_petstore_sdk(sdkgen: Path, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(PETSTORE.read_text(encoding="utf-8"), encoding="utf-8")
    done = run([str(sdkgen), "generate", "api.yaml", "-o", "sdk"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "package swagger_petstore" in done.stdout
    assert "no servers" in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "sdk" / "CHANGELOG.md").write_text("mine\n", encoding="utf-8")
    again = run([str(sdkgen), "generate", "api.yaml", "-o", "sdk"], tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "sdk" / "CHANGELOG.md").read_text(encoding="utf-8") == "mine\n"
    python = sdkgen.parent / "python"
    installed = run([str(python), "-m", "pip", "install", "--quiet", "./sdk"], tmp_path)
    assert installed.returncode == 0, installed.stderr
    code = (
        "import swagger_petstore as sp\n"
        "c = sp.SwaggerPetstoreClient(mock_mode=True)\n"
        "print(c.pets.list_pets())\n"
        "try:\n"
        "    sp.SwaggerPetstoreClient().pets.list_pets()\n"
        "except sp.SwaggerPetstoreError as e:\n"
        "    print('no base URL' in str(e), 'SWAGGER_PETSTORE_BASE_URL' in str(e))\n"
    )
    used = run([str(python), "-c", code], tmp_path)
    assert used.returncode == 0, used.stderr
    assert used.stdout.splitlines()[-1] == "True True"
    assert run([str(sdkgen), "check", "api.yaml", "-o", "sdk"], tmp_path).returncode == 0
    # --tests from the wheel (its templates travel inside it): the smoke suite passes there too.
    with_tests = run([str(sdkgen), "generate", "api.yaml", "-o", "sdk", "--tests"], tmp_path)
    assert with_tests.returncode == 0, with_tests.stderr
    run([str(python), "-m", "pip", "install", "--quiet", "pytest"], tmp_path)
    smoke = run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], tmp_path / "sdk")
    assert smoke.returncode == 0 and "6 passed" in smoke.stdout, smoke.stdout + smoke.stderr


def test_init_config_generate_check(sdkgen: Path, tmp_path: Path) -> None:
    (tmp_path / "openapi.yaml").write_text(PETSTORE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run([str(sdkgen), "init", "--name", "pets"], tmp_path).returncode == 0
    assert run([str(sdkgen), "generate"], tmp_path).returncode == 0
    assert (tmp_path / "sdk" / "src" / "pets" / "__init__.py").is_file()
    assert run([str(sdkgen), "check"], tmp_path).returncode == 0
    (tmp_path / "sdk" / "README.md").write_text("edited\n", encoding="utf-8")
    stale = run([str(sdkgen), "check"], tmp_path)
    assert stale.returncode == 1 and "README.md: stale" in stale.stderr


def test_bad_input_is_a_located_error_with_exit_2(sdkgen: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n")
    done = run([str(sdkgen), "generate", "bad.yaml", "-o", "sdk"], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "bad.yaml" in done.stderr
    for argv in (["generate", "-o", "out"], ["generate"], ["check"], ["mock", "nope.yaml"]):
        done = run([str(sdkgen), *argv], tmp_path)
        assert done.returncode == 2, (argv, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr
    (tmp_path / "occupied").mkdir()
    (tmp_path / "occupied" / "NOTES.txt").write_text("mine\n")
    (tmp_path / "api.yaml").write_text(PETSTORE.read_text(encoding="utf-8"), encoding="utf-8")
    done = run([str(sdkgen), "generate", "api.yaml", "-o", "occupied"], tmp_path)
    assert done.returncode == 2 and "NOTES.txt" in done.stderr
    assert sorted(p.name for p in (tmp_path / "occupied").iterdir()) == ["NOTES.txt"]


def test_diff_and_help(sdkgen: Path, tmp_path: Path) -> None:
    same = run([str(sdkgen), "diff", str(PETSTORE), str(PETSTORE)], tmp_path)
    assert same.returncode == 0 and "0 breaking" in same.stdout
    for argv in ([], ["generate"], ["check"], ["diff"], ["mock"], ["init"]):
        shown = run([str(sdkgen), *argv, "--help"], tmp_path)
        assert shown.returncode == 0 and "Traceback" not in shown.stderr
        assert "unasync" not in shown.stdout


def test_mock_on_a_taken_port_fails_before_printing_a_url(sdkgen: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run([str(sdkgen), "mock", str(PETSTORE), "--port", str(port)], tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert str(port) in done.stderr and "Traceback" not in done.stderr


def test_mock_serves_and_ctrl_c_exits_quietly(sdkgen: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [str(sdkgen), "mock", str(PETSTORE), "--port", "0"], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://localhost:"), process.stderr.read() if process.stderr else ""
        import httpx

        for _ in range(100):
            try:
                answer = httpx.get(f"{url}/pets", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer.status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert "Traceback" not in err
    # Ctrl-C during generate, at each stage: tests/tool/test_interrupt.py
