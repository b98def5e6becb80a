// Real 2-D FFT of an H×W image to its half spectrum (W/2 + 1 frequencies along axis 1, all H along
// axis 0) and back, built on plan_1d. The half spectrum is stored transposed, (W/2 + 1) × H
// row-major, because that is the layout the second pass produces; users that work bin by bin (the
// ADMM X-step) never need the order.
//
// The 1-D passes run in blocks of columns (axis 0) or rows (axis 1, transposed block by block) whose
// work space fits in L2 (block_bytes), so each block goes through all its passes in cache. Rows
// are padded (leading dimension padded_rows(W) and padded_rows(H)): every stage of a length-n
// transform reads p streams n/p rows apart, and with a power-of-two row length those all fall on
// the same 4 KiB offset and cache set, which made power-of-two sizes 3× slower than their
// neighbours. The padding is never read.
#pragma once

#include "hsc/detail/buffer.hpp"
#include "hsc/fft/fft.hpp"
#include "hsc/simd/transpose.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace hsc::fft {

/// A leading dimension ≥ n for rows of n values of T: n itself unless n·sizeof(T) is a multiple of
/// 256 bytes, else a cache line (64 bytes) more, which spreads the streams over the cache sets
/// and keeps every row as aligned as the first (a pad of one value made every vector access of
/// the transposes and butterflies straddle two lines: 64², 128² and 256² 10–15% slower).
template <class T>
constexpr std::size_t padded_rows(std::size_t n) noexcept
{
    return (n * sizeof(T)) % 256 == 0 ? n + 64 / sizeof(T) : n;
}

namespace detail {

    /// The real and imaginary parts of n complex values in one 64-byte aligned allocation, the
    /// imaginary part skewed_span(n) after the real (not at the real part's offset in its page).
    template <class T>
    class split_storage
    {
    public:
        explicit split_storage(std::size_t n) : m_n(n), m_values(skewed_span<T>(n) + n) {}
        T* re() noexcept { return m_values.data(); }
        T* im() noexcept { return m_values.data() + skewed_span<T>(m_n); }
        std::size_t size() const noexcept { return m_n; }

    private:
        std::size_t m_n;
        hsc::detail::aligned_vector<T> m_values;
    };

} // namespace detail

template <std::floating_point T>
class real_fft_2d
{
public:
    /// block_bytes: about how much work space one block of 1-D transforms uses (they run a block
    /// of columns, or of rows, at a time, all its passes while it stays in cache): L2-sized.
    real_fft_2d(std::size_t height, std::size_t width, std::size_t block_bytes = std::size_t(1) << 19)
        : m_h(height), m_w(width), m_ldw(padded_rows<T>(width)), m_ldh(padded_rows<T>(height)), m_rows(height),
          m_cols(width), m_column_block(block_for(height, width, block_bytes)),
          m_row_block(block_for(width, height, block_bytes)), m_image(height * m_ldw), m_spectrum(width * m_ldh),
          m_block(width * (m_row_block + 64 / sizeof(T))), // ≥ W · padded_rows(rows) for any block
          m_work(std::max(m_rows.work_size(m_column_block), m_cols.work_size(m_row_block))),
          m_direct(m_ldw == m_w || m_column_block == m_w)
    {}

    std::size_t height() const noexcept { return m_h; }
    std::size_t width() const noexcept { return m_w; }
    /// Number of complex values of the half spectrum.
    std::size_t bins() const noexcept { return (m_w / 2 + 1) * m_h; }
    /// Bins of column 0 and (W even) W/2 are their own mirror; every other one stands for two.
    T bin_weight(std::size_t bin) const noexcept
    {
        const std::size_t k2 = bin / m_h;
        return k2 == 0 || 2 * k2 == m_w ? T(1) : T(2);
    }

    /// spectrum[(k2·H + k1)] = Σ_{i,j} image[i, j] exp(−2πi (k1 i / H + k2 j / W)), k2 ≤ W/2.
    void forward(const T* image, T* spec_re, T* spec_im) noexcept
    {
        load_rows(image, m_image.re());
        std::fill_n(m_image.im(), m_image.size(), T(0));
        full_forward({m_image.re(), m_image.im(), m_ldw});
        for (std::size_t k2 = 0; k2 <= m_w / 2; ++k2) {
            std::copy_n(m_spectrum.re() + k2 * m_ldh, m_h, spec_re + k2 * m_h);
            std::copy_n(m_spectrum.im() + k2 * m_ldh, m_h, spec_im + k2 * m_h);
        }
    }

