// What the patch coders share: taking in a dense dictionary and its Gram matrix.
#pragma once

#include "hsc/config.hpp"
#include "hsc/simd/kernels.hpp"

#include <cmath>
#include <string>

namespace hsc::detail {

/// Copies k atoms of n values (one per row) into `dictionary`, failing with the atom's index if a
/// value is not finite (`who` names the caller), and writes the k×k Gram matrix DDᵀ into `gram`.
template <class T>
void load_dictionary(const T* source, std::size_t n, std::size_t k, T* dictionary, T* gram, const char* who)
{
    for (std::size_t i = 0; i < n * k; ++i) {
        require(std::isfinite(source[i]), errc::invalid_argument, [&] {
            return std::string(who) + ": dictionary value of atom " + std::to_string(i / n) + " is not finite";
        });
        dictionary[i] = source[i];
    }
    for (std::size_t a = 0; a < k; ++a)
        for (std::size_t b = 0; b < k; ++b) gram[a * k + b] = simd::dot(dictionary + a * n, dictionary + b * n, n);
}

} // namespace hsc::detail
