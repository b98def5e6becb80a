// Real 2-D FFT of an H×W image to its half spectrum (W/2 + 1 frequencies along axis 1, all H along
// axis 0) and back, built on plan_1d. The half spectrum is stored transposed, (W/2 + 1) × H
// row-major, because that is the layout the second pass produces; users that work bin by bin (the
// ADMM X-step) never need the order.
#pragma once

#include "hsc/fft/fft.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace hsc::fft {

template <std::floating_point T>
class real_fft_2d
{
public:
    real_fft_2d(std::size_t height, std::size_t width)
        : m_h(height), m_w(width), m_rows(height), m_cols(width), m_re(height * width), m_im(height * width),
          m_tre(height * width), m_tim(height * width), m_sre(height * width), m_sim(height * width)
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
        std::copy(image, image + m_h * m_w, m_re.begin());
        std::fill(m_im.begin(), m_im.end(), T(0));
        full_forward();
        std::copy(m_tre.begin(), m_tre.begin() + static_cast<std::ptrdiff_t>(bins()), spec_re);
        std::copy(m_tim.begin(), m_tim.begin() + static_cast<std::ptrdiff_t>(bins()), spec_im);
    }

    /// The half spectra of two images for the price of one complex transform: transform a + i·b,
    /// then A[k] = (Z[k] + conj Z[−k]) / 2 and B[k] = (Z[k] − conj Z[−k]) / 2i.
    void forward_pair(const T* a, const T* b, T* a_re, T* a_im, T* b_re, T* b_im) noexcept
    {
        std::copy(a, a + m_h * m_w, m_re.begin());
        std::copy(b, b + m_h * m_w, m_im.begin());
        full_forward();
        const T half = T(0.5);
        for (std::size_t k2 = 0; k2 <= m_w / 2; ++k2) {
            const std::size_t mirror_row = ((m_w - k2) % m_w) * m_h;
            for (std::size_t k1 = 0; k1 < m_h; ++k1) {
                const std::size_t i = k2 * m_h + k1, j = mirror_row + (m_h - k1) % m_h;
                const T zr = m_tre[i], zi = m_tim[i], mr = m_tre[j], mi = m_tim[j];
                a_re[i] = half * (zr + mr);
                a_im[i] = half * (zi - mi);
                b_re[i] = half * (zi + mi);
                b_im[i] = half * (mr - zr);
            }
        }
    }

    /// The real image whose half spectrum is given (normalized: inverse(forward(x)) = x).
    void inverse(const T* spec_re, const T* spec_im, T* image) noexcept
    {
        for (std::size_t k2 = 0; k2 < m_w; ++k2) {
            for (std::size_t k1 = 0; k1 < m_h; ++k1) {
                const auto [re, im] = hermitian(spec_re, spec_im, k2, k1);
                m_tre[k2 * m_h + k1] = re;
                m_tim[k2 * m_h + k1] = im;
            }
        }
        full_inverse();
        for (std::size_t i = 0; i < m_h * m_w; ++i) image[i] = m_re[i];
    }

    /// Two real images from their half spectra with one complex transform: invert A + i·B, whose
    /// real part is a and imaginary part b.
    void inverse_pair(const T* a_re, const T* a_im, const T* b_re, const T* b_im, T* a, T* b) noexcept
    {
        for (std::size_t k2 = 0; k2 < m_w; ++k2) {
            for (std::size_t k1 = 0; k1 < m_h; ++k1) {
                const auto [ar, ai] = hermitian(a_re, a_im, k2, k1);
                const auto [br, bi] = hermitian(b_re, b_im, k2, k1);
                m_tre[k2 * m_h + k1] = ar - bi;
                m_tim[k2 * m_h + k1] = ai + br;
            }
        }
        full_inverse();
        for (std::size_t i = 0; i < m_h * m_w; ++i) {
            a[i] = m_re[i];
            b[i] = m_im[i];
        }
    }

private:
    /// Full complex transform of (m_re, m_im), H × W, into (m_tre, m_tim), stored W × H.
    void full_forward() noexcept
    {
        m_rows.transform(m_re.data(), m_im.data(), m_w, m_sre.data(), m_sim.data(), false);   // along axis 0
        transpose(m_re.data(), m_im.data(), m_h, m_w, m_tre.data(), m_tim.data());            // now W × H
        m_cols.transform(m_tre.data(), m_tim.data(), m_h, m_sre.data(), m_sim.data(), false); // along axis 1
    }

    /// Inverse of full_forward, scaled by 1/(H·W): (m_tre, m_tim) W × H into (m_re, m_im) H × W.
    void full_inverse() noexcept
    {
        m_cols.transform(m_tre.data(), m_tim.data(), m_h, m_sre.data(), m_sim.data(), true);
        transpose(m_tre.data(), m_tim.data(), m_w, m_h, m_re.data(), m_im.data());
        m_rows.transform(m_re.data(), m_im.data(), m_w, m_sre.data(), m_sim.data(), true);
        const T scale = T(1) / static_cast<T>(m_h * m_w);
        for (std::size_t i = 0; i < m_h * m_w; ++i) {
            m_re[i] *= scale;
            m_im[i] *= scale;
        }
    }

    /// Bin (k2, k1) of a real image's full spectrum from its half spectrum: stored for k2 ≤ W/2,
    /// conj of bin (W − k2, −k1) otherwise.
    std::pair<T, T> hermitian(const T* re, const T* im, std::size_t k2, std::size_t k1) const noexcept
    {
        if (k2 <= m_w / 2) return {re[k2 * m_h + k1], im[k2 * m_h + k1]};
        const std::size_t j = (m_w - k2) * m_h + (m_h - k1) % m_h;
        return {re[j], -im[j]};
    }

    /// out (cols × rows) = transpose of in (rows × cols), real and imaginary parts.
    static void transpose(const T* in_re, const T* in_im, std::size_t rows, std::size_t cols, T* out_re,
                          T* out_im) noexcept
    {
        constexpr std::size_t tile = 32; // blocks that stay in L1 on both sides
        for (std::size_t i0 = 0; i0 < rows; i0 += tile)
            for (std::size_t j0 = 0; j0 < cols; j0 += tile)
                for (std::size_t i = i0; i < std::min(rows, i0 + tile); ++i)
                    for (std::size_t j = j0; j < std::min(cols, j0 + tile); ++j) {
                        out_re[j * rows + i] = in_re[i * cols + j];
                        out_im[j * rows + i] = in_im[i * cols + j];
                    }
    }

    std::size_t m_h, m_w;
    plan_1d<T> m_rows, m_cols;
    std::vector<T> m_re, m_im, m_tre, m_tim, m_sre, m_sim;
};

} // namespace hsc::fft
