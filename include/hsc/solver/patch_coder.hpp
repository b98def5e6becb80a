// Greedy coding of many short signals over a dense dictionary (patch mode): matching pursuit and
// Batch-OMP (Rubinstein, Zibulevsky & Elad 2008) on a precomputed Gram matrix, with the least
// squares of OMP kept as a progressively grown Cholesky factor.
//
// Sizes are run-time (hsc::dynamic, the default) or compile-time: patch_coder<float, 64, 256, 10>
// keeps the dictionary, the Gram matrix and every buffer in fixed arrays — no heap at all, for
// embedded builds. Selection is argmax |Dᵀr| as in scikit-learn's orthogonal_mp_gram, so the
// coefficients agree with it; atoms should have unit ℓ2 norm for the selection to be meaningful.
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/buffer.hpp"
#include "hsc/detail/gram.hpp"
#include "hsc/simd/kernels.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace hsc {

enum class patch_solver {
    mp,
    omp
};

/// N: signal length, K: number of atoms, L: most atoms per signal (each hsc::dynamic or a size).
template <std::floating_point T, std::size_t N = dynamic, std::size_t K = dynamic, std::size_t L = dynamic>
class patch_coder
{
public:
    /// `dictionary` is K rows of N values (one atom per row, row-major).
    patch_coder(const T* dictionary, std::size_t n, std::size_t k, std::size_t max_atoms)
        : m_n(N == dynamic ? n : N), m_k(K == dynamic ? k : K), m_l(L == dynamic ? max_atoms : L)
    {
        require((N == dynamic || n == N) && (K == dynamic || k == K) && (L == dynamic || max_atoms == L),
                errc::invalid_argument, [&] {
                    return "patch_coder: run-time sizes (" + std::to_string(n) + ", " + std::to_string(k) + ", " +
                           std::to_string(max_atoms) + ") differ from the compile-time ones";
                });
        require(m_n > 0 && m_k > 0 && m_l > 0 && m_l <= m_k && m_l <= m_n, errc::invalid_argument, [&] {
            return "patch_coder: needs n > 0, K > 0 and 0 < atoms <= min(n, K) (got n " + std::to_string(m_n) + ", K " +
                   std::to_string(m_k) + ", atoms " + std::to_string(m_l) + ")";
        });
        m_dictionary.resize(m_n * m_k);
        m_gram.resize(m_k * m_k);
        m_alpha0.resize(m_k);
        m_alpha.resize(m_k);
        m_chol.resize(m_l * m_l);
        m_gamma.resize(m_l);
        m_w.resize(m_l);
        m_selected.resize(m_l);
        detail::load_dictionary(dictionary, m_n, m_k, m_dictionary.get(), m_gram.get(), "patch_coder");
    }

    std::size_t signal_size() const noexcept { return m_n; }
    std::size_t atom_count() const noexcept { return m_k; }
    std::size_t max_atoms() const noexcept { return m_l; }

    /// Codes one signal of N values into K dense coefficients; returns the number of atoms used
    /// (fewer than max_atoms when the signal is explained exactly or the next atom is dependent).
    std::size_t encode(const T* signal, T* coefficients, patch_solver solver) noexcept
    {
        T* alpha0 = m_alpha0.get();
        for (std::size_t a = 0; a < m_k; ++a) {
            alpha0[a] = simd::dot(m_dictionary.get() + a * m_n, signal, m_n);
            coefficients[a] = T(0);
        }
        return solver == patch_solver::omp ? batch_omp(coefficients) : matching_pursuit(coefficients);
    }

private:
    std::size_t matching_pursuit(T* coefficients) noexcept
    {
        T* alpha = m_alpha.get();
        std::copy(m_alpha0.get(), m_alpha0.get() + m_k, alpha);
        std::size_t used = 0;
        for (std::size_t step = 0; step < m_l; ++step) {
            const auto best = simd::max_abs(alpha, m_k);
            if (best.value == T(0)) break;
            const T a = alpha[best.index];
            used += coefficients[best.index] == T(0);
            coefficients[best.index] += a;
            simd::axpy(-a, m_gram.get() + best.index * m_k, alpha, m_k);
        }
        return used;
    }

    std::size_t batch_omp(T* coefficients) noexcept
    {
        const T* gram = m_gram.get();
        const T* alpha0 = m_alpha0.get();
        T* alpha = m_alpha.get();
        T* chol = m_chol.get(); // lower triangular, row-major, m_l × m_l
        T* gamma = m_gamma.get();
        T* w = m_w.get();
        std::uint32_t* selected = m_selected.get();
        std::copy(alpha0, alpha0 + m_k, alpha);
        std::size_t s = 0;
        for (; s < m_l; ++s) {
            const auto best = simd::max_abs(alpha, m_k);
            if (best.value <= std::numeric_limits<T>::epsilon() * max_abs_alpha0()) break;
            const std::size_t k = best.index;
            // Grow the Cholesky factor of G_II by the new row: solve L w = G_I,k, then
            // the diagonal is sqrt(G_kk − wᵀw). A tiny diagonal means k depends on I: stop.
            T wtw = 0;
            for (std::size_t i = 0; i < s; ++i) {
                T v = gram[selected[i] * m_k + k];
                for (std::size_t j = 0; j < i; ++j) v -= chol[i * m_l + j] * w[j];
                w[i] = v / chol[i * m_l + i];
                wtw += w[i] * w[i];
            }
            const T diag2 = gram[k * m_k + k] - wtw;
            if (!(diag2 > std::numeric_limits<T>::epsilon() * gram[k * m_k + k])) break;
            for (std::size_t j = 0; j < s; ++j) chol[s * m_l + j] = w[j];
            chol[s * m_l + s] = std::sqrt(diag2);
            selected[s] = static_cast<std::uint32_t>(k);
            // γ = (L Lᵀ)⁻¹ α0_I by forward then back substitution.
            for (std::size_t i = 0; i <= s; ++i) {
                T v = alpha0[selected[i]];
                for (std::size_t j = 0; j < i; ++j) v -= chol[i * m_l + j] * gamma[j];
                gamma[i] = v / chol[i * m_l + i];
            }
            for (std::size_t i = s + 1; i-- > 0;) {
                T v = gamma[i];
                for (std::size_t j = i + 1; j <= s; ++j) v -= chol[j * m_l + i] * gamma[j];
                gamma[i] = v / chol[i * m_l + i];
            }
            // α = α0 − G_:,I γ: correlations of the new residual with every atom.
            std::copy(alpha0, alpha0 + m_k, alpha);
            for (std::size_t i = 0; i <= s; ++i) simd::axpy(-gamma[i], gram + selected[i] * m_k, alpha, m_k);
            // Selected atoms are orthogonal to the residual; zero them exactly so rounding
            // cannot select one twice.
            for (std::size_t i = 0; i <= s; ++i) alpha[selected[i]] = T(0);
        }
        for (std::size_t i = 0; i < s; ++i) coefficients[selected[i]] = gamma[i];
        return s;
    }

    T max_abs_alpha0() const noexcept { return simd::max_abs_value(m_alpha0.get(), m_k); }

    std::size_t m_n, m_k, m_l;
    detail::buffer<T, N * K> m_dictionary;
    detail::buffer<T, K * K> m_gram;
    detail::buffer<T, K> m_alpha0, m_alpha;
    detail::buffer<T, L * L> m_chol;
    detail::buffer<T, L> m_gamma, m_w;
    detail::buffer<std::uint32_t, L> m_selected;
};

} // namespace hsc
