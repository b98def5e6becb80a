// The paper's central experiment (docs/science.md §1.5): five kernel banks — homogeneous,
// heterogeneous, each fine-tuned by online convolutional dictionary learning, and one learned from
// random atoms — compared on sparseness, PSNR and resilience to pruning when they code natural
// images by CBPDN (ADMM, λ 0.01, 100 iterations, LCN), and the Log-Gabor bandwidths B_θ the
// learned atoms end up with.
//
//   hsc-five-banks OUT_DIR [--images DIR|FILE] [--steps N] [--crop N] [--resize N] [--iters N]
//                  [--threads N]                      (also run as `hsc five-banks`)
//
// Two more rows score the paper's banks scaled to unit ℓ2 (learning's own scaling, without a
// step), to separate the effect of learning from that of the atoms' scale.
//
// Learning draws crops of the same images that are then coded (as the paper fine-tunes and scores
// on one database); the crops go through the learning pipeline (whitening, LCN, mask) while the
// scored images get LCN only, as docs/science.md §1.4 specifies for each.
#include "../common/results_page.hpp"
#include "../common/svg_plot.hpp"
#include "../common/table.hpp"
#include "../common/text_file.hpp"

#include <command_line.hpp>
#include <output.hpp>

#include <hsc/hsc.hpp>
#include <hsc/parallel.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace hsc;

struct scenario
{
    std::string name, colour;
    kernel_bank<float> bank;
    std::string learned_from; ///< the starting bank's name, empty when not learned
    std::vector<double> objective_trace;
    double learning_seconds = 0;
};

struct scored
{
    std::size_t image;
    double nnz, sparseness, psnr_db, objective, seconds;
    std::vector<pruning_point> pruning;
};

/// Learns s.bank in place from crops of `images` (seed 42), one thread, recording the objective.
void learn(scenario& s, const std::vector<xt::xtensor<float, 2>>& images, std::size_t steps, std::size_t crop)
{
    online_dictionary_learner<float> learner(s.bank, crop, crop);
    const auto start = std::chrono::steady_clock::now();
    learn_from_images(learner, images, {.steps = steps, .seed = 42}, [&](const learning_progress& p) {
        s.objective_trace.push_back(p.report.objective);
        if (p.step % std::max<std::size_t>(1, p.total / 5) == 0 || p.step == p.total)
            std::fprintf(stderr, "  %s: step %zu/%zu\n", s.name.c_str(), p.step, p.total);
    });
    s.bank = learner.bank();
    s.learning_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// A bank with every atom at unit ℓ2, exactly as learning scales the atoms before its first step.
kernel_bank<float> project(const kernel_bank<float>& bank, std::size_t crop)
{
    return online_dictionary_learner<float>(bank, crop, crop).bank();
}

/// Codes every image with the scenario's bank (ADMM), with the pruning sweep; writes the first
/// image's reconstruction (and, if asked, the image itself) as PNG into `out`.
std::vector<scored> score(const scenario& s, const std::vector<xt::xtensor<float, 2>>& images,
                          const std::vector<std::string>& names, const solver::admm_options& options,
                          const std::string& out, bool write_input)
{
    const std::size_t h = images.front().shape()[0], w = images.front().shape()[1];
    encoder<float, hsc::solver::admm> coder(s.bank, h, w, boundary::circular, hsc::solver::admm{.options = options});
    std::vector<scored> results;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const auto& image = images[i];
        const auto start = std::chrono::steady_clock::now();
        const encode_report report = coder.encode(image);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const auto& code = coder.code();
        results.push_back({i, double(nnz(code)), sparseness(code), report.psnr_db, report.objective, seconds,
                           pruning_sweep(code, s.bank, image)});
        if (i == 0) {
            const auto recon = reconstruct(code, s.bank);
            const auto [low, high] = std::minmax_element(image.begin(), image.end());
            cli::write_image(out + "/recon_" + names[i] + "_" + s.name + ".png", io::to_gray8(recon, *low, *high));
            if (write_input) cli::write_image(out + "/input_" + names[i] + ".png", io::to_gray8(image, *low, *high));
        }
        std::fprintf(stderr, "  %s / %s: sparseness %.5f, PSNR %.2f dB (%.1f s)\n", s.name.c_str(), names[i].c_str(),
                     results.back().sparseness, report.psnr_db, seconds);
    }
    return results;
}

