// Convolutional basis pursuit denoising by FISTA (Beck & Teboulle 2009), the same objective as
// hsc::cbpdn_admm_engine:  minimise F(x) = ½‖Σ_m d_m ∗ x_m − s‖² + λ Σ_m ‖w_m ⊙ x_m‖₁.
//
//   x_{k+1} = soft(y_k − ∇f(y_k)/L, λw/L),  y_k = x_k + β_k (x_k − x_{k−1}),
//   β_k = (t_k − 1)/t_{k+1},  t_{k+1} = (1 + √(1 + 4t_k²))/2.
//
// The gradient is linear in x, so ∇f(y_k) = g_k + β_k (g_k − g_{k−1}) with g_k = ∇f(x_k): each
// iteration transforms x_k forward and g_k back (2·K real transforms, as ADMM), and the residual
// spectrum at x_k gives F(x_k) and the duality gap of x_k exactly, every iteration, for free.
//
// Step 1/L with L = ‖D‖² = max over frequency bins of Σ_m |D̂_m|²: the synthesis is diagonal in
// frequency with rank-one blocks, so this is the exact value that a power iteration on DᵀD tends
// to (the tests check that it does). Optional adaptive restart (O'Donoghue & Candès 2015, function
// scheme): when F(x_k) > F(x_{k−1}) the momentum is dropped.
//
// Stops on: relative change ‖x_{k+1} − x_k‖/‖x_{k+1}‖ < tolerance; relative duality gap of x_k
// below gap_tolerance (dual point θ = c·(s − Dx), c = min(1, min_i λw_i/|(Dᵀ(s − Dx))_i|));
// F(x_k) ≤ target_objective; or the iteration cap.
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/detail/buffer.hpp"
#include "hsc/detail/gram.hpp"
#include "hsc/detail/power_iteration.hpp"
#include "hsc/detail/split_complex.hpp"
#include "hsc/encoder/extents.hpp"
#include "hsc/fft/real_fft_2d.hpp"
#include "hsc/simd/kernels.hpp"
#include "hsc/solver/cbpdn_problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hsc::solver {

/// Options of both FISTA engines. The patch engine solves the unweighted lasso of one signal: it
/// takes λ, max_iterations, tolerance and restart, and refuses the others.
struct fista_options
{
    cbpdn_options problem{}; ///< λ, threads, ℓ1 weights
    std::size_t max_iterations = 500;
    double tolerance = 1e-4;     ///< on the relative change of x; 0 turns it off
    double gap_tolerance = 0;    ///< on the relative duality gap; 0 turns it off
    double target_objective = 0; ///< stop once F(x) ≤ this; 0 turns it off
    bool restart = true;         ///< adaptive restart
};

template <std::floating_point T, class Fft = fft::real_fft_2d<T>>
requires fft::RealFft2d<Fft, T>
class cbpdn_fista_engine
{
public:
    template <template <class> class Backend>
    cbpdn_fista_engine(const kernel_bank<T>& bank, std::size_t height, std::size_t width, boundary mode,
                       const basic_fista<Backend>& policy)
        : m_problem(bank, height, width, mode, policy.options.problem, "fista"), m_options(policy.options)
    {
        const fista_options& options = policy.options;
        require(options.max_iterations > 0 && options.tolerance >= 0 && options.gap_tolerance >= 0 &&
                    options.target_objective >= 0 && std::isfinite(options.target_objective),
                errc::invalid_argument, [&] {
                    return "fista: needs iterations > 0 and tolerances, target >= 0 (got tolerance " +
                           std::to_string(options.tolerance) + ", gap tolerance " +
                           std::to_string(options.gap_tolerance) + ")";
                });
        const std::size_t k = m_problem.maps(), pixels = m_problem.pixels(), bins = m_problem.bins();
        set_step();
        m_r_re.resize(bins);
        m_r_im.resize(bins);
        m_x.resize(k * pixels);
        m_x_prev.resize(k * pixels);
        m_g.resize(k * pixels);
        m_sums.resize(k);
        m_code = sparse_code<T>({k, height, width, mode});
        m_code.reserve(k * pixels / 16);
    }

