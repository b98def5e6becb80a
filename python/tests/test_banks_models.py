"""Banks as the paper defines them, and the modules beyond coding: learning, the fit, the quantizer,
the reservoir."""

import numpy as np
import pytest

import hsc
from conftest import DATA, read_pgm, run_tool


def test_the_paper_banks_match_the_independent_numpy_recipe():
    reference = np.load(DATA / "reference_banks.npy")  # tests/data/make_reference_banks.py
    for i, bank in enumerate((hsc.heterogeneous_bank(), hsc.homogeneous_bank())):
        assert bank.atoms.shape == (144, 12, 12) and bank.atoms.dtype == np.float32
        assert np.allclose(bank.atoms, reference[i], atol=2e-6)
    hetero = hsc.heterogeneous_bank()
    assert np.allclose(np.unique(np.round(np.degrees(hetero.btheta), 9)), [5, 10, 15, 20, 25, 30])


def test_banks_equal_the_tools(tmp_path):
    out = tmp_path / "bank.npy"
    run_tool("bank", "--kind", "heterogeneous", "--btheta", "lognormal:15:0.5:4", "--thetas", 8, "--out", out)
    ours = hsc.bank("heterogeneous", btheta=("lognormal", 15, 0.5, 4), thetas=8)
    assert np.array_equal(ours.atoms, np.load(out))
    run_tool("bank", "--kind", "random", "--count", 20, "--seed", 3, "--out", out)
    assert np.array_equal(hsc.bank("random", count=20, seed=3).atoms, np.load(out))


def test_btheta_forms():
    assert np.allclose(hsc.btheta_population(("grid", 0, 30, 6)), [5, 10, 15, 20, 25, 30])
    assert np.allclose(hsc.btheta_population([20, 10]), [10, 20])
    assert np.allclose(hsc.btheta_population(12), [12])
    gamma = hsc.btheta_population(("gamma", 15, 0.5, 8))
    assert len(gamma) == 8 and np.all(np.diff(gamma) > 0)
    double = hsc.bank(btheta=[10, 20], thetas=3, dtype="float64")
    assert len(double) == 12 and double.dtype == np.float64


def test_the_fit_recovers_the_banks_geometry():
    bank = hsc.heterogeneous_bank()
    fits = hsc.fit_log_gabor(bank)
    assert np.allclose(fits["btheta"], bank.btheta, atol=1e-9)
    assert np.all(fits["r2"] > 0.99)


def test_learning_equals_the_tool(tmp_path):
    image = read_pgm(DATA / "natural" / "camera.pgm")[:96, :96].copy()
    initial = hsc.bank("random", count=8, size=6, seed=1)
    calls = []
    learned = hsc.learn([image], initial, shape=(32, 32), steps=3, seed=5,
                        on_step=lambda step, total: calls.append((step, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert learned.atoms.shape == (8, 6, 6)
    assert np.allclose(np.linalg.norm(learned.atoms.reshape(8, -1), axis=1), 1, atol=1e-5)
    assert not np.allclose(learned.atoms, initial.atoms / np.linalg.norm(initial.atoms.reshape(8, -1),
                                                                          axis=1)[:, None, None])
    again = hsc.learn([image], initial, shape=(32, 32), steps=3, seed=5)
    assert np.array_equal(learned.atoms, again.atoms)


def test_the_quantizer():
    samples = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0]])
    thresholds = np.array([[0.05, 0.2], [0.1, 0.3], [0.2, 0.4]])
    phases = hsc.quantize(samples, thresholds)
    assert phases.shape == (2, 6) and phases.dtype == np.uint8
    assert np.all(phases[1, :4] == 0) and np.any(phases[1, 4:] > 0)  # absent features stay silent
    with pytest.raises(ValueError, match="feature 0 is -1"):
        hsc.quantize([[-1.0, 1.0, 1.0]], thresholds)
    # The authors' step timing: where both fire, one or two steps later.
    late = hsc.quantize(samples, thresholds, table="authors").astype(int)
    fired = (phases > 0) & (late > 0)
    assert np.any(fired) and np.all((late[fired] - phases[fired] >= 1) & (late[fired] - phases[fired] <= 2))


def test_the_reservoir():
    tau = np.linspace(1, 10, 50)
    net = hsc.Reservoir(tau, seed=3)
    u = np.random.default_rng(0).uniform(-1, 1, 200)
    states = net.run(u)
    assert states.shape == (200, 50) and np.all((states > 0) & (states < 1))
    assert np.array_equal(states, net.run(u))  # from rest each time
    assert np.allclose(np.sort(net.tau), tau)
    assert not np.array_equal(states, hsc.Reservoir(tau, seed=4).run(u))
    assert net.spectral_radius > 0
    assert hsc.Reservoir(tau, seed=3, spectral_radius=0.9).spectral_radius == pytest.approx(0.9, rel=1e-4)
    biased = hsc.Reservoir(tau, seed=3, bias=1.0).run(u)
    assert not np.array_equal(states, biased)
    with pytest.raises(ValueError, match="bias >= 0"):
        hsc.Reservoir(tau, bias=-1.0)
