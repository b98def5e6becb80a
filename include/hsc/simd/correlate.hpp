// 2-D correlation of an image with a small kernel: the adjoint of convolutional synthesis, and
// the inner loop of every greedy coder (correlate the residual with each atom).
#pragma once

#include "hsc/config.hpp"
#include "hsc/simd/kernels.hpp"

#include <cstddef>

namespace hsc::simd {

/// How pixels outside the image are read.
enum class boundary {
    circular, ///< wrap around (the convention of CBPDN's FFT-based solvers)
    zero      ///< zero padding
};

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
template <class Arch = xsimd::default_arch, class T>
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

} // namespace hsc::simd
