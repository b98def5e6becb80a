// Bringing an arbitrary image to the experiments' size (256×256): the largest centred crop with
// the target's aspect ratio, then area resampling — each output pixel is the mean of the input
// area it covers (exact box integration, separable), so downscaling does not alias and upscaling
// is piecewise constant-linear.
#pragma once

#include "hsc/config.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <string>
#include <vector>

namespace hsc {

namespace detail {
    /// Weights of area resampling along one axis: out[o] = Σ w · in[i] over the input interval
    /// [o·scale, (o+1)·scale), scale = n_in / n_out, as (input index, weight) runs per output.
    struct area_weights
    {
        std::vector<std::size_t> first, count;
        std::vector<double> weight;
        std::vector<std::size_t> offset;
    };

    inline area_weights make_area_weights(std::size_t n_in, std::size_t n_out)
    {
        area_weights a;
        const double scale = static_cast<double>(n_in) / static_cast<double>(n_out);
        for (std::size_t o = 0; o < n_out; ++o) {
            const double lo = static_cast<double>(o) * scale, hi = static_cast<double>(o + 1) * scale;
            const auto i0 = static_cast<std::size_t>(std::floor(lo));
            const auto i1 = std::min(n_in, static_cast<std::size_t>(std::ceil(hi)));
            a.first.push_back(i0);
            a.count.push_back(i1 - i0);
            a.offset.push_back(a.weight.size());
            for (std::size_t i = i0; i < i1; ++i) {
                const double overlap = std::min(hi, static_cast<double>(i + 1)) - std::max(lo, static_cast<double>(i));
                a.weight.push_back(overlap / scale);
            }
        }
        return a;
    }
} // namespace detail

/// Crops the centre of `image` to the aspect ratio of height×width, then resamples it to that size.
template <std::floating_point T>
xt::xtensor<T, 2> centre_crop_resize(const xt::xtensor<T, 2>& image, std::size_t height, std::size_t width)
{
    const std::size_t h = image.shape()[0], w = image.shape()[1];
    require(h > 0 && w > 0 && height > 0 && width > 0, errc::invalid_argument, [&] {
        return "centre_crop_resize: cannot make a " + std::to_string(height) + "x" + std::to_string(width) +
               " image from a " + std::to_string(h) + "x" + std::to_string(w) + " one";
    });
    // Largest centred crop with height:width proportions (rounded to whole pixels).
    std::size_t ch = h, cw = w;
    if (h * width > w * height) {
        ch = std::max<std::size_t>(1,
                                   static_cast<std::size_t>(std::llround(double(w) * double(height) / double(width))));
    } else {
        cw = std::max<std::size_t>(1,
                                   static_cast<std::size_t>(std::llround(double(h) * double(width) / double(height))));
    }
    const std::size_t top = (h - ch) / 2, left = (w - cw) / 2;
    const auto rows = detail::make_area_weights(ch, height), cols = detail::make_area_weights(cw, width);
    // Columns first (ch × width), then rows.
    std::vector<double> across(ch * width, 0.0);
    for (std::size_t i = 0; i < ch; ++i)
        for (std::size_t o = 0; o < width; ++o) {
            double v = 0;
            for (std::size_t t = 0; t < cols.count[o]; ++t)
                v += cols.weight[cols.offset[o] + t] * static_cast<double>(image(top + i, left + cols.first[o] + t));
            across[i * width + o] = v;
        }
    xt::xtensor<T, 2> out({height, width});
    for (std::size_t o = 0; o < height; ++o)
        for (std::size_t j = 0; j < width; ++j) {
            double v = 0;
            for (std::size_t t = 0; t < rows.count[o]; ++t)
                v += rows.weight[rows.offset[o] + t] * across[(rows.first[o] + t) * width + j];
            out(o, j) = static_cast<T>(v);
        }
    return out;
}

/// The image at half size into `out` ((h/2)×(w/2), row-major): each pixel the mean of a 2×2 block
/// (a trailing odd row or column is dropped). One level of a pyramid; allocation-free.
template <std::floating_point T>
void halve(const T* image, std::size_t height, std::size_t width, T* out) noexcept
{
    const std::size_t h = height / 2, w = width / 2;
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
            const T* top = image + 2 * y * width + 2 * x;
            out[y * w + x] = T(0.25) * (top[0] + top[1] + top[width] + top[width + 1]);
        }
}

} // namespace hsc