    /// The half spectra of two images for the price of one complex transform: transform a + i·b,
    /// then A[k] = (Z[k] + conj Z[−k]) / 2 and B[k] = (Z[k] − conj Z[−k]) / 2i.
    void forward_pair(const T* a, const T* b, T* a_re, T* a_im, T* b_re, T* b_im) noexcept
    {
        if (m_direct) {
            full_forward({a, b, m_w});
        } else {
            load_rows(a, m_image.re());
            load_rows(b, m_image.im());
            full_forward({m_image.re(), m_image.im(), m_ldw});
        }
        for (std::size_t k2 = 0; k2 <= m_w / 2; ++k2) {
            const std::size_t mirror = ((m_w - k2) % m_w) * m_ldh, out = k2 * m_h;
            unpack_pair(m_spectrum.re() + k2 * m_ldh, m_spectrum.im() + k2 * m_ldh, m_spectrum.re() + mirror,
                        m_spectrum.im() + mirror, m_h, a_re + out, a_im + out, b_re + out, b_im + out);
        }
    }

    /// The real image whose half spectrum is given (normalized: inverse(forward(x)) = x).
    void inverse(const T* spec_re, const T* spec_im, T* image) noexcept
    {
        fill_full_spectrum(spec_re, spec_im, nullptr, nullptr);
        full_inverse({m_image.re(), m_image.im(), m_ldw});
        store_rows(m_image.re(), image);
    }

    /// Two real images from their half spectra with one complex transform: invert A + i·B, whose
    /// real part is a and imaginary part b.
    void inverse_pair(const T* a_re, const T* a_im, const T* b_re, const T* b_im, T* a, T* b) noexcept
    {
        fill_full_spectrum(a_re, a_im, b_re, b_im);
        if (m_direct) {
            full_inverse({a, b, m_w});
        } else {
            full_inverse({m_image.re(), m_image.im(), m_ldw});
            store_rows(m_image.re(), a);
            store_rows(m_image.im(), b);
        }
    }

private:
    /// One column of forward_pair's split: A[k1] = (Z[k1] + conj M[−k1]) / 2 and
    /// B[k1] = (Z[k1] − conj M[−k1]) / 2i, M the mirror column, −k1 taken mod n. Plain loops over
    /// k with the mirror read at n − k, which the compiler vectorizes with a lane reversal.
    static void unpack_pair(const T* HSC_RESTRICT z_re, const T* HSC_RESTRICT z_im, const T* HSC_RESTRICT mirror_re,
                            const T* HSC_RESTRICT mirror_im, std::size_t n, T* HSC_RESTRICT a_re, T* HSC_RESTRICT a_im,
                            T* HSC_RESTRICT b_re, T* HSC_RESTRICT b_im) noexcept
    {
        const T half = T(0.5);
        a_re[0] = half * (z_re[0] + mirror_re[0]);
        a_im[0] = half * (z_im[0] - mirror_im[0]);
        b_re[0] = half * (z_im[0] + mirror_im[0]);
        b_im[0] = half * (mirror_re[0] - z_re[0]);
        for (std::size_t k = 1; k < n; ++k) {
            a_re[k] = half * (z_re[k] + mirror_re[n - k]);
            a_im[k] = half * (z_im[k] - mirror_im[n - k]);
            b_re[k] = half * (z_im[k] + mirror_im[n - k]);
            b_im[k] = half * (mirror_re[n - k] - z_re[k]);
        }
    }

    /// image (H × W) into the padded rows of out.
    void load_rows(const T* image, T* out) const noexcept
    {
        for (std::size_t i = 0; i < m_h; ++i) std::copy_n(image + i * m_w, m_w, out + i * m_ldw);
    }

    /// The padded rows of in into image (H × W).
    void store_rows(const T* in, T* image) const noexcept
    {
        for (std::size_t i = 0; i < m_h; ++i) std::copy_n(in + i * m_ldw, m_w, image + i * m_w);
    }

    /// m_spectrum ← the full spectrum A (+ i·B when b_re is given) from half spectra, times
    /// 1/(H·W) (the inverse's normalization, free here: every value is written once): bin
    /// (k2, k1) is stored for k2 ≤ W/2, and is conj of bin (W − k2, −k1) otherwise.
    void fill_full_spectrum(const T* a_re, const T* a_im, const T* b_re, const T* b_im) noexcept
    {
        const T scale = T(1) / static_cast<T>(m_h * m_w);
        for (std::size_t k2 = 0; k2 < m_w; ++k2) {
            const bool stored = k2 <= m_w / 2;
            const std::size_t in = (stored ? k2 : m_w - k2) * m_h;
            T* out_re = m_spectrum.re() + k2 * m_ldh;
            T* out_im = m_spectrum.im() + k2 * m_ldh;
            if (b_re) {
                fill_column<true>(stored, scale, a_re + in, a_im + in, b_re + in, b_im + in, m_h, out_re, out_im);
            } else {
                fill_column<false>(stored, scale, a_re + in, a_im + in, nullptr, nullptr, m_h, out_re, out_im);
            }
        }
    }

