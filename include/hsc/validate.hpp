// The checks hsc applies to numbers at every entry (images, atoms, dictionaries, signals), for
// programs that call the unchecked hot paths (encode_unchecked) and validate their data first:
// every value finite, and small enough that a sum of squares over the array stays finite in its
// scalar type.
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/checked_values.hpp"

#include <concepts>
#include <cstddef>
#include <span>
#include <string>

namespace hsc {

/// Fails (errc::invalid_argument) unless every value is usable; the message is "<name(i)> is not
/// finite" or names the value and the largest usable magnitude. `name(i)` describes value i.
template <std::floating_point T, class Name>
void require_usable(std::span<const T> values, Name&& name)
{
    const std::size_t bad = detail::first_unusable(values.data(), values.size());
    require(bad == values.size(), errc::invalid_argument,
            [&] { return std::string(name(bad)) + " " + detail::unusable_reason(values[bad], values.size()); });
}

} // namespace hsc
