"""Coding images (Encoder, encode, Code) and signals (PatchCoder, encode_patches)."""

import os

import numpy as np

from ._arrays import core_for, float_array
from ._banks import Bank

_GREEDY = ("mp", "omp")



class Code:
    """The sparse code of one image: one entry per nonzero coefficient, as COO arrays ``atom``,
    ``row``, ``col`` (uint32) and ``value``; ``shape`` = (K, H, W); ``boundary``; ``report`` (what
    the coder did: atoms or iterations, psnr_db, residual_energy, objective for the convex coders,
    stop, and seconds: the C++ coding alone). Atom k placed at (row, col) covers rows row..row+N−1 (circular: wrapping) or is centred
    there (zero boundary), as in the library."""

    def __init__(self, atom, row, col, value, shape, boundary, bank, report=None):
        self.atom, self.row, self.col, self.value = atom, row, col, value
        self.shape = tuple(int(s) for s in shape)
        self.boundary = boundary
        self.bank = bank
        self.report = dict(report or {})

    @property
    def nnz(self):
        """Nonzero coefficients."""
        return int(np.count_nonzero(self.value))

    @property
    def sparseness(self):
        """1 − nnz / (K·H·W), as the paper and the tool report it."""
        return 1.0 - self.nnz / float(np.prod(self.shape))

    def dense(self):
        """The code as dense maps (K, H, W)."""
        maps = np.zeros(self.shape, dtype=self.value.dtype)
        maps[self.atom, self.row, self.col] = self.value
        return maps

    def events(self):
        """(E, 4) rows atom, row, col, value, the largest |value| first (the tool's --events)."""
        order = np.argsort(-np.abs(self.value), kind="stable")
        table = np.stack([self.atom, self.row, self.col], axis=1).astype(self.value.dtype)
        return np.concatenate([table[order], self.value[order, None]], axis=1)

    def reconstruct(self):
        """The image Σ_k atom_k ∗ map_k (H, W)."""
        _, height, width = self.shape
        return core_for(self.value.dtype).reconstruct(self.bank.atoms, self.atom, self.row, self.col, self.value,
                                                     height, width, self.boundary)

    def pruned(self, threshold):
        """The code without the coefficients of |value| < threshold."""
        keep = np.abs(self.value) >= threshold
        return Code(self.atom[keep], self.row[keep], self.col[keep], self.value[keep], self.shape, self.boundary,
                    self.bank, self.report)

    def __repr__(self):
        return f"hsc.Code(shape={self.shape}, nnz={self.nnz}, sparseness={self.sparseness:.6f})"


def _threads(threads):
    if threads is None:
        return os.cpu_count() or 1
    if int(threads) < 1:
        raise ValueError(f"threads must be >= 1 or None (all cores), got {threads}")
    return int(threads)


