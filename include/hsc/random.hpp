// The library's one source of randomness: a seeded xoshiro256** generator. Standard-library
// distributions are implementation-defined, so hsc turns uniform draws into other laws itself
// (inverse-CDF sampling) and a seed gives the same numbers on every platform and compiler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <utility>

namespace hsc {

class random_engine
{
public:
    using result_type = std::uint64_t;

    explicit random_engine(std::uint64_t seed = 0) noexcept
    {
        // splitmix64 spreads any seed, even 0, over the 256-bit state (which must not be all zero).
        for (auto& word : m_state) {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

    result_type operator()() noexcept
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    /// Uniform in the open interval (0, 1): never 0 or 1, so quantile functions stay finite.
    double uniform() noexcept { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }

    /// Uniform over {0, …, n − 1} (n > 0). The largest uniform() times a small n rounds to n itself,
    /// hence the clamp.
    std::size_t below(std::size_t n) noexcept
    {
        const auto i = static_cast<std::size_t>(uniform() * static_cast<double>(n));
        return i < n ? i : n - 1;
    }

    /// Puts a random-access range in a uniformly random order (Fisher–Yates).
    template <class Range>
    void shuffle(Range& range) noexcept
    {
        for (std::size_t i = std::size(range); i > 1; --i) std::swap(range[i - 1], range[below(i)]);
    }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_state[4]{};
};

} // namespace hsc