    /// One column of s·(A + i·B) (of s·A alone unless Pair): stored (as given) or mirrored (conj
    /// of bin −k mod n: conj(A) + i·conj(B) = (a_re + b_im) + i(b_re − a_im)).
    template <bool Pair>
    static void fill_column(bool stored, T s, const T* HSC_RESTRICT a_re, const T* HSC_RESTRICT a_im,
                            const T* HSC_RESTRICT b_re, const T* HSC_RESTRICT b_im, std::size_t n,
                            T* HSC_RESTRICT out_re, T* HSC_RESTRICT out_im) noexcept
    {
        // sign −1: conjugated; `from` the bin read for output k.
        auto bin = [&](std::size_t k, std::size_t from, T sign) {
            if constexpr (Pair) {
                out_re[k] = s * (a_re[from] - sign * b_im[from]);
                out_im[k] = s * (sign * a_im[from] + b_re[from]);
            } else {
                out_re[k] = s * a_re[from];
                out_im[k] = s * sign * a_im[from];
            }
        };
        if (stored) {
            for (std::size_t k = 0; k < n; ++k) bin(k, k, T(1));
            return;
        }
        bin(0, 0, T(-1));
        for (std::size_t k = 1; k < n; ++k) bin(k, n - k, T(-1));
    }

    /// How many signals of length n one call of plan_1d transforms: its work (4·n·count values)
    /// about `bytes`; a multiple of 16 (whole vectors), at least 16, at most all of them.
    static std::size_t block_for(std::size_t n, std::size_t signals, std::size_t bytes) noexcept
    {
        const std::size_t fits = bytes / (4 * n * sizeof(T)) / 16 * 16;
        return std::min(signals, std::max<std::size_t>(16, fits));
    }

    /// Full complex transform of `in`, H × W, into m_spectrum, stored W × H. Along axis 0 in
    /// blocks of columns into m_image (a pair is read straight from its images); along axis 1 in blocks of rows,
    /// each transposed into a block (W × rows, leading dimension padded_rows(rows)) and transformed from there into its
    /// columns of m_spectrum.
    void full_forward(strided<const T> in) noexcept
    {
        for (std::size_t c0 = 0; c0 < m_w; c0 += m_column_block)
            m_rows.transform({in.re + c0, in.im + c0, in.ld}, {m_image.re() + c0, m_image.im() + c0, m_ldw},
                             std::min(m_column_block, m_w - c0), m_work.data(), false);
        for (std::size_t r0 = 0; r0 < m_h; r0 += m_row_block) {
            const std::size_t rows = std::min(m_row_block, m_h - r0), ld = padded_rows<T>(rows);
            simd::transpose(m_image.re() + r0 * m_ldw, rows, m_w, m_ldw, m_block.re(), ld);
            simd::transpose(m_image.im() + r0 * m_ldw, rows, m_w, m_ldw, m_block.im(), ld);
            m_cols.transform({m_block.re(), m_block.im(), ld}, {m_spectrum.re() + r0, m_spectrum.im() + r0, m_ldh},
                             rows, m_work.data(), false);
        }
    }

    /// Inverse of full_forward without the 1/(H·W) (fill_full_spectrum applies it): m_spectrum
    /// W × H into out (H × W), through m_image, the same blocks in reverse order.
    void full_inverse(strided<T> out) noexcept
    {
        for (std::size_t r0 = 0; r0 < m_h; r0 += m_row_block) {
            const std::size_t rows = std::min(m_row_block, m_h - r0), ld = padded_rows<T>(rows);
            m_cols.transform({m_spectrum.re() + r0, m_spectrum.im() + r0, m_ldh}, {m_block.re(), m_block.im(), ld},
                             rows, m_work.data(), true);
            simd::transpose(m_block.re(), m_w, rows, ld, m_image.re() + r0 * m_ldw, m_ldw);
            simd::transpose(m_block.im(), m_w, rows, ld, m_image.im() + r0 * m_ldw, m_ldw);
        }
        for (std::size_t c0 = 0; c0 < m_w; c0 += m_column_block)
            m_rows.transform({m_image.re() + c0, m_image.im() + c0, m_ldw}, {out.re + c0, out.im + c0, out.ld},
                             std::min(m_column_block, m_w - c0), m_work.data(), true);
    }

    std::size_t m_h, m_w, m_ldw, m_ldh;
    plan_1d<T> m_rows, m_cols;
    std::size_t m_column_block, m_row_block; // signals per call of m_rows and of m_cols
    // The complex image between the passes (H × W, leading dimension m_ldw), the full spectrum
    // (W × H, m_ldh), a block of rows transposed.
    detail::split_storage<T> m_image, m_spectrum, m_block;
    hsc::detail::aligned_vector<T> m_work;
    // Whether the pairs' axis-0 passes read and write the images themselves rather than padded
    // copies: when their rows need no padding, or when one block of columns covers the image (it
    // all stays in cache, so power-of-two strides cost nothing). Otherwise reading a narrow block
    // of columns down rows of a power-of-two stride runs into the 4 KiB aliasing the padding
    // avoids (1024² double: 30 → 40 ms per pair).
    bool m_direct;
};

} // namespace hsc::fft
