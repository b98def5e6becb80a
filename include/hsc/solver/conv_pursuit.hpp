// What convolutional matching pursuit and OMP share (hsc/solver/mp.hpp, omp.hpp).
//
// Each iteration picks the (atom, position) of largest |correlation| with the residual, subtracts
// that atom, and updates only the (2N−1)² positions whose atoms overlap it, from precomputed atom
// cross-correlations. A two-level maximum (best atom per position, best position per row) makes
// the selection a scan of H row maxima instead of K·H·W correlations.
//
// Scales: selection uses the atoms normalized to unit ℓ2, so a selected correlation `a` is the
// coefficient of a unit atom; events report value = gain · a / ‖d_k‖, the coefficient of atom k
// *as given in the bank* (for example max-abs scaled, as `hsc bank` writes it), so that
// reconstruct(code, bank) is the approximation of the image.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/reconstruct.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/config.hpp"
#include "hsc/detail/buffer.hpp"
#include "hsc/metrics/psnr.hpp"
#include "hsc/simd/correlate.hpp"
#include "hsc/simd/kernels.hpp"
#include "hsc/solver/pursuit_options.hpp"
#include "hsc/solver/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace hsc::solver {

/// What convolutional MP and OMP share for one image size and bank: the unit atoms and their
/// cross-correlations (built once), the correlation maps with their two-level maximum, the
/// residual, and the steps "select the best (atom, position)" and "subtract a multiple of an atom
/// and update the correlations it touches". Construction does all allocation and the
/// bank-dependent precomputation; the encode loops allocate nothing.
template <std::floating_point T>
class conv_pursuit_base
{
public:
    const sparse_code<T>& code() const noexcept { return m_code; }
    /// The residual of the last encode(), image − reconstruction (h×w, row-major), copied out.
    void residual(T* out) const noexcept
    {
        for (std::size_t i = 0; i < m_h; ++i)
            for (std::size_t j = 0; j < m_w; ++j)
                out[i * m_w + j] = m_residual[(i + canvas_offset()) * m_canvas_w + j + canvas_offset()];
    }

    std::size_t height() const noexcept { return m_h; }
    std::size_t width() const noexcept { return m_w; }

protected:
    conv_pursuit_base(const kernel_bank<T>& bank, std::size_t height, std::size_t width, boundary mode,
                      const mp_options& options, cross_table table, const char* who)
        : m_k(bank.size()), m_n(bank.atom_size()), m_h(height), m_w(width), m_mode(mode), m_options(options),
          m_table(table)
    {
        require(m_n <= m_h && m_n <= m_w, errc::invalid_argument, [&] {
            return std::string(who) + ": atoms of size " + std::to_string(m_n) + " do not fit a " +
                   std::to_string(m_h) + "x" + std::to_string(m_w) + " image";
        });
        require(options.max_atoms > 0 && options.gain > 0 && options.gain <= 1 && options.threshold >= 0 &&
                    !std::isnan(options.target_psnr_db),
                errc::invalid_argument, [&] {
                    return std::string(who) + ": needs max_atoms > 0, gain in (0, 1], threshold >= 0 (got " +
                           std::to_string(options.max_atoms) + ", " + std::to_string(options.gain) + ", " +
                           std::to_string(options.threshold) + ")";
                });
        // Zero boundary: the image sits at offset `anchor` in a canvas of (H + N − 1) × (W + N − 1),
        // where the atom of position (r, c) covers [r, r + N) × [c, c + N) without ever wrapping; the
        // margin starts at zero and is part of the residual (an atom spilling over the edge pays
        // for it). Circular: the canvas is the image and atoms wrap.
        m_anchor = atom_anchor(m_n, mode);
        m_canvas_h = mode == boundary::circular ? m_h : m_h + m_n - 1;
        m_canvas_w = mode == boundary::circular ? m_w : m_w + m_n - 1;
        m_atoms.resize(m_k * m_n * m_n);
        m_norm.resize(m_k);
        m_atoms_t.resize(m_k * m_n * m_n);
        const std::size_t table_rows = m_k * (2 * m_n - 1) * (2 * m_n - 1);
        if (table == cross_table::exact) {
            m_cross.resize(table_rows * m_k);
        } else {
            m_cross16.resize(table_rows * m_k);
            m_cross16_scale.resize(table_rows);
            m_table_row.resize(m_k);
        }
        m_shifted.resize(m_n * m_n);
        prepare_atoms(bank);
        prepare_cross_correlations();
        m_correlation.resize(m_h * m_w * m_k);
        if (mode == boundary::circular) m_wrapped.resize((m_h + m_n - 1) * (m_w + m_n - 1));
        m_position_best.resize(m_h * m_w);
        m_row_best.resize(m_h);
        m_residual.resize(m_canvas_h * m_canvas_w);
        m_code = sparse_code<T>({m_k, m_h, m_w, mode});
        // Room for one selection per pixel: the codes one asks for in practice code without
        // allocating, and an absurd budget cannot reserve memory the image never uses (a longer
        // code grows its storage as it goes).
        m_code.reserve(std::min(options.max_atoms, m_h * m_w));
    }

