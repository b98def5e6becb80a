// hsc-quantize (also run as `hsc quantize`): the heterogeneous-quantization experiment (docs/science.md
// §2) under the authors' protocol, on their synthetic sensor model or on CSV sessions: one JSON line
// per convention, session (and session mean), condition and D, over data seeds with 95% CIs; with
// --out DIR the tables beside the published figures and four SVG figures.
#include "quantization_study.hpp"
#include "sensor_csv.hpp"

#include "../common/results_page.hpp"
#include "../common/statistics.hpp"
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
#include <thread>

#include <cstdio>
#include <string>
#include <vector>

namespace hsc::cli {

inline const char* quantize_description =
    "Sensor sessions quantized into spike phases by columns of D units, under the protocol of Moyal\n"
    "et al.: homogeneous thresholds (the ten levels 0.01..1), the data-blind grid (linear on\n"
    "[0.01, 1]), its inverse-linear variant, and thresholds calibrated on the training samples\n"
    "(scaled: smoothing 0.5, adaptive: 0.25); condition analog is the normalized input without\n"
    "units. Data: the authors' synthetic model (8 analytes x 8 sensors, 512 samples per class, a\n"
    "concentration and a saturation session), hsc's earlier model, or CSV files. Per data seed, 16\n"
    "samples per class are drawn; 8-fold inverted cross-validation (train on 2 per class). Prints\n"
    "one JSON object per line with session (or mean), condition, D, level, classifier, convention,\n"
    "seeds, utilization_mean and utilization_sd (% of units; SD within each fold, then averaged),\n"
    "accuracy (%), each with its 95% CI over seeds, and utilization_by_class.";

/// Published (Moyal et al., unit layer; docs/science.md §2), by D = 4, 8, 16, 32, and for accuracy
/// by session (concentration, saturation). Utilization figures are session means.
namespace published {
    inline constexpr double sd_homogeneous = 10.69;
    inline constexpr double sd[3][4] = {{2.53, 1.23, 0.74, 0.52}, {7.47, 3.14, 2.40, 2.00}, {8.81, 5.75, 4.33, 4.10}};
    inline constexpr double mean_data_blind[4] = {46.8, 46.0, 45.5, 45.4};
    inline constexpr double accuracy[3][2][4] = {{{87.2, 95.2, 97.1, 97.9}, {86.6, 92.5, 98.9, 94.6}},
                                                 {{88.9, 95.3, 94.6, 95.3}, {95.3, 99.85, 98.5, 97.7}},
                                                 {{92.6, 91.5, 96.9, 95.3}, {90.1, 97.5, 96.7, 98.2}}};
    inline constexpr double accuracy_homogeneous[2] = {83.6, 58.6}, analog[2] = {84.1, 72.2};

    /// Index of D among the published ones, −1 if unpublished.
    inline int index(std::size_t d)
    {
        return d == 4 ? 0 : d == 8 ? 1 : d == 16 ? 2 : d == 32 ? 3 : -1;
    }

    /// Published accuracy of a heterogeneous condition (0 data-blind, 1 scaled, 2 adaptive) for a
    /// session ("concentration", "saturation" or "mean"); NaN if unpublished.
    inline double accuracy_of(std::size_t condition, const std::string& session, std::size_t d)
    {
        const int k = index(d);
        if (k < 0) return NAN;
        const auto& a = accuracy[condition];
        return session == "concentration" ? a[0][k] : session == "saturation" ? a[1][k] : (a[0][k] + a[1][k]) / 2;
    }

    inline double session_value(const double (&v)[2], const std::string& session)
    {
        return session == "concentration" ? v[0] : session == "saturation" ? v[1] : (v[0] + v[1]) / 2;
    }
} // namespace published

namespace {
    using studies::quantization_condition;
    using studies::quantization_row;

    /// One measure of every seed of a row.
    std::vector<double> per_seed(const quantization_row& row, double studies::quantization_scores::*measure)
    {
        std::vector<double> v;
        for (const auto& s : row.seeds) v.push_back(s.*measure);
        return v;
    }

