// hsc reservoir: rate or LIF reservoirs with heterogeneous time constants on the task suite
// (SCIENCE.md §3), one JSON line per model, size, τ distribution, CV and recurrence setting.
#pragma once

#include "../reservoir_study.hpp"
#include "arguments.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace hsc::cli {

inline const char* reservoir_usage =
    "usage: hsc reservoir [--model rate|lif] [--integrator euler|rk4] [--sizes 25,50,100,200,400]\n"
    "                     [--distributions lognormal,gamma,normal,uniform] [--cv 0.25,0.5,1,2]\n"
    "                     [--recurrent both|yes|no] [--tau-mean T] [--seeds K] [--seed S]\n"
    "\n"
    "Networks whose neurons differ only in their time constants tau_i (drawn from the distribution at\n"
    "mean T steps, default 5, and the given CV; homogeneous = CV 0), sparse E/I-balanced recurrent\n"
    "weights (10% density), trained linear readouts (ridge, regularisation chosen on a validation\n"
    "split) on 216 tasks y = u(t + D)^d, d in 1..6, D in -30..5, of a standardised random input.\n"
    "Prints one JSON object per line: model, n, distribution, tau_cv, recurrent, mean_r2 (test R^2\n"
    "floored at 0, mean over tasks), taylor, nostradamus, tayloramus (family means),\n"
    "memory_capacity (sum of R^2 of u(t - k), k = 1..30), clamped (time constants raised to dt).\n";

inline std::vector<double> parse_reals(const std::string& name, const std::string& list)
{
    std::vector<double> values;
    for (const auto& part : split(list, ',')) values.push_back(arguments::parse_real(name, part));
    return values;
}

inline int run_reservoir(const std::vector<std::string>& args)
{
    const arguments a(args,
                      {"--model", "--integrator", "--sizes", "--distributions", "--cv", "--recurrent", "--tau-mean",
                       "--seeds", "--seed"},
                      {"--help"});
    if (a.flag("--help")) {
        std::fputs(reservoir_usage, stdout);
        return 0;
    }
    if (!a.positional().empty()) throw usage_error{"unexpected argument '" + a.positional()[0] + "'"};
    examples::reservoir_study study;
    const std::string model = a.text("--model").value_or("rate");
    if (model != "rate" && model != "lif") throw usage_error{"--model must be rate or lif, got '" + model + "'"};
    study.model = model == "rate" ? reservoir::neuron_model::rate : reservoir::neuron_model::lif;
    const std::string method = a.text("--integrator").value_or("euler");
    if (method != "euler" && method != "rk4")
        throw usage_error{"--integrator must be euler or rk4, got '" + method + "'"};
    study.method = method == "euler" ? reservoir::integrator::euler : reservoir::integrator::rk4;
    if (const auto sizes = a.text("--sizes")) {
        study.sizes.clear();
        for (const auto& part : split(*sizes, ','))
            study.sizes.push_back(arguments::parse_count("--sizes", part, 2, 5000));
    }
    if (const auto list = a.text("--distributions")) {
        study.distributions = split(*list, ',');
        for (const auto& d : study.distributions) {
            if (d == "homogeneous" || !distribution::is_law_name(d)) {
                throw usage_error{"--distributions takes lognormal, gamma, normal, uniform; got '" + d + "'"};
            }
        }
    }
    if (const auto list = a.text("--cv")) {
        study.cvs = parse_reals("--cv", *list);
        for (const double cv : study.cvs)
            if (cv <= 0) throw usage_error{"--cv values must be > 0 (CV 0 is the homogeneous network, always run)"};
    }
    const std::string recurrent = a.text("--recurrent").value_or("both");
    if (recurrent == "yes") {
        study.recurrent = {true};
    } else if (recurrent == "no") {
        study.recurrent = {false};
    } else if (recurrent != "both") {
        throw usage_error{"--recurrent must be both, yes or no, got '" + recurrent + "'"};
    }
    if (const auto t = a.text("--tau-mean")) {
        study.tau_mean = arguments::parse_real("--tau-mean", *t);
        if (study.tau_mean < 1) throw usage_error{"--tau-mean must be >= 1 (time constants are in steps of dt)"};
    }
    study.seeds = a.count("--seeds", 1, 1, 100);
    study.seed = a.count("--seed", 1, 0, ~std::size_t{0});
    examples::run_reservoir_study(study, [](const examples::reservoir_row& row) {
        std::printf("{\"model\": \"%s\", \"n\": %zu, \"distribution\": \"%s\", \"tau_cv\": %.3g, \"recurrent\": %s, "
                    "\"mean_r2\": %.5f, \"taylor\": %.5f, \"nostradamus\": %.5f, \"tayloramus\": %.5f, "
                    "\"memory_capacity\": %.4f, \"clamped\": %zu}\n",
                    reservoir::to_string(row.model), row.n, row.distribution.c_str(), row.cv,
                    row.recurrent ? "true" : "false", row.scores.mean_r2, row.scores.taylor, row.scores.nostradamus,
                    row.scores.tayloramus, row.scores.memory_capacity, row.clamped);
        std::fflush(stdout);
    });
    return 0;
}

} // namespace hsc::cli
