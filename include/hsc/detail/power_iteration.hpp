// Power iterations: the largest eigenvalue of a symmetric positive semi-definite operator (the
// squared operator norm ‖D‖² = λ_max(DᵀD) that sets a proximal-gradient step), and the spectral
// radius of any square operator (a reservoir's recurrent matrix).
#pragma once

#include <cmath>
#include <cstddef>

namespace hsc::detail {

/// Fills v with a fixed vector with no zero entries (deterministic; not orthogonal to a leading
/// eigenvector unless A is adversarial) and returns its squared norm.
template <class T>
double start_vector(T* v, std::size_t n) noexcept
{
    double norm = 0;
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = static_cast<T>(1 + 0.5 * std::sin(1.7 * static_cast<double>(i) + 0.3));
        norm += static_cast<double>(v[i]) * v[i];
    }
    return norm;
}

/// `apply(in, out)` computes out = A·in for vectors of n values; `v` and `w` are n-value workspaces.
/// Starts from start_vector() and stops when the Rayleigh quotient changes by less than
/// `tolerance` relative, or after `max_iterations`. The estimate approaches λ_max from below.
template <class T, class Apply>
double largest_eigenvalue(Apply&& apply, T* v, T* w, std::size_t n, std::size_t max_iterations = 1000,
                          double tolerance = 1e-9) noexcept
{
    double norm = start_vector(v, n);
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

/// The spectral radius max |λ| of a general (non-symmetric) operator, by Gelfand's formula
/// ρ = lim ‖Aᵏx‖^{1/k}: the mean growth of the normalised iterate over `measured` steps after
/// `burn_in` steps. A Rayleigh quotient would not do: a real non-symmetric matrix often leads with a
/// complex pair, around which the iterate rotates instead of settling, but its norm still grows at
/// the rate |λ|. The error falls like the ratio of the two largest moduli to the power burn_in, and
/// the transient constants cancel between the two ends of the measurement. `apply`, v, w as above;
/// 0 for a nilpotent operator (the iterate vanishes).
template <class T, class Apply>
double spectral_radius(Apply&& apply, T* v, T* w, std::size_t n, std::size_t burn_in = 200,
                       std::size_t measured = 400) noexcept
{
    double norm = start_vector(v, n);
    double log_growth = 0;
    for (std::size_t it = 0; it < burn_in + measured; ++it) {
        const T scale = static_cast<T>(1 / std::sqrt(norm));
        for (std::size_t i = 0; i < n; ++i) v[i] *= scale;
        apply(static_cast<const T*>(v), w);
        norm = 0;
        for (std::size_t i = 0; i < n; ++i) norm += static_cast<double>(w[i]) * w[i];
        if (!(norm > 0)) return 0;
        if (it >= burn_in) log_growth += 0.5 * std::log(norm);
        for (std::size_t i = 0; i < n; ++i) v[i] = w[i];
    }
    return measured > 0 ? std::exp(log_growth / static_cast<double>(measured)) : 0;
}

} // namespace hsc::detail
