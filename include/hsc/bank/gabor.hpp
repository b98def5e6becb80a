// A spatial Gabor atom, for comparison with Log-Gabor banks. Not in the paper: its bandwidths are
// matched to the Log-Gabor model's (radial std ≈ sf_0·b_sf, angular std ≈ B_θ at the peak frequency).
#pragma once

#include "hsc/bank/spatial_mask.hpp"
#include "hsc/config.hpp"

#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>

namespace hsc {

struct gabor
{
    double frequency = 0.4; ///< cycles/pixel of the carrier
    double b_sf = 0.4;      ///< relative radial bandwidth

    /// Writes the n×n atom centred on pixel (n/2, n/2), zero-mean but not yet normalized.
    /// θ = 0 gives stripes that vary along axis 0, as for the Log-Gabor atom.
    void fill(std::size_t n, double theta, double b_theta, double phase, double* out) const
    {
        require(n >= 2 && frequency > 0 && b_sf > 0 && b_theta > 0 && std::isfinite(theta) && std::isfinite(phase),
                errc::invalid_argument, [&] {
                    return "gabor: needs size >= 2, frequency > 0, b_sf > 0, b_theta > 0 (got size " +
                           std::to_string(n) + ", frequency " + std::to_string(frequency) + ", b_theta " +
                           std::to_string(b_theta) + ")";
                });
        constexpr double two_pi = 2 * std::numbers::pi;
        // A Gaussian of frequency std σ_f has spatial std 1/(2π σ_f).
        const double sigma_along = 1 / (two_pi * frequency * b_sf);
        const double sigma_across = 1 / (two_pi * frequency * std::tan(std::fmin(b_theta, 1.5)));
        const double centre = static_cast<double>(n / 2);
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                const double r = static_cast<double>(i) - centre;
                const double c = static_cast<double>(j) - centre;
                const double along = std::cos(theta) * r + std::sin(theta) * c;
                const double across = -std::sin(theta) * r + std::cos(theta) * c;
                const double envelope = std::exp(-0.5 * (along * along / (sigma_along * sigma_along) +
                                                         across * across / (sigma_across * sigma_across)));
                out[i * n + j] = envelope * std::cos(two_pi * frequency * along - phase);
            }
        }
        apply_spatial_mask(out, n);
        for (std::size_t k = 0; k < n * n; ++k) {
            sum += out[k];
        }
        for (std::size_t k = 0; k < n * n; ++k) {
            out[k] -= sum / static_cast<double>(n * n);
        }
    }
};

} // namespace hsc