    /// Rebinds the engine to other atoms of the same count and size, in the buffers it has.
    void rebind(const kernel_bank<T>& bank, const char* who)
    {
        require(bank.size() == m_k && bank.atom_size() == m_n, errc::invalid_argument, [&] {
            return std::string(who) + ": set_bank needs " + std::to_string(m_k) + " atoms of " + std::to_string(m_n) +
                   "x" + std::to_string(m_n) + ", got " + std::to_string(bank.size()) + " of " +
                   std::to_string(bank.atom_size());
        });
        prepare_atoms(bank);
        prepare_cross_correlations();
    }

    struct selection
    {
        std::size_t k, r, c;
        T a; ///< correlation of the residual with unit atom k at (r, c)
    };

    /// Loads the image and computes every correlation.
    void start(const T* image) noexcept
    {
        load_image(image);
        initial_correlations(image);
        m_code.clear();
        m_energy_target = target_energy();
    }

    /// The (atom, position) of largest |correlation|. Positions and atoms are located only here,
    /// once per selection; the updates keep just the maxima, which is cheaper than tracking where
    /// they are.
    selection select() const noexcept
    {
        const auto row = simd::max_abs(m_row_best.data(), m_h);
        const std::size_t r = row.index;
        const std::size_t c = simd::first_abs_equal(m_position_best.data() + r * m_w, m_w, row.value);
        const T* correlations = m_correlation.data() + (r * m_w + c) * m_k;
        const std::size_t k = simd::first_abs_equal(correlations, m_k, row.value);
        return {k, r, c, correlations[k]};
    }

    /// Whether to stop before using `next`, having made `count` selections.
    bool should_stop(const selection& next, std::size_t count, encode_report& report) const noexcept
    {
        if (count >= m_options.max_atoms) {
            report.reason = encode_report::atoms;
        } else if (next.a == T(0)) {
            report.reason = encode_report::exhausted;
        } else if (m_energy <= m_energy_target) {
            // Without a target, the tracked energy reaching zero means the residual is rounding
            // error: nothing is left to code.
            report.reason = m_options.target_psnr_db == std::numeric_limits<double>::infinity()
                                ? encode_report::exhausted
                                : encode_report::target_psnr;
        } else if (std::fabs(static_cast<double>(next.a)) < m_options.threshold) {
            report.reason = encode_report::threshold;
        } else {
            return false;
        }
        return true;
    }

    /// residual −= step · (unit atom k at (r, c)), with the energy and every correlation it changes.
    void subtract(std::size_t k, std::size_t r, std::size_t c, T step) noexcept
    {
        // ‖r − s·u‖² = ‖r‖² − 2s<r, u> + s², and <r, u> is the correlation we maintain.
        const double current = static_cast<double>(correlation(k, r, c));
        const double s = static_cast<double>(step);
        m_energy -= 2 * s * current - s * s;
        // On the canvas, the atom of position (r, c) starts at (r, c) for both boundaries.
        add_atom(m_residual.data(), m_canvas_h, m_canvas_w, unit_atom(k), m_n, r, c, -step, boundary::circular);
        update_window(k, r, c, step);
    }

    /// The figures of the finished encode.
    encode_report finish(encode_report report) const noexcept
    {
        report.selections = m_code.events().size();
        report.residual_energy = image_residual_energy();
        report.psnr_db = psnr_db(report.residual_energy, m_h * m_w, m_range);
        return report;
    }

    T correlation(std::size_t k, std::size_t r, std::size_t c) const noexcept
    {
        return m_correlation[(r * m_w + c) * m_k + k];
    }

