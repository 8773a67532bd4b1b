"""The built-in rule packs must work from an installed wheel, not only from the checkout."""

import subprocess
import sys
import venv

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_in_fresh_virtualenv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next(dist.glob("cleanup-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True, timeout=1200
    )
    assert install.returncode == 0, install.stderr[-2000:]
    # Run from a folder that has no rules/ next to it, so only the packaged packs can be found.
    article = tmp_path / "a.txt"
    article.write_text("10 March,2019 10:50 AM IST | | Agencies\nThe talks ended.\n", encoding="utf-8")
    scan = subprocess.run(
        [str(env_dir / "bin" / "cleanup"), "scan", "a.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert scan.returncode == 1, scan.stderr
    assert "TY104" in scan.stdout and "TY105" in scan.stdout
    rules = subprocess.run(
        [str(env_dir / "bin" / "cleanup"), "rules"], cwd=tmp_path, capture_output=True, text=True
    )
    assert rules.returncode == 0 and "TY101" in rules.stdout
