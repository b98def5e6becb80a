// The quantization study's protocol, docs/science.md §2.6 on §2.5: utilization (% of units responding to
// a sample) with its mean and SD across samples, and separability — the test accuracy of a
// nearest-centroid classifier (Euclidean; the documented stand-in until hsc's classifier exists)
// trained on 2 samples per class, over 8 folds (fold f trains on samples 2f and 2f + 1 of every
// class and tests on the other 14). Calibrated thresholds are fitted on the fold's training
// samples only.
#pragma once

#include "sensor_data.hpp"

#include <hsc/config.hpp>
#include <hsc/quantize/calibration.hpp>
#include <hsc/quantize/quantizer.hpp>
#include <hsc/quantize/thresholds.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hsc::studies {

enum class quantization_condition {
    analog,         ///< no units: the normalized input itself goes to the classifier
    homogeneous,    ///< every threshold = level
    data_blind,     ///< θ linear on [limit, 1]
    inverse_linear, ///< weights linear on [1, 1/limit]·payload
    scaled,         ///< calibrated, smoothing 0.5
    adaptive        ///< calibrated, smoothing 0.25
};

inline const char* to_string(quantization_condition c) noexcept
{
    switch (c) {
    case quantization_condition::analog:
        return "analog";
    case quantization_condition::homogeneous:
        return "homogeneous";
    case quantization_condition::data_blind:
        return "data_blind";
    case quantization_condition::inverse_linear:
        return "inverse_linear";
    case quantization_condition::scaled:
        return "scaled";
    case quantization_condition::adaptive:
        return "adaptive";
    }
    return "unknown";
}

/// What the classifier sees of a unit: whether it spiked, or its latency code (cycle + 1 − phase
/// when it spiked, 0 otherwise: earlier spikes weigh more).
enum class unit_response {
    activity,
    latency
};

struct quantization_scores
{
    double utilization_mean = 0, utilization_sd = 0; ///< over every test sample of every fold
    double accuracy = 0;                             ///< test accuracy, mean over folds, in %
};

/// Row i of `samples` divided by its sum (docs/science.md §2.1).
inline std::vector<double> normalized_row(const xt::xtensor<double, 2>& samples, std::size_t row)
{
    const std::size_t n = samples.shape()[1];
    std::vector<double> e(n);
    double total = 0;
    for (std::size_t j = 0; j < n; ++j) total += samples(row, j);
    for (std::size_t j = 0; j < n; ++j) e[j] = total > 0 ? samples(row, j) / total : 0;
    return e;
}

/// Nearest centroid: the class whose mean training vector is closest (ties: lowest class).
class nearest_centroid
{
public:
    nearest_centroid(const std::vector<std::vector<double>>& x, const std::vector<std::size_t>& y, std::size_t classes)
        : m_centroids(classes, std::vector<double>(x.empty() ? 0 : x[0].size(), 0.0))
    {
        std::vector<std::size_t> count(classes, 0);
        for (std::size_t s = 0; s < x.size(); ++s) {
            ++count[y[s]];
            for (std::size_t j = 0; j < x[s].size(); ++j) m_centroids[y[s]][j] += x[s][j];
        }
        for (std::size_t c = 0; c < classes; ++c)
            for (double& v : m_centroids[c]) v /= static_cast<double>(std::max<std::size_t>(count[c], 1));
    }

    std::size_t predict(const std::vector<double>& x) const noexcept
    {
        std::size_t best = 0;
        double best_distance = std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < m_centroids.size(); ++c) {
            double d = 0;
            for (std::size_t j = 0; j < x.size(); ++j) d += (x[j] - m_centroids[c][j]) * (x[j] - m_centroids[c][j]);
            if (d < best_distance) best_distance = d, best = c;
        }
        return best;
    }

private:
    std::vector<std::vector<double>> m_centroids;
};

struct quantization_experiment
{
    quantization_condition condition = quantization_condition::data_blind;
    std::size_t units = 8; ///< D
    double level = 0.5;    ///< homogeneous θ
    double limit = quantize::thresholds::default_limit;
    unit_response response = unit_response::activity;
    std::size_t train_per_class = 2;
};

