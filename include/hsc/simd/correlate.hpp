// 2-D correlation of an image with a small kernel: the adjoint of convolutional synthesis, and
// the inner loop of every greedy coder (correlate the residual with each atom).
#pragma once

#include "hsc/code/boundary.hpp"
#include "hsc/config.hpp"
#include "hsc/simd/kernels.hpp"

#include <cstddef>

HSC_SIMD_BEGIN_GCC12_WORKAROUND

namespace hsc::simd {

/// Geometry of a correlation: image h×w, kernel kh×kw, kernel element (anchor_row, anchor_col)
/// sits on the output pixel. Anchor (0, 0) is the CBPDN convention (atom at the top-left of its
/// zero-padded grid); (kh/2, kw/2) is the centred "same" correlation.
struct correlate_shape
{
    std::size_t h, w, kh, kw;
    std::size_t anchor_row = 0;
    std::size_t anchor_col = 0;
};

/// out[i, j] = Σ_{u,v} kernel[u, v] · image(i + u − anchor_row, j + v − anchor_col), h×w output,
/// image read with the given boundary rule. Preconditions: kh ≤ h, kw ≤ w, anchor inside the
/// kernel, `out` not aliasing `image`.
///
/// Each kernel tap adds a shifted image row to an output row, which is an axpy over at most two
/// contiguous segments (two when the circular shift wraps), so the SIMD work is all in `axpy`.
template <class Arch = simd::default_arch, class T>
inline void correlate2d(const T* image, const T* kernel, T* out, const correlate_shape& g, boundary mode) noexcept
{
    HSC_ASSERT(g.kh <= g.h && g.kw <= g.w && g.anchor_row < g.kh && g.anchor_col < g.kw);
    const auto h = static_cast<std::ptrdiff_t>(g.h);
    const auto w = static_cast<std::ptrdiff_t>(g.w);
    for (std::ptrdiff_t i = 0; i < h; ++i) {
        T* out_row = out + i * w;
        for (std::ptrdiff_t j = 0; j < w; ++j) {
            out_row[j] = T(0);
        }
        for (std::size_t u = 0; u < g.kh; ++u) {
            std::ptrdiff_t r = i + static_cast<std::ptrdiff_t>(u) - static_cast<std::ptrdiff_t>(g.anchor_row);
            if (r < 0 || r >= h) {
                if (mode == boundary::zero) {
                    continue;
                }
                r = (r % h + h) % h;
            }
            const T* src_row = image + r * w;
            const T* taps = kernel + u * g.kw;
            for (std::size_t v = 0; v < g.kw; ++v) {
                // out_row[j] += taps[v] · src_row[j + s] for every j whose source is inside.
                const std::ptrdiff_t s = static_cast<std::ptrdiff_t>(v) - static_cast<std::ptrdiff_t>(g.anchor_col);
                const std::ptrdiff_t j0 = s < 0 ? -s : 0;
                const std::ptrdiff_t j1 = s > 0 ? w - s : w;
                axpy<Arch>(taps[v], src_row + j0 + s, out_row + j0, static_cast<std::size_t>(j1 - j0));
                if (mode == boundary::circular && s > 0) {
                    axpy<Arch>(taps[v], src_row, out_row + (w - s), static_cast<std::size_t>(s));
                } else if (mode == boundary::circular && s < 0) {
                    axpy<Arch>(taps[v], src_row + (w + s), out_row, static_cast<std::size_t>(-s));
                }
            }
        }
    }
}

namespace detail {

    /// The correlations of P neighbouring positions (origin: the canvas under the first one's first
    /// tap) with B batches of atoms from atom m on, accumulated in B·P registers while the n² taps
    /// stream by, then written once to o (position p's at o + p·k).
    template <std::size_t B, std::size_t P, class Arch, class T>
    inline void correlate_block(const T* origin, std::size_t canvas_w, const T* atoms_t, std::size_t n, std::size_t k,
                                std::size_t m, T* o) noexcept
    {
        using batch = simd::batch<T, Arch>;
        constexpr std::size_t lanes = batch::size;
        batch acc[P][B];
        for (std::size_t p = 0; p < P; ++p)
            for (std::size_t b = 0; b < B; ++b) acc[p][b] = batch(T(0));
        for (std::size_t u = 0; u < n; ++u) {
            const T* row = origin + u * canvas_w;
            const T* taps = atoms_t + u * n * k + m;
            for (std::size_t v = 0; v < n; ++v, taps += k) {
                batch x[P];
                for (std::size_t p = 0; p < P; ++p) x[p] = batch(row[v + p]);
                for (std::size_t b = 0; b < B; ++b) {
                    const batch t = batch::load_unaligned(taps + b * lanes);
                    for (std::size_t p = 0; p < P; ++p) acc[p][b] = simd::fma(x[p], t, acc[p][b]);
                }
            }
        }
        for (std::size_t p = 0; p < P; ++p)
            for (std::size_t b = 0; b < B; ++b) acc[p][b].store_unaligned(o + p * k + m + b * lanes);
    }