    /// <unit atom a at (ra, ca), unit atom b at (rb, cb)>: zero unless they overlap. Needs the
    /// exact table.
    T inner_product(std::size_t a, std::size_t ra, std::size_t ca, std::size_t b, std::size_t rb,
                    std::size_t cb) const noexcept
    {
        const auto dr = offset(ra, rb, m_h);
        const auto dc = offset(ca, cb, m_w);
        const auto n1 = static_cast<std::ptrdiff_t>(m_n - 1);
        if (dr < -n1 || dr > n1 || dc < -n1 || dc > n1) return T(0);
        const std::size_t span = 2 * m_n - 1;
        return m_cross[((a * span + static_cast<std::size_t>(dr + n1)) * span + static_cast<std::size_t>(dc + n1)) *
                           m_k +
                       b];
    }

    /// Event value of a unit-atom coefficient: the coefficient of atom k as given in the bank.
    T bank_scale(std::size_t k, T unit_coefficient) const noexcept { return unit_coefficient / m_norm[k]; }

    std::size_t m_k, m_n, m_h, m_w;
    boundary m_mode;
    mp_options m_options;
    sparse_code<T> m_code;

private:
    /// Offset b − a along an axis, wrapped to the nearest representative for the circular case.
    std::ptrdiff_t offset(std::size_t a, std::size_t b, std::size_t size) const noexcept
    {
        auto d = static_cast<std::ptrdiff_t>(b) - static_cast<std::ptrdiff_t>(a);
        const auto n = static_cast<std::ptrdiff_t>(size);
        if (m_mode == boundary::circular) {
            if (d > n / 2) d -= n;
            if (d < -n / 2) d += n;
        }
        return d;
    }

    std::size_t canvas_offset() const noexcept { return m_mode == boundary::circular ? 0 : m_anchor; }
    const T* unit_atom(std::size_t k) const noexcept { return m_atoms.data() + k * m_n * m_n; }

    void prepare_atoms(const kernel_bank<T>& bank)
    {
        std::copy(bank.atoms().begin(), bank.atoms().end(), m_atoms.begin());
        for (std::size_t k = 0; k < m_k; ++k) {
            T* atom = m_atoms.data() + k * m_n * m_n;
            const T norm = std::sqrt(simd::dot(atom, atom, m_n * m_n));
            require(norm > 0, errc::invalid_argument,
                    [&] { return "matching pursuit: atom " + std::to_string(k) + " is zero"; });
            m_norm[k] = norm;
            simd::scale(T(1) / norm, atom, atom, m_n * m_n);
        }
        // tap-major, for simd::correlate_bank
        for (std::size_t k = 0; k < m_k; ++k)
            for (std::size_t t = 0; t < m_n * m_n; ++t) m_atoms_t[t * m_k + k] = m_atoms[k * m_n * m_n + t];
    }

    /// X[k][δ][j] = Σ_w u_j[w] · u_k[w + δ], δ ∈ [−(N−1), N−1]²: the change of correlation with
    /// atom j at offset δ from a unit of atom k. Laid out so that one offset's K values (a row of
    /// the table) are contiguous; stored as m_table says.
    void prepare_cross_correlations()
    {
        const std::size_t span = 2 * m_n - 1;
        const std::size_t nn = m_n * m_n;
        std::vector<T>& shifted = m_shifted;
        for (std::size_t k = 0; k < m_k; ++k) {
            for (std::size_t dr = 0; dr < span; ++dr) {
                for (std::size_t dc = 0; dc < span; ++dc) {
                    // shifted[w] = u_k[w + δ] (zero outside the atom), then dot with every u_j.
                    const auto delta_r = static_cast<std::ptrdiff_t>(dr) - static_cast<std::ptrdiff_t>(m_n - 1);
                    const auto delta_c = static_cast<std::ptrdiff_t>(dc) - static_cast<std::ptrdiff_t>(m_n - 1);
                    for (std::size_t u = 0; u < m_n; ++u) {
                        for (std::size_t v = 0; v < m_n; ++v) {
                            const auto su = static_cast<std::ptrdiff_t>(u) + delta_r;
                            const auto sv = static_cast<std::ptrdiff_t>(v) + delta_c;
                            const bool inside = su >= 0 && sv >= 0 && su < static_cast<std::ptrdiff_t>(m_n) &&
                                                sv < static_cast<std::ptrdiff_t>(m_n);
                            shifted[u * m_n + v] =
                                inside ? unit_atom(k)[su * static_cast<std::ptrdiff_t>(m_n) + sv] : T(0);
                        }
                    }
                    const std::size_t row = (k * span + dr) * span + dc;
                    T* out = m_table == cross_table::exact ? m_cross.data() + row * m_k : m_table_row.data();
                    for (std::size_t j = 0; j < m_k; ++j) out[j] = simd::dot(shifted.data(), unit_atom(j), nn);
                    if (m_table == cross_table::int16) store_int16_row(row, out);
                }
            }
        }
    }

