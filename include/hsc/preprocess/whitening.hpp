// Whitening and the learning pipeline of docs/science.md §1.4: whiten in the Fourier domain with the
// filter f^1.4 · exp(−(f/0.4)⁴) (normalized to mean 1), then local contrast normalization, then
// the circular mask of the atoms (§1.1 step 8) on the whole image.
//
// Our reading of the spec, where it is silent: f is the radial frequency in cycles per pixel on
// numpy's fftfreq grid (0 at DC, up to √2/2 at the corner), so the filter removes the mean; the
// mean is taken over the full H×W spectrum; the whitened image is the real part of the inverse.
#pragma once

#include "hsc/bank/spatial_mask.hpp"
#include "hsc/detail/checked_values.hpp"
#include "hsc/fft/real_fft_2d.hpp"
#include "hsc/preprocess/local_contrast.hpp"

#include <xtensor/xbuilder.hpp>
#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <string>
#include <vector>

namespace hsc {

/// The whitening gain at radial frequency f (cycles per pixel), before normalization.
inline double whitening_gain(double f) noexcept
{
    return std::pow(f, 1.4) * std::exp(-std::pow(f / 0.4, 4));
}

template <std::floating_point T>
xt::xtensor<T, 2> whiten(const xt::xtensor<T, 2>& image)
{
    const std::size_t h = image.shape()[0], w = image.shape()[1];
    require(h > 0 && w > 0, errc::invalid_argument, [] { return std::string("whiten: empty image"); });
    const std::size_t bad = detail::first_unusable(image.data(), image.size());
    require(bad == image.size(), errc::invalid_argument, [&] {
        return "whiten: pixel (" + std::to_string(bad / w) + ", " + std::to_string(bad % w) + ") " +
               detail::unusable_reason(image.data()[bad], image.size());
    });
    // The filter removes the mean, so a constant image whitens to zero exactly; through the FFT it
    // would come out as rounding noise, which local contrast normalization then amplifies.
    const auto [low, high] = std::minmax_element(image.begin(), image.end());
    if (*low == *high) return xt::zeros<T>({h, w});
    auto frequency = [](std::size_t k, std::size_t n) { // numpy.fft.fftfreq
        const double kk = 2 * k < n ? double(k) : double(k) - double(n);
        return kk / double(n);
    };
    // Mean over the full spectrum: columns k2 > W/2 mirror k2' = W − k2 with the same |f|.
    double mean = 0;
    for (std::size_t k1 = 0; k1 < h; ++k1)
        for (std::size_t k2 = 0; k2 < w; ++k2) mean += whitening_gain(std::hypot(frequency(k1, h), frequency(k2, w)));
    mean /= double(h * w);
    fft::real_fft_2d<T> fft(h, w);
    std::vector<T> re(fft.bins()), im(fft.bins());
    fft.forward(image.data(), re.data(), im.data());
    for (std::size_t k2 = 0; k2 <= w / 2; ++k2) // the half spectrum is stored (W/2 + 1) × H
        for (std::size_t k1 = 0; k1 < h; ++k1) {
            const T gain = static_cast<T>(whitening_gain(std::hypot(frequency(k1, h), frequency(k2, w))) / mean);
            re[k2 * h + k1] *= gain;
            im[k2 * h + k1] *= gain;
        }
    xt::xtensor<T, 2> out({h, w});
    fft.inverse(re.data(), im.data(), out.data());
    return out;
}

/// The images of dictionary learning: whiten, local contrast normalization (n = 7), circular mask.
template <std::floating_point T>
xt::xtensor<T, 2> learning_preprocess(const xt::xtensor<T, 2>& image)
{
    auto out = local_contrast_normalize(whiten(image));
    apply_spatial_mask(out.data(), out.shape()[0], out.shape()[1]);
    return out;
}

} // namespace hsc
