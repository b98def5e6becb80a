// Calibrated thresholds (docs/science.md §2.4), fitted on training data only: Fisher–Jenks natural
// breaks of a feature's values, thresholds shared out among the segments between breaks (the
// narrowest segments take the remainder first), placed linearly inside each, then rescaled so
// that their median is the data-blind grid's.
#pragma once

#include "hsc/config.hpp"
#include "hsc/quantize/thresholds.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace hsc::quantize {

/// Largest number of distinct values the exact natural-breaks programme runs on. Above it the
/// values are first reduced to this many evenly spaced order statistics (min and max kept), which
/// bounds the cost at O(classes · max_jenks_values²) whatever the input size.
inline constexpr std::size_t max_jenks_values = 2000;

/// Fisher–Jenks natural breaks, exact: the partition of the sorted distinct values into `classes`
/// contiguous groups with the least total within-group squared deviation (dynamic programme on
/// prefix sums). Returns classes + 1 breaks: the minimum, then the upper end of every group.
inline std::vector<double> jenks_breaks(std::vector<double> values, std::size_t classes)
{
    require(!values.empty(), errc::invalid_argument, [] { return std::string("jenks_breaks: no values"); });
    for (const double v : values) {
        require(std::isfinite(v), errc::invalid_argument,
                [] { return std::string("jenks_breaks: a value is not finite"); });
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (values.size() > max_jenks_values) {
        std::vector<double> reduced(max_jenks_values);
        for (std::size_t i = 0; i < max_jenks_values; ++i)
            reduced[i] = values[i * (values.size() - 1) / (max_jenks_values - 1)];
        values = std::move(reduced);
    }
    const std::size_t n = values.size();
    require(classes >= 1 && classes <= n, errc::invalid_argument, [&] {
        return "jenks_breaks: " + std::to_string(classes) + " classes for " + std::to_string(n) + " distinct values";
    });
    std::vector<double> sum(n + 1, 0.0), sum2(n + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        sum[i + 1] = sum[i] + values[i];
        sum2[i + 1] = sum2[i] + values[i] * values[i];
    }
    auto cost = [&](std::size_t begin, std::size_t end) { // squared deviation of values[begin, end)
        const double s = sum[end] - sum[begin], count = static_cast<double>(end - begin);
        return std::max(0.0, (sum2[end] - sum2[begin]) - s * s / count);
    };
    // best[c][j]: least cost of the first j values in c + 1 groups; from[c][j]: where the last starts.
    constexpr double infinity = std::numeric_limits<double>::infinity();
    std::vector<std::vector<double>> best(classes, std::vector<double>(n + 1, infinity));
    std::vector<std::vector<std::size_t>> from(classes, std::vector<std::size_t>(n + 1, 0));
    for (std::size_t j = 1; j <= n; ++j) best[0][j] = cost(0, j);
    for (std::size_t c = 1; c < classes; ++c)
        for (std::size_t j = c + 1; j <= n; ++j)
            for (std::size_t start = c; start < j; ++start) {
                const double total = best[c - 1][start] + cost(start, j);
                if (total < best[c][j]) {
                    best[c][j] = total;
                    from[c][j] = start;
                }
            }
    std::vector<double> breaks(classes + 1);
    breaks[0] = values.front();
    std::size_t end = n;
    for (std::size_t c = classes; c-- > 0;) {
        breaks[c + 1] = values[end - 1];
        end = from[c][end];
    }
    return breaks;
}

/// How a column adapts to its feature's training values: "adaptive" s = 0.25 (three segments at
/// D = 8), "scaled" s = 0.5 (one segment: range adaptation only).
struct calibration_options
{
    double smoothing = 0.25;
    double limit = thresholds::default_limit;
    thresholds::convention style = thresholds::convention::hsc; ///< the authors': lower median, `limit` kept
};

/// The D thresholds of one feature from its (normalized) training values, as §2.4: clamp values
/// below `limit` to it, append 1, natural breaks into c = ⌊D/m⌋ classes (m = max(⌊sD⌋, 1); c = 1
/// becomes 2; fewer if there are fewer distinct values), drop the first break; each of the C − 1
/// segments gets ⌊D/(C−1)⌋ thresholds and the remainder goes one each to the narrowest segments
/// first; inside a segment (lo, hi] they sit at lo + (hi − lo)·j/m_seg, j = 1..m_seg; finally all are
/// scaled so their median equals the data-blind grid's median. The authors' convention also puts
/// `limit` itself among the values (their logged rinse steps, clamped) and takes lower medians.
inline std::vector<double> calibrate_thresholds(const std::vector<double>& training, std::size_t d,
                                                const calibration_options& options = {})
{
    thresholds::detail::check_units(d, "calibrate_thresholds");
    thresholds::detail::check_limit(options.limit, "calibrate_thresholds");
    require(options.smoothing > 0 && options.smoothing <= 1, errc::invalid_argument,
            [&] { return "calibrate_thresholds: needs 0 < smoothing <= 1, got " + std::to_string(options.smoothing); });
    require(!training.empty(), errc::invalid_argument,
            [] { return std::string("calibrate_thresholds: no training values"); });
    std::vector<double> values;
    values.reserve(training.size() + 1);
    for (const double v : training) {
        require(std::isfinite(v), errc::invalid_argument,
                [] { return std::string("calibrate_thresholds: a training value is not finite"); });
        values.push_back(std::max(v, options.limit));
    }
    values.push_back(1.0);
    if (options.style == thresholds::convention::authors) values.push_back(options.limit);
    const auto m =
        std::max<std::size_t>(static_cast<std::size_t>(std::floor(options.smoothing * static_cast<double>(d))), 1);
    std::size_t classes = std::max<std::size_t>(d / m, 2);
    std::vector<double> distinct = values;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    classes = std::min(classes, std::min(distinct.size(), max_jenks_values));
    std::vector<double> theta;
    if (classes < 2) { // one distinct value (all training values clamped to 1): the grid itself
        theta = thresholds::data_blind(d, options.limit);
    } else {
        auto breaks = jenks_breaks(values, classes);
        breaks.erase(breaks.begin()); // drop the first break
        const std::size_t segments = breaks.size() - 1;
        std::vector<std::size_t> share(segments, d / segments);
        std::vector<std::size_t> order(segments);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return breaks[a + 1] - breaks[a] < breaks[b + 1] - breaks[b];
        });
        for (std::size_t r = 0; r < d % segments; ++r) ++share[order[r]];
        for (std::size_t s = 0; s < segments; ++s)
            for (std::size_t j = 1; j <= share[s]; ++j)
                theta.push_back(breaks[s] +
                                (breaks[s + 1] - breaks[s]) * static_cast<double>(j) / static_cast<double>(share[s]));
    }
    std::sort(theta.begin(), theta.end());
    const double target = thresholds::median_of_sorted(thresholds::data_blind(d, options.limit), options.style),
                 current = thresholds::median_of_sorted(theta, options.style);
    if (current > 0) {
        for (double& t : theta) t *= target / current;
    }
    return theta;
}

} // namespace hsc::quantize
