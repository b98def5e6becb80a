// hsc-classify (also run as `hsc classify`): the Table-1 analogue on Fashion-MNIST (docs/science.md §1.6,
// the protocol in classification_study.hpp): one JSON line on stdout; with --out DIR also a table,
// a CSV and an SVG figure of accuracy against pruning.
#include "classification_study.hpp"

#include "../common/results_page.hpp"
#include "../common/svg_plot.hpp"
#include "../common/table.hpp"
#include "../common/text_file.hpp"

#include <command_line.hpp>
#include <json.hpp>
#include <output.hpp>

#include <chrono>
#include <filesystem>

#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace hsc::cli {

inline const char* classify_description =
    "Codes Fashion-MNIST with each bank by matching pursuit (zero boundary) at two scales (L\n"
    "selections on the 28x28 image, L/2 on its 14x14 half), turns the codes into ON/OFF maps\n"
    "(576 x 28 x 28, mostly zeros), trains the default classifier (3x3 convolution to 32 maps reading\n"
    "only the nonzeros, ReLU, 2x2 max pooling, dense 128, ReLU, dense 10, 50% dropout before each\n"
    "dense layer while training; Adam, batches of 64) with S seeds, and tests it on codes pruned of\n"
    "the coefficients below c * max for c = 0, 0.25, 0.5. A raw-pixel classifier (dense 128, ReLU,\n"
    "dense 10) is the baseline. Prints one JSON line: per condition, accuracy mean and sd over seeds\n"
    "at each c, coding seconds, and training seconds summed over the seeds. --coder cbpdn codes with\n"
    "the paper's own coder instead (see --coder).";

/// The study's options with their defaults, and the banks it compares, as the command line sets them.
struct classify_command
{
    hsc::studies::classification::study_options options;
    std::vector<std::string> banks{"heterogeneous", "homogeneous"};
    std::optional<std::string> out, page;
    std::string code_input = "x";
    std::optional<std::size_t> code_side;

    explicit classify_command(CLI::App& app)
    {
        options.threads = std::max(1u, std::thread::hardware_concurrency());
        app.add_option("--banks", banks, "heterogeneous, homogeneous, or FILE.npy of 144 atoms")
            ->type_name("LIST")
            ->delimiter(',')
            ->capture_default_str();
        app.add_option("--train", options.train, "the first N training images")
            ->type_name("N")
            ->check(CLI::Range(1, 60000))
            ->capture_default_str();
        app.add_option("--test", options.test, "the first N test images")
            ->type_name("N")
            ->check(CLI::Range(1, 10000))
            ->capture_default_str();
        app.add_option("--seeds", options.seeds, "seeds per condition")
            ->type_name("S")
            ->check(CLI::Range(1, 1000))
            ->capture_default_str();
        app.add_option("--atoms", options.selections, "matching-pursuit selections per 28x28 image (L/2 at half size)")
            ->type_name("L")
            ->check(CLI::Range(1, 28 * 28 * 144))
            ->capture_default_str();
        app.add_option("--coder", options.coder,
                       "mp: two-scale matching pursuit (above); cbpdn: the paper's coder, CBPDN by ADMM with\n"
                       "  the authors' settings (hsc encode --admm-settings classification) on the image resized\n"
                       "  to --code-side after LCN, each map of X (or Y) averaged to 7x7 and normalised as the\n"
                       "  paper, (v - 0.5) / 0.225, read by the same classifier without the max pooling")
            ->check(CLI::IsMember({"mp", "cbpdn"}))
            ->capture_default_str();
        app.add_option("--code-side", code_side,
                       "cbpdn: code images resized to N x N (Fashion-MNIST 28 or 56, default 28;\n"
                       "  CIFAR-10 32 or 64, default 64: x2 as the paper)")
            ->type_name("N")
            ->check(CLI::IsMember({28, 32, 56, 64}));
        app.add_option("--code-input", code_input, "cbpdn: the network reads x (dense, as the paper) or y (sparse)")
            ->check(CLI::IsMember({"x", "y"}))
            ->capture_default_str();
        app.add_option("--cache", options.cache, "cbpdn: keep the codes in DIR and reuse them in later runs")
            ->type_name("DIR");
        app.add_option("--network", options.network,
                       "cbpdn: resnet (a small ResNet: stem with batch norm (and channel dropout), two\n"
                       "  BasicBlocks 16 -> 16 -> 32, global average pooling; Adam with weight decay 0.05 on a\n"
                       "  one-cycle schedule; the pixels through the same network on their 4x4 cells) or small\n"
                       "  (the mp study's convolution and hidden layer; pixels through an MLP)")
            ->check(CLI::IsMember({"resnet", "small"}))
            ->capture_default_str();
        app.add_option("--learning-rate", options.training.learning_rate,
                       "Adam's learning rate (resnet: the one-cycle schedule's peak)")
            ->type_name("R")
            ->check(CLI::Range(1e-7, 1.0))
            ->capture_default_str();
        app.add_option("--weight-decay", options.resnet_weight_decay, "resnet: Adam's coupled L2 weight decay")
            ->type_name("D")
            ->check(CLI::Range(0.0, 1.0))
            ->capture_default_str();
        app.add_option("--stem-dropout", options.resnet_dropout,
                       "resnet: % of the stem's channels dropped while training (the paper: 50)")
            ->type_name("P")
            ->check(CLI::IsMember({0, 50}))
            ->capture_default_str();
        app.add_option("--epochs", options.training.epochs, "training epochs")
            ->type_name("E")
            ->check(CLI::Range(1, 10000))
            ->capture_default_str();
        app.add_option("--threads", options.threads, "threads for coding and for the seeds (same figures for any N)")
            ->type_name("N")
            ->check(CLI::Range(1, 1024));
        app.add_flag("--no-raw{false}", options.raw_baseline, "skip the raw-pixel baseline");
        app.add_option("--dataset", options.dataset,
                       "fashion-mnist (default) or cifar10 (--data DIR: the folder of its binary version,\n"
                       "  data_batch_1..5.bin and test_batch.bin; images made gray; --coder cbpdn only)")
            ->check(CLI::IsMember({"fashion-mnist", "cifar10"}));
        app.add_option("--data", options.data_folder,
                       "the data set's folder (default for Fashion-MNIST: Debian's dataset-fashion-mnist)")
            ->type_name("DIR")
            ->capture_default_str();
        app.add_option("--out", out, "also write fashion_table.txt, fashion_table.csv and fashion_accuracy.svg there")
            ->type_name("DIR");
        app.add_option("--page", page, "also update the generated section of this results page (docs/results/...)")
            ->type_name("FILE.md");
    }
};

