"""Imported first by the training scripts, before numpy: the same weights on any x86-64 machine.

lbfgs sums through OpenBLAS, which picks its kernels (AVX2, AVX-512) and its thread count from the
machine, and numpy picks its own loops the same way. Each choice rounds differently, and the rounding
carries into the fitted weights: a model trained on an AVX-512 machine differed from one trained on an
AVX2 machine in every fourth decimal. One BLAS thread, one kernel family and numpy without its AVX-512
loops make the arithmetic the same wherever AVX2 exists (every x86-64 server since 2013).
"""

import os
import sys

PINNED = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_CORETYPE": "Haswell",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
}
if "numpy" in sys.modules:
    raise RuntimeError("import _pinned_floats before numpy")
os.environ.update(PINNED)
