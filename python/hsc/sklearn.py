"""scikit-learn's sparse-coding calls, with the same signatures, defaults and return shapes
(scikit-learn 1.2), computed by hsc: orthogonal_mp_gram and sparse_encode's "omp" by Batch-OMP,
"lasso_lars" and "lasso_cd" by FISTA on the same lasso, in float64 (to a relative change of
1e-12: the lasso's minimiser to about 1e-8), "threshold" as scikit-learn. What hsc does not compute
("lars", positive codes, return_path) is refused, not approximated."""

import numpy as np

from ._arrays import core_for, like_sklearn
from ._coding import PatchCoder

__all__ = ["orthogonal_mp_gram", "sparse_encode", "SparseCoder"]

# The lasso by FISTA, stopped at a relative change of the code of 1e-12, always in float64: on 1000
# generated signals (benchmarks/peers/python_module.py's problems) it is within 3e-8 of an exact
# coordinate descent (tol 1e-14) and never has a higher objective than scikit-learn's LARS, which is
# off by up to 3e-4 on a few signals; 1e-10 left 2e-6. float32 cannot resolve such a change (FISTA
# in float32 ran to the iteration cap), so float32 input is solved in float64 and returned in float32.
_LASSO_TOL = 1e-12



def orthogonal_mp_gram(Gram, Xy, *, n_nonzero_coefs=None, tol=None, norms_squared=None, copy_Gram=True,
                       copy_Xy=True, return_path=False, return_n_iter=False):
    """As sklearn.linear_model.orthogonal_mp_gram: coefficients (n_features, n_targets) in Gram's
    dtype, squeezed (one target gives (n_features,)); with return_n_iter, also the atoms selected
    (an int for one target, else a list)."""
    if return_path:
        raise ValueError("return_path=True is not supported by hsc (the coefficients along the path)")
    Xy_in = np.asarray(Xy)
    dtype = np.float32 if np.asarray(Gram).dtype == np.float32 else np.float64  # the result has Gram's
    G = like_sklearn(Gram, "Gram", 2, dtype)
    xy = like_sklearn(Xy_in[:, None] if Xy_in.ndim == 1 else Xy_in, "Xy", 2, dtype)
    if G.shape[0] != G.shape[1] or xy.shape[0] != G.shape[0]:
        raise ValueError(f"Gram {G.shape} and Xy {Xy_in.shape} do not match")
    if n_nonzero_coefs is None and tol is None:
        n_nonzero_coefs = int(0.1 * len(G))
    if tol is not None and norms_squared is None:
        raise ValueError("Gram OMP needs the precomputed norms in order to evaluate the error sum of squares.")
    if tol is not None and tol < 0:
        raise ValueError("Epsilon cannot be negative")
    if tol is None and n_nonzero_coefs <= 0:
        raise ValueError("The number of atoms must be positive")
    if tol is None and n_nonzero_coefs > len(G):
        raise ValueError("The number of atoms cannot be more than the number of features")
    norms = np.zeros(xy.shape[1], dtype=dtype)
    if tol is not None:
        norms = like_sklearn(np.atleast_1d(norms_squared), "norms_squared", 1, dtype)
    codes, steps = core_for(dtype).omp_gram(G, np.ascontiguousarray(xy.T), int(n_nonzero_coefs or len(G)),
                                           -1.0 if tol is None else float(tol), norms)
    coef = np.squeeze(codes.T)  # as scikit-learn: one target gives (n_features,)
    if return_n_iter:
        return coef, (int(steps[0]) if len(steps) == 1 else [int(s) for s in steps])
    return coef


def _threads(n_jobs):
    if n_jobs is None:
        return 1
    if n_jobs < 0:
        return None  # all cores, as joblib's -1
    return n_jobs


