"""scikit-learn's calls, answered by hsc: the same numbers (to float tolerance), shapes and errors as
scikit-learn 1.2 itself, on generated problems."""

import numpy as np
import pytest
from sklearn.decomposition import SparseCoder as SkSparseCoder
from sklearn.decomposition import sparse_encode as sk_sparse_encode
from sklearn.linear_model import Lasso
from sklearn.linear_model import orthogonal_mp_gram as sk_omp_gram
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

import hsc
from conftest import DATA


def problem(seed, atoms=64, features=16, samples=40, dtype=np.float64):
    rng = np.random.default_rng(seed)
    D = rng.standard_normal((atoms, features))
    D /= np.linalg.norm(D, axis=1, keepdims=True)
    return D.astype(dtype), rng.standard_normal((samples, features)).astype(dtype)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("k", [1, 3, 8, 16])
def test_orthogonal_mp_gram_matches(seed, k):
    D, X = problem(seed)
    G, Xy = D @ D.T, D @ X.T
    ours, iters = hsc.orthogonal_mp_gram(G, Xy, n_nonzero_coefs=k, return_n_iter=True)
    theirs, their_iters = sk_omp_gram(G, Xy, n_nonzero_coefs=k, return_n_iter=True)
    assert ours.shape == theirs.shape == (64, 40) and ours.dtype == theirs.dtype
    assert np.allclose(ours, theirs, rtol=1e-9, atol=1e-10)
    assert list(iters) == list(their_iters)


def test_orthogonal_mp_gram_with_a_tolerance_matches():
    D, X = problem(3)
    G, Xy, norms = D @ D.T, D @ X.T, np.sum(X**2, axis=1)
    for tol in (0.5, 2.0, 8.0):
        ours = hsc.orthogonal_mp_gram(G, Xy, tol=tol, norms_squared=norms)
        theirs = sk_omp_gram(G, Xy, tol=tol, norms_squared=norms)
        assert np.allclose(ours, theirs, rtol=1e-9, atol=1e-10)
        assert np.all(np.sum((X - ours.T @ D) ** 2, axis=1) <= tol + 1e-9)


def test_orthogonal_mp_gram_shapes_and_defaults_follow_sklearn():
    D, X = problem(4, atoms=40, features=30, samples=1)
    G, xy = D @ D.T, D @ X[0]
    ours, n = hsc.orthogonal_mp_gram(G, xy, return_n_iter=True)  # default: int(0.1 · 40) atoms
    theirs, their_n = sk_omp_gram(G, xy, return_n_iter=True)
    assert ours.shape == theirs.shape == (40,) and n == their_n == 4
    assert np.allclose(ours, theirs, rtol=1e-9, atol=1e-10)
    assert hsc.orthogonal_mp_gram(G, xy[:, None], n_nonzero_coefs=2).shape == (40,)  # squeezed, as sklearn
    f32 = hsc.orthogonal_mp_gram(G.astype(np.float32), xy.astype(np.float32), n_nonzero_coefs=3)
    assert f32.dtype == np.float32
    assert np.allclose(f32, sk_omp_gram(G, xy, n_nonzero_coefs=3), atol=1e-4)


@pytest.mark.parametrize("kwargs,message", [
    ({"n_nonzero_coefs": 0}, "The number of atoms must be positive"),
    ({"n_nonzero_coefs": 41}, "The number of atoms cannot be more than the number of features"),
    ({"tol": 1.0}, "Gram OMP needs the precomputed norms"),
    ({"tol": -1.0, "norms_squared": [1.0]}, "Epsilon cannot be negative"),
    ({"return_path": True, "n_nonzero_coefs": 2}, "return_path=True is not supported"),
])
def test_orthogonal_mp_gram_refuses_what_sklearn_refuses(kwargs, message):
    D, X = problem(5, atoms=40, features=30, samples=1)
    with pytest.raises(ValueError, match=message):
        hsc.orthogonal_mp_gram(D @ D.T, D @ X[0], **kwargs)


def test_an_asymmetric_gram_matrix_is_named():
    G = np.eye(4)
    G[0, 1] = 0.5
    with pytest.raises(ValueError, match=r"not symmetric: \(1, 0\)"):
        hsc.orthogonal_mp_gram(G, np.ones(4), n_nonzero_coefs=2)


