// hsc encode: codes an image with a bank and prints one JSON line of figures.

#include "coder_options.hpp"
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
    std::string image_path;
    std::optional<std::string> codes_path, events_path, input_path, recon_path;
    std::optional<std::size_t> threads;
    bool prune = false;
    coder_options coder;
    app.add_option("IMAGE", image_path, "the image to code")->required();
    bank_choice bank_source;
    bank_source.add_to(app);
    coder.add_to(app);
    app.add_option("--threads", threads, "admm, fista: threads (default all cores; same result for any N)")
        ->type_name("N")
        ->check(CLI::Range(1, 1024));
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
    if (!parse(app, args)) return 0;

    const bool greedy = coder.greedy();
    coder.check();
    if (threads && greedy) throw usage_error{"--threads only applies to --solver admm and fista"};
    bank_source.check();
    if (recon_path && !ends_with(*recon_path, ".png") && !ends_with(*recon_path, ".pgm") && *recon_path != "-") {
        throw usage_error{"--recon must end in .png or .pgm, got '" + *recon_path + "'"};
    }
    const output_streams outputs(
        {{"--codes", codes_path}, {"--events", events_path}, {"--input-out", input_path}, {"--recon", recon_path}});
    for (const auto& path : {codes_path, events_path, input_path, recon_path})
        if (path && *path != "-") require_writable(*path); // before the coding, not after it
    const boundary mode = coder.boundary();

    const xt::xtensor<float, 2> image = coder.preparation()(read_image(image_path));
    const kernel_bank<float> bank = bank_source.build();

    // Every solver goes through the same host; only the policy type differs.
    auto run = [&](auto policy) {
        encoder<float, decltype(policy)> enc(bank, image.shape()[0], image.shape()[1], mode, policy);
        const auto start = std::chrono::steady_clock::now();
        const encode_report report = enc.encode(image);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return std::tuple{report, seconds, enc.code()};
    };
    const auto [report, seconds, code] =
        coder.dispatch(run, threads.value_or(std::max(1u, std::thread::hardware_concurrency())));

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
    json line{{"solver", coder.solver},
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
