// Convolutional orthogonal matching pursuit, with the least-squares re-fit done locally (LocOMP,
// Mailhé, Gribonval, Bimbot & Vandergheynst 2009).
//
// After each selection, the coefficients of the selected atoms that overlap the new one (the new
// one included) are re-fitted jointly by exact least squares, all other coefficients held fixed:
// minimise ‖r − D_A Δ‖², i.e. G_AA Δ = D_Aᵀ r, where D_Aᵀ r are correlations the engine already
// maintains and G_AA comes from the precomputed atom cross-correlations. Atoms that do not overlap
// the new one have zero inner product with it, so this is the block of the global re-fit that the
// new atom touches directly; it is not the global OMP solution (a change propagates to neighbours'
// neighbours only through later selections). After the re-fit the residual is exactly orthogonal
// to every atom of A. At most `max_local` atoms enter a re-fit — the new one and the neighbours
// with the largest |inner product| with it — which bounds the cost of crowded windows.
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/solver/conv_pursuit.hpp"
#include "hsc/solver/patch_pursuit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace hsc::solver {

template <std::floating_point T>
class conv_omp_engine;
template <std::floating_point T, class Extents>
class patch_omp_engine;

/// Solver policy: orthogonal matching pursuit. Whole images by LocOMP (`max_local` bounds the atoms
/// of one local re-fit); patches by Batch-OMP. `options.max_atoms` bounds the support.
struct omp
{
    static constexpr const char* name = "omp";
    mp_options options{};
    std::size_t max_local = 16;

    template <std::floating_point T, class Extents>
    using engine = greedy_engine<T, Extents, conv_omp_engine, patch_omp_engine>;
};

template <std::floating_point T>
class conv_omp_engine : public conv_pursuit_base<T>
{
    using base = conv_pursuit_base<T>;
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

public:
    conv_omp_engine(const kernel_bank<T>& bank, std::size_t height, std::size_t width, boundary mode, const omp& policy)
        // Exact table: the least squares read their Gram matrices from it.
        : base(bank, height, width, mode, policy.options, cross_table::exact, "orthogonal matching pursuit"),
          m_max_local(policy.max_local)
    {
        const mp_options& options = policy.options;
        const std::size_t max_local = policy.max_local;
        require(options.gain == 1, errc::invalid_argument,
                [] { return std::string("orthogonal matching pursuit: the gain of alpha-MP does not apply"); });
        require(max_local >= 1, errc::invalid_argument,
                [] { return std::string("orthogonal matching pursuit: max_local must be at least 1"); });
        // With 2N − 1 or more pixels per axis, two atoms overlap through at most one wrap, which is
        // what the cross-correlation table describes.
        require(mode != boundary::circular || (height >= 2 * this->m_n - 1 && width >= 2 * this->m_n - 1),
                errc::invalid_argument, [&] {
                    return "orthogonal matching pursuit: a circular image must be at least " +
                           std::to_string(2 * this->m_n - 1) + " pixels on each side for atoms of size " +
                           std::to_string(this->m_n);
                });
        m_atom.resize(options.max_atoms);
        m_row.resize(options.max_atoms);
        m_col.resize(options.max_atoms);
        m_next.resize(options.max_atoms);
        m_head.resize(height * width);
        m_unit.resize(options.max_atoms);
        m_local.resize(options.max_atoms);
        m_weight.resize(options.max_atoms);
        m_gram.resize(max_local * max_local);
        m_rhs.resize(max_local);
    }

    encode_report encode(const T* image) noexcept
    {
        this->start(image);
        std::fill(m_head.begin(), m_head.end(), none);
        m_stalled = none;
        const auto& events = this->m_code.events();
        encode_report report;
        // Re-selecting an entry does not grow the support; bound the selections all the same.
        std::size_t selections = 0;
        for (auto next = this->select(); !this->should_stop(next, events.size(), report); next = this->select()) {
            if (++selections > 4 * this->m_options.max_atoms) {
                report.reason = encode_report::atoms;
                break;
            }
            const std::uint32_t chosen = find_or_add(next.k, next.r, next.c);
            if (chosen == none) { // the selection is already in the support and the re-fit stalled
                report.reason = encode_report::exhausted;
                break;
            }
            refit(chosen);
        }
        return this->finish(report);
    }