def test_the_bundled_reference_is_reproduced():
    """The patch-mode reference the C++ tests use (tests/data/make_patch_reference.py)."""
    D = np.load(DATA / "patches_dictionary.npy").astype(np.float64)
    X = np.load(DATA / "patches_signals.npy").astype(np.float64)
    assert np.allclose(hsc.sparse_encode(X, D, algorithm="omp", n_nonzero_coefs=5),
                       np.load(DATA / "patches_omp_sklearn.npy"), atol=1e-10)
    assert np.allclose(hsc.sparse_encode(X, D, algorithm="lasso_cd", alpha=0.1),
                       np.load(DATA / "patches_lasso_sklearn.npy"), atol=1e-7)


@pytest.mark.parametrize("algorithm", ["omp", "lasso_lars", "lasso_cd", "threshold"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sparse_encode_matches(algorithm, dtype):
    D, X = problem(6, dtype=dtype)
    kwargs = {"n_nonzero_coefs": 4} if algorithm == "omp" else {"alpha": 0.2}
    ours = hsc.sparse_encode(X, D, algorithm=algorithm, **kwargs)
    theirs = sk_sparse_encode(X, D, algorithm=algorithm, **kwargs)
    assert ours.shape == theirs.shape == (40, 64) and ours.dtype == theirs.dtype
    if algorithm in ("omp", "threshold") or (algorithm == "lasso_lars" and dtype == np.float64):
        assert np.allclose(ours, theirs, atol=1e-4 if dtype == np.float32 else 1e-7)
        return
    # scikit-learn's coordinate descent stops at its own tol (1e-4), and its LARS in float32 is
    # float32-exact at best; hsc solves the lasso in float64: compare both with the exact minimiser.
    exact = np.stack([Lasso(alpha=0.2 / 16, fit_intercept=False, tol=1e-12, max_iter=10**6)
                      .fit(D.T.astype(np.float64), x).coef_ for x in X.astype(np.float64)])
    assert np.allclose(ours, exact, atol=1e-5 if dtype == np.float32 else 1e-7)

    def objective(code):  # the lasso both minimise, per sample
        code = code.astype(np.float64)
        return 0.5 * np.sum((X - code @ D) ** 2, axis=1) + 0.2 * np.sum(np.abs(code), axis=1)

    assert np.all(objective(ours) <= objective(theirs) + 1e-6)


def test_sparse_encode_with_threads_gives_the_same_codes():
    D, X = problem(7, samples=200)
    one = hsc.sparse_encode(X, D, algorithm="lasso_lars", alpha=0.1)
    assert np.array_equal(one, hsc.sparse_encode(X, D, algorithm="lasso_lars", alpha=0.1, n_jobs=3))


def test_sparse_encode_refuses_what_hsc_does_not_compute():
    D, X = problem(8)
    with pytest.raises(ValueError, match="algorithm 'lars' is not supported"):
        hsc.sparse_encode(X, D, algorithm="lars")
    with pytest.raises(ValueError, match="positive=True is not supported"):
        hsc.sparse_encode(X, D, algorithm="omp", positive=True)
    with pytest.raises(ValueError, match="X has 15 features, the dictionary's atoms 16"):
        hsc.sparse_encode(X[:, :15], D)
    with pytest.raises(ValueError, match="X: contains NaN"):
        hsc.sparse_encode(np.full((2, 16), np.nan), D)


def test_sparse_coder_in_a_pipeline():
    D, X = problem(9, samples=120)
    y = (X[:, 0] > 0).astype(int)
    for algorithm, kwargs in (("omp", {"transform_n_nonzero_coefs": 3}), ("lasso_lars", {"transform_alpha": 0.1})):
        ours = hsc.SparseCoder(D, transform_algorithm=algorithm, **kwargs)
        theirs = SkSparseCoder(D, transform_algorithm=algorithm, **kwargs)
        assert np.allclose(ours.fit_transform(X), theirs.fit_transform(X), atol=1e-7)
        pipe = make_pipeline(hsc.SparseCoder(D, transform_algorithm=algorithm, split_sign=True, **kwargs),
                             LogisticRegression(max_iter=1000))
        reference = make_pipeline(SkSparseCoder(D, transform_algorithm=algorithm, split_sign=True, **kwargs),
                                  LogisticRegression(max_iter=1000))
        assert np.array_equal(pipe.fit(X, y).predict(X), reference.fit(X, y).predict(X))
    assert hsc.SparseCoder(D).get_params()["transform_algorithm"] == "omp"
