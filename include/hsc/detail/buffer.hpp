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

#if defined(__linux__) && __has_include(<sys/mman.h>)
#include <sys/mman.h>
#define HSC_HAS_MADVISE 1
#else
#define HSC_HAS_MADVISE 0
#endif

namespace hsc {

namespace detail {
    /// The bytes of n values of T rounded up to whole units of `align` (no overflow: n is checked
    /// against that first).
    template <class T>
    constexpr std::size_t aligned_bytes(std::size_t n, std::size_t align) noexcept
    {
        return (n * sizeof(T) + align - 1) / align * align;
    }

    /// aligned_bytes(n, align) on an `align`-byte boundary; failure (or a size beyond memory) goes
    /// through hsc::fail.
    template <class T>
    void* allocate_aligned(std::size_t n, std::size_t align)
    {
        void* memory = n <= (std::numeric_limits<std::size_t>::max() - align) / sizeof(T)
                           ? ::operator new (aligned_bytes<T>(n, align), std::align_val_t{align}, std::nothrow)
                           : nullptr;
        if (memory == nullptr) {
            fail(errc::out_of_memory,
                 "cannot allocate " + std::to_string(n) + " values of " + std::to_string(sizeof(T)) + " bytes");
        }
        return memory;
    }

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

        T* allocate(std::size_t n) { return static_cast<T*>(allocate_aligned<T>(n, Align)); }
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

    /// Memory for the arrays of tens of megabytes that hot loops sweep window by window (matching
    /// pursuit's correlation volume and cross-correlation table): from 4 MiB on, aligned to 2 MiB
    /// and, on Linux, marked for transparent huge pages (madvise; in the "madvise" mode of Debian's
    /// kernels, only memory that asks gets them). With 4 KiB pages each window touches more pages
    /// than the TLB maps, and matching pursuit ran 25–30% slower. Smaller arrays: 64-byte aligned.
    /// Not for arrays swept at power-of-two strides side by side (ADMM's maps): physically
    /// contiguous 2 MiB pages put their streams on the same cache sets, and ADMM ran 30% slower.
    template <class T>
    struct large_allocator
    {
        using value_type = T;
        static constexpr std::size_t huge_page = std::size_t(1) << 21, threshold = std::size_t(1) << 22;

        large_allocator() noexcept = default;
        template <class U>
        large_allocator(const large_allocator<U>&) noexcept
        {}

        static constexpr std::size_t alignment(std::size_t n) noexcept
        {
            return n >= threshold / sizeof(T) ? huge_page : 64;
        }

        T* allocate(std::size_t n)
        {
            const std::size_t align = alignment(n);
            void* memory = allocate_aligned<T>(n, align);
#if HSC_HAS_MADVISE
            if (align == huge_page) // a hint: failure is harmless
                ::madvise(memory, aligned_bytes<T>(n, align), MADV_HUGEPAGE);
#endif
            return static_cast<T*>(memory);
        }
        void deallocate(T* memory, std::size_t n) noexcept
        {
            ::operator delete (memory, std::align_val_t{alignment(n)});
        }

        template <class U>
        bool operator==(const large_allocator<U>&) const noexcept
        {
            return true;
        }
    };

    template <class T>
    using large_vector = std::vector<T, large_allocator<T>>;

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