class Encoder:
    """Codes images of one size with one bank and solver, set up once (FFT plans, correlation
    tables): construct it once, then encode() many images.

    solver "mp" (options max_atoms=1000, target_psnr, threshold, gain, cross_table="exact" or
    "int16": a 16-bit table of the atoms' cross-correlations, faster, codes drifting from exact MP's),
    "omp" (the same but gain and cross_table, and max_local=16), "fista" (lmbda=0.01, max_iter=500, tol=1e-4, gap_tol, target_objective,
    restart, threads, l1_weight) or "admm" (CBPDN as SPORCO: lmbda=0.01, max_iter=100, tol=1e-4,
    relax=1.8, rho (0: 50λ+1), auto_rho=True, threads, l1_weight; the ρ rule rho_mu=1.2,
    rho_max_factor=1000, rho_normalized=True, rho_increase=True; code="y" (sparse) or "x" (dense);
    settings="classification" starts from the encoder of Ladret et al.'s classification study
    instead: lmbda 0.01, l1_weight 0.5, max_iter 250, tol 0.1, rho 1.5, rho_mu 1.05,
    rho_max_factor 100, rho_normalized=False, rho_increase=False, code "x"). boundary "circular" (as CBPDN)
    or "zero". The result does not depend on threads. An unknown option is an error.
    """

    def __init__(self, bank, shape, solver="mp", boundary="circular", **options):
        if not isinstance(bank, Bank):
            raise TypeError(f"bank: expected an hsc.Bank (hsc.heterogeneous_bank(), hsc.bank(...)), got "
                            f"{type(bank).__name__}")
        if len(shape) != 2 or min(shape) < 1:
            raise ValueError(f"shape: expected (height, width) of positive sizes, got {shape}")
        if "threads" in options:
            options["threads"] = _threads(options["threads"])
        if "l1_weight" in options:
            options["l1_weight"] = np.asarray(options["l1_weight"], dtype=np.float64).ravel().tolist()
        self.bank, self.shape, self.solver, self.boundary = bank, tuple(shape), solver, boundary
        self._encoder = core_for(bank.dtype).ImageEncoder(bank.atoms, shape[0], shape[1], boundary, solver, options)

    def encode(self, image):
        """The Code of ``image`` (H, W), read in place; the GIL is released while coding."""
        image = float_array(image, "image", ndim=2, dtype=self.bank.dtype)
        if image.shape != self.shape:
            raise ValueError(f"image: shape {image.shape}, this encoder codes {self.shape}")
        (atom, row, col, value), report = self._encoder.encode(image)
        return Code(atom, row, col, value, (len(self.bank),) + self.shape, self.boundary, self.bank, report)


def encode(image, bank, solver="mp", boundary="circular", **options):
    """Codes one image: Encoder(bank, image.shape, solver, boundary, **options).encode(image)."""
    image = float_array(image, "image", ndim=2)
    return Encoder(bank, image.shape, solver, boundary, **options).encode(image)


class PatchCoder:
    """Codes signals of N values over a dictionary (K, N) of unit-norm atoms: "omp" (Batch-OMP),
    "mp" (both: at most max_atoms atoms, stop below threshold) or "lasso" (½‖s − Dᵀc‖² + lmbda‖c‖₁
    by FISTA to tol within max_iter), on ``threads`` threads (None: all cores)."""

    def __init__(self, dictionary, solver="omp", *, max_atoms=None, threshold=0.0, lmbda=None, max_iter=1000,
                 tol=1e-4, threads=1):
        self.dictionary = float_array(dictionary, "dictionary", ndim=2)
        k, n = self.dictionary.shape
        if solver == "lasso":
            if lmbda is None or not lmbda > 0:
                raise ValueError(f"lmbda: the lasso needs lmbda > 0, got {lmbda}")
            if max_atoms is not None:
                raise ValueError("max_atoms does not apply to solver 'lasso'")
        elif lmbda is not None:
            raise ValueError(f"lmbda only applies to solver 'lasso', not {solver!r}")
        if max_atoms is None:
            max_atoms = min(k, n)
        self._coder = core_for(self.dictionary.dtype).PatchCoder(self.dictionary, solver, int(max_atoms),
                                                                float(threshold), float(lmbda or 0.0),
                                                                int(max_iter), float(tol), _threads(threads))

    def encode(self, signals, return_steps=False):
        """Coefficients (S, K) of signals (S, N) (or (N,) → (K,)); with return_steps, also the atoms
        (greedy) or iterations (lasso) of each signal."""
        signals = float_array(signals, "signals", dtype=self.dictionary.dtype)
        if signals.ndim not in (1, 2):
            raise ValueError(f"signals: expected (S, N) or (N,), got shape {signals.shape}")
        codes, steps = self._coder.encode(signals.reshape(-1, signals.shape[-1]))
        if signals.ndim == 1:
            codes, steps = codes[0], steps[0]
        return (codes, steps) if return_steps else codes


def encode_patches(signals, dictionary, solver="omp", **options):
    """PatchCoder(dictionary, solver, **options).encode(signals)."""
    return PatchCoder(dictionary, solver, **options).encode(signals)
