// Out-of-place matrix transpose by square blocks transposed in vector registers: the 2-D FFT's
// passes between its two axes.
//
// xsimd 8.1 has no shuffle across the 128-bit lanes of an AVX or AVX-512 register (its zip_lo and
// zip_hi work lane by lane there), so the blocks use the compiler's generic vector shuffles
// (__builtin_shufflevector, GCC ≥ 12 and Clang), which compile to the target's permutes on every
// instruction set. A block is as wide as the architecture's vector (at most 8): 8×8 for float
// on AVX2 and double on AVX-512, 4×4 for double on AVX2 (8×8 blocks there are split into
// register pairs and took 20% of a 2-D transform), 2×2 for double on SSE2 and NEON. The scalar
// path (Arch = scalar_arch, HSC_NO_SIMD, or a compiler without the builtin) moves elements one by one.
#pragma once

#include "hsc/config.hpp"
#include "hsc/simd/batch.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <utility>

#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define HSC_SIMD_HAS_SHUFFLEVECTOR 1
#endif
#endif
#ifndef HSC_SIMD_HAS_SHUFFLEVECTOR
#define HSC_SIMD_HAS_SHUFFLEVECTOR 0
#endif

namespace hsc::simd {

namespace detail {

    /// out[j·ld_out + i] = in[i·ld_in + j] for i < rows, j < cols, element by element.
    template <class T>
    inline void transpose_small(const T* in, std::size_t rows, std::size_t cols, std::size_t ld_in, T* out,
                                std::size_t ld_out) noexcept
    {
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < cols; ++j) out[j * ld_out + i] = in[i * ld_in + j];
    }

    /// The side of the blocks transposed in registers: Arch's vector width in T, at most 8; 1 (no
    /// blocks) on the scalar path.
    template <class T, class Arch>
    constexpr std::size_t transpose_side() noexcept
    {
        return HSC_SIMD_HAS_SHUFFLEVECTOR ? std::min<std::size_t>(8, batch<T, Arch>::size) : 1;
    }

#if HSC_SIMD_HAS_SHUFFLEVECTOR
    /// Source of element i of interleave<D, High>(x, y) for vectors of B values, in
    /// __builtin_shufflevector's numbering (y's elements after x's): the low (High = false) or
    /// high halves of each 2D-element group of x and of y, side by side.
    template <std::size_t B, std::size_t D, bool High>
    constexpr int interleave_source(std::size_t i) noexcept
    {
        const std::size_t group = i / (2 * D) * (2 * D) + (High ? D : 0), offset = i % (2 * D);
        return static_cast<int>(offset < D ? group + offset : B + group + offset - D);
    }

    /// B×B blocks of T in registers. The vector type stays a member (as a template argument GCC
    /// would drop its vector_size attribute).
    template <class T, std::size_t B>
    struct block_transpose
    {
        typedef T vector __attribute__((vector_size(B * sizeof(T))));
        using rows = std::make_index_sequence<B>;

        /// A block: B rows loaded as vectors; rounds d = 1, 2, 4, …; row j then holds column j.
        /// Every index is a constant (folds over index sequences), so the rows stay in registers
        /// (with a loop over the rows, GCC kept them on the stack).
        static void run(const T* in, std::size_t ld_in, T* out, std::size_t ld_out) noexcept
        {
            vector v[B];
            [&]<std::size_t... I>(std::index_sequence<I...>)
            {
                (std::memcpy(&v[I], in + I * ld_in, sizeof(vector)), ...);
            }
            (rows());
            [&]<std::size_t... R>(std::index_sequence<R...>)
            {
                (round<std::size_t(1) << R>(v, rows()), ...);
            }
            (std::make_index_sequence<std::countr_zero(B)>());
            [&]<std::size_t... I>(std::index_sequence<I...>)
            {
                (std::memcpy(out + I * ld_out, &v[I], sizeof(vector)), ...);
            }
            (rows());
        }

        /// Rows i and i + d, i mod 2d < d, into their low and high interleaves of d elements.
        template <std::size_t d, std::size_t... I>
        static void round(vector (&v)[B], std::index_sequence<I...>) noexcept
        {
            (pair<d, I>(v), ...);
        }

        template <std::size_t d, std::size_t i>
        static void pair(vector (&v)[B]) noexcept
        {
            if constexpr (i % (2 * d) < d) {
                const vector x = v[i], y = v[i + d];
                v[i] = interleave<d, false>(x, y, rows());
                v[i + d] = interleave<d, true>(x, y, rows());
            }
        }

        template <std::size_t d, bool High, std::size_t... I>
        static vector interleave(vector x, vector y, std::index_sequence<I...>) noexcept
        {
            return __builtin_shufflevector(x, y, interleave_source<B, d, High>(I)...);
        }
    };
#endif

} // namespace detail

/// out (cols × rows, leading dimension ld_out) = the transpose of in (rows × cols, leading
/// dimension ld_in ≥ cols, ld_out ≥ rows); in and out must not overlap. Tiles of 256 bytes a
/// side keep the rows one tile touches in L1; inside a tile, blocks in registers (the edges of
/// the matrix element by element).
template <class Arch = simd::default_arch, class T>
void transpose(const T* in, std::size_t rows, std::size_t cols, std::size_t ld_in, T* out, std::size_t ld_out) noexcept
{
    HSC_ASSERT(ld_in >= cols && ld_out >= rows);
    constexpr std::size_t tile = 256 / sizeof(T), block = detail::transpose_side<T, Arch>();
    if constexpr (block == 1) {
        for (std::size_t i0 = 0; i0 < rows; i0 += tile)
            for (std::size_t j0 = 0; j0 < cols; j0 += tile)
                detail::transpose_small(in + i0 * ld_in + j0, std::min(tile, rows - i0), std::min(tile, cols - j0),
                                        ld_in, out + j0 * ld_out + i0, ld_out);
    } else {
        for (std::size_t i0 = 0; i0 < rows; i0 += tile)
            for (std::size_t j0 = 0; j0 < cols; j0 += tile)
                for (std::size_t i = i0; i < std::min(rows, i0 + tile); i += block)
                    for (std::size_t j = j0; j < std::min(cols, j0 + tile); j += block) {
                        const T* from = in + i * ld_in + j;
                        T* to = out + j * ld_out + i;
                        if (rows - i >= block && cols - j >= block) {
                            detail::block_transpose<T, block>::run(from, ld_in, to, ld_out);
                        } else {
                            detail::transpose_small(from, std::min(block, rows - i), std::min(block, cols - j), ld_in,
                                                    to, ld_out);
                        }
                    }
    }
}

} // namespace hsc::simd
