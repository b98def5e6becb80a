// The spike-phase quantization encoder (docs/science.md §2): a vector of N non-negative features is
// normalized to sum 1, each normalized feature e_i drives a column of D units through weights
// w_ik = payload/θ_ik, and every unit reports the phase of its spike in the inhibitory cycle
// (0: silent). Thresholds come per feature (calibrated columns differ), from any threshold set of
// hsc/quantize/thresholds.hpp or calibration.hpp.
//
// Sizes are run-time (hsc::dynamic) or compile-time (quantizer<float, 8, 32>: fixed arrays, no
// heap). encode_unchecked is noexcept, allocation-free and SIMD over the units of a column. The
// phases give the other two outputs: unit_activity (binary) and thermometer_counts (per feature).
#pragma once

#include "hsc/config.hpp"
#include "hsc/detail/buffer.hpp"
#include "hsc/quantize/spike_phase.hpp"
#include "hsc/simd/gcc12_avx512.hpp"

#include "hsc/simd/batch.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

HSC_SIMD_BEGIN_GCC12_WORKAROUND

namespace hsc::quantize {

/// What one sample recruits.
struct quantization_result
{
    std::size_t active = 0; ///< units that spiked
    std::size_t units = 0;  ///< N·D
    double utilization() const noexcept
    {
        return units ? 100.0 * static_cast<double>(active) / static_cast<double>(units) : 0;
    }
};

/// Binary unit activity from phases: 1 where a unit spiked.
inline void unit_activity(const std::uint8_t* phases, std::size_t units, std::uint8_t* active) noexcept
{
    for (std::size_t u = 0; u < units; ++u) active[u] = phases[u] != 0;
}

/// Thermometer counts from phases (N·D): how many units of each feature's column spiked. With
/// ascending thresholds in a column, the recruited units are always the first `count`.
inline void thermometer_counts(const std::uint8_t* phases, std::size_t n, std::size_t d, std::uint32_t* counts) noexcept
{
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t c = 0;
        for (std::size_t k = 0; k < d; ++k) c += phases[i * d + k] != 0;
        counts[i] = c;
    }
}

template <std::floating_point T, std::size_t N, std::size_t D>
class quantizer
{
public:
    static constexpr std::size_t max_table = 64; ///< phase-table entries kept (cycle ≤ 64 steps)

    /// `theta` holds N·D thresholds, feature by feature (row i = the column of feature i).
    quantizer(std::size_t n, std::size_t d, const std::vector<double>& theta, const phase_table& table,
              double payload = 25)
        : m_n(N == dynamic ? n : N), m_d(D == dynamic ? d : D)
    {
        require((N == dynamic || n == N) && (D == dynamic || d == D), errc::invalid_argument, [&] {
            return "quantizer: run-time sizes (" + std::to_string(n) + ", " + std::to_string(d) +
                   ") differ from the compile-time ones";
        });
        require(m_n > 0 && m_d > 0, errc::invalid_argument,
                [] { return std::string("quantizer: needs N > 0 and D > 0"); });
        require(theta.size() == m_n * m_d, errc::invalid_argument, [&] {
            return "quantizer: " + std::to_string(theta.size()) + " thresholds for N·D = " + std::to_string(m_n * m_d) +
                   " units";
        });
        require(payload > 0 && std::isfinite(payload), errc::invalid_argument,
                [&] { return "quantizer: needs a finite payload > 0, got " + std::to_string(payload); });
        require(!table.entries.empty() && table.entries.size() <= max_table, errc::invalid_argument, [&] {
            return "quantizer: a phase table of " + std::to_string(table.entries.size()) + " entries (1.." +
                   std::to_string(max_table) + ")";
        });
        m_weights.resize(m_n * m_d);
        for (std::size_t u = 0; u < m_n * m_d; ++u) {
            require(theta[u] > 0 && std::isfinite(theta[u]), errc::invalid_argument, [&] {
                return "quantizer: threshold " + std::to_string(u) + " is " + std::to_string(theta[u]) + ", needs > 0";
            });
            m_weights.get()[u] = static_cast<T>(payload / theta[u]);
        }
        m_entries = table.entries.size();
        for (std::size_t j = 0; j < m_entries; ++j) {
            m_threshold[j] = static_cast<T>(table.entries[j].threshold);
            m_phase[j] = static_cast<T>(table.entries[j].phase);
        }
    }

    std::size_t features() const noexcept { return m_n; }
    std::size_t units_per_feature() const noexcept { return m_d; }

    /// Phases (N·D values 0..cycle) of one sample x of N features. Checks x (finite, ≥ 0, not all
    /// zero) and reports bad input through hsc::fail.
    quantization_result encode(const T* x, std::uint8_t* phases) const
    {
        T total = 0;
        for (std::size_t i = 0; i < m_n; ++i) {
            require(std::isfinite(x[i]) && x[i] >= 0, errc::invalid_argument, [&] {
                return "quantizer: feature " + std::to_string(i) + " is " + std::to_string(x[i]) +
                       "; features must be finite and >= 0";
            });
            total += x[i];
        }
        require(total > 0, errc::invalid_argument,
                [] { return std::string("quantizer: every feature is zero, nothing to normalize"); });
        return encode_unchecked(x, phases);
    }

    /// As encode, without checks; an all-zero sample leaves every unit silent.
    template <class Arch = simd::default_arch>
    quantization_result encode_unchecked(const T* x, std::uint8_t* phases) const noexcept
    {
        using batch = simd::batch<T, Arch>;
        constexpr std::size_t width = batch::size;
        T total = 0;
        for (std::size_t i = 0; i < m_n; ++i) total += x[i];
        const T scale = total > 0 ? T(1) / total : T(0);
        std::size_t active = 0;
        alignas(64) T lane[width];
        for (std::size_t i = 0; i < m_n; ++i) {
            const T e = x[i] * scale;
            const T* w = m_weights.get() + i * m_d;
            std::uint8_t* out = phases + i * m_d;
            const std::size_t vec_end = m_d - m_d % width;
            for (std::size_t k = 0; k < vec_end; k += width) {
                const batch drive = batch::load_unaligned(w + k) * batch(e);
                batch phase(T(0));
                // Entries have decreasing thresholds: the last one that the drive reaches, scanning
                // from the end, is the first in table order.
                for (std::size_t j = m_entries; j-- > 0;)
                    phase = simd::select(drive >= batch(m_threshold[j]), batch(m_phase[j]), phase);
                phase.store_aligned(lane);
                for (std::size_t l = 0; l < width; ++l) {
                    out[k + l] = static_cast<std::uint8_t>(lane[l]);
                    active += lane[l] != T(0);
                }
            }
            for (std::size_t k = vec_end; k < m_d; ++k) {
                const std::uint8_t p = scalar_phase(w[k] * e);
                out[k] = p;
                active += p != 0;
            }
        }
        return {active, m_n * m_d};
    }

    /// The phase of one unit for drive d, without SIMD (the reference the tests compare with).
    std::uint8_t scalar_phase(T drive) const noexcept
    {
        for (std::size_t j = 0; j < m_entries; ++j)
            if (drive >= m_threshold[j]) return static_cast<std::uint8_t>(m_phase[j]);
        return 0;
    }

private:
    std::size_t m_n, m_d;
    detail::buffer<T, N * D> m_weights;
    T m_threshold[max_table]{};
    T m_phase[max_table]{};
    std::size_t m_entries = 0;
};

} // namespace hsc::quantize

HSC_SIMD_END_GCC12_WORKAROUND
