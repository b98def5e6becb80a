// Summaries of repeated measurements (over images, atoms or seeds): the one median, mean and
// standard deviation the library, the tool and the studies use.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace hsc {

/// numpy's median: the middle value, or the mean of the two middle values for an even count; 0 for
/// no values.
inline double median(std::span<const double> values)
{
    if (values.empty()) return 0;
    std::vector<double> v(values.begin(), values.end());
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = v[mid];
    if (v.size() % 2 == 1) return upper;
    return 0.5 * (*std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)) + upper);
}

/// The arithmetic mean; 0 for no values.
inline double mean(std::span<const double> values)
{
    double sum = 0;
    for (const double v : values) sum += v;
    return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

/// The sample standard deviation (n − 1 in the denominator); 0 for fewer than two values.
inline double sample_sd(std::span<const double> values)
{
    if (values.size() < 2) return 0;
    const double m = mean(values);
    double sum = 0;
    for (const double v : values) sum += (v - m) * (v - m);
    return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

} // namespace hsc
