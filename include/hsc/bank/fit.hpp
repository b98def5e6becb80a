// Kernel analysis (docs/science.md §1.5): fit the orientation θ and bandwidth B_θ of the Log-Gabor model
// (§1.1) to an atom by least squares, to see whether learned atoms spread over B_θ.
//
// The atom is scaled to [−1, 1] and values with |v| < 0.15 are zeroed; the model atom (sf_0, B_sf
// fixed at the paper's 0.4) goes through the same scaling and zeroing (so a bank atom is matched
// exactly by its own parameters), is multiplied by its least-squares gain (a sign flip costs
// nothing), and is compared over all N² pixels. θ ∈ [0, π), B_θ ∈ [5°, 30°]. The spec
// fixes φ; learned atoms come in both phases, so the fit tries the bank's two, 0 and π/2, and
// keeps the better (our choice). Search: a grid (θ every 5°, B_θ every 5°), then a coordinate
// search whose steps halve down to 0.01°. Fit quality: R² = 1 − SSE/Σ(t − t̄)² of the
// thresholded atom.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/bank/log_gabor.hpp"
#include "hsc/config.hpp"
#include "hsc/metrics/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace hsc {

struct log_gabor_fit
{
    double theta = 0;   ///< radians, [0, π)
    double b_theta = 0; ///< radians, [5°, 30°]
    double phase = 0;   ///< 0 or π/2
    double r2 = 0;      ///< of the thresholded, scaled atom
};

namespace detail {
    /// The atom scaled to [−1, 1] (by its largest magnitude) with |v| < cut zeroed.
    inline std::vector<double> fit_target(const double* atom, std::size_t count, double cut)
    {
        double top = 0;
        for (std::size_t i = 0; i < count; ++i) top = std::max(top, std::abs(atom[i]));
        std::vector<double> t(count, 0.0);
        if (top == 0) return t;
        for (std::size_t i = 0; i < count; ++i) {
            const double v = atom[i] / top;
            t[i] = std::abs(v) < cut ? 0.0 : v;
        }
        return t;
    }

    /// Sum of squared errors of the model (θ, B_θ, φ), scaled to [−1, 1] and by its least-squares
    /// gain, against the target.
    inline double fit_error(const std::vector<double>& target, std::size_t n, double theta, double b_theta,
                            double phase, double cut, std::vector<double>& work)
    {
        log_gabor{}.fill(n, theta, b_theta, phase, work.data());
        double top = 0;
        for (const double v : work) top = std::max(top, std::abs(v));
        if (top == 0) return INFINITY;
        double mt = 0, mm = 0, tt = 0;
        for (std::size_t i = 0; i < target.size(); ++i) {
            const double scaled = work[i] / top;
            const double m = std::abs(scaled) < cut ? 0.0 : scaled;
            mt += m * target[i];
            mm += m * m;
            tt += target[i] * target[i];
        }
        return tt - mt * mt / mm; // residual of the best gain
    }
} // namespace detail

/// Least-squares fit of the Log-Gabor model to one n×n atom (row-major).
inline log_gabor_fit fit_log_gabor(const double* atom, std::size_t n)
{
    require(n >= 2, errc::invalid_argument, [] { return std::string("fit_log_gabor: atoms must be at least 2x2"); });
    constexpr double degree = std::numbers::pi / 180;
    const double low = 5 * degree, high = 30 * degree;
    constexpr double cut = 0.15;
    const auto target = detail::fit_target(atom, n * n, cut);
    std::vector<double> work(n * n);
    log_gabor_fit best;
    double best_error = INFINITY;
    for (const double phase : {0.0, std::numbers::pi / 2}) {
        // Grid, then coordinate search with halving steps.
        double theta = 0, b = low, error = INFINITY;
        for (int i = 0; i < 36; ++i)
            for (int j = 0; j <= 5; ++j) {
                const double th = i * 5 * degree, bt = low + j * 5 * degree;
                const double e = detail::fit_error(target, n, th, bt, phase, cut, work);
                if (e < error) error = e, theta = th, b = bt;
            }
        for (double step = 2.5 * degree; step >= 0.01 * degree; step /= 2) {
            bool moved = true;
            while (moved) {
                moved = false;
                for (const auto& [dt, db] : {std::pair{step, 0.0}, {-step, 0.0}, {0.0, step}, {0.0, -step}}) {
                    const double th = theta + dt, bt = std::clamp(b + db, low, high);
                    const double e = detail::fit_error(target, n, th, bt, phase, cut, work);
                    if (e < error - 1e-15) {
                        error = e, theta = th, b = bt;
                        moved = true;
                    }
                }
            }
        }
        if (error < best_error) {
            best_error = error;
            best.theta = std::fmod(std::fmod(theta, std::numbers::pi) + std::numbers::pi, std::numbers::pi);
            best.b_theta = b;
            best.phase = phase;
        }
    }
    double mean = 0, total = 0;
    for (const double v : target) mean += v / static_cast<double>(target.size());
    for (const double v : target) total += (v - mean) * (v - mean);
    best.r2 = total > 0 ? 1 - best_error / total : 0;
    return best;
}

/// Counts of fitted B_θ in six 5°-wide bins centred on 5°, 10°, …, 30° (the heterogeneous bank's
/// values, so fits a hair off them stay in their bin).
inline std::vector<std::size_t> btheta_histogram(const std::vector<log_gabor_fit>& fits)
{
    constexpr double degree = std::numbers::pi / 180;
    std::vector<std::size_t> counts(6, 0);
    for (const auto& f : fits) {
        const double position = (f.b_theta / degree - 2.5) / 5; // bin k covers [2.5 + 5k, 7.5 + 5k)
        ++counts[static_cast<std::size_t>(std::clamp(position, 0.0, 5.5))];
    }
    return counts;
}

/// The fit of every atom of a bank.
template <std::floating_point T>
std::vector<log_gabor_fit> fit_log_gabor(const kernel_bank<T>& bank)
{
    const std::size_t n = bank.atom_size();
    std::vector<log_gabor_fit> fits;
    std::vector<double> atom(n * n);
    for (std::size_t k = 0; k < bank.size(); ++k) {
        for (std::size_t i = 0; i < n * n; ++i) atom[i] = static_cast<double>(bank.atom(k)[i]);
        fits.push_back(fit_log_gabor(atom.data(), n));
    }
    return fits;
}

/// What a bank's fits say in two figures: the B_θ histogram (btheta_histogram) and the median R²
/// of the fits (how Log-Gabor-like the atoms are).
struct fit_summary
{
    std::vector<std::size_t> btheta_counts;
    double median_r2 = 0;
};

inline fit_summary summary_of(const std::vector<log_gabor_fit>& fits)
{
    std::vector<double> r2;
    for (const auto& f : fits) r2.push_back(f.r2);
    return {btheta_histogram(fits), median(r2)};
}

} // namespace hsc