    /// Solves CBPDN for an h×w image from x = 0. Iterations allocate nothing; collecting the sparse
    /// code at the end may grow its event list.
    encode_report encode(const T* image) noexcept
    {
        const std::size_t pixels = m_problem.pixels();
        m_problem.set_image(image);
        std::fill(m_x.begin(), m_x.end(), T(0));
        std::fill(m_x_prev.begin(), m_x_prev.end(), T(0));
        std::fill(m_g.begin(), m_g.end(), T(0));
        const T step = static_cast<T>(1 / m_lipschitz);
        const double lambda = m_options.problem.lambda;
        double t = 1, l1 = 0, previous_objective = std::numeric_limits<double>::infinity();
        const T* result = m_x.data();
        m_iterations = 0;
        encode_report::stop_reason reason = encode_report::iterations;
        m_objective_trace.clear();
        for (std::size_t it = 0; it < m_options.max_iterations; ++it) {
            ++m_iterations;
            // Σ_m D̂_m X̂_m in one pass of transforms (x_0 = 0 needs none), then R̂ = that − Ŝ.
            const bool zero = it == 0;
            if (!zero) {
                m_problem.forward_synthesise(
                    nullptr, nullptr, [&](std::size_t k, T*) { return static_cast<const T*>(m_x.data() + k * pixels); },
                    [](std::size_t, T*, T*) {});
            }
            const auto sums = m_problem.template sum_over_bins<2>(
                [&](std::size_t begin, std::size_t end) { return residual(begin, end, zero); });
            const double residual_energy = sums[0] / double(pixels), s_dot_r = sums[1] / double(pixels);
            const double objective = 0.5 * residual_energy + lambda * l1;
            if (m_objective_trace.size() < m_objective_trace.capacity()) m_objective_trace.push_back(objective);
            if (m_options.target_objective > 0 && objective <= m_options.target_objective) {
                reason = encode_report::target_objective;
                break;
            }
            if (m_options.restart && objective > previous_objective) t = 1;
            previous_objective = objective;
            const double t_next = (1 + std::sqrt(1 + 4 * t * t)) / 2;
            const T beta = static_cast<T>((t - 1) / t_next);
            t = t_next;
            // g_k back to space; y = x + β(x − x_prev), ∇f(y) = g + β(g − g_prev), then the prox.
            const T threshold = static_cast<T>(lambda) * step;
            // Ĝ_m = conj(D̂_m) R̂ formed per map as its inverse transform needs it.
            const auto gradient_spectrum = [&](std::size_t k, T* g_re, T* g_im) {
                detail::conj_multiply(m_problem.bins(), m_problem.d_re(k), m_problem.d_im(k), m_r_re.data(),
                                      m_r_im.data(), g_re, g_im);
                return std::pair<const T*, const T*>{g_re, g_im};
            };
            m_problem.inverse_maps(gradient_spectrum, [&](std::size_t k, const T* g) {
                m_sums[k] = m_problem.pixel_weights(k) == nullptr ? update_map<false>(k, g, beta, step, threshold)
                                                                  : update_map<true>(k, g, beta, step, threshold);
            });
            double change = 0, norm = 0, gradient_ratio = 0;
            l1 = 0;
            for (const auto& s : m_sums) {
                change += s.change, norm += s.norm, l1 += s.l1;
                gradient_ratio = std::max(gradient_ratio, s.gradient_ratio);
            }
            // Duality gap of x_k (now in m_x_prev): P − D(θ) with θ = c·r, r = s − Dx_k = −R.
            const double c = gradient_ratio > 0 ? std::min(1.0, lambda / gradient_ratio) : 1.0;
            // D(θ) = ½‖s‖² − ½‖s − θ‖² = −c⟨s, R⟩ − ½c²‖R‖².
            const double dual = -c * s_dot_r - 0.5 * c * c * residual_energy;
            m_gap = objective > 0 ? (objective - dual) / objective : 0;
            m_change = norm > 0 ? std::sqrt(change / norm) : 0;
            if (m_options.gap_tolerance > 0 && m_gap < m_options.gap_tolerance) {
                result = m_x_prev.data(); // the certified iterate
                reason = encode_report::converged;
                break;
            }
            if (m_options.tolerance > 0 && it != 0 && m_change < m_options.tolerance) {
                reason = encode_report::converged;
                break;
            }
        }
        m_solution_is_previous = result == m_x_prev.data();
        encode_report report = m_problem.report(image, result);
        m_problem.collect(result, m_code);
        report.reason = reason;
        report.selections = m_iterations;
        return report;
    }

