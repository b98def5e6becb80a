// Convolutional basis pursuit denoising solved by ADMM, as SPORCO's ConvBPDN (SCIENCE.md §1.3):
//   minimise ½‖Σ_m d_m ∗ x_m − s‖² + λ Σ_m ‖w_m ⊙ x_m‖₁,
// circular convolution on the image grid, each atom zero-padded at the top-left. The X-step is
// solved per frequency bin by Sherman–Morrison; relaxation α; Y = soft threshold; automatic ρ with
// SPORCO's rules and normalised residuals. The code returned is Y (exactly sparse); X is kept too.
#pragma once

#include "hsc/fft/real_fft_2d.hpp"
#include "hsc/solver/cbpdn_problem.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace hsc {

struct admm_options
{
    double lambda = 0.01; ///< weight of the ℓ1 term
    std::size_t max_iterations = 100;
    double tolerance = 1e-4;          ///< on both normalised residuals
    double relaxation = 1.8;          ///< α
    double rho = 0;                   ///< initial ρ; 0 means SPORCO's 50λ + 1
    bool auto_rho = true;             ///< adapt ρ every iteration from the second on; false keeps ρ fixed
    std::size_t threads = 1;          ///< worker threads; the result is bit-identical for any count
    std::vector<double> l1_weights{}; ///< none, one per map (K) or per coefficient (K·H·W)
};

template <std::floating_point T, class Fft = fft::real_fft_2d<T>>
requires fft::RealFft2d<Fft, T>
class cbpdn_admm_engine
{
public:
    static constexpr const char* name = "admm";

    cbpdn_admm_engine(const kernel_bank<T>& bank, std::size_t height, std::size_t width, simd::boundary mode,
                      const admm_options& options)
        : m_problem(bank, height, width, mode, options.lambda, options.l1_weights, options.threads, "admm"),
          m_options(options)
    {
        require(options.max_iterations > 0 && options.relaxation > 0 && options.relaxation < 2 && options.rho >= 0 &&
                    options.tolerance >= 0,
                errc::invalid_argument, [&] {
                    return "admm: needs iterations > 0, relaxation in (0, 2), rho >= 0, tolerance >= 0 (got "
                           "relaxation " +
                           std::to_string(options.relaxation) + ", rho " + std::to_string(options.rho) + ")";
                });
        const std::size_t k = m_problem.maps(), pixels = m_problem.pixels(), bins = m_problem.bins();
        m_b_re.resize(k * bins);
        m_b_im.resize(k * bins);
        m_x.resize(k * pixels);
        m_y.resize(k * pixels);
        m_u.resize(k * pixels);
        m_sums.resize(k);
        m_code = sparse_code<T>({k, height, width});
        m_code.events().reserve(k * pixels / 16);
    }

    /// Solves CBPDN for an h×w image. Iterations allocate nothing; collecting the sparse code at
    /// the end may grow its event list.
    encode_report encode(const T* image) noexcept
    {
        m_problem.set_image(image);
        std::fill(m_y.begin(), m_y.end(), T(0));
        std::fill(m_u.begin(), m_u.end(), T(0));
        const T lambda = m_problem.lambda();
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
            m_problem.inverse_maps(m_b_re.data(), m_b_im.data(), [&](std::size_t k, const T* x) {
                const T* pw = m_problem.pixel_weights(k);
                const T threshold = m_problem.map_weight(k) * lambda / rho;
                if (pw == nullptr) {
                    m_sums[k] = update_map(k, x, [threshold](std::size_t) { return threshold; });
                } else {
                    m_sums[k] = update_map(k, x, [threshold, pw](std::size_t i) { return threshold * pw[i]; });
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
                    const std::size_t pixels = m_problem.pixels();
                    m_problem.for_each_map([&](std::size_t k) {
                        for (std::size_t i = k * pixels; i < (k + 1) * pixels; ++i) m_u[i] *= inverse;
                    });
                }
            }
            m_converged = r < m_options.tolerance && s < m_options.tolerance;
            if (m_converged) break;
        }
        m_rho = static_cast<double>(rho);
        encode_report report = m_problem.report(image, m_y.data(), m_b_re.data(), m_b_im.data());
        m_problem.collect(m_y.data(), m_code);
        report.reason = m_converged ? encode_report::converged : encode_report::iterations;
        report.selections = m_iterations;
        return report;
    }

