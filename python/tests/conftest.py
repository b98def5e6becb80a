"""What the Python tests share: the bundled data (HSC_TEST_DATA, tests/data), the tool (HSC_TOOL) for
C++ figures to compare with, and a PGM reader (the tests read the bundled images without hsc)."""

import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

DATA = pathlib.Path(os.environ.get("HSC_TEST_DATA", pathlib.Path(__file__).parents[2] / "tests" / "data"))


def read_pgm(path):
    """A binary 8-bit PGM (P5) as float32 0..255."""
    raw = pathlib.Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while raw[pos:pos + 1].isspace():
            pos += 1
        if raw[pos:pos + 1] == b"#":
            pos = raw.index(b"\n", pos)
            continue
        end = pos
        while not raw[end:end + 1].isspace():
            end += 1
        fields.append(raw[pos:end])
        pos = end
    assert fields[0] == b"P5" and fields[3] == b"255", fields
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(raw[pos + 1:pos + 1 + width * height], dtype=np.uint8).reshape(height, width).astype(np.float32)


@pytest.fixture(scope="session")
def astronaut():
    return read_pgm(DATA / "natural" / "astronaut.pgm")


def run_tool(*args):
    """The tool's JSON line for `hsc ARGS` (skips the test if the tool was not given)."""
    tool = os.environ.get("HSC_TOOL")
    if not tool:
        pytest.skip("HSC_TOOL is not set (ctest sets it)")
    done = subprocess.run([tool, *map(str, args)], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
