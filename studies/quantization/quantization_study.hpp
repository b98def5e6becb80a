// The quantization experiment of docs/science.md §2 as one loop, run by hsc-quantize (JSON lines, and
// with --out the tables beside the published ones and a figure): for each sensor
// session, the normalized analog input, then for each D the ten homogeneous levels, the data-blind
// grid, its inverse-linear variant, and the scaled and adaptive calibrations.
#pragma once

#include "quantization_protocol.hpp"

#include <string>
#include <vector>

namespace hsc::studies {

struct quantization_row
{
    sensor_session session;
    quantization_condition condition;
    std::size_t units = 0; ///< D (0 for the analog input)
    double level = 0;      ///< homogeneous θ (0 otherwise)
    quantization_scores scores;
};

struct quantization_study
{
    std::vector<sensor_session> sessions{sensor_session::concentration, sensor_session::saturation};
    std::vector<std::size_t> units{4, 8, 16, 32};
    double noise_sd = 0.05;
    std::uint64_t seed = 1;
    unit_response response = unit_response::activity;
    bool lif = true; ///< phases of the simulated neuron (exact table); false: the closed form
};

inline const char* to_string(sensor_session s)
{
    return s == sensor_session::concentration ? "concentration" : "saturation";
}

template <class Emit>
void run_quantization_study(const quantization_study& study, Emit&& emit)
{
    const quantize::phase_table table =
        study.lif ? quantize::phase_table::lif() : quantize::phase_table::drive_crossing();
    for (const auto session : study.sessions) {
        const auto data = make_sensor_data({.session = session, .noise_sd = study.noise_sd, .seed = study.seed});
        emit(quantization_row{session, quantization_condition::analog, 0, 0,
                              evaluate_quantization(data, {.condition = quantization_condition::analog}, table)});
        for (const std::size_t d : study.units) {
            quantization_experiment e{.units = d, .response = study.response};
            for (const double level : quantize::thresholds::homogeneous_levels()) {
                e.condition = quantization_condition::homogeneous;
                e.level = level;
                emit(quantization_row{session, e.condition, d, level, evaluate_quantization(data, e, table)});
            }
            for (const auto condition : {quantization_condition::data_blind, quantization_condition::inverse_linear,
                                         quantization_condition::scaled, quantization_condition::adaptive}) {
                e.condition = condition;
                e.level = 0;
                emit(quantization_row{session, condition, d, 0, evaluate_quantization(data, e, table)});
            }
        }
    }
}

} // namespace hsc::studies