    void set_bank(const kernel_bank<T>& bank) { this->rebind(bank, "orthogonal matching pursuit"); }

private:
    /// Index of the support entry for (k, r, c), appended with coefficient 0 if new.
    std::uint32_t find_or_add(std::size_t k, std::size_t r, std::size_t c) noexcept
    {
        const std::size_t q = r * this->m_w + c;
        for (std::uint32_t i = m_head[q]; i != none; i = m_next[i]) {
            if (m_atom[i] == k) return m_stalled == i ? none : i;
        }
        auto& code = this->m_code;
        const auto i = static_cast<std::uint32_t>(code.events().size());
        code.push_back(
            {static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(c), T(0)});
        m_atom[i] = static_cast<std::uint32_t>(k);
        m_row[i] = static_cast<std::uint32_t>(r);
        m_col[i] = static_cast<std::uint32_t>(c);
        m_unit[i] = T(0);
        m_next[i] = m_head[q];
        m_head[q] = i;
        return i;
    }

    /// The new entry and the support entries overlapping it, strongest coupling first, at most
    /// m_max_local of them; returns how many.
    std::size_t gather_local(std::uint32_t chosen) noexcept
    {
        const auto n1 = static_cast<std::ptrdiff_t>(this->m_n - 1);
        const auto h = static_cast<std::ptrdiff_t>(this->m_h);
        const auto w = static_cast<std::ptrdiff_t>(this->m_w);
        const bool wrap = this->m_mode == boundary::circular;
        std::size_t count = 0;
        for (std::ptrdiff_t dr = -n1; dr <= n1; ++dr) {
            std::ptrdiff_t qr = static_cast<std::ptrdiff_t>(m_row[chosen]) + dr;
            if (qr < 0 || qr >= h) {
                if (!wrap) continue;
                qr = (qr + h) % h;
            }
            for (std::ptrdiff_t dc = -n1; dc <= n1; ++dc) {
                std::ptrdiff_t qc = static_cast<std::ptrdiff_t>(m_col[chosen]) + dc;
                if (qc < 0 || qc >= w) {
                    if (!wrap) continue;
                    qc = (qc + w) % w;
                }
                for (std::uint32_t i = m_head[static_cast<std::size_t>(qr * w + qc)]; i != none; i = m_next[i]) {
                    m_local[count] = i;
                    m_weight[count] = i == chosen ? std::numeric_limits<T>::infinity() : std::fabs(inner(chosen, i));
                    ++count;
                }
            }
        }
        if (count > m_max_local) {
            // Keep the strongest couplings (the new entry has infinite weight, so it stays).
            for (std::size_t a = 0; a < m_max_local; ++a) {
                std::size_t best = a;
                for (std::size_t b = a + 1; b < count; ++b)
                    if (m_weight[b] > m_weight[best]) best = b;
                std::swap(m_local[a], m_local[best]);
                std::swap(m_weight[a], m_weight[best]);
            }
            count = m_max_local;
        }
        return count;
    }

    T inner(std::uint32_t a, std::uint32_t b) const noexcept
    {
        return this->inner_product(m_atom[a], m_row[a], m_col[a], m_atom[b], m_row[b], m_col[b]);
    }