    /// Mean utilization of each class over a row's seeds.
    std::vector<double> by_class_over_seeds(const quantization_row& row)
    {
        std::vector<const studies::quantization_scores*> parts;
        for (const auto& seed : row.seeds) parts.push_back(&seed);
        return studies::mean_scores(parts).utilization_by_class;
    }

    studies::estimate estimate_of(const quantization_row& row, double studies::quantization_scores::*measure)
    {
        return studies::mean_ci(per_seed(row, measure));
    }

    /// "m ± ci" (or "m" from one seed), then " (published)" when there is a published value.
    std::string cell(const studies::estimate& e, const char* format, double reference = NAN)
    {
        std::string text = studies::format(format, e.mean), unsigned_format = format;
        if (unsigned_format.rfind("%+", 0) == 0) unsigned_format.erase(1, 1); // a CI has no sign
        if (std::isfinite(e.ci95)) text += " ± " + studies::format(unsigned_format.c_str(), e.ci95);
        if (std::isfinite(reference)) text += " (" + studies::format(format, reference) + ")";
        return text;
    }

    /// The row of a convention, session, condition and D (the homogeneous mean for homogeneous).
    const quantization_row* find_row(const std::vector<quantization_row>& rows, studies::convention style,
                                     const std::string& session, quantization_condition condition, std::size_t d)
    {
        for (const auto& r : rows)
            if (r.style == style && r.session == session && r.condition == condition &&
                (condition == quantization_condition::analog || r.units == d) &&
                (condition != quantization_condition::homogeneous || r.level_mean))
                return &r;
        return nullptr;
    }

    constexpr quantization_condition heterogeneous[] = {
        quantization_condition::data_blind, quantization_condition::scaled, quantization_condition::adaptive};

    struct report
    {
        std::vector<studies::table> tables;
        studies::plot sd, accuracy, by_class, thresholds;
    };

