// hsc encode: codes an image with a bank and prints one JSON line of figures.

#include "commands.hpp"
#include "image.hpp"

#include <hsc/hsc.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace hsc::cli {

inline const char* encode_usage =
    "usage: hsc encode IMAGE (--bank KIND | --bank-file FILE.npy) --solver mp|omp|admm|fista\n"
    "                  [--atoms N] [--target-psnr DB] [--threshold T] [--gain A] [--local M]\n"
    "                  [--lambda L] [--iters N] [--tol T] [--gap-tol G] [--target-objective F]\n"
    "                  [--threads N]\n"
    "                  [--resize N] [--preprocess lcn|whiten|none] [--boundary circular|zero]\n"
    "                  [--codes FILE.npy] [--events FILE.npy] [--input-out FILE.npy]\n"
    "                  [--recon FILE.png|FILE.pgm]\n"
    "\n"
    "Codes IMAGE (PGM; PPM, PNG or JPEG made gray as 0.299 R + 0.587 G + 0.114 B; or a 2-D float\n"
    "NPY) and prints one JSON object: solver, seconds (coding only, without bank set-up), atoms\n"
    "selected (greedy) or iterations (convex), nnz, sparseness, psnr_db (null with psnr_db_note when\n"
    "infinite: an exact or a constant image), residual_energy, objective (convex), stop.\n"
    "  --bank KIND      a bank as `hsc bank --kind KIND` makes it (its --size, --thetas, --btheta,\n"
    "                   --normalize, --count, --seed options apply)\n"
    "  --bank-file F    a bank saved by `hsc bank` (float32/64 NPY of shape (K, N, N))\n"
    "  --solver mp      matching pursuit\n"
    "           admm    convolutional basis pursuit denoising by ADMM, as SPORCO's ConvBPDN\n"
    "                   (--lambda L, default 0.01; --iters N, default 100; --tol T, default 1e-4;\n"
    "                   --threads N, default all cores, same result for any N)\n"
    "           omp     orthogonal MP: after each selection, exact least squares on the selected\n"
    "                   atoms overlapping the new one (LocOMP; at most --local M of them, default 16)\n"
    "           fista   the same problem as admm by FISTA with adaptive restart, step 1/||D||^2\n"
    "                   (--lambda; --iters N, default 500; --tol T on the relative change of the\n"
    "                   code, default 1e-4; --gap-tol G on the relative duality gap, default off;\n"
    "                   --target-objective F: stop once the objective is <= F; --threads N)\n"
    "  --atoms N        at most N selections (mp) or N atoms in the support (omp) (default 20000)\n"
    "  --target-psnr DB stop once the PSNR reaches DB\n"
    "  --threshold T    stop when the best correlation (unit-norm atom scale) falls below T\n"
    "  --gain A         alpha-MP gain in (0, 1] (default 1)\n"
    "  --resize N       first crop the centre to a square and resample it to N x N (area means)\n"
    "  --preprocess     lcn: local contrast normalization as SPORCO (default); none: raw pixels;\n"
    "                   whiten: the learning pipeline (whitening, LCN, circular mask)\n"
    "  --boundary       circular (default; atoms anchored top-left and wrapping, as CBPDN)\n"
    "                   or zero (atoms centred, zero padding)\n"
    "  --codes F        dense float32 maps (K, H, W); reconstruction = sum_k conv(codes[k], atom k)\n"
    "                   with atom k exactly as in the bank (circular: zero-padded at the top-left)\n"
    "  --events F       the coefficients as a rank-ordered list (E, 4): atom, row, col, value,\n"
    "                   largest |value| first (float32 NPY)\n"
    "  --input-out F    the preprocessed image that was coded (float32 NPY)\n"
    "  --recon F        the reconstruction as an image, on the coded image's gray range\n"
    "  --prune          add \"prune\": the code with |coefficients| < c removed, for c in\n"
    "                   linspace(0.001, 0.5, 6): nnz, sparseness and PSNR at each c\n";

inline boundary parse_boundary(const std::string& v)
{
    if (const auto mode = boundary_from_string(v)) return *mode;
    throw usage_error{"--boundary must be circular or zero, got '" + v + "'"};
}

/// A PSNR rounded to 4 decimals, or null with a note: +inf when the reconstruction is exact, −inf
/// when the image is constant (no range to compare with).
static void set_psnr(json& object, const std::string& key, double psnr)
{
    set_number(object, key, rounded(psnr, 4),
               psnr > 0 ? "infinite: the reconstruction is exact" : "minus infinity: the image is constant");
}

