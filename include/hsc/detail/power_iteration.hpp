// The largest eigenvalue of a symmetric positive semi-definite operator by power iteration: the
// squared operator norm ‖D‖² = λ_max(DᵀD) that sets a proximal-gradient step.
#pragma once

#include <cmath>
#include <cstddef>

namespace hsc::detail {

/// `apply(in, out)` computes out = A·in for vectors of n values; `v` and `w` are n-value workspaces.
/// Starts from a fixed vector with no zero entries (deterministic; not orthogonal to the leading
/// eigenvector unless A is adversarial) and stops when the Rayleigh quotient changes by less than
/// `tolerance` relative, or after `max_iterations`. The estimate approaches λ_max from below.
template <class T, class Apply>
double largest_eigenvalue(Apply&& apply, T* v, T* w, std::size_t n, std::size_t max_iterations = 1000,
                          double tolerance = 1e-9) noexcept
{
    double norm = 0;
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = static_cast<T>(1 + 0.5 * std::sin(1.7 * static_cast<double>(i) + 0.3));
        norm += static_cast<double>(v[i]) * v[i];
    }
    double estimate = 0;
    for (std::size_t it = 0; it < max_iterations && norm > 0; ++it) {
        const T scale = static_cast<T>(1 / std::sqrt(norm));
        for (std::size_t i = 0; i < n; ++i) v[i] *= scale;
        apply(static_cast<const T*>(v), w);
        double quotient = 0, next_norm = 0;
        for (std::size_t i = 0; i < n; ++i) {
            quotient += static_cast<double>(v[i]) * w[i];
            next_norm += static_cast<double>(w[i]) * w[i];
        }
        for (std::size_t i = 0; i < n; ++i) v[i] = w[i];
        const bool settled = std::abs(quotient - estimate) <= tolerance * std::abs(quotient);
        estimate = quotient;
        norm = next_norm;
        if (settled) break;
    }
    return estimate;
}

} // namespace hsc::detail
