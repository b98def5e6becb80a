"""Argument checks shared by the package: hsc reads arrays in place, so it takes them only as they
are (float32 or float64, C-contiguous) and names the argument when they are not."""

import numpy as np

from . import _core


def core_for(dtype):
    """The compiled functions for ``dtype``: hsc._core.f4 (float32) or hsc._core.f8 (float64)."""
    return _core.f4 if np.dtype(dtype) == np.float32 else _core.f8


def float_array(value, name, ndim=None, dtype=None):
    """``value`` itself if it is a C-contiguous float32/float64 ndarray of ``ndim`` dimensions (and
    of ``dtype`` if given); otherwise a TypeError or ValueError that names ``name``."""
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name}: expected a numpy array of float32 or float64, got {type(value).__name__}")
    if value.dtype not in (np.float32, np.float64):
        raise TypeError(
            f"{name}: dtype {value.dtype}; hsc codes float32 or float64 arrays "
            f"(convert with {name}.astype(np.float32))"
        )
    if dtype is not None and value.dtype != np.dtype(dtype):
        raise TypeError(f"{name}: dtype {value.dtype}, expected {np.dtype(dtype)} (as the other arguments)")
    if ndim is not None and value.ndim != ndim:
        raise ValueError(f"{name}: expected {ndim} dimensions, got shape {value.shape}")
    if not value.flags.c_contiguous:
        raise ValueError(
            f"{name}: the array is not C-contiguous (strides {value.strides}); hsc reads arrays in place: "
            f"pass np.ascontiguousarray({name})"
        )
    if value.size == 0:
        raise ValueError(f"{name}: the array is empty (shape {value.shape})")
    return value


def like_sklearn(value, name, ndim, dtype=None):
    """``value`` as scikit-learn's check_array would take it: any array-like of numbers, as float64
    (float32 kept if ``dtype`` is float32 or ``value`` already is), C-contiguous, finite."""
    array = np.asarray(value)
    if dtype is None:
        dtype = np.float32 if array.dtype == np.float32 else np.float64
    array = np.ascontiguousarray(array, dtype=dtype)
    if array.ndim != ndim:
        raise ValueError(f"{name}: expected a {ndim}-D array, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name}: contains NaN or infinity")
    return array
