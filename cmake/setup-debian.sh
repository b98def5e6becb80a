#!/usr/bin/env bash
# Installs what building and testing hsc needs on Debian 12, from Debian's own packages.
set -euo pipefail
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# libfftw3-dev: the optional FFTW backend (GPL), used by tests and benchmarks only.
# zlib1g-dev: the IDX reader (Fashion-MNIST); dataset-fashion-mnist: the data it is tested on.
# pkgconf: the test that the installed hsc.pc works; doxygen: the API reference, built by a test;
# nlohmann-json3-dev, libcli11-dev: the JSON lines and command lines of the tool and the studies;
# libstb-dev: the tool's PNG/JPEG input; clang-14, libclang-rt-14-dev: the readers' fuzzers (libFuzzer);
# g++-aarch64-linux-gnu, qemu-user: the unit suite built for aarch64 and run under emulation;
# gcc-arm-none-eabi, libstdc++-arm-none-eabi-newlib, qemu-system-arm: the Cortex-M7 firmware test;
# pybind11-dev, python3-dev, python3-numpy: the Python module; python3-pytest, python3-sklearn: its
# tests (scikit-learn is the peer they compare with); python3-dask, python3-distributed: hsc.dask and
# its test on a LocalCluster. libsvm-dev: the quantization study's RBF-SVM (the paper's protocol).
$sudo apt-get install -y -q --no-install-recommends \
  g++ cmake make ca-certificates \
  libxtensor-dev libxsimd-dev xtl-dev \
  libboost-test-dev libbenchmark-dev \
  libfftw3-dev zlib1g-dev dataset-fashion-mnist pkgconf doxygen \
  nlohmann-json3-dev libcli11-dev libstb-dev clang-14 libclang-rt-14-dev \
  g++-aarch64-linux-gnu qemu-user gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm \
  pybind11-dev python3-dev python3-numpy python3-pytest python3-sklearn python3-dask python3-distributed libsvm-dev
