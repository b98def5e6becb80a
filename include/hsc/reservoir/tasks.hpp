// The tasks of docs/science.md §3 on a standardised random input u(t) ~ N(0, 1), i.i.d.:
// y(t) = u(t + Δ)^d — "Taylor" when Δ = 0, "Nostradamus" when d = 1 (Δ < 0 recall, Δ > 0
// prediction), "Tayloramus" otherwise — scored on any list of tasks (the study's grid is its own),
// and Jaeger's memory capacity Σ_{k=1}^{30} R²(d = 1, Δ = −k). R² below 0 (worse than the mean,
// as for predicting an i.i.d. input) counts as 0 in means and in the capacity.
#pragma once

#include "hsc/detail/special_functions.hpp"
#include "hsc/random.hpp"
#include "hsc/reservoir/readout.hpp"
#include "hsc/reservoir/reservoir.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace hsc::reservoir {

struct task
{
    unsigned power = 1; ///< d
    int shift = 0;      ///< Δ
};

struct protocol
{
    std::size_t washout = 100, train = 2000, validation = 500, test = 1000;
    std::uint64_t input_seed = 7;
};

struct task_scores
{
    double mean_r2 = 0; ///< over every task, R² floored at 0
    double taylor = 0, nostradamus = 0, tayloramus = 0;
    double memory_capacity = 0; ///< Σ_{k=1}^{30} R²(u(t − k))
    std::vector<double> r2;     ///< per task, test R² (not floored)
};

/// Drives `net` (reset first) with the protocol's input and scores every task on its states.
template <std::floating_point T>
task_scores evaluate_tasks(network<T>& net, const std::vector<task>& tasks, const protocol& setup = {})
{
    require(net.inputs() == 1, errc::invalid_argument, [&] {
        return "evaluate_tasks: the tasks drive one input, the network has " + std::to_string(net.inputs());
    });
    int min_shift = 0, max_shift = 0;
    for (const auto& t : tasks) min_shift = std::min(min_shift, t.shift), max_shift = std::max(max_shift, t.shift);
    require(static_cast<std::size_t>(-min_shift) <= setup.washout, errc::invalid_argument, [&] {
        return "evaluate_tasks: a recall of " + std::to_string(-min_shift) +
               " steps needs a washout at least as long (got " + std::to_string(setup.washout) + ")";
    });
    const std::size_t recorded = setup.train + setup.validation + setup.test;
    const std::size_t total = setup.washout + recorded + static_cast<std::size_t>(max_shift);
    std::vector<double> u(total);
    random_engine engine(setup.input_seed);
    for (auto& v : u) v = detail::normal_quantile(engine.uniform());
    const std::size_t n = net.size();
    std::vector<double> states(recorded * n);
    net.reset();
    for (std::size_t t = 0; t < setup.washout + recorded; ++t) {
        const T input = static_cast<T>(u[t]);
        net.step({&input, 1});
        if (t >= setup.washout)
            for (std::size_t i = 0; i < n; ++i) states[(t - setup.washout) * n + i] = net.features()[i];
    }
    const ridge_readout readout(states, recorded, n, setup.train, setup.validation);
    task_scores scores;
    std::vector<double> y(recorded);
    double counts[3] = {0, 0, 0};
    for (const auto& task : tasks) {
        for (std::size_t s = 0; s < recorded; ++s) {
            const auto index = static_cast<std::ptrdiff_t>(setup.washout + s) + task.shift;
            y[s] = std::pow(u[static_cast<std::size_t>(index)], static_cast<double>(task.power));
        }
        const double r2 = readout.fit(y).test_r2;
        scores.r2.push_back(r2);
        const double floored = std::max(0.0, r2);
        scores.mean_r2 += floored / static_cast<double>(tasks.size());
        const int family = task.shift == 0 ? 0 : task.power == 1 ? 1 : 2;
        (family == 0 ? scores.taylor : family == 1 ? scores.nostradamus : scores.tayloramus) += floored;
        counts[family] += 1;
        if (task.power == 1 && task.shift < 0 && task.shift >= -30) scores.memory_capacity += floored;
    }
    if (counts[0] > 0) scores.taylor /= counts[0];
    if (counts[1] > 0) scores.nostradamus /= counts[1];
    if (counts[2] > 0) scores.tayloramus /= counts[2];
    return scores;
}

} // namespace hsc::reservoir
