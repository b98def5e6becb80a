// The trained part of a reservoir (docs/science.md §3): ridge regression on the states [features; 1]
// after a washout, the regularisation chosen on a validation split, scored by R² on held-out steps.
//
// Many tasks share one run of the network: the Gram matrices of the training and training +
// validation steps and their Cholesky factors (one per candidate α) are computed once, and each
// task only solves triangular systems.
#pragma once

#include "hsc/config.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace hsc::detail {

/// Dense symmetric positive-definite solve by Cholesky, in place: a (m×m, row-major) becomes its
/// lower factor. Returns false if a pivot is not positive.
inline bool cholesky(std::vector<double>& a, std::size_t m) noexcept
{
    for (std::size_t j = 0; j < m; ++j) {
        double d = a[j * m + j];
        for (std::size_t k = 0; k < j; ++k) d -= a[j * m + k] * a[j * m + k];
        if (!(d > 0)) return false;
        const double root = std::sqrt(d);
        a[j * m + j] = root;
        for (std::size_t i = j + 1; i < m; ++i) {
            double v = a[i * m + j];
            for (std::size_t k = 0; k < j; ++k) v -= a[i * m + k] * a[j * m + k];
            a[i * m + j] = v / root;
        }
    }
    return true;
}

/// Solves L Lᵀ x = b with the factor from cholesky(); b is overwritten by x.
inline void cholesky_solve(const std::vector<double>& l, std::size_t m, std::vector<double>& b) noexcept
{
    for (std::size_t i = 0; i < m; ++i) {
        double v = b[i];
        for (std::size_t k = 0; k < i; ++k) v -= l[i * m + k] * b[k];
        b[i] = v / l[i * m + i];
    }
    for (std::size_t i = m; i-- > 0;) {
        double v = b[i];
        for (std::size_t k = i + 1; k < m; ++k) v -= l[k * m + i] * b[k];
        b[i] = v / l[i * m + i];
    }
}

} // namespace hsc::detail

namespace hsc::reservoir {

/// R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (negative when worse than the mean; 0 for a constant target).
inline double r_squared(const double* y, const double* prediction, std::size_t count) noexcept
{
    double mean = 0;
    for (std::size_t t = 0; t < count; ++t) mean += y[t];
    mean /= static_cast<double>(count);
    double residual = 0, total = 0;
    for (std::size_t t = 0; t < count; ++t) {
        residual += (y[t] - prediction[t]) * (y[t] - prediction[t]);
        total += (y[t] - mean) * (y[t] - mean);
    }
    return total > 0 ? 1 - residual / total : 0;
}

/// Ridge regression of many targets on one state matrix. States: `steps` rows of `width` features;
/// a bias column is appended and not penalised. Rows [0, train) fit, [train, train + validation)
/// choose α, then the model is refitted on both and scored on [train + validation, steps).
/// It keeps a reference to `states`, which must outlive it.
class ridge_readout
{
public:
    ridge_readout(const std::vector<double>& states, std::size_t steps, std::size_t width, std::size_t train,
                  std::size_t validation, std::vector<double> alphas = {1e-6, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10})
        : m_states(states), m_steps(steps), m_width(width), m_train(train), m_validation(validation),
          m_alphas(std::move(alphas))
    {
        require(states.size() == steps * width && train > width && validation > 0 && train + validation < steps,
                errc::invalid_argument, [&] {
                    return "ridge_readout: " + std::to_string(steps) + " steps of " + std::to_string(width) +
                           " features cannot be split into " + std::to_string(train) +
                           " training (more than the "
                           "features) and " +
                           std::to_string(validation) + " validation steps with some left to test";
                });
        const auto fit = gram(0, train), both = gram(0, train + validation);
        for (const double alpha : m_alphas) {
            m_factor_fit.push_back(regularised(fit, alpha));
            m_factor_both.push_back(regularised(both, alpha));
        }
    }

    struct result
    {
        double test_r2 = 0, validation_r2 = 0, alpha = 0;
    };

