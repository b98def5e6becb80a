// Storage whose size is fixed at compile time (no heap: for embedded builds) or chosen at run time.
#pragma once

#include "hsc/config.hpp"
#include "hsc/fwd.hpp"

#include <array>
#include <cstddef>
#include <limits>
#include <new>
#include <string>
#include <vector>

namespace hsc {

namespace detail {
    /// Memory aligned to `Align` bytes whose failure goes through hsc::fail: the library's error
    /// path in builds with and without exceptions (xsimd's allocator throws std::bad_alloc in its
    /// header, which a -fno-exceptions build cannot compile).
    template <class T, std::size_t Align>
    struct aligned_allocator
    {
        using value_type = T;
        template <class U>
        struct rebind
        {
            using other = aligned_allocator<U, Align>;
        };

        aligned_allocator() noexcept = default;
        template <class U>
        aligned_allocator(const aligned_allocator<U, Align>&) noexcept
        {}

        T* allocate(std::size_t n)
        {
            void* memory = n <= std::numeric_limits<std::size_t>::max() / sizeof(T)
                               ? ::operator new (n * sizeof(T), std::align_val_t{Align}, std::nothrow)
                               : nullptr;
            if (memory == nullptr) {
                fail(errc::out_of_memory,
                     "cannot allocate " + std::to_string(n) + " values of " + std::to_string(sizeof(T)) + " bytes");
            }
            return static_cast<T*>(memory);
        }
        void deallocate(T* memory, std::size_t) noexcept { ::operator delete (memory, std::align_val_t{Align}); }

        template <class U>
        bool operator==(const aligned_allocator<U, Align>&) const noexcept
        {
            return true;
        }
    };

    /// A std::vector whose data starts on a 64-byte boundary (a cache line; an AVX-512 vector), so
    /// that sub-arrays of whole cache lines share it: what FFTW's new-array execution and aligned
    /// vector loads want.
    template <class T>
    using aligned_vector = std::vector<T, aligned_allocator<T, 64>>;

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
