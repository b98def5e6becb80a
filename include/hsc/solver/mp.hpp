// Matching pursuit: select the atom of largest |correlation| with the residual, subtract α times
// its projection, repeat. One policy, hsc::solver::mp, with an engine for whole images
// (conv_extents) and one for short signals over a dense dictionary (patch_extents).
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/solver/conv_pursuit.hpp"
#include "hsc/solver/patch_pursuit.hpp"

#include <cstdint>
#include <string>
#include <type_traits>

namespace hsc::solver {

template <std::floating_point T>
class conv_mp_engine;
template <std::floating_point T, class Extents>
class patch_mp_engine;

/// Solver policy: matching pursuit; its options are its stopping criteria (and α), and for whole
/// images how the atoms' cross-correlations are stored (exact unless asked).
struct mp
{
    static constexpr const char* name = "mp";
    mp_options options{};
    cross_table table = cross_table::exact;

    template <std::floating_point T, class Extents>
    using engine = greedy_engine<T, Extents, conv_mp_engine, patch_mp_engine>;
};

/// Convolutional matching pursuit on a whole image.
template <std::floating_point T>
class conv_mp_engine : public conv_pursuit_base<T>
{
    using base = conv_pursuit_base<T>;

public:
    conv_mp_engine(const kernel_bank<T>& bank, std::size_t height, std::size_t width, boundary mode, const mp& policy)
        : base(bank, height, width, mode, policy.options, policy.table, "matching pursuit")
    {}

    /// Codes an h×w image (row-major). Preconditions (checked by hsc::encoder): right size, finite.
    encode_report encode(const T* image) noexcept
    {
        this->start(image);
        encode_report report;
        auto& code = this->m_code;
        const T gain = static_cast<T>(this->m_options.gain);
        for (auto next = this->select(); !this->should_stop(next, code.events().size(), report);
             next = this->select()) {
            const T step = gain * next.a;
            code.push_back({static_cast<std::uint32_t>(next.k), static_cast<std::uint32_t>(next.r),
                            static_cast<std::uint32_t>(next.c), this->bank_scale(next.k, step)});
            this->subtract(next.k, next.r, next.c, step);
        }
        return this->finish(report);
    }

    void set_bank(const kernel_bank<T>& bank) { this->rebind(bank, "matching pursuit"); }
};

/// Matching pursuit of one signal on the Gram matrix: the correlations are updated by a row of G
/// per selection, never recomputed from the residual.
template <std::floating_point T, class Extents>
class patch_mp_engine : public patch_pursuit_base<T, Extents>
{
    using base = patch_pursuit_base<T, Extents>;

public:
    patch_mp_engine(const T* dictionary, std::size_t atoms, std::size_t length, const mp& policy)
        : base(dictionary, atoms, length, policy.options, "patch matching pursuit")
    {
        // The narrow table is the image engine's: the Gram matrix of a dense dictionary is small
        // enough to stay in cache.
        require(policy.table == cross_table::exact, errc::invalid_argument, [] {
            return std::string("patch matching pursuit: table = int16 applies to whole images (conv_extents) only");
        });
    }

    /// Codes one signal (length values) into `coefficients` (atoms values). report.selections is
    /// the number of atoms in the support.
    encode_report encode(const T* signal, T* coefficients) noexcept
    {
        this->start(signal, coefficients);
        const std::size_t k = this->m_k;
        T* alpha = this->m_alpha.get();
        std::copy(this->m_alpha0.get(), this->m_alpha0.get() + k, alpha);
        const T gain = static_cast<T>(this->m_options.gain);
        encode_report report;
        std::size_t used = 0;
        for (std::size_t step = 0;; ++step) {
            if (step == this->m_options.max_atoms) {
                report.reason = encode_report::atoms;
                break;
            }
            const auto best = simd::max_abs(alpha, k);
            if (best.value == T(0)) {
                report.reason = encode_report::exhausted;
                break;
            }
            if (static_cast<double>(best.value) < this->m_options.threshold) {
                report.reason = encode_report::threshold;
                break;
            }
            const T a = gain * alpha[best.index];
            used += coefficients[best.index] == T(0);
            coefficients[best.index] += a;
            simd::axpy(-a, this->m_gram.get() + best.index * k, alpha, k);
        }
        report.selections = used;
        return report;
    }

    void set_bank(const T* dictionary) { this->set_dictionary(dictionary); }
};

} // namespace hsc::solver