/// The Log-Gabor fit of every atom (fit_NAME.csv in `out`): the B_θ histogram and the median R².
std::pair<std::vector<std::size_t>, double> kernel_analysis(const scenario& s, const std::string& out)
{
    const auto fits = fit_log_gabor(kernel_bank<double>(xt::xtensor<double, 3>(xt::cast<double>(s.bank.atoms()))));
    constexpr double degrees = 180 / std::numbers::pi;
    std::ofstream csv(out + "/fit_" + s.name + ".csv");
    csv << "atom,theta_deg,btheta_deg,phase_deg,r2\n";
    for (std::size_t k = 0; k < fits.size(); ++k) {
        csv << k << ',' << fits[k].theta * degrees << ',' << fits[k].b_theta * degrees << ',' << fits[k].phase * degrees
            << ',' << fits[k].r2 << '\n';
    }
    studies::close_checked(csv, out + "/fit_" + s.name + ".csv");
    const fit_summary summary = summary_of(fits);
    return {summary.btheta_counts, summary.median_r2};
}

/// Running means of a learning trace over windows of 10 steps (fewer for short runs), every half
/// window: {steps, means}, or empty.
std::vector<std::vector<double>> running_mean(const std::vector<double>& trace)
{
    if (trace.empty()) return {};
    std::vector<double> x, y;
    const std::size_t window = std::min<std::size_t>(10, trace.size());
    for (std::size_t j = 0; j + window <= trace.size(); j += std::max<std::size_t>(1, window / 2)) {
        double sum = 0;
        for (std::size_t q = j; q < j + window; ++q) sum += trace[q];
        x.push_back(double(j + window));
        y.push_back(sum / double(window));
    }
    return {x, y};
}

