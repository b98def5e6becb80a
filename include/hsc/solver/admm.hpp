// Convolutional basis pursuit denoising solved by ADMM, as SPORCO's ConvBPDN (docs/science.md §1.3):
//   minimise ½‖Σ_m d_m ∗ x_m − s‖² + λ Σ_m ‖w_m ⊙ x_m‖₁,
// circular convolution on the image grid, each atom zero-padded at the top-left. The X-step is
// solved per frequency bin by Sherman–Morrison; relaxation α; Y = soft threshold; automatic ρ with
// SPORCO's rules and normalized residuals, or with the rule of the encoder Ladret et al. used for
// their classification study (admm_options::paper_classification_encoder(), science.md §1.6).
// The code returned is Y (exactly sparse) or, as that encoder does, X (dense); both are kept.
#pragma once

#include "hsc/detail/split_complex.hpp"
#include "hsc/fft/real_fft_2d.hpp"
#include "hsc/simd/admm_update.hpp"
#include "hsc/solver/cbpdn_problem.hpp"

#include <cmath>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hsc::solver {

/// How ρ adapts every iteration from the second on (auto_rho), with r and s the primal and dual
/// residuals and ξ = 1 + 18.3^(log10 λ + 1): the factor m = sqrt(r/(sξ)) or sqrt(sξ/r), at most
/// max_factor; ρ ← ρ·m when r > ξμs (if `increase`), ρ ← ρ/m when s > (μ/ξ)r. SPORCO's defaults.
struct rho_adaptation
{
    double mu = 1.2;
    double max_factor = 1000;
    bool normalized_residuals = true; ///< r/max(‖X‖, ‖Y‖) and s/‖ρU‖, or ‖X − Y‖ and ‖ρ(Y_prev − Y)‖
    bool increase = true;             ///< whether ρ may grow
};

/// Which iterate encode() returns as the code: Y (soft-thresholded, exactly sparse) or X (the
/// X-step's dense solution).
enum class admm_code {
    y,
    x
};

struct admm_options
{
    cbpdn_options problem{}; ///< λ, threads, ℓ1 weights
    std::size_t max_iterations = 100;
    double tolerance = 1e-4; ///< on both normalized residuals
    double relaxation = 1.8; ///< α
    double rho = 0;          ///< initial ρ; 0 means SPORCO's 50λ + 1
    bool auto_rho = true;    ///< adapt ρ (rho_rule); false keeps ρ fixed
    rho_adaptation rho_rule{};
    admm_code code = admm_code::y;

    /// The encoder of Ladret et al.'s classification study (science.md §1.6, from the authors'
    /// code): λ 0.01 with ℓ1 weight 0.5, at most 250 iterations, tolerance 0.1, α 1.8, ρ₀ 1.5, ρ
    /// adapted on un-normalised residuals with μ 1.05, the factor capped at 100 and only ever
    /// decreasing; the code is X.
    static admm_options paper_classification_encoder()
    {
        return {.problem = {.lambda = 0.01, .l1_weights = {0.5}},
                .max_iterations = 250,
                .tolerance = 0.1,
                .relaxation = 1.8,
                .rho = 1.5,
                .auto_rho = true,
                .rho_rule = {.mu = 1.05, .max_factor = 100, .normalized_residuals = false, .increase = false},
                .code = admm_code::x};
    }
};

template <std::floating_point T, class Fft = fft::real_fft_2d<T>>
requires fft::RealFft2d<Fft, T>
class cbpdn_admm_engine
{
public:
    template <template <class> class Backend>
    cbpdn_admm_engine(const kernel_bank<T>& bank, std::size_t height, std::size_t width, boundary mode,
                      const basic_admm<Backend>& policy)
        : m_problem(bank, height, width, mode, policy.options.problem, "admm"), m_options(policy.options)
    {
        const admm_options& options = policy.options;
        require(options.max_iterations > 0 && options.relaxation > 0 && options.relaxation < 2 && options.rho >= 0 &&
                    options.tolerance >= 0,
                errc::invalid_argument, [&] {
                    return "admm: needs iterations > 0, relaxation in (0, 2), rho >= 0, tolerance >= 0 (got "
                           "relaxation " +
                           std::to_string(options.relaxation) + ", rho " + std::to_string(options.rho) + ")";
                });
        const rho_adaptation& rule = options.rho_rule;
        require(rule.mu >= 1 && rule.max_factor >= 1 && std::isfinite(rule.mu) && std::isfinite(rule.max_factor),
                errc::invalid_argument, [&] {
                    return "admm: the rho rule needs finite mu >= 1 and max_factor >= 1 (got mu " +
                           std::to_string(rule.mu) + ", max_factor " + std::to_string(rule.max_factor) + ")";
                });
        const std::size_t k = m_problem.maps(), pixels = m_problem.pixels(), bins = m_problem.bins();
        m_b_re.resize(k * bins);
        m_b_im.resize(k * bins);
        m_c_re.resize(bins);
        m_c_im.resize(bins);
        m_x.resize(k * pixels);
        m_y.resize(k * pixels);
        m_w.resize(k * pixels);
        m_sums.resize(k);
        m_code = sparse_code<T>({k, height, width, mode});
        m_code.reserve(k * pixels / 16);
    }

