// hsc classify: the Table-1 analogue on Fashion-MNIST (SCIENCE.md §1.6), one JSON line.
#pragma once

#include "../classification_study.hpp"
#include "arguments.hpp"

#include <cstdio>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace hsc::cli {

inline const char* classify_usage =
    "usage: hsc classify [--banks LIST] [--train N] [--test N] [--seeds S] [--atoms L] [--epochs E]\n"
    "                    [--threads N] [--no-raw] [--data DIR]\n"
    "\n"
    "Codes Fashion-MNIST with each bank by matching pursuit (zero boundary) at two scales (L\n"
    "selections on the 28x28 image, L/2 on its 14x14 half), turns the codes into ON/OFF maps\n"
    "(576 x 28 x 28, mostly zeros), trains the default classifier (3x3 convolution to 32 maps reading\n"
    "only the nonzeros, ReLU, 2x2 max pooling, dense 128, ReLU, dense 10, 50% dropout before each\n"
    "dense layer while training; Adam, batches of 64) with S seeds, and tests it on codes pruned of\n"
    "the coefficients below c * max for c = 0, 0.25, 0.5. A raw-pixel classifier (dense 128, ReLU,\n"
    "dense 10) is the baseline. Prints one JSON line: per condition, accuracy mean and sd over seeds\n"
    "at each c, coding seconds, and training seconds summed over the seeds.\n"
    "  --banks LIST  comma-separated: heterogeneous, homogeneous, or FILE.npy of 144 atoms\n"
    "                (default heterogeneous,homogeneous)\n"
    "  --train N     the first N training images (default 60000)\n"
    "  --test N      the first N test images (default 10000)\n"
    "  --seeds S     seeds per condition (default 3)\n"
    "  --atoms L     matching-pursuit selections per 28x28 image (default 128; L/2 at half size)\n"
    "  --epochs E    training epochs (default 12)\n"
    "  --threads N   threads for coding and for the seeds (default all cores; same figures for any N)\n"
    "  --no-raw      skip the raw-pixel baseline\n"
    "  --data DIR    the Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist, Debian's\n"
    "                dataset-fashion-mnist)\n";

/// The options `hsc classify` and the hsc_fashion example share.
inline const std::set<std::string> study_option_names = {"--banks", "--train",  "--test",    "--seeds",
                                                         "--atoms", "--epochs", "--threads", "--data"};

inline examples::classification::study_options study_options_from(const arguments& a)
{
    examples::classification::study_options options;
    options.data_folder = a.text("--data").value_or(options.data_folder);
    options.train = a.count("--train", options.train, 1, 60000);
    options.test = a.count("--test", options.test, 1, 10000);
    options.seeds = a.count("--seeds", options.seeds, 1, 1000);
    options.selections = a.count("--atoms", options.selections, 1, 28 * 28 * 144);
    options.training.epochs = a.count("--epochs", options.training.epochs, 1, 10000);
    options.threads = a.count("--threads", std::max(1u, std::thread::hardware_concurrency()), 1, 1024);
    options.raw_baseline = !a.flag("--no-raw");
    return options;
}

/// --banks: heterogeneous, homogeneous or FILE.npy items, comma-separated.
inline std::vector<std::pair<std::string, kernel_bank<float>>> banks_from(const arguments& a)
{
    std::vector<std::pair<std::string, kernel_bank<float>>> banks;
    for (const auto& item : split(a.text("--banks").value_or("heterogeneous,homogeneous"), ',')) {
        if (item.empty()) throw usage_error{"--banks has an empty item"};
        banks.push_back(examples::classification::named_bank(item));
    }
    return banks;
}

inline int run_classify(const std::vector<std::string>& args)
{
    const arguments a(args, study_option_names, {"--help", "--no-raw"});
    if (a.flag("--help")) {
        std::fputs(classify_usage, stdout);
        return 0;
    }
    if (!a.positional().empty()) throw usage_error{"unexpected argument '" + a.positional()[0] + "'"};
    namespace study = hsc::examples::classification;
    const auto options = study_options_from(a);
    const auto banks = banks_from(a);
    const auto results = study::run_study(
        options, banks, [](const std::string& line) { std::fprintf(stderr, "classify: %s\n", line.c_str()); });
    std::string json =
        "{\"train\": " + std::to_string(options.train) + ", \"test\": " + std::to_string(options.test) +
        ", \"seeds\": " + std::to_string(options.seeds) + ", \"atoms\": " + std::to_string(options.selections) +
        ", \"epochs\": " + std::to_string(options.training.epochs) + ", \"c\": [0, 0.25, 0.5], \"conditions\": [";
    for (std::size_t r = 0; r < results.size(); ++r) {
        const auto& result = results[r];
        char head[256];
        std::snprintf(head, sizeof head,
                      "%s{\"condition\": \"%s\", \"mean_nnz\": %.2f, \"coding_seconds\": %.3f, "
                      "\"training_seconds\": %.3f, \"accuracy_mean\": [",
                      r ? ", " : "", result.name.c_str(), result.mean_nnz, result.coding_seconds,
                      result.training_seconds);
        json += head;
        for (std::size_t c = 0; c < options.prunings.size(); ++c) {
            char item[32];
            std::snprintf(item, sizeof item, "%s%.4f", c ? ", " : "", result.mean(c));
            json += item;
        }
        json += "], \"accuracy_sd\": [";
        for (std::size_t c = 0; c < options.prunings.size(); ++c) {
            char item[32];
            std::snprintf(item, sizeof item, "%s%.4f", c ? ", " : "", result.sd(c));
            json += item;
        }
        json += "]}";
    }
    std::printf("%s]}\n", json.c_str());
    return 0;
}

} // namespace hsc::cli
