// How a code's atoms meet the image's edges: a property of the code, not of the call that reads it.
#pragma once

#include <optional>
#include <string_view>

namespace hsc {

/// How pixels outside the image are read, and so where an atom sits relative to its code position.
enum class boundary {
    circular, ///< wrap around; atom anchored at its top-left corner (CBPDN's FFT convention)
    zero      ///< zero padding; atom centred on its position ("same" convolution)
};

constexpr const char* to_string(boundary mode) noexcept
{
    return mode == boundary::circular ? "circular" : "zero";
}

/// The boundary named `name` ("circular" or "zero"), or nothing.
constexpr std::optional<boundary> boundary_from_string(std::string_view name) noexcept
{
    if (name == "circular") return boundary::circular;
    if (name == "zero") return boundary::zero;
    return std::nullopt;
}

} // namespace hsc