    /// Exact least squares on the local block: G_AA Δ = correlations, by Cholesky. An entry whose
    /// pivot vanishes (an atom dependent on the others) keeps its coefficient.
    void refit(std::uint32_t chosen) noexcept
    {
        const std::size_t m = gather_local(chosen);
        T* g = m_gram.data();
        T* x = m_rhs.data();
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j <= i; ++j) g[i * m + j] = inner(m_local[i], m_local[j]);
            x[i] = this->correlation(m_atom[m_local[i]], m_row[m_local[i]], m_col[m_local[i]]);
        }
        const T tiny = T(64) * std::numeric_limits<T>::epsilon();
        for (std::size_t i = 0; i < m; ++i) { // in-place Cholesky, lower triangle
            for (std::size_t j = 0; j <= i; ++j) {
                T v = g[i * m + j];
                for (std::size_t t = 0; t < j; ++t) v -= g[i * m + t] * g[j * m + t];
                if (j < i) {
                    g[i * m + j] = g[j * m + j] != T(0) ? v / g[j * m + j] : T(0);
                } else {
                    g[i * m + i] = v > tiny ? std::sqrt(v) : T(0);
                }
            }
        }
        for (std::size_t i = 0; i < m; ++i) { // L y = b
            T v = x[i];
            for (std::size_t t = 0; t < i; ++t) v -= g[i * m + t] * x[t];
            x[i] = g[i * m + i] != T(0) ? v / g[i * m + i] : T(0);
        }
        for (std::size_t i = m; i-- > 0;) { // Lᵀ Δ = y
            T v = x[i];
            for (std::size_t t = i + 1; t < m; ++t) v -= g[t * m + i] * x[t];
            x[i] = g[i * m + i] != T(0) ? v / g[i * m + i] : T(0);
        }
        m_stalled = none;
        for (std::size_t i = 0; i < m; ++i) {
            const std::uint32_t e = m_local[i];
            if (x[i] == T(0)) {
                // An entry whose re-fit cannot move it would be selected again forever: remember it.
                if (e == chosen) m_stalled = chosen;
                continue;
            }
            m_unit[e] += x[i];
            this->m_code.value(e) = this->bank_scale(m_atom[e], m_unit[e]);
            this->subtract(m_atom[e], m_row[e], m_col[e], x[i]);
        }
    }

    std::size_t m_max_local;
    // Support entries (capacity max_atoms), indexed like the code's events.
    std::vector<std::uint32_t> m_atom, m_row, m_col;
    std::vector<std::uint32_t> m_next; // next entry at the same position, or none
    std::vector<std::uint32_t> m_head; // first entry at each position, or none
    std::vector<T> m_unit;             // coefficients in the unit-atom scale
    // Re-fit workspace.
    std::vector<std::uint32_t> m_local;
    std::vector<T> m_weight;
    std::vector<T> m_gram, m_rhs;
    std::uint32_t m_stalled = none;
};

/// Batch-OMP (Rubinstein, Zibulevsky & Elad 2008) on a Gram matrix G = DᵀD of k atoms, from the
/// correlations α0 = Dᵀs of one signal, with the least squares kept as a progressively grown
/// Cholesky factor: what patch-mode OMP and scikit-learn's orthogonal_mp_gram compute. L bounds the
/// support at compile time (hsc::dynamic: at run time); the buffers are the core's own, so a static
/// L needs no heap.
template <std::floating_point T, std::size_t L>
class batch_omp_core
{
public:
    explicit batch_omp_core(std::size_t max_support) : m_l(max_support)
    {
        m_chol.resize(m_l * m_l);
        m_gamma.resize(m_l);
        m_w.resize(m_l);
        m_selected.resize(m_l);
    }

