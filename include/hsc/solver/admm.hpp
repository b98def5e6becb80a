// Convolutional basis pursuit denoising solved by ADMM, as SPORCO's ConvBPDN (SCIENCE.md §1.3):
//   minimise ½‖Σ_m d_m ∗ x_m − s‖² + λ Σ_m ‖x_m‖₁,
// circular convolution on the image grid, each atom zero-padded at the top-left. The X-step is
// solved per frequency bin by Sherman–Morrison; relaxation α; Y = soft threshold; automatic ρ with
// SPORCO's rules and normalised residuals. The code returned is Y (exactly sparse).
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/reconstruct.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/config.hpp"
#include "hsc/detail/parallel.hpp"
#include "hsc/fft/real_fft_2d.hpp"
#include "hsc/solver/report.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace hsc {

struct admm_options
{
    double lambda = 0.01; ///< weight of the ℓ1 term
    std::size_t max_iterations = 100;
    double tolerance = 1e-4; ///< on both normalised residuals
    double relaxation = 1.8; ///< α
    double rho = 0;          ///< initial ρ; 0 means SPORCO's 50λ + 1
    bool auto_rho = true;    ///< adapt ρ every iteration from the second on
    std::size_t threads = 1; ///< worker threads; the result is bit-identical for any count
};

template <std::floating_point T>
class cbpdn_admm_engine
{
public:
    cbpdn_admm_engine(const kernel_bank<T>& bank, std::size_t height, std::size_t width, simd::boundary mode,
                      const admm_options& options)
        : m_k(bank.size()), m_n(bank.atom_size()), m_h(height), m_w(width), m_options(options), m_fft(height, width),
          m_bank(bank), m_threads(std::max<std::size_t>(1, options.threads))
    {
        require(mode == simd::boundary::circular, errc::invalid_argument,
                [] { return std::string("admm: CBPDN is defined with the circular boundary only"); });
        require(m_n <= m_h && m_n <= m_w, errc::invalid_argument, [&] {
            return "admm: atoms of size " + std::to_string(m_n) + " do not fit a " + std::to_string(m_h) + "x" +
                   std::to_string(m_w) + " image";
        });
        require(options.lambda > 0 && std::isfinite(options.lambda) && options.max_iterations > 0 &&
                    options.relaxation > 0 && options.relaxation < 2 && options.rho >= 0 && options.tolerance >= 0,
                errc::invalid_argument, [&] {
                    return "admm: needs lambda > 0, iterations > 0, relaxation in (0, 2), rho >= 0, tolerance >= 0 "
                           "(got lambda " +
                           std::to_string(options.lambda) + ", relaxation " + std::to_string(options.relaxation) + ")";
                });
        const std::size_t pixels = m_h * m_w, bins = m_fft.bins();
        m_d_re.resize(m_k * bins);
        m_d_im.resize(m_k * bins);
        m_d_power.assign(bins, T(0));
        std::vector<T> padded(pixels);
        for (std::size_t k = 0; k < m_k; ++k) {
            std::fill(padded.begin(), padded.end(), T(0));
            for (std::size_t u = 0; u < m_n; ++u)
                for (std::size_t v = 0; v < m_n; ++v) padded[u * m_w + v] = bank.atom(k)[u * m_n + v];
            m_fft.forward(padded.data(), m_d_re.data() + k * bins, m_d_im.data() + k * bins);
            for (std::size_t b = 0; b < bins; ++b) {
                const T re = m_d_re[k * bins + b], im = m_d_im[k * bins + b];
                m_d_power[b] += re * re + im * im;
            }
        }
        m_ds_re.resize(m_k * bins);
        m_ds_im.resize(m_k * bins);
        m_b_re.resize(m_k * bins);
        m_b_im.resize(m_k * bins);
        m_s_re.resize(bins);
        m_s_im.resize(bins);
        m_x.resize(m_k * pixels);
        m_y.resize(m_k * pixels);
        m_u.resize(m_k * pixels);
        // Each worker has its own transform buffers and (Y − U) pair.
        m_worker_fft.assign(m_threads, fft::real_fft_2d<T>(m_h, m_w));
        m_work.resize(m_threads * 2 * pixels);
        m_sums.resize(m_k);
        m_code = sparse_code<T>({m_k, m_h, m_w});
        m_code.events().reserve(m_k * pixels / 16);
    }

