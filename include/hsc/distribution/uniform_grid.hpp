#pragma once

#include "hsc/config.hpp"

#include <cmath>
#include <span>
#include <string>

namespace hsc::distribution {

/// n evenly spaced values on [low, high], ascending.
/// `include_low = false` is the paper's B_θ grid: linspace(0, π/6, 7)[1:] = {π/36, ..., π/6};
/// `include_low = true` is numpy's linspace(low, high, n), e.g. quantization thresholds on [0.01, 1].
struct uniform_grid
{
    double low = 0;
    double high = 1;
    bool include_low = false;

    void fill(std::span<double> out) const
    {
        require(std::isfinite(low) && std::isfinite(high) && low <= high, errc::invalid_argument, [&] {
            return "uniform_grid: needs finite low <= high (got " + std::to_string(low) + ", " + std::to_string(high) +
                   ")";
        });
        const std::size_t n = out.size();
        // With the low end excluded the grid has n intervals and starts one step above `low`.
        const double intervals = include_low ? static_cast<double>(n > 1 ? n - 1 : 1) : static_cast<double>(n);
        const double first = include_low ? 0 : 1;
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = low + (high - low) * (static_cast<double>(i) + first) / intervals;
        }
    }
};

} // namespace hsc::distribution
