"""Gradient Explorer: see partial derivatives and gradient descent."""

import os

__version__ = "0.1.0"

# numpy's OpenBLAS starts a pool of threads (a core less than the machine has) that spin for
# work a while after numpy is imported: on a classroom laptop's two cores that spin takes a
# core from the window's start (~11 ms of a cold start here) and from the GL rasterizer's
# threads.  The app's matrices are small (a Hessian, a fit's normal equations of ≤ 11
# unknowns, n × 11 data), where one thread is as fast.  Set before any module imports numpy;
# a value already in the environment is kept.  (The benchmark launches stock pyqtgraph without
# it: BLAS_THREADS_OURS says whether it is ours.)
BLAS_THREADS_OURS = "OPENBLAS_NUM_THREADS" not in os.environ
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