    /// Solves CBPDN for an h×w image. Iterations allocate nothing; collecting the sparse code at
    /// the end may grow its event list.
    encode_report encode(const T* image) noexcept
    {
        m_problem.set_image(image);
        std::fill(m_y.begin(), m_y.end(), T(0));
        std::fill(m_w.begin(), m_w.end(), T(0));
        const T lambda = m_problem.lambda();
        T rho = static_cast<T>(m_options.rho > 0 ? m_options.rho : 50 * m_options.problem.lambda + 1);
        const rho_adaptation& rule = m_options.rho_rule;
        const double xi = 1 + std::pow(18.3, std::log10(m_options.problem.lambda) + 1);
        m_iterations = 0;
        m_converged = false;
        // U is kept as W = Y − U (see x_step_spectra). A change of ρ scales U by 1/factor: rather
        // than in a pass of its own, the scale is applied where the next iteration reads U (both
        // passes), whose U-step stores it scaled.
        T u_scale = 1;
        for (std::size_t it = 0; it < m_options.max_iterations; ++it) {
            ++m_iterations;
            x_step_spectra(rho, u_scale);
            // Inverse transform of X̂, then relax, Y-step, U-step and the residual norms in one
            // pass per map while the map is in cache. Norms are summed per map, then over maps in
            // order, so the result does not depend on the number of threads. X itself is stored
            // only by the last iteration (or rebuilt below if the residuals stop earlier).
            const bool last = it + 1 == m_options.max_iterations;
            m_problem.inverse_maps(x_spectrum(rho), [&](std::size_t k, const T* x) {
                const std::size_t pixels = m_problem.pixels();
                m_sums[k] = simd::admm_update(x, static_cast<T>(m_options.relaxation), u_scale,
                                              m_problem.map_weight(k) * lambda / rho, m_problem.pixel_weights(k),
                                              m_y.data() + k * pixels, m_w.data() + k * pixels,
                                              last ? m_x.data() + k * pixels : nullptr, pixels);
            });
            u_scale = 1;
            double xx = 0, yy = 0, xy = 0, dy = 0, uu = 0;
            for (const auto& sums : m_sums) {
                xx += sums.xx, yy += sums.yy, xy += sums.xy, dy += sums.dy, uu += sums.uu;
            }
            // Normalized residuals (SPORCO, non-relaxed X): r = ‖X − Y‖ / max(‖X‖, ‖Y‖),
            // s = ‖ρ(Y_prev − Y)‖ / ‖ρU‖.
            const double r = std::sqrt(xy) / std::max(std::sqrt(std::max(xx, yy)), 1e-300);
            const double s = std::sqrt(dy) / std::max(std::sqrt(uu), 1e-300);
            m_primal = r;
            m_dual = s;
            const T rho_used = rho;
            if (m_options.auto_rho && it != 0) {
                // The rule's residuals; un-normalised, s = ‖ρ(Y_prev − Y)‖.
                const double rr = rule.normalized_residuals ? r : std::sqrt(xy);
                const double ss = rule.normalized_residuals ? s : static_cast<double>(rho) * std::sqrt(dy);
                const double tau = rule.max_factor, mu = rule.mu;
                double factor = tau;
                if (rr != 0 && ss != 0)
                    factor = std::min(tau, std::sqrt(rr > ss * xi ? rr / (ss * xi) : (ss * xi) / rr));
                double scale = 1;
                if (rule.increase && rr > xi * mu * ss) {
                    scale = factor;
                } else if (ss > (mu / xi) * rr) {
                    scale = 1 / factor;
                }
                if (scale != 1) {
                    rho *= static_cast<T>(scale);
                    u_scale = static_cast<T>(1 / scale);
                }
            }
            m_converged = r < m_options.tolerance && s < m_options.tolerance;
            if (m_converged) {
                if (!last) { // X of this iteration, from the b and D̂ᵀb still held
                    m_problem.inverse_maps(x_spectrum(rho_used), [&](std::size_t k, const T* x) {
                        std::copy(x, x + m_problem.pixels(), m_x.data() + k * m_problem.pixels());
                    });
                }
                break;
            }
        }
        m_rho = static_cast<double>(rho);
        const T* code = m_options.code == admm_code::x ? m_x.data() : m_y.data();
        encode_report report = m_problem.report(image, code);
        m_problem.collect(code, m_code);
        report.reason = m_converged ? encode_report::converged : encode_report::iterations;
        report.selections = m_iterations;
        return report;
    }

