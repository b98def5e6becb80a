// The quantization experiment of docs/science.md §2 as one run, used by hsc-quantize: for every
// convention (the authors' calibration and LIF details, or hsc's), session and data seed, the
// normalized analog input, then for each D the ten homogeneous levels, the data-blind grid, its
// inverse-linear variant, and the scaled and adaptive calibrations. Cells run on a few threads;
// results do not depend on the thread count. Rows carry every seed's scores, and session-mean rows
// average the sessions seed by seed, as the paper's figures are session means.
#pragma once

#include "quantization_protocol.hpp"
#include "svm_separability.hpp"

#include "../common/jobs.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hsc::studies {

using quantize::thresholds::convention;

inline const char* to_string(convention c) noexcept
{
    return c == convention::authors ? "authors" : "hsc";
}

enum class classifier_kind {
    svm,     ///< the paper's RBF-SVM protocol
    centroid ///< nearest centroid trained on the fold's training samples
};

inline const char* to_string(classifier_kind c) noexcept
{
    return c == classifier_kind::svm ? "svm" : "centroid";
}

/// Where a session's samples come from: a generator, or a file's samples.
struct session_source
{
    std::string name;
    sensor_data_options generated{};
    std::optional<sensor_data> file{}; ///< set: the file's samples (the generator is not used)
};

struct quantization_study
{
    std::vector<session_source> sessions{
        {.name = "concentration", .generated = {.session = sensor_session::concentration}},
        {.name = "saturation", .generated = {.session = sensor_session::saturation}}};
    std::vector<std::size_t> units{4, 8, 16, 32};
    std::size_t seeds = 5;         ///< data seeds 1..seeds (generation), draws from draw_seed + seed − 1
    std::uint64_t draw_seed = 314; ///< the authors' draw
    std::size_t per_class = 16;    ///< samples drawn per class
    std::size_t train_per_class = 2;
    std::vector<convention> conventions{convention::authors};
    classifier_kind classifier = classifier_kind::svm;
    svm_grid grid{};
    unit_response response = unit_response::phase;
    bool lif = true; ///< phases of the simulated neuron (exact table); false: the closed form
    std::size_t threads = 1;
};

/// One condition of one session (or the session mean), with every seed's scores.
struct quantization_row
{
    std::string session;
    convention style = convention::authors;
    quantization_condition condition = quantization_condition::analog;
    std::size_t units = 0;   ///< D (0 for the analog input)
    double level = 0;        ///< homogeneous θ (0 otherwise)
    bool level_mean = false; ///< homogeneous: the mean over the ten levels
    std::vector<quantization_scores> seeds;

    std::string condition_name() const { return level_mean ? "homogeneous_mean" : to_string(condition); }
};

/// The drawn session `source` codes for data seed `seed` (1-based).
inline sensor_data session_sample(const quantization_study& study, const session_source& source, std::size_t seed)
{
    if (source.file) return draw_per_class(*source.file, study.per_class, study.draw_seed + seed - 1);
    auto options = source.generated;
    options.seed = seed;
    return draw_per_class(make_sensor_data(options), study.per_class, study.draw_seed + seed - 1);
}

inline quantize::phase_table study_phase_table(const quantization_study& study, convention style)
{
    const quantize::lif_parameters p{.held_input = style == convention::authors};
    return study.lif ? quantize::phase_table::lif(p) : quantize::phase_table::drive_crossing(p);
}