    /// Solves CBPDN for an h×w image. Iterations allocate nothing; collecting the sparse code at
    /// the end may grow its event list.
    encode_report encode(const T* image) noexcept
    {
        const std::size_t pixels = m_h * m_w, bins = m_fft.bins();
        m_fft.forward(image, m_s_re.data(), m_s_im.data());
        for (std::size_t k = 0; k < m_k; ++k) // conj(D̂)·Ŝ
            for (std::size_t b = 0; b < bins; ++b) {
                const std::size_t i = k * bins + b;
                m_ds_re[i] = m_d_re[i] * m_s_re[b] + m_d_im[i] * m_s_im[b];
                m_ds_im[i] = m_d_re[i] * m_s_im[b] - m_d_im[i] * m_s_re[b];
            }
        std::fill(m_y.begin(), m_y.end(), T(0));
        std::fill(m_u.begin(), m_u.end(), T(0));
        const T lambda = static_cast<T>(m_options.lambda), alpha = static_cast<T>(m_options.relaxation);
        T rho = static_cast<T>(m_options.rho > 0 ? m_options.rho : 50 * m_options.lambda + 1);
        const double xi = 1 + std::pow(18.3, std::log10(m_options.lambda) + 1), mu = 1.2, tau = 1000;
        m_iterations = 0;
        m_converged = false;
        for (std::size_t it = 0; it < m_options.max_iterations; ++it) {
            ++m_iterations;
            x_step(rho);
            // Relax, Y-step, U-step and the residual norms in one pass per map, right after its
            // inverse transform, while the map is in cache. Norms are summed per map, then over
            // maps in order, so the result does not depend on the number of threads.
            const T threshold = lambda / rho;
            auto update_map = [&](std::size_t k) {
                T* x = m_x.data() + k * pixels;
                T* y = m_y.data() + k * pixels;
                T* u = m_u.data() + k * pixels;
                map_sums sums;
                for (std::size_t i = 0; i < pixels; ++i) {
                    const T relaxed = alpha * x[i] + (1 - alpha) * y[i];
                    const T v = relaxed + u[i];
                    const T y_new = v - std::fmin(std::fmax(v, -threshold), threshold);
                    const double d = static_cast<double>(y[i]) - static_cast<double>(y_new);
                    u[i] = v - y_new;
                    y[i] = y_new;
                    sums.xx += static_cast<double>(x[i]) * x[i];
                    sums.yy += static_cast<double>(y_new) * y_new;
                    sums.xy += (static_cast<double>(x[i]) - y_new) * (static_cast<double>(x[i]) - y_new);
                    sums.dy += d * d;
                    sums.uu += static_cast<double>(u[i]) * u[i];
                }
                m_sums[k] = sums;
            };
            // Maps go through the inverse transform two at a time (one complex transform).
            detail::parallel_for(pair_count(), m_threads, [&](std::size_t begin, std::size_t end, std::size_t worker) {
                for (std::size_t pair = begin; pair < end; ++pair) {
                    const std::size_t k = 2 * pair;
                    if (k + 1 < m_k) {
                        m_worker_fft[worker].inverse_pair(
                            m_b_re.data() + k * bins, m_b_im.data() + k * bins, m_b_re.data() + (k + 1) * bins,
                            m_b_im.data() + (k + 1) * bins, m_x.data() + k * pixels, m_x.data() + (k + 1) * pixels);
                        update_map(k);
                        update_map(k + 1);
                    } else {
                        m_worker_fft[worker].inverse(m_b_re.data() + k * bins, m_b_im.data() + k * bins,
                                                     m_x.data() + k * pixels);
                        update_map(k);
                    }
                }
            });
            double xx = 0, yy = 0, xy = 0, dy = 0, uu = 0;
            for (const auto& sums : m_sums) {
                xx += sums.xx, yy += sums.yy, xy += sums.xy, dy += sums.dy, uu += sums.uu;
            }
            // Normalised residuals (SPORCO, non-relaxed X): r = ‖X − Y‖ / max(‖X‖, ‖Y‖),
            // s = ‖ρ(Y_prev − Y)‖ / ‖ρU‖.
            const double r = std::sqrt(xy) / std::max(std::sqrt(std::max(xx, yy)), 1e-300);
            const double s = std::sqrt(dy) / std::max(std::sqrt(uu), 1e-300);
            m_primal = r;
            m_dual = s;
            if (m_options.auto_rho && it != 0) {
                double factor = tau;
                if (r != 0 && s != 0) factor = std::min(tau, std::sqrt(r > s * xi ? r / (s * xi) : (s * xi) / r));
                double scale = 1;
                if (r > xi * mu * s) {
                    scale = factor;
                } else if (s > (mu / xi) * r) {
                    scale = 1 / factor;
                }
                if (scale != 1) {
                    rho *= static_cast<T>(scale);
                    const T inverse = static_cast<T>(1 / scale);
                    detail::parallel_for(m_u.size(), m_threads, [&](std::size_t begin, std::size_t end, std::size_t) {
                        for (std::size_t i = begin; i < end; ++i) m_u[i] *= inverse;
                    });
                }
            }
            m_converged = r < m_options.tolerance && s < m_options.tolerance;
            if (m_converged) break;
        }
        m_rho = static_cast<double>(rho);
        collect_code();
        encode_report report;
        report.reason = m_converged ? encode_report::converged : encode_report::iterations;
        report.selections = m_iterations;
        const auto recon = reconstruct(m_code, m_bank, simd::boundary::circular);
        double energy = 0;
        T low = image[0], high = image[0];
        for (std::size_t i = 0; i < pixels; ++i) {
            const double d = static_cast<double>(image[i]) - static_cast<double>(recon.data()[i]);
            energy += d * d;
            low = std::min(low, image[i]);
            high = std::max(high, image[i]);
        }
        report.residual_energy = energy;
        const double range = static_cast<double>(high) - static_cast<double>(low);
        report.psnr_db = energy > 0 ? 10 * std::log10(range * range / (energy / double(pixels)))
                                    : std::numeric_limits<double>::infinity();
        return report;
    }

