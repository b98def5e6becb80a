#!/usr/bin/python3
"""Writes reference_banks.npy: the heterogeneous and homogeneous banks of docs/science.md §1.1-1.2,
computed with numpy exactly as the recipe reads (step by step, numpy's FFT), stored as float32.

An implementation independent of hsc's C++ (which uses its own DFT and a rescaled angular lobe),
so that the unit test comparing the two checks the recipe and not the code against itself.
Shape (2, 144, 12, 12): [0] heterogeneous, [1] homogeneous.  Run: /usr/bin/python3 make_reference_banks.py
"""
import numpy as np


def log_gabor(N, theta, B_theta, phi, sf_0=0.4, B_sf=0.4):
    idx = np.arange(N)
    fx, fy = np.meshgrid((idx - N / 2) / N, (idx - N / 2) / N, indexing="ij")  # fx along axis 0
    f = np.sqrt(fx**2 + fy**2)
    f[N // 2, N // 2] = 1e-6
    f_theta = np.arctan2(fy, fx)
    band = (1 / f) * np.exp(-0.5 * np.log(f / sf_0) ** 2 / B_sf**2)
    angular = np.exp(np.cos(f_theta - theta) / B_theta**2)
    env = band * angular * np.exp(-2j * np.pi * (N / 2 * fx + N / 2 * fy))
    env = env * (1 - np.exp((f - 0.5) / 0.035)) * (f < 0.5) * (1 - np.exp(-0.5 * f**2 / (0.5 / N) ** 2))
    env = env / np.sqrt(np.mean(np.abs(env) ** 2))
    env = env * np.sqrt(2) * np.exp(-1j * phi)
    kernel = np.real(np.fft.ifft2(np.fft.ifftshift(env)))
    x, y = np.meshgrid(np.linspace(-1, 1, N), np.linspace(-1, 1, N), indexing="ij")
    R = np.sqrt(x**2 + y**2)
    kernel = kernel * ((np.cos(np.pi * R) + 1) / 2 * (R < 1)) ** (1 / 3)
    kernel = kernel - np.median(kernel)
    return kernel / np.abs(kernel).max()


def bank(n_theta, b_thetas, N=12):
    atoms = []
    for theta in np.linspace(0, np.pi, n_theta, endpoint=False):
        for b in b_thetas:
            for phi in (0, np.pi / 2):
                atoms.append(log_gabor(N, theta, b, phi))
    return np.array(atoms)


het = bank(12, np.linspace(0, np.pi / 6, 7)[1:])
hom = bank(72, [np.pi / 15])
np.save("reference_banks.npy", np.stack([het, hom]).astype(np.float32))
print("het atom0 l2 %.4f sum %.4f; sum d2 het %.3f hom %.3f; hom atom0 l2 %.4f"
      % (np.linalg.norm(het[0]), het[0].sum(), (het**2).sum(), (hom**2).sum(), np.linalg.norm(hom[0])))
