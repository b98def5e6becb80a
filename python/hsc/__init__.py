"""hsc: heterogeneous sparse coding — images and signals coded over Log-Gabor banks whose orientation
bandwidths are spread over several values (Ladret, Casanova & Perrinet 2024).

Arrays in and out are numpy arrays of float32 or float64, C-contiguous; an array of another dtype,
or a strided view, is refused with a message that names it (hsc never copies or casts behind your
back). The scikit-learn- and SPORCO-shaped entry points (hsc.orthogonal_mp_gram, hsc.sparse_encode,
hsc.SparseCoder, hsc.ConvBPDN) accept what their originals accept. Coding releases the GIL: Python
threads coding with different encoders run in parallel. Errors from the library are ValueError
(bad argument or data), OSError or MemoryError, with the library's message.

Walk-through: docs/python.md.
"""

import os
import sys

try:
    import numpy as np
except ImportError:  # an interpreter other than the one hsc was built for (pyenv, a venv)
    from . import _build_info

    if sys.version_info[:2] != _build_info.python_version or not os.path.isdir(_build_info.numpy_path):
        raise ImportError(
            f"hsc needs numpy, which {sys.executable} cannot import; hsc was built for "
            f"{_build_info.python} (Python {'.'.join(map(str, _build_info.python_version))}), whose numpy "
            f"is in {_build_info.numpy_path}"
        ) from None
    # The same Python version as the build's interpreter: its numpy is binary-compatible. Appended,
    # so any package of this interpreter's own still comes first.
    sys.path.append(_build_info.numpy_path)
    import numpy as np

from . import _core
from ._arrays import core_for, float_array
from ._banks import Bank, bank, btheta_population, heterogeneous_bank, homogeneous_bank
from . import datasets

__version__ = _core.version

__all__ = [
    "Bank", "bank", "heterogeneous_bank", "homogeneous_bank", "btheta_population",
    "local_contrast_normalize", "whiten", "learning_preprocess", "centre_crop_resize", "grayscale",
    "Code", "Encoder", "encode", "PatchCoder", "encode_patches",
    "ConvBPDN", "orthogonal_mp_gram", "sparse_encode", "SparseCoder",
    "learn", "fit_log_gabor", "quantize", "Reservoir", "datasets",
]

# --- preprocessing -----------------------------------------------------------------------------------


def local_contrast_normalize(image, n=7):
    """SPORCO's local contrast normalisation (Gaussian window of n×n)."""
    image = float_array(image, "image", ndim=2)
    return core_for(image.dtype).local_contrast_normalize(image, n)


def whiten(image):
    """Spectral whitening as the paper's learning pipeline does it."""
    image = float_array(image, "image", ndim=2)
    return core_for(image.dtype).whiten(image)


def learning_preprocess(image):
    """The learning pipeline: whitening, LCN, circular mask."""
    image = float_array(image, "image", ndim=2)
    return core_for(image.dtype).learning_preprocess(image)


def centre_crop_resize(image, height, width):
    """The centre cropped to the aspect of height × width, resampled by area means."""
    image = float_array(image, "image", ndim=2)
    return core_for(image.dtype).centre_crop_resize(image, height, width)


def grayscale(rgb):
    """0.299 R + 0.587 G + 0.114 B of an (H, W, 3) image."""
    rgb = float_array(rgb, "rgb", ndim=3)
    return core_for(rgb.dtype).grayscale(rgb)


from ._coding import Code, Encoder, PatchCoder, encode, encode_patches  # noqa: E402
from ._models import Reservoir, fit_log_gabor, learn, quantize  # noqa: E402
from .sklearn import SparseCoder, orthogonal_mp_gram, sparse_encode  # noqa: E402
from .sporco import ConvBPDN  # noqa: E402
