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

/// Every atom of a bank correlated with an image at every position, position-major:
/// out[(r·w + c)·k + m] = Σ_{u,v} atoms_t[(u·n + v)·k + m] · canvas[(r + u)·canvas_w + c + v]
/// for r < h, c < w. The canvas holds (h + n − 1) rows of canvas_w ≥ w + n − 1 values: the image
/// with whatever its boundary rule puts around it (zero margins, or wrapped copies). atoms_t is
/// the bank transposed: tap-major, the k atoms' values of one tap contiguous.
///
/// Two neighbouring positions at a time, their k correlations stay in registers (blocks of four
/// SIMD batches each) while the n² taps stream by: every batch of taps loaded feeds two FMAs, one
/// per position (the taps come from L2 for a whole bank, so loads, not FMAs, set the pace), and
/// the output is written once. This is the layout matching pursuit's updates read, so no transpose
/// follows.
template <class Arch = simd::default_arch, class T>
inline void correlate_bank(const T* canvas, std::size_t canvas_w, std::size_t h, std::size_t w, const T* atoms_t,
                           std::size_t n, std::size_t k, T* out) noexcept
{
    using batch = simd::batch<T, Arch>;
    constexpr std::size_t lanes = batch::size, block = 4 * lanes;
    // Atoms m.. of one position (origin: the canvas under its first tap), batch by batch, then
    // one by one: the atoms that do not fill a block of four batches.
    auto rest = [&](const T* origin, T* o, std::size_t from) {
        const std::size_t vec_end = k - (k - from) % lanes; // the form g++ 12 does not warn about
        std::size_t m = from;
        for (; m < vec_end; m += lanes) {
            batch a(T(0));
            for (std::size_t u = 0; u < n; ++u)
                for (std::size_t v = 0; v < n; ++v)
                    a = simd::fma(batch(origin[u * canvas_w + v]), batch::load_unaligned(atoms_t + (u * n + v) * k + m),
                                  a);
            a.store_unaligned(o + m);
        }
        for (; m < k; ++m) {
            T a(0);
            for (std::size_t u = 0; u < n; ++u)
                for (std::size_t v = 0; v < n; ++v) a += origin[u * canvas_w + v] * atoms_t[(u * n + v) * k + m];
            o[m] = a;
        }
    };
    for (std::size_t r = 0; r < h; ++r) {
        std::size_t c = 0;
        for (; c + 2 <= w; c += 2) {
            T* o = out + (r * w + c) * k; // position c, then c + 1 at o + k
            const T* origin = canvas + r * canvas_w + c;
            std::size_t m = 0;
            for (; m + block <= k; m += block) {
                batch a0(T(0)), a1(T(0)), a2(T(0)), a3(T(0)), b0(T(0)), b1(T(0)), b2(T(0)), b3(T(0));
                for (std::size_t u = 0; u < n; ++u) {
                    const T* row = origin + u * canvas_w;
                    const T* taps = atoms_t + u * n * k + m;
                    for (std::size_t v = 0; v < n; ++v, taps += k) {
                        const batch x(row[v]), y(row[v + 1]);
                        const batch t0 = batch::load_unaligned(taps), t1 = batch::load_unaligned(taps + lanes),
                                    t2 = batch::load_unaligned(taps + 2 * lanes),
                                    t3 = batch::load_unaligned(taps + 3 * lanes);
                        a0 = simd::fma(x, t0, a0);
                        a1 = simd::fma(x, t1, a1);
                        a2 = simd::fma(x, t2, a2);
                        a3 = simd::fma(x, t3, a3);
                        b0 = simd::fma(y, t0, b0);
                        b1 = simd::fma(y, t1, b1);
                        b2 = simd::fma(y, t2, b2);
                        b3 = simd::fma(y, t3, b3);
                    }
                }
                a0.store_unaligned(o + m);
                a1.store_unaligned(o + m + lanes);
                a2.store_unaligned(o + m + 2 * lanes);
                a3.store_unaligned(o + m + 3 * lanes);
                b0.store_unaligned(o + k + m);
                b1.store_unaligned(o + k + m + lanes);
                b2.store_unaligned(o + k + m + 2 * lanes);
                b3.store_unaligned(o + k + m + 3 * lanes);
            }
            rest(origin, o, m);
            rest(origin + 1, o + k, m);
        }
        if (c < w) rest(canvas + r * canvas_w + c, out + (r * w + c) * k, 0); // odd width: the last position
    }
}

} // namespace hsc::simd

HSC_SIMD_END_GCC12_WORKAROUND
