// The paper's separability measure (docs/science.md §2.6) through libsvm (Debian's libsvm-dev, the
// solver scikit-learn's SVC wraps): an RBF-SVM, one-vs-one, on max-abs-scaled response vectors.
// A fold's test responses are split into stratified halves; on the first, C ∈ 10^[−7..9] and
// γ ∈ 10^[−8..10] are grid-searched by stratified 4-fold cross-validation (mean fold accuracy, ties
// to the first pair in C-major order, as GridSearchCV); on the second, 4-fold cross-validation is
// scored with train and test flipped (train on one quarter, test on three). Scaling is fitted on
// each training part.
//
// Two things keep the grid cheap without changing its answer: the kernel is given to libsvm
// precomputed, once per γ and split, with libsvm's own arithmetic (see fit_and_score), and the C loop stops at the
// first C whose solution has no multiplier at its bound — for every larger C the same multipliers satisfy the
// optimality conditions, so the model (up to the solver's tolerance) and its accuracy repeat.
#pragma once

#include "quantization_protocol.hpp"

#include <hsc/random.hpp>

#include <libsvm/svm.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numeric>
#include <vector>

namespace hsc::studies {

struct svm_grid
{
    int c_low = -7, c_high = 9;          ///< C = 10^c_low .. 10^c_high
    int gamma_low = -8, gamma_high = 10; ///< γ = 10^gamma_low .. 10^gamma_high
    std::size_t folds = 4;
};

namespace svm_detail {
    inline void quiet(const char*) {}

    /// Fold of each sample, allocated as scikit-learn's StratifiedKFold does (the authors' tool):
    /// fold i holds, of each class, as many samples as every k-th entry of the sorted labels from
    /// entry i does, so a class whose size k does not divide has more samples in some folds than
    /// others — and the folds' class balance differs. Which samples of a class go where is seeded.
    /// The balance matters: an SVM trained on exactly balanced classes at the grid's tiniest C and γ
    /// acts as a nearest-centroid rule, one trained on unbalanced classes does not
    /// (docs/results/quantization.md).
    inline std::vector<std::size_t> stratified_folds(const std::vector<std::size_t>& y, std::size_t classes,
                                                     std::size_t k, random_engine& engine)
    {
        std::vector<std::size_t> count(classes, 0);
        for (const std::size_t label : y) ++count[label];
        // Classes take their places in the sorted labels in a random order (scikit-learn numbers
        // them by first appearance in a shuffled sample), so which class is short in which fold is
        // random too.
        std::vector<std::size_t> order(classes);
        std::iota(order.begin(), order.end(), 0);
        engine.shuffle(order);
        std::vector<std::size_t> fold(y.size()), first(classes, 0); // first: a class's offset in the sorted labels
        for (std::size_t r = 1; r < classes; ++r) first[order[r]] = first[order[r - 1]] + count[order[r - 1]];
        for (std::size_t c = 0; c < classes; ++c) {
            std::vector<std::size_t> slots; // the folds of the class's sorted positions
            for (std::size_t p = first[c]; p < first[c] + count[c]; ++p) slots.push_back(p % k);
            std::sort(slots.begin(), slots.end());
            engine.shuffle(slots);
            std::size_t next = 0;
            for (std::size_t i = 0; i < y.size(); ++i)
                if (y[i] == c) fold[i] = slots[next++];
        }
        return fold;
    }

    struct model_deleter
    {
        void operator()(svm_model* m) const noexcept { svm_free_and_destroy_model(&m); }
    };

