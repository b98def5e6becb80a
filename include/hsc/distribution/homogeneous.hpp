#pragma once

#include "hsc/config.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string>

namespace hsc::distribution {

/// Every member of the population has the same value: the baseline that heterogeneity beats.
struct homogeneous
{
    double value = 1;

    void fill(std::span<double> out) const
    {
        require(std::isfinite(value), errc::invalid_argument,
                [&] { return "homogeneous: value must be finite, got " + std::to_string(value); });
        std::fill(out.begin(), out.end(), value);
    }
};

} // namespace hsc::distribution
