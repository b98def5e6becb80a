// hsc-quantize (also run as `hsc quantize`): the heterogeneous-quantization experiment (docs/science.md
// §2), one JSON line per session, condition and D; with --out DIR also the tables beside the
// published figures and an SVG figure of the utilization SD against D.
#include "quantization_study.hpp"

#include "../common/results_page.hpp"
#include "../common/svg_plot.hpp"
#include "../common/table.hpp"
#include "../common/text_file.hpp"

#include <command_line.hpp>
#include <json.hpp>
#include <output.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>

#include <cstdio>
#include <string>
#include <vector>

namespace hsc::cli {

inline const char* quantize_description =
    "Synthetic odour-sensor data (8 analytes x 8 sensors, 16 samples per class, seeded) quantized into\n"
    "spike phases by columns of D units: homogeneous thresholds (the ten levels 0.01..1), the\n"
    "data-blind grid (linear on [0.01, 1]), its inverse-linear variant, and thresholds calibrated on\n"
    "the training samples (scaled: smoothing 0.5, adaptive: 0.25). Prints one JSON object per line\n"
    "with session, condition, D, level, utilization_mean and utilization_sd (% of units responding,\n"
    "across test samples) and accuracy (% correct, nearest centroid trained on 2 samples per class,\n"
    "8 folds); condition analog is the normalized input without units.";

/// Published (Moyal et al., unit layer; docs/science.md §2), indexed by D = 4, 8, 16, 32 and by
/// session (concentration, saturation).
namespace published {
    inline constexpr double sd_homogeneous = 10.69;
    inline constexpr double sd_heterogeneous[4] = {2.53, 1.23, 0.74, 0.52};
    inline constexpr double accuracy[2][4] = {{87.2, 95.2, 97.1, 97.9}, {86.6, 92.5, 98.9, 94.6}};
    inline constexpr double accuracy_homogeneous[2] = {83.5, 58.6}, analog[2] = {84.1, 72.2};
} // namespace published

/// The tables beside the published figures (two per session: utilization SD, accuracy), and the
/// utilization SD against D as lines of a figure.
inline std::vector<studies::table> results_tables(const studies::quantization_study& study,
                                                  const std::vector<studies::quantization_row>& rows,
                                                  studies::plot& sd_plot)
{
    using condition = studies::quantization_condition;
    std::vector<studies::table> tables;
    const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
    for (const auto session : study.sessions) {
        const std::size_t s = session == studies::sensor_session::concentration ? 0 : 1;
        const double noise = s == 0 ? study.noise_sd : 0.02;
        studies::table sd{
            .caption = studies::format("%s session (noise sd %.2f): utilization SD across test samples, %% of units",
                                       studies::to_string(session), noise),
            .header = {"D", "homog. mean", "homog. best", "data-blind (published het.)", "scaled", "adaptive",
                       "inv.-lin."},
            .rows = {},
            .notes = studies::format("Published homogeneous: %.2f for every D. \"homog. best\": the homogeneous level "
                                     "with the best accuracy.",
                                     published::sd_homogeneous)};
        studies::table accuracy{.caption = studies::format("%s session: accuracy %%, nearest centroid on unit activity",
                                                           studies::to_string(session)),
                                .header = {"D", "homog. mean", "homog. best", "data-blind (published het.)", "scaled",
                                           "adaptive", "inv.-lin."},
                                .rows = {},
                                .notes = {}};
        std::map<condition, studies::series> lines;
        double analog = 0;
        for (std::size_t di = 0; di < study.units.size(); ++di) {
            const std::size_t d = study.units[di];
            double homogeneous_sd = 0, homogeneous_acc = 0, best_acc = -1, best_sd = 0;
            std::map<condition, studies::quantization_scores> at;
            for (const auto& r : rows) {
                if (r.session != session) continue;
                if (r.condition == condition::analog) analog = r.scores.accuracy;
                if (r.units != d) continue;
                if (r.condition == condition::homogeneous) {
                    homogeneous_sd += r.scores.utilization_sd / 10;
                    homogeneous_acc += r.scores.accuracy / 10;
                    if (r.scores.accuracy > best_acc) best_acc = r.scores.accuracy, best_sd = r.scores.utilization_sd;
                } else {
                    at[r.condition] = r.scores;
                }
            }
            // The published D values are 4, 8, 16, 32.
            const int known = d == 4 ? 0 : d == 8 ? 1 : d == 16 ? 2 : d == 32 ? 3 : -1;
            auto with_published = [&](double value, double reference, const char* number, const char* both) {
                return known < 0 ? studies::format(number, value) : studies::format(both, value, reference);
            };
            sd.rows.push_back(
                {std::to_string(d), studies::format("%.2f", homogeneous_sd), studies::format("%.2f", best_sd),
                 with_published(at[condition::data_blind].utilization_sd,
                                known < 0 ? 0 : published::sd_heterogeneous[known], "%.2f", "%.2f (%.2f)"),
                 studies::format("%.2f", at[condition::scaled].utilization_sd),
                 studies::format("%.2f", at[condition::adaptive].utilization_sd),
                 studies::format("%.2f", at[condition::inverse_linear].utilization_sd)});
            accuracy.rows.push_back(
                {std::to_string(d), studies::format("%.1f", homogeneous_acc), studies::format("%.1f", best_acc),
                 with_published(at[condition::data_blind].accuracy, known < 0 ? 0 : published::accuracy[s][known],
                                "%.1f", "%.1f (%.1f)"),
                 studies::format("%.1f", at[condition::scaled].accuracy),
                 studies::format("%.1f", at[condition::adaptive].accuracy),
                 studies::format("%.1f", at[condition::inverse_linear].accuracy)});
            for (const auto c : {condition::data_blind, condition::scaled, condition::adaptive}) {
                lines[c].x.push_back(double(d));
                lines[c].y.push_back(at[c].utilization_sd);
            }
            lines[condition::homogeneous].x.push_back(double(d));
            lines[condition::homogeneous].y.push_back(homogeneous_sd);
        }
        accuracy.notes = studies::format("Analog input without units: %.1f%% (published %.1f%%). Published "
                                         "homogeneous: %.1f%%.",
                                         analog, published::analog[s], published::accuracy_homogeneous[s]);
        tables.push_back(sd);
        tables.push_back(accuracy);
        std::size_t colour = 0;
        for (auto& [c, line] : lines) {
            line.label = std::string(s == 0 ? "conc. " : "sat. ") +
                         (c == condition::homogeneous ? "homog. (mean)" : studies::to_string(c));
            line.colour = colours[colour++ % 5];
            line.dashed = s == 1;
            sd_plot.lines.push_back(line);
        }
    }
    studies::series reference{.label = "published het.", .colour = "black", .dashed = true, .x = {}, .y = {}};
    for (std::size_t di = 0; di < 4; ++di) {
        reference.x.push_back(double(std::size_t{4} << di));
        reference.y.push_back(published::sd_heterogeneous[di]);
    }
    sd_plot.lines.push_back(reference);
    return tables;
}

inline int run_quantize(const std::vector<std::string>& args)
{
    CLI::App app{quantize_description, "hsc quantize"};
    set_style(app);
    studies::quantization_study study;
    std::string session = "both", response = "activity", phase = "lif";
    std::optional<std::string> out, page;
    app.add_option("--session", session, "which sensor session(s) to run")
        ->check(CLI::IsMember({"concentration", "saturation", "both"}))
        ->capture_default_str();
    app.add_option("--units", study.units, "units per feature, the values of D")
        ->type_name("LIST")
        ->delimiter(',')
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    app.add_option("--noise", study.noise_sd, "sensor noise of the concentration session (saturation: 0.02)")
        ->type_name("SD")
        ->check(at_least(0))
        ->capture_default_str();
    app.add_option("--seed", study.seed, "the draws of the data")->type_name("S")->capture_default_str();
    app.add_option("--response", response,
                   "what the classifier sees of a unit: activity (spiked or not) or latency\n"
                   "(earlier spikes larger)")
        ->check(CLI::IsMember({"activity", "latency"}))
        ->capture_default_str();
    app.add_option("--phase", phase, "lif: phases of the simulated neuron; crossing: the closed form")
        ->check(CLI::IsMember({"lif", "crossing"}))
        ->capture_default_str();
    app.add_option("--out", out,
                   "also write quantization_table.txt (beside the published figures) and\n"
                   "quantization_utilization_sd.svg there")
        ->type_name("DIR");
    app.add_option("--page", page, "also update the generated section of this results page (docs/results/...)")
        ->type_name("FILE.md");
    if (!parse(app, args)) return 0;
    if (out) prepare_output_folder(*out);
    if (page) require_writable(*page);
    const auto start = std::chrono::steady_clock::now();
    if (session != "both") {
        study.sessions = {session == "concentration" ? studies::sensor_session::concentration
                                                     : studies::sensor_session::saturation};
    }
    study.response = response == "activity" ? studies::unit_response::activity : studies::unit_response::latency;
    study.lif = phase == "lif";
    std::vector<studies::quantization_row> rows;
    studies::run_quantization_study(study, [&rows](const studies::quantization_row& row) {
        rows.push_back(row);
        print_line(json{{"session", studies::to_string(row.session)},
                        {"condition", studies::to_string(row.condition)},
                        {"D", row.units},
                        {"level", rounded(row.level, 2)},
                        {"utilization_mean", rounded(row.scores.utilization_mean, 4)},
                        {"utilization_sd", rounded(row.scores.utilization_sd, 4)},
                        {"accuracy", rounded(row.scores.accuracy, 2)}});
    });
    studies::plot sd_plot{.title = "Utilization SD across samples",
                          .x_label = "units per feature D",
                          .y_label = "utilization SD (% of units)",
                          .log_x = true,
                          .lines = {}};
    const auto tables = results_tables(study, rows, sd_plot);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    studies::publish_results(out, page, tables, sd_plot, "quantization_table.txt", "quantization_utilization_sd.svg",
                             "quantize", studies::describe_run("hsc quantize", args, seconds));
    return 0;
}

} // namespace hsc::cli

int main(int argc, char** argv)
{
    return hsc::cli::run_program("hsc quantize", argc, argv, hsc::cli::run_quantize);
}
