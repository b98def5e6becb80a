"""Data sets from Python: the files hsc.datasets and hsc.dask write are the tool's, byte for byte,
and read back into Codes that reconstruct to the PSNR the coder reported."""

import filecmp
import os

import numpy as np
import pytest

import hsc
from conftest import DATA, read_pgm, run_tool

OPTIONS = dict(solver="mp", max_atoms=400, shard_size=3)


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    """Eight 48×48 crops of the bundled images, and a file that is not one."""
    folder = tmp_path_factory.mktemp("images")
    for i, name in enumerate(["astronaut", "camera", "chelsea", "coffee"]):
        pixels = read_pgm(DATA / "natural" / f"{name}.pgm")
        for j, (y, x) in enumerate([(40, 60), (100, 20)]):
            crop = pixels[y:y + 48, x:x + 48].astype(np.uint8)
            (folder / f"{name}_{j}.pgm").write_bytes(b"P5\n48 48\n255\n" + crop.tobytes())
    (folder / "zz_empty.pgm").write_bytes(b"P5\n0 0\n255\n")
    return folder


def same_folders(a, b):
    names = sorted(os.listdir(a))
    assert names == sorted(os.listdir(b))
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert not mismatch and not errors, mismatch + errors
    return names


@pytest.fixture(scope="module")
def tool_codes(images, tmp_path_factory):
    out = tmp_path_factory.mktemp("tool") / "codes"
    summary = run_tool("encode-dataset", images, "--out", out, "--bank", "heterogeneous", "--solver", "mp",
                       "--atoms", 400, "--shard-size", 3, "--quiet")
    assert summary["images"] == 9 and summary["images_failed"] == 1
    return out


def test_python_writes_the_tools_files(images, tool_codes, tmp_path):
    summary = hsc.datasets.encode_dataset(images, hsc.heterogeneous_bank(), tmp_path, workers=2, **OPTIONS)
    assert summary["shards_written"] == 3 and summary["images_coded"] == 8
    assert summary["failures"][0]["path"] == "zz_empty.pgm"
    assert same_folders(tool_codes, tmp_path) == ["bank.npy", "codes-000000.npz", "codes-000001.npz",
                                                  "codes-000002.npz", "dataset.json"]


def test_codes_read_back_reconstruct_to_the_reported_psnr(tool_codes, images):
    codes = hsc.datasets.open_codes(tool_codes)
    assert len(codes) == 9 and codes.paths[0] == "astronaut_0.pgm"
    assert codes[8] is None and "empty" in codes.error(8)
    bank = hsc.heterogeneous_bank()
    np.testing.assert_array_equal(codes.bank.atoms, bank.atoms)
    for i in (0, 4, 7):
        code = codes[i]
        image = hsc.local_contrast_normalize(read_pgm(images / codes.paths[i]))
        # The same code as coding the image alone (events merged per position).
        alone = hsc.encode(image, bank, "mp", max_atoms=400)
        np.testing.assert_array_equal(code.dense(), alone.dense())
        residual = image - code.reconstruct()
        psnr = 10 * np.log10(np.ptp(image) ** 2 / np.mean(residual.astype(np.float64) ** 2))
        assert psnr == pytest.approx(code.report["psnr_db"], abs=1e-3)
    with pytest.raises(IndexError):
        codes[9]


def test_bad_arguments_are_named(images, tmp_path):
    with pytest.raises(ValueError, match="workers=N, not threads"):
        hsc.datasets.encode_dataset(images, hsc.heterogeneous_bank(), tmp_path, solver="admm", threads=2)
    with pytest.raises(ValueError, match="preprocess must be"):
        hsc.datasets.encode_dataset(images, hsc.heterogeneous_bank(), tmp_path, preprocess="zca")
    with pytest.raises(ValueError, match="has no option 'lambda'"):
        hsc.datasets.encode_dataset(images, hsc.heterogeneous_bank(), tmp_path, solver="admm", **{"lambda": 0.1})
    with pytest.raises(OSError, match="cannot open /nonexistent"):
        hsc.datasets.encode_dataset("/nonexistent", hsc.heterogeneous_bank(), tmp_path)
    with pytest.raises(TypeError, match="expected an hsc.Bank"):
        hsc.datasets.encode_dataset(images, np.zeros((4, 8, 8)), tmp_path)


def test_dask_local_cluster_writes_the_tools_files(images, tool_codes, tmp_path):
    distributed = pytest.importorskip("distributed")
    import hsc.dask

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        parts = hsc.dask.encode_dataset(images, hsc.heterogeneous_bank(), tmp_path, client=client, **OPTIONS)
    assert [p["part"] for p in parts] == ["0/2", "1/2"]
    assert sum(p["shards_written"] for p in parts) == 3
    same_folders(tool_codes, tmp_path)
