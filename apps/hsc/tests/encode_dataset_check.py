"""hsc encode-dataset as a user runs it: worker counts, shards and an interrupted run all give the
files of one uninterrupted run; a bad image is reported and skipped; numpy reads the shards.

usage: encode_dataset_check.py HSC WORK_FOLDER
"""

import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np

hsc, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
images = os.path.join(work, "images")
os.makedirs(os.path.join(images, "sub"))


def write_pgm(path, pixels):
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (pixels.shape[1], pixels.shape[0]) + pixels.astype(np.uint8).tobytes())


# Smooth random images (a coder has structure to find), two sizes, two folders, one truncated file.
rng = np.random.default_rng(7)
for i in range(36):
    side = 40 if i % 9 == 4 else 32
    noise = rng.normal(size=(side + 4, side + 4))
    smooth = sum(np.roll(np.roll(noise, dy, 0), dx, 1) for dy in range(4) for dx in range(4))[:side, :side]
    pixels = 128 + 20 * smooth
    write_pgm(os.path.join(images, "sub" if i % 4 == 0 else "", f"img{i:03d}.pgm"), np.clip(pixels, 0, 255))
with open(os.path.join(images, "broken.pgm"), "wb") as f:
    f.write(b"P5\n32 32\n255\n" + bytes(100))
with open(os.path.join(images, "notes.txt"), "w") as f:
    f.write("not an image: not listed\n")


def run(out, *extra, check=True):
    args = [hsc, "encode-dataset", images, "--out", os.path.join(work, out), "--bank", "heterogeneous",
            "--solver", "mp", "--shard-size", "4", "--quiet", *extra]
    done = subprocess.run(args, capture_output=True, text=True)
    if check and done.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done


def summary(done):
    return json.loads(done.stdout)


def same_files(a, b):
    a, b = os.path.join(work, a), os.path.join(work, b)
    names = sorted(os.listdir(a))
    assert names == sorted(os.listdir(b)), f"{a} holds {names}, {b} holds {sorted(os.listdir(b))}"
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert not mismatch and not errors, f"{a} and {b} differ in {mismatch + errors}"
    return names


# One run, one worker: 37 images in 10 shards, the truncated file reported and skipped.
ref = summary(run("ref", "--atoms", "300", "--threads", "1"))
assert ref["images"] == 37 and ref["shards"] == 10 and ref["shards_written"] == 10, ref
assert ref["images_coded"] == 36 and ref["images_failed"] == 1, ref
assert ref["failures"][0]["path"] == "broken.pgm" and "truncated" in ref["failures"][0]["error"], ref

# Two workers, and two parts run one after the other: the same files.
run("threads", "--atoms", "300", "--threads", "2")
same_files("ref", "threads")
first = summary(run("parts", "--atoms", "300", "--shard", "1/2"))
assert first["shards_written"] == 5 and first["part"] == "1/2", first
run("parts", "--atoms", "300", "--shard", "0/2")
names = same_files("ref", "parts")
assert names == ["bank.npy"] + [f"codes-{s:06d}.npz" for s in range(10)] + ["dataset.json"], names

# A rerun finds everything done; a run with other options into the same folder is refused.
again = summary(run("ref", "--atoms", "300", "--threads", "1"))
assert again["shards_found_done"] == 10 and again["shards_written"] == 0, again
other = run("ref", "--atoms", "100", check=False)
assert other.returncode == 1 and "is from another run" in other.stderr, other.stderr
narrow = run("ref", "--atoms", "300", "--threads", "1", "--cross-table", "int16", check=False)
assert narrow.returncode == 1 and "is from another run" in narrow.stderr, narrow.stderr

# What numpy sees, without hsc.
meta = json.load(open(os.path.join(work, "ref", "dataset.json")))
assert meta["paths"][0] == "broken.pgm" and meta["paths"] == sorted(meta["paths"]), meta["paths"]
assert "sub/img000.pgm" in meta["paths"] and "notes.txt" not in meta["paths"]
assert meta["coder"]["solver"] == {"name": "mp", "max_atoms": 300, "target_psnr_db": None, "threshold": 0.0,
                                   "gain": 1.0}, meta["coder"]
with np.load(os.path.join(work, "ref", "codes-000000.npz")) as z:
    assert list(z["images"]) == [0, 1, 2, 3] and list(z["coded"]) == [0, 1, 1, 1], (z["images"], z["coded"])
    assert bytes(z["error"][0]).rstrip(b"\0").decode().endswith("found 100")
    assert not np.any(z["image"] == 0) and np.all(np.diff(z["image"].astype(int)) >= 0)
    assert z["value"].dtype == np.float32 and z["atom"].max() < z["atoms"][0] == 144
    for k, i in enumerate(z["images"][1:], start=1):
        assert np.count_nonzero(z["image"] == i) == z["selections"][k] == 300 or z["stop"][k] != 0

# A list file: paths relative to its folder, or absolute; comments and blank lines skipped.
listing = os.path.join(work, "list.txt")
with open(listing, "w") as f:
    f.write(f"# two images\nimages/img001.pgm\n\n{os.path.join(images, 'sub', 'img004.pgm')}\n")
listed = subprocess.run([hsc, "encode-dataset", listing, "--out", os.path.join(work, "listed"), "--bank",
                         "heterogeneous", "--solver", "mp", "--atoms", "50", "--quiet"], capture_output=True, text=True)
assert listed.returncode == 0 and json.loads(listed.stdout)["images_coded"] == 2, listed.stdout + listed.stderr

# Nothing codable at all (a list of missing files) is a failed run, with the summary still printed.
with open(listing, "w") as f:
    f.write("missing1.pgm\nmissing2.pgm\n")
nothing = subprocess.run([hsc, "encode-dataset", listing, "--out", os.path.join(work, "nothing"), "--bank",
                          "heterogeneous", "--solver", "mp", "--quiet"], capture_output=True, text=True)
assert nothing.returncode == 1 and "none of the 2 images of this run could be coded" in nothing.stderr, nothing
assert json.loads(nothing.stdout)["images_failed"] == 2

# Killed half-way, then run again: the files of the uninterrupted run, nothing left aside.
heavy = ["--atoms", "2500"]
run("heavy_ref", *heavy, "--threads", "2")
args = [hsc, "encode-dataset", images, "--out", os.path.join(work, "heavy"), "--bank", "heterogeneous", "--solver",
        "mp", "--shard-size", "4", "--quiet", "--threads", "1", *heavy]
child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
heavy_out = os.path.join(work, "heavy")
deadline = time.time() + 120
while time.time() < deadline and child.poll() is None:
    if os.path.isdir(heavy_out) and any(n.endswith(".npz") for n in os.listdir(heavy_out)):
        break
    time.sleep(0.005)
child.send_signal(signal.SIGKILL)
child.wait()
written = [n for n in os.listdir(heavy_out) if n.endswith(".npz")]
assert 1 <= len(written) < 10, f"the run was not interrupted half-way ({len(written)} shards written)"
resumed = summary(run("heavy", *heavy, "--threads", "1"))
assert resumed["shards_found_done"] == len(written) and resumed["shards_written"] == 10 - len(written), resumed
same_files("heavy_ref", "heavy")
print(f"encode-dataset: threads, parts and a run killed after {len(written)} of 10 shards give the same files")
