"""The shipped models are what the training scripts make from ../shared/trainset: rerunning a script
reproduces its model file byte for byte (fixed seed, sorted inputs, deterministic solvers)."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

pytest.importorskip("sklearn", reason="the training scripts need the `train` extra")
needs_trainset = pytest.mark.skipif(
    not (SHARED / "trainset").is_dir(), reason="needs ../shared/trainset beside the checkout"
)


@pytest.mark.slow
@needs_trainset
def test_mt_training_reproduces_the_shipped_model(tmp_path):
    out = tmp_path / "mt.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_mt.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    assert out.read_bytes() == (ROOT / "cleanup" / "models" / "mt.json").read_bytes()


@pytest.mark.slow
@needs_trainset
def test_boilerplate_training_reproduces_the_shipped_model(tmp_path):
    out = tmp_path / "boilerplate.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_boilerplate.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    assert out.read_bytes() == (ROOT / "cleanup" / "models" / "boilerplate.json").read_bytes()
