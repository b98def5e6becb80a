// The vector type every kernel is written with, and the scalar path. simd::batch<T, Arch> is
// xsimd's batch for an xsimd architecture, or a one-lane batch of plain T for simd::scalar_arch;
// the kernels call simd::fma, simd::min, ... so that one loop serves both. default_arch is
// scalar_arch when HSC_NO_SIMD is defined or when xsimd knows no instruction set for the target
// (xsimd 8.1 then has no batch at all, e.g. on a Cortex-M), else xsimd's best.
#pragma once

#include "hsc/simd/gcc12_avx512.hpp"

#include <xsimd/config/xsimd_config.hpp>

// Whether xsimd has an instruction set for this target. Without one, xsimd 8.1 offers no batch
// and its full header does not even compile (e.g. on arm-none-eabi): it is not included.
#if XSIMD_WITH_SSE2 || XSIMD_WITH_NEON || XSIMD_WITH_NEON64
#define HSC_SIMD_HAS_XSIMD 1
#include <xsimd/xsimd.hpp>
#else
#define HSC_SIMD_HAS_XSIMD 0
#endif

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

HSC_SIMD_BEGIN_GCC12_WORKAROUND

namespace hsc::simd {

/// The instruction set "none": batches of one value, the kernels' loops become scalar loops.
struct scalar_arch
{
    static constexpr const char* name() noexcept { return "scalar"; }
    static constexpr std::size_t alignment() noexcept { return alignof(long double); }
};

#if defined(HSC_NO_SIMD) || !HSC_SIMD_HAS_XSIMD
using default_arch = scalar_arch;
#else
using default_arch = xsimd::default_arch;
#endif

/// Whether the default architecture is the scalar path.
inline constexpr bool scalar_path = std::is_same_v<default_arch, scalar_arch>;

/// A one-lane batch with the part of xsimd::batch's interface the kernels use.
template <class T>
struct scalar_batch
{
    static constexpr std::size_t size = 1;
    T value{};

    scalar_batch() noexcept = default;
    scalar_batch(T v) noexcept : value(v) {} // broadcast, as xsimd::batch(T)

    static scalar_batch load_unaligned(const T* p) noexcept { return {*p}; }
    static scalar_batch load_aligned(const T* p) noexcept { return {*p}; }
    void store_unaligned(T* p) const noexcept { *p = value; }
    void store_aligned(T* p) const noexcept { *p = value; }

    friend scalar_batch operator+(scalar_batch a, scalar_batch b) noexcept { return {a.value + b.value}; }
    friend scalar_batch operator-(scalar_batch a, scalar_batch b) noexcept { return {a.value - b.value}; }
    friend scalar_batch operator*(scalar_batch a, scalar_batch b) noexcept { return {a.value * b.value}; }
    friend scalar_batch operator/(scalar_batch a, scalar_batch b) noexcept { return {a.value / b.value}; }
    scalar_batch operator-() const noexcept { return {-value}; }
    scalar_batch& operator+=(scalar_batch b) noexcept
    {
        value += b.value;
        return *this;
    }
    friend bool operator==(scalar_batch a, scalar_batch b) noexcept { return a.value == b.value; }
    friend bool operator!=(scalar_batch a, scalar_batch b) noexcept { return a.value != b.value; }
    friend bool operator<(scalar_batch a, scalar_batch b) noexcept { return a.value < b.value; }
    friend bool operator>(scalar_batch a, scalar_batch b) noexcept { return a.value > b.value; }
    friend bool operator<=(scalar_batch a, scalar_batch b) noexcept { return a.value <= b.value; }
    friend bool operator>=(scalar_batch a, scalar_batch b) noexcept { return a.value >= b.value; }
};

namespace detail {
    template <class T, class Arch>
    struct batch_for
    {
#if HSC_SIMD_HAS_XSIMD
        using type = xsimd::batch<T, Arch>;
#endif
    };
    template <class T>
    struct batch_for<T, scalar_arch>
    {
        using type = scalar_batch<T>;
    };
} // namespace detail

template <class T, class Arch = default_arch>
using batch = typename detail::batch_for<T, Arch>::type;

/// The vector registers a kernel for Arch can keep values in: 32 on AVX-512 and 64-bit NEON, 16
/// on SSE and AVX (and, nominally, on the scalar path). Register-blocked kernels size their tiles
/// by it: a tile that fits 32 registers spills on 16.
template <class Arch>
constexpr std::size_t vector_registers() noexcept
{
#if HSC_SIMD_HAS_XSIMD
    if constexpr (std::is_base_of_v<xsimd::avx512f, Arch> || std::is_base_of_v<xsimd::neon64, Arch>) return 32;
#endif
    return 16;
}

// The operations on batches, for both kinds. The scalar ones follow xsimd's lane rules (min and
// max as comparisons, fma fused).
template <class B>
inline B fma(const B& a, const B& b, const B& c) noexcept
{
    if constexpr (requires { a.value; }) {
        return {std::fma(a.value, b.value, c.value)};
    } else {
#if HSC_SIMD_HAS_XSIMD
        return xsimd::fma(a, b, c);
#endif
    }
}
template <class B>
inline B min(const B& a, const B& b) noexcept
{
    if constexpr (requires { a.value; }) {
        return {b.value < a.value ? b.value : a.value};
    } else {
#if HSC_SIMD_HAS_XSIMD
        return xsimd::min(a, b);
#endif
    }
}
template <class B>
inline B max(const B& a, const B& b) noexcept
{
    if constexpr (requires { a.value; }) {
        return {a.value < b.value ? b.value : a.value};
    } else {
#if HSC_SIMD_HAS_XSIMD
        return xsimd::max(a, b);
#endif
    }
}
template <class B>
inline B abs(const B& a) noexcept
{
    if constexpr (requires { a.value; }) {
        return {std::fabs(a.value)};
    } else {
#if HSC_SIMD_HAS_XSIMD
        return xsimd::abs(a);
#endif
    }
}
template <class B>
inline B sqrt(const B& a) noexcept
{
    if constexpr (requires { a.value; }) {
        return {std::sqrt(a.value)};
    } else {
#if HSC_SIMD_HAS_XSIMD
        return xsimd::sqrt(a);
#endif
    }
}
/// The batch of T holding p[0], ..., p[size − 1], each int16 converted exactly (float and double
/// hold every int16). Reads no more than those values. xsimd 8.1 converts integers of another
/// width one lane at a time through memory; with the widening instructions this is one load and
/// two conversions (matching pursuit's 16-bit cross-correlation table streams through it).
template <class T, class Arch>
inline batch<T, Arch> load_int16(const std::int16_t* p) noexcept
{
    using B = batch<T, Arch>;
    if constexpr (std::is_same_v<Arch, scalar_arch>) {
        return B(static_cast<T>(*p));
    } else {
#if defined(__AVX512F__)
        if constexpr (std::is_base_of_v<xsimd::avx512f, Arch>) {
            if constexpr (std::is_same_v<T, float>)
                return B(
                    _mm512_cvtepi32_ps(_mm512_cvtepi16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)))));
            else
                return B(
                    _mm512_cvtepi32_pd(_mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))));
        }
