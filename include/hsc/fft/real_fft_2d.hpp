// Real 2-D FFT of an H×W image to its half spectrum (W/2 + 1 frequencies along axis 1, all H along
// axis 0) and back, built on plan_1d. The half spectrum is stored transposed, (W/2 + 1) × H
// row-major, because that is the layout the second pass produces; users that work bin by bin (the
// ADMM X-step) never need the order.
//
// Internally rows are padded (leading dimension padded_rows(W) and padded_rows(H)): every stage of a
// length-n transform reads p streams n/p rows apart, and with a power-of-two row length those all
// fall on the same 4 KiB offset and cache set, which made power-of-two sizes 3× slower than
// their neighbours. The padding lanes hold zeros and are transformed along (zeros stay zeros).
#pragma once

#include "hsc/fft/fft.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace hsc::fft {

/// A leading dimension ≥ n for rows of n values of T: n itself unless n·sizeof(T) is a multiple of
/// 256 bytes, else one value more (an odd row length in bytes/sizeof(T) spreads the streams).
template <class T>
constexpr std::size_t padded_rows(std::size_t n) noexcept
{
    return (n * sizeof(T)) % 256 == 0 ? n + 1 : n;
}

template <std::floating_point T>
class real_fft_2d
{
public:
    real_fft_2d(std::size_t height, std::size_t width)
        : m_h(height), m_w(width), m_ldw(padded_rows<T>(width)), m_ldh(padded_rows<T>(height)), m_rows(height),
          m_cols(width), m_re(height * m_ldw), m_im(height * m_ldw), m_tre(width * m_ldh), m_tim(width * m_ldh),
          m_sre(std::max(height * m_ldw, width * m_ldh)), m_sim(m_sre.size())
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
        load_rows(image, m_re.data());
        std::fill(m_im.begin(), m_im.end(), T(0));
        full_forward();
        for (std::size_t k2 = 0; k2 <= m_w / 2; ++k2) {
            std::copy_n(m_tre.data() + k2 * m_ldh, m_h, spec_re + k2 * m_h);
            std::copy_n(m_tim.data() + k2 * m_ldh, m_h, spec_im + k2 * m_h);
        }
    }

    /// The half spectra of two images for the price of one complex transform: transform a + i·b,
    /// then A[k] = (Z[k] + conj Z[−k]) / 2 and B[k] = (Z[k] − conj Z[−k]) / 2i.
    void forward_pair(const T* a, const T* b, T* a_re, T* a_im, T* b_re, T* b_im) noexcept
    {
        load_rows(a, m_re.data());
        load_rows(b, m_im.data());
        full_forward();
        const T half = T(0.5);
        for (std::size_t k2 = 0; k2 <= m_w / 2; ++k2) {
            const T* z_re = m_tre.data() + k2 * m_ldh;
            const T* z_im = m_tim.data() + k2 * m_ldh;
            const T* mirror_re = m_tre.data() + ((m_w - k2) % m_w) * m_ldh;
            const T* mirror_im = m_tim.data() + ((m_w - k2) % m_w) * m_ldh;
            const std::size_t out = k2 * m_h;
            unpack_pair(z_re[0], z_im[0], mirror_re[0], mirror_im[0], half, a_re[out], a_im[out], b_re[out], b_im[out]);
            for (std::size_t k1 = 1; k1 < m_h; ++k1)
                unpack_pair(z_re[k1], z_im[k1], mirror_re[m_h - k1], mirror_im[m_h - k1], half, a_re[out + k1],
                            a_im[out + k1], b_re[out + k1], b_im[out + k1]);
        }
    }

    /// The real image whose half spectrum is given (normalized: inverse(forward(x)) = x).
    void inverse(const T* spec_re, const T* spec_im, T* image) noexcept
    {
        fill_full_spectrum(spec_re, spec_im, nullptr, nullptr);
        full_inverse();
        store_rows(m_re.data(), image);
    }

    /// Two real images from their half spectra with one complex transform: invert A + i·B, whose
    /// real part is a and imaginary part b.
    void inverse_pair(const T* a_re, const T* a_im, const T* b_re, const T* b_im, T* a, T* b) noexcept
    {
        fill_full_spectrum(a_re, a_im, b_re, b_im);
        full_inverse();
        store_rows(m_re.data(), a);
        store_rows(m_im.data(), b);
    }

