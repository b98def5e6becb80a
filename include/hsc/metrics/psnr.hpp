// Peak signal-to-noise ratio, as docs/science.md §1.4 defines it: the one formula every coder's
// report and the metrics use.
#pragma once

#include "hsc/config.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace hsc {

/// 10 log10(range² / (squared_error / pixels)): +inf for an exact reconstruction.
inline double psnr_db(double squared_error, std::size_t pixels, double range) noexcept
{
    if (squared_error <= 0) return std::numeric_limits<double>::infinity();
    return 10 * std::log10(range * range / (squared_error / static_cast<double>(pixels)));
}

/// Σ (a − b)², accumulated in double.
template <class T>
double squared_error(const xt::xtensor<T, 2>& a, const xt::xtensor<T, 2>& b)
{
    require(a.shape() == b.shape(), errc::invalid_argument,
            [] { return std::string("squared_error: images of different shapes"); });
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double d = static_cast<double>(a.data()[i]) - static_cast<double>(b.data()[i]);
        sum += d * d;
    }
    return sum;
}

/// PSNR of `estimate` against `reference` (the coded image), with the reference's own range
/// max S − min S.
template <class T>
double psnr_db(const xt::xtensor<T, 2>& reference, const xt::xtensor<T, 2>& estimate)
{
    require(reference.size() > 0, errc::invalid_argument, [] { return std::string("psnr_db: empty image"); });
    const auto [low, high] = std::minmax_element(reference.begin(), reference.end());
    const double range = static_cast<double>(*high) - static_cast<double>(*low);
    return psnr_db(squared_error(reference, estimate), reference.size(), range);
}

} // namespace hsc