    const sparse_code<T>& code() const noexcept { return m_code; }

    /// Codes the next images with other atoms of the same count and size (dictionary learning).
    void set_bank(const kernel_bank<T>& bank)
    {
        require(bank.size() == m_problem.maps() && bank.atom_size() == m_problem.atom_size(), errc::invalid_argument,
                [&] {
                    return "admm: set_bank needs " + std::to_string(m_problem.maps()) + " atoms of " +
                           std::to_string(m_problem.atom_size()) + "x" + std::to_string(m_problem.atom_size()) +
                           ", got " + std::to_string(bank.size()) + " of " + std::to_string(bank.atom_size());
                });
        m_problem.set_atoms(bank);
    }
    cbpdn_problem<T, Fft>& problem() noexcept { return m_problem; }

    /// Dense maps (K, H, W) of the last solution: Y (sparse) and X (before thresholding).
    const std::vector<T>& y() const noexcept { return m_y; }
    const std::vector<T>& x() const noexcept { return m_x; }
    std::size_t iterations() const noexcept { return m_iterations; }
    double rho() const noexcept { return m_rho; }
    double primal_residual() const noexcept { return m_primal; }
    double dual_residual() const noexcept { return m_dual; }
    std::size_t height() const noexcept { return m_problem.height(); }
    std::size_t width() const noexcept { return m_problem.width(); }
    const cbpdn_problem<T, Fft>& problem() const noexcept { return m_problem; }

private:
    struct map_sums
    {
        double xx = 0, yy = 0, xy = 0, dy = 0, uu = 0;
    };

