"""Beyond coding: dictionary learning, the Log-Gabor fit, the spike-phase quantizer, reservoirs."""

import numpy as np

from . import _core
from ._arrays import core_for, float_array
from ._banks import Bank



def learn(images, bank, shape=(64, 64), steps=1000, seed=42, preprocess=True, lmbda=0.01, on_step=None):
    """SPORCO's online convolutional dictionary learning (docs/science.md §1.5): ``steps`` steps,
    each on a crop of ``shape`` drawn (with ``seed``) from ``images`` (a list of 2-D arrays of the
    bank's dtype), preprocessed as the paper (whitening, LCN, mask) if ``preprocess``. Returns the
    learned Bank. ``on_step(step, total)`` is called after each step. Deterministic: the same bank,
    images and options give the same atoms."""
    images = [float_array(image, f"images[{i}]", ndim=2, dtype=bank.dtype) for i, image in enumerate(images)]
    atoms = core_for(bank.dtype).learn(bank.atoms, images, shape[0], shape[1], steps, seed, preprocess, lmbda,
                                      on_step)
    return Bank(atoms)


def fit_log_gabor(bank):
    """The Log-Gabor (θ, B_θ, φ) that best fits each atom, and its R²: a structured array with fields
    theta, btheta, phase (radians) and r2."""
    fits = core_for(bank.dtype).fit_log_gabor(bank.atoms)
    result = np.zeros(len(fits), dtype=[("theta", "f8"), ("btheta", "f8"), ("phase", "f8"), ("r2", "f8")])
    for i, name in enumerate(result.dtype.names):
        result[name] = fits[:, i]
    return result


def quantize(samples, thresholds, table="lif", payload=25.0):
    """Spike phases (S, N·D), uint8, of samples (S, N) of nonnegative features through thresholds
    (N, D) (row i: the D units of feature i); 0 is silence. table: "lif" (the simulated neuron's own
    thresholds), "authors" (the authors' step timing: one or two steps later) or "drive_crossing"
    (the closed form)."""
    samples = np.ascontiguousarray(samples, dtype=np.float64)
    thresholds = np.ascontiguousarray(thresholds, dtype=np.float64)
    if samples.ndim != 2 or thresholds.ndim != 2:
        raise ValueError(f"samples and thresholds must be 2-D, got shapes {samples.shape} and {thresholds.shape}")
    return _core.quantize(samples, thresholds, table, float(payload))


class Reservoir:
    """A random recurrent network of len(tau) rate (or LIF) neurons with time constants ``tau``
    (assigned in ascending order, clamped at dt), density, gain J, input_gain J_u, noise J_n, biases
    b_i ~ N(0, bias²), as docs/science.md §3. ``dale``: every weight has its presynaptic neuron's sign;
    ``spectral_radius`` > 0 rescales J·W to it; ``refractory``: LIF steps at rest after a spike.
    run(inputs (T, m)) → features (T, n) from rest."""

    def __init__(self, tau, inputs=1, *, density=0.1, gain=1.5, input_gain=1.0, noise=0.0, dt=1.0, recurrent=True,
                 model="rate", method="euler", seed=1, bias=0.0, dale=True, spectral_radius=0.0, refractory=0):
        tau = np.asarray(tau, dtype=np.float64).ravel()
        if tau.size == 0:
            raise ValueError("tau: no neurons")
        self._net = _core.Reservoir(tau.tolist(), inputs, density, gain, input_gain, noise, dt, recurrent, model,
                                    method, seed, bias, dale, spectral_radius, refractory)

    @property
    def spectral_radius(self):
        """ρ(J·W) of the recurrent weights, estimated by power iteration (0 without recurrence)."""
        return self._net.spectral_radius()

    @property
    def tau(self):
        """The time constants in use (after clamping)."""
        return self._net.time_constants()

    def run(self, inputs):
        inputs = np.ascontiguousarray(inputs, dtype=np.float64)
        if inputs.ndim == 1:
            inputs = inputs[:, None]
        return self._net.run(inputs)