/// Every row, in print order: per convention, each session then the session mean; within each,
/// the analog input, then per D the homogeneous levels, their mean and the heterogeneous conditions.
inline std::vector<quantization_row> run_quantization_study(const quantization_study& study)
{
    require(study.seeds >= 1 && !study.sessions.empty() && !study.units.empty(), errc::invalid_argument,
            [] { return std::string("quantization study: needs at least one seed, session and D"); });
    // The cells of one session under one convention (seed scores filled below).
    std::vector<quantization_row> cells;
    for (const auto style : study.conventions)
        for (const auto& source : study.sessions) {
            cells.push_back({.session = source.name, .style = style, .seeds = {}});
            for (const std::size_t d : study.units) {
                for (const double level : quantize::thresholds::homogeneous_levels())
                    cells.push_back({.session = source.name,
                                     .style = style,
                                     .condition = quantization_condition::homogeneous,
                                     .units = d,
                                     .level = level,
                                     .seeds = {}});
                for (const auto c : {quantization_condition::data_blind, quantization_condition::inverse_linear,
                                     quantization_condition::scaled, quantization_condition::adaptive})
                    cells.push_back({.session = source.name, .style = style, .condition = c, .units = d, .seeds = {}});
            }
        }
    for (auto& cell : cells) cell.seeds.resize(study.seeds);
    std::vector<sensor_data> samples(study.sessions.size() * study.seeds);
    run_jobs(samples.size(), study.threads, [&](std::size_t j) {
        samples[j] = session_sample(study, study.sessions[j / study.seeds], j % study.seeds + 1);
    });
    const quantize::phase_table tables[2] = {study_phase_table(study, convention::hsc),
                                             study_phase_table(study, convention::authors)};
    const separability classify =
        study.classifier == classifier_kind::svm
            ? separability([&study](const labelled_set& train, const labelled_set& test, std::uint64_t seed) {
                  return svm_accuracy(train, test, seed, study.grid);
              })
            : separability(nearest_centroid_accuracy);
    run_jobs(cells.size() * study.seeds, study.threads, [&](std::size_t j) {
        auto& cell = cells[j / study.seeds];
        const std::size_t seed = j % study.seeds + 1;
        std::size_t session = 0;
        while (study.sessions[session].name != cell.session) ++session;
        const quantization_experiment e{.condition = cell.condition,
                                        .units = cell.units,
                                        .level = cell.level,
                                        .response = study.response,
                                        .train_per_class = study.train_per_class,
                                        .style = cell.style};
        cell.seeds[seed - 1] = evaluate_quantization(samples[session * study.seeds + seed - 1], e,
                                                     tables[cell.style == convention::authors], classify, seed);
    });

    // Homogeneous means over the levels, seed by seed, placed after each D's last level.
    std::vector<quantization_row> rows;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        rows.push_back(cells[i]);
        const bool last_level =
            cells[i].condition == quantization_condition::homogeneous &&
            (i + 1 == cells.size() || cells[i + 1].condition != quantization_condition::homogeneous);
        if (!last_level) continue;
        quantization_row mean = cells[i];
        mean.level = 0, mean.level_mean = true;
        const std::size_t levels = quantize::thresholds::homogeneous_levels().size();
        for (std::size_t s = 0; s < study.seeds; ++s) {
            std::vector<const quantization_scores*> parts;
            for (std::size_t l = 0; l < levels; ++l) parts.push_back(&cells[i + 1 - levels + l].seeds[s]);
            mean.seeds[s] = mean_scores(parts);
        }
        rows.push_back(mean);
    }
    if (study.sessions.size() < 2) return rows;

    // Session means: for each convention, the first session's rows averaged with the same row of
    // every other session, seed by seed.
    std::vector<quantization_row> with_means;
    const std::size_t per_session = rows.size() / (study.conventions.size() * study.sessions.size());
    for (std::size_t c = 0; c < study.conventions.size(); ++c) {
        const std::size_t begin = c * per_session * study.sessions.size();
        with_means.insert(with_means.end(), rows.begin() + begin,
                          rows.begin() + begin + per_session * study.sessions.size());
        for (std::size_t r = 0; r < per_session; ++r) {
            quantization_row mean = rows[begin + r];
            mean.session = "mean";
            for (std::size_t s = 0; s < study.seeds; ++s) {
                std::vector<const quantization_scores*> parts;
                for (std::size_t q = 0; q < study.sessions.size(); ++q)
                    parts.push_back(&rows[begin + q * per_session + r].seeds[s]);
                mean.seeds[s] = mean_scores(parts);
            }
            with_means.push_back(mean);
        }
    }
    return with_means;
}

} // namespace hsc::studies
