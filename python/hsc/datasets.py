"""Data sets: many images coded into a folder of shard files (what ``hsc encode-dataset`` writes,
byte for byte), and the folder read back.

    hsc.datasets.encode_dataset("images/", bank, "codes/", solver="mp", max_atoms=500, workers=2)
    codes = hsc.datasets.open_codes("codes/")
    codes.paths[3], codes[3].reconstruct()

The format (docs/datasets.md): ``dataset.json`` (paths, coder, bank digest), ``bank.npy`` and
``codes-NNNNNN.npz`` shards of COO arrays that ``np.load`` reads without hsc.
"""

import json
import os

import numpy as np

from . import _core
from ._banks import Bank
from ._coding import Code


def _inputs(images):
    if isinstance(images, (str, os.PathLike)):
        return [os.fspath(images)]
    images = [os.fspath(p) for p in images]
    if not images:
        raise ValueError("images: no image given")
    return images


def _bank_atoms(bank):
    if not isinstance(bank, Bank):
        raise TypeError(f"bank: expected an hsc.Bank (hsc.heterogeneous_bank(), hsc.bank(...)), got "
                        f"{type(bank).__name__}")
    # Shards hold float32 values, as the tool writes them.
    return np.ascontiguousarray(bank.atoms, dtype=np.float32)


def list_images(images):
    """(root, paths): the images a run codes, in the order that numbers them (sorted paths)."""
    return _core.list_dataset(_inputs(images))


def encode_dataset(images, bank, out, *, solver="mp", boundary="circular", preprocess="lcn", resize=None,
                   shard_size=64, shard=(0, 1), workers=1, progress=False, **options):
    """Codes ``images`` (a folder, a list file, or a list of image paths) into ``out``; returns the
    run's summary (dict: images, shards written and found done, images/s, failures with reasons).

    ``solver`` and ``options`` as hsc.Encoder (max_atoms defaults to 1000 here, 20000 in the tool:
    give it to compare); ``shard=(i, n)`` codes shards i, i+n, ... as ``--shard i/n``; ``workers``
    threads code images side by side (the files do not depend on it). A rerun skips the shards
    already written.
    """
    part, parts = (int(s) for s in shard)
    summary = _core.encode_dataset(_inputs(images), os.fspath(out), _bank_atoms(bank), solver, dict(options),
                                   boundary, preprocess, resize, int(shard_size), part, parts, int(workers),
                                   bool(progress))
    return json.loads(summary)


class CodeSet:
    """The codes in a folder written by encode_dataset or ``hsc encode-dataset``: ``len``, ``paths``,
    ``metadata`` (dataset.json), ``bank``; ``codes[i]`` is image i's hsc.Code (None if it failed:
    ``errors[i]`` says why); ``shards()`` yields the shard files' arrays as numpy dicts."""

    def __init__(self, folder):
        self.folder = os.fspath(folder)
        with open(os.path.join(self.folder, "dataset.json"), encoding="utf-8") as f:
            self.metadata = json.load(f)
        if self.metadata.get("format") != "hsc-codes":
            raise ValueError(f"{self.folder}: dataset.json is not an hsc-codes description")
        self.paths = self.metadata["paths"]
        self.bank = Bank(np.load(os.path.join(self.folder, self.metadata["bank"]["file"])))
        self.boundary = self.metadata["coder"]["boundary"]
        self._size = self.metadata["shard_size"]
        self._cache = (None, None)

    def __len__(self):
        return len(self.paths)

    def shard_file(self, shard):
        return os.path.join(self.folder, f"codes-{shard:06d}.npz")

    def _shard(self, shard):
        if self._cache[0] != shard:
            path = self.shard_file(shard)
            if not os.path.exists(path):
                raise FileNotFoundError(f"{path}: shard {shard} is not written yet (run encode-dataset again)")
            with np.load(path) as z:
                self._cache = (shard, {k: z[k] for k in z.files})
        return self._cache[1]

    def shards(self):
        """The arrays of every shard written, in order."""
        for shard in range(self.metadata["shards"]):
            if os.path.exists(self.shard_file(shard)):
                yield self._shard(shard)

    def error(self, i):
        """Why image i was not coded ('' when it was)."""
        z = self._shard(i // self._size)
        row = z["error"][int(np.searchsorted(z["images"], i))]
        return bytes(row).rstrip(b"\0").decode("utf-8", "replace")

    def __getitem__(self, i):
        i = int(i)
        if not 0 <= i < len(self):
            raise IndexError(f"image {i} of {len(self)}")
        z = self._shard(i // self._size)
        k = int(np.searchsorted(z["images"], i))
        if not z["coded"][k]:
            return None
        take = z["image"] == i
        report = {"psnr_db": float(z["psnr_db"][k]), "residual_energy": float(z["residual_energy"][k]),
                  "selections": int(z["selections"][k])}
        shape = (len(self.bank), int(z["height"][k]), int(z["width"][k]))
        # Matching pursuit may pick a position twice: its events add up, one entry per coefficient.
        flat = (z["atom"][take].astype(np.int64) * shape[1] + z["row"][take]) * shape[2] + z["col"][take]
        positions, which = np.unique(flat, return_inverse=True)
        value = np.zeros(positions.size, dtype=z["value"].dtype)
        np.add.at(value, which, z["value"][take])
        atom, rest = np.divmod(positions, shape[1] * shape[2])
        row, col = np.divmod(rest, shape[2])
        return Code(atom.astype(np.uint32), row.astype(np.uint32), col.astype(np.uint32), value, shape,
                    self.boundary, self.bank, report)


def open_codes(folder):
    """The CodeSet in ``folder``."""
    return CodeSet(folder)
