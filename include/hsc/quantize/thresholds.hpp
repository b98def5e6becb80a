// Threshold sets of a duplicated column of D units (docs/science.md §2.2): unit k is driven by the
// normalized feature e through the weight w_k = payload/θ_k. Each function returns D thresholds.
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/config.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace hsc::quantize::thresholds {

/// The data-blind grid's range: θ linear on [limit, 1].
inline constexpr double default_limit = 0.01;

/// Whose details a threshold set follows where the authors' code and hsc differ (docs/science.md
/// §2.6): the inverse-linear grid's points, and in calibration the median and the rinse value.
enum class convention {
    hsc,    ///< D inverse-linear points; the mean of the two middle values as the median
    authors ///< D + 1 points, the last dropped; the lower middle value; `limit` always a Jenks input
};

namespace detail {
    inline void check_units(std::size_t d, const char* who)
    {
        require(d > 0 && d <= 4096, errc::invalid_argument,
                [&] { return std::string(who) + ": needs 1..4096 units per column, got " + std::to_string(d); });
    }

    inline void check_limit(double limit, const char* who)
    {
        require(limit > 0 && limit < 1, errc::invalid_argument,
                [&] { return std::string(who) + ": needs 0 < limit < 1, got " + std::to_string(limit); });
    }
} // namespace detail

/// Homogeneous: every unit the same θ (the baseline levels θ = v/100, v = linspace(1, 100, 10),
/// i.e. weights 2500/v with payload 25).
inline std::vector<double> homogeneous(std::size_t d, double theta)
{
    detail::check_units(d, "homogeneous thresholds");
    require(theta > 0 && std::isfinite(theta), errc::invalid_argument,
            [&] { return "homogeneous thresholds: needs a finite theta > 0, got " + std::to_string(theta); });
    return std::vector<double>(d, theta);
}

/// The ten homogeneous baseline levels θ = v/100, v = linspace(1, 100, 10).
inline std::vector<double> homogeneous_levels()
{
    std::vector<double> levels(10);
    for (std::size_t i = 0; i < 10; ++i) levels[i] = (1 + 11.0 * static_cast<double>(i)) / 100;
    return levels;
}

/// Data-blind heterogeneous: θ linear on [limit, 1] (D = 1: θ = 1). A thermometer code.
inline std::vector<double> data_blind(std::size_t d, double limit = default_limit)
{
    detail::check_units(d, "data-blind thresholds");
    detail::check_limit(limit, "data-blind thresholds");
    std::vector<double> theta(d, 1.0);
    for (std::size_t k = 0; k + 1 < d; ++k)
        theta[k] = limit + (1 - limit) * static_cast<double>(k) / static_cast<double>(d - 1);
    return theta;
}

/// The inverse-linear variant: weights linear on [1, 1/limit]·payload, so θ_k = 1/w_k (descending
/// weights give ascending thresholds, from limit to 1). The authors' convention spaces D + 1
/// weights and drops the largest, so their smallest threshold lies above `limit`.
inline std::vector<double> inverse_linear(std::size_t d, double limit = default_limit,
                                          convention style = convention::hsc)
{
    detail::check_units(d, "inverse-linear thresholds");
    detail::check_limit(limit, "inverse-linear thresholds");
    const std::size_t intervals = style == convention::authors ? d : d - 1;
    std::vector<double> theta(d, 1.0);
    for (std::size_t k = 0; k < d; ++k) {
        const double w =
            intervals > 0 ? 1 + (1 / limit - 1) * static_cast<double>(k) / static_cast<double>(intervals) : 1;
        theta[d - 1 - k] = 1 / w;
    }
    return theta;
}

/// The median of a sorted vector: the mean of the two middle values (hsc), or the lower of them
/// (the authors', as torch.median).
inline double median_of_sorted(const std::vector<double>& sorted, convention style = convention::hsc)
{
    const std::size_t n = sorted.size();
    if (n == 0) return 0;
    if (n % 2) return sorted[n / 2];
    return style == convention::authors ? sorted[n / 2 - 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/// Any heterogeneity policy of the library (the same that spreads kernel bandwidths and time
/// constants) as a threshold population; values must be > 0.
template <Distribution Dist>
std::vector<double> from_distribution(const Dist& distribution, std::size_t d)
{
    detail::check_units(d, "thresholds from a distribution");
    std::vector<double> theta(d);
    distribution.fill(theta);
    for (std::size_t k = 0; k < d; ++k) {
        require(theta[k] > 0 && std::isfinite(theta[k]), errc::invalid_argument, [&] {
            return "thresholds from a distribution: value " + std::to_string(k) + " is " + std::to_string(theta[k]) +
                   ", thresholds must be finite and > 0";
        });
    }
    return theta;
}

} // namespace hsc::quantize::thresholds