int run(const std::vector<std::string>& args)
{
    CLI::App app{"The five-bank experiment: learns three banks, codes the images with all five by CBPDN,\n"
                 "prunes the codes, fits the Log-Gabor model to every atom, and writes tables and figures.",
                 "hsc five-banks"};
    cli::set_style(app);
    std::string out, images = HSC_STUDIES_DATA_DIR "/natural";
    std::size_t steps = 150, crop = 48, side = 256, iterations = 100;
    std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
    std::optional<std::string> page;
    app.add_option("OUT_DIR", out, "where the tables, banks and figures go")->required();
    app.add_option("--images", images, "the natural images (default: the bundled ones)")->type_name("DIR|FILE");
    app.add_option("--steps", steps, "learning steps per learned bank (the paper: 1000)")
        ->type_name("N")
        ->check(CLI::Range(0, 1000000))
        ->capture_default_str();
    app.add_option("--crop", crop, "side of the crops learned from")
        ->type_name("N")
        ->check(CLI::Range(12, 4096))
        ->capture_default_str();
    app.add_option("--resize", side, "side the scored images are brought to")
        ->type_name("N")
        ->check(CLI::Range(12, 4096))
        ->capture_default_str();
    app.add_option("--iters", iterations, "ADMM iterations when scoring")
        ->type_name("N")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--threads", threads, "threads of the coders (default all cores)")
        ->type_name("N")
        ->check(CLI::Range(1, 1024));
    app.add_option("--page", page, "also update the generated section of this results page (docs/results/...)")
        ->type_name("FILE.md");
    if (!cli::parse(app, args)) return 0;
    cli::prepare_output_folder(out);
    if (page) cli::require_writable(*page);
    const auto start = std::chrono::steady_clock::now();
    const auto files = io::image_files({images});

    // Scored images: LCN of the side×side centre; learning crops come from the raw images at that size.
    std::vector<xt::xtensor<float, 2>> raw, scored_images;
    std::vector<std::string> names;
    for (const auto& file : files) {
        names.push_back(std::filesystem::path(file).stem().string());
        auto image = io::read_gray_image<float>(file);
        if (image.shape()[0] != side || image.shape()[1] != side) image = centre_crop_resize(image, side, side);
        scored_images.push_back(local_contrast_normalize(image));
        raw.push_back(std::move(image));
    }
    std::printf("%zu images at %zux%zu; learning %zu steps on %zux%zu crops per learned bank\n", files.size(), side,
                side, steps, crop, crop);

    const auto homogeneous_bank = homogeneous_log_gabor().build<float>();
    const auto heterogeneous_bank = heterogeneous_log_gabor().build<float>();
    const auto random_bank = random_normal_bank{.count = 144, .size = 12, .seed = 42}.build<float>();
    std::vector<scenario> scenarios = {{"homogeneous", "#1f77b4", homogeneous_bank, "", {}, 0},
                                       {"heterogeneous", "#d62728", heterogeneous_bank, "", {}, 0},
                                       {"homogeneous_learned", "#17becf", homogeneous_bank, "homogeneous", {}, 0},
                                       {"heterogeneous_learned", "#ff7f0e", heterogeneous_bank, "heterogeneous", {}, 0},
                                       {"random_learned", "#2ca02c", random_bank, "random", {}, 0},
                                       // Not among the five: the two paper banks scaled to unit ℓ2 as
                                       // learning scales its atoms (step 0 of learning), which tells
                                       // what learning changes from what the scaling changes.
                                       {"homogeneous_l2", "#9edae5", project(homogeneous_bank, crop), "", {}, 0},
                                       {"heterogeneous_l2", "#ffbb78", project(heterogeneous_bank, crop), "", {}, 0}};
    cli::write_image(out + "/montage_random_init.png", io::montage(random_bank));

    // Learning: the three learners run side by side, one thread each (on crops this small a
    // learner gains little from a second thread; three learners keep two cores busy). Each
    // learner is deterministic, so the banks do not depend on this.
    std::vector<scenario*> learned;
    for (auto& s : scenarios)
        if (!s.learned_from.empty()) learned.push_back(&s);
    hsc::parallel_for(learned.size(), threads > 1 ? learned.size() : 1,
                      [&](std::size_t begin, std::size_t end, std::size_t) {
                          for (std::size_t i = begin; i < end; ++i) learn(*learned[i], raw, steps, crop);
                      });
    for (const auto* s : learned)
        std::printf("learned %-22s %zu steps in %.1f s\n", s->name.c_str(), steps, s->learning_seconds);

    // Scoring every image with every bank.
    std::vector<std::vector<scored>> results;
    std::ofstream codes_csv(out + "/codes.csv"), pruning_csv(out + "/pruning.csv");
    codes_csv << "image,scenario,nnz,sparseness,psnr_db,objective,seconds\n";
    pruning_csv << "image,scenario,c,nnz,sparseness,psnr_db\n";
    const solver::admm_options options{.problem = {.lambda = 0.01, .threads = threads}, .max_iterations = iterations};
    for (std::size_t si = 0; si < scenarios.size(); ++si) {
        const auto& s = scenarios[si];
        io::write_npy(out + "/bank_" + s.name + ".npy", s.bank.atoms());
        cli::write_image(out + "/montage_" + s.name + ".png", io::montage(s.bank));
        results.push_back(score(s, scored_images, names, options, out, si == 0));
        for (const auto& r : results.back()) {
            codes_csv << names[r.image] << ',' << s.name << ',' << r.nnz << ',' << r.sparseness << ',' << r.psnr_db
                      << ',' << r.objective << ',' << r.seconds << '\n';
            for (const auto& p : r.pruning)
                pruning_csv << names[r.image] << ',' << s.name << ',' << p.threshold << ',' << p.nnz << ','
                            << p.sparseness << ',' << p.psnr_db << '\n';
        }
    }

    // Kernel analysis, summary table and figures.
    studies::plot scatter{
        "PSNR against sparseness, one point per image", "sparseness (fraction of zeros)", "PSNR (dB)", false, {}};
    studies::plot prune_psnr{"Pruning: median PSNR", "pruning threshold c (coefficient units)", "PSNR (dB)", false, {}};
    studies::plot prune_sparse{"Pruning: median sparseness",
                               "pruning threshold c (coefficient units)",
                               "sparseness (fraction of zeros)",
                               false,
                               {}};
    studies::plot histogram{
        "Fitted Log-Gabor bandwidths", "B_theta (degrees, 5-degree bins)", "atoms (count)", false, {}};
    studies::plot learning{"Learning: coding objective per step (running mean of 10)",
                           "step",
                           "objective (1/2 squared error + lambda l1)",
                           false,
                           {}};
    std::ofstream summary(out + "/summary.csv");
    summary << "scenario,median_sparseness,median_psnr_db,median_nnz,median_seconds,btheta_counts_5_10_15_20_25_30,"
               "median_fit_r2\n";
    studies::table table{
        .caption = studies::format("Medians over %zu images (%zux%zu, LCN) coded by CBPDN (ADMM, lambda 0.01, %zu "
                                   "iterations); learned banks: %zu steps on %zux%zu crops",
                                   files.size(), side, side, iterations, steps, crop, crop),
        .header = {"bank", "sparseness", "PSNR (dB)", "nnz", "seconds", "B_θ counts 5°…30°", "fit R²",
                   "paper (sparseness / PSNR)"},
        .rows = {},
        .notes = "Paper: medians over ~1145 images (docs/science.md §1.5); its learned banks share one figure."};
    // The published medians, by scenario.
    const std::map<std::string, std::string> paper = {{"homogeneous", "0.9876 / 32.7"},
                                                      {"heterogeneous", "0.9940 / 30.5"},
                                                      {"homogeneous_learned", "0.9939 / 46.3"},
                                                      {"heterogeneous_learned", "0.9939 / 46.3"},
                                                      {"random_learned", "0.9939 / 46.3"}};
    for (std::size_t si = 0; si < scenarios.size(); ++si) {
        const auto& s = scenarios[si];
        const auto& rs = results[si];
        std::vector<double> sp, ps, nz, sec;
        for (const auto& r : rs)
            sp.push_back(r.sparseness), ps.push_back(r.psnr_db), nz.push_back(r.nnz), sec.push_back(r.seconds);
        const auto [counts, median_r2] = kernel_analysis(s, out);
        std::string count_text;
        for (const auto c : counts) count_text += (count_text.empty() ? "" : " ") + std::to_string(c);
        table.rows.push_back({s.name, studies::format("%.5f", median(sp)), studies::format("%.2f", median(ps)),
                              studies::format("%.0f", median(nz)), studies::format("%.1f", median(sec)), count_text,
                              studies::format("%.3f", median_r2), paper.count(s.name) ? paper.at(s.name) : ""});
        summary << s.name << ',' << median(sp) << ',' << median(ps) << ',' << median(nz) << ',' << median(sec) << ','
                << count_text << ',' << median_r2 << '\n';

        scatter.lines.push_back({s.name, s.colour, false, true, sp, ps});
        studies::series pp{s.name, s.colour, false, false, {}, {}}, pz = pp;
        for (std::size_t c = 0; c < rs.front().pruning.size(); ++c) {
            std::vector<double> psnr_at_c, sparse_at_c;
            for (const auto& r : rs)
                psnr_at_c.push_back(r.pruning[c].psnr_db), sparse_at_c.push_back(r.pruning[c].sparseness);
            pp.x.push_back(rs.front().pruning[c].threshold), pp.y.push_back(median(psnr_at_c));
            pz.x.push_back(rs.front().pruning[c].threshold), pz.y.push_back(median(sparse_at_c));
        }
        prune_psnr.lines.push_back(pp);
        prune_sparse.lines.push_back(pz);
        studies::series h{s.name, s.colour, false, false, {}, {}};
        h.bars = true; // counts per 5° bin, side by side for the banks
        for (std::size_t b = 0; b < counts.size(); ++b)
            h.x.push_back(5.0 * double(b + 1)), h.y.push_back(double(counts[b]));
        histogram.lines.push_back(h);
        if (auto l = running_mean(s.objective_trace); !l.empty())
            learning.lines.push_back({s.name, s.colour, false, false, l[0], l[1]});
    }
    studies::close_checked(codes_csv, out + "/codes.csv");
    studies::close_checked(pruning_csv, out + "/pruning.csv");
    studies::close_checked(summary, out + "/summary.csv");
    std::printf("\n%s", table.text().c_str());
    if (page) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        studies::update_results_page(*page, "five-banks", studies::describe_run("hsc five-banks", args, seconds),
                                     {table});
    }
    scatter.write(out + "/psnr_vs_sparseness.svg");
    prune_psnr.write(out + "/pruning_psnr.svg");
    prune_sparse.write(out + "/pruning_sparseness.svg");
    histogram.write(out + "/btheta_histogram.svg");
    if (!learning.lines.empty()) learning.write(out + "/learning_objective.svg");
    std::printf(
        "\nwritten to %s: codes.csv, pruning.csv, summary.csv, fit_*.csv, bank_*.npy, montage_*.png, "
        "recon_*.png, psnr_vs_sparseness.svg, pruning_psnr.svg, pruning_sparseness.svg, btheta_histogram.svg%s\n",
        out.c_str(), learning.lines.empty() ? "" : ", learning_objective.svg");
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    return hsc::cli::run_program("hsc five-banks", argc, argv, run);
}
