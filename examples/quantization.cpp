// The heterogeneous-quantization experiment (SCIENCE.md §2) with the published figures beside
// ours: utilization SD and accuracy against D for each sensor session, as tables on stdout and an
// SVG figure. Usage: hsc_quantization [OUT_DIR] (default: the current directory).
#include "quantization_study.hpp"
#include "svg_plot.hpp"

#include <cstdio>
#include <map>
#include <string>

int main(int argc, char** argv)
{
    using namespace hsc;
    const std::string out_dir = argc > 1 ? argv[1] : ".";
    const examples::quantization_study study;
    std::vector<examples::quantization_row> rows;
    examples::run_quantization_study(study, [&](const examples::quantization_row& r) { rows.push_back(r); });

    // Published (Moyal et al., unit layer; SCIENCE.md §2): index by D = 4, 8, 16, 32.
    const double published_sd_homogeneous = 10.69;
    const double published_sd_heterogeneous[4] = {2.53, 1.23, 0.74, 0.52};
    const double published_accuracy[2][4] = {{87.2, 95.2, 97.1, 97.9}, {86.6, 92.5, 98.9, 94.6}};
    const double published_accuracy_homogeneous[2] = {83.5, 58.6}, published_analog[2] = {84.1, 72.2};

    examples::plot sd_plot{.title = "Utilization SD across samples",
                           .x_label = "units per feature D",
                           .y_label = "utilization SD (% of units)",
                           .log_x = true,
                           .lines = {}};
    const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
    for (std::size_t s = 0; s < study.sessions.size(); ++s) {
        const auto session = study.sessions[s];
        std::printf("\n%s session (noise sd %.2f; classifier: nearest centroid on unit activity)\n",
                    examples::to_string(session),
                    session == examples::sensor_session::concentration ? study.noise_sd : 0.02);
        std::printf("%4s | %-28s | %-28s | %-13s | %-13s | %-9s\n", "D", "utilization SD: homog. mean/best",
                    "data-blind (published het.)", "scaled", "adaptive", "inv.-lin.");
        std::map<examples::quantization_condition, examples::series> lines;
        double analog = 0;
        std::vector<std::string> accuracy_lines;
        for (std::size_t di = 0; di < study.units.size(); ++di) {
            const std::size_t d = study.units[di];
            double homogeneous_sd = 0, homogeneous_acc = 0, best_acc = 0, best_sd = 0;
            std::map<examples::quantization_condition, examples::quantization_scores> at;
            for (const auto& r : rows) {
                if (r.session != session) continue;
                if (r.condition == examples::quantization_condition::analog) analog = r.scores.accuracy;
                if (r.units != d) continue;
                if (r.condition == examples::quantization_condition::homogeneous) {
                    homogeneous_sd += r.scores.utilization_sd / 10;
                    homogeneous_acc += r.scores.accuracy / 10;
                    if (r.scores.accuracy > best_acc) best_acc = r.scores.accuracy, best_sd = r.scores.utilization_sd;
                } else {
                    at[r.condition] = r.scores;
                }
            }
            const bool known = di < 4 && d == (std::size_t{4} << di); // the published D values
            std::printf("%4zu | %12.2f / %-13.2f | %8.2f (%5s)              | %-13.2f | %-13.2f | %-9.2f\n", d,
                        homogeneous_sd, best_sd, at[examples::quantization_condition::data_blind].utilization_sd,
                        known ? std::to_string(published_sd_heterogeneous[di]).substr(0, 4).c_str() : "-",
                        at[examples::quantization_condition::scaled].utilization_sd,
                        at[examples::quantization_condition::adaptive].utilization_sd,
                        at[examples::quantization_condition::inverse_linear].utilization_sd);
            char line[256];
            std::snprintf(line, sizeof line, "%4zu | %6.1f / %-6.1f (%4.1f) | %6.1f (%4s) | %6.1f | %6.1f | %6.1f", d,
                          homogeneous_acc, best_acc, published_accuracy_homogeneous[s],
                          at[examples::quantization_condition::data_blind].accuracy,
                          known ? std::to_string(published_accuracy[s][di]).substr(0, 4).c_str() : "-",
                          at[examples::quantization_condition::scaled].accuracy,
                          at[examples::quantization_condition::adaptive].accuracy,
                          at[examples::quantization_condition::inverse_linear].accuracy);
            accuracy_lines.push_back(line);
            for (const auto c : {examples::quantization_condition::data_blind, examples::quantization_condition::scaled,
                                 examples::quantization_condition::adaptive}) {
                lines[c].x.push_back(double(d));
                lines[c].y.push_back(at[c].utilization_sd);
            }
            lines[examples::quantization_condition::homogeneous].x.push_back(double(d));
            lines[examples::quantization_condition::homogeneous].y.push_back(homogeneous_sd);
        }
        std::printf("(published: homogeneous %.2f for every D)\n", published_sd_homogeneous);
        std::printf("\naccuracy %%: %4s | homog. mean / best (published) | data-blind (published het.) | scaled | "
                    "adaptive | inv.-lin.; analog input %.1f (published %.1f)\n",
                    "D", analog, published_analog[s]);
        for (const auto& l : accuracy_lines) std::printf("            %s\n", l.c_str());
        std::size_t colour = 0;
        for (auto& [condition, line] : lines) {
            line.label = std::string(session == examples::sensor_session::concentration ? "conc. " : "sat. ") +
                         (condition == examples::quantization_condition::homogeneous ? "homog. (mean)"
                                                                                     : examples::to_string(condition));
            line.colour = colours[colour++ % 5];
            line.dashed = session == examples::sensor_session::saturation;
            sd_plot.lines.push_back(line);
        }
    }
    examples::series published{.label = "published het.", .colour = "black", .dashed = true, .x = {}, .y = {}};
    for (std::size_t di = 0; di < 4; ++di) {
        published.x.push_back(double(std::size_t{4} << di));
        published.y.push_back(published_sd_heterogeneous[di]);
    }
    sd_plot.lines.push_back(published);
    const std::string figure = out_dir + "/quantization_utilization_sd.svg";
    sd_plot.write(figure);
    std::printf("\nfigure: %s\n", figure.c_str());
    return 0;
}