    /// Keeps F(x_k) of every iteration of the next encodes (up to `iterations` values, reserved now).
    void set_trace_capacity(std::size_t iterations) { m_objective_trace.reserve(iterations); }
    /// F(x_k) per iteration of the last encode, when set_trace_capacity made room; else the
    /// values that fit without allocating.
    const std::vector<double>& objective_trace() const noexcept { return m_objective_trace; }

    const sparse_code<T>& code() const noexcept { return m_code; }

    /// Codes the next images with other atoms of the same count and size (checked by hsc::encoder).
    void set_bank(const kernel_bank<T>& bank)
    {
        m_problem.set_atoms(bank);
        set_step();
    }
    /// Dense maps (K, H, W) of the last solution (the iterate the stopping test certified).
    const T* solution() const noexcept { return m_solution_is_previous ? m_x_prev.data() : m_x.data(); }
    std::size_t iterations() const noexcept { return m_iterations; }
    /// L = ‖D‖², the step being 1/L.
    double lipschitz() const noexcept { return m_lipschitz; }
    /// At the last iteration: relative duality gap of x_k and relative change of x.
    double duality_gap() const noexcept { return m_gap; }
    double relative_change() const noexcept { return m_change; }
    std::size_t height() const noexcept { return m_problem.height(); }
    std::size_t width() const noexcept { return m_problem.width(); }
    const cbpdn_problem<T, Fft>& problem() const noexcept { return m_problem; }

private:
    /// L = ‖D‖² = max over bins of Σ_m |D̂_m|².
    void set_step()
    {
        const auto& power = m_problem.d_power();
        m_lipschitz = static_cast<double>(*std::max_element(power.begin(), power.end()));
        require(m_lipschitz > 0, errc::invalid_argument,
                [] { return std::string("fista: every atom of the bank is zero"); });
    }

    struct map_sums
    {
        double change = 0, norm = 0, l1 = 0, gradient_ratio = 0;
    };

    /// For bins [begin, end): R̂ = Σ_m D̂_m X̂_m − Ŝ (−Ŝ when x = 0) into m_r; returns
    /// Σ w_b |R̂_b|² and Σ w_b Re(conj(Ŝ_b) R̂_b).
    std::array<double, 2> residual(std::size_t begin, std::size_t end, bool zero) noexcept
    {
        const T *s_re = m_problem.s_re().data(), *s_im = m_problem.s_im().data();
        T *r_re = m_r_re.data(), *r_im = m_r_im.data();
        if (zero) {
            std::fill(r_re + begin, r_re + end, T(0));
            std::fill(r_im + begin, r_im + end, T(0));
        } else {
            m_problem.synthesis(begin, end, r_re + begin, r_im + begin);
        }
        double rr = 0, sr = 0;
        for (std::size_t b = begin; b < end; ++b) {
            r_re[b] -= s_re[b];
            r_im[b] -= s_im[b];
            const double w = m_problem.bin_weight(b), re = r_re[b], im = r_im[b];
            rr += w * (re * re + im * im);
            sr += w * (static_cast<double>(s_re[b]) * re + static_cast<double>(s_im[b]) * im);
        }
        return {rr, sr};
    }

