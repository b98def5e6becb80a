// hsc quantize: the heterogeneous-quantization experiment (SCIENCE.md §2), one JSON line per
// session, condition and D.
#pragma once

#include "../quantization_study.hpp"
#include "arguments.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace hsc::cli {

inline const char* quantize_usage =
    "usage: hsc quantize [--session concentration|saturation|both] [--units 4,8,16,32]\n"
    "                    [--noise SD] [--seed S] [--response activity|latency] [--phase lif|crossing]\n"
    "\n"
    "Synthetic odour-sensor data (8 analytes x 8 sensors, 16 samples per class, seeded) quantized into\n"
    "spike phases by columns of D units: homogeneous thresholds (the ten levels 0.01..1), the\n"
    "data-blind grid (linear on [0.01, 1]), its inverse-linear variant, and thresholds calibrated on\n"
    "the training samples (scaled: smoothing 0.5, adaptive: 0.25). Prints one JSON object per line\n"
    "with session, condition, D, level, utilization_mean and utilization_sd (% of units responding,\n"
    "across test samples) and accuracy (% correct, nearest centroid trained on 2 samples per class,\n"
    "8 folds); condition analog is the normalized input without units.\n"
    "  --noise SD      sensor noise of the concentration session (default 0.05; saturation: 0.02)\n"
    "  --response      what the classifier sees of a unit: activity (spiked or not, default) or\n"
    "                  latency (earlier spikes larger)\n"
    "  --phase         lif: phases of the simulated neuron (default); crossing: the closed form\n";

inline int run_quantize(const std::vector<std::string>& args)
{
    const arguments a(args, {"--session", "--units", "--noise", "--seed", "--response", "--phase"}, {"--help"});
    if (a.flag("--help")) {
        std::fputs(quantize_usage, stdout);
        return 0;
    }
    if (!a.positional().empty()) throw usage_error{"unexpected argument '" + a.positional()[0] + "'"};
    examples::quantization_study study;
    const std::string session = a.text("--session").value_or("both");
    if (session == "concentration") {
        study.sessions = {examples::sensor_session::concentration};
    } else if (session == "saturation") {
        study.sessions = {examples::sensor_session::saturation};
    } else if (session != "both") {
        throw usage_error{"--session must be concentration, saturation or both, got '" + session + "'"};
    }
    if (const auto units = a.text("--units")) {
        study.units.clear();
        for (const auto& part : split(*units, ','))
            study.units.push_back(arguments::parse_count("--units", part, 1, 4096));
    }
    if (const auto noise = a.text("--noise")) {
        study.noise_sd = arguments::parse_real("--noise", *noise);
        if (study.noise_sd < 0) throw usage_error{"--noise must be >= 0, got '" + *noise + "'"};
    }
    study.seed = a.count("--seed", 1, 0, ~std::size_t{0});
    const std::string response = a.text("--response").value_or("activity");
    if (response != "activity" && response != "latency") {
        throw usage_error{"--response must be activity or latency, got '" + response + "'"};
    }
    study.response = response == "activity" ? examples::unit_response::activity : examples::unit_response::latency;
    const std::string phase = a.text("--phase").value_or("lif");
    if (phase != "lif" && phase != "crossing")
        throw usage_error{"--phase must be lif or crossing, got '" + phase + "'"};
    study.lif = phase == "lif";
    examples::run_quantization_study(study, [](const examples::quantization_row& row) {
        std::printf("{\"session\": \"%s\", \"condition\": \"%s\", \"D\": %zu, \"level\": %.2f, "
                    "\"utilization_mean\": %.4f, \"utilization_sd\": %.4f, \"accuracy\": %.2f}\n",
                    examples::to_string(row.session), examples::to_string(row.condition), row.units, row.level,
                    row.scores.utilization_mean, row.scores.utilization_sd, row.scores.accuracy);
        std::fflush(stdout);
    });
    return 0;
}

} // namespace hsc::cli