    /// Codes into `coefficients` (k values): at most min(budget, max_support) atoms, fewer when
    /// the correlations fall below `threshold`, the next atom depends on the selected ones, or — if
    /// `residual_tolerance` ≥ 0, given the signal's energy ‖s‖² — once the residual energy
    /// ‖s‖² − γᵀα0_I is at most that tolerance (scikit-learn's `tol`). `alpha` is k values of scratch.
    encode_report run(const T* gram, std::size_t k, const T* alpha0, T* alpha, std::size_t budget, double threshold,
                      double residual_tolerance, double signal_energy, T* coefficients) noexcept
    {
        budget = std::min(budget, m_l);
        T* chol = m_chol.get(); // lower triangular, row-major, m_l × m_l
        T* gamma = m_gamma.get();
        T* w = m_w.get();
        std::uint32_t* selected = m_selected.get();
        std::fill(coefficients, coefficients + k, T(0));
        std::copy(alpha0, alpha0 + k, alpha);
        const T floor = std::numeric_limits<T>::epsilon() * simd::max_abs_value(alpha0, k);
        encode_report report;
        report.reason = encode_report::atoms;
        const bool by_residual = residual_tolerance >= 0;
        std::size_t s = 0;
        for (; s < budget; ++s) {
            const auto best = simd::max_abs(alpha, k);
            if (best.value <= floor) {
                report.reason = encode_report::exhausted;
                break;
            }
            if (static_cast<double>(best.value) < threshold) {
                report.reason = encode_report::threshold;
                break;
            }
            const std::size_t j = best.index;
            // Grow the Cholesky factor of G_II by the new row: solve L w = G_I,j, then
            // the diagonal is sqrt(G_jj − wᵀw). A tiny diagonal means j depends on I: stop.
            T wtw = 0;
            for (std::size_t i = 0; i < s; ++i) {
                T v = gram[selected[i] * k + j];
                for (std::size_t t = 0; t < i; ++t) v -= chol[i * m_l + t] * w[t];
                w[i] = v / chol[i * m_l + i];
                wtw += w[i] * w[i];
            }
            const T diag2 = gram[j * k + j] - wtw;
            if (!(diag2 > std::numeric_limits<T>::epsilon() * gram[j * k + j])) {
                report.reason = encode_report::exhausted;
                break;
            }
            for (std::size_t t = 0; t < s; ++t) chol[s * m_l + t] = w[t];
            chol[s * m_l + s] = std::sqrt(diag2);
            selected[s] = static_cast<std::uint32_t>(j);
            // γ = (L Lᵀ)⁻¹ α0_I by forward then back substitution.
            for (std::size_t i = 0; i <= s; ++i) {
                T v = alpha0[selected[i]];
                for (std::size_t t = 0; t < i; ++t) v -= chol[i * m_l + t] * gamma[t];
                gamma[i] = v / chol[i * m_l + i];
            }
            for (std::size_t i = s + 1; i-- > 0;) {
                T v = gamma[i];
                for (std::size_t t = i + 1; t <= s; ++t) v -= chol[t * m_l + i] * gamma[t];
                gamma[i] = v / chol[i * m_l + i];
            }
            // α = α0 − G_:,I γ: correlations of the new residual with every atom.
            std::copy(alpha0, alpha0 + k, alpha);
            for (std::size_t i = 0; i <= s; ++i) simd::axpy(-gamma[i], gram + selected[i] * k, alpha, k);
            // Selected atoms are orthogonal to the residual; zero them exactly so rounding
            // cannot select one twice.
            for (std::size_t i = 0; i <= s; ++i) alpha[selected[i]] = T(0);
            if (by_residual) {
                double explained = 0; // γᵀα0_I: at the least-squares fit, ‖s‖² − ‖r‖²
                for (std::size_t i = 0; i <= s; ++i)
                    explained += static_cast<double>(gamma[i]) * static_cast<double>(alpha0[selected[i]]);
                if (std::abs(signal_energy - explained) <= residual_tolerance) {
                    report.reason = encode_report::threshold;
                    ++s;
                    break;
                }
            }
        }
        for (std::size_t i = 0; i < s; ++i) coefficients[selected[i]] = gamma[i];
        report.selections = s;
        return report;
    }

private:
    std::size_t m_l;
    detail::buffer<T, L * L> m_chol;
    detail::buffer<T, L> m_gamma, m_w;
    detail::buffer<std::uint32_t, L> m_selected;
};

/// Patch-mode OMP: the dictionary's Gram matrix and correlations into batch_omp_core, whose
/// support buffers are min(length, atoms) long: fixed arrays when the extents are.
template <std::floating_point T, class Extents>
class patch_omp_engine : public patch_pursuit_base<T, Extents>
{
    using base = patch_pursuit_base<T, Extents>;
    static constexpr std::size_t L = std::min(Extents::atoms, Extents::length); // dynamic if either is

public:
    patch_omp_engine(const T* dictionary, std::size_t atoms, std::size_t length, const omp& policy)
        : base(dictionary, atoms, length, policy.options, "batch OMP"), m_core(std::min(atoms, length))
    {
        require(policy.options.gain == 1, errc::invalid_argument,
                [] { return std::string("batch OMP: the gain of alpha-MP does not apply"); });
    }

