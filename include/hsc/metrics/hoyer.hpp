// Hoyer's sparseness measure and the projection onto a given sparseness (Hoyer 2004).
#pragma once

#include "hsc/config.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace hsc {

/// Hoyer's sparseness of a vector: (√n − ‖x‖₁/‖x‖₂)/(√n − 1), 0 for a flat vector, 1 for one spike.
inline double hoyer_sparseness(const std::vector<double>& x)
{
    const double n = static_cast<double>(x.size());
    double l1 = 0, l2 = 0;
    for (const double v : x) l1 += std::abs(v), l2 += v * v;
    return (std::sqrt(n) - l1 / std::sqrt(l2)) / (std::sqrt(n) - 1);
}

/// The non-negative vector closest to `x` with Hoyer sparseness `s` and the same ℓ2 norm
/// (Hoyer 2004, projection operator).
inline std::vector<double> hoyer_project(const std::vector<double>& x, double s)
{
    const std::size_t n = x.size();
    require(n > 1 && s >= 0 && s < 1, errc::invalid_argument,
            [&] { return "hoyer_project: needs 2+ values and 0 <= s < 1, got s " + std::to_string(s); });
    double l2 = 0;
    for (const double v : x) l2 += v * v;
    l2 = std::sqrt(l2);
    const double l1 = l2 * (std::sqrt(double(n)) - s * (std::sqrt(double(n)) - 1));
    std::vector<double> v(n);
    const double sum = std::accumulate(x.begin(), x.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) v[i] = x[i] + (l1 - sum) / double(n);
    std::vector<bool> zero(n, false);
    for (std::size_t iteration = 0; iteration < n + 1; ++iteration) {
        const std::size_t free = static_cast<std::size_t>(std::count(zero.begin(), zero.end(), false));
        std::vector<double> m(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) m[i] = zero[i] ? 0 : l1 / double(free);
        // v ← m + α(v − m) with ‖·‖₂ = l2: a quadratic in α, positive root.
        double a = 0, b = 0, c = -l2 * l2;
        for (std::size_t i = 0; i < n; ++i) {
            const double d = v[i] - m[i];
            a += d * d;
            b += 2 * m[i] * d;
            c += m[i] * m[i];
        }
        const double alpha = a > 0 ? (-b + std::sqrt(std::max(0.0, b * b - 4 * a * c))) / (2 * a) : 0;
        for (std::size_t i = 0; i < n; ++i) v[i] = m[i] + alpha * (v[i] - m[i]);
        if (std::all_of(v.begin(), v.end(), [](double t) { return t >= 0; })) break;
        for (std::size_t i = 0; i < n; ++i)
            if (v[i] < 0) zero[i] = true, v[i] = 0;
        const std::size_t still = static_cast<std::size_t>(std::count(zero.begin(), zero.end(), false));
        double total = 0;
        for (std::size_t i = 0; i < n; ++i) total += zero[i] ? 0 : v[i];
        const double shift = (total - l1) / double(still);
        for (std::size_t i = 0; i < n; ++i)
            if (!zero[i]) v[i] -= shift;
    }
    return v;
}

} // namespace hsc
