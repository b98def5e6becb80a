#!/usr/bin/python3
"""Coding data sets, measured in one run: images per second and memory peak for one process per image
(`hsc encode`, the way a user without encode-dataset codes a folder), `hsc encode-dataset` with 1 and
2 threads, and hsc.dask on a LocalCluster of 1 and 2 worker processes; the ratios to one process per
image and the scaling efficiency (rate with 2 / twice the rate with 1). Every run's files are
compared with the 1-thread run's, byte for byte.

Usage: PYTHONPATH=build/python /usr/bin/python3 benchmarks/peers/datasets.py HSC [small] [large] [per_process]
  HSC          the tool (build/bin/hsc)
  small        28×28 images (Fashion-MNIST's size), default 1000, MP 100 atoms
  large        256×256 images, default 100, MP 20000 atoms (the tool's default)
  per_process  images timed for one process per image, default 40 (its rate is per image anyway)
Images: crops, flips and circular shifts of tests/data/natural (the bundled 256×256 images), written
as PGM to a temporary folder. Needs python3-numpy; the Dask rows need python3-distributed.
"""
import filecmp
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

tool = sys.argv[1] if len(sys.argv) > 1 else "build/bin/hsc"
small = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
large = int(sys.argv[3]) if len(sys.argv) > 3 else 100
per_process = int(sys.argv[4]) if len(sys.argv) > 4 else 40
natural = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "natural"


def read_pgm(path):
    raw = path.read_bytes()
    header = raw.split(b"\n", 3)
    width, height = map(int, header[1].split())
    return np.frombuffer(header[3][:width * height], dtype=np.uint8).reshape(height, width)


def write_images(folder, count, side, seed):
    sources = [read_pgm(p) for p in sorted(natural.glob("*.pgm"))]
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True)
    for i in range(count):
        image = sources[i % len(sources)]
        image = np.roll(image, tuple(rng.integers(0, 256, 2)), axis=(0, 1))
        if rng.random() < 0.5:
            image = image[:, ::-1]
        y, x = rng.integers(0, image.shape[0] - side + 1, 2)
        crop = np.ascontiguousarray(image[y:y + side, x:x + side])
        (folder / f"{i:05d}.pgm").write_bytes(b"P5\n%d %d\n255\n" % (side, side) + crop.tobytes())
    return sorted(folder.glob("*.pgm"))


def run(args):
    """Wall seconds and the child's peak resident memory (MiB) of one command."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    out, err = child.communicate()
    if status != 0:
        sys.exit(f"{' '.join(map(str, args))} failed: {err.decode()}")
    return seconds, usage.ru_maxrss / 1024, out


def same(a, b):
    names = sorted(os.listdir(a))
    return names == sorted(os.listdir(b)) and not filecmp.cmpfiles(a, b, names, shallow=False)[1]


def measure(name, files, folder, coder, work):
    rows = []
    bank = work / f"{name}_bank.npy"
    subprocess.run([tool, "bank", "--kind", "heterogeneous", "--out", bank], check=True, capture_output=True)
    timed = files[:per_process]
    start = time.perf_counter()
    peak = 0.0
    for f in timed:
        _, mib, _ = run([tool, "encode", f, "--bank-file", bank, *coder])
        peak = max(peak, mib)
    rows.append(("one process per image", len(timed) / (time.perf_counter() - start), peak, True))
    for threads in (1, 2):
        out = work / f"{name}_t{threads}"
        seconds, mib, _ = run([tool, "encode-dataset", folder, "--bank-file", bank, *coder, "--out", out,
                               "--threads", str(threads), "--quiet"])
        rows.append((f"encode-dataset, {threads} thread{'s' if threads > 1 else ''}", len(files) / seconds, mib,
                     same(work / f"{name}_t1", out)))
    try:
        import distributed
        import hsc
        import hsc.dask
    except ImportError as missing:
        print(f"  (no Dask rows: {missing})")
        return rows
    options = {"max_atoms": int(coder[coder.index("--atoms") + 1])}
    atoms = hsc.Bank(np.load(bank))
    for workers in (1, 2):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, distributed.Client(cluster) as client:
            out = work / f"{name}_dask{workers}"
            start = time.perf_counter()
            hsc.dask.encode_dataset(folder, atoms, out, client=client, solver="mp", **options)
            seconds = time.perf_counter() - start
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        rows.append((f"Dask LocalCluster, {workers} worker{'s' if workers > 1 else ''}", len(files) / seconds,
                     max(peaks.values()), same(work / f"{name}_t1", out)))
    return rows


def report(title, rows):
    print(f"\n{title}")
    print(f"  {'how':<32} {'images/s':>10} {'x per-process':>14} {'peak MiB':>9}  same files")
    base = rows[0][1]
    for how, rate, mib, identical in rows:
        print(f"  {how:<32} {rate:10.1f} {rate / base:14.1f} {mib:9.0f}  {'yes' if identical else 'NO'}")
    rates = {how: rate for how, rate, _, _ in rows}
    for one, two in (("encode-dataset, 1 thread", "encode-dataset, 2 threads"),
                     ("Dask LocalCluster, 1 worker", "Dask LocalCluster, 2 workers")):
        if one in rates and two in rates:
            print(f"  scaling efficiency of {two}: {rates[two] / (2 * rates[one]):.2f}")
    return {how: {"images_per_second": round(rate, 2), "ratio_to_per_process": round(rate / base, 2),
                  "peak_mib": round(mib), "same_files": identical} for how, rate, mib, identical in rows}


def main():
    with tempfile.TemporaryDirectory() as temp:
        work = pathlib.Path(temp)
        print(f"cpu: {os.cpu_count()} cores; "
              f"{subprocess.run([tool, '--version'], capture_output=True, text=True).stdout.strip()}")
        results = {}
        for name, count, side, coder in (("small", small, 28, ["--solver", "mp", "--atoms", "100"]),
                                         ("large", large, 256, ["--solver", "mp", "--atoms", "20000"])):
            if count == 0:
                continue
            folder = work / name
            files = write_images(folder, count, side, seed=side)
            rows = measure(name, files, folder, coder, work)
            results[name] = report(f"{count} images of {side}x{side}, {' '.join(coder)}, heterogeneous bank", rows)
        print(json.dumps(results))
        failed = [how for r in results.values() for how, row in r.items() if not row["same_files"]]
        if failed:
            sys.exit(f"files differ from the 1-thread run's: {failed}")


# Dask's worker processes import this file again: only the parent runs the measurements.
if __name__ == "__main__":
    main()