    const sparse_code<T>& code() const noexcept { return m_code; }
    /// Dense maps (K, H, W) of the last solution: Y (sparse) and X (before thresholding).
    const std::vector<T>& y() const noexcept { return m_y; }
    const std::vector<T>& x() const noexcept { return m_x; }
    std::size_t iterations() const noexcept { return m_iterations; }
    double rho() const noexcept { return m_rho; }
    double primal_residual() const noexcept { return m_primal; }
    double dual_residual() const noexcept { return m_dual; }
    std::size_t height() const noexcept { return m_h; }
    std::size_t width() const noexcept { return m_w; }

private:
    /// X̂ = (b − conj(D̂)·(D̂ᵀb)/(ρ + Σ|D̂|²)) / ρ with b = conj(D̂)Ŝ + ρ·FFT(Y − U), per bin.
    void x_step(T rho) noexcept
    {
        const std::size_t pixels = m_h * m_w, bins = m_fft.bins();
        // FFT(Y − U), two maps per complex transform, then b = conj(D̂)Ŝ + ρ·FFT(Y − U).
        detail::parallel_for(pair_count(), m_threads, [&](std::size_t begin, std::size_t end, std::size_t worker) {
            T* work = m_work.data() + worker * 2 * pixels;
            for (std::size_t pair = begin; pair < end; ++pair) {
                const std::size_t k = 2 * pair;
                const std::size_t count = k + 1 < m_k ? 2 : 1;
                for (std::size_t j = 0; j < count; ++j) {
                    const T* y = m_y.data() + (k + j) * pixels;
                    const T* u = m_u.data() + (k + j) * pixels;
                    for (std::size_t i = 0; i < pixels; ++i) work[j * pixels + i] = y[i] - u[i];
                }
                if (count == 2) {
                    m_worker_fft[worker].forward_pair(work, work + pixels, m_b_re.data() + k * bins,
                                                      m_b_im.data() + k * bins, m_b_re.data() + (k + 1) * bins,
                                                      m_b_im.data() + (k + 1) * bins);
                } else {
                    m_worker_fft[worker].forward(work, m_b_re.data() + k * bins, m_b_im.data() + k * bins);
                }
                for (std::size_t j = 0; j < count; ++j) {
                    T* b_re = m_b_re.data() + (k + j) * bins;
                    T* b_im = m_b_im.data() + (k + j) * bins;
                    const T* ds_re = m_ds_re.data() + (k + j) * bins;
                    const T* ds_im = m_ds_im.data() + (k + j) * bins;
                    for (std::size_t b = 0; b < bins; ++b) {
                        b_re[b] = ds_re[b] + rho * b_re[b];
                        b_im[b] = ds_im[b] + rho * b_im[b];
                    }
                }
            }
        });
        detail::parallel_for(bins, m_threads, [&](std::size_t begin, std::size_t end, std::size_t) {
            for (std::size_t b = begin; b < end; ++b) {
                T c_re = 0, c_im = 0; // D̂ᵀb (no conjugate)
                for (std::size_t k = 0; k < m_k; ++k) {
                    const std::size_t i = k * bins + b;
                    c_re += m_d_re[i] * m_b_re[i] - m_d_im[i] * m_b_im[i];
                    c_im += m_d_re[i] * m_b_im[i] + m_d_im[i] * m_b_re[i];
                }
                const T scale = T(1) / (rho + m_d_power[b]);
                c_re *= scale;
                c_im *= scale;
                const T inv_rho = T(1) / rho;
                for (std::size_t k = 0; k < m_k; ++k) {
                    const std::size_t i = k * bins + b;
                    // conj(D̂)·c
                    const T a_re = m_d_re[i] * c_re + m_d_im[i] * c_im;
                    const T a_im = m_d_re[i] * c_im - m_d_im[i] * c_re;
                    m_b_re[i] = (m_b_re[i] - a_re) * inv_rho;
                    m_b_im[i] = (m_b_im[i] - a_im) * inv_rho;
                }
            }
        });
    }

