#pragma once

#include "hsc/distribution/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace hsc::distribution {

/// A law given by data: a list of observed values (say, B_θ fitted to learned kernels) or a
/// histogram (bin edges and weights). Values: the step quantile function of their empirical CDF,
/// so a population of the list's size reproduces the sorted list, and a k-times larger one repeats
/// each value k times. Histogram: uniform inside each bin (piecewise-linear CDF).
class empirical
{
public:
    static empirical from_values(std::vector<double> values, sampling how = {})
    {
        require(!values.empty(), errc::invalid_argument,
                [] { return std::string("empirical: the list of values is empty"); });
        for (double v : values) {
            require(std::isfinite(v), errc::invalid_argument,
                    [&] { return "empirical: value " + std::to_string(v) + " is not finite"; });
        }
        std::sort(values.begin(), values.end());
        return empirical(std::move(values), {}, how);
    }

    static empirical from_histogram(std::vector<double> edges, const std::vector<double>& weights, sampling how = {})
    {
        require(!weights.empty() && edges.size() == weights.size() + 1, errc::invalid_argument, [&] {
            return "empirical: a histogram needs bins + 1 edges (got " + std::to_string(edges.size()) + " edges for " +
                   std::to_string(weights.size()) + " bins)";
        });
        std::vector<double> cumulative(weights.size() + 1, 0.0);
        for (std::size_t b = 0; b < weights.size(); ++b) {
            require(std::isfinite(edges[b]) && std::isfinite(edges[b + 1]) && edges[b] < edges[b + 1],
                    errc::invalid_argument, [&] {
                        return "empirical: histogram edges must be finite and increasing at bin " + std::to_string(b);
                    });
            require(std::isfinite(weights[b]) && weights[b] >= 0, errc::invalid_argument,
                    [&] { return "empirical: histogram weight " + std::to_string(b) + " must be finite and >= 0"; });
            cumulative[b + 1] = cumulative[b] + weights[b];
        }
        require(cumulative.back() > 0, errc::invalid_argument,
                [] { return std::string("empirical: histogram weights sum to zero"); });
        for (double& c : cumulative) {
            c /= cumulative.back();
        }
        return empirical(std::move(edges), std::move(cumulative), how);
    }

    double quantile(double p) const noexcept
    {
        if (m_cdf.empty()) {
            const auto m = m_points.size();
            const auto k = static_cast<std::size_t>(p * static_cast<double>(m));
            return m_points[std::min(k, m - 1)];
        }
        // First bin whose upper cumulative weight reaches p; empty bins are skipped over.
        const auto upper = std::lower_bound(m_cdf.begin() + 1, m_cdf.end(), p);
        const auto b = static_cast<std::size_t>(std::min(upper, m_cdf.end() - 1) - m_cdf.begin()) - 1;
        const double t = (p - m_cdf[b]) / (m_cdf[b + 1] - m_cdf[b]);
        return m_points[b] + t * (m_points[b + 1] - m_points[b]);
    }

    void fill(std::span<double> out) const
    {
        detail::fill_from_quantile([this](double p) { return quantile(p); }, m_how, out);
    }

private:
    empirical(std::vector<double> points, std::vector<double> cdf, sampling how)
        : m_points(std::move(points)), m_cdf(std::move(cdf)), m_how(how)
    {}

    std::vector<double> m_points; ///< sorted values, or histogram edges
    std::vector<double> m_cdf;    ///< empty for values; cumulative weight at each edge otherwise
    sampling m_how;
};

} // namespace hsc::distribution
