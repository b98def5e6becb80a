#pragma once

#include "hsc/distribution/sampling.hpp"

#include <cmath>
#include <span>

namespace hsc::distribution {

/// Uniform law given by its mean and coefficient of variation: [mean − √3·sd, mean + √3·sd],
/// sd = cv·mean. Symmetric; its lower end is below zero once cv > 1/√3: users of positive
/// parameters clamp. (hsc::distribution::uniform_grid is the evenly spaced grid between two given ends.)
struct uniform
{
    double mean = 1;
    double cv = 0.5;
    sampling how{};

    double quantile(double p) const noexcept
    {
        const double half = std::sqrt(3.0) * cv * mean;
        return mean - half + 2 * half * p;
    }

    void fill(std::span<double> out) const { detail::fill_mean_cv_law(*this, "uniform", out); }
};

} // namespace hsc::distribution
