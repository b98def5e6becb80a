#pragma once

#include <cmath>
#include <cstddef>
#include <numbers>

namespace hsc {

/// Multiplies an h×w image by the disk-shaped mask ((cos πR + 1)/2 · [R < 1])^(1/3), with
/// x = linspace(−1, 1, h) down the rows and y = linspace(−1, 1, w) along them: atoms (and whitened
/// images) fade to zero before the edge.
template <class T>
void apply_spatial_mask(T* image, std::size_t h, std::size_t w)
{
    auto coordinate = [](std::size_t i, std::size_t n) {
        return n > 1 ? -1 + 2 * static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
    };
    for (std::size_t i = 0; i < h; ++i) {
        for (std::size_t j = 0; j < w; ++j) {
            const double r = std::hypot(coordinate(i, h), coordinate(j, w));
            const double mask = r < 1 ? std::cbrt((std::cos(std::numbers::pi * r) + 1) / 2) : 0.0;
            image[i * w + j] = static_cast<T>(image[i * w + j] * mask);
        }
    }
}

/// The square case, as the atoms of docs/science.md §1.1 use it.
inline void apply_spatial_mask(double* image, std::size_t n)
{
    apply_spatial_mask(image, n, n);
}

} // namespace hsc