def sparse_encode(X, dictionary, *, gram=None, cov=None, algorithm="lasso_lars", n_nonzero_coefs=None, alpha=None,
                  copy_cov=True, init=None, max_iter=1000, n_jobs=None, check_input=True, verbose=0, positive=False):
    """As sklearn.decomposition.sparse_encode: the code (n_samples, n_components) of X
    (n_samples, n_features) over dictionary (n_components, n_features).

    "omp": at most n_nonzero_coefs atoms (default min(max(n_features / 10, 1), n_components); as
    scikit-learn 1.2, alpha does not apply). "lasso_lars", "lasso_cd": the lasso
    ½‖x − codeᵀD‖² + alpha‖code‖₁ (alpha default 1). "threshold": soft thresholding of D·x by alpha.
    init is ignored (the lasso's minimiser does not depend on it); n_jobs threads (-1: all cores).
    """
    if positive and algorithm != "threshold":
        raise ValueError(f"positive=True is not supported by hsc for algorithm {algorithm!r} (only 'threshold')")
    if algorithm == "lars":
        raise ValueError("algorithm 'lars' is not supported by hsc: use 'omp' (the same support size) or 'lasso_lars'")
    if algorithm not in ("omp", "lasso_lars", "lasso_cd", "threshold"):
        raise ValueError('Sparse coding method must be "lasso_lars" "lasso_cd", "lasso", "threshold" or "omp", '
                         f"got {algorithm}.")
    X_in, D_in = np.asarray(X), np.asarray(dictionary)
    dtype = np.float32 if X_in.dtype == np.float32 and D_in.dtype == np.float32 else np.float64
    X, D = like_sklearn(X_in, "X", 2, dtype), like_sklearn(D_in, "dictionary", 2, dtype)
    n_samples, n_features = X.shape
    n_components = D.shape[0]
    if D.shape[1] != n_features:
        raise ValueError(f"X has {n_features} features, the dictionary's atoms {D.shape[1]}")
    if algorithm == "threshold":
        c = D @ X.T if cov is None else like_sklearn(cov, "cov", 2, dtype)
        alpha = 1.0 if alpha is None else alpha
        code = (np.sign(c) * np.maximum(np.abs(c) - alpha, 0)).T
        return np.clip(code, 0, None) if positive else code
    if algorithm == "omp":
        k = n_nonzero_coefs if n_nonzero_coefs is not None else min(max(n_features / 10, 1), n_components)
        G = D @ D.T if gram is None else like_sklearn(gram, "gram", 2, dtype)
        c = D @ X.T if cov is None else like_sklearn(cov, "cov", 2, dtype)
        return orthogonal_mp_gram(G, c, n_nonzero_coefs=int(k)).T.reshape(n_samples, n_components)
    lmbda = 1.0 if alpha is None else float(alpha)
    coder = PatchCoder(D.astype(np.float64), "lasso", lmbda=lmbda, max_iter=max(int(max_iter), 1) * 100,
                       tol=_LASSO_TOL, threads=_threads(n_jobs))
    return coder.encode(X.astype(np.float64)).astype(dtype, copy=False)


try:  # a real scikit-learn estimator where scikit-learn is installed (clone, Pipeline, GridSearchCV)
    from sklearn.base import BaseEstimator as _Base, TransformerMixin as _Transformer
except ImportError:  # the same interface without it
    class _Base:
        def get_params(self, deep=True):
            names = ("dictionary", "transform_algorithm", "transform_n_nonzero_coefs", "transform_alpha",
                     "split_sign", "n_jobs", "positive_code", "transform_max_iter")
            return {name: getattr(self, name) for name in names}

        def set_params(self, **params):
            for name, value in params.items():
                setattr(self, name, value)
            return self

    class _Transformer:
        def fit_transform(self, X, y=None, **fit_params):
            return self.fit(X, y, **fit_params).transform(X)


class SparseCoder(_Transformer, _Base):
    """As sklearn.decomposition.SparseCoder: transform(X) is sparse_encode over the fixed dictionary
    (n_components, n_features); fit() learns nothing and returns self."""

    def __init__(self, dictionary, *, transform_algorithm="omp", transform_n_nonzero_coefs=None,
                 transform_alpha=None, split_sign=False, n_jobs=None, positive_code=False, transform_max_iter=1000):
        self.dictionary = dictionary
        self.transform_algorithm = transform_algorithm
        self.transform_n_nonzero_coefs = transform_n_nonzero_coefs
        self.transform_alpha = transform_alpha
        self.split_sign = split_sign
        self.n_jobs = n_jobs
        self.positive_code = positive_code
        self.transform_max_iter = transform_max_iter

    def fit(self, X, y=None):
        return self

    def transform(self, X, y=None):
        code = sparse_encode(X, self.dictionary, algorithm=self.transform_algorithm,
                             n_nonzero_coefs=self.transform_n_nonzero_coefs, alpha=self.transform_alpha,
                             max_iter=self.transform_max_iter, n_jobs=self.n_jobs, positive=self.positive_code)
        if self.split_sign:
            code = np.concatenate([np.maximum(code, 0), -np.minimum(code, 0)], axis=1)
        return code

    @property
    def n_components_(self):
        return np.asarray(self.dictionary).shape[0]

    @property
    def n_features_in_(self):
        return np.asarray(self.dictionary).shape[1]
