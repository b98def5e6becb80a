// hsc encode-patches: patch-mode MP / OMP for numpy users (D.npy, X.npy in, C.npy out).

#include "commands.hpp"

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
    "       hsc encode-patches --dict D.npy --signals X.npy --solver fista --lambda L\n"
    "                          [--iters N] [--tol T] [--threads N] --out C.npy\n"
    "\n"
    "Codes every row of X (S, n) over the dictionary D (K, n), one atom per row, and writes the\n"
    "coefficients C (S, K) as float32:\n"
    "  omp    L atoms by Batch-OMP, as scikit-learn's orthogonal_mp_gram\n"
    "  mp     L iterations of matching pursuit\n"
    "  fista  the lasso min 1/2 ||D^T c - x||^2 + L ||c||_1 by FISTA with restart, step from a power\n"
    "         iteration (--iters N, default 1000; --tol T on the relative change, default 1e-6)\n"
    "D may also be a bank (K, N, N) written by `hsc bank`: each atom is then a row of N*N values.\n"
    "Prints one JSON line with seconds (coding only) and signals_per_second. Rows of D should have\n"
    "unit norm for mp and omp. --threads defaults to all cores; the result does not depend on it.\n";

int run_encode_patches(const std::vector<std::string>& args)
{
    const arguments a(
        args, {"--dict", "--signals", "--solver", "--atoms", "--threads", "--out", "--lambda", "--iters", "--tol"},
        {"--help"});
    if (a.flag("--help")) {
        std::fputs(encode_patches_usage, stdout);
        return 0;
    }
    if (!a.positional().empty()) throw usage_error{"unexpected argument '" + a.positional()[0] + "'"};
    const std::string solver_name = a.required("--solver");
    if (solver_name != "mp" && solver_name != "omp" && solver_name != "fista") {
        throw usage_error{"--solver must be mp, omp or fista, got '" + solver_name + "'"};
    }
    const bool greedy = solver_name != "fista";
    for (const char* option : {"--lambda", "--iters", "--tol"}) {
        if (greedy && a.text(option)) throw usage_error{std::string(option) + " only applies to --solver fista"};
    }
    if (!greedy && a.text("--atoms")) throw usage_error{"--atoms applies to mp and omp, not fista"};
    const std::size_t hardware = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t threads = a.count("--threads", hardware, 1, 1024);
    const std::string out = a.required("--out");

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
    // Contiguous blocks of signals, one encoder (its own workspace) per thread; each signal is coded
    // the same way whichever thread codes it.
    xt::xtensor<float, 2> codes({s, k});
    const std::size_t used_threads = std::min(threads, std::max<std::size_t>(s, 1));
    auto code_all = [&](auto policy) {
        const encoder<float, decltype(policy), patch_extents<>> prototype(dictionary, policy);
        const auto start = std::chrono::steady_clock::now();
        {
            std::vector<std::jthread> pool;
            for (std::size_t t = 0; t < used_threads; ++t) {
                pool.emplace_back([&, t] {
                    auto coder = prototype;
                    const std::size_t begin = s * t / used_threads, end = s * (t + 1) / used_threads;
                    for (std::size_t i = begin; i < end; ++i)
                        coder.encode_unchecked(signals.data() + i * n, codes.data() + i * k);
                });
            }
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    std::size_t atoms = 0;
    double seconds = 0;
    if (greedy) {
        atoms = arguments::parse_count("--atoms", a.required("--atoms"), 1, std::min(n, k));
        const solver::mp_options options{.max_atoms = atoms};
        seconds =
            solver_name == "omp" ? code_all(solver::omp{.options = options}) : code_all(solver::mp{.options = options});
    } else {
        solver::fista_options options; // the patch lasso's defaults: 1000 iterations, tolerance 1e-6
        options.max_iterations = a.count("--iters", 1000, 1, 100000000);
        options.tolerance = 1e-6;
        options.problem.lambda = arguments::parse_real("--lambda", a.required("--lambda"));
        if (const auto t = a.text("--tol")) options.tolerance = arguments::parse_real("--tol", *t);
        seconds = code_all(solver::fista{.options = options});
    }
    io::write_npy(out, codes);
    json line{{"solver", solver_name}, {"signals", s}, {"n", n}, {"atoms_in_dictionary", k}};
    // What limits the code: atoms for the greedy coders, lambda for the lasso.
    if (greedy) {
        line["atoms"] = atoms;
    } else {
        line["lambda"] = arguments::parse_real("--lambda", a.required("--lambda"));
    }
    line["threads"] = used_threads;
    line["seconds"] = rounded(seconds, 6);
    line["signals_per_second"] = rounded(seconds > 0 ? static_cast<double>(s) / seconds : 0.0, 1);
    line["out"] = out;
    print_line(line);
    return 0;
}

} // namespace hsc::cli
