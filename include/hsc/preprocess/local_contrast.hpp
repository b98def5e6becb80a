// Local contrast normalization as SPORCO's local_contrast_normalize (docs/science.md §1.4): subtract
// a Gaussian-weighted local mean, divide by the local norm (floored by its average).
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/checked_values.hpp"
#include "hsc/simd/correlate.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <string>
#include <vector>

namespace hsc {

namespace detail {
    /// numpy's pad(mode='symmetric') by `pad` on every side: the edge sample is repeated
    /// ([a b c] padded by 2 is [b a | a b c | c b]).
    inline std::size_t symmetric_index(std::ptrdiff_t i, std::ptrdiff_t n) noexcept
    {
        const std::ptrdiff_t period = 2 * n;
        i %= period;
        if (i < 0) i += period;
        return static_cast<std::size_t>(i < n ? i : period - 1 - i);
    }
} // namespace detail

/// Local contrast normalization with a (2n+1)² Gaussian window sampled on linspace(−3, 3, 2n+1)
/// (sd 1, sum 1). Computed in double whatever T is. The image must be at least n×n.
template <std::floating_point T>
xt::xtensor<T, 2> local_contrast_normalize(const xt::xtensor<T, 2>& image, std::size_t n = 7)
{
    const std::size_t h = image.shape()[0], w = image.shape()[1];
    require(n > 0 && h >= n && w >= n, errc::invalid_argument, [&] {
        return "local_contrast_normalize: a " + std::to_string(h) + "x" + std::to_string(w) +
               " image is smaller than the window radius " + std::to_string(n);
    });
    // One inf would make the scale infinite and the whole output zero: refused, not normalized away.
    const std::size_t bad = detail::first_unusable(image.data(), image.size());
    require(bad == image.size(), errc::invalid_argument, [&] {
        return "local_contrast_normalize: pixel (" + std::to_string(bad / w) + ", " + std::to_string(bad % w) + ") " +
               detail::unusable_reason(image.data()[bad], image.size());
    });
    const std::size_t size = 2 * n + 1;
    std::vector<double> window(size * size);
    double total = 0;
    for (std::size_t i = 0; i < size; ++i) {
        for (std::size_t j = 0; j < size; ++j) {
            const double x = -3 + 6 * static_cast<double>(i) / static_cast<double>(size - 1);
            const double y = -3 + 6 * static_cast<double>(j) / static_cast<double>(size - 1);
            total += window[i * size + j] = std::exp(-(x * x + y * y) / 2);
        }
    }
    for (double& g : window) g /= total;

    const std::size_t ph = h + 2 * n, pw = w + 2 * n;
    std::vector<double> padded(ph * pw);
    for (std::size_t i = 0; i < ph; ++i)
        for (std::size_t j = 0; j < pw; ++j)
            padded[i * pw + j] = static_cast<double>(
                image(detail::symmetric_index(static_cast<std::ptrdiff_t>(i) - static_cast<std::ptrdiff_t>(n),
                                              static_cast<std::ptrdiff_t>(h)),
                      detail::symmetric_index(static_cast<std::ptrdiff_t>(j) - static_cast<std::ptrdiff_t>(n),
                                              static_cast<std::ptrdiff_t>(w))));

    // SPORCO convolves circularly on the padded grid (window at its top-left) and rolls by (−n, −n);
    // for a symmetric window that is the circular correlation centred on the pixel.
    const simd::correlate_shape g{ph, pw, size, size, n, n};
    std::vector<double> local(ph * pw);
    simd::correlate2d(padded.data(), window.data(), local.data(), g, boundary::circular);
    std::vector<double> centred(ph * pw), squares(ph * pw);
    for (std::size_t i = 0; i < ph * pw; ++i) {
        centred[i] = padded[i] - local[i];
        squares[i] = centred[i] * centred[i];
    }
    simd::correlate2d(squares.data(), window.data(), local.data(), g, boundary::circular);
    double mean_norm = 0;
    for (double& v : local) {
        v = std::sqrt(std::max(0.0, v));
        mean_norm += v;
    }
    mean_norm /= static_cast<double>(ph * pw);

    // A flat image has only rounding noise left after the mean is removed, and the formula would
    // divide that noise by itself (values of ±1). There is no contrast to normalize: return zeros.
    xt::xtensor<T, 2> out({h, w}, T(0));
    double scale = 0;
    for (double v : padded) scale = std::max(scale, std::fabs(v));
    if (mean_norm <= 1e-12 * scale) return out;
    for (std::size_t i = 0; i < h; ++i)
        for (std::size_t j = 0; j < w; ++j) {
            const std::size_t p = (i + n) * pw + j + n;
            out(i, j) = static_cast<T>(centred[p] / std::max(mean_norm, local[p]));
        }
    return out;
}

} // namespace hsc
