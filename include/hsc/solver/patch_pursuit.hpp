// What patch-mode MP and Batch-OMP share (hsc/solver/mp.hpp, omp.hpp): the dense dictionary, its
// Gram matrix, the correlations Dᵀs of the signal being coded, and the stopping criteria.
//
// Sizes come from hsc::patch_extents: run-time (hsc::dynamic) or compile-time, in which case the
// dictionary, the Gram matrix and every buffer live in fixed arrays — no heap at all, for embedded
// builds. Selection is argmax |Dᵀr| as in scikit-learn's orthogonal_mp_gram, so the coefficients
// agree with it; atoms should have unit ℓ2 norm for the selection to be meaningful.
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/buffer.hpp"
#include "hsc/detail/gram.hpp"
#include "hsc/encoder/extents.hpp"
#include "hsc/simd/kernels.hpp"
#include "hsc/solver/pursuit_options.hpp"
#include "hsc/solver/report.hpp"

#include <cmath>
#include <cstddef>
#include <string>

namespace hsc::solver {

template <std::floating_point T, class Extents>
class patch_pursuit_base
{
public:
    std::size_t atoms() const noexcept { return m_k; }
    std::size_t length() const noexcept { return m_n; }

    /// Rebinds the engine to another dictionary of the same sizes, in the buffers it has.
    void set_dictionary(const T* dictionary)
    {
        detail::load_dictionary(dictionary, m_n, m_k, m_dictionary.get(), m_gram.get(), m_who);
    }

protected:
    static constexpr std::size_t K = Extents::atoms, N = Extents::length;

    patch_pursuit_base(const T* dictionary, std::size_t atoms, std::size_t length, const mp_options& options,
                       const char* who)
        : m_k(atoms), m_n(length), m_options(options), m_who(who)
    {
        require(m_n > 0 && m_k > 0 && options.max_atoms > 0, errc::invalid_argument, [&] {
            return std::string(who) + ": needs signals, atoms and max_atoms > 0 (got length " + std::to_string(m_n) +
                   ", " + std::to_string(m_k) + " atoms, max_atoms " + std::to_string(options.max_atoms) + ")";
        });
        require(options.threshold >= 0 && options.gain > 0 && options.gain <= 1, errc::invalid_argument, [&] {
            return std::string(who) + ": needs threshold >= 0 and gain in (0, 1] (got " +
                   std::to_string(options.threshold) + ", " + std::to_string(options.gain) + ")";
        });
        require(std::isinf(options.target_psnr_db) && options.target_psnr_db > 0, errc::invalid_argument,
                [&] { return std::string(who) + ": a PSNR target does not apply to patches (a signal has no range)"; });
        m_dictionary.resize(m_n * m_k);
        m_gram.resize(m_k * m_k);
        m_alpha0.resize(m_k);
        m_alpha.resize(m_k);
        set_dictionary(dictionary);
    }

    /// α0 = Dᵀs, and the coefficients zeroed.
    void start(const T* signal, T* coefficients) noexcept
    {
        T* alpha0 = m_alpha0.get();
        for (std::size_t a = 0; a < m_k; ++a) {
            alpha0[a] = simd::dot(m_dictionary.get() + a * m_n, signal, m_n);
            coefficients[a] = T(0);
        }
    }

    std::size_t m_k, m_n;
    mp_options m_options;
    const char* m_who;
    detail::buffer<T, N * K> m_dictionary;
    detail::buffer<T, K * K> m_gram;
    detail::buffer<T, K> m_alpha0, m_alpha;
};

} // namespace hsc::solver
