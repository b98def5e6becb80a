// The options that choose and tune an image coder and prepare its images, shared by `hsc encode`
// (one image) and `hsc encode-dataset` (many): the same names, checks and defaults in both.
#pragma once

#include "command_line.hpp"
#include "image_file.hpp"

#include <hsc/hsc.hpp>

#include <optional>
#include <string>

namespace hsc::cli {

struct coder_options
{
    std::string solver;
    std::optional<double> target_psnr, threshold, gain, lambda, tolerance, gap_tolerance, target_objective;
    std::optional<std::size_t> atoms, local, iterations, resize;
    std::string preprocess = "lcn", boundary_name = "circular", admm_settings = "sporco", cross_table = "exact";

    /// Declares --solver, the solvers' options, --resize, --preprocess and --boundary.
    void add_to(CLI::App& app)
    {
        app.add_option("--solver", solver,
                       "mp: matching pursuit\n"
                       "omp: orthogonal MP; after each selection, exact least squares on the selected atoms\n"
                       "  overlapping the new one (LocOMP, at most --local of them)\n"
                       "admm: convolutional basis pursuit denoising by ADMM, as SPORCO's ConvBPDN\n"
                       "fista: the same problem by FISTA with adaptive restart, step 1/||D||^2")
            ->required()
            ->check(CLI::IsMember({"mp", "omp", "admm", "fista"}));
        app.add_option("--atoms", atoms, "mp, omp: at most N selections (mp) or N atoms in the support (default 20000)")
            ->type_name("N")
            ->check(CLI::Range(1, 100000000));
        app.add_option("--target-psnr", target_psnr, "mp, omp: stop once the PSNR reaches DB")
            ->type_name("DB")
            ->check(finite);
        app.add_option("--threshold", threshold, "mp, omp: stop when the best correlation (unit-norm atoms) is below T")
            ->type_name("T")
            ->check(finite);
        app.add_option("--gain", gain, "mp: alpha-MP gain in (0, 1] (default 1)")->type_name("A")->check(finite);
        app.add_option("--cross-table", cross_table,
                       "mp: how the atoms' cross-correlations are stored: exact (default) or int16 (16-bit,\n"
                       "  a scale per atom and offset: about 1.3x the atoms/s with AVX-512; correlations drift\n"
                       "  from exact MP's, so later selections differ: docs/solvers.md)")
            ->check(CLI::IsMember({"exact", "int16"}));
        app.add_option("--local", local, "omp: at most M selected atoms re-fitted (default 16)")
            ->type_name("M")
            ->check(CLI::Range(1, 4096));
        app.add_option("--lambda", lambda, "admm, fista: the l1 weight (default 0.01)")->type_name("L")->check(finite);
        app.add_option(
               "--iters", iterations,
               "admm, fista: at most N iterations (default 100, 250 with --admm-settings classification;\n  fista 500)")
            ->type_name("N")
            ->check(CLI::Range(1, 1000000));
        app.add_option("--tol", tolerance,
                       "admm: primal and dual residuals (1e-4, 0.1 with --admm-settings classification);\n  fista: "
                       "relative change of the code (1e-4)")
            ->type_name("T")
            ->check(finite);
        app.add_option("--gap-tol", gap_tolerance, "fista: stop when the relative duality gap is below G (default off)")
            ->type_name("G")
            ->check(finite);
        app.add_option("--target-objective", target_objective, "fista: stop once the objective is <= F")
            ->type_name("F")
            ->check(finite);
        app.add_option("--admm-settings", admm_settings,
                       "admm: sporco (default; SPORCO's ConvBPDN, science.md 1.3) or classification (the encoder\n"
                       "  of the paper's CIFAR-10 study, science.md 1.6: l1 weight 0.5, rho0 1.5 only ever\n"
                       "  decreasing on raw residuals, at most 250 iterations, tolerance 0.1, the code is the\n"
                       "  dense X); --lambda, --iters and --tol still apply")
            ->check(CLI::IsMember({"sporco", "classification"}));
        app.add_option("--resize", resize, "first crop the centre to a square and resample it to N x N (area means)")
            ->type_name("N")
            ->check(CLI::Range(1, 16384));
        app.add_option("--preprocess", preprocess,
                       "lcn: local contrast normalization as SPORCO (default); none: raw pixels;\n"
                       "whiten: the learning pipeline (whitening, LCN, circular mask)")
            ->check(CLI::IsMember({"lcn", "whiten", "none"}));
        app.add_option("--boundary", boundary_name,
                       "circular (default; atoms anchored top-left and wrapping, as CBPDN) or zero\n"
                       "(atoms centred, zero padding)")
            ->check(CLI::IsMember({"circular", "zero"}));
    }

