// The Log-Gabor atom of Ladret, Casanova & Perrinet (2024), designed in the Fourier domain.
// Spec: docs/science.md §1.1; every numbered step below is a step there.
#pragma once

#include "hsc/bank/spatial_mask.hpp"
#include "hsc/config.hpp"
#include "hsc/detail/small_dft.hpp"
#include "hsc/metrics/statistics.hpp"

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <string>
#include <vector>

namespace hsc {

/// Atom model: Log-Gabor filter with radial peak `sf_0` (cycles/pixel) and log-radial bandwidth
/// `b_sf`; orientation θ, orientation bandwidth B_θ and phase φ vary per atom.
struct log_gabor
{
    double sf_0 = 0.4;
    double b_sf = 0.4;

    /// Writes the n×n atom (row-major, axis 0 = rows), median-subtracted but not yet normalized.
    void fill(std::size_t n, double theta, double b_theta, double phase, double* out) const
    {
        require(n >= 2 && sf_0 > 0 && b_sf > 0 && b_theta > 0 && std::isfinite(theta) && std::isfinite(b_theta) &&
                    std::isfinite(phase),
                errc::invalid_argument, [&] {
                    return "log_gabor: needs size >= 2, sf_0 > 0, b_sf > 0, b_theta > 0, finite angles (got size " +
                           std::to_string(n) + ", sf_0 " + std::to_string(sf_0) + ", b_sf " + std::to_string(b_sf) +
                           ", b_theta " + std::to_string(b_theta) + ")";
                });
        using cplx = std::complex<double>;
        constexpr double pi = std::numbers::pi;
        const std::size_t half = n / 2;
        const double nd = static_cast<double>(n);
        const double hd = static_cast<double>(half);
        std::vector<cplx> env(n * n);
        double power = 0;
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                // Step 1: centred frequency grid, fx along axis 0.
                const double fx = (static_cast<double>(i) - hd) / nd;
                const double fy = (static_cast<double>(j) - hd) / nd;
                const double f = (i == half && j == half) ? 1e-6 : std::hypot(fx, fy);
                const double f_theta = std::atan2(fy, fx);
                // Step 2: radial band.
                const double log_ratio = std::log(f / sf_0);
                const double band = std::exp(-0.5 * log_ratio * log_ratio / (b_sf * b_sf)) / f;
                // Step 3: angular lobe exp(cos(f_θ − θ)/B_θ²). We divide by its peak exp(1/B_θ²),
                // which step 6 normalizes away anyway, so narrow bandwidths cannot overflow.
                const double angular = std::exp((std::cos(f_theta - theta) - 1) / (b_theta * b_theta));
                // Step 4: phase ramp moving the peak to pixel (n/2, n/2).
                const cplx ramp = std::polar(1.0, -2 * pi * (hd * fx + hd * fy));
                // Step 5: retina filter (low-pass below Nyquist, DC removed).
                const double sigma_dc = 0.5 / nd;
                const double retina = (f < 0.5 ? 1 - std::exp((f - 0.5) / 0.035) : 0.0) *
                                      (1 - std::exp(-0.5 * f * f / (sigma_dc * sigma_dc)));
                const cplx value = band * angular * retina * ramp;
                power += std::norm(value);
                env[i * n + j] = value;
            }
        }
        // On a very small grid no frequency falls in the pass band: the atom would be 0/0.
        require(power > 0, errc::invalid_argument, [&] {
            return "log_gabor: on " + std::to_string(n) + "x" + std::to_string(n) +
                   " pixels no frequency lies in the pass band (sf_0 " + std::to_string(sf_0) +
                   "): the atom would be empty; use a larger size";
        });
        // Step 6: unit RMS times √2, then the phase.
        const cplx gain = std::sqrt(2.0) / std::sqrt(power / (nd * nd)) * std::polar(1.0, -phase);
        // Step 7: ifftshift (index k takes bin (k + n/2) mod n) then the inverse transform.
        std::vector<cplx> shifted(n * n);
        for (std::size_t k = 0; k < n; ++k) {
            for (std::size_t l = 0; l < n; ++l) {
                shifted[k * n + l] = env[((k + half) % n) * n + (l + half) % n] * gain;
            }
        }
        detail::inverse_dft2_real(shifted.data(), n, out);
        // Steps 8–9: spatial mask, then remove the median (normalization is the bank's choice).
        apply_spatial_mask(out, n);
        const double med = median(std::span<const double>(out, n * n));
        for (std::size_t k = 0; k < n * n; ++k) {
            out[k] -= med;
        }
    }
};

} // namespace hsc
