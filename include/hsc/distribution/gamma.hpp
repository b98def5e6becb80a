#pragma once

#include "hsc/detail/special_functions.hpp"
#include "hsc/distribution/sampling.hpp"

#include <span>

namespace hsc::distribution {

/// Gamma law given by its mean and coefficient of variation: shape k = 1/cv², scale = mean·cv².
/// cv = 1/√3 is the Gamma(k = 3, scale = mean/3) of Perez-Nieves et al. (2021). cv = 0 degenerates
/// to the mean.
struct gamma
{
    double mean = 1;
    double cv = 0.5;
    sampling how{};

    double quantile(double p) const noexcept
    {
        if (cv == 0) {
            return mean;
        }
        const double shape = 1 / (cv * cv);
        return mean * cv * cv * detail::gamma_quantile(shape, p);
    }

    void fill(std::span<double> out) const { detail::fill_mean_cv_law(*this, "gamma", out); }
};

} // namespace hsc::distribution
