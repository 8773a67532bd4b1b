"""The shipped models are what the training scripts make from ../shared/trainset: rerunning a script
reproduces its model file byte for byte (fixed seed, sorted inputs, deterministic solvers)."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

pytest.importorskip("sklearn", reason="the training scripts need the `train` extra")


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "trainset").is_dir(), reason="needs ../shared/trainset beside the checkout")
@pytest.mark.parametrize(
    ("script", "model"), [("train_mt.py", "mt.json"), ("train_boilerplate.py", "boilerplate.json")]
)
def test_training_reproduces_the_shipped_model(tmp_path, script, model):
    out = tmp_path / model
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    assert out.read_bytes() == (ROOT / "cleanup" / "models" / model).read_bytes()


@pytest.mark.parametrize("module", ["scripts.train_mt", "scripts.train_boilerplate"])
def test_the_training_scripts_import_as_modules(module):
    """`benchmarks/boilerplate.py --loso` imports the training script; the float pinning must load then
    too, and before numpy."""
    code = f"import {module}, os, sys; print(os.environ['OPENBLAS_NUM_THREADS'], 'numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "True"]
