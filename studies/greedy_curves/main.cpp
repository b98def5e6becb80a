// PSNR against nnz for matching pursuit and (local) OMP, with the heterogeneous and homogeneous
// banks, on a folder of PGM images (default: the bundled natural images). Writes a CSV of every
// run and an SVG figure of the medians over images, and prints the table of medians.
//
//   hsc-greedy-curves [IMAGE_DIR] [OUT_DIR]   (also run as `hsc greedy-curves`)
#include "../common/results_page.hpp"
#include "../common/svg_plot.hpp"
#include "../common/table.hpp"
#include "../common/text_file.hpp"

#include <command_line.hpp>
#include <output.hpp>

#include <hsc/hsc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

struct run_result
{
    double nnz, psnr, seconds;
};

template <class Solver>
run_result code(const xt::xtensor<float, 2>& image, const hsc::kernel_bank<float>& bank, Solver solver)
{
    hsc::encoder<float, Solver> enc(bank, image.shape()[0], image.shape()[1], hsc::boundary::circular, solver);
    const auto start = std::chrono::steady_clock::now();
    const auto report = enc.encode(image);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {static_cast<double>(hsc::nnz(enc.code())), report.psnr_db, seconds};
}

int run(const std::vector<std::string>& args)
{
    namespace fs = std::filesystem;
    using hsc::median;
    CLI::App app{"Codes every .pgm of IMAGE_DIR with both of the paper's banks by MP (1000 to 20000\n"
                 "selections) and OMP (1000 to 5000), writes greedy_curves.csv (every run) and greedy_curves.svg\n"
                 "(median PSNR against nonzeros) into OUT_DIR, and prints the table of medians.",
                 "hsc greedy-curves"};
    hsc::cli::set_style(app);
    std::string image_dir = HSC_STUDIES_DATA_DIR "/natural", out_path = "greedy_curves";
    app.add_option("IMAGE_DIR", image_dir, "the images (default: the bundled natural images)");
    app.add_option("OUT_DIR", out_path, "where the CSV and the figure go")->capture_default_str();
    std::optional<std::string> page;
    app.add_option("--page", page, "also update the generated section of this results page (docs/...)")
        ->type_name("FILE.md");
    if (!hsc::cli::parse(app, args)) return 0;
    hsc::cli::prepare_output_folder(out_path);
    if (page) hsc::cli::require_writable(*page);
    const auto start = std::chrono::steady_clock::now();
    const fs::path out_dir = out_path;
    std::vector<fs::path> images;
    for (const auto& entry : fs::directory_iterator(image_dir))
        if (entry.path().extension() == ".pgm") images.push_back(entry.path());
    std::sort(images.begin(), images.end());
    if (images.empty()) hsc::fail(hsc::errc::io, "no .pgm images in " + image_dir);

    const std::vector<std::size_t> mp_atoms = {1000, 2000, 5000, 10000, 20000};
    const std::vector<std::size_t> omp_atoms = {1000, 2000, 5000};
    const std::map<std::string, hsc::kernel_bank<float>> banks = {{"heterogeneous", hsc::heterogeneous_bank<float>()},
                                                                  {"homogeneous", hsc::homogeneous_bank<float>()}};
    // (bank, solver, atoms) → values over images
    std::map<std::tuple<std::string, std::string, std::size_t>, std::vector<run_result>> results;
    hsc::studies::text_file csv((out_dir / "greedy_curves.csv").string());
    std::fprintf(csv.get(), "image,bank,solver,atoms,nnz,psnr_db,seconds\n");
    for (const auto& path : images) {
        const auto image = hsc::local_contrast_normalize(hsc::io::read_pgm<float>(path.string()));
        for (const auto& [name, bank] : banks) {
            for (const bool orthogonal : {false, true}) {
                for (const std::size_t atoms : orthogonal ? omp_atoms : mp_atoms) {
                    const run_result r = orthogonal
                                             ? code(image, bank, hsc::solver::omp{.options = {.max_atoms = atoms}})
                                             : code(image, bank, hsc::solver::mp{.options = {.max_atoms = atoms}});
                    const char* solver = orthogonal ? "omp" : "mp";
                    results[{name, solver, atoms}].push_back(r);
                    std::fprintf(csv.get(), "%s,%s,%s,%zu,%.0f,%.6g,%.6g\n", path.filename().c_str(), name.c_str(),
                                 solver, atoms, r.nnz, r.psnr, r.seconds);
                    std::fprintf(stderr, "%s %s %s %zu: nnz %.0f, %.2f dB, %.2f s\n", path.filename().c_str(),
                                 name.c_str(), solver, atoms, r.nnz, r.psnr, r.seconds);
                }
            }
        }
    }

    hsc::studies::plot figure{.title = "Greedy codes of " + std::to_string(images.size()) + " natural images (medians)",
                              .x_label = "nonzero coefficients (nnz)",
                              .y_label = "PSNR (dB)",
                              .log_x = true,
                              .lines = {}};
    hsc::studies::table table{.caption =
                                  "Medians over " + std::to_string(images.size()) + " images (LCN, circular boundary)",
                              .header = {"bank", "solver", "atoms", "median nnz", "median PSNR (dB)", "median seconds"},
                              .rows = {},
                              .notes = {}};
    for (const auto& bank : {std::string("heterogeneous"), std::string("homogeneous")}) {
        for (const auto& solver : {std::string("mp"), std::string("omp")}) {
            hsc::studies::series line{.label = bank + " " + solver,
                                      .colour = bank == "heterogeneous" ? "#d95f02" : "#1b9e77",
                                      .dashed = solver == "mp",
                                      .x = {},
                                      .y = {}};
            for (const std::size_t atoms : solver == "omp" ? omp_atoms : mp_atoms) {
                std::vector<double> nnz, psnr, seconds;
                for (const auto& r : results[{bank, solver, atoms}]) {
                    nnz.push_back(r.nnz), psnr.push_back(r.psnr), seconds.push_back(r.seconds);
                }
                line.x.push_back(median(nnz));
                line.y.push_back(median(psnr));
                table.rows.push_back({bank, solver, std::to_string(atoms), hsc::studies::format("%.0f", median(nnz)),
                                      hsc::studies::format("%.2f", median(psnr)),
                                      hsc::studies::format("%.2f", median(seconds))});
            }
            figure.lines.push_back(line);
        }
    }
    std::printf("%s", table.text().c_str());
    if (page) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        hsc::studies::update_results_page(*page, "greedy-curves",
                                          hsc::studies::describe_run("hsc greedy-curves", args, seconds), {table});
    }
    csv.close();
    figure.write((out_dir / "greedy_curves.svg").string());
    std::fprintf(stderr, "wrote %s and %s\n", (out_dir / "greedy_curves.csv").c_str(),
                 (out_dir / "greedy_curves.svg").c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    return hsc::cli::run_program("hsc greedy-curves", argc, argv, run);
}