int run_encode(const std::vector<std::string>& args)
{
    const arguments a(args, {"--bank",      "--bank-file", "--solver",     "--atoms",    "--target-psnr",
                             "--threshold", "--gain",      "--preprocess", "--boundary", "--local",
                             "--lambda",    "--iters",     "--tol",        "--threads",  "--codes",
                             "--events",    "--input-out", "--recon",      "--gap-tol",  "--target-objective",
                             "--resize",    "--size",      "--thetas",     "--btheta",   "--normalize",
                             "--count",     "--seed"},
                      {"--help", "--prune"});
    if (a.flag("--help")) {
        std::fputs(encode_usage, stdout);
        return 0;
    }
    if (a.positional().size() != 1) throw usage_error{"encode takes exactly one IMAGE"};
    const std::string solver = a.required("--solver");
    if (solver != "mp" && solver != "omp" && solver != "admm" && solver != "fista") {
        throw usage_error{"--solver " + solver + " is unknown (mp, omp, admm or fista)"};
    }
    const bool greedy = solver == "mp" || solver == "omp";
    for (const char* option : {"--atoms", "--target-psnr", "--threshold"}) {
        if (!greedy && a.text(option)) throw usage_error{std::string(option) + " applies to mp and omp, not " + solver};
    }
    for (const char* option : {"--lambda", "--iters", "--tol", "--threads"}) {
        if (greedy && a.text(option))
            throw usage_error{std::string(option) + " only applies to --solver admm or fista"};
    }
    for (const char* option : {"--gap-tol", "--target-objective"}) {
        if (solver != "fista" && a.text(option))
            throw usage_error{std::string(option) + " only applies to --solver fista"};
    }
    if (solver == "mp" && a.text("--local")) throw usage_error{"--local only applies to --solver omp"};
    if (solver == "omp" && a.text("--gain")) throw usage_error{"--gain only applies to --solver mp"};
    if (a.text("--bank").has_value() == a.text("--bank-file").has_value()) {
        throw usage_error{"give exactly one of --bank KIND and --bank-file FILE.npy"};
    }
    const std::string preprocess = a.text("--preprocess").value_or("lcn");
    if (preprocess != "lcn" && preprocess != "whiten" && preprocess != "none") {
        throw usage_error{"--preprocess must be lcn, whiten or none, got '" + preprocess + "'"};
    }
    const auto recon_path = a.text("--recon");
    if (recon_path && !ends_with(*recon_path, ".png") && !ends_with(*recon_path, ".pgm")) {
        throw usage_error{"--recon must end in .png or .pgm, got '" + *recon_path + "'"};
    }
    const boundary mode = parse_boundary(a.text("--boundary").value_or("circular"));

    solver::mp_options options;
    if (const auto t = a.text("--target-psnr")) options.target_psnr_db = arguments::parse_real("--target-psnr", *t);
    if (const auto t = a.text("--threshold")) options.threshold = arguments::parse_real("--threshold", *t);
    if (const auto t = a.text("--gain")) options.gain = arguments::parse_real("--gain", *t);
    options.max_atoms = a.count("--atoms", 20000, 1, 100000000);

    const std::string image_path = a.positional()[0];
    xt::xtensor<float, 2> image = read_image(image_path);
    if (a.text("--resize")) {
        const std::size_t side = a.count("--resize", 256, 1, 16384);
        image = centre_crop_resize(image, side, side);
    }
    if (preprocess == "lcn") image = local_contrast_normalize(image);
    if (preprocess == "whiten") image = learning_preprocess(image);
    const kernel_bank<float> bank = a.text("--bank-file")
                                        ? kernel_bank<float>(io::read_npy<float, 3>(*a.text("--bank-file")))
                                        : make_bank(a, *a.text("--bank"), "--bank");

    // Every solver goes through the same host; only the policy type differs.
    auto run = [&](auto policy) {
        encoder<float, decltype(policy)> enc(bank, image.shape()[0], image.shape()[1], mode, policy);
        const auto start = std::chrono::steady_clock::now();
        const encode_report report = enc.encode(image);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return std::tuple{report, seconds, enc.code()};
    };
    const std::size_t threads = a.count("--threads", std::max(1u, std::thread::hardware_concurrency()), 1, 1024);
    const double lambda = a.text("--lambda") ? arguments::parse_real("--lambda", *a.text("--lambda")) : 0.01;
    auto convex = [&](auto& opts, std::size_t default_iterations, double default_tolerance) {
        opts.problem.lambda = lambda;
        opts.problem.threads = threads;
        opts.max_iterations = a.count("--iters", default_iterations, 1, 1000000);
        opts.tolerance = a.text("--tol") ? arguments::parse_real("--tol", *a.text("--tol")) : default_tolerance;
    };
    solver::admm_options admm_opts;
    solver::fista_options fista_opts;
    if (solver == "fista") {
        convex(fista_opts, 500, 1e-4);
        if (const auto t = a.text("--gap-tol")) fista_opts.gap_tolerance = arguments::parse_real("--gap-tol", *t);
        if (const auto t = a.text("--target-objective")) {
            fista_opts.target_objective = arguments::parse_real("--target-objective", *t);
        }
    } else {
        convex(admm_opts, 100, 1e-4);
    }
    const auto [report, seconds, code] =
        solver == "mp"     ? run(hsc::solver::mp{.options = options})
        : solver == "omp"  ? run(hsc::solver::omp{.options = options, .max_local = a.count("--local", 16, 1, 4096)})
        : solver == "admm" ? run(hsc::solver::admm{.options = admm_opts})
                           : run(hsc::solver::fista{.options = fista_opts});

    if (const auto path = a.text("--codes")) io::write_npy(*path, code.to_dense());
    if (const auto path = a.text("--events")) {
        auto ranked = code;
        ranked.sort_by_magnitude();
        io::write_npy(*path, ranked.to_table());
    }
    if (const auto path = a.text("--input-out")) io::write_npy(*path, image);
    if (recon_path) {
        const auto recon = reconstruct(code, bank);
        const auto [low, high] = std::minmax_element(image.begin(), image.end());
        io::write_gray8(*recon_path, io::to_gray8(recon, *low, *high));
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
    set_psnr(line, "psnr_db", report.psnr_db);
    line["residual_energy"] = report.residual_energy;
    if (!greedy) line["objective"] = report.objective; // the convex coders minimise it; greedy ones do not
    line["stop"] = to_string(report.reason);
    if (a.flag("--prune")) {
        json sweep = json::array();
        for (const auto& p : pruning_sweep(code, bank, image)) {
            json point{{"c", rounded(p.threshold, 4)}, {"nnz", p.nnz}, {"sparseness", rounded(p.sparseness, 6)}};
            set_psnr(point, "psnr_db", p.psnr_db);
            sweep.push_back(point);
        }
        line["prune"] = sweep;
    }
    print_line(line);
    return 0;
}

} // namespace hsc::cli