    /// Codes one signal (length values) into `coefficients` (atoms values): at most
    /// min(max_atoms, length, atoms) atoms, fewer when the signal is explained exactly or the next
    /// atom depends on the selected ones. report.selections is the number of atoms in the support.
    encode_report encode(const T* signal, T* coefficients) noexcept
    {
        this->start(signal, coefficients);
        return m_core.run(this->m_gram.get(), this->m_k, this->m_alpha0.get(), this->m_alpha.get(),
                          this->m_options.max_atoms, this->m_options.threshold, -1, 0, coefficients);
    }

    void set_bank(const T* dictionary) { this->set_dictionary(dictionary); }

private:
    batch_omp_core<T, L> m_core;
};

/// Batch-OMP from a Gram matrix and the correlations of each signal, as scikit-learn's
/// orthogonal_mp_gram(Gram, Xy, n_nonzero_coefs, tol, norms_squared): for callers who have DᵀD and
/// Dᵀs but not D. Sizes at run time.
template <std::floating_point T>
class gram_omp
{
public:
    /// `gram`: k×k, row-major, symmetric with a positive diagonal (checked: finite, symmetric to
    /// rounding, diagonal > 0). At most `max_atoms` atoms per signal.
    gram_omp(const T* gram, std::size_t k, std::size_t max_atoms)
        : m_k(k), m_max_atoms(max_atoms), m_gram(gram, gram + k * k), m_alpha(k), m_core(k)
    {
        require(k > 0 && max_atoms > 0, errc::invalid_argument, [&] {
            return "gram OMP: needs atoms and max_atoms > 0 (got " + std::to_string(k) + ", " +
                   std::to_string(max_atoms) + ")";
        });
        for (std::size_t a = 0; a < k; ++a) {
            require(m_gram[a * k + a] > 0 && std::isfinite(m_gram[a * k + a]), errc::invalid_argument, [&] {
                return "gram OMP: diagonal entry " + std::to_string(a) + " is " + std::to_string(m_gram[a * k + a]) +
                       ", the squared norm of an atom must be finite and > 0";
            });
            for (std::size_t b = 0; b < a; ++b) {
                const T x = m_gram[a * k + b], y = m_gram[b * k + a];
                const T scale = std::sqrt(m_gram[a * k + a] * m_gram[b * k + b]);
                require(std::isfinite(x) && std::abs(x - y) <= 64 * std::numeric_limits<T>::epsilon() * scale,
                        errc::invalid_argument, [&] {
                            return "gram OMP: the Gram matrix is not symmetric: (" + std::to_string(a) + ", " +
                                   std::to_string(b) + ") is " + std::to_string(x) + ", (" + std::to_string(b) + ", " +
                                   std::to_string(a) + ") is " + std::to_string(y);
                        });
            }
        }
    }

    std::size_t atoms() const noexcept { return m_k; }

    /// Codes one signal given by its k correlations `xy` into `coefficients` (k values). With
    /// `residual_tolerance` ≥ 0 and the signal's ‖s‖², stops once the residual energy is at most the
    /// tolerance (and max_atoms is ignored, as scikit-learn does with `tol`).
    encode_report encode(const T* xy, T* coefficients, double residual_tolerance = -1,
                         double signal_energy = 0) noexcept
    {
        const std::size_t budget = residual_tolerance >= 0 ? m_k : m_max_atoms;
        return m_core.run(m_gram.data(), m_k, xy, m_alpha.data(), budget, 0, residual_tolerance, signal_energy,
                          coefficients);
    }

private:
    std::size_t m_k, m_max_atoms;
    std::vector<T> m_gram, m_alpha;
    batch_omp_core<T, dynamic> m_core;
};

} // namespace hsc::solver
