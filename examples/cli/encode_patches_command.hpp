// hsc encode-patches: patch-mode MP / OMP for numpy users (D.npy, X.npy in, C.npy out).
#pragma once

#include "arguments.hpp"

#include <hsc/hsc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace hsc::cli {

inline const char* encode_patches_usage =
    "usage: hsc encode-patches --dict D.npy --signals X.npy --solver mp|omp --atoms L\n"
    "                          [--threads N] --out C.npy\n"
    "\n"
    "Codes every row of X (S, n) over the dictionary D (K, n), one atom per row, with L atoms\n"
    "(omp: Batch-OMP, as scikit-learn's orthogonal_mp_gram; mp: matching pursuit, L iterations),\n"
    "D may also be a bank (K, N, N) written by `hsc bank`: each atom is then a row of N*N values.\n"
    "and writes the coefficients C (S, K) as float32. Prints one JSON line with seconds (coding only)\n"
    "and signals_per_second. Rows of D should have unit norm. --threads defaults to all cores;\n"
    "the result does not depend on it.\n";

inline int run_encode_patches(const std::vector<std::string>& args)
{
    const arguments a(args, {"--dict", "--signals", "--solver", "--atoms", "--threads", "--out"}, {"--help"});
    if (a.flag("--help")) {
        std::fputs(encode_patches_usage, stdout);
        return 0;
    }
    if (!a.positional().empty()) throw usage_error{"unexpected argument '" + a.positional()[0] + "'"};
    const std::string solver_name = a.required("--solver");
    if (solver_name != "mp" && solver_name != "omp") {
        throw usage_error{"--solver must be mp or omp, got '" + solver_name + "'"};
    }
    const patch_solver solver = solver_name == "omp" ? patch_solver::omp : patch_solver::mp;
    const std::size_t hardware = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t threads = a.count("--threads", hardware, 1, 1024);
    const std::string out = a.required("--out");
    const std::size_t atoms = arguments::parse_count("--atoms", a.required("--atoms"), 1, 1000000);

    const std::string dict_path = a.required("--dict");
    xt::xtensor<float, 2> dictionary;
    if (io::npy_shape(dict_path).size() == 3) { // a bank from `hsc bank`: each N×N atom is a row
        const auto bank = io::read_npy<float, 3>(dict_path);
        dictionary = xt::xtensor<float, 2>({bank.shape()[0], bank.shape()[1] * bank.shape()[2]});
        std::copy(bank.begin(), bank.end(), dictionary.begin());
    } else {
        dictionary = io::read_npy<float, 2>(dict_path);
    }
    const auto signals = io::read_npy<float, 2>(a.required("--signals"));
    const std::size_t k = dictionary.shape()[0], n = dictionary.shape()[1], s = signals.shape()[0];
    if (signals.shape()[1] != n) {
        throw usage_error{"signals have " + std::to_string(signals.shape()[1]) + " values per row, atoms have " +
                          std::to_string(n)};
    }
    for (std::size_t i = 0; i < signals.size(); ++i) {
        if (!std::isfinite(signals.data()[i])) {
            fail(errc::invalid_argument, "encode-patches: signal " + std::to_string(i / n) + " has a non-finite value");
        }
    }
    const patch_coder<float> prototype(dictionary.data(), n, k, atoms);

    // Contiguous blocks of signals, one coder (its own workspace) per thread; each signal is coded
    // the same way whichever thread codes it.
    xt::xtensor<float, 2> codes({s, k});
    const std::size_t used_threads = std::min(threads, std::max<std::size_t>(s, 1));
    const auto start = std::chrono::steady_clock::now();
    {
        std::vector<std::jthread> pool;
        for (std::size_t t = 0; t < used_threads; ++t) {
            pool.emplace_back([&, t] {
                patch_coder<float> coder = prototype;
                const std::size_t begin = s * t / used_threads, end = s * (t + 1) / used_threads;
                for (std::size_t i = begin; i < end; ++i)
                    coder.encode(signals.data() + i * n, codes.data() + i * k, solver);
            });
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    io::write_npy(out, codes);
    std::printf("{\"solver\": \"%s\", \"signals\": %zu, \"n\": %zu, \"atoms_in_dictionary\": %zu, \"atoms\": %zu, "
                "\"threads\": %zu, \"seconds\": %.6f, \"signals_per_second\": %.1f, \"out\": \"%s\"}\n",
                solver_name.c_str(), s, n, k, atoms, used_threads, seconds,
                seconds > 0 ? static_cast<double>(s) / seconds : 0.0, out.c_str());
    return 0;
}

} // namespace hsc::cli
