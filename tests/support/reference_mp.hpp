// Plain matching pursuit, the way a textbook states it: after every selection, recompute every
// correlation on the whole residual and scan all of them. The test oracle for hsc's MP, and the
// baseline its benchmark compares against.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/reconstruct.hpp"
#include "hsc/code/sparse_code.hpp"
#include "support/reference_kernels.hpp"

#include <cmath>
#include <vector>

namespace hsc::reference {

/// Circular correlation of an h×w canvas with an n×n kernel anchored at its top-left.
struct scalar_correlation
{
    template <class T>
    void operator()(const T* canvas, std::size_t h, std::size_t w, const T* kernel, std::size_t n, T* out) const
    {
        correlate2d(canvas, h, w, kernel, n, n, 0, 0, true, out);
    }
};

/// `correlate` computes the correlations (the scalar loop by default; the benchmark passes the
/// SIMD one so that the baseline differs from hsc's MP only by the algorithm).
template <class T, class Correlate = scalar_correlation>
std::vector<code_event<T>> matching_pursuit(const T* image, std::size_t h, std::size_t w, const kernel_bank<T>& bank,
                                            hsc::boundary mode, std::size_t atoms, T gain = 1, Correlate correlate = {})
{
    const std::size_t k_count = bank.size(), n = bank.atom_size();
    const bool circular = mode == hsc::boundary::circular;
    // Canvas as in hsc's MP: the image itself (circular) or the image zero-padded so that the atom
    // of position (r, c) covers [r, r + n) × [c, c + n) (zero boundary).
    const std::size_t anchor = hsc::atom_anchor(n, mode);
    const std::size_t ch = circular ? h : h + n - 1, cw = circular ? w : w + n - 1;
    std::vector<T> canvas(ch * cw, T(0));
    for (std::size_t i = 0; i < h; ++i)
        for (std::size_t j = 0; j < w; ++j)
            canvas[(i + (circular ? 0 : anchor)) * cw + j + (circular ? 0 : anchor)] = image[i * w + j];

    std::vector<T> unit(bank.atoms().data(), bank.atoms().data() + bank.atoms().size());
    std::vector<T> norm(k_count);
    for (std::size_t k = 0; k < k_count; ++k) {
        norm[k] = std::sqrt(dot(unit.data() + k * n * n, unit.data() + k * n * n, n * n));
        for (std::size_t i = 0; i < n * n; ++i) unit[k * n * n + i] /= norm[k];
    }
    std::vector<code_event<T>> events;
    std::vector<T> corr(ch * cw);
    for (std::size_t step = 0; step < atoms; ++step) {
        T best = -1;
        std::size_t best_k = 0, best_r = 0, best_c = 0;
        for (std::size_t k = 0; k < k_count; ++k) {
            correlate(canvas.data(), ch, cw, unit.data() + k * n * n, n, corr.data());
            for (std::size_t r = 0; r < h; ++r)
                for (std::size_t c = 0; c < w; ++c) {
                    const T a = std::fabs(corr[r * cw + c]);
                    // Ties go to the first position in row-major order, then the first atom.
                    const bool earlier = r * w + c < best_r * w + best_c;
                    if (a > best || (a == best && earlier)) {
                        best = a;
                        best_k = k, best_r = r, best_c = c;
                    }
                }
        }
        correlate(canvas.data(), ch, cw, unit.data() + best_k * n * n, n, corr.data());
        const T a = corr[best_r * cw + best_c];
        events.push_back({static_cast<std::uint32_t>(best_k), static_cast<std::uint32_t>(best_r),
                          static_cast<std::uint32_t>(best_c), gain * a / norm[best_k]});
        hsc::add_atom(canvas.data(), ch, cw, unit.data() + best_k * n * n, n, best_r, best_c, -gain * a,
                      hsc::boundary::circular);
    }
    return events;
}

} // namespace hsc::reference