    /// Utilization SD and accuracy tables of one session (or the session mean) and convention.
    void session_tables(report& out, const studies::quantization_study& study,
                        const std::vector<quantization_row>& rows, studies::convention style,
                        const std::string& session, const std::string& what)
    {
        const bool mean = session == "mean";
        const bool synthetic = !study.sessions.front().file;
        const bool compare = synthetic && study.sessions.front().generated.model == studies::sensor_model::authors;
        studies::table sd{.caption = studies::format("%s, %s convention: utilization SD across test samples (%% of "
                                                     "units; within each fold, then averaged), mean ± 95%% CI over %zu "
                                                     "seeds%s",
                                                     what.c_str(), studies::to_string(style), study.seeds,
                                                     compare && mean ? "; published in parentheses" : ""),
                          .header = {"D", "homog. (mean of levels)", "data-blind", "scaled", "adaptive", "inv.-lin.",
                                     "data-blind mean util."},
                          .rows = {},
                          .notes = compare && mean ? studies::format("Published homogeneous: %.2f for every D.",
                                                                     published::sd_homogeneous)
                                                   : ""};
        studies::table accuracy{
            .caption = studies::format("%s, %s convention: accuracy %% (%s), mean ± 95%% CI over %zu seeds%s",
                                       what.c_str(), studies::to_string(style), studies::to_string(study.classifier),
                                       study.seeds, compare ? "; published in parentheses" : ""),
            .header = {"D", "homog. (mean of levels)", "homog. best level*", "data-blind", "scaled", "adaptive",
                       "inv.-lin."},
            .rows = {},
            .notes = {}};
        using S = studies::quantization_scores;
        for (const std::size_t d : study.units) {
            const int k = published::index(d);
            auto pub_sd = [&](std::size_t c) { return compare && mean && k >= 0 ? published::sd[c][k] : NAN; };
            auto pub_acc = [&](std::size_t c) {
                return compare && k >= 0 ? published::accuracy_of(c, session, d) : NAN;
            };
            const auto* homogeneous = find_row(rows, style, session, quantization_condition::homogeneous, d);
            std::vector<std::string> sd_row{std::to_string(d),
                                            cell(estimate_of(*homogeneous, &S::utilization_sd), "%.2f")};
            std::vector<std::string> acc_row{
                std::to_string(d),
                cell(estimate_of(*homogeneous, &S::accuracy), "%.1f",
                     compare ? published::session_value(published::accuracy_homogeneous, session) : NAN)};
            studies::estimate best{-1, NAN};
            double best_level = 0;
            for (const auto& r : rows)
                if (r.style == style && r.session == session && r.units == d && !r.level_mean &&
                    r.condition == quantization_condition::homogeneous) {
                    const auto e = estimate_of(r, &S::accuracy);
                    if (e.mean > best.mean) best = e, best_level = r.level;
                }
            acc_row.push_back(cell(best, "%.1f") + studies::format(" at θ %.2f", best_level));
            for (std::size_t c = 0; c < 3; ++c) {
                const auto* r = find_row(rows, style, session, heterogeneous[c], d);
                sd_row.push_back(cell(estimate_of(*r, &S::utilization_sd), "%.2f", pub_sd(c)));
                acc_row.push_back(cell(estimate_of(*r, &S::accuracy), "%.1f", pub_acc(c)));
            }
            const auto* inverse = find_row(rows, style, session, quantization_condition::inverse_linear, d);
            sd_row.push_back(cell(estimate_of(*inverse, &S::utilization_sd), "%.2f"));
            acc_row.push_back(cell(estimate_of(*inverse, &S::accuracy), "%.1f"));
            const auto* blind = find_row(rows, style, session, quantization_condition::data_blind, d);
            sd_row.push_back(cell(estimate_of(*blind, &S::utilization_mean), "%.1f",
                                  compare && mean && k >= 0 ? published::mean_data_blind[k] : NAN));
            sd.rows.push_back(sd_row);
            accuracy.rows.push_back(acc_row);
        }
        const auto* analog = find_row(rows, style, session, quantization_condition::analog, 0);
        accuracy.notes = "*the level with the best mean test accuracy (chosen on the test data: optimistic). "
                         "Normalized analog input without units: " +
                         cell(estimate_of(*analog, &S::accuracy), "%.1f",
                              compare ? published::session_value(published::analog, session) : NAN) +
                         ".";
        out.tables.push_back(sd);
        out.tables.push_back(accuracy);
    }

    /// A line over D of one condition's session-mean measure, with CI bars.
    studies::series line_over_d(const std::vector<quantization_row>& rows, const studies::quantization_study& study,
                                studies::convention style, const std::string& session, quantization_condition c,
                                double studies::quantization_scores::*measure, const char* label, const char* colour)
    {
        studies::series s{.label = label, .colour = colour, .x = {}, .y = {}};
        for (const std::size_t d : study.units) {
            const auto e = estimate_of(*find_row(rows, style, session, c, d), measure);
            s.x.push_back(double(d)), s.y.push_back(e.mean), s.y_sd.push_back(std::isfinite(e.ci95) ? e.ci95 : 0);
        }
        return s;
    }