/// The banks --banks names.
inline std::vector<std::pair<std::string, kernel_bank<float>>> banks_from(const std::vector<std::string>& names)
{
    std::vector<std::pair<std::string, kernel_bank<float>>> banks;
    for (const auto& item : names) {
        if (item.empty()) throw usage_error{"--banks has an empty item"};
        banks.push_back(hsc::studies::classification::named_bank(item));
    }
    return banks;
}

/// The table of the results, and their curves (accuracy against pruning) on `figure`.
inline studies::table results_table(const hsc::studies::classification::study_options& options,
                                    const std::vector<hsc::studies::classification::condition_result>& results,
                                    studies::plot& figure)
{
    namespace study = hsc::studies::classification;
    studies::table table{
        .caption = studies::format(
            "%s, %zu training / %zu test images, %zu seeds, %s; accuracy %% (mean ± sd over seeds) on test codes "
            "pruned below c·max",
            options.dataset == "cifar10" ? "CIFAR-10 (gray)" : "Fashion-MNIST", options.train, options.test,
            options.seeds,
            options.coder == "cbpdn"
                ? studies::format("the paper's CBPDN coder on %zux%zu images, input %s averaged to %zux%zu",
                                  options.cbpdn.side, options.cbpdn.side, options.cbpdn.dense_x ? "X" : "Y",
                                  options.cbpdn.cells, options.cbpdn.cells)
                      .c_str()
                : studies::format("%zu + %zu MP atoms per image (full + half size)", options.selections,
                                  study::half_size_selections(options.selections))
                      .c_str()),
        .header = {"condition"},
        .rows = {},
        .notes = "Training seconds are summed over the seeds, each trained on one thread."};
    for (const double c : options.prunings) table.header.push_back(studies::format("c = %g", c));
    table.header.insert(table.header.end(), {"nnz", "coding s", "training s"});
    const char* colours[] = {"#7f7f7f", "#d62728", "#1f77b4", "#ff7f0e", "#17becf", "#2ca02c", "#9467bd"};
    for (std::size_t r = 0; r < results.size(); ++r) {
        const auto& result = results[r];
        std::vector<std::string> row{result.name};
        studies::series curve{result.name, colours[r % 7], result.name == "pixels", false, {}, {}};
        for (std::size_t c = 0; c < options.prunings.size(); ++c) {
            row.push_back(studies::format("%.2f ± %.2f", 100 * result.mean(c), 100 * result.sd(c)));
            curve.x.push_back(options.prunings[c]);
            curve.y.push_back(100 * result.mean(c));
            if (options.seeds > 1) curve.y_sd.push_back(100 * result.sd(c)); // ± sd over the seeds
        }
        row.push_back(studies::format("%.1f", result.mean_nnz));
        row.push_back(result.codes_cached ? std::string("cached") : studies::format("%.1f", result.coding_seconds));
        row.push_back(studies::format("%.1f", result.training_seconds));
        table.rows.push_back(row);
        figure.lines.push_back(curve);
    }
    return table;
}

