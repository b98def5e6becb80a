"""SPORCO's ConvBPDN shape: the same code as hsc.encode, in SPORCO's layouts."""

import numpy as np
import pytest

import hsc


@pytest.fixture(scope="module")
def small(astronaut):
    return hsc.local_contrast_normalize(astronaut[:64, :64].copy())


def test_convbpdn_is_hsc_admm_in_sporco_layouts(small):
    bank = hsc.heterogeneous_bank()
    D = np.moveaxis(bank.atoms, 0, 2)  # SPORCO's (N, N, M)
    solver = hsc.ConvBPDN(D, small, 0.01, {"MaxMainIter": 30, "RelStopTol": 1e-4, "AutoRho": {"Enabled": True},
                                           "Verbose": False}, layout="sporco")
    Y = solver.solve()
    assert Y.shape == (64, 64, 1, 1, 144)
    code = hsc.encode(small, bank, solver="admm", lmbda=0.01, max_iter=30)
    assert np.array_equal(np.moveaxis(Y[:, :, 0, 0, :], 2, 0), code.dense())
    recon = solver.reconstruct()
    assert recon.shape == (64, 64, 1, 1)
    assert np.allclose(recon[:, :, 0, 0], code.reconstruct(), atol=1e-5)
    assert np.allclose(solver.reconstruct(Y), recon, atol=1e-5)
    same = hsc.ConvBPDN(bank.atoms, small, 0.01, {"MaxMainIter": 30}, layout="hsc").solve()
    assert np.array_equal(same, Y)
    as_list = hsc.ConvBPDN(D, small.astype(np.float64).tolist(), 0.01, {"MaxMainIter": 3}, layout="sporco")
    assert as_list.solve().dtype == np.float64  # any array-like, as SPORCO takes it; a list computes in float64


def test_l1_weights_in_sporco_layout(small):
    bank = hsc.heterogeneous_bank()
    D = np.moveaxis(bank.atoms, 0, 2)
    w = np.ones((64, 64, 1, 1, 144))
    w[..., :72] = 1e3  # the first half of the atoms priced out
    Y = hsc.ConvBPDN(D, small, 0.01, {"MaxMainIter": 20, "L1Weight": w}, layout="sporco").solve()
    assert np.count_nonzero(Y[..., :72]) == 0 and np.count_nonzero(Y[..., 72:]) > 0


def test_convbpdn_refuses_what_it_cannot_honour(small):
    D = np.moveaxis(hsc.heterogeneous_bank().atoms, 0, 2)
    with pytest.raises(ValueError, match="layout must be 'sporco'"):
        hsc.ConvBPDN(D, small, 0.01, layout="nhwc")
    with pytest.raises(TypeError, match="layout"):
        hsc.ConvBPDN(D, small, 0.01)
    with pytest.raises(ValueError, match="lmbda: give λ explicitly"):
        hsc.ConvBPDN(D, small, layout="sporco")
    with pytest.raises(ValueError, match="SPORCO option 'NonNegCoef' is not supported"):
        hsc.ConvBPDN(D, small, 0.01, {"NonNegCoef": True}, layout="sporco")