    report make_report(const studies::quantization_study& study, const std::vector<quantization_row>& rows)
    {
        report out;
        const auto style = study.conventions.front();
        const bool several = study.sessions.size() > 1;
        const std::string main_session = several ? "mean" : study.sessions.front().name;
        session_tables(out, study, rows, style, main_session, several ? "Session means" : main_session + " session");
        if (several)
            for (const auto& s : study.sessions) session_tables(out, study, rows, style, s.name, s.name + " session");
        if (study.conventions.size() > 1) {
            // What the authors' details change: the other convention against the first, session means.
            using S = studies::quantization_scores;
            const auto other = study.conventions[1];
            studies::table diff{.caption = studies::format("%s: %s convention minus %s convention, paired over seeds "
                                                           "(utilization SD, accuracy %%)",
                                                           several ? "Session means" : main_session.c_str(),
                                                           studies::to_string(other), studies::to_string(style)),
                                .header = {"D", "condition", "SD " + std::string(studies::to_string(style)),
                                           "SD difference", "accuracy " + std::string(studies::to_string(style)),
                                           "accuracy difference"},
                                .rows = {},
                                .notes = {}};
            for (const std::size_t d : study.units)
                for (const auto c : {quantization_condition::homogeneous, quantization_condition::data_blind,
                                     quantization_condition::inverse_linear, quantization_condition::scaled,
                                     quantization_condition::adaptive}) {
                    const auto* a = find_row(rows, style, main_session, c, d);
                    const auto* b = find_row(rows, other, main_session, c, d);
                    diff.rows.push_back(
                        {std::to_string(d),
                         c == quantization_condition::homogeneous ? "homog. (mean)" : studies::to_string(c),
                         cell(estimate_of(*a, &S::utilization_sd), "%.2f"),
                         cell(studies::paired_difference(per_seed(*b, &S::utilization_sd),
                                                         per_seed(*a, &S::utilization_sd)),
                              "%+.2f"),
                         cell(estimate_of(*a, &S::accuracy), "%.1f"),
                         cell(studies::paired_difference(per_seed(*b, &S::accuracy), per_seed(*a, &S::accuracy)),
                              "%+.1f")});
                }
            out.tables.push_back(diff);
        }

        using S = studies::quantization_scores;
        const char* colours[] = {"#7f7f7f", "#1f77b4", "#2ca02c", "#d62728", "#9467bd"};
        out.sd = {.title = "Utilization SD across samples (" + main_session + ", 95% CI)",
                  .x_label = "units per feature D",
                  .y_label = "utilization SD (% of units)",
                  .log_x = true,
                  .lines = {}};
        out.accuracy = {.title =
                            "Accuracy (" + main_session + ", " + studies::to_string(study.classifier) + ", 95% CI)",
                        .x_label = "units per feature D",
                        .y_label = "accuracy (%)",
                        .log_x = true,
                        .lines = {}};
        const char* names[] = {"homog. (mean)", "data-blind", "scaled", "adaptive"};
        const quantization_condition shown[] = {quantization_condition::homogeneous, quantization_condition::data_blind,
                                                quantization_condition::scaled, quantization_condition::adaptive};
        for (std::size_t i = 0; i < 4; ++i) {
            out.sd.lines.push_back(
                line_over_d(rows, study, style, main_session, shown[i], &S::utilization_sd, names[i], colours[i]));
            out.accuracy.lines.push_back(
                line_over_d(rows, study, style, main_session, shown[i], &S::accuracy, names[i], colours[i]));
        }
        const bool compare = !study.sessions.front().file &&
                             study.sessions.front().generated.model == studies::sensor_model::authors && several;
        if (compare)
            for (std::size_t c = 0; c < 3; ++c) {
                studies::series sd{.label = std::string("published ") + names[c + 1],
                                   .colour = colours[c + 1],
                                   .dashed = true,
                                   .x = {},
                                   .y = {}};
                studies::series acc = sd;
                for (std::size_t k = 0; k < 4; ++k) {
                    sd.x.push_back(double(4u << k)), sd.y.push_back(published::sd[c][k]);
                    acc.x.push_back(double(4u << k)), acc.y.push_back(published::accuracy_of(c, "mean", 4u << k));
                }
                out.sd.lines.push_back(sd);
                out.accuracy.lines.push_back(acc);
            }

        // Per-class utilization (the concentration confound) at the D closest to 8, first session.
        const std::string first = study.sessions.front().name;
        std::size_t d = study.units.front();
        for (const std::size_t u : study.units)
            if (std::abs(double(u) - 8) < std::abs(double(d) - 8)) d = u;
        out.by_class = {
            .title = studies::format("Utilization by class (%s session, D = %zu, mean over seeds)", first.c_str(), d),
            .x_label = "class (concentration rises with the class in the synthetic data)",
            .y_label = "mean utilization (% of units)",
            .log_x = false,
            .lines = {}};
        std::size_t colour = 0;
        for (const auto& r : rows) {
            if (r.style != style || r.session != first || r.units != d) continue;
            const bool wanted =
                (r.condition == quantization_condition::homogeneous && !r.level_mean &&
                 (r.level < 0.02 || std::fabs(r.level - 0.12) < 1e-9 || std::fabs(r.level - 0.34) < 1e-9)) ||
                r.condition == quantization_condition::data_blind || r.condition == quantization_condition::adaptive;
            if (!wanted) continue;
            studies::series s{.label = r.condition == quantization_condition::homogeneous
                                           ? studies::format("homog. θ %.2f", r.level)
                                           : studies::to_string(r.condition),
                              .colour = colours[colour++ % 5],
                              .x = {},
                              .y = {}};
            const auto by_class = by_class_over_seeds(r);
            for (std::size_t c = 0; c < by_class.size(); ++c) s.x.push_back(double(c + 1)), s.y.push_back(by_class[c]);
            out.by_class.lines.push_back(s);
        }

        // Thresholds over the sorted calibration data: feature 1, fold 1, seed 1, first session.
        const auto sample = studies::session_sample(study, study.sessions.front(), 1);
        std::vector<std::size_t> train, test;
        studies::fold_rows(sample, study.train_per_class, 0, train, test);
        std::size_t dt = study.units.front();
        for (const std::size_t u : study.units)
            if (std::abs(double(u) - 16) < std::abs(double(dt) - 16)) dt = u;
        out.thresholds = {.title =
                              studies::format("Thresholds and the sorted training values of feature 1 (%s, fold 1, "
                                              "D = %zu)",
                                              first.c_str(), dt),
                          .x_label = "rank / count",
                          .y_label = "normalized value e, threshold θ",
                          .log_x = false,
                          .lines = {}};
        studies::series values{.label = "training e", .colour = "black", .points_only = true, .x = {}, .y = {}};
        std::vector<double> e;
        for (const std::size_t r : train) e.push_back(studies::normalized_row(sample.samples, r)[0]);
        std::sort(e.begin(), e.end());
        for (std::size_t i = 0; i < e.size(); ++i)
            values.x.push_back((double(i) + 0.5) / double(e.size())), values.y.push_back(e[i]);
        out.thresholds.lines.push_back(values);
        colour = 1;
        for (const auto c :
             {quantization_condition::data_blind, quantization_condition::scaled, quantization_condition::adaptive}) {
            const auto theta = studies::condition_thresholds(
                {.condition = c, .units = dt, .train_per_class = study.train_per_class, .style = style}, sample.samples,
                train);
            studies::series s{
                .label = studies::format("θ %s", studies::to_string(c)), .colour = colours[colour++], .x = {}, .y = {}};
            for (std::size_t k = 0; k < dt; ++k) s.x.push_back((double(k) + 0.5) / double(dt)), s.y.push_back(theta[k]);
            out.thresholds.lines.push_back(s);
        }
        return out;
    }

