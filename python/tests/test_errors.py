"""Bad arguments and data are refused before any coding, with messages that name them."""

import numpy as np
import pytest

import hsc


@pytest.fixture(scope="module")
def bank():
    return hsc.heterogeneous_bank()


def test_wrong_dtype_is_named(bank):
    with pytest.raises(TypeError, match=r"image: dtype uint8; hsc codes float32 or float64"):
        hsc.encode(np.zeros((32, 32), np.uint8), bank)
    with pytest.raises(TypeError, match=r"image: dtype float64, expected float32"):
        hsc.Encoder(bank, (32, 32)).encode(np.zeros((32, 32)))
    with pytest.raises(TypeError, match="image: expected a numpy array"):
        hsc.encode([[1.0, 2.0]], bank)


def test_a_strided_view_is_named(bank):
    image = np.random.default_rng(0).standard_normal((64, 64)).astype(np.float32)
    with pytest.raises(ValueError, match=r"image: the array is not C-contiguous .*np.ascontiguousarray"):
        hsc.encode(image[:, ::2], bank)


def test_wrong_shapes_are_named(bank):
    with pytest.raises(ValueError, match=r"image: expected 2 dimensions, got shape \(4, 4, 3\)"):
        hsc.encode(np.zeros((4, 4, 3), np.float32), bank)
    with pytest.raises(ValueError, match=r"image: shape \(32, 33\), this encoder codes \(32, 32\)"):
        hsc.Encoder(bank, (32, 32)).encode(np.zeros((32, 33), np.float32))
    with pytest.raises(ValueError, match=r"image: the array is empty"):
        hsc.encode(np.zeros((0, 5), np.float32), bank)


def test_library_messages_reach_python(bank):
    image = np.ones((32, 32), np.float32)
    image[3, 7] = np.nan
    with pytest.raises(ValueError, match=r"encoder: pixel \(3, 7\)"):
        hsc.encode(image, bank)
    with pytest.raises(ValueError, match=r"solver 'admm' has no option 'max_atoms' \(it takes"):
        hsc.encode(np.ones((32, 32), np.float32), bank, solver="admm", max_atoms=5)
    with pytest.raises(ValueError, match="option 'max_atoms' of solver 'mp' cannot be -3"):
        hsc.encode(np.ones((32, 32), np.float32), bank, max_atoms=-3)
    with pytest.raises(ValueError, match="solver must be 'mp', 'omp', 'fista' or 'admm', got 'lars'"):
        hsc.encode(np.ones((32, 32), np.float32), bank, solver="lars")
    with pytest.raises(ValueError, match="admm: needs iterations > 0, relaxation in \\(0, 2\\)"):
        hsc.encode(np.ones((32, 32), np.float32), bank, solver="admm", relax=2.5)
    with pytest.raises(ValueError, match="admm: settings must be 'sporco' or 'classification', got 'cifar'"):
        hsc.encode(np.ones((32, 32), np.float32), bank, solver="admm", settings="cifar")
    with pytest.raises(ValueError, match="admm: code must be 'x' \\(dense\\) or 'y' \\(sparse\\), got 'z'"):
        hsc.encode(np.ones((32, 32), np.float32), bank, solver="admm", code="z")
    with pytest.raises(ValueError, match="mp: cross_table must be 'exact' or 'int16', got 'int8'"):
        hsc.encode(np.ones((32, 32), np.float32), bank, cross_table="int8")
    with pytest.raises(ValueError, match="solver 'omp' has no option 'cross_table'"):
        hsc.encode(np.ones((32, 32), np.float32), bank, solver="omp", cross_table="int16")
    with pytest.raises(ValueError, match="kernel_bank"):
        hsc.encode(np.ones((8, 8), np.float32), hsc.Bank(np.zeros((2, 3, 3), np.float32)))


def test_bad_bank_arguments():
    with pytest.raises(ValueError, match="btheta: expected \\('grid', lo, hi, n\\)"):
        hsc.bank(btheta=("grid", 0, 30))
    with pytest.raises(ValueError, match="kind must be"):
        hsc.bank("fancy")
    with pytest.raises(ValueError, match="thetas and btheta do not apply to a random bank"):
        hsc.bank("random", btheta=10)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        hsc.bank(dtype="int32")
    with pytest.raises(TypeError, match="bank: expected an hsc.Bank"):
        hsc.Encoder(np.zeros((2, 3, 3)), (8, 8))