private:
    static void unpack_pair(T zr, T zi, T mr, T mi, T half, T& a_re, T& a_im, T& b_re, T& b_im) noexcept
    {
        a_re = half * (zr + mr);
        a_im = half * (zi - mi);
        b_re = half * (zi + mi);
        b_im = half * (mr - zr);
    }

    /// image (H × W) into the padded rows of out.
    void load_rows(const T* image, T* out) const noexcept
    {
        for (std::size_t i = 0; i < m_h; ++i) std::copy_n(image + i * m_w, m_w, out + i * m_ldw);
    }

    /// The padded rows of in, scaled by 1/(H·W), into image (H × W).
    void store_rows(const T* in, T* image) const noexcept
    {
        const T scale = T(1) / static_cast<T>(m_h * m_w);
        for (std::size_t i = 0; i < m_h; ++i)
            for (std::size_t j = 0; j < m_w; ++j) image[i * m_w + j] = in[i * m_ldw + j] * scale;
    }

    /// (m_tre, m_tim) ← the full spectrum A (+ i·B when b_re is given) from half spectra: bin
    /// (k2, k1) is stored for k2 ≤ W/2, and is conj of bin (W − k2, −k1) otherwise.
    void fill_full_spectrum(const T* a_re, const T* a_im, const T* b_re, const T* b_im) noexcept
    {
        for (std::size_t k2 = 0; k2 < m_w; ++k2) {
            T* out_re = m_tre.data() + k2 * m_ldh;
            T* out_im = m_tim.data() + k2 * m_ldh;
            if (k2 <= m_w / 2) {
                const std::size_t in = k2 * m_h;
                for (std::size_t k1 = 0; k1 < m_h; ++k1) {
                    out_re[k1] = b_re ? a_re[in + k1] - b_im[in + k1] : a_re[in + k1];
                    out_im[k1] = b_re ? a_im[in + k1] + b_re[in + k1] : a_im[in + k1];
                }
            } else {
                const std::size_t in = (m_w - k2) * m_h;
                for (std::size_t k1 = 0; k1 < m_h; ++k1) {
                    const std::size_t j = in + (k1 == 0 ? 0 : m_h - k1);
                    // conj(A) + i·conj(B) = (a_re + b_im) + i(b_re − a_im)
                    out_re[k1] = b_re ? a_re[j] + b_im[j] : a_re[j];
                    out_im[k1] = b_re ? b_re[j] - a_im[j] : -a_im[j];
                }
            }
        }
    }

    /// Full complex transform of (m_re, m_im), H × W, into (m_tre, m_tim), stored W × H.
    void full_forward() noexcept
    {
        m_rows.transform(m_re.data(), m_im.data(), m_ldw, m_sre.data(), m_sim.data(), false);    // along axis 0
        transpose(m_re.data(), m_im.data(), m_h, m_w, m_ldw, m_tre.data(), m_tim.data(), m_ldh); // now W × H
        m_cols.transform(m_tre.data(), m_tim.data(), m_ldh, m_sre.data(), m_sim.data(), false);  // along axis 1
    }

    /// Inverse of full_forward without the 1/(H·W) (store_rows applies it): (m_tre, m_tim) W × H
    /// into (m_re, m_im) H × W.
    void full_inverse() noexcept
    {
        m_cols.transform(m_tre.data(), m_tim.data(), m_ldh, m_sre.data(), m_sim.data(), true);
        transpose(m_tre.data(), m_tim.data(), m_w, m_h, m_ldh, m_re.data(), m_im.data(), m_ldw);
        m_rows.transform(m_re.data(), m_im.data(), m_ldw, m_sre.data(), m_sim.data(), true);
    }

    /// out (cols × rows, leading dimension ld_out) = transpose of in (rows × cols, ld_in), real and
    /// imaginary parts.
    static void transpose(const T* in_re, const T* in_im, std::size_t rows, std::size_t cols, std::size_t ld_in,
                          T* out_re, T* out_im, std::size_t ld_out) noexcept
    {
        transpose(in_re, rows, cols, ld_in, out_re, ld_out);
        transpose(in_im, rows, cols, ld_in, out_im, ld_out);
    }

    /// One array: tiles of 256 bytes a side, moved as 8×8 blocks through a local array (its two
    /// loops of unit stride on one side each are what the compiler turns into vector shuffles; 2–3×
    /// faster than an element-by-element tile at 512² and 1024²).
    static void transpose(const T* in, std::size_t rows, std::size_t cols, std::size_t ld_in, T* out,
                          std::size_t ld_out) noexcept
    {
        constexpr std::size_t tile = 256 / sizeof(T), block = 8;
        for (std::size_t i0 = 0; i0 < rows; i0 += tile)
            for (std::size_t j0 = 0; j0 < cols; j0 += tile)
                for (std::size_t i1 = i0; i1 < std::min(rows, i0 + tile); i1 += block)
                    for (std::size_t j1 = j0; j1 < std::min(cols, j0 + tile); j1 += block) {
                        if (i1 + block <= rows && j1 + block <= cols) {
                            T b[block][block];
                            for (std::size_t i = 0; i < block; ++i)
                                for (std::size_t j = 0; j < block; ++j) b[j][i] = in[(i1 + i) * ld_in + j1 + j];
                            for (std::size_t j = 0; j < block; ++j)
                                for (std::size_t i = 0; i < block; ++i) out[(j1 + j) * ld_out + i1 + i] = b[j][i];
                        } else {
                            for (std::size_t i = i1; i < std::min(rows, i1 + block); ++i)
                                for (std::size_t j = j1; j < std::min(cols, j1 + block); ++j)
                                    out[j * ld_out + i] = in[i * ld_in + j];
                        }
                    }
    }

    std::size_t m_h, m_w, m_ldw, m_ldh;
    plan_1d<T> m_rows, m_cols;
    std::vector<T> m_re, m_im, m_tre, m_tim, m_sre, m_sim;
};

} // namespace hsc::fft