    /// Atoms [m, m + B·lanes) at every position of an output row (origin: the canvas under the
    /// first position's first tap): groups of P positions, then the rest one by one. The taps of
    /// these atoms (n²·B vectors) stay in L1 along the row.
    template <std::size_t B, std::size_t P, class Arch, class T>
    inline void correlate_row(const T* origin, std::size_t canvas_w, const T* atoms_t, std::size_t n, std::size_t k,
                              std::size_t m, std::size_t w, T* o) noexcept
    {
        const std::size_t grouped_end = w - w % P; // the form g++ 12 does not warn about
        std::size_t c = 0;
        for (; c < grouped_end; c += P) correlate_block<B, P, Arch>(origin + c, canvas_w, atoms_t, n, k, m, o + c * k);
        for (; c < w; ++c) correlate_block<B, 1, Arch>(origin + c, canvas_w, atoms_t, n, k, m, o + c * k);
    }

} // namespace detail

/// Every atom of a bank correlated with an image at every position, position-major:
/// out[(r·w + c)·k + m] = Σ_{u,v} atoms_t[(u·n + v)·k + m] · canvas[(r + u)·canvas_w + c + v]
/// for r < h, c < w. The canvas holds (h + n − 1) rows of canvas_w ≥ w + n − 1 values: the image
/// with whatever its boundary rule puts around it (zero margins, or wrapped copies). atoms_t is
/// the bank transposed: tap-major, the k atoms' values of one tap contiguous.
///
/// Register tiles of P neighbouring positions × B SIMD batches of atoms stay in registers while
/// the n² taps stream by, and are written once, in the layout matching pursuit's updates read
/// (no transpose follows). Each tap batch loaded feeds P FMAs, each canvas value broadcast feeds
/// B. The tiles were measured on the paper's bank (256², 144 atoms of 12², float): 8 positions ×
/// 1 batch with AVX-512's 32 registers (13 ms; 2 × 4, 29 ms), 4 × 2 with the 16 of AVX2 and SSE2
/// (AVX2 27 ms; 8 × 1 spilled, 35 ms). 2 positions × 4 batches, the leftover atoms as one chain
/// of dependent FMAs, took 38 and 53 ms.
template <class Arch = simd::default_arch, class T>
inline void correlate_bank(const T* canvas, std::size_t canvas_w, std::size_t h, std::size_t w, const T* atoms_t,
                           std::size_t n, std::size_t k, T* out) noexcept
{
    constexpr bool wide = vector_registers<Arch>() >= 32;
    constexpr std::size_t tile_batches = wide ? 1 : 2, tile_positions = wide ? 8 : 4;
    constexpr std::size_t lanes = simd::batch<T, Arch>::size;
    const std::size_t tiled_end = k - k % (tile_batches * lanes), batched_end = k - k % lanes;
    for (std::size_t r = 0; r < h; ++r) {
        const T* origin = canvas + r * canvas_w;
        T* o = out + r * w * k;
        std::size_t m = 0;
        for (; m < tiled_end; m += tile_batches * lanes)
            detail::correlate_row<tile_batches, tile_positions, Arch>(origin, canvas_w, atoms_t, n, k, m, w, o);
        for (; m < batched_end; m += lanes) // at most tile_batches − 1 batches left
            detail::correlate_row<1, tile_positions, Arch>(origin, canvas_w, atoms_t, n, k, m, w, o);
        for (; m < k; ++m) // atoms that do not fill a batch: the same tiles, one lane wide
            detail::correlate_row<1, tile_positions, scalar_arch>(origin, canvas_w, atoms_t, n, k, m, w, o);
    }
}

} // namespace hsc::simd

HSC_SIMD_END_GCC12_WORKAROUND
