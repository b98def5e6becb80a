#!/usr/bin/python3
"""Patch-mode OMP: hsc against scikit-learn's orthogonal_mp_gram, in one run, on the same data.

Usage: /usr/bin/python3 benchmarks/peers/patch_omp_vs_sklearn.py [path/to/hsc] [signals]
Needs Debian's python3-numpy and python3-sklearn. For each size it writes D (K, n) with unit rows
and X (S, n) as float32, times `hsc encode-patches --threads 1` (its own coding time, without file
I/O) and sklearn (Gram precomputed outside the timing as its API asks; Dᵀx inside, as hsc does it),
compares the coefficients and prints signals/s and the ratio. hsc codes in float32, sklearn in
float64: where two correlations are within float32 rounding of each other the two may pick
different atoms, so the script counts signals whose supports differ and reports the largest
coefficient difference over the others.
"""
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import orthogonal_mp_gram

hsc = sys.argv[1] if len(sys.argv) > 1 else "build/bin/hsc"
signals = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
rng = np.random.default_rng(0)
print(f"{'n':>4} {'K':>4} {'L':>3} {'hsc signals/s':>14} {'sklearn signals/s':>18} {'ratio':>7} "
      f"{'supports differ':>16} {'max |diff| (same support)':>26}")
for n, k, atoms in [(144, 288, 10), (64, 256, 10)]:
    D = rng.standard_normal((k, n)).astype(np.float32)
    D /= np.linalg.norm(D, axis=1, keepdims=True)
    X = rng.standard_normal((signals, n)).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        np.save(tmp / "D.npy", D)
        np.save(tmp / "X.npy", X)
        out = subprocess.run([hsc, "encode-patches", "--dict", str(tmp / "D.npy"), "--signals", str(tmp / "X.npy"),
                              "--solver", "omp", "--atoms", str(atoms), "--threads", "1", "--out", str(tmp / "C.npy")],
                             check=True, capture_output=True, text=True)
        hsc_rate = json.loads(out.stdout)["signals_per_second"]
        C = np.load(tmp / "C.npy")
    Dd, Xd = D.astype(np.float64), X.astype(np.float64)
    gram = Dd @ Dd.T
    start = time.perf_counter()
    ref = orthogonal_mp_gram(gram, Dd @ Xd.T, n_nonzero_coefs=atoms).T
    sk_rate = signals / (time.perf_counter() - start)
    same = ((C != 0) == (ref != 0)).all(axis=1)
    diff = np.abs(C[same] - ref[same]).max()
    print(f"{n:>4} {k:>4} {atoms:>3} {hsc_rate:>14.0f} {sk_rate:>18.0f} {hsc_rate / sk_rate:>6.1f}x "
          f"{signals - same.sum():>8} of {signals:<6} {diff:>26.2e}")
