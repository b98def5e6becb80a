// Direct inverse DFT for the tiny grids kernels are designed on (N ≈ 12): O(N³) separable sums,
// exact enough for design-time use and free of any FFT dependency.
#pragma once

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <vector>

namespace hsc::detail {

/// Real part of ifft2(spectrum) for an n×n row-major spectrum (numpy's normalization: 1/n²).
inline void inverse_dft2_real(const std::complex<double>* spectrum, std::size_t n, double* out)
{
    std::vector<std::complex<double>> twiddle(n);
    for (std::size_t k = 0; k < n; ++k) {
        const double angle = 2 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n);
        twiddle[k] = {std::cos(angle), std::sin(angle)};
    }
    // Transform along axis 1 (columns) first, then axis 0 (rows).
    std::vector<std::complex<double>> rows(n * n);
    for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t y = 0; y < n; ++y) {
            std::complex<double> sum = 0;
            for (std::size_t l = 0; l < n; ++l) {
                sum += spectrum[k * n + l] * twiddle[(l * y) % n];
            }
            rows[k * n + y] = sum;
        }
    }
    const double norm = 1.0 / static_cast<double>(n * n);
    for (std::size_t x = 0; x < n; ++x) {
        for (std::size_t y = 0; y < n; ++y) {
            std::complex<double> sum = 0;
            for (std::size_t k = 0; k < n; ++k) {
                sum += rows[k * n + y] * twiddle[(k * x) % n];
            }
            out[x * n + y] = sum.real() * norm;
        }
    }
}

} // namespace hsc::detail
