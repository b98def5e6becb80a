// The quantization study's protocol, docs/science.md §2.5–2.6, on a session drawn per class:
// 8-fold stratified cross-validation inverted — fold f trains on samples 2f and 2f + 1 of every class
// and tests on the others. Calibrated thresholds are fitted on the fold's training samples only.
// Utilization (% of units responding to a sample): its mean and SD across the fold's test samples,
// each then averaged over folds, as the paper. Separability: a classifier's accuracy per fold,
// averaged — the paper's RBF-SVM on the test responses (svm_separability.hpp), or a nearest
// centroid trained on the fold's training samples (fast, and the stand-in hsc used before).
#pragma once

#include "sensor_data.hpp"

#include <hsc/config.hpp>
#include <hsc/quantize/calibration.hpp>
#include <hsc/quantize/quantizer.hpp>
#include <hsc/quantize/thresholds.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
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

/// What the classifier sees of a unit: its spike phase (0 silent, the paper's input), whether it
/// spiked, or its latency code (cycle + 1 − phase when it spiked: earlier spikes weigh more).
enum class unit_response {
    phase,
    activity,
    latency
};

/// Labelled response vectors.
struct labelled_set
{
    std::vector<std::vector<double>> x;
    std::vector<std::size_t> y;
    std::size_t classes = 0;
};

/// A separability measure: % correct given a fold's training and test responses and a seed for
/// any split it makes.
using separability = std::function<double(const labelled_set& train, const labelled_set& test, std::uint64_t seed)>;

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

/// Nearest centroid (Euclidean; ties: lowest class), trained on `train`, scored on `test`.
inline double nearest_centroid_accuracy(const labelled_set& train, const labelled_set& test, std::uint64_t = 0)
{
    const std::size_t dim = train.x.empty() ? 0 : train.x[0].size();
    std::vector<std::vector<double>> centroid(train.classes, std::vector<double>(dim, 0.0));
    std::vector<std::size_t> count(train.classes, 0);
    for (std::size_t s = 0; s < train.x.size(); ++s) {
        ++count[train.y[s]];
        for (std::size_t j = 0; j < dim; ++j) centroid[train.y[s]][j] += train.x[s][j];
    }
    for (std::size_t c = 0; c < train.classes; ++c)
        for (double& v : centroid[c]) v /= static_cast<double>(std::max<std::size_t>(count[c], 1));
    std::size_t correct = 0;
    for (std::size_t s = 0; s < test.x.size(); ++s) {
        std::size_t best = 0;
        double best_distance = std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < train.classes; ++c) {
            if (count[c] == 0) continue;
            double d = 0;
            for (std::size_t j = 0; j < dim; ++j)
                d += (test.x[s][j] - centroid[c][j]) * (test.x[s][j] - centroid[c][j]);
            if (d < best_distance) best_distance = d, best = c;
        }
        correct += best == test.y[s];
    }
    return test.x.empty() ? 0 : 100.0 * static_cast<double>(correct) / static_cast<double>(test.x.size());
}

struct quantization_experiment
{
    quantization_condition condition = quantization_condition::data_blind;
    std::size_t units = 8; ///< D
    double level = 0.5;    ///< homogeneous θ
    double limit = quantize::thresholds::default_limit;
    unit_response response = unit_response::phase;
    std::size_t train_per_class = 2;
    quantize::thresholds::convention style = quantize::thresholds::convention::authors;
};

struct quantization_scores
{
    double utilization_mean = 0, utilization_sd = 0; ///< within each fold's test samples, averaged over folds
    double accuracy = 0;                             ///< % correct, mean over folds
    std::vector<double> utilization_by_class{};      ///< mean over every fold's test samples of a class
};

