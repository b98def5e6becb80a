// A bank drawn as one image, so a person can look at it.
#pragma once

#include "hsc/bank/kernel_bank.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

namespace hsc::io {

struct montage_options
{
    std::size_t columns = 0; ///< atoms per row; 0 picks ⌈√K⌉
    std::size_t zoom = 4;    ///< each atom pixel becomes zoom×zoom image pixels
    std::size_t border = 2;  ///< white gap between atoms, in image pixels
};

/// Atoms in bank order, row by row; each atom scaled by its own max |d| so mid-gray is zero, black
/// the most negative and white the most positive value.
template <std::floating_point T>
xt::xtensor<std::uint8_t, 2> montage(const kernel_bank<T>& bank, const montage_options& options = {})
{
    const std::size_t k = bank.size();
    const std::size_t n = bank.atom_size();
    require(k > 0 && options.zoom > 0 && options.zoom <= 64, errc::invalid_argument, [&] {
        return "montage: needs a non-empty bank and zoom in 1..64 (got " + std::to_string(k) + " atoms, zoom " +
               std::to_string(options.zoom) + ")";
    });
    const std::size_t columns =
        options.columns > 0 ? options.columns : static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(k))));
    const std::size_t rows = (k + columns - 1) / columns;
    const std::size_t cell = n * options.zoom + options.border;
    xt::xtensor<std::uint8_t, 2> image({rows * cell + options.border, columns * cell + options.border});
    std::fill(image.begin(), image.end(), std::uint8_t{255});
    for (std::size_t a = 0; a < k; ++a) {
        const T* atom = bank.atom(a);
        double peak = 0;
        for (std::size_t i = 0; i < n * n; ++i) {
            peak = std::max(peak, std::fabs(static_cast<double>(atom[i])));
        }
        const double gain = peak > 0 ? 127.0 / peak : 0.0;
        const std::size_t top = (a / columns) * cell + options.border;
        const std::size_t left = (a % columns) * cell + options.border;
        for (std::size_t y = 0; y < n * options.zoom; ++y) {
            for (std::size_t x = 0; x < n * options.zoom; ++x) {
                const double v = static_cast<double>(atom[(y / options.zoom) * n + x / options.zoom]);
                image(top + y, left + x) = static_cast<std::uint8_t>(std::lround(128 + gain * v));
            }
        }
    }
    return image;
}

} // namespace hsc::io
