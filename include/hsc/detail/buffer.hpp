// Storage whose size is fixed at compile time (no heap: for embedded builds) or chosen at run time.
#pragma once

#include "hsc/config.hpp"
#include "hsc/fwd.hpp"

#include <xsimd/memory/xsimd_aligned_allocator.hpp>

#include <array>
#include <cstddef>
#include <vector>

namespace hsc {

namespace detail {
    /// A std::vector whose data starts on a 64-byte boundary (a cache line; an AVX-512 vector), so
    /// that sub-arrays of whole cache lines share it: what FFTW's new-array execution and aligned
    /// vector loads want.
    template <class T>
    using aligned_vector = std::vector<T, xsimd::aligned_allocator<T, 64>>;

    /// std::array of Size elements when Size is known, else a std::vector sized at construction.
    template <class T, std::size_t Size>
    struct buffer
    {
        std::array<T, Size> data{};
        void resize([[maybe_unused]] std::size_t n) noexcept { HSC_ASSERT(n == Size); }
        T* get() noexcept { return data.data(); }
        const T* get() const noexcept { return data.data(); }
    };

    template <class T>
    struct buffer<T, dynamic>
    {
        std::vector<T> data;
        void resize(std::size_t n) { data.assign(n, T(0)); }
        T* get() noexcept { return data.data(); }
        const T* get() const noexcept { return data.data(); }
    };
} // namespace detail

} // namespace hsc