    /// One proximal-gradient step on map k; afterwards m_x_prev holds x_k, m_x x_{k+1}, m_g g_k.
    /// `threshold` is λ/L; the map's weights scale it.
    template <bool PixelWeights>
    map_sums update_map(std::size_t k, const T* g_new, T beta, T step, T threshold) noexcept
    {
        const std::size_t pixels = m_problem.pixels();
        T* x = m_x.data() + k * pixels;
        T* x_prev = m_x_prev.data() + k * pixels;
        T* g = m_g.data() + k * pixels;
        const T* pw = m_problem.pixel_weights(k);
        const T map_weight = m_problem.map_weight(k);
        constexpr double infinity = std::numeric_limits<double>::infinity();
        // Sums and maxima in independent lanes, combined in lane order: lets the loop vectorise
        // with a fixed summation order.
        constexpr std::size_t lanes = 8;
        double change[lanes] = {}, norm[lanes] = {}, l1[lanes] = {}, largest[lanes] = {};
        auto body = [&](std::size_t i, std::size_t lane) {
            const T w = PixelWeights ? map_weight * pw[i] : map_weight;
            const T y = x[i] + beta * (x[i] - x_prev[i]);
            const T gy = g_new[i] + beta * (g_new[i] - g[i]);
            const T x_next = simd::shrink(y - step * gy, threshold * w);
            const double magnitude = std::abs(static_cast<double>(g_new[i]));
            if constexpr (PixelWeights) {
                // |g_i| / w_i bounds the dual scaling; a zero weight with a nonzero gradient makes
                // the dual point 0 (gap = F): honest, if useless, for such problems.
                const double ratio = w > 0 ? magnitude / w : (magnitude > 0 ? infinity : 0.0);
                largest[lane] = std::max(largest[lane], ratio);
                l1[lane] += static_cast<double>(w) * std::abs(static_cast<double>(x_next));
            } else {
                largest[lane] = std::max(largest[lane], magnitude);
                l1[lane] += std::abs(static_cast<double>(x_next));
            }
            const double d = static_cast<double>(x_next) - static_cast<double>(x[i]);
            change[lane] += d * d;
            norm[lane] += static_cast<double>(x_next) * x_next;
            x_prev[i] = x[i];
            x[i] = x_next;
            g[i] = g_new[i];
        };
        std::size_t i = 0;
        for (; i + lanes <= pixels; i += lanes)
            for (std::size_t lane = 0; lane < lanes; ++lane) body(i + lane, lane);
        for (; i < pixels; ++i) body(i, 0);
        map_sums sums;
        double total_l1 = 0, top = 0;
        for (std::size_t lane = 0; lane < lanes; ++lane) {
            sums.change += change[lane], sums.norm += norm[lane], total_l1 += l1[lane];
            top = std::max(top, largest[lane]);
        }
        if constexpr (PixelWeights) {
            sums.l1 = total_l1;
            sums.gradient_ratio = top;
        } else {
            sums.l1 = map_weight * total_l1;
            sums.gradient_ratio = map_weight > 0 ? top / map_weight : (top > 0 ? infinity : 0.0);
        }
        return sums;
    }

    cbpdn_problem<T, Fft> m_problem;
    fista_options m_options;
    double m_lipschitz = 0;
    detail::aligned_vector<T> m_r_re, m_r_im; // R̂ = Σ_m D̂_m X̂_m − Ŝ per bin
    detail::aligned_vector<T> m_x, m_x_prev, m_g;
    std::vector<map_sums> m_sums;
    std::vector<double> m_objective_trace;
    sparse_code<T> m_code;
    bool m_solution_is_previous = false;
    std::size_t m_iterations = 0;
    double m_gap = 0, m_change = 0;
};

/// The lasso of one short signal over a dense dictionary (patch mode),
///   minimise ½‖D x − s‖² + λ‖x‖₁,
/// by FISTA on the Gram matrix G = DᵀD: ∇ = G y − Dᵀs, step 1/L with L = λ_max(G) from a power
/// iteration (enlarged by 1e-4 relative, since the estimate approaches λ_max from below), adaptive
/// restart by the gradient scheme (O'Donoghue & Candès 2015: drop the momentum when it points
/// against the last step), stop on the relative change of x. Fixed arrays when the extents are.
template <std::floating_point T, class Extents>
class patch_fista_engine
{
    static constexpr std::size_t K = Extents::atoms, N = Extents::length;

public:
    template <template <class> class Backend>
    patch_fista_engine(const T* dictionary, std::size_t atoms, std::size_t length, const basic_fista<Backend>& policy)
        : m_n(length), m_k(atoms), m_options(policy.options)
    {
        const fista_options& options = policy.options;
        require(m_n > 0 && m_k > 0, errc::invalid_argument,
                [] { return std::string("patch fista: needs signals and atoms of nonzero size"); });
        const double lambda = options.problem.lambda;
        require(lambda > 0 && std::isfinite(lambda) && options.max_iterations > 0 && options.tolerance >= 0,
                errc::invalid_argument, [&] {
                    return "patch fista: needs a finite lambda > 0, iterations > 0 and tolerance >= 0 (got lambda " +
                           std::to_string(lambda) + ")";
                });
        require(options.problem.l1_weights.empty() && options.gap_tolerance == 0 && options.target_objective == 0,
                errc::invalid_argument, [] {
                    return std::string("patch fista: l1 weights, a gap tolerance and a target objective apply to "
                                       "convolutional coding only");
                });
        m_dictionary.resize(m_n * m_k);
        m_gram.resize(m_k * m_k);
        m_b.resize(m_k);
        m_x_prev.resize(m_k);
        m_y.resize(m_k);
        m_gradient.resize(m_k);
        set_bank(dictionary);
    }

