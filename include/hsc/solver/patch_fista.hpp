// The ℓ1-regularised least squares (lasso) of short signals over a dense dictionary (patch mode),
//   minimise ½‖D x − s‖² + λ‖x‖₁,
// by FISTA on the Gram matrix G = DᵀD: ∇ = G y − Dᵀs, step 1/L with L = λ_max(G) from a power
// iteration (enlarged by 1e-4 relative, since the estimate approaches λ_max from below), adaptive
// restart by the gradient scheme (O'Donoghue & Candès 2015: drop the momentum when it points
// against the last step), stop on the relative change of x.
//
// Sizes are run-time (hsc::dynamic) or compile-time, as hsc::patch_coder: patch_fista<float, 64, 256>
// keeps everything in fixed arrays, no heap.
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/buffer.hpp"
#include "hsc/detail/gram.hpp"
#include "hsc/detail/power_iteration.hpp"
#include "hsc/simd/kernels.hpp"

#include <cmath>
#include <string>

namespace hsc {

struct patch_fista_options
{
    double lambda = 0.1;
    std::size_t max_iterations = 1000;
    double tolerance = 1e-6; ///< on ‖x_{k+1} − x_k‖ / ‖x_{k+1}‖
    bool restart = true;
};

/// N: signal length, K: number of atoms (each hsc::dynamic or a size).
template <std::floating_point T, std::size_t N = dynamic, std::size_t K = dynamic>
class patch_fista
{
public:
    /// `dictionary` is K rows of N values (one atom per row, row-major).
    patch_fista(const T* dictionary, std::size_t n, std::size_t k, const patch_fista_options& options = {})
        : m_n(N == dynamic ? n : N), m_k(K == dynamic ? k : K), m_options(options)
    {
        require((N == dynamic || n == N) && (K == dynamic || k == K), errc::invalid_argument, [&] {
            return "patch_fista: run-time sizes (" + std::to_string(n) + ", " + std::to_string(k) +
                   ") differ from the compile-time ones";
        });
        require(m_n > 0 && m_k > 0, errc::invalid_argument,
                [] { return std::string("patch_fista: needs signals and atoms of nonzero size"); });
        require(options.lambda > 0 && std::isfinite(options.lambda) && options.max_iterations > 0 &&
                    options.tolerance >= 0,
                errc::invalid_argument, [&] {
                    return "patch_fista: needs a finite lambda > 0, iterations > 0 and tolerance >= 0 (got lambda " +
                           std::to_string(options.lambda) + ")";
                });
        m_dictionary.resize(m_n * m_k);
        m_gram.resize(m_k * m_k);
        m_b.resize(m_k);
        m_x_prev.resize(m_k);
        m_y.resize(m_k);
        m_gradient.resize(m_k);
        detail::load_dictionary(dictionary, m_n, m_k, m_dictionary.get(), m_gram.get(), "patch_fista");
        const double top = detail::largest_eigenvalue([this](const T* in, T* out) { gram_times(in, out); }, m_y.get(),
                                                      m_gradient.get(), m_k);
        require(top > 0, errc::invalid_argument, [] { return std::string("patch_fista: every atom is zero"); });
        m_lipschitz = top * (1 + 1e-4);
    }

    std::size_t signal_size() const noexcept { return m_n; }
    std::size_t atom_count() const noexcept { return m_k; }
    double lipschitz() const noexcept { return m_lipschitz; }

    /// Codes one signal of N values into K coefficients (starting from zero); returns the
    /// iterations run.
    std::size_t encode(const T* signal, T* coefficients) noexcept
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
        const T threshold = static_cast<T>(m_options.lambda / m_lipschitz);
        double t = 1;
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
            if (norm == 0 ? change == 0 : change <= m_options.tolerance * m_options.tolerance * norm) break;
            if (m_options.restart && direction > 0) t = 1;
            const double t_next = (1 + std::sqrt(1 + 4 * t * t)) / 2;
            const T beta = static_cast<T>((t - 1) / t_next);
            t = t_next;
            for (std::size_t a = 0; a < m_k; ++a) y[a] = x[a] + beta * (x[a] - x_prev[a]);
        }
        return it;
    }

private:
    void gram_times(const T* in, T* out) const noexcept
    {
        for (std::size_t a = 0; a < m_k; ++a) out[a] = simd::dot(m_gram.get() + a * m_k, in, m_k);
    }

    std::size_t m_n, m_k;
    patch_fista_options m_options;
    double m_lipschitz = 0;
    detail::buffer<T, N * K> m_dictionary;
    detail::buffer<T, K * K> m_gram;
    detail::buffer<T, K> m_b, m_x_prev, m_y, m_gradient;
};

} // namespace hsc
