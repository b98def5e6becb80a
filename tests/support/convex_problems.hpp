// Small CBPDN problems with answers a test can check, shared by the ADMM and FISTA tests.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/code/reconstruct.hpp"
#include "hsc/simd/correlate.hpp"
#include "support/random_data.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace hsc::testing {

/// A bank of `count` random size×size atoms and a random h×w image, reproducible from `seed`.
template <class T>
std::pair<kernel_bank<T>, xt::xtensor<T, 2>> random_problem(std::size_t count, std::size_t size, std::size_t h,
                                                            std::size_t w, std::uint64_t seed)
{
    xt::xtensor<T, 3> atoms({count, size, size});
    const auto a = uniform_vector<T>(atoms.size(), seed);
    std::copy(a.begin(), a.end(), atoms.begin());
    xt::xtensor<T, 2> image({h, w});
    const auto v = uniform_vector<T>(image.size(), seed + 1);
    std::copy(v.begin(), v.end(), image.begin());
    return {kernel_bank<T>(atoms), image};
}

/// The worst violation of CBPDN's optimality conditions by dense maps y (K, H, W):
/// Dᵀ(s − Dy) = λ sign(y) where y ≠ 0, |Dᵀ(s − Dy)| ≤ λ elsewhere.
template <class T>
double optimality_violation(const kernel_bank<T>& bank, const xt::xtensor<T, 2>& image, const T* y, double lambda)
{
    const std::size_t h = image.shape()[0], w = image.shape()[1], n = bank.atom_size();
    xt::xtensor<T, 3> dense({bank.size(), h, w});
    std::copy(y, y + dense.size(), dense.begin());
    const auto recon = reconstruct(sparse_code<T>::from_dense(dense, boundary::circular), bank);
    xt::xtensor<T, 2> residual = image - recon;
    std::vector<T> correlation(h * w);
    double worst = 0;
    for (std::size_t k = 0; k < bank.size(); ++k) {
        simd::correlate2d(residual.data(), bank.atom(k), correlation.data(), {h, w, n, n}, boundary::circular);
        for (std::size_t i = 0; i < correlation.size(); ++i) {
            const double yi = y[k * h * w + i], c = correlation[i];
            const double violation =
                yi != 0 ? std::fabs(c - lambda * (yi > 0 ? 1 : -1)) : std::max(0.0, std::fabs(c) - lambda);
            worst = std::max(worst, violation);
        }
    }
    return worst;
}

} // namespace hsc::testing