    /// Row `row` of the 16-bit table: q_j = round(X_j / s) with s = max_j |X_j| / 32767, so that
    /// s · q_j is within s / 2 of X_j; the updates fold s into their step.
    void store_int16_row(std::size_t row, const T* values) noexcept
    {
        const T scale = simd::max_abs_value(values, m_k) / T(32767);
        m_cross16_scale[row] = scale;
        std::int16_t* out = m_cross16.data() + row * m_k;
        for (std::size_t j = 0; j < m_k; ++j) {
            const T q = scale > 0 ? std::clamp(std::nearbyint(values[j] / scale), T(-32767), T(32767)) : T(0);
            out[j] = static_cast<std::int16_t>(q);
        }
    }

    void load_image(const T* image) noexcept
    {
        std::fill(m_residual.begin(), m_residual.end(), T(0));
        const std::size_t off = canvas_offset();
        T low = image[0], high = image[0];
        double energy = 0;
        for (std::size_t i = 0; i < m_h; ++i) {
            for (std::size_t j = 0; j < m_w; ++j) {
                const T v = image[i * m_w + j];
                m_residual[(i + off) * m_canvas_w + j + off] = v;
                low = std::min(low, v);
                high = std::max(high, v);
                energy += static_cast<double>(v) * static_cast<double>(v);
            }
        }
        m_energy = energy;
        m_range = static_cast<double>(high) - static_cast<double>(low);
    }

    /// Residual energy at which the PSNR target is met. Over the canvas, which for the zero
    /// boundary includes the margin: a conservative stop (the image's own error is no larger).
    double target_energy() const noexcept
    {
        if (std::isinf(m_options.target_psnr_db)) return m_options.target_psnr_db > 0 ? 0.0 : m_energy + 1;
        const double mse = m_range * m_range / std::pow(10.0, m_options.target_psnr_db / 10);
        return mse * static_cast<double>(m_h * m_w);
    }

    /// Correlations of the image with every unit atom through the SIMD core, straight into the
    /// position-major layout the updates stream through, with both levels of maxima. The zero
    /// boundary reads the residual canvas (the image in its zero margin); the circular one a
    /// wrapped copy of the image of the same size.
    void initial_correlations(const T* image) noexcept
    {
        const T* canvas = m_residual.data();
        if (m_mode == boundary::circular) {
            const std::size_t wrapped_w = m_w + m_n - 1;
            for (std::size_t i = 0; i < m_h + m_n - 1; ++i)
                for (std::size_t j = 0; j < wrapped_w; ++j)
                    m_wrapped[i * wrapped_w + j] = image[(i % m_h) * m_w + j % m_w];
            canvas = m_wrapped.data();
        }
        simd::correlate_bank(canvas, m_w + m_n - 1, m_h, m_w, m_atoms_t.data(), m_n, m_k, m_correlation.data());
        for (std::size_t q = 0; q < m_h * m_w; ++q) refresh_position(q);
        for (std::size_t r = 0; r < m_h; ++r) refresh_row(r);
    }

    void refresh_position(std::size_t q) noexcept
    {
        m_position_best[q] = simd::max_abs_value(m_correlation.data() + q * m_k, m_k);
    }

    void refresh_row(std::size_t r) noexcept
    {
        m_row_best[r] = simd::max_abs_value(m_position_best.data() + r * m_w, m_w);
    }

    /// Index i + d along an axis of `size` (wrapped for the circular boundary), or −1 where the
    /// zero boundary has none.
    std::ptrdiff_t window_index(std::size_t i, std::ptrdiff_t d, std::size_t size) const noexcept
    {
        const auto n = static_cast<std::ptrdiff_t>(size);
        const std::ptrdiff_t q = static_cast<std::ptrdiff_t>(i) + d;
        if (q >= 0 && q < n) return q;
        return m_mode == boundary::circular ? (q + n) % n : -1;
    }

