// Greedy pursuits on a dense dictionary, stated plainly: explicit residual, selection by
// argmax |Dᵀr|, and for OMP a fresh least-squares solve (normal equations, Gaussian elimination
// in double) at every step. The oracle for hsc::patch_coder.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace hsc::reference {

/// dictionary: k rows of n values. Returns k dense coefficients.
template <class T>
std::vector<T> pursuit(const T* dictionary, std::size_t n, std::size_t k, const T* signal, std::size_t atoms,
                       bool orthogonal)
{
    std::vector<double> r(signal, signal + n), coef(k, 0.0);
    std::vector<std::size_t> chosen;
    for (std::size_t step = 0; step < atoms; ++step) {
        std::size_t best = 0;
        double best_abs = -1, best_value = 0;
        for (std::size_t a = 0; a < k; ++a) {
            double c = 0;
            for (std::size_t i = 0; i < n; ++i) c += double(dictionary[a * n + i]) * r[i];
            if (std::fabs(c) > best_abs) best_abs = std::fabs(c), best = a, best_value = c;
        }
        if (best_abs <= 1e-12) break;
        if (!orthogonal) {
            coef[best] += best_value;
            for (std::size_t i = 0; i < n; ++i) r[i] -= best_value * double(dictionary[best * n + i]);
            continue;
        }
        chosen.push_back(best);
        const std::size_t m = chosen.size();
        // Normal equations (D_Iᵀ D_I) γ = D_Iᵀ x, solved by Gaussian elimination with pivoting.
        std::vector<double> a(m * (m + 1));
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j < m; ++j) {
                double g = 0;
                for (std::size_t t = 0; t < n; ++t)
                    g += double(dictionary[chosen[i] * n + t]) * double(dictionary[chosen[j] * n + t]);
                a[i * (m + 1) + j] = g;
            }
            double b = 0;
            for (std::size_t t = 0; t < n; ++t) b += double(dictionary[chosen[i] * n + t]) * double(signal[t]);
            a[i * (m + 1) + m] = b;
        }
        for (std::size_t c = 0; c < m; ++c) {
            std::size_t pivot = c;
            for (std::size_t i = c + 1; i < m; ++i)
                if (std::fabs(a[i * (m + 1) + c]) > std::fabs(a[pivot * (m + 1) + c])) pivot = i;
            for (std::size_t j = 0; j <= m; ++j) std::swap(a[c * (m + 1) + j], a[pivot * (m + 1) + j]);
            for (std::size_t i = 0; i < m; ++i) {
                if (i == c) continue;
                const double f = a[i * (m + 1) + c] / a[c * (m + 1) + c];
                for (std::size_t j = c; j <= m; ++j) a[i * (m + 1) + j] -= f * a[c * (m + 1) + j];
            }
        }
        std::fill(coef.begin(), coef.end(), 0.0);
        r.assign(signal, signal + n);
        for (std::size_t i = 0; i < m; ++i) {
            coef[chosen[i]] = a[i * (m + 1) + m] / a[i * (m + 1) + i];
            for (std::size_t t = 0; t < n; ++t) r[t] -= coef[chosen[i]] * double(dictionary[chosen[i] * n + t]);
        }
    }
    return std::vector<T>(coef.begin(), coef.end());
}

} // namespace hsc::reference
