"""Per-sample inference latency of hsc's default Fashion-MNIST classifier rebuilt in PyTorch (CPU):
Conv2d(576, 32, 3), ReLU, MaxPool2d(2), Flatten, Dropout(0.5), Linear(5408, 128), ReLU, Dropout(0.5),
Linear(128, 10) on the (576, 28, 28) ON/OFF maps of one code at a time, in inference mode (where dropout passes
its input through, as in hsc). Prints one line per thread count: "torch threads=N ns_per_sample=X".

usage: /usr/bin/python3 classifier_torch.py SAMPLE.npy   (SAMPLE written by hsc_bench_classifier --sample)
"""
import sys
import time

import numpy as np
import torch


def latency_ns(model, x, seconds=1.0):
    with torch.inference_mode():
        for _ in range(200):  # warm-up
            model(x)
        runs, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for _ in range(100):
                model(x)
            runs += 100
        return (time.perf_counter() - start) / runs * 1e9


def main():
    sample = np.load(sys.argv[1]).astype(np.float32).reshape(1, 576, 28, 28)
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Conv2d(576, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                                torch.nn.Flatten(), torch.nn.Dropout(0.5), torch.nn.Linear(32 * 13 * 13, 128),
                                torch.nn.ReLU(), torch.nn.Dropout(0.5), torch.nn.Linear(128, 10)).eval()
    x = torch.from_numpy(sample)
    cores = torch.get_num_threads() if torch.get_num_threads() > 1 else len(__import__("os").sched_getaffinity(0))
    for threads in sorted({1, cores}):
        torch.set_num_threads(threads)
        print(f"torch threads={threads} ns_per_sample={latency_ns(model, x):.0f}")


if __name__ == "__main__":
    main()
