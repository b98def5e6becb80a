// Resilience to pruning (SCIENCE.md §1.4): remove the small coefficients, measure again.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/reconstruct.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/metrics/metrics.hpp"

#include <cmath>
#include <vector>

namespace hsc {

/// The code without its coefficients of magnitude below c (repeated events summed first).
template <class T>
sparse_code<T> prune(const sparse_code<T>& code, double c)
{
    auto pruned = code.merged();
    std::erase_if(pruned.events(), [c](const auto& e) { return std::fabs(static_cast<double>(e.value)) < c; });
    return pruned;
}

struct pruning_point
{
    double threshold;
    std::size_t nnz;
    double sparseness;
    double psnr_db;
};

/// The paper's thresholds: linspace(0.001, 0.5, 6).
inline std::vector<double> default_pruning_thresholds()
{
    std::vector<double> c(6);
    for (std::size_t i = 0; i < 6; ++i) c[i] = 0.001 + (0.5 - 0.001) * static_cast<double>(i) / 5;
    return c;
}

/// PSNR and sparseness of the code pruned at each threshold, against the coded image.
template <class T>
std::vector<pruning_point> pruning_sweep(const sparse_code<T>& code, const kernel_bank<T>& bank, simd::boundary mode,
                                         const xt::xtensor<T, 2>& image,
                                         const std::vector<double>& thresholds = default_pruning_thresholds())
{
    std::vector<pruning_point> sweep;
    for (const double c : thresholds) {
        const auto pruned = prune(code, c);
        sweep.push_back({c, nnz(pruned), sparseness(pruned), psnr_db(image, reconstruct(pruned, bank, mode))});
    }
    return sweep;
}

} // namespace hsc
