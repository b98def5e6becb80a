// Entry checks on numbers: every value finite, and small enough that a sum of squares over the
// whole array cannot overflow the scalar type (the coders compute energies, norms and correlations
// from them; a value of 1e30 in float would turn them into inf and the code into garbage).
#pragma once

#include "hsc/config.hpp"

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

/// Fails (errc::invalid_argument, the message led by `who`) unless each of `count` atoms of
/// `per_atom` values is usable and not all zero (an all-zero atom can code nothing).
template <class T>
void require_usable_atoms(const T* atoms, std::size_t count, std::size_t per_atom, const char* who)
{
    for (std::size_t k = 0; k < count; ++k) {
        const T* atom = atoms + k * per_atom;
        const std::size_t bad = first_unusable(atom, per_atom);
        require(bad == per_atom, errc::invalid_argument, [&] {
            return std::string(who) + ": value " + std::to_string(bad) + " of atom " + std::to_string(k) + " " +
                   unusable_reason(atom[bad], per_atom);
        });
        require(!all_zero(atom, per_atom), errc::invalid_argument,
                [&] { return std::string(who) + ": atom " + std::to_string(k) + " is all zero"; });
    }
}

} // namespace hsc::detail