    bool greedy() const { return solver == "mp" || solver == "omp"; }
    hsc::boundary boundary() const { return *boundary_from_string(boundary_name); }

    /// Usage errors for options given to a solver they do not apply to.
    void check() const
    {
        auto refuse = [&](const auto& value, const char* option, bool applies, const char* where) {
            if (value && !applies) throw usage_error{std::string(option) + " only applies to " + where};
        };
        refuse(atoms, "--atoms", greedy(), "--solver mp and omp");
        refuse(target_psnr, "--target-psnr", greedy(), "--solver mp and omp");
        refuse(threshold, "--threshold", greedy(), "--solver mp and omp");
        refuse(lambda, "--lambda", !greedy(), "--solver admm and fista");
        refuse(iterations, "--iters", !greedy(), "--solver admm and fista");
        refuse(tolerance, "--tol", !greedy(), "--solver admm and fista");
        refuse(gap_tolerance, "--gap-tol", solver == "fista", "--solver fista");
        refuse(target_objective, "--target-objective", solver == "fista", "--solver fista");
        refuse(local, "--local", solver == "omp", "--solver omp");
        refuse(gain, "--gain", solver == "mp", "--solver mp");
        refuse(cross_table != "exact", "--cross-table", solver == "mp", "--solver mp");
        refuse(admm_settings != "sporco", "--admm-settings", solver == "admm", "--solver admm");
    }

    /// What is done to an image before it is coded.
    image_preparation preparation() const { return {resize, preprocess}; }

    /// run(policy) with the policy of the chosen solver; the convex coders on `threads` threads.
    template <class Run>
    decltype(auto) dispatch(Run&& run, std::size_t threads) const
    {
        solver::mp_options greedy_options;
        if (target_psnr) greedy_options.target_psnr_db = *target_psnr;
        if (threshold) greedy_options.threshold = *threshold;
        if (gain) greedy_options.gain = *gain;
        greedy_options.max_atoms = atoms.value_or(20000);
        // The solver's own defaults unless an option is given.
        auto convex = [&](auto options) {
            options.problem.lambda = lambda.value_or(options.problem.lambda);
            options.problem.threads = threads;
            options.max_iterations = iterations.value_or(options.max_iterations);
            options.tolerance = tolerance.value_or(options.tolerance);
            return options;
        };
        if (solver == "mp")
            return run(hsc::solver::mp{.options = greedy_options,
                                       .table = cross_table == "int16" ? solver::cross_table::int16
                                                                       : solver::cross_table::exact});
        if (solver == "omp") return run(hsc::solver::omp{.options = greedy_options, .max_local = local.value_or(16)});
        if (solver == "admm") {
            const solver::admm_options settings = admm_settings == "classification"
                                                      ? solver::admm_options::paper_classification_encoder()
                                                      : solver::admm_options{};
            return run(hsc::solver::admm{.options = convex(settings)});
        }
        solver::fista_options fista = convex(solver::fista_options{});
        if (gap_tolerance) fista.gap_tolerance = *gap_tolerance;
        if (target_objective) fista.target_objective = *target_objective;
        return run(hsc::solver::fista{.options = fista});
    }
};

} // namespace hsc::cli
