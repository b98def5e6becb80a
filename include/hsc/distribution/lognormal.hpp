#pragma once

#include "hsc/detail/special_functions.hpp"
#include "hsc/distribution/sampling.hpp"

#include <cmath>
#include <span>

namespace hsc::distribution {

/// Log-normal law given by its mean and coefficient of variation (so that it can be matched in
/// mean and variance against other laws): σ² = ln(1 + cv²), μ = ln(mean) − σ²/2. Right-skewed.
struct lognormal
{
    double mean = 1;
    double cv = 0.5;
    sampling how{};

    double quantile(double p) const noexcept
    {
        const double sigma = std::sqrt(std::log1p(cv * cv));
        const double mu = std::log(mean) - 0.5 * sigma * sigma;
        return std::exp(mu + sigma * detail::normal_quantile(p));
    }

    void fill(std::span<double> out) const { detail::fill_mean_cv_law(*this, "lognormal", out); }
};

} // namespace hsc::distribution
