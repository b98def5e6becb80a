#pragma once

#include "hsc/detail/special_functions.hpp"
#include "hsc/distribution/sampling.hpp"

#include <cmath>
#include <span>

namespace hsc::distribution {

/// Normal law given by its mean and coefficient of variation: sd = cv·mean. Symmetric; it puts
/// mass below zero once cv is large (about 16% at cv = 1): users of positive parameters clamp.
struct normal
{
    double mean = 1;
    double cv = 0.5;
    sampling how{};

    double quantile(double p) const noexcept { return mean + cv * mean * detail::normal_quantile(p); }

    void fill(std::span<double> out) const { detail::fill_mean_cv_law(*this, "normal", out); }
};

} // namespace hsc::distribution