    /// X = x, relax, Y = soft threshold, U += relaxed − Y for map k; returns its norms.
    template <class Threshold>
    map_sums update_map(std::size_t k, const T* x_new, Threshold threshold_at) noexcept
    {
        const std::size_t pixels = m_problem.pixels();
        const T alpha = static_cast<T>(m_options.relaxation);
        T* x = m_x.data() + k * pixels;
        T* y = m_y.data() + k * pixels;
        T* u = m_u.data() + k * pixels;
        // The five norms are summed in `lanes` independent partial sums (then added in lane order):
        // a single running double sum is a chain the compiler may not reorder, which kept this loop
        // scalar; independent lanes let it vectorise, and the order stays fixed.
        constexpr std::size_t lanes = 8;
        double xx[lanes] = {}, yy[lanes] = {}, xy[lanes] = {}, dy[lanes] = {}, uu[lanes] = {};
        auto body = [&](std::size_t i, std::size_t lane) {
            x[i] = x_new[i];
            const T relaxed = alpha * x[i] + (1 - alpha) * y[i];
            const T v = relaxed + u[i];
            const T y_new = simd::shrink(v, threshold_at(i));
            const double d = static_cast<double>(y[i]) - static_cast<double>(y_new);
            const double e = static_cast<double>(x[i]) - static_cast<double>(y_new);
            u[i] = v - y_new;
            y[i] = y_new;
            xx[lane] += static_cast<double>(x[i]) * x[i];
            yy[lane] += static_cast<double>(y_new) * y_new;
            xy[lane] += e * e;
            dy[lane] += d * d;
            uu[lane] += static_cast<double>(u[i]) * u[i];
        };
        std::size_t i = 0;
        for (; i + lanes <= pixels; i += lanes)
            for (std::size_t lane = 0; lane < lanes; ++lane) body(i + lane, lane);
        for (; i < pixels; ++i) body(i, 0);
        map_sums sums;
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            sums.xx += xx[lane], sums.yy += yy[lane], sums.xy += xy[lane], sums.dy += dy[lane], sums.uu += uu[lane];
        }
        return sums;
    }

    /// X̂ = (b − conj(D̂)·(D̂ᵀb)/(ρ + Σ|D̂|²)) / ρ with b = conj(D̂)Ŝ + ρ·FFT(Y − U), per bin.
    void x_step(T rho) noexcept
    {
        const std::size_t pixels = m_problem.pixels(), bins = m_problem.bins(), maps = m_problem.maps();
        m_problem.forward_maps(
            m_b_re.data(), m_b_im.data(),
            [&](std::size_t k, T* scratch) {
                const T* y = m_y.data() + k * pixels;
                const T* u = m_u.data() + k * pixels;
                for (std::size_t i = 0; i < pixels; ++i) scratch[i] = y[i] - u[i];
                return static_cast<const T*>(scratch);
            },
            [](std::size_t) {});
        const T* power = m_problem.d_power().data();
        // Bins in blocks, maps in the outer loop (see cbpdn_problem::bin_block).
        m_problem.for_bins([&](std::size_t begin, std::size_t end) {
            constexpr std::size_t block = cbpdn_problem<T, Fft>::bin_block;
            T c_re[block], c_im[block];
            for (std::size_t b0 = begin; b0 < end; b0 += block) {
                const std::size_t count = std::min(block, end - b0);
                // b = conj(D̂)Ŝ + ρ·FFT(Y − U), formed here rather than stored (one pass less over
                // the K spectra per iteration), and c = D̂ᵀb (no conjugate) summed in the same loop.
                const T *s_re = m_problem.s_re().data() + b0, *s_im = m_problem.s_im().data() + b0;
                std::fill(c_re, c_re + count, T(0));
                std::fill(c_im, c_im + count, T(0));
                for (std::size_t k = 0; k < maps; ++k) {
                    const T *d_re = m_problem.d_re(k) + b0, *d_im = m_problem.d_im(k) + b0;
                    T *b_re = m_b_re.data() + k * bins + b0, *b_im = m_b_im.data() + k * bins + b0;
                    for (std::size_t j = 0; j < count; ++j) {
                        const T re = (d_re[j] * s_re[j] + d_im[j] * s_im[j]) + rho * b_re[j];
                        const T im = (d_re[j] * s_im[j] - d_im[j] * s_re[j]) + rho * b_im[j];
                        b_re[j] = re;
                        b_im[j] = im;
                        c_re[j] += d_re[j] * re - d_im[j] * im;
                        c_im[j] += d_re[j] * im + d_im[j] * re;
                    }
                }
                for (std::size_t j = 0; j < count; ++j) {
                    const T scale = T(1) / (rho + power[b0 + j]);
                    c_re[j] *= scale;
                    c_im[j] *= scale;
                }
                const T inv_rho = T(1) / rho;
                for (std::size_t k = 0; k < maps; ++k) { // b = (b − conj(D̂)·c) / ρ
                    const T *d_re = m_problem.d_re(k) + b0, *d_im = m_problem.d_im(k) + b0;
                    T *b_re = m_b_re.data() + k * bins + b0, *b_im = m_b_im.data() + k * bins + b0;
                    for (std::size_t j = 0; j < count; ++j) {
                        const T a_re = d_re[j] * c_re[j] + d_im[j] * c_im[j];
                        const T a_im = d_re[j] * c_im[j] - d_im[j] * c_re[j];
                        b_re[j] = (b_re[j] - a_re) * inv_rho;
                        b_im[j] = (b_im[j] - a_im) * inv_rho;
                    }
                }
            }
        });
    }

    cbpdn_problem<T, Fft> m_problem;
    admm_options m_options;
    std::vector<T> m_b_re, m_b_im; // b, then X̂, per map
    std::vector<T> m_x, m_y, m_u;
    std::vector<map_sums> m_sums; // per map, summed in map order
    sparse_code<T> m_code;
    std::size_t m_iterations = 0;
    bool m_converged = false;
    double m_rho = 0, m_primal = 0, m_dual = 0;
};

} // namespace hsc
