// A bank of K square atoms (K × N × N), the dictionary every coder works with.
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/checked_values.hpp"
#include "hsc/fwd.hpp"

#include <xtensor/xtensor.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace hsc {

/// How atoms are scaled once designed.
enum class normalization {
    maxabs, ///< max |d| = 1, the paper's convention (§1.1 step 9)
    l2      ///< ‖d‖₂ = 1, the convention of dictionary learning
};

constexpr const char* to_string(normalization norm) noexcept
{
    return norm == normalization::maxabs ? "maxabs" : "l2";
}

/// Parameters an atom was designed with; NaN where they do not apply (random or loaded atoms).
struct atom_info
{
    double theta = std::numeric_limits<double>::quiet_NaN();
    double b_theta = std::numeric_limits<double>::quiet_NaN();
    double phase = std::numeric_limits<double>::quiet_NaN();
};

/// Divides an atom by its max-abs or ℓ2 norm. An all-zero atom is an error: it could never code
/// anything and would turn into NaN.
inline void normalize_atom(double* atom, std::size_t count, normalization mode)
{
    double norm = 0;
    for (std::size_t i = 0; i < count; ++i) {
        norm = mode == normalization::maxabs ? std::fmax(norm, std::fabs(atom[i])) : norm + atom[i] * atom[i];
    }
    norm = mode == normalization::maxabs ? norm : std::sqrt(norm);
    require(norm > 0 && std::isfinite(norm), errc::invalid_argument,
            [] { return std::string("normalize_atom: atom is zero or not finite, cannot normalize"); });
    for (std::size_t i = 0; i < count; ++i) {
        atom[i] /= norm;
    }
}

template <std::floating_point T>
class kernel_bank
{
public:
    kernel_bank() = default;

    /// Takes atoms of shape (K, N, N); `info` is empty or has one entry per atom.
    explicit kernel_bank(xt::xtensor<T, 3> atoms, std::vector<atom_info> info = {})
        : m_atoms(std::move(atoms)), m_info(std::move(info))
    {
        const auto& s = m_atoms.shape();
        require(s[0] > 0 && s[1] > 0 && s[1] == s[2], errc::invalid_argument, [&] {
            return "kernel_bank: atoms must have shape (K, N, N) with K, N > 0, got (" + std::to_string(s[0]) + ", " +
                   std::to_string(s[1]) + ", " + std::to_string(s[2]) + ")";
        });
        require(m_info.empty() || m_info.size() == s[0], errc::invalid_argument, [&] {
            return "kernel_bank: " + std::to_string(m_info.size()) + " atom descriptions for " + std::to_string(s[0]) +
                   " atoms";
        });
        const std::size_t per_atom = s[1] * s[2];
        detail::require_usable_atoms(m_atoms.data(), s[0], per_atom, "kernel_bank");
        if (m_info.empty()) {
            m_info.resize(s[0]);
        }
    }

    std::size_t size() const noexcept { return m_atoms.shape()[0]; }
    std::size_t atom_size() const noexcept { return m_atoms.shape()[1]; }
    const xt::xtensor<T, 3>& atoms() const noexcept { return m_atoms; }
    /// Row-major N×N values of atom k.
    const T* atom(std::size_t k) const noexcept { return m_atoms.data() + k * atom_size() * atom_size(); }
    std::span<const atom_info> info() const noexcept { return m_info; }

    template <std::floating_point U>
    kernel_bank<U> cast() const
    {
        xt::xtensor<U, 3> atoms = xt::cast<U>(m_atoms);
        return kernel_bank<U>(std::move(atoms), m_info);
    }

private:
    xt::xtensor<T, 3> m_atoms;
    std::vector<atom_info> m_info;
};

} // namespace hsc
