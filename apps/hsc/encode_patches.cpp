// hsc encode-patches: patch-mode MP / OMP for numpy users (D.npy, X.npy in, C.npy out).

#include "commands.hpp"
#include "output.hpp"

#include <hsc/hsc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace hsc::cli {

inline const char* encode_patches_description =
    "Codes every row of X (S, n) over the dictionary D (K, n), one atom per row, and writes the\n"
    "coefficients C (S, K) as float32. D may also be a bank (K, N, N) written by `hsc bank`: each atom\n"
    "is then a row of N*N values. Rows of D should have unit norm for mp and omp. Prints one JSON line\n"
    "with seconds (coding only) and signals_per_second; to standard error when --out is -.";

int run_encode_patches(const std::vector<std::string>& args)
{
    CLI::App app{encode_patches_description, "hsc encode-patches"};
    set_style(app);
    std::string dict_path, signals_path, solver_name, out;
    std::optional<std::size_t> atoms, iterations;
    std::optional<double> lambda, tolerance;
    std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
    app.add_option("--dict", dict_path, "the dictionary D (K, n), or a bank (K, N, N)")->type_name("D.npy")->required();
    app.add_option("--signals", signals_path, "the signals X (S, n)")->type_name("X.npy")->required();
    app.add_option("--solver", solver_name,
                   "omp: L atoms by Batch-OMP, as scikit-learn's orthogonal_mp_gram\n"
                   "mp: L iterations of matching pursuit\n"
                   "fista: the lasso min 1/2 ||D^T c - x||^2 + lambda ||c||_1 by FISTA with\n"
                   "  restart, step from a power iteration")
        ->required()
        ->check(CLI::IsMember({"mp", "omp", "fista"}));
    app.add_option("--atoms", atoms, "mp, omp: the number of atoms per signal (required)")
        ->type_name("L")
        ->check(CLI::Range(1, 100000000));
    app.add_option("--lambda", lambda, "fista: the l1 weight (required)")->type_name("L")->check(finite);
    app.add_option("--iters", iterations, "fista: at most N iterations (default 1000)")
        ->type_name("N")
        ->check(CLI::Range(1, 100000000));
    app.add_option("--tol", tolerance, "fista: stop when the code changes by less than T, relatively (1e-6)")
        ->type_name("T")
        ->check(finite);
    app.add_option("--threads", threads, "threads (default all cores; the result does not depend on it)")
        ->type_name("N")
        ->check(CLI::Range(1, 1024));
    app.add_option("--out", out, "the codes C (S, K), float32")->type_name("C.npy|-")->required();
    if (!parse(app, args)) return 0;
    const bool greedy = solver_name != "fista";
    for (const auto& [given, option] :
         {std::pair{lambda.has_value(), "--lambda"}, std::pair{iterations.has_value(), "--iters"},
          std::pair{tolerance.has_value(), "--tol"}}) {
        if (greedy && given) throw usage_error{std::string(option) + " only applies to --solver fista"};
    }
    if (!greedy && atoms) throw usage_error{"--atoms only applies to --solver mp and omp"};
    if (greedy && !atoms) throw usage_error{"--solver " + solver_name + " needs --atoms"};
    if (!greedy && !lambda) throw usage_error{"--solver fista needs --lambda"};
    const output_streams outputs({{"--out", out}});
    if (out != "-") require_writable(out);

    xt::xtensor<float, 2> dictionary;
    if (io::npy_shape(dict_path).size() == 3) { // a bank from `hsc bank`: each N×N atom is a row
        const auto bank = io::read_npy<float, 3>(dict_path);
        dictionary = xt::xtensor<float, 2>({bank.shape()[0], bank.shape()[1] * bank.shape()[2]});
        std::copy(bank.begin(), bank.end(), dictionary.begin());
    } else {
        dictionary = io::read_npy<float, 2>(dict_path);
    }
    const auto signals = io::read_npy<float, 2>(signals_path);
    const std::size_t k = dictionary.shape()[0], n = dictionary.shape()[1], s = signals.shape()[0];
    if (signals.shape()[1] != n) {
        throw usage_error{"signals have " + std::to_string(signals.shape()[1]) + " values per row, atoms have " +
                          std::to_string(n)};
    }
    // Checked here, row by row as the encoder would, because the threads below code unchecked.
    for (std::size_t i = 0; i < s; ++i) {
        require_usable(std::span<const float>(signals.data() + i * n, n), [&](std::size_t j) {
            return "encode-patches: value " + std::to_string(j) + " of signal " + std::to_string(i);
        });
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
    double seconds = 0;
    if (greedy) {
        if (*atoms > std::min(n, k)) {
            throw usage_error{"--atoms " + std::to_string(*atoms) + " is more than the dictionary allows (" +
                              std::to_string(std::min(n, k)) + ": the smaller of its atoms and their length)"};
        }
        const solver::mp_options options{.max_atoms = *atoms};
        seconds =
            solver_name == "omp" ? code_all(solver::omp{.options = options}) : code_all(solver::mp{.options = options});
    } else {
        solver::fista_options options; // the patch lasso's defaults: 1000 iterations, tolerance 1e-6
        options.max_iterations = iterations.value_or(1000);
        options.tolerance = tolerance.value_or(1e-6);
        options.problem.lambda = *lambda;
        seconds = code_all(solver::fista{.options = options});
    }
    outputs.write(out, [&](std::ostream& stream) { io::write_npy(stream, codes); });
    json line{{"solver", solver_name}, {"signals", s}, {"n", n}, {"atoms_in_dictionary", k}};
    // What limits the code: atoms for the greedy coders, lambda for the lasso.
    if (greedy) {
        line["atoms"] = *atoms;
    } else {
        line["lambda"] = *lambda;
    }
    line["threads"] = used_threads;
    line["seconds"] = rounded(seconds, 6);
    line["signals_per_second"] = rounded(seconds > 0 ? static_cast<double>(s) / seconds : 0.0, 1);
    line["out"] = out;
    print_line(line, outputs.json_stream());
    return 0;
}

} // namespace hsc::cli