/// The mean of several scores, measure by measure; by class too when they all have the same classes.
inline quantization_scores mean_scores(const std::vector<const quantization_scores*>& parts)
{
    quantization_scores mean;
    const double k = static_cast<double>(parts.size());
    bool same_classes = true;
    for (const auto* part : parts)
        same_classes &= part->utilization_by_class.size() == parts.front()->utilization_by_class.size();
    if (same_classes && !parts.empty())
        mean.utilization_by_class.assign(parts.front()->utilization_by_class.size(), 0.0);
    for (const auto* part : parts) {
        mean.utilization_mean += part->utilization_mean / k;
        mean.utilization_sd += part->utilization_sd / k;
        mean.accuracy += part->accuracy / k;
        for (std::size_t c = 0; c < mean.utilization_by_class.size(); ++c)
            mean.utilization_by_class[c] += part->utilization_by_class[c] / k;
    }
    return mean;
}

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
            column = quantize::thresholds::inverse_linear(d, e.limit, e.style);
            break;
        case quantization_condition::scaled:
        case quantization_condition::adaptive: {
            std::vector<double> values;
            for (const std::size_t r : training_rows) values.push_back(normalized_row(samples, r)[i]);
            column =
                quantize::calibrate_thresholds(values, d,
                                               {.smoothing = e.condition == quantization_condition::scaled ? 0.5 : 0.25,
                                                .limit = e.limit,
                                                .style = e.style});
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

/// The rows fold `fold` trains on (samples 2f, 2f + 1 of every class, in class order) and tests on.
inline void fold_rows(const sensor_data& data, std::size_t train_per_class, std::size_t fold,
                      std::vector<std::size_t>& train, std::vector<std::size_t>& test)
{
    train.clear(), test.clear();
    std::vector<std::size_t> seen(data.classes(), 0);
    for (std::size_t r = 0; r < data.rows(); ++r) {
        const std::size_t within = seen[data.labels[r]]++;
        (within / train_per_class == fold ? train : test).push_back(r);
    }
}

/// Runs the protocol for one condition on one drawn session (equal samples per class).
inline quantization_scores evaluate_quantization(const sensor_data& data, const quantization_experiment& e,
                                                 const quantize::phase_table& table, const separability& classify,
                                                 std::uint64_t seed = 1)
{
    const std::size_t rows = data.rows(), n = data.features(), classes = data.classes();
    const std::size_t per_class = rows / std::max<std::size_t>(classes, 1);
    require(classes >= 2 && per_class * classes == rows && e.train_per_class > 0 &&
                per_class >= e.train_per_class + 1 && per_class % e.train_per_class == 0,
            errc::invalid_argument, [&] {
                return "evaluate_quantization: " + std::to_string(rows) + " samples in " + std::to_string(classes) +
                       " classes do not split into folds of " + std::to_string(e.train_per_class) + " per class";
            });
    const std::size_t folds = per_class / e.train_per_class;
    quantization_scores scores;
    scores.utilization_by_class.assign(classes, 0.0);
    std::vector<double> class_count(classes, 0.0);
    std::vector<std::size_t> train, test;
    for (std::size_t fold = 0; fold < folds; ++fold) {
        fold_rows(data, e.train_per_class, fold, train, test);
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
                    const double p = phases[u];
                    response[r][u] = e.response == unit_response::phase ? p
                                     : p == 0                           ? 0.0
                                     : e.response == unit_response::activity
                                         ? 1.0
                                         : static_cast<double>(quantize::lif_parameters{}.cycle + 1) - p;
                }
            }
        }
        labelled_set train_set{.x = {}, .y = {}, .classes = classes}, test_set{.x = {}, .y = {}, .classes = classes};
        for (const std::size_t r : train) train_set.x.push_back(response[r]), train_set.y.push_back(data.labels[r]);
        double sum = 0, sum2 = 0;
        for (const std::size_t r : test) {
            test_set.x.push_back(response[r]), test_set.y.push_back(data.labels[r]);
            sum += utilization[r], sum2 += utilization[r] * utilization[r];
            scores.utilization_by_class[data.labels[r]] += utilization[r];
            class_count[data.labels[r]] += 1;
        }
        const double count = static_cast<double>(test.size()), mean = sum / count;
        scores.utilization_mean += mean / static_cast<double>(folds);
        scores.utilization_sd += std::sqrt(std::max(0.0, sum2 / count - mean * mean)) / static_cast<double>(folds);
        scores.accuracy += classify(train_set, test_set, seed * 1000 + fold) / static_cast<double>(folds);
    }
    for (std::size_t c = 0; c < classes; ++c) scores.utilization_by_class[c] /= std::max(class_count[c], 1.0);
    return scores;
}

} // namespace hsc::studies