    json scores_json(const quantization_row& row, const studies::quantization_study& study, const std::string& sensors)
    {
        using S = studies::quantization_scores;
        const auto mean = estimate_of(row, &S::utilization_mean), sd = estimate_of(row, &S::utilization_sd),
                   accuracy = estimate_of(row, &S::accuracy);
        json by_class = json::array();
        if (row.session != "mean") // session means mix classes of different sessions
            for (const double m : by_class_over_seeds(row)) by_class.push_back(rounded(m, 2));
        return json{{"session", row.session},
                    {"condition", row.condition_name()},
                    {"D", row.units},
                    {"level", rounded(row.level, 2)},
                    {"classifier", studies::to_string(study.classifier)},
                    {"convention", studies::to_string(row.style)},
                    {"sensors", sensors},
                    {"seeds", row.seeds.size()},
                    {"utilization_mean", rounded(mean.mean, 4)},
                    {"utilization_mean_ci95", rounded(mean.ci95, 4)},
                    {"utilization_sd", rounded(sd.mean, 4)},
                    {"utilization_sd_ci95", rounded(sd.ci95, 4)},
                    {"accuracy", rounded(accuracy.mean, 2)},
                    {"accuracy_ci95", rounded(accuracy.ci95, 2)},
                    {"utilization_by_class", by_class}};
    }

