// The Table-1 analogue of SCIENCE.md §1.6 on Fashion-MNIST (see classification_study.hpp for the
// protocol): accuracy mean ± sd over seeds for raw pixels and each bank's codes, unpruned and
// pruned at 25% and 50% of each image's largest coefficient; a table on stdout, CSV and an SVG.
//
//   hsc_fashion OUT_DIR [--banks LIST] [--train N] [--test N] [--seeds S] [--atoms L] [--epochs E]
//                       [--threads N] [--data DIR] [--no-raw]   (as `hsc classify`)
#include "classification_study.hpp"
#include "cli/classify_command.hpp"
#include "svg_plot.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

namespace {

namespace study = hsc::examples::classification;
using hsc::cli::arguments;

const char* usage = "usage: hsc_fashion OUT_DIR [--banks LIST] [--train N] [--test N] [--seeds S] [--atoms L]\n"
                    "                   [--epochs E] [--threads N] [--data DIR] [--no-raw]\n"
                    "  defaults: the banks heterogeneous,homogeneous (or FILE.npy of 144 atoms, e.g. the learned\n"
                    "  banks of hsc_five_banks), all 60000 training and 10000 test images, 3 seeds, 128 atoms,\n"
                    "  12 epochs, all cores, /usr/share/datasets/fashion-mnist\n";

int run(const std::vector<std::string>& args)
{
    const arguments a(args, hsc::cli::study_option_names, {"--help", "--no-raw"});
    if (a.flag("--help")) {
        std::fputs(usage, stdout);
        return 0;
    }
    if (a.positional().size() != 1) throw hsc::cli::usage_error{"give exactly one OUT_DIR"};
    const std::string out = a.positional()[0];
    std::filesystem::create_directories(out);
    const auto options = hsc::cli::study_options_from(a);
    const auto banks = hsc::cli::banks_from(a);

    const auto results =
        study::run_study(options, banks, [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });

    std::printf("\nFashion-MNIST, %zu training / %zu test images, %zu seeds, %zu + %zu MP atoms per image (full + half "
                "size)\n",
                options.train, options.test, options.seeds, options.selections,
                study::half_size_selections(options.selections));
    std::printf("%-28s %18s %18s %18s %8s %9s %9s\n", "condition", "accuracy % (c 0)", "c 0.25", "c 0.5", "nnz",
                "coding s", "train s*");
    std::ofstream csv(out + "/fashion_table.csv");
    csv << "condition,c,accuracy_mean,accuracy_sd,seeds,mean_nnz,coding_seconds,training_seconds\n";
    hsc::examples::plot figure{
        "Fashion-MNIST: test accuracy of codes pruned below c * max", "pruning threshold c", "accuracy (%)", false, {}};
    const char* colours[] = {"#7f7f7f", "#d62728", "#1f77b4", "#ff7f0e", "#17becf", "#2ca02c", "#9467bd"};
    for (std::size_t r = 0; r < results.size(); ++r) {
        const auto& result = results[r];
        std::printf("%-28s", result.name.c_str());
        hsc::examples::series line{result.name, colours[r % 7], result.name == "pixels", false, {}, {}};
        for (std::size_t c = 0; c < options.prunings.size(); ++c) {
            std::printf("      %5.2f ± %4.2f", 100 * result.mean(c), 100 * result.sd(c));
            csv << result.name << ',' << options.prunings[c] << ',' << result.mean(c) << ',' << result.sd(c) << ','
                << options.seeds << ',' << result.mean_nnz << ',' << result.coding_seconds << ','
                << result.training_seconds << '\n';
            line.x.push_back(options.prunings[c]);
            line.y.push_back(100 * result.mean(c));
        }
        std::printf(" %8.1f %9.1f %9.1f\n", result.mean_nnz, result.coding_seconds, result.training_seconds);
        figure.lines.push_back(line);
    }
    std::printf("* training seconds summed over the seeds, each trained on one thread\n");
    figure.write(out + "/fashion_accuracy.svg");
    std::printf("\nwritten: %s/fashion_table.csv, %s/fashion_accuracy.svg\n", out.c_str(), out.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    return hsc::cli::run_program("hsc_fashion", usage, argc, argv, run);
}