    /// Trains on `train` and tests on `test` (indices into x) for every γ of `gammas` and every C of
    /// `cs` (ascending); reports the correct count of each pair through report(ci, gi, correct).
    template <class Report>
    void fit_and_score(const std::vector<std::vector<double>>& x, const std::vector<std::size_t>& y,
                       const std::vector<std::size_t>& train, const std::vector<std::size_t>& test,
                       const std::vector<double>& cs, const std::vector<double>& gammas, Report&& report)
    {
        const std::size_t n = x.size(), dim = n ? x[0].size() : 0;
        std::vector<double> scale(dim, 0.0);
        for (const std::size_t i : train)
            for (std::size_t j = 0; j < dim; ++j) scale[j] = std::max(scale[j], std::fabs(x[i][j]));
        for (double& s : scale) s = s > 0 ? 1 / s : 1;
        // Squared distances as libsvm's RBF kernel computes them: while training, ‖a‖² + ‖b‖² − 2a·b
        // (Kernel::kernel_rbf), when predicting, Σ(a − b)² (Kernel::k_function). The difference
        // matters: where γ is tiny the kernel's information sits in the last digits, and the
        // training form's rounding decides what the grid search finds there (docs/results/quantization.md).
        std::vector<double> scaled(n * dim);
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t j = 0; j < dim; ++j) scaled[a * dim + j] = x[a][j] * scale[j];
        std::vector<bool> training(n, false);
        for (const std::size_t i : train) training[i] = true;
        auto dot = [&](std::size_t a, std::size_t b) {
            double d = 0;
            for (std::size_t j = 0; j < dim; ++j) d += scaled[a * dim + j] * scaled[b * dim + j];
            return d;
        };
        std::vector<double> distance(n * n, 0.0);
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = a + 1; b < n; ++b) {
                double d = 0;
                if (training[a] && training[b]) {
                    d = dot(a, a) + dot(b, b) - 2 * dot(a, b);
                } else {
                    for (std::size_t j = 0; j < dim; ++j) {
                        const double t = scaled[a * dim + j] - scaled[b * dim + j];
                        d += t * t;
                    }
                }
                distance[a * n + b] = distance[b * n + a] = d;
            }
        // Precomputed-kernel rows: node 0 holds the sample's id (1-based), node id its kernel value.
        std::vector<std::vector<svm_node>> rows(n, std::vector<svm_node>(n + 2));
        std::vector<svm_node*> train_rows;
        std::vector<double> train_labels;
        for (const std::size_t i : train) {
            train_rows.push_back(rows[i].data());
            train_labels.push_back(static_cast<double>(y[i]));
        }
        svm_problem problem{static_cast<int>(train.size()), train_labels.data(), train_rows.data()};
        for (std::size_t gi = 0; gi < gammas.size(); ++gi) {
            for (std::size_t a = 0; a < n; ++a) {
                rows[a][0] = {0, static_cast<double>(a + 1)};
                for (std::size_t b = 0; b < n; ++b)
                    rows[a][b + 1] = {static_cast<int>(b + 1), std::exp(-gammas[gi] * distance[a * n + b])};
                rows[a][n + 1] = {-1, 0};
            }
            for (std::size_t ci = 0; ci < cs.size(); ++ci) {
                svm_parameter parameter{};
                parameter.svm_type = C_SVC;
                parameter.kernel_type = PRECOMPUTED;
                parameter.cache_size = 4;
                parameter.eps = 1e-3;
                parameter.C = cs[ci];
                parameter.shrinking = 1;
                const std::unique_ptr<svm_model, model_deleter> model(svm_train(&problem, &parameter));
                std::size_t correct = 0;
                for (const std::size_t i : test)
                    correct += static_cast<std::size_t>(svm_predict(model.get(), rows[i].data())) == y[i];
                double largest = 0;
                for (int k = 0; k + 1 < model->nr_class; ++k)
                    for (int s = 0; s < model->l; ++s) largest = std::max(largest, std::fabs(model->sv_coef[k][s]));
                const bool bounded = largest >= cs[ci] * (1 - 1e-9);
                for (std::size_t same = ci; same < (bounded ? ci + 1 : cs.size()); ++same) report(same, gi, correct);
                if (!bounded) break;
            }
        }
    }

    inline std::vector<double> powers_of_ten(int low, int high)
    {
        std::vector<double> v;
        for (int e = low; e <= high; ++e) v.push_back(std::pow(10.0, e));
        return v;
    }

    template <class T>
    std::vector<T> pick(const std::vector<T>& v, const std::vector<std::size_t>& index)
    {
        std::vector<T> out;
        for (const std::size_t i : index) out.push_back(v[i]);
        return out;
    }
} // namespace svm_detail

/// The paper's separability (%) of a fold's test responses; `train` is not used (the SVM protocol
/// learns from the test responses' own halves).
inline double svm_accuracy(const labelled_set& /*train*/, const labelled_set& test, std::uint64_t seed,
                           const svm_grid& grid = {})
{
    static const bool silenced = (svm_set_print_string_function(svm_detail::quiet), true);
    (void)silenced;
    random_engine engine(seed);
    const auto half = svm_detail::stratified_folds(test.y, test.classes, 2, engine);
    std::vector<std::size_t> first, second;
    for (std::size_t i = 0; i < half.size(); ++i) (half[i] == 0 ? first : second).push_back(i);
    const auto cs = svm_detail::powers_of_ten(grid.c_low, grid.c_high),
               gammas = svm_detail::powers_of_ten(grid.gamma_low, grid.gamma_high);

    // Grid search on the first half.
    const auto x = svm_detail::pick(test.x, first);
    const auto y = svm_detail::pick(test.y, first);
    const auto fold = svm_detail::stratified_folds(y, test.classes, grid.folds, engine);
    std::vector<double> score(cs.size() * gammas.size(), 0.0);
    for (std::size_t k = 0; k < grid.folds; ++k) {
        std::vector<std::size_t> fit, held_out;
        for (std::size_t i = 0; i < y.size(); ++i) (fold[i] == k ? held_out : fit).push_back(i);
        if (held_out.empty()) continue;
        svm_detail::fit_and_score(x, y, fit, held_out, cs, gammas, [&](std::size_t ci, std::size_t gi, std::size_t c) {
            score[ci * gammas.size() + gi] += static_cast<double>(c) / static_cast<double>(held_out.size());
        });
    }
    const std::size_t best = static_cast<std::size_t>(std::max_element(score.begin(), score.end()) - score.begin());
    const std::vector<double> best_c{cs[best / gammas.size()]}, best_gamma{gammas[best % gammas.size()]};

    // Flipped cross-validation on the second half: train on one quarter, test on the rest.
    const auto x2 = svm_detail::pick(test.x, second);
    const auto y2 = svm_detail::pick(test.y, second);
    const auto fold2 = svm_detail::stratified_folds(y2, test.classes, grid.folds, engine);
    double accuracy = 0;
    std::size_t scored = 0;
    for (std::size_t k = 0; k < grid.folds; ++k) {
        std::vector<std::size_t> fit, held_out;
        for (std::size_t i = 0; i < y2.size(); ++i) (fold2[i] == k ? fit : held_out).push_back(i);
        if (fit.empty() || held_out.empty()) continue;
        svm_detail::fit_and_score(x2, y2, fit, held_out, best_c, best_gamma,
                                  [&](std::size_t, std::size_t, std::size_t c) {
                                      accuracy += 100.0 * static_cast<double>(c) / static_cast<double>(held_out.size());
                                  });
        ++scored;
    }
    return scored ? accuracy / static_cast<double>(scored) : 0;
}

} // namespace hsc::studies
