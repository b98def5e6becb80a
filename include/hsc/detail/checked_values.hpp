// Entry checks on numbers: every value finite, and small enough that a sum of squares over the
// whole array cannot overflow the scalar type (the coders compute energies, norms and correlations
// from them; a value of 1e30 in float would turn them into inf and the code into garbage).
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

namespace hsc::detail {

/// The largest magnitude whose square, summed over `count` values, stays finite in T.
template <class T>
T largest_usable_magnitude(std::size_t count) noexcept
{
    return std::sqrt(std::numeric_limits<T>::max() / static_cast<T>(count > 0 ? count : 1));
}

/// The index of the first value that is not finite or is above largest_usable_magnitude(size), or
/// `size` when every value is usable.
template <class T>
std::size_t first_unusable(const T* values, std::size_t size) noexcept
{
    const T most = largest_usable_magnitude<T>(size);
    for (std::size_t i = 0; i < size; ++i)
        if (!(std::fabs(values[i]) <= most)) return i; // also catches NaN
    return size;
}

/// Why `value`, one of `size`, is not usable: "is not finite" or "is X, above the largest usable
/// magnitude Y".
template <class T>
std::string unusable_reason(T value, std::size_t size)
{
    if (!std::isfinite(value)) return "is not finite";
    return "is " + std::to_string(static_cast<double>(value)) + ", above the largest usable magnitude " +
           std::to_string(static_cast<double>(largest_usable_magnitude<T>(size))) +
           " (its square would overflow the energy)";
}

/// Whether all `size` values are zero.
template <class T>
bool all_zero(const T* values, std::size_t size) noexcept
{
    for (std::size_t i = 0; i < size; ++i)
        if (values[i] != T(0)) return false;
    return true;
}

} // namespace hsc::detail