    /// Positions within N−1 of (r, c) see their correlations change by −step · X[k][δ].
    ///
    /// Each window row is 2N−1 positions × K contiguous values (13 KB for the paper's bank), a row
    /// of the image away from the last, where the hardware prefetcher does not follow. So while a
    /// position is updated, the same position of the next window row is prefetched (20–30% more
    /// atoms/s on the paper's bank; docs/solvers.md).
    void update_window(std::size_t k, std::size_t r, std::size_t c, T step) noexcept
    {
        if (m_table == cross_table::int16)
            update_window_from(m_cross16.data(), k, r, c, step);
        else
            update_window_from(m_cross.data(), k, r, c, step);
    }

    /// update_window with a table of X (T, or int16 with a scale per row).
    template <class X>
    void update_window_from(const X* table, std::size_t k, std::size_t r, std::size_t c, T step) noexcept
    {
        const auto n1 = static_cast<std::ptrdiff_t>(m_n - 1);
        const std::size_t span = 2 * m_n - 1;
        for (std::ptrdiff_t dr = -n1; dr <= n1; ++dr) {
            const std::ptrdiff_t qr = window_index(r, dr, m_h);
            if (qr < 0) continue;
            const std::ptrdiff_t next_qr = dr < n1 ? window_index(r, dr + 1, m_h) : -1;
            for (std::ptrdiff_t dc = -n1; dc <= n1; ++dc) {
                const std::ptrdiff_t qc = window_index(c, dc, m_w);
                if (qc < 0) continue;
                const std::size_t q = static_cast<std::size_t>(qr) * m_w + static_cast<std::size_t>(qc);
                const std::size_t row =
                    (k * span + static_cast<std::size_t>(dr + n1)) * span + static_cast<std::size_t>(dc + n1);
                T alpha = -step;
                if constexpr (!std::is_same_v<X, T>) alpha *= m_cross16_scale[row];
                T* y = m_correlation.data() + q * m_k;
                const T* upcoming =
                    next_qr >= 0 ? m_correlation.data() +
                                       (static_cast<std::size_t>(next_qr) * m_w + static_cast<std::size_t>(qc)) * m_k
                                 : y;
                m_position_best[q] = simd::axpy_max_abs_value(alpha, table + row * m_k, y, m_k, upcoming);
            }
            refresh_row(static_cast<std::size_t>(qr));
        }
    }

    double image_residual_energy() const noexcept
    {
        double sum = 0;
        const std::size_t off = canvas_offset();
        for (std::size_t i = 0; i < m_h; ++i)
            for (std::size_t j = 0; j < m_w; ++j) {
                const double v = static_cast<double>(m_residual[(i + off) * m_canvas_w + j + off]);
                sum += v * v;
            }
        return sum;
    }

    std::size_t m_anchor = 0, m_canvas_h = 0, m_canvas_w = 0;
    std::vector<T> m_atoms; // unit-ℓ2 atoms, K × N × N
    std::vector<T> m_norm;  // ‖d_k‖ of the bank's atoms
    cross_table m_table;
    hsc::detail::large_vector<T> m_cross;              // K × (2N−1)² × K (exact table)
    hsc::detail::large_vector<std::int16_t> m_cross16; // the same, 16 bits (int16 table) ...
    std::vector<T> m_cross16_scale;                    // ... and the scale of each of its K·(2N−1)² rows
    std::vector<T> m_table_row;                        // one row in T (int16 table set-up)
    std::vector<T> m_shifted;                          // one shifted atom, N × N (cross-correlation set-up)
    hsc::detail::large_vector<T> m_correlation;        // H·W × K, position-major
    std::vector<T> m_atoms_t;                          // the unit atoms tap-major, N·N × K (initialisation)
    std::vector<T> m_wrapped;       // circular: the image wrapped to (H+N−1) × (W+N−1) (initialisation)
    std::vector<T> m_position_best; // max_k |correlation| per position
    std::vector<T> m_row_best;      // max over a row of m_position_best
    std::vector<T> m_residual;      // canvas
    double m_energy = 0, m_range = 0, m_energy_target = 0;
};

} // namespace hsc::solver
