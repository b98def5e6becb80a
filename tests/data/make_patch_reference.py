#!/usr/bin/python3
"""Writes the patch-mode test data and scikit-learn's answer for it:
  patches_dictionary.npy  (64, 16) float32, unit-norm rows (atoms)
  patches_signals.npy     (40, 16) float32
  patches_omp_sklearn.npy (40, 64) float64: sklearn.linear_model.orthogonal_mp_gram(Gram, Xy,
                          n_nonzero_coefs=5), the coefficients hsc's Batch-OMP must reproduce.
  patches_lasso_sklearn.npy (40, 64) float64: the lasso min ½‖x − Dᵀc‖² + 0.1‖c‖₁ per signal by
                          sklearn.linear_model.Lasso (alpha = 0.1 / 16: sklearn divides the data
                          term by the number of samples), coordinate descent to tol 1e-12.
Run with Debian's python3-numpy and python3-sklearn (1.2.1): /usr/bin/python3 make_patch_reference.py
"""
import numpy as np
from sklearn.linear_model import Lasso, orthogonal_mp_gram

rng = np.random.default_rng(2026)
D = rng.standard_normal((64, 16)).astype(np.float32)
D /= np.linalg.norm(D, axis=1, keepdims=True)
X = rng.standard_normal((40, 16)).astype(np.float32)
Dd, Xd = D.astype(np.float64), X.astype(np.float64)
C = orthogonal_mp_gram(Dd @ Dd.T, Dd @ Xd.T, n_nonzero_coefs=5).T
np.save("patches_dictionary.npy", D)
np.save("patches_signals.npy", X)
np.save("patches_omp_sklearn.npy", C)
lasso = Lasso(alpha=0.1 / 16, fit_intercept=False, tol=1e-12, max_iter=1000000)
L = np.stack([lasso.fit(Dd.T, x).coef_.copy() for x in Xd])
np.save("patches_lasso_sklearn.npy", L)
print("lasso nonzeros per signal:", (L != 0).sum(axis=1).min(), "..", (L != 0).sum(axis=1).max())
print("nonzeros per signal:", sorted(set((C != 0).sum(axis=1))))
