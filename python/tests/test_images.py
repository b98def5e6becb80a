"""Coding images from Python: the same codes and figures as the tool, SPORCO's values, round trips,
both precisions, threads."""

import threading
import time

import numpy as np
import pytest

import hsc
from conftest import DATA, run_tool

# SPORCO 0.2.1 on astronaut.pgm, heterogeneous bank, λ 0.01, 100 iterations (tests/data/natural/REFERENCE.md),
# and the tolerance the C++ tests hold hsc to.
SPORCO_SPARSENESS, SPORCO_PSNR = 0.994162, 31.075


@pytest.fixture(scope="module")
def admm_code(astronaut):
    image = hsc.local_contrast_normalize(astronaut)
    return image, hsc.encode(image, hsc.heterogeneous_bank(), solver="admm", lmbda=0.01, max_iter=100, threads=2)


def test_admm_reproduces_the_tool_and_sporco(admm_code, tmp_path):
    image, code = admm_code
    codes = tmp_path / "codes.npy"
    line = run_tool("encode", DATA / "natural" / "astronaut.pgm", "--bank", "heterogeneous", "--solver", "admm",
                    "--lambda", 0.01, "--iters", 100, "--threads", 2, "--codes", codes)
    # The tool prints sparseness to 6 decimals and PSNR to 4: the module gives the same digits...
    assert round(code.sparseness, 6) == line["sparseness"]
    assert round(code.report["psnr_db"], 4) == line["psnr_db"]
    assert code.nnz == line["nnz"] and code.report["iterations"] == line["iterations"]
    # ...because it is the same code, bit for bit.
    assert np.array_equal(code.dense(), np.load(codes))
    assert abs(code.sparseness - SPORCO_SPARSENESS) <= 3e-4
    assert abs(code.report["psnr_db"] - SPORCO_PSNR) <= 0.15


def test_the_papers_classification_encoder_is_the_tools(astronaut, tmp_path):
    # settings="classification" is `hsc encode --admm-settings classification`: resized to 64x64,
    # LCN, the same iterations and the same dense X, bit for bit.
    image = hsc.local_contrast_normalize(hsc.centre_crop_resize(astronaut, 64, 64))
    code = hsc.encode(image, hsc.heterogeneous_bank(), solver="admm", settings="classification", threads=2)
    codes = tmp_path / "codes.npy"
    line = run_tool("encode", DATA / "natural" / "astronaut.pgm", "--resize", 64, "--bank", "heterogeneous",
                    "--solver", "admm", "--admm-settings", "classification", "--threads", 2, "--codes", codes)
    assert code.report["iterations"] == line["iterations"] and code.report["stop"] == "converged"
    assert code.nnz == 144 * 64 * 64 == line["nnz"]  # X is dense
    assert np.array_equal(code.dense(), np.load(codes))
    # An option after the preset overrides it: Y, the sparse iterate, instead of X.
    sparse = hsc.encode(image, hsc.heterogeneous_bank(), solver="admm", settings="classification", code="y")
    assert sparse.nnz < code.nnz // 10


def test_the_code_rebuilds_the_image_at_the_reported_psnr(admm_code):
    image, code = admm_code
    recon = code.reconstruct()
    assert recon.shape == image.shape and recon.dtype == np.float32
    error = np.mean((image.astype(np.float64) - recon) ** 2)
    psnr = 10 * np.log10(float(image.max() - image.min()) ** 2 / error)
    assert psnr == pytest.approx(code.report["psnr_db"], abs=1e-3)


def test_dense_coo_and_events_agree(admm_code):
    _, code = admm_code
    dense = code.dense()
    assert dense.shape == (144, 256, 256)
    assert np.count_nonzero(dense) == code.nnz
    assert np.array_equal(dense[code.atom, code.row, code.col], code.value)
    events = code.events()
    assert events.shape == (len(code.value), 4)
    assert np.all(np.diff(np.abs(events[:, 3])) <= 0)
    pruned = code.pruned(0.1)
    assert pruned.nnz == np.count_nonzero(np.abs(code.value) >= 0.1)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("solver,options", [("mp", {"max_atoms": 300}), ("omp", {"max_atoms": 300}),
                                            ("fista", {"max_iter": 30}), ("admm", {"max_iter": 20})])
