#pragma once

#include <cmath>
#include <cstddef>
#include <numbers>

namespace hsc {

/// Multiplies an n×n image by the disk-shaped mask ((cos πR + 1)/2 · [R < 1])^(1/3), with
/// x, y = linspace(−1, 1, n): atoms (and whitened images) fade to zero before the square's edge.
inline void apply_spatial_mask(double* image, std::size_t n)
{
    auto coordinate = [n](std::size_t i) {
        return n > 1 ? -1 + 2 * static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
    };
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double r = std::hypot(coordinate(i), coordinate(j));
            const double mask = r < 1 ? std::cbrt((std::cos(std::numbers::pi * r) + 1) / 2) : 0.0;
            image[i * n + j] *= mask;
        }
    }
}

} // namespace hsc