    void collect_code() noexcept
    {
        auto& events = m_code.events();
        events.clear();
        for (std::size_t k = 0; k < m_k; ++k)
            for (std::size_t i = 0; i < m_h; ++i)
                for (std::size_t j = 0; j < m_w; ++j) {
                    const T v = m_y[(k * m_h + i) * m_w + j];
                    if (v != T(0))
                        events.push_back({static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i),
                                          static_cast<std::uint32_t>(j), v});
                }
    }

    std::size_t m_k, m_n, m_h, m_w;
    admm_options m_options;
    fft::real_fft_2d<T> m_fft;
    kernel_bank<T> m_bank;
    std::vector<T> m_d_re, m_d_im, m_d_power; // D̂ (K × bins) and Σ_m |D̂_m|² per bin
    std::vector<T> m_ds_re, m_ds_im;          // conj(D̂)·Ŝ
    std::vector<T> m_b_re, m_b_im;            // b, then X̂, per map
    std::vector<T> m_s_re, m_s_im;
    std::vector<T> m_x, m_y, m_u, m_work;
    sparse_code<T> m_code;
    std::size_t pair_count() const noexcept { return (m_k + 1) / 2; }

    struct map_sums
    {
        double xx = 0, yy = 0, xy = 0, dy = 0, uu = 0;
    };

    std::size_t m_threads;
    std::vector<fft::real_fft_2d<T>> m_worker_fft;
    std::vector<map_sums> m_sums; // per map, summed in map order
    std::size_t m_iterations = 0;
    bool m_converged = false;
    double m_rho = 0, m_primal = 0, m_dual = 0;
};

} // namespace hsc