#endif
#if defined(__AVX2__)
        if constexpr (std::is_base_of_v<xsimd::avx2, Arch>) {
            if constexpr (std::is_same_v<T, float>)
                return B(
                    _mm256_cvtepi32_ps(_mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))));
            else
                return B(_mm256_cvtepi32_pd(_mm_cvtepi16_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)))));
        }
#endif
#if XSIMD_WITH_SSE2
        if constexpr (std::is_base_of_v<xsimd::sse2, Arch>) {
            // Each int16 into the high half of a 32-bit lane, then an arithmetic shift down: the
            // sign extension SSE2 has no instruction for.
            __m128i packed;
            if constexpr (std::is_same_v<T, float>) {
                packed = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
            } else {
                std::int32_t two;
                std::memcpy(&two, p, sizeof two);
                packed = _mm_cvtsi32_si128(two);
            }
            const __m128i wide = _mm_srai_epi32(_mm_unpacklo_epi16(_mm_setzero_si128(), packed), 16);
            if constexpr (std::is_same_v<T, float>)
                return B(_mm_cvtepi32_ps(wide));
            else
                return B(_mm_cvtepi32_pd(wide));
        }
#endif
#if XSIMD_WITH_NEON64
        if constexpr (std::is_base_of_v<xsimd::neon64, Arch> && std::is_same_v<T, float>)
            return B(vcvtq_f32_s32(vmovl_s16(vld1_s16(p))));
#endif
        alignas(Arch::alignment()) T lanes[B::size];
        for (std::size_t i = 0; i < B::size; ++i) lanes[i] = static_cast<T>(p[i]);
        return B::load_aligned(lanes);
    }
}

/// Whether any lane of a comparison holds.
template <class M>
inline bool any(const M& mask) noexcept
{
    if constexpr (std::is_same_v<M, bool>) {
        return mask;
    } else {
#if HSC_SIMD_HAS_XSIMD
        return xsimd::any(mask);
#endif
    }
}
/// mask ? a : b, lane by lane.
template <class M, class B>
inline B select(const M& mask, const B& a, const B& b) noexcept
{
    if constexpr (std::is_same_v<M, bool>) {
        return mask ? a : b;
    } else {
#if HSC_SIMD_HAS_XSIMD
        return xsimd::select(mask, a, b);
#endif
    }
}

} // namespace hsc::simd

HSC_SIMD_END_GCC12_WORKAROUND
