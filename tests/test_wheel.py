"""Packaging: every runtime dependency is used, and the built wheel works on its own:
everything the package reads at run time (web page templates, data files, models) is inside
it, which an editable install would hide.

The wheel is built from a copy of the sources, offline (no build isolation: the test
environment's setuptools builds it), installed into a fresh virtualenv that borrows the
test environment's third-party packages but not its editable saring, and served by the
installed `saring` command from a directory that holds no source tree.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import venv
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent



def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_runtime_dependency_is_imported_by_saring():
    """A dependency nothing imports is weight (and risk) for every install: it belongs in an extra."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    declared = {_canonical(re.match(r"[A-Za-z0-9_.-]+", d)[0]) for d in project["dependencies"]}
    imported = set()
    for path in (REPO / "saring").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    distributions = importlib.metadata.packages_distributions()
    used = {_canonical(d) for module in imported for d in distributions.get(module, [])}
    assert declared - used == set()


def _run(*args: object, cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{args}: {done.stderr[-3000:]}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh virtualenv with the wheel installed; (its bin folder, the environment to run it)."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    shutil.copytree(REPO / "saring", src / "saring", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, src / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SARING_", "PYTHON"))}
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", root / "dist", src, cwd=root, env=env)
    (wheel,) = (root / "dist").glob("saring-*.whl")

    target = root / "venv"
    venv.create(target, with_pip=False)
    bin_dir = target / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                     cwd=root, env=env).strip())
    # The test environment's packages, as a plain path: its .pth files (the editable saring)
    # are not processed, so `import saring` can only find the installed wheel.
    (site / "test-environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index",
         wheel, cwd=root, env=env)
    where = _run(python, "-c", "import saring; print(saring.__file__)", cwd=root, env=env)
    assert Path(where.strip()).is_relative_to(target), where
    return bin_dir, env


@pytest.mark.slow
def test_installed_wheel_serves_the_page(installed, tmp_path):
    bin_dir, env = installed
    samples = _run(bin_dir / "python", "-c",
                   "from importlib import resources; "
                   "print(resources.files('saring').joinpath('data/samples/factchecks/factchecks.csv'))",
                   cwd=tmp_path, env=env).strip()
    db = tmp_path / "archive.db"
    _run(bin_dir / "saring", "ingest", samples, "--db", db, "--no-progress", cwd=tmp_path, env=env)

    port = _free_port()
    server = subprocess.Popen([str(bin_dir / "saring"), "serve", "--db", str(db), "--port", str(port)],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()[1][-3000:]
            try:
                home = httpx.get(base + "/", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the installed server did not start in 60 s"
                time.sleep(0.2)
        assert home.status_code == 200
        assert "<form" in home.text and "/static/style.css" in home.text
        style = httpx.get(base + "/static/style.css", timeout=5)
        assert style.status_code == 200 and "{" in style.text
        # a search reads the answer layer's model and word lists from the installed data
        search = httpx.get(base + "/", params={"q": "vaksin covid mengandung chip"}, timeout=60)
        assert search.status_code == 200, search.text[:500]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
