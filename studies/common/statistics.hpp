// Means over seeds with their 95% confidence intervals (Student's t), for the studies' tables.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

namespace hsc::studies {

/// t_{0.975, df} for df = 1..30 (a table, not an approximation: the studies use few seeds), and
/// the normal 1.96 beyond.
inline double t_quantile_975(std::size_t df) noexcept
{
    static constexpr std::array<double, 30> table{
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120,  2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    return df == 0 ? NAN : df <= table.size() ? table[df - 1] : 1.96;
}

struct estimate
{
    double mean = 0;
    double ci95 = 0; ///< half-width of the 95% confidence interval of the mean; NaN from one value
};

/// The mean of `values` and the half-width t·s/√k of its 95% confidence interval.
inline estimate mean_ci(const std::vector<double>& values) noexcept
{
    estimate e;
    const std::size_t k = values.size();
    if (k == 0) return {NAN, NAN};
    for (const double v : values) e.mean += v;
    e.mean /= static_cast<double>(k);
    if (k < 2) return {e.mean, NAN};
    double square = 0;
    for (const double v : values) square += (v - e.mean) * (v - e.mean);
    e.ci95 = t_quantile_975(k - 1) * std::sqrt(square / static_cast<double>(k - 1) / static_cast<double>(k));
    return e;
}

/// The paired differences a[i] − b[i], as an estimate.
inline estimate paired_difference(const std::vector<double>& a, const std::vector<double>& b) noexcept
{
    std::vector<double> d(std::min(a.size(), b.size()));
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = a[i] - b[i];
    return mean_ci(d);
}

} // namespace hsc::studies
