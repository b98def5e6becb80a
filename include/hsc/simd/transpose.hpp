// Out-of-place matrix transpose by 8×8 blocks transposed in vector registers: the 2-D FFT's
// passes between its two axes.
//
// xsimd 8.1 has no shuffle across the 128-bit lanes of an AVX or AVX-512 register (its zip_lo and
// zip_hi work lane by lane there), so the block uses the compiler's generic vector shuffles
// (__builtin_shufflevector, GCC ≥ 12 and Clang), which compile to the target's permutes on every
// instruction set (SSE2, AVX2, AVX-512, NEON). The scalar path (HSC_NO_SIMD, or a compiler without
// the builtin) moves the block element by element.
#pragma once

#include "hsc/simd/batch.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

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

    /// out[j·ld_out + i] = in[i·ld_in + j] for i, j < rows, cols ≤ 8, element by element.
    template <class T>
    inline void transpose_small(const T* in, std::size_t rows, std::size_t cols, std::size_t ld_in, T* out,
                                std::size_t ld_out) noexcept
    {
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < cols; ++j) out[j * ld_out + i] = in[i * ld_in + j];
    }

    /// The same for a whole 8×8 block: eight rows loaded as vectors, three rounds of two-input
    /// shuffles (pairs of elements, pairs of pairs, halves), eight columns stored.
    template <class T>
    inline void transpose_8x8(const T* in, std::size_t ld_in, T* out, std::size_t ld_out) noexcept
    {
#if HSC_SIMD_HAS_SHUFFLEVECTOR
        if constexpr (!scalar_path) {
            typedef T v8 __attribute__((vector_size(8 * sizeof(T))));
            v8 a[8], b[8];
            for (std::size_t i = 0; i < 8; ++i) std::memcpy(&a[i], in + i * ld_in, sizeof(v8));
            // b[i], b[i+1] (i even): rows i and i + 1 interleaved, even then odd elements.
            for (std::size_t i = 0; i < 8; i += 2) {
                b[i] = __builtin_shufflevector(a[i], a[i + 1], 0, 8, 2, 10, 4, 12, 6, 14);
                b[i + 1] = __builtin_shufflevector(a[i], a[i + 1], 1, 9, 3, 11, 5, 13, 7, 15);
            }
            // a[i], a[i+2]: four rows' elements j, j + 4 (j = i mod 2, then j + 2) side by side.
            for (const std::size_t i : {0u, 1u, 4u, 5u}) {
                a[i] = __builtin_shufflevector(b[i], b[i + 2], 0, 1, 8, 9, 4, 5, 12, 13);
                a[i + 2] = __builtin_shufflevector(b[i], b[i + 2], 2, 3, 10, 11, 6, 7, 14, 15);
            }
            // b[j]: column j, rows 0–3 from a[j mod 4] and rows 4–7 from a[j mod 4 + 4].
            for (std::size_t i = 0; i < 4; ++i) {
                b[i] = __builtin_shufflevector(a[i], a[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
                b[i + 4] = __builtin_shufflevector(a[i], a[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
            }
            for (std::size_t j = 0; j < 8; ++j) std::memcpy(out + j * ld_out, &b[j], sizeof(v8));
            return;
        }
#endif
        transpose_small(in, 8, 8, ld_in, out, ld_out);
    }

} // namespace detail

/// out (cols × rows, leading dimension ld_out) = the transpose of in (rows × cols, leading
/// dimension ld_in); in and out must not overlap. Tiles of 256 bytes a side keep the rows one tile
/// touches in L1; inside a tile, 8×8 blocks (the edges of the matrix element by element).
template <class T>
void transpose(const T* in, std::size_t rows, std::size_t cols, std::size_t ld_in, T* out, std::size_t ld_out) noexcept
{
    constexpr std::size_t tile = 256 / sizeof(T), block = 8;
    for (std::size_t i0 = 0; i0 < rows; i0 += tile)
        for (std::size_t j0 = 0; j0 < cols; j0 += tile)
            for (std::size_t i = i0; i < std::min(rows, i0 + tile); i += block)
                for (std::size_t j = j0; j < std::min(cols, j0 + tile); j += block) {
                    const T* from = in + i * ld_in + j;
                    T* to = out + j * ld_out + i;
                    if (rows - i >= block && cols - j >= block) {
                        detail::transpose_8x8(from, ld_in, to, ld_out);
                    } else {
                        detail::transpose_small(from, std::min(block, rows - i), std::min(block, cols - j), ld_in, to,
                                                ld_out);
                    }
                }
}

} // namespace hsc::simd