/// The thresholds (N·D) of a condition; calibrated ones from the training rows only.
inline std::vector<double> condition_thresholds(const quantization_experiment& e, const xt::xtensor<double, 2>& samples,
                                                const std::vector<std::size_t>& training_rows)
{
    const std::size_t n = samples.shape()[1], d = e.units;
    std::vector<double> theta;
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> column;
        switch (e.condition) {
        case quantization_condition::homogeneous:
            column = quantize::thresholds::homogeneous(d, e.level);
            break;
        case quantization_condition::inverse_linear:
            column = quantize::thresholds::inverse_linear(d, e.limit);
            break;
        case quantization_condition::scaled:
        case quantization_condition::adaptive: {
            std::vector<double> values;
            for (const std::size_t r : training_rows) values.push_back(normalized_row(samples, r)[i]);
            column = quantize::calibrate_thresholds(
                values, d, {.smoothing = e.condition == quantization_condition::scaled ? 0.5 : 0.25, .limit = e.limit});
            break;
        }
        default:
            column = quantize::thresholds::data_blind(d, e.limit);
            break;
        }
        theta.insert(theta.end(), column.begin(), column.end());
    }
    return theta;
}

/// Runs the §2.5 protocol for one condition on one data set.
inline quantization_scores evaluate_quantization(const sensor_data& data, const quantization_experiment& e,
                                                 const quantize::phase_table& table = quantize::phase_table::lif())
{
    const std::size_t rows = data.samples.shape()[0], n = data.samples.shape()[1], classes = 8;
    const std::size_t per_class = rows / classes;
    require(per_class >= e.train_per_class + 1 && per_class % e.train_per_class == 0, errc::invalid_argument, [&] {
        return "evaluate_quantization: " + std::to_string(per_class) +
               " samples per class do not split into folds of " + std::to_string(e.train_per_class);
    });
    const std::size_t folds = per_class / e.train_per_class;
    const std::size_t cycle = 50;
    double correct = 0, tested = 0, sum = 0, sum2 = 0, counted = 0;
    for (std::size_t fold = 0; fold < folds; ++fold) {
        std::vector<std::size_t> train, test;
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t within = r % per_class;
            const bool training = within / e.train_per_class == fold;
            (training ? train : test).push_back(r);
        }
        // Responses of every row under this fold's thresholds.
        std::vector<std::vector<double>> response(rows);
        std::vector<double> utilization(rows, 0.0);
        if (e.condition == quantization_condition::analog) {
            for (std::size_t r = 0; r < rows; ++r) response[r] = normalized_row(data.samples, r);
        } else {
            const quantize::quantizer<double> q(n, e.units, condition_thresholds(e, data.samples, train), table);
            std::vector<std::uint8_t> phases(n * e.units);
            for (std::size_t r = 0; r < rows; ++r) {
                utilization[r] = q.encode(&data.samples(r, 0), phases.data()).utilization();
                response[r].resize(phases.size());
                for (std::size_t u = 0; u < phases.size(); ++u) {
                    response[r][u] = phases[u] == 0 ? 0.0
                                     : e.response == unit_response::activity
                                         ? 1.0
                                         : static_cast<double>(cycle + 1 - phases[u]);
                }
            }
        }
        std::vector<std::vector<double>> train_x;
        std::vector<std::size_t> train_y;
        for (const std::size_t r : train) train_x.push_back(response[r]), train_y.push_back(data.labels[r]);
        const nearest_centroid classifier(train_x, train_y, classes);
        for (const std::size_t r : test) {
            correct += classifier.predict(response[r]) == data.labels[r];
            tested += 1;
            sum += utilization[r];
            sum2 += utilization[r] * utilization[r];
            counted += 1;
        }
    }
    quantization_scores scores;
    scores.accuracy = 100 * correct / tested;
    scores.utilization_mean = sum / counted;
    scores.utilization_sd =
        std::sqrt(std::max(0.0, sum2 / counted - scores.utilization_mean * scores.utilization_mean));
    return scores;
}

} // namespace hsc::studies