    /// FILE.csv for one session, FILE_<session>.csv for each of several.
    std::string data_path(const std::string& file, const std::string& session, bool several)
    {
        if (!several) return file;
        const std::filesystem::path p(file);
        return (p.parent_path() / (p.stem().string() + "_" + session + p.extension().string())).string();
    }
} // namespace

inline int run_quantize(const std::vector<std::string>& args)
{
    CLI::App app{quantize_description, "hsc quantize"};
    set_style(app);
    studies::quantization_study study;
    study.threads = std::max(1u, std::thread::hardware_concurrency());
    std::string session = "both", sensors = "authors", response = "phase", phase = "lif", classifier = "svm",
                conventions = "authors";
    double noise = 0.05;
    std::vector<std::string> data_files;
    std::optional<std::string> out, page, write_data;
    add_choice(app, "--session", session, "which synthetic session(s) to run", {"concentration", "saturation", "both"});
    add_choice(app, "--sensors", sensors, "synthetic data: the authors' model, or hsc's earlier one",
               {"authors", "hsc"});
    app.add_option("--noise", noise, "sensor noise of the hsc model's concentration session")
        ->type_name("SD")
        ->check(at_least(0))
        ->capture_default_str();
    auto* data = app.add_option("--data", data_files,
                                "code these CSV sessions instead (header, numeric columns, an\n"
                                "integer Label column; one file per session)")
                     ->type_name("FILE.csv,...")
                     ->delimiter(',')
                     ->excludes("--session")
                     ->excludes("--sensors")
                     ->excludes("--noise");
    app.add_option("--write-data", write_data,
                   "write each synthetic session's samples (all 512 per class of seed 1,\n"
                   "the pool the protocol draws from) as CSV, FILE_<session>.csv for two")
        ->type_name("FILE.csv")
        ->excludes(data);
    add_list(app, "--units", study.units, "units per feature, the values of D", CLI::Range(1, 4096));
    app.add_option("--seeds", study.seeds, "data seeds (synthetic: generation and draw; CSV: the draw)")
        ->type_name("K")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    app.add_option("--per-class", study.per_class, "samples drawn per class (with replacement)")
        ->type_name("M")
        ->check(CLI::Range(2, 100000))
        ->capture_default_str();
    add_choice(app, "--classifier", classifier,
               "svm: the paper's RBF-SVM protocol on the test responses; centroid: a\n"
               "nearest centroid trained on the fold's training samples (fast)",
               {"svm", "centroid"});
    add_choice(app, "--convention", conventions,
               "calibration and LIF details: the authors' (lower median, rinse value,\n"
               "D+1 inverse-linear points, their step timing), hsc's, or both",
               {"authors", "hsc", "both"});
    add_choice(app, "--response", response,
               "what the classifier sees of a unit: its spike phase (the paper), whether\n"
               "it spiked, or latency (earlier spikes larger)",
               {"phase", "activity", "latency"});
    add_choice(app, "--phase", phase, "lif: phases of the simulated neuron; crossing: the closed form",
               {"lif", "crossing"});
    app.add_option("--threads", study.threads, "cells scored side by side (results do not depend on it)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    app.add_option("--out", out, "also write quantization_table.txt and quantization_*.svg there")->type_name("DIR");
    app.add_option("--page", page, "also update the generated section of this results page (docs/results/...)")
        ->type_name("FILE.md");
    if (!parse(app, args)) return 0;
    if (app.count("--noise") && sensors != "hsc")
        throw usage_error{"--noise sets the noise of --sensors hsc; the authors' model has its own per-sensor noise"};
    if (study.per_class % study.train_per_class != 0 || study.per_class < 2 * study.train_per_class)
        throw usage_error{"--per-class must be an even number >= 4 (folds of 2 training samples per class)"};
    if (out) prepare_output_folder(*out);
    if (page) require_writable(*page);
    const auto start = std::chrono::steady_clock::now();

    study.response = response == "phase"      ? studies::unit_response::phase
                     : response == "activity" ? studies::unit_response::activity
                                              : studies::unit_response::latency;
    study.lif = phase == "lif";
    study.classifier = classifier == "svm" ? studies::classifier_kind::svm : studies::classifier_kind::centroid;
    if (conventions == "hsc") study.conventions = {studies::convention::hsc};
    if (conventions == "both") study.conventions = {studies::convention::authors, studies::convention::hsc};
    const auto model = sensors == "authors" ? studies::sensor_model::authors : studies::sensor_model::hsc;
    study.sessions.clear();
    if (!data_files.empty()) {
        for (const auto& file : data_files) {
            double shifted = 0;
            auto samples = studies::read_sensor_csv(file, &shifted);
            if (shifted > 0)
                std::fprintf(stderr, "hsc quantize: %s: negative responses, all shifted up by %g (as the authors do)\n",
                             file.c_str(), shifted);
            std::string name = std::filesystem::path(file).stem().string();
            for (const auto& s : study.sessions)
                if (s.name == name || name == "mean")
                    throw usage_error{"--data: two files named " + name + " (or one named mean); rename one"};
            study.sessions.push_back({.name = name, .generated = {}, .file = std::move(samples)});
        }
        sensors = "csv";
    } else {
        for (const auto s : {studies::sensor_session::concentration, studies::sensor_session::saturation})
            if (session == "both" || session == studies::to_string(s))
                study.sessions.push_back(
                    {.name = studies::to_string(s), .generated = {.session = s, .model = model, .noise_sd = noise}});
    }
    if (study.classifier == studies::classifier_kind::svm) { // bounds that keep the SVM protocol's kernels small
        const std::size_t features = study.sessions.front().file ? study.sessions.front().file->features() : 8;
        std::size_t classes = 8;
        for (const auto& s : study.sessions)
            if (s.file) classes = std::max(classes, s.file->classes());
        const std::size_t largest = *std::max_element(study.units.begin(), study.units.end());
        const std::size_t half = classes * (study.per_class - study.train_per_class) / 2;
        if (half > 2000)
            throw usage_error{"the SVM protocol would fit kernels of " + std::to_string(half) + " samples (" +
                              std::to_string(classes) + " classes, --per-class " + std::to_string(study.per_class) +
                              "); at most 2000: lower --per-class or use --classifier centroid"};
        if (features * largest > 4096)
            throw usage_error{"responses of N*D = " + std::to_string(features * largest) +
                              " values per sample; the SVM protocol takes at most 4096: lower --units or use "
                              "--classifier centroid"};
    }
    if (write_data)
        for (const auto& s : study.sessions) {
            auto options = s.generated;
            options.seed = 1;
            const auto path = data_path(*write_data, s.name, study.sessions.size() > 1);
            studies::write_sensor_csv(path, studies::make_sensor_data(options));
            std::fprintf(stderr, "hsc quantize: wrote %s\n", path.c_str());
        }

    const auto rows = studies::run_quantization_study(study);
    for (const auto& row : rows) print_line(scores_json(row, study, sensors));
    auto figures = make_report(study, rows);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    studies::publish_results(out, page, figures.tables, figures.sd, "quantization_table.txt",
                             "quantization_utilization_sd.svg", "quantize",
                             studies::describe_run("hsc quantize", args, seconds));
    if (out) {
        figures.accuracy.write(*out + "/quantization_accuracy.svg");
        figures.by_class.write(*out + "/quantization_utilization_by_class.svg");
        figures.thresholds.write(*out + "/quantization_thresholds.svg");
    }
    return 0;
}

} // namespace hsc::cli

int main(int argc, char** argv)
{
    return hsc::cli::run_program("hsc quantize", argc, argv, hsc::cli::run_quantize);
}