    /// Rebinds the engine to another dictionary of the same sizes, in the buffers it has.
    void set_bank(const T* dictionary)
    {
        detail::load_dictionary(dictionary, m_n, m_k, m_dictionary.get(), m_gram.get(), "patch fista");
        const double top = detail::largest_eigenvalue([this](const T* in, T* out) { gram_times(in, out); }, m_y.get(),
                                                      m_gradient.get(), m_k);
        require(top > 0, errc::invalid_argument, [] { return std::string("patch fista: every atom is zero"); });
        m_lipschitz = top * (1 + 1e-4);
    }

    double lipschitz() const noexcept { return m_lipschitz; }

    /// Codes one signal (length values) into `coefficients` (atoms values), starting from zero.
    /// report.selections is the number of iterations.
    encode_report encode(const T* signal, T* coefficients) noexcept
    {
        T* b = m_b.get();
        T* x = coefficients;
        T* x_prev = m_x_prev.get();
        T* y = m_y.get();
        T* g = m_gradient.get();
        for (std::size_t a = 0; a < m_k; ++a) {
            b[a] = simd::dot(m_dictionary.get() + a * m_n, signal, m_n);
            x[a] = x_prev[a] = y[a] = T(0);
        }
        const T step = static_cast<T>(1 / m_lipschitz);
        const T threshold = static_cast<T>(m_options.problem.lambda / m_lipschitz);
        double t = 1;
        encode_report report;
        report.reason = encode_report::iterations;
        std::size_t it = 0;
        while (it < m_options.max_iterations) {
            ++it;
            gram_times(y, g); // ∇ at y: G y − Dᵀs
            double change = 0, norm = 0, direction = 0;
            for (std::size_t a = 0; a < m_k; ++a) {
                const T v = y[a] - step * (g[a] - b[a]);
                const T next = simd::shrink(v, threshold);
                const double d = static_cast<double>(next) - x[a];
                direction += (static_cast<double>(y[a]) - next) * d;
                change += d * d;
                norm += static_cast<double>(next) * next;
                x_prev[a] = x[a];
                x[a] = next;
            }
            if (norm == 0 ? change == 0 : change <= m_options.tolerance * m_options.tolerance * norm) {
                report.reason = encode_report::converged;
                break;
            }
            if (m_options.restart && direction > 0) t = 1;
            const double t_next = (1 + std::sqrt(1 + 4 * t * t)) / 2;
            const T beta = static_cast<T>((t - 1) / t_next);
            t = t_next;
            for (std::size_t a = 0; a < m_k; ++a) y[a] = x[a] + beta * (x[a] - x_prev[a]);
        }
        report.selections = it;
        return report;
    }

private:
    void gram_times(const T* in, T* out) const noexcept
    {
        for (std::size_t a = 0; a < m_k; ++a) out[a] = simd::dot(m_gram.get() + a * m_k, in, m_k);
    }

    std::size_t m_n, m_k;
    fista_options m_options;
    double m_lipschitz = 0;
    detail::buffer<T, N * K> m_dictionary;
    detail::buffer<T, K * K> m_gram;
    detail::buffer<T, K> m_b, m_x_prev, m_y, m_gradient;
};

/// Solver policy: FISTA. Whole images: CBPDN on the FFT backend Fft (hsc::fft::real_fft_2d, or
/// hsc::fft::fftw_real_2d from hsc/fft/fftw.hpp); patches: the lasso on the Gram matrix.
template <template <class> class Fft>
struct basic_fista
{
    static constexpr const char* name = "fista";
    fista_options options{};

    template <std::floating_point T, class Extents>
    using engine =
        std::conditional_t<PatchExtents<Extents>, patch_fista_engine<T, Extents>, cbpdn_fista_engine<T, Fft<T>>>;
};

} // namespace hsc::solver