    /// Fits the target y (one value per step; steps outside the splits are ignored).
    result fit(const std::vector<double>& y) const
    {
        const std::size_t m = m_width + 1, test_begin = m_train + m_validation;
        std::vector<double> rhs_fit = cross(y, 0, m_train), rhs_both = cross(y, 0, test_begin);
        std::vector<double> prediction(m_steps);
        result best;
        best.validation_r2 = -std::numeric_limits<double>::infinity();
        best.test_r2 = 0;
        std::size_t chosen = 0;
        for (std::size_t a = 0; a < m_alphas.size(); ++a) {
            if (m_factor_fit[a].empty()) continue;
            std::vector<double> w = rhs_fit;
            detail::cholesky_solve(m_factor_fit[a], m, w);
            predict(w, m_train, test_begin, prediction.data());
            const double r2 = r_squared(y.data() + m_train, prediction.data() + m_train, m_validation);
            if (r2 > best.validation_r2) best.validation_r2 = r2, best.alpha = m_alphas[a], chosen = a;
        }
        if (m_factor_both[chosen].empty()) return best; // no α gave a positive-definite system: R² 0
        std::vector<double> w = rhs_both;
        detail::cholesky_solve(m_factor_both[chosen], m, w);
        predict(w, test_begin, m_steps, prediction.data());
        best.test_r2 = r_squared(y.data() + test_begin, prediction.data() + test_begin, m_steps - test_begin);
        return best;
    }

    /// The weights (features, then bias) of a direct ridge solve with a given α on the training
    /// rows — for checking against other solvers.
    std::vector<double> weights(const std::vector<double>& y, double alpha) const
    {
        auto factor = regularised(gram(0, m_train), alpha);
        require(!factor.empty(), errc::invalid_argument, [] { return std::string("ridge_readout: singular system"); });
        std::vector<double> w = cross(y, 0, m_train);
        detail::cholesky_solve(factor, m_width + 1, w);
        return w;
    }

private:
    double feature(std::size_t t, std::size_t j) const noexcept
    {
        return j < m_width ? m_states[t * m_width + j] : 1.0;
    }

    std::vector<double> gram(std::size_t begin, std::size_t end) const
    {
        const std::size_t m = m_width + 1;
        std::vector<double> g(m * m, 0.0);
        for (std::size_t t = begin; t < end; ++t)
            for (std::size_t i = 0; i < m; ++i) {
                const double xi = feature(t, i);
                for (std::size_t j = 0; j <= i; ++j) g[i * m + j] += xi * feature(t, j);
            }
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < i; ++j) g[j * m + i] = g[i * m + j];
        return g;
    }

    /// Cholesky factor of G + α·I (bias entry unpenalised); empty when not positive definite.
    std::vector<double> regularised(std::vector<double> g, double alpha) const
    {
        const std::size_t m = m_width + 1;
        for (std::size_t i = 0; i < m_width; ++i) g[i * m + i] += alpha;
        if (!detail::cholesky(g, m)) g.clear();
        return g;
    }

    std::vector<double> cross(const std::vector<double>& y, std::size_t begin, std::size_t end) const
    {
        std::vector<double> c(m_width + 1, 0.0);
        for (std::size_t t = begin; t < end; ++t)
            for (std::size_t j = 0; j <= m_width; ++j) c[j] += feature(t, j) * y[t];
        return c;
    }

    void predict(const std::vector<double>& w, std::size_t begin, std::size_t end, double* out) const noexcept
    {
        for (std::size_t t = begin; t < end; ++t) {
            double v = w[m_width];
            for (std::size_t j = 0; j < m_width; ++j) v += w[j] * m_states[t * m_width + j];
            out[t] = v;
        }
    }

    const std::vector<double>& m_states;
    std::size_t m_steps, m_width, m_train, m_validation;
    std::vector<double> m_alphas;
    std::vector<std::vector<double>> m_factor_fit, m_factor_both;
};

} // namespace hsc::reservoir
