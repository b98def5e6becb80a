"""Kernel banks: the paper's Log-Gabor banks, their variants, random banks, and your own atoms."""

import math

import numpy as np

from . import _core
from ._arrays import float_array

_DEGREE = math.pi / 180


def _dtype_name(dtype):
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be float32 or float64, got {dtype}")
    return dtype.name


class Bank:
    """K atoms of N×N (``atoms``, shape (K, N, N)) and, per atom, its orientation ``theta``, its
    orientation bandwidth ``btheta`` and its phase ``phase`` (radians; NaN where unknown)."""

    def __init__(self, atoms, info=None):
        self.atoms = float_array(atoms, "atoms", ndim=3)
        if info is None:
            info = np.full((self.atoms.shape[0], 3), np.nan)
        info = np.asarray(info, dtype=np.float64)
        if info.shape != (self.atoms.shape[0], 3):
            raise ValueError(f"info: expected shape ({self.atoms.shape[0]}, 3), got {info.shape}")
        self.theta, self.btheta, self.phase = info[:, 0].copy(), info[:, 1].copy(), info[:, 2].copy()

    @property
    def dtype(self):
        return self.atoms.dtype

    def __len__(self):
        return self.atoms.shape[0]

    @property
    def atom_size(self):
        return self.atoms.shape[1]

    def astype(self, dtype):
        """The same bank in another precision."""
        info = np.stack([self.theta, self.btheta, self.phase], axis=1)
        return Bank(np.ascontiguousarray(self.atoms, dtype=_dtype_name(dtype)), info)

    def __repr__(self):
        return f"hsc.Bank({len(self)} atoms of {self.atom_size}x{self.atom_size}, {self.dtype})"


def _btheta_law(btheta):
    """(law, a, b, n, values) in radians from btheta in degrees: a number (one value), a sequence
    of values, or ("grid", lo, hi, n) (lo excluded), ("lognormal", mean, cv, n), ("gamma", mean, cv, n)."""
    if isinstance(btheta, tuple) and btheta and isinstance(btheta[0], str):
        law, *params = btheta
        if law == "grid" and len(params) == 3:
            return "grid", params[0] * _DEGREE, params[1] * _DEGREE, int(params[2]), []
        if law in ("lognormal", "gamma") and len(params) == 3:
            return law, params[0] * _DEGREE, float(params[1]), int(params[2]), []
        raise ValueError(
            f"btheta: expected ('grid', lo, hi, n), ('lognormal', mean, cv, n) or ('gamma', mean, cv, n) "
            f"in degrees, got {btheta!r}"
        )
    if np.ndim(btheta) == 0:
        return "single", float(btheta) * _DEGREE, 0.0, 1, []
    values = [float(v) * _DEGREE for v in np.asarray(btheta, dtype=np.float64).ravel()]
    if not values:
        raise ValueError("btheta: the list of values is empty")
    return "values", 0.0, 0.0, len(values), values


def btheta_population(btheta):
    """The orientation bandwidths (degrees, ascending) a bank draws for ``btheta`` (see bank())."""
    law, a, b, n, values = _btheta_law(btheta)
    return np.asarray(_core.population(law, a, b, n, values)) / _DEGREE


def bank(kind="heterogeneous", *, size=12, thetas=None, btheta=None, phases=(0.0, 90.0), normalize=None,
         count=144, seed=0, dtype="float32"):
    """A kernel bank, as ``hsc bank --kind KIND`` makes it.

    kind: "heterogeneous" (12 orientations × B_θ 5..30° × 2 phases, the paper's), "homogeneous"
    (72 orientations × B_θ 12°), "gabor" (spatial Gabor atoms, heterogeneous geometry) or "random"
    (``count`` normal atoms drawn with ``seed``).
    btheta (degrees): a number, a sequence of values, ("grid", lo, hi, n) for lo + (hi − lo)·k/n,
    k = 1..n, ("lognormal", mean, cv, n) or ("gamma", mean, cv, n) (quantiles of the law).
    phases in degrees; normalize "maxabs" (the paper's; default) or "l2" (default for random).
    """
    dtype = _dtype_name(dtype)
    if kind == "random":
        if thetas is not None or btheta is not None:
            raise ValueError("thetas and btheta do not apply to a random bank")
        atoms, info = _core.random_bank(count, size, seed, normalize or "l2", dtype)
        return Bank(atoms, info)
    if kind not in ("heterogeneous", "homogeneous", "gabor"):
        raise ValueError(f"kind must be 'heterogeneous', 'homogeneous', 'gabor' or 'random', got {kind!r}")
    homogeneous = kind == "homogeneous"
    if btheta is None:
        btheta = 12.0 if homogeneous else ("grid", 0.0, 30.0, 6)
    law, a, b, n, values = _btheta_law(btheta)
    model = "gabor" if kind == "gabor" else "log_gabor"
    atoms, info = _core.oriented_bank(model, size, thetas if thetas is not None else (72 if homogeneous else 12),
                                      law, a, b, n, values, [p * _DEGREE for p in phases],
                                      normalize or "maxabs", dtype)
    return Bank(atoms, info)


def heterogeneous_bank(dtype="float32"):
    """The paper's heterogeneous bank: 144 Log-Gabor atoms of 12×12, B_θ from 5° to 30°."""
    return bank("heterogeneous", dtype=dtype)


def homogeneous_bank(dtype="float32"):
    """The paper's homogeneous bank: 144 Log-Gabor atoms of 12×12, B_θ 12°, 72 orientations."""
    return bank("homogeneous", dtype=dtype)
