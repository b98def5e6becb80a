// hsc-quantize (also run as `hsc quantize`): the heterogeneous-quantization experiment (docs/science.md
// §2), one JSON line per session, condition and D; with --out DIR also the tables beside the
// published figures and an SVG figure of the utilization SD against D.
#include "quantization_study.hpp"

#include "../common/svg_plot.hpp"
#include "../common/text_file.hpp"

#include <command_line.hpp>
#include <json.hpp>

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

/// The tables beside the published figures (quantization_table.txt) and the utilization-SD figure
/// (quantization_utilization_sd.svg), into `out_dir`.
inline void write_results(const std::string& out_dir, const studies::quantization_study& study,
                          const std::vector<studies::quantization_row>& rows)
{
    std::filesystem::create_directories(out_dir);
    studies::text_file table(out_dir + "/quantization_table.txt");
    std::FILE* text = table.get();
    // Published (Moyal et al., unit layer; docs/science.md §2): index by D = 4, 8, 16, 32.
    const double published_sd_homogeneous = 10.69;
    const double published_sd_heterogeneous[4] = {2.53, 1.23, 0.74, 0.52};
    const double published_accuracy[2][4] = {{87.2, 95.2, 97.1, 97.9}, {86.6, 92.5, 98.9, 94.6}};
    const double published_accuracy_homogeneous[2] = {83.5, 58.6}, published_analog[2] = {84.1, 72.2};

    studies::plot sd_plot{.title = "Utilization SD across samples",
                          .x_label = "units per feature D",
                          .y_label = "utilization SD (% of units)",
                          .log_x = true,
                          .lines = {}};
    const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
    for (std::size_t s = 0; s < study.sessions.size(); ++s) {
        const auto session = study.sessions[s];
        std::fprintf(text, "\n%s session (noise sd %.2f; classifier: nearest centroid on unit activity)\n",
                     studies::to_string(session),
                     session == studies::sensor_session::concentration ? study.noise_sd : 0.02);
        std::fprintf(text, "%4s | %-28s | %-28s | %-13s | %-13s | %-9s\n", "D", "utilization SD: homog. mean/best",
                     "data-blind (published het.)", "scaled", "adaptive", "inv.-lin.");
        std::map<studies::quantization_condition, studies::series> lines;
        double analog = 0;
        std::vector<std::string> accuracy_lines;
        for (std::size_t di = 0; di < study.units.size(); ++di) {
            const std::size_t d = study.units[di];
            double homogeneous_sd = 0, homogeneous_acc = 0, best_acc = 0, best_sd = 0;
            std::map<studies::quantization_condition, studies::quantization_scores> at;
            for (const auto& r : rows) {
                if (r.session != session) continue;
                if (r.condition == studies::quantization_condition::analog) analog = r.scores.accuracy;
                if (r.units != d) continue;
                if (r.condition == studies::quantization_condition::homogeneous) {
                    homogeneous_sd += r.scores.utilization_sd / 10;
                    homogeneous_acc += r.scores.accuracy / 10;
                    if (r.scores.accuracy > best_acc) best_acc = r.scores.accuracy, best_sd = r.scores.utilization_sd;
                } else {
                    at[r.condition] = r.scores;
                }
            }
            const bool known = di < 4 && d == (std::size_t{4} << di); // the published D values
            std::fprintf(text, "%4zu | %12.2f / %-13.2f | %8.2f (%5s)              | %-13.2f | %-13.2f | %-9.2f\n", d,
                         homogeneous_sd, best_sd, at[studies::quantization_condition::data_blind].utilization_sd,
                         known ? std::to_string(published_sd_heterogeneous[di]).substr(0, 4).c_str() : "-",
                         at[studies::quantization_condition::scaled].utilization_sd,
                         at[studies::quantization_condition::adaptive].utilization_sd,
                         at[studies::quantization_condition::inverse_linear].utilization_sd);
            char line[256];
            std::snprintf(line, sizeof line, "%4zu | %6.1f / %-6.1f (%4.1f) | %6.1f (%4s) | %6.1f | %6.1f | %6.1f", d,
                          homogeneous_acc, best_acc, published_accuracy_homogeneous[s],
                          at[studies::quantization_condition::data_blind].accuracy,
                          known ? std::to_string(published_accuracy[s][di]).substr(0, 4).c_str() : "-",
                          at[studies::quantization_condition::scaled].accuracy,
                          at[studies::quantization_condition::adaptive].accuracy,
                          at[studies::quantization_condition::inverse_linear].accuracy);
            accuracy_lines.push_back(line);
            for (const auto c : {studies::quantization_condition::data_blind, studies::quantization_condition::scaled,
                                 studies::quantization_condition::adaptive}) {
                lines[c].x.push_back(double(d));
                lines[c].y.push_back(at[c].utilization_sd);
            }
            lines[studies::quantization_condition::homogeneous].x.push_back(double(d));
            lines[studies::quantization_condition::homogeneous].y.push_back(homogeneous_sd);
        }
        std::fprintf(text, "(published: homogeneous %.2f for every D)\n", published_sd_homogeneous);
        std::fprintf(text,
                     "\naccuracy %%: %4s | homog. mean / best (published) | data-blind (published het.) | scaled | "
                     "adaptive | inv.-lin.; analog input %.1f (published %.1f)\n",
                     "D", analog, published_analog[s]);
        for (const auto& l : accuracy_lines) std::fprintf(text, "            %s\n", l.c_str());
        std::size_t colour = 0;
        for (auto& [condition, line] : lines) {
            line.label = std::string(session == studies::sensor_session::concentration ? "conc. " : "sat. ") +
                         (condition == studies::quantization_condition::homogeneous ? "homog. (mean)"
                                                                                    : studies::to_string(condition));
            line.colour = colours[colour++ % 5];
            line.dashed = session == studies::sensor_session::saturation;
            sd_plot.lines.push_back(line);
        }
    }
    studies::series published{.label = "published het.", .colour = "black", .dashed = true, .x = {}, .y = {}};
    for (std::size_t di = 0; di < 4; ++di) {
        published.x.push_back(double(std::size_t{4} << di));
        published.y.push_back(published_sd_heterogeneous[di]);
    }
    sd_plot.lines.push_back(published);
    sd_plot.write(out_dir + "/quantization_utilization_sd.svg");
    table.close();
}

inline int run_quantize(const std::vector<std::string>& args)
{
    CLI::App app{quantize_description, "hsc quantize"};
    set_style(app);
    studies::quantization_study study;
    std::string session = "both", response = "activity", phase = "lif";
    std::optional<std::string> out;
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
    if (!parse(app, args)) return 0;
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
    if (out) write_results(*out, study, rows);
    return 0;
}

} // namespace hsc::cli

int main(int argc, char** argv)
{
    return hsc::cli::run_program("hsc quantize", argc, argv, hsc::cli::run_quantize);
}
