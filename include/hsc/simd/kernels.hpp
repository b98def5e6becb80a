// Vector kernels on raw contiguous buffers, the building blocks of every coder.
//
// Each kernel is a function template over the architecture tag, so one header serves SSE2, AVX2,
// AVX-512, NEON and the scalar path (simd::scalar_arch) without ODR trouble; callers normally leave
// `Arch` at its default (the best instruction set the translation unit is compiled for, or none:
// hsc/simd/batch.hpp). All kernels are noexcept and allocate
// nothing; inputs are assumed finite (NaN handling is the caller's validation, done once at entry).
#pragma once

#include "hsc/config.hpp"
#include "hsc/simd/batch.hpp"
#include "hsc/simd/gcc12_avx512.hpp"
#include "hsc/simd/reduce.hpp"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>

HSC_SIMD_BEGIN_GCC12_WORKAROUND

namespace hsc::simd {

/// Asks for the cache line holding p, to be written soon; nothing where the compiler has no
/// prefetch builtin. A hint: results never depend on it.
inline void prefetch_for_write(const void* p) noexcept
{
#if defined(__has_builtin)
#if __has_builtin(__builtin_prefetch)
    __builtin_prefetch(p, 1);
#endif
#endif
    static_cast<void>(p);
}

/// Σ a[i]·b[i]. Summation order differs from a scalar loop, so results agree to rounding only.
template <class Arch = simd::default_arch, class T>
inline T dot(const T* a, const T* b, std::size_t n) noexcept
{
    using batch = simd::batch<T, Arch>;
    constexpr std::size_t width = batch::size;
    // Two accumulators hide the latency of the dependent fused multiply-adds.
    const std::size_t pair_end = n - n % (2 * width);
    const std::size_t vec_end = n - n % width;
    batch acc0(T(0));
    batch acc1(T(0));
    std::size_t i = 0;
    for (; i < pair_end; i += 2 * width) {
        acc0 = simd::fma(batch::load_unaligned(a + i), batch::load_unaligned(b + i), acc0);
        acc1 = simd::fma(batch::load_unaligned(a + i + width), batch::load_unaligned(b + i + width), acc1);
    }
    for (; i < vec_end; i += width) {
        acc0 = simd::fma(batch::load_unaligned(a + i), batch::load_unaligned(b + i), acc0);
    }
    T sum = reduce_add(acc0 + acc1);
    for (; i < n; ++i) {
        sum += a[i] * b[i];
    }
    return sum;
}

namespace detail {
    /// The loop every element-wise kernel shares: whole batches first, then the scalar tail
    /// (`vec_end = n - n % size`, the form g++ 12 does not warn about).
    template <class Arch, class T, class VectorStep, class ScalarStep>
    inline void elementwise(std::size_t n, VectorStep&& vector_step, ScalarStep&& scalar_step) noexcept
    {
        constexpr std::size_t width = simd::batch<T, Arch>::size;
        const std::size_t vec_end = n - n % width;
        std::size_t i = 0;
        for (; i < vec_end; i += width) vector_step(i);
        for (; i < n; ++i) scalar_step(i);
    }
} // namespace detail

/// y[i] += alpha·x[i].
template <class Arch = simd::default_arch, class T>
inline void axpy(T alpha, const T* x, T* y, std::size_t n) noexcept
{
    using batch = simd::batch<T, Arch>;
    const batch a(alpha);
    detail::elementwise<Arch, T>(
        n,
        [&](std::size_t i) {
            simd::fma(a, batch::load_unaligned(x + i), batch::load_unaligned(y + i)).store_unaligned(y + i);
        },
        [&](std::size_t i) { y[i] += alpha * x[i]; });
}

/// out[i] = alpha·x[i]; `out` may equal `x`.
template <class Arch = simd::default_arch, class T>
inline void scale(T alpha, const T* x, T* out, std::size_t n) noexcept
{
    using batch = simd::batch<T, Arch>;
    const batch a(alpha);
    detail::elementwise<Arch, T>(
        n, [&](std::size_t i) { (a * batch::load_unaligned(x + i)).store_unaligned(out + i); },
        [&](std::size_t i) { out[i] = alpha * x[i]; });
}

/// sign(v)·max(|v| − t, 0) for one value, as v − clamp(v, −t, t). Plain comparisons rather than
/// std::fmin/fmax, whose NaN rules make g++ call libm and leave the solvers' loops scalar.
template <class T>
constexpr T shrink(T v, T t) noexcept
{
    const T clamped = v < -t ? -t : (v > t ? t : v);
    return v - clamped;
}

/// out[i] = sign(x[i])·max(|x[i]| − t, 0), the proximal map of t·‖·‖₁; `out` may equal `x`.
/// Written as x − clamp(x, −t, t): one subtraction, so it rounds exactly like the textbook form.
template <class Arch = simd::default_arch, class T>
inline void soft_threshold(const T* x, T t, T* out, std::size_t n) noexcept
{
    using batch = simd::batch<T, Arch>;
    const batch hi(t);
    const batch lo(-t);
    detail::elementwise<Arch, T>(
        n,
        [&](std::size_t i) {
            const batch v = batch::load_unaligned(x + i);
            (v - simd::min(simd::max(v, lo), hi)).store_unaligned(out + i);
        },
        [&](std::size_t i) { out[i] = shrink(x[i], t); });
}

/// First i with |x[i]| == value, n if none: whole batches are compared and the scan stops at the
/// first batch that holds it. With value = max_abs_value(x, n) this locates the maximum.
template <class Arch = simd::default_arch, class T>
inline std::size_t first_abs_equal(const T* x, std::size_t n, T value) noexcept
{
    using batch = simd::batch<T, Arch>;
    const std::size_t vec_end = n - n % batch::size;
    const batch target(value);
    std::size_t i = 0;
    for (; i < vec_end; i += batch::size) {
        if (simd::any(simd::abs(batch::load_unaligned(x + i)) == target)) break;
    }
    for (; i < n; ++i) {
        if (std::fabs(x[i]) == value) return i;
    }
    return n;
}

/// f(i, x[i]) for every nonzero x[i], in order. Whole batches of zeros are skipped with one
/// comparison, so scanning a mostly-zero buffer (a sparse code as a dense input) costs little
/// more than reading it.
template <class Arch = simd::default_arch, class T, class F>
inline void for_each_nonzero(const T* x, std::size_t n, F&& f) noexcept
{
    using batch = simd::batch<T, Arch>;
    const batch zero(T(0));
    detail::elementwise<Arch, T>(
        n,
        [&](std::size_t i) {
            if (simd::any(batch::load_unaligned(x + i) != zero))
                for (std::size_t j = i; j < i + batch::size; ++j)
                    if (x[j] != T(0)) f(j, x[j]);
        },
        [&](std::size_t i) {
            if (x[i] != T(0)) f(i, x[i]);
        });
}

/// Largest |x[i]| and the first index holding it; index == n for an empty range.
template <class T>
struct max_abs_result
{
    T value;
    std::size_t index;
};

/// Largest |x[i]| (0 for an empty range), without its position. std::max, not std::fmax, here
/// and below: the inputs are finite, and g++ calls libm for fmax (for every position matching
/// pursuit updates).
template <class Arch = simd::default_arch, class T>
inline T max_abs_value(const T* x, std::size_t n) noexcept
{
    using batch = simd::batch<T, Arch>;
    batch best(T(0));
    T tail_best = T(0);
    detail::elementwise<Arch, T>(
        n, [&](std::size_t i) { best = simd::max(best, simd::abs(batch::load_unaligned(x + i))); },
        [&](std::size_t i) { tail_best = std::max(tail_best, std::fabs(x[i])); });
    return std::max(reduce_max(best), tail_best);
}

/// Largest |x[i]| and the first index holding it; index == n for an empty range. Two passes (the
/// maximum with full-width compares, then its first position) are cheaper than carrying a vector
/// of indices through one.
template <class Arch = simd::default_arch, class T>
inline max_abs_result<T> max_abs(const T* x, std::size_t n) noexcept
{
    const T value = max_abs_value<Arch>(x, n);
    return {value, first_abs_equal<Arch>(x, n, value)};
}

/// y[i] += alpha·x[i], returning the largest |y[i]| afterwards: one pass where axpy followed by
/// max_abs_value would read y twice (the inner step of matching pursuit's correlation update).
/// x holds T, or 16-bit integers (matching pursuit's narrow cross-correlation table, whose scale
/// the caller folds into alpha), converted exactly as they are loaded.
///
/// Meanwhile the n values at `upcoming` (the next call's y; y itself when there is none) are
/// prefetched for writing, one cache line per vector. Matching pursuit's next y lies a row of
/// the image away, where the hardware prefetcher does not look; spread through the loop the
/// prefetches raised its atoms/s by 20–30%, while the same prefetches issued in a burst before
/// the loop gained nothing (the memory system drops what it has no room for). A hint only:
/// results never depend on it.
template <class Arch = simd::default_arch, class T, class X>
requires std::same_as<X, T> || std::same_as<X, std::int16_t>
inline T axpy_max_abs_value(T alpha, const X* x, T* y, std::size_t n, const T* upcoming) noexcept
{
    using batch = simd::batch<T, Arch>;
    const batch a(alpha);
    batch best(T(0));
    T tail_best = T(0);
    detail::elementwise<Arch, T>(
        n,
        [&](std::size_t i) {
            prefetch_for_write(upcoming + i);
            batch xi;
            if constexpr (std::is_same_v<X, T>)
                xi = batch::load_unaligned(x + i);
            else
                xi = load_int16<T, Arch>(x + i);
            const batch v = simd::fma(a, xi, batch::load_unaligned(y + i));
            v.store_unaligned(y + i);
            best = simd::max(best, simd::abs(v));
        },
        [&](std::size_t i) {
            y[i] += alpha * static_cast<T>(x[i]);
            tail_best = std::max(tail_best, std::fabs(y[i]));
        });
    return std::max(reduce_max(best), tail_best);
}

} // namespace hsc::simd

HSC_SIMD_END_GCC12_WORKAROUND
