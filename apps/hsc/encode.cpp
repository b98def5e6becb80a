// hsc encode: codes an image with a bank and prints one JSON line of figures.

#include "commands.hpp"
#include "image.hpp"
#include "output.hpp"

#include <hsc/hsc.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace hsc::cli {

inline const char* encode_description =
    "Codes IMAGE (PGM; PPM, PNG or JPEG made gray as 0.299 R + 0.587 G + 0.114 B; or a 2-D float NPY)\n"
    "with a bank and prints one JSON object: solver, seconds (coding only, without bank set-up), atoms\n"
    "selected (greedy) or iterations (convex), nnz, sparseness, psnr_db (null with psnr_db_note when\n"
    "infinite: an exact or a constant image), residual_energy, objective (convex), stop.\n"
    "An output given as - goes to standard output, and the JSON line then to standard error.";

/// A PSNR rounded to 4 decimals, or null with a note: for a constant image (nothing to code, no
/// range to compare with: the code is empty by design), or when the reconstruction is exact.
static void set_psnr(json& object, const std::string& key, double psnr, bool constant_image)
{
    if (constant_image) {
        object[key] = nullptr;
        object[key + "_note"] = "undefined: the coded image is constant (no contrast, an empty code)";
        return;
    }
    set_number(object, key, rounded(psnr, 4), "infinite: the reconstruction is exact");
}

