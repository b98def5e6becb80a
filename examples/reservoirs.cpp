// Reservoirs with heterogeneous time constants (SCIENCE.md §3): mean R² over the task grid against
// network size for each τ distribution at each CV, with and without recurrence; an SVG figure; and
// the smallest heterogeneous network that matches the largest homogeneous one.
// Usage: hsc_reservoirs [OUT_DIR] [SEEDS] (defaults: the current directory, 1 seed).
#include "reservoir_study.hpp"
#include "svg_plot.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

int main(int argc, char** argv)
{
    using namespace hsc;
    const std::string out_dir = argc > 1 ? argv[1] : ".";
    examples::reservoir_study study;
    if (argc > 2) study.seeds = static_cast<std::size_t>(std::max(1, std::atoi(argv[2])));
    std::vector<examples::reservoir_row> rows;
    examples::run_reservoir_study(study, [&](const examples::reservoir_row& r) {
        rows.push_back(r);
        std::fprintf(stderr, "\r%zu networks scored", rows.size());
    });
    std::fprintf(stderr, "\n");

    auto key = [](const examples::reservoir_row& r) {
        char k[96];
        std::snprintf(k, sizeof k, "%s cv %.2g%s", r.distribution.c_str(), r.cv, r.recurrent ? "" : " no-rec");
        return r.distribution == "homogeneous" ? std::string(r.recurrent ? "homogeneous" : "homogeneous no-rec")
                                               : std::string(k);
    };
    std::map<std::string, std::map<std::size_t, double>> mean_r2, capacity;
    std::vector<std::string> order;
    for (const auto& r : rows) {
        const auto k = key(r);
        if (!mean_r2.count(k)) order.push_back(k);
        mean_r2[k][r.n] = r.scores.mean_r2;
        capacity[k][r.n] = r.scores.memory_capacity;
    }
    std::printf("mean R² over %zu tasks (memory capacity), tau mean %.0f steps, %zu seed(s)\n",
                examples::task_grid().size(), study.tau_mean, study.seeds);
    std::printf("%-26s", "condition \\ n");
    for (const std::size_t n : study.sizes) std::printf(" | %14zu", n);
    std::printf("\n");
    for (const auto& k : order) {
        std::printf("%-26s", k.c_str());
        for (const std::size_t n : study.sizes) std::printf(" | %6.4f (%5.2f)", mean_r2[k][n], capacity[k][n]);
        std::printf("\n");
    }

    // The smallest heterogeneous network that does at least as well as the largest homogeneous one.
    const std::size_t largest = study.sizes.back();
    const double target = mean_r2["homogeneous"][largest];
    std::printf("\nlargest homogeneous network (n = %zu, recurrent): mean R² %.4f\n", largest, target);
    for (const auto& k : order) {
        if (k.rfind("homogeneous", 0) == 0) continue;
        std::size_t smallest = 0;
        for (const std::size_t n : study.sizes)
            if (mean_r2[k][n] >= target) {
                smallest = n;
                break;
            }
        if (smallest) {
            std::printf("  %-24s matches it from n = %zu\n", k.c_str(), smallest);
        } else {
            std::printf("  %-24s does not match it up to n = %zu\n", k.c_str(), largest);
        }
    }

    examples::plot figure{.title = "Reservoirs: mean R² over the task grid",
                          .x_label = "neurons n",
                          .y_label = "mean test R² (floored at 0)",
                          .log_x = true,
                          .lines = {}};
    const std::map<std::string, std::string> colours = {{"homogeneous", "black"},
                                                        {"lognormal", "#d62728"},
                                                        {"gamma", "#ff7f0e"},
                                                        {"normal", "#1f77b4"},
                                                        {"uniform", "#2ca02c"}};
    for (const auto& r : rows) { // one line per distribution at CV 1 (and homogeneous), both settings
        if (r.n != study.sizes.front() || !(r.distribution == "homogeneous" || r.cv == 1.0)) continue;
        examples::series line{
            .label = key(r), .colour = colours.at(r.distribution), .dashed = !r.recurrent, .x = {}, .y = {}};
        for (const std::size_t n : study.sizes) {
            line.x.push_back(double(n));
            line.y.push_back(mean_r2[key(r)][n]);
        }
        figure.lines.push_back(line);
    }
    const std::string path = out_dir + "/reservoir_r2_vs_size.svg";
    figure.write(path);
    std::printf("\nfigure: %s\n", path.c_str());
    return 0;
}
