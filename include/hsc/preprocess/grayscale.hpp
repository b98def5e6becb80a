// Colour to gray as docs/science.md §1.4: 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601 luma).
#pragma once

#include "hsc/config.hpp"

#include <xtensor/xtensor.hpp>

#include <concepts>
#include <string>

namespace hsc {

/// `rgb` is (height, width, 3), channels R, G, B; values keep their scale (0..255 stays 0..255).
template <std::floating_point T>
xt::xtensor<T, 2> grayscale(const xt::xtensor<T, 3>& rgb)
{
    require(rgb.shape()[2] == 3, errc::invalid_argument,
            [&] { return "grayscale: needs 3 channels (R, G, B), got " + std::to_string(rgb.shape()[2]); });
    xt::xtensor<T, 2> gray({rgb.shape()[0], rgb.shape()[1]});
    for (std::size_t i = 0; i < gray.size(); ++i) {
        const T* p = rgb.data() + 3 * i;
        gray.data()[i] = static_cast<T>(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]);
    }
    return gray;
}

} // namespace hsc
