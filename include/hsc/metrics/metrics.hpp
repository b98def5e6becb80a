// Figures of merit of a code, as SCIENCE.md §1.4 defines them.
#pragma once

#include "hsc/code/sparse_code.hpp"
#include "hsc/config.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace hsc {

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

/// PSNR in dB: 10 log10((max S − min S)² / mean((S − Ŝ)²)), S the reference (the coded image).
/// +inf for a perfect reconstruction.
template <class T>
double psnr_db(const xt::xtensor<T, 2>& reference, const xt::xtensor<T, 2>& estimate)
{
    require(reference.size() > 0, errc::invalid_argument, [] { return std::string("psnr_db: empty image"); });
    const auto [low, high] = std::minmax_element(reference.begin(), reference.end());
    const double range = static_cast<double>(*high) - static_cast<double>(*low);
    const double mse = squared_error(reference, estimate) / static_cast<double>(reference.size());
    return mse == 0 ? std::numeric_limits<double>::infinity() : 10 * std::log10(range * range / mse);
}

/// Number of distinct nonzero coefficients (repeated events at one position count once; a
/// position whose events cancel exactly is not a nonzero).
template <class T>
std::size_t nnz(const sparse_code<T>& code)
{
    return code.merged().events().size();
}

/// 1 − nnz / (K·H·W): the fraction of zero coefficients.
template <class T>
double sparseness(const sparse_code<T>& code)
{
    return 1 - static_cast<double>(nnz(code)) / static_cast<double>(code.shape().size());
}

} // namespace hsc