def test_every_solver_in_both_precisions(astronaut, dtype, solver, options):
    image = hsc.local_contrast_normalize(np.ascontiguousarray(astronaut[64:128, 64:128], dtype=dtype))
    bank = hsc.heterogeneous_bank(dtype)
    code = hsc.encode(image, bank, solver=solver, **options)
    assert code.value.dtype == np.dtype(dtype)
    if solver in ("mp", "omp"):
        assert code.report["atoms"] == 300 and 0 < code.nnz <= 300
    else:
        assert code.report["iterations"] == options["max_iter"]
    recon = code.reconstruct()
    error = np.mean((image.astype(np.float64) - recon) ** 2)
    assert 10 * np.log10(float(np.ptp(image)) ** 2 / error) == pytest.approx(code.report["psnr_db"], abs=1e-2)
    assert code.report["psnr_db"] > 10


def test_float32_and_float64_give_the_same_mp_code(astronaut):
    image = hsc.local_contrast_normalize(astronaut[:96, :96].copy())
    single = hsc.encode(image, hsc.heterogeneous_bank(), max_atoms=200)
    double = hsc.encode(image.astype(np.float64), hsc.heterogeneous_bank("float64"), max_atoms=200)
    assert np.array_equal(single.atom, double.atom) and np.array_equal(single.row, double.row)
    assert np.allclose(single.value, double.value, rtol=1e-4, atol=1e-5)


def test_the_16_bit_table_codes_as_well_as_exact_mp(astronaut):
    image = hsc.local_contrast_normalize(astronaut[:96, :96].copy())
    exact = hsc.encode(image, hsc.heterogeneous_bank(), max_atoms=500)
    narrow = hsc.encode(image, hsc.heterogeneous_bank(), max_atoms=500, cross_table="int16")
    assert narrow.report["atoms"] == 500
    assert narrow.report["psnr_db"] == pytest.approx(exact.report["psnr_db"], abs=0.05)
    assert np.array_equal(narrow.atom[:50], exact.atom[:50]) and np.array_equal(narrow.row[:50], exact.row[:50])


def test_an_encoder_codes_many_images_and_its_result_does_not_depend_on_threads(astronaut):
    image = hsc.local_contrast_normalize(astronaut[:128, :128].copy())
    bank = hsc.heterogeneous_bank()
    one = hsc.Encoder(bank, image.shape, "admm", max_iter=10, threads=1)
    three = hsc.Encoder(bank, image.shape, "admm", max_iter=10, threads=3)
    first = one.encode(image)
    again = one.encode(image[::-1].copy())  # another image in the same buffers
    assert not np.array_equal(first.dense(), again.dense())
    assert np.array_equal(one.encode(image).dense(), three.encode(image).dense())


def test_the_gil_is_released_while_coding(astronaut):
    """While another thread codes, this one keeps running Python: the encode does not hold the GIL."""
    image = hsc.local_contrast_normalize(astronaut)
    encoder = hsc.Encoder(hsc.heterogeneous_bank(), image.shape, "mp", max_atoms=3000)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (encoder.encode(image), done.set()))
    ticks = 0
    worker.start()
    start = time.perf_counter()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    # Held, the GIL would leave this loop a handful of turns whatever the encode's length.
    assert time.perf_counter() - start > 0.05 and ticks > 10


def test_two_threads_coding_at_once_get_the_results_of_one(astronaut):
    image = hsc.local_contrast_normalize(astronaut[:128, :128].copy())
    other = np.ascontiguousarray(image.T)
    bank = hsc.heterogeneous_bank()
    alone = [hsc.encode(x, bank, max_atoms=1000).dense() for x in (image, other)]
    results = [None, None]
    encoders = [hsc.Encoder(bank, image.shape, "mp", max_atoms=1000) for _ in range(2)]
    shared = hsc.Encoder(bank, image.shape, "mp", max_atoms=1000)

    def work(i, encoder):
        results[i] = encoder.encode((image, other)[i]).dense()

    for pair in (encoders, [shared, shared]):  # separate encoders, and one shared (serialised)
        threads = [threading.Thread(target=work, args=(i, pair[i])) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert np.array_equal(results[0], alone[0]) and np.array_equal(results[1], alone[1])