/// The table (text), the CSV and the figure of the results, into `out`.
inline void write_results(const std::string& out, const hsc::studies::classification::study_options& options,
                          const std::vector<hsc::studies::classification::condition_result>& results,
                          const studies::table& table, const studies::plot& figure)
{
    studies::text_file text(out + "/fashion_table.txt"), csv(out + "/fashion_table.csv");
    std::fputs(table.text().c_str(), text.get());
    std::fputs("condition,c,accuracy_mean,accuracy_sd,seeds,mean_nnz,coding_seconds,training_seconds\n", csv.get());
    for (const auto& result : results) {
        for (std::size_t c = 0; c < options.prunings.size(); ++c) {
            std::fprintf(csv.get(), "%s,%g,%g,%g,%zu,%g,%g,%g\n", result.name.c_str(), options.prunings[c],
                         result.mean(c), result.sd(c), options.seeds, result.mean_nnz, result.coding_seconds,
                         result.training_seconds);
        }
    }
    text.close();
    csv.close();
    figure.write(out + "/fashion_accuracy.svg");
}

inline int run_classify(const std::vector<std::string>& args)
{
    CLI::App app{classify_description, "hsc classify"};
    set_style(app);
    classify_command command(app); // CLI11 writes the options into it
    if (!parse(app, args)) return 0;
    if (command.out) prepare_output_folder(*command.out);
    if (command.page) require_writable(*command.page);
    const auto start = std::chrono::steady_clock::now();
    namespace study = hsc::studies::classification;
    auto& settings = command.options.cbpdn;
    const bool cifar = command.options.dataset == "cifar10";
    settings.dense_x = command.code_input == "x";
    settings.side = command.code_side.value_or(cifar ? 64 : settings.side);
    settings.cells = cifar ? 8 : 7; // the 7x7 or 8x8 maps the network reads
    const auto& options = command.options;
    const bool cbpdn = options.coder == "cbpdn";
    if (!cbpdn &&
        (app.count("--code-side") || app.count("--code-input") || app.count("--cache") || app.count("--network")))
        throw usage_error{"--code-side, --code-input, --cache and --network only apply to --coder cbpdn"};
    if (cbpdn && app.count("--atoms")) throw usage_error{"--atoms only applies to --coder mp"};
    if ((!cbpdn || options.network != "resnet") && (app.count("--weight-decay") || app.count("--stem-dropout")))
        throw usage_error{"--weight-decay and --stem-dropout only apply to --coder cbpdn --network resnet"};
    if (cifar && !cbpdn) throw usage_error{"--dataset cifar10 needs --coder cbpdn"};
    if (cifar && !app.count("--data"))
        throw usage_error{"--dataset cifar10 needs --data DIR (CIFAR-10's binary version)"};
    const bool side_fits =
        cifar ? settings.side == 32 || settings.side == 64 : settings.side == 28 || settings.side == 56;
    if (!side_fits)
        throw usage_error{"--code-side " + std::to_string(settings.side) + " is not a side for " + options.dataset +
                          " (Fashion-MNIST 28 or 56, CIFAR-10 32 or 64)"};
    const auto banks = banks_from(command.banks);
    const auto results = study::run_study(
        options, banks, [](const std::string& line) { std::fprintf(stderr, "classify: %s\n", line.c_str()); });
    json conditions = json::array();
    for (const auto& result : results) {
        json accuracy_mean = json::array(), accuracy_sd = json::array();
        for (std::size_t c = 0; c < options.prunings.size(); ++c) {
            accuracy_mean.push_back(rounded(result.mean(c), 4));
            accuracy_sd.push_back(rounded(result.sd(c), 4));
        }
        conditions.push_back(json{{"condition", result.name},
                                  {"mean_nnz", rounded(result.mean_nnz, 2)},
                                  {"coding_seconds", rounded(result.coding_seconds, 3)},
                                  {"codes_cached", result.codes_cached},
                                  {"training_seconds", rounded(result.training_seconds, 3)},
                                  {"accuracy_mean", accuracy_mean},
                                  {"accuracy_sd", accuracy_sd}});
    }
    json line{{"dataset", options.dataset},
              {"train", options.train},
              {"test", options.test},
              {"seeds", options.seeds},
              {"coder", options.coder}};
    if (cbpdn) {
        line["code_side"] = options.cbpdn.side;
        line["code_input"] = command.code_input;
        line["network"] = options.network;
        if (options.network == "resnet") {
            line["stem_dropout"] = options.resnet_dropout;
            line["weight_decay"] = options.resnet_weight_decay;
        }
    } else {
        line["atoms"] = options.selections;
    }
    line["epochs"] = options.training.epochs;
    line["learning_rate"] = options.training.learning_rate;
    line["c"] = options.prunings;
    line["conditions"] = conditions;
    print_line(line);
    studies::plot figure{"Fashion-MNIST: test accuracy (mean ± sd over seeds), codes pruned below c * max",
                         "pruning threshold c (fraction of the image's largest coefficient)",
                         "test accuracy (%)",
                         false,
                         {}};
    const auto table = results_table(options, results, figure);
    if (command.out) write_results(*command.out, options, results, table, figure);
    if (command.page) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // One section per coder: the matching-pursuit analogue and the paper's coder side by side.
        studies::update_results_page(*command.page, cbpdn ? "classify-cbpdn" : "classify",
                                     studies::describe_run("hsc classify", args, seconds), {table});
    }
    return 0;
}

} // namespace hsc::cli

int main(int argc, char** argv)
{
    return hsc::cli::run_program("hsc classify", argc, argv, hsc::cli::run_classify);
}
