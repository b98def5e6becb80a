#!/usr/bin/python3
"""hsc's Python module, measured from Python in one run: against scikit-learn in patch mode, and
against its own C++ call for a 256×256 ADMM encode (what the module adds).

Usage: PYTHONPATH=build/python /usr/bin/python3 benchmarks/peers/python_module.py [signals] [threads] [iterations]
Needs Debian's python3-numpy and python3-sklearn and the module (cmake --build build --target hsc_python).

1. Patch mode: sparse_encode(X, D, algorithm="omp", n_nonzero_coefs=10) and the lasso
   (algorithm="lasso_lars", alpha=0.1) by hsc (float64 as scikit-learn, and float32) and by
   scikit-learn on the same data, one thread each; signals/s, the ratio, and the largest
   coefficient difference over signals whose supports agree; for the lasso also the largest
   objective difference per signal, hsc − scikit-learn (≤ 0 up to rounding: hsc's minimum is at
   least as low).
2. ADMM CBPDN on the LCN of tests/data/natural/astronaut.pgm, heterogeneous bank, λ 0.01, 100
   iterations (the third argument; ctest's smoke run takes 5): the Python call's wall time against
   the C++ call's own time (report["seconds"], measured inside the module around the encoder),
   best of 3, and the overhead in percent.
"""
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.decomposition import sparse_encode as sk_sparse_encode

import hsc

signals = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 100
rng = np.random.default_rng(0)


def best_of(n, f):
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - start)
    return min(times), result


print("1. patch mode, one thread each")
print(f"{'problem':>22} {'coder':>16} {'signals/s':>11} {'ratio to sklearn':>17} {'max |diff|':>11} "
      f"{'objective diff':>15}")
for n, k in [(64, 256), (144, 288)]:
    D = rng.standard_normal((k, n))
    D /= np.linalg.norm(D, axis=1, keepdims=True)
    X = rng.standard_normal((signals, n))
    for algorithm, kwargs in (("omp", {"n_nonzero_coefs": 10}), ("lasso_lars", {"alpha": 0.1})):
        count = signals if algorithm == "omp" else signals // 10  # LARS is slow: fewer signals
        Xs = X[:count]
        t_sk, ref = best_of(1, lambda: sk_sparse_encode(Xs, D, algorithm=algorithm, **kwargs))
        label = f"{algorithm} n={n} K={k}"
        print(f"{label:>22} {'scikit-learn':>16} {count / t_sk:>11.0f} {1.0:>17.2f} {'':>11}")
        for dtype in (np.float64, np.float32):
            Dt, Xt = D.astype(dtype), Xs.astype(dtype)
            t, ours = best_of(3, lambda: hsc.sparse_encode(Xt, Dt, algorithm=algorithm, **kwargs))
            same = np.all((ours != 0) == (ref != 0), axis=1)
            diff = np.abs(ours - ref)[same].max() if same.any() else float("nan")
            objective = ""
            if algorithm != "omp":
                def lasso(code):
                    return 0.5 * np.sum((Xs - code @ D) ** 2, axis=1) + kwargs["alpha"] * np.abs(code).sum(axis=1)
                objective = f"{np.max(lasso(ours.astype(np.float64)) - lasso(ref)):>15.1e}"
            print(f"{label:>22} {'hsc ' + np.dtype(dtype).name:>16} {count / t:>11.0f} {t_sk / t:>17.2f} "
                  f"{diff:>11.2e} {objective}" + ("" if same.all() else f"  ({(~same).sum()} supports differ)"))

print(f"\n2. ADMM 256x256, 144 atoms, {iterations} iterations, {threads} threads: the module's overhead")
root = Path(__file__).resolve().parents[2]
raw = (root / "tests" / "data" / "natural" / "astronaut.pgm").read_bytes()
image = np.frombuffer(raw[-256 * 256:], dtype=np.uint8).reshape(256, 256).astype(np.float32)
image = hsc.local_contrast_normalize(image)
encoder = hsc.Encoder(hsc.heterogeneous_bank(), image.shape, "admm", lmbda=0.01, max_iter=iterations,
                      threads=threads)
rows = []
for _ in range(3):
    start = time.perf_counter()
    code = encoder.encode(image)
    wall = time.perf_counter() - start
    rows.append((wall, code.report["seconds"]))
wall, inner = min(rows)
print(f"python call {wall:.3f} s, C++ call {inner:.3f} s, overhead {1000 * (wall - inner):.1f} ms = "
      f"{100 * (wall - inner) / inner:.3f}% "
      f"(best of 3; sparseness {code.sparseness:.6f}, PSNR {code.report['psnr_db']:.4f} dB)")
