// Resilience to pruning (docs/science.md §1.4): remove the small coefficients, measure again. Two
// meanings of "small", each under its own name: below an absolute magnitude (the paper's sweep of
// coded images), or below a fraction of the code's largest magnitude (the classifier's input).
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/reconstruct.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/metrics/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace hsc {

/// The code without its coefficients of magnitude below `threshold` (repeated events summed
/// first): a merged code.
template <class T>
sparse_code<T> prune_absolute(sparse_code<T> code, double threshold)
{
    if (!code.is_merged()) code = code.merged();
    code.keep_if([threshold](const auto& e) { return std::fabs(static_cast<double>(e.value)) >= threshold; });
    return code;
}

/// The code without its coefficients of magnitude below fraction · max|coefficient| (repeated
/// events summed first): a merged code.
template <class T>
sparse_code<T> prune_relative(const sparse_code<T>& code, double fraction)
{
    auto merged = code.merged();
    double top = 0;
    for (const auto& e : merged.events()) top = std::max(top, std::fabs(static_cast<double>(e.value)));
    return prune_absolute(std::move(merged), fraction * top);
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

/// PSNR and sparseness of the code pruned at each absolute threshold, against the coded image.
/// The code is merged once, whatever the number of thresholds.
template <class T>
std::vector<pruning_point> pruning_sweep(const sparse_code<T>& code, const kernel_bank<T>& bank,
                                         const xt::xtensor<T, 2>& image,
                                         const std::vector<double>& thresholds = default_pruning_thresholds())
{
    const auto merged = code.merged();
    std::vector<pruning_point> sweep;
    for (const double c : thresholds) {
        const auto pruned = prune_absolute(merged, c);
        sweep.push_back({c, nnz(pruned), sparseness(pruned), psnr_db(image, reconstruct(pruned, bank))});
    }
    return sweep;
}

} // namespace hsc