    const sparse_code<T>& code() const noexcept { return m_code; }

    /// Codes the next images with other atoms of the same count and size (checked by hsc::encoder).
    void set_bank(const kernel_bank<T>& bank) noexcept { m_problem.set_atoms(bank); }
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
    /// b = conj(D̂)Ŝ + ρ·FFT(Y − u_scale·U) per map, stored, and c = D̂ᵀb / (ρ + Σ|D̂|²) per bin:
    /// what the X-step needs (x_spectrum). b is formed and D̂ᵀb summed while each map's spectrum
    /// is in cache, right after its transform. U is kept as W = Y − U, so the transform reads W
    /// itself unless ρ has just changed: then Y − u_scale·(Y − W).
    void x_step_spectra(T rho, T u_scale) noexcept
    {
        const std::size_t pixels = m_problem.pixels(), bins = m_problem.bins();
        const T *s_re = m_problem.s_re().data(), *s_im = m_problem.s_im().data();
        m_problem.forward_synthesise(
            m_b_re.data(), m_b_im.data(),
            [&](std::size_t k, T* scratch) {
                const T* w = m_w.data() + k * pixels;
                if (u_scale == T(1)) return w;
                const T* y = m_y.data() + k * pixels;
                for (std::size_t i = 0; i < pixels; ++i) scratch[i] = y[i] - u_scale * (y[i] - w[i]);
                return static_cast<const T*>(scratch);
            },
            [&](std::size_t k, T* b_re, T* b_im) {
                detail::conj_multiply_add_scaled(bins, m_problem.d_re(k), m_problem.d_im(k), s_re, s_im, rho, b_re,
                                                 b_im);
            });
        const T* power = m_problem.d_power().data();
        m_problem.for_bins([&](std::size_t begin, std::size_t end) {
            m_problem.synthesis(begin, end, m_c_re.data() + begin, m_c_im.data() + begin);
            for (std::size_t j = begin; j < end; ++j) {
                const T scale = T(1) / (rho + power[j]);
                m_c_re[j] *= scale;
                m_c_im[j] *= scale;
            }
        });
    }

    /// The X-step per bin, X̂ = (b − conj(D̂)·c) / ρ (Sherman–Morrison), as an inverse_maps source
    /// writing into the worker's scratch spectrum.
    auto x_spectrum(T rho) noexcept
    {
        return [this, inv_rho = T(1) / rho](std::size_t k, T* x_re, T* x_im) {
            const std::size_t bins = m_problem.bins();
            detail::subtract_conj_multiply_scaled(bins, m_b_re.data() + k * bins, m_b_im.data() + k * bins,
                                                  m_problem.d_re(k), m_problem.d_im(k), m_c_re.data(), m_c_im.data(),
                                                  inv_rho, x_re, x_im);
            return std::pair<const T*, const T*>{x_re, x_im};
        };
    }

    cbpdn_problem<T, Fft> m_problem;
    admm_options m_options;
    detail::aligned_vector<T> m_b_re, m_b_im; // b per map (K·bins)
    detail::aligned_vector<T> m_c_re, m_c_im; // D̂ᵀb / (ρ + Σ|D̂|²) per bin
    std::vector<T> m_x, m_y;
    detail::aligned_vector<T> m_w;        // W = Y − U: the X-step transforms it as it is
    std::vector<simd::admm_norms> m_sums; // per map, summed in map order
    sparse_code<T> m_code;
    std::size_t m_iterations = 0;
    bool m_converged = false;
    double m_rho = 0, m_primal = 0, m_dual = 0;
};

/// Solver policy: convolutional basis pursuit denoising by ADMM (SPORCO's ConvBPDN) on the FFT
/// backend Fft (hsc::fft::real_fft_2d, or hsc::fft::fftw_real_2d from hsc/fft/fftw.hpp). No patch
/// engine: the patch lasso is solver::fista's.
template <template <class> class Fft>
struct basic_admm
{
    static constexpr const char* name = "admm";
    admm_options options{};

    template <std::floating_point T, class Extents>
    using engine = std::conditional_t<ConvExtents<Extents>, cbpdn_admm_engine<T, Fft<T>>, no_engine>;
};

} // namespace hsc::solver