int run_encode(const std::vector<std::string>& args)
{
    CLI::App app{encode_description, "hsc encode"};
    set_style(app);
    std::string image_path, solver;
    std::optional<std::string> bank_kind, bank_file, codes_path, events_path, input_path, recon_path;
    std::optional<double> target_psnr, threshold, gain, lambda, tolerance, gap_tolerance, target_objective;
    std::optional<std::size_t> atoms, local, iterations, threads, resize;
    std::string preprocess = "lcn", boundary_name = "circular";
    bool prune = false;
    app.add_option("IMAGE", image_path, "the image to code")->required();
    app.add_option("--bank", bank_kind, "a bank as `hsc bank --kind KIND` makes it (with the options below)")
        ->type_name("KIND")
        ->check(CLI::IsMember(bank_kinds));
    app.add_option("--bank-file", bank_file, "a bank saved by `hsc bank` (float32/64 NPY, shape (K, N, N))")
        ->type_name("FILE.npy");
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
    app.add_option("--local", local, "omp: at most M selected atoms re-fitted (default 16)")
        ->type_name("M")
        ->check(CLI::Range(1, 4096));
    app.add_option("--lambda", lambda, "admm, fista: the l1 weight (default 0.01)")->type_name("L")->check(finite);
    app.add_option("--iters", iterations, "admm, fista: at most N iterations (default 100; fista 500)")
        ->type_name("N")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--tol", tolerance, "admm: primal and dual residuals; fista: relative change of the code (1e-4)")
        ->type_name("T")
        ->check(finite);
    app.add_option("--gap-tol", gap_tolerance, "fista: stop when the relative duality gap is below G (default off)")
        ->type_name("G")
        ->check(finite);
    app.add_option("--target-objective", target_objective, "fista: stop once the objective is <= F")
        ->type_name("F")
        ->check(finite);
    app.add_option("--threads", threads, "admm, fista: threads (default all cores; same result for any N)")
        ->type_name("N")
        ->check(CLI::Range(1, 1024));
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
    app.add_option("--codes", codes_path,
                   "dense float32 maps (K, H, W); reconstruction = sum_k conv(codes[k], atom k),\n"
                   "atom k exactly as in the bank (circular: zero-padded at the top-left)")
        ->type_name("F.npy|-");
    app.add_option("--events", events_path,
                   "the coefficients as a rank-ordered list (E, 4): atom, row, col, value,\n"
                   "largest |value| first (float32 NPY)")
        ->type_name("F.npy|-");
    app.add_option("--input-out", input_path, "the preprocessed image that was coded (float32 NPY)")
        ->type_name("F.npy|-");
    app.add_option("--recon", recon_path, "the reconstruction as an image, on the coded image's gray range")
        ->type_name("F.png|F.pgm|-");
    app.add_flag("--prune", prune,
                 "add \"prune\": the code with |coefficients| < c removed, for c in\n"
                 "linspace(0.001, 0.5, 6): nnz, sparseness and PSNR at each c");
    bank_options bank_opts;
    bank_opts.add_to(app, "--bank");
    if (!parse(app, args)) return 0;

    const bool greedy = solver == "mp" || solver == "omp";
    auto refuse = [&](const auto& value, const char* option, bool applies, const char* where) {
        if (value && !applies) throw usage_error{std::string(option) + " only applies to " + where};
    };
    refuse(atoms, "--atoms", greedy, "--solver mp and omp");
    refuse(target_psnr, "--target-psnr", greedy, "--solver mp and omp");
    refuse(threshold, "--threshold", greedy, "--solver mp and omp");
    refuse(lambda, "--lambda", !greedy, "--solver admm and fista");
    refuse(iterations, "--iters", !greedy, "--solver admm and fista");
    refuse(tolerance, "--tol", !greedy, "--solver admm and fista");
    refuse(threads, "--threads", !greedy, "--solver admm and fista");
    refuse(gap_tolerance, "--gap-tol", solver == "fista", "--solver fista");
    refuse(target_objective, "--target-objective", solver == "fista", "--solver fista");
    refuse(local, "--local", solver == "omp", "--solver omp");
    refuse(gain, "--gain", solver == "mp", "--solver mp");
    if (bank_kind.has_value() == bank_file.has_value()) {
        throw usage_error{"give exactly one of --bank KIND and --bank-file FILE.npy"};
    }
    if (recon_path && !ends_with(*recon_path, ".png") && !ends_with(*recon_path, ".pgm") && *recon_path != "-") {
        throw usage_error{"--recon must end in .png or .pgm, got '" + *recon_path + "'"};
    }
    const output_streams outputs(
        {{"--codes", codes_path}, {"--events", events_path}, {"--input-out", input_path}, {"--recon", recon_path}});
    for (const auto& path : {codes_path, events_path, input_path, recon_path})
        if (path && *path != "-") require_writable(*path); // before the coding, not after it
    const boundary mode = *boundary_from_string(boundary_name);

    solver::mp_options options;
    if (target_psnr) options.target_psnr_db = *target_psnr;
    if (threshold) options.threshold = *threshold;
    if (gain) options.gain = *gain;
    options.max_atoms = atoms.value_or(20000);

    xt::xtensor<float, 2> image = read_image(image_path);
    if (resize) image = centre_crop_resize(image, *resize, *resize);
    if (preprocess == "lcn") image = local_contrast_normalize(image);
    if (preprocess == "whiten") image = learning_preprocess(image);
    const kernel_bank<float> bank =
        bank_file ? kernel_bank<float>(io::read_npy<float, 3>(*bank_file)) : bank_opts.build(*bank_kind, "--bank");

    // Every solver goes through the same host; only the policy type differs.
    auto run = [&](auto policy) {
        encoder<float, decltype(policy)> enc(bank, image.shape()[0], image.shape()[1], mode, policy);
        const auto start = std::chrono::steady_clock::now();
        const encode_report report = enc.encode(image);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return std::tuple{report, seconds, enc.code()};
    };
    auto convex = [&](auto& opts, std::size_t default_iterations) {
        opts.problem.lambda = lambda.value_or(0.01);
        opts.problem.threads = threads.value_or(std::max(1u, std::thread::hardware_concurrency()));
        opts.max_iterations = iterations.value_or(default_iterations);
        opts.tolerance = tolerance.value_or(1e-4);
    };
    solver::admm_options admm_opts;
    solver::fista_options fista_opts;
    if (solver == "fista") {
        convex(fista_opts, 500);
        if (gap_tolerance) fista_opts.gap_tolerance = *gap_tolerance;
        if (target_objective) fista_opts.target_objective = *target_objective;
    } else {
        convex(admm_opts, 100);
    }
    const auto [report, seconds, code] =
        solver == "mp"     ? run(hsc::solver::mp{.options = options})
        : solver == "omp"  ? run(hsc::solver::omp{.options = options, .max_local = local.value_or(16)})
        : solver == "admm" ? run(hsc::solver::admm{.options = admm_opts})
                           : run(hsc::solver::fista{.options = fista_opts});

    if (codes_path) outputs.write(*codes_path, [&](std::ostream& out) { io::write_npy(out, code.to_dense()); });
    if (events_path) {
        auto ranked = code;
        ranked.sort_by_magnitude();
        outputs.write(*events_path, [&](std::ostream& out) { io::write_npy(out, ranked.to_table()); });
    }
    if (input_path) outputs.write(*input_path, [&](std::ostream& out) { io::write_npy(out, image); });
    if (recon_path) {
        const auto recon = reconstruct(code, bank);
        const auto [low, high] = std::minmax_element(image.begin(), image.end());
        const auto gray = io::to_gray8(recon, *low, *high);
        // To standard output a reconstruction is a PNG; to a file, what its extension says.
        if (*recon_path == "-") {
            outputs.write(*recon_path, [&](std::ostream& out) { io::write_png(out, gray, png_deflate{}); });
        } else {
            write_image(*recon_path, gray);
        }
    }
    json line{{"solver", solver},
              {"image", image_path},
              {"height", image.shape()[0]},
              {"width", image.shape()[1]},
              {"bank_atoms", bank.size()},
              {"boundary", to_string(mode)},
              {"seconds", rounded(seconds, 6)},
              {greedy ? "atoms" : "iterations", report.selections},
              {"nnz", nnz(code)},
              {"sparseness", rounded(sparseness(code), 6)}};
    const auto [low, high] = std::minmax_element(image.begin(), image.end());
    const bool constant_image = *low == *high;
    set_psnr(line, "psnr_db", report.psnr_db, constant_image);
    line["residual_energy"] = report.residual_energy;
    if (!greedy) line["objective"] = report.objective; // the convex coders minimise it; greedy ones do not
    line["stop"] = to_string(report.reason);
    if (prune) {
        json sweep = json::array();
        for (const auto& p : pruning_sweep(code, bank, image)) {
            json point{{"c", rounded(p.threshold, 4)}, {"nnz", p.nnz}, {"sparseness", rounded(p.sparseness, 6)}};
            set_psnr(point, "psnr_db", p.psnr_db, constant_image);
            sweep.push_back(point);
        }
        line["prune"] = sweep;
    }
    print_line(line, outputs.json_stream());
    return 0;
}

} // namespace hsc::cli
