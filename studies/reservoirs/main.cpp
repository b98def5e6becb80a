// hsc-reservoir (also run as `hsc reservoir`): rate or LIF reservoirs with heterogeneous time
// constants on the task suite (docs/science.md §3), one JSON line per model, size, τ distribution, CV and
// recurrence setting; with --out DIR also a table, the smallest matching network and an SVG figure.
#include "reservoir_study.hpp"

#include "../common/results_page.hpp"
#include "../common/svg_plot.hpp"
#include "../common/table.hpp"
#include "../common/text_file.hpp"

#include <command_line.hpp>
#include <json.hpp>
#include <output.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>

#include <cstdio>
#include <string>
#include <vector>

namespace hsc::cli {

inline const char* reservoir_description =
    "Networks whose neurons differ only in their time constants tau_i (drawn from the distribution at\n"
    "mean --tau-mean steps and the given CV; homogeneous = CV 0, always run), sparse E/I-balanced\n"
    "recurrent weights (10% density), trained linear readouts (ridge, regularisation chosen on a\n"
    "validation split) on 216 tasks y = u(t + D)^d, d in 1..6, D in -30..5, of a standardised random\n"
    "input. Prints one JSON object per line: model, n, distribution, tau_cv, recurrent, mean_r2 (test\n"
    "R^2 floored at 0, mean over tasks), taylor, nostradamus, tayloramus (family means),\n"
    "memory_capacity (sum of R^2 of u(t - k), k = 1..30), clamped (time constants raised to dt).";

/// The table of mean R² (memory capacity) against n with the smallest heterogeneous network that
/// matches the largest homogeneous one, and the figure of mean R² against n.
inline std::vector<studies::table> results_tables(const studies::reservoir_study& study,
                                                  const std::vector<studies::reservoir_row>& rows,
                                                  studies::plot& figure)
{
    auto key = [](const studies::reservoir_row& r) {
        if (r.distribution == "homogeneous") return std::string(r.recurrent ? "homogeneous" : "homogeneous no-rec");
        return studies::format("%s cv %.2g%s", r.distribution.c_str(), r.cv, r.recurrent ? "" : " no-rec");
    };
    std::map<std::string, std::map<std::size_t, double>> mean_r2, capacity;
    std::vector<std::string> order;
    for (const auto& r : rows) {
        const auto k = key(r);
        if (!mean_r2.count(k)) order.push_back(k);
        mean_r2[k][r.n] = r.scores.mean_r2;
        capacity[k][r.n] = r.scores.memory_capacity;
    }
    // The smallest heterogeneous network that does at least as well as the largest homogeneous one.
    const std::size_t largest = *std::max_element(study.sizes.begin(), study.sizes.end());
    const double target = mean_r2["homogeneous"][largest];
    studies::table scores{
        .caption = studies::format("Mean R² over %zu tasks (memory capacity), tau mean %g steps, %zu seed(s)",
                                   studies::task_grid().size(), study.tau_mean, study.seeds),
        .header = {"condition \\ n"},
        .rows = {},
        .notes = {}};
    for (const std::size_t n : study.sizes) scores.header.push_back(std::to_string(n));
    scores.header.push_back(studies::format("matches homogeneous n = %zu (%.4f) from", largest, target));
    for (const auto& k : order) {
        std::vector<std::string> row{k};
        std::size_t smallest = 0;
        for (const std::size_t n : study.sizes) {
            row.push_back(studies::format("%.4f (%.2f)", mean_r2[k][n], capacity[k][n]));
            if (!smallest && mean_r2[k][n] >= target) smallest = n;
        }
        const bool homogeneous = k.rfind("homogeneous", 0) == 0;
        row.push_back(homogeneous ? "" : smallest ? studies::format("n = %zu", smallest) : std::string("no"));
        scores.rows.push_back(row);
    }

    const std::map<std::string, std::string> colours = {{"homogeneous", "black"},
                                                        {"lognormal", "#d62728"},
                                                        {"gamma", "#ff7f0e"},
                                                        {"normal", "#1f77b4"},
                                                        {"uniform", "#2ca02c"}};
    for (const auto& r : rows) { // one line per distribution at CV 1 (and homogeneous), both settings
        if (r.n != study.sizes.front() || !(r.distribution == "homogeneous" || r.cv == 1.0)) continue;
        studies::series line{.label = key(r),
                             .colour =
                                 colours.count(r.distribution) ? colours.at(r.distribution) : std::string("#9467bd"),
                             .dashed = !r.recurrent,
                             .x = {},
                             .y = {}};
        for (const std::size_t n : study.sizes) {
            line.x.push_back(double(n));
            line.y.push_back(mean_r2[key(r)][n]);
        }
        figure.lines.push_back(line);
    }
    return {scores};
}

inline int run_reservoir(const std::vector<std::string>& args)
{
    CLI::App app{reservoir_description, "hsc reservoir"};
    set_style(app);
    studies::reservoir_study study;
    std::string model = "rate", method = "euler", recurrent = "both";
    std::optional<std::string> out, page;
    app.add_option("--model", model, "rate or lif neurons")
        ->check(CLI::IsMember({"rate", "lif"}))
        ->capture_default_str();
    app.add_option("--integrator", method, "the integration of the neuron equations")
        ->check(CLI::IsMember({"euler", "rk4"}))
        ->capture_default_str();
    app.add_option("--sizes", study.sizes, "network sizes n")
        ->type_name("LIST")
        ->delimiter(',')
        ->check(CLI::Range(2, 5000))
        ->capture_default_str();
    app.add_option("--distributions", study.distributions, "laws of the time constants")
        ->type_name("LIST")
        ->delimiter(',')
        ->check(CLI::IsMember({"lognormal", "gamma", "normal", "uniform"}))
        ->capture_default_str();
    app.add_option("--cv", study.cvs, "coefficients of variation of the time constants (> 0)")
        ->type_name("LIST")
        ->delimiter(',')
        ->check(above(0))
        ->capture_default_str();
    app.add_option("--recurrent", recurrent, "with recurrent weights, without, or both")
        ->check(CLI::IsMember({"both", "yes", "no"}))
        ->capture_default_str();
    app.add_option("--tau-mean", study.tau_mean, "mean time constant, in steps of dt (>= 1)")
        ->type_name("T")
        ->check(at_least(1))
        ->capture_default_str();
    app.add_option("--seeds", study.seeds, "seeds averaged per condition")
        ->type_name("K")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    app.add_option("--seed", study.seed, "the first seed")->type_name("S")->capture_default_str();
    app.add_option("--out", out, "also write reservoir_table.txt and reservoir_r2_vs_size.svg there")->type_name("DIR");
    app.add_option("--page", page, "also update the generated section of this results page (docs/results/...)")
        ->type_name("FILE.md");
    if (!parse(app, args)) return 0;
    if (out) prepare_output_folder(*out);
    if (page) require_writable(*page);
    const auto start = std::chrono::steady_clock::now();
    study.model = model == "rate" ? reservoir::neuron_model::rate : reservoir::neuron_model::lif;
    study.method = method == "euler" ? reservoir::integrator::euler : reservoir::integrator::rk4;
    if (recurrent != "both") study.recurrent = {recurrent == "yes"};
    std::vector<studies::reservoir_row> rows;
    studies::run_reservoir_study(study, [&rows](const studies::reservoir_row& row) {
        rows.push_back(row);
        print_line(json{{"model", reservoir::to_string(row.model)},
                        {"n", row.n},
                        {"distribution", row.distribution},
                        {"tau_cv", rounded(row.cv, 3)},
                        {"recurrent", row.recurrent},
                        {"mean_r2", rounded(row.scores.mean_r2, 5)},
                        {"taylor", rounded(row.scores.taylor, 5)},
                        {"nostradamus", rounded(row.scores.nostradamus, 5)},
                        {"tayloramus", rounded(row.scores.tayloramus, 5)},
                        {"memory_capacity", rounded(row.scores.memory_capacity, 4)},
                        {"clamped", row.clamped}});
    });
    studies::plot figure{.title = "Reservoirs: mean R² over the task grid",
                         .x_label = "neurons n",
                         .y_label = "mean test R² (floored at 0)",
                         .log_x = true,
                         .lines = {}};
    const auto tables = results_tables(study, rows, figure);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    studies::publish_results(out, page, tables, figure, "reservoir_table.txt", "reservoir_r2_vs_size.svg", "reservoir",
                             studies::describe_run("hsc reservoir", args, seconds));
    return 0;
}

} // namespace hsc::cli

int main(int argc, char** argv)
{
    return hsc::cli::run_program("hsc reservoir", argc, argv, hsc::cli::run_reservoir);
}
