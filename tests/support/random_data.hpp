#pragma once

#include "hsc/random.hpp"

#include <cstdint>
#include <vector>

namespace hsc::testing {

/// n values uniform on [low, high), reproducible from the seed.
template <class T>
std::vector<T> uniform_vector(std::size_t n, std::uint64_t seed, double low = -1, double high = 1)
{
    hsc::random_engine engine(seed);
    std::vector<T> v(n);
    for (auto& x : v) x = static_cast<T>(low + (high - low) * engine.uniform());
    return v;
}

} // namespace hsc::testing
