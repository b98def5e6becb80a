// The tasks of docs/science.md §3 and the standard reservoir benchmarks, each scored by a ridge
// readout (hsc/reservoir/readout.hpp) on held-out steps.
//
// Task grid: on a standardised random input u(t) — i.i.d. N(0, 1) ("white"), or low-pass filtered
// noise (an AR(1) process u(t) = a·u(t − 1) + √(1 − a²)·ξ(t), a = e^{−1/c} for a correlation time of
// c steps, unit variance), of one or more independent channels — y(t) = u₀(t + Δ)^d on the first
// channel: "Taylor" when Δ = 0, "Nostradamus" when d = 1 (Δ < 0 recall, Δ > 0 prediction),
// "Tayloramus" otherwise. Further channels drive the network too: what it must keep apart. Jaeger's
// memory capacity Σ_{k=1}^{30} R²(d = 1, Δ = −k). R² below 0 (worse than the mean, as for predicting
// an i.i.d. input) counts as 0 in means and in the capacity.
// NARMA-10 (Atiya & Parlos 2000): u(t) ~ U[0, 0.5] i.i.d., y(t + 1) = 0.3 y(t) + 0.05 y(t) Σ_{i=0}^{9}
// y(t − i) + 1.5 u(t − 9) u(t) + 0.1; the network reads u standardised and the readout gives y(t + 1).
// Mackey-Glass (τ = 17): dx/dt = 0.2 x(t − 17)/(1 + x(t − 17)¹⁰) − 0.1 x(t), integrated by Euler
// steps of 0.1, sampled each time unit after a transient; input x(t), target x(t + horizon), both
// standardised. Both are scored by R² and NRMSE = √(Σ(y − ŷ)²/Σ(y − ȳ)²) = √(1 − R²).
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

enum class input_kind {
    white,  ///< i.i.d. N(0, 1)
    lowpass ///< AR(1) of unit variance and the given correlation time
};

constexpr const char* to_string(input_kind kind) noexcept
{
    return kind == input_kind::white ? "white" : "lowpass";
}

struct protocol
{
    std::size_t washout = 100, train = 2000, validation = 500, test = 1000;
    std::uint64_t input_seed = 7;
    input_kind input = input_kind::white;
    double correlation_steps = 5; ///< lowpass: the correlation time c (steps)
    std::size_t channels = 1;     ///< independent input channels; the tasks read the first
};

struct task_scores
{
    double mean_r2 = 0;            ///< over every task, test R² floored at 0
    double validation_mean_r2 = 0; ///< the same on the validation steps (what chooses a τ)
    double taylor = 0, nostradamus = 0, tayloramus = 0;
    double memory_capacity = 0;        ///< Σ_{k=1}^{30} R²(u(t − k))
    std::vector<double> r2;            ///< per task, test R² (not floored)
    std::vector<double> validation_r2; ///< per task, validation R² at the chosen regularisation
};

struct benchmark_score
{
    double r2 = 0, nrmse = 1; ///< test R² (not floored) and √(1 − R²)
    double validation_r2 = 0; ///< on the validation steps, at the chosen regularisation
};

/// `steps` values of each of `channels` standardised input channels, interleaved (step-major).
inline std::vector<double> task_input(const protocol& setup, std::size_t steps)
{
    require(setup.channels > 0, errc::invalid_argument,
            [] { return std::string("task_input: needs at least one input channel"); });
    require(setup.input == input_kind::white || (std::isfinite(setup.correlation_steps) && setup.correlation_steps > 0),
            errc::invalid_argument, [&] {
                return "task_input: a low-pass input needs a correlation time > 0 steps (got " +
                       std::to_string(setup.correlation_steps) + ")";
            });
    std::vector<double> u(steps * setup.channels);
    random_engine engine(setup.input_seed);
    for (auto& v : u) v = detail::normal_quantile(engine.uniform());
    if (setup.input == input_kind::lowpass) { // u(0) is already stationary: N(0, 1)
        const double a = std::exp(-1 / setup.correlation_steps), b = std::sqrt(1 - a * a);
        for (std::size_t t = 1; t < steps; ++t)
            for (std::size_t c = 0; c < setup.channels; ++c)
                u[t * setup.channels + c] = a * u[(t - 1) * setup.channels + c] + b * u[t * setup.channels + c];
    }
    return u;
}

/// Drives `net` (reset first) with `input` (step-major, net.inputs() values per step) and records
/// its features after `washout` steps: a (steps − washout) × n matrix.
template <std::floating_point T>
std::vector<double> record_states(network<T>& net, const std::vector<double>& input, std::size_t washout)
{
    const std::size_t m = net.inputs(), steps = input.size() / m, n = net.size();
    require(input.size() == steps * m && steps > washout, errc::invalid_argument, [&] {
        return "record_states: " + std::to_string(input.size()) + " input values are not whole steps of " +
               std::to_string(m) + " beyond a washout of " + std::to_string(washout);
    });
    std::vector<double> states((steps - washout) * n);
    std::vector<T> u(m);
    net.reset();
    for (std::size_t t = 0; t < steps; ++t) {
        for (std::size_t k = 0; k < m; ++k) u[k] = static_cast<T>(input[t * m + k]);
        net.step(u);
        if (t >= washout)
            for (std::size_t i = 0; i < n; ++i) states[(t - washout) * n + i] = net.features()[i];
    }
    return states;
}

/// Drives `net` (reset first) with the protocol's input and scores every task on its states.
template <std::floating_point T>
task_scores evaluate_tasks(network<T>& net, const std::vector<task>& tasks, const protocol& setup = {})
{
    require(net.inputs() == setup.channels, errc::invalid_argument, [&] {
        return "evaluate_tasks: the input has " + std::to_string(setup.channels) + " channel(s), the network " +
               std::to_string(net.inputs());
    });
    int min_shift = 0, max_shift = 0;
    for (const auto& t : tasks) min_shift = std::min(min_shift, t.shift), max_shift = std::max(max_shift, t.shift);
    require(static_cast<std::size_t>(-min_shift) <= setup.washout, errc::invalid_argument, [&] {
        return "evaluate_tasks: a recall of " + std::to_string(-min_shift) +
               " steps needs a washout at least as long (got " + std::to_string(setup.washout) + ")";
    });
    const std::size_t recorded = setup.train + setup.validation + setup.test;
    const std::size_t total = setup.washout + recorded + static_cast<std::size_t>(max_shift);
    const auto u = task_input(setup, total);
    const auto driven = std::vector<double>(
        u.begin(), u.begin() + static_cast<std::ptrdiff_t>((setup.washout + recorded) * setup.channels));
    const auto states = record_states(net, driven, setup.washout);
    const ridge_readout readout(states, recorded, net.size(), setup.train, setup.validation);
    task_scores scores;
    std::vector<double> y(recorded);
    double counts[3] = {0, 0, 0};
    for (const auto& task : tasks) {
        for (std::size_t s = 0; s < recorded; ++s) {
            const auto index = static_cast<std::ptrdiff_t>(setup.washout + s) + task.shift;
            y[s] = std::pow(u[static_cast<std::size_t>(index) * setup.channels], static_cast<double>(task.power));
        }
        const auto fit = readout.fit(y);
        scores.r2.push_back(fit.test_r2);
        scores.validation_r2.push_back(fit.validation_r2);
        const double floored = std::max(0.0, fit.test_r2);
        scores.mean_r2 += floored / static_cast<double>(tasks.size());
        scores.validation_mean_r2 += std::max(0.0, fit.validation_r2) / static_cast<double>(tasks.size());
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

namespace hsc::detail {
/// Standardises v in place (mean 0, variance 1) and returns whether it could (finite, not constant).
inline bool standardise(std::vector<double>& v) noexcept
{
    double mean = 0, square = 0;
    for (const double x : v) mean += x;
    mean /= static_cast<double>(v.size());
    for (const double x : v) square += (x - mean) * (x - mean);
    const double sd = std::sqrt(square / static_cast<double>(v.size()));
    if (!(sd > 0) || !std::isfinite(sd)) return false;
    for (double& x : v) x = (x - mean) / sd;
    return true;
}

/// Drives `net` with one input channel and scores the readout of `target` (aligned with the input).
template <std::floating_point T>
reservoir::benchmark_score score_series(reservoir::network<T>& net, const std::vector<double>& input,
                                        const std::vector<double>& target, const reservoir::protocol& setup)
{
    require(net.inputs() == 1, errc::invalid_argument,
            [&] { return "reservoir benchmark: drives one input, the network has " + std::to_string(net.inputs()); });
    const std::size_t recorded = setup.train + setup.validation + setup.test;
    const auto states = reservoir::record_states(net, input, setup.washout);
    const reservoir::ridge_readout readout(states, recorded, net.size(), setup.train, setup.validation);
    const std::vector<double> y(target.begin() + static_cast<std::ptrdiff_t>(setup.washout), target.end());
    const auto fit = readout.fit(y);
    return {fit.test_r2, std::sqrt(std::max(0.0, 1 - fit.test_r2)), fit.validation_r2};
}
} // namespace hsc::detail

namespace hsc::reservoir {

/// NARMA-10 (see the header): the network reads u(t), the readout gives y(t + 1).
template <std::floating_point T>
benchmark_score evaluate_narma10(network<T>& net, const protocol& setup = {})
{
    const std::size_t total = setup.washout + setup.train + setup.validation + setup.test;
    random_engine engine(setup.input_seed);
    std::vector<double> u(total), y(total + 1, 0.0);
    for (auto& v : u) v = 0.5 * engine.uniform();
    for (std::size_t t = 0; t < total; ++t) {
        double sum = 0;
        for (std::size_t i = 0; i < 10 && i <= t; ++i) sum += y[t - i];
        y[t + 1] = 0.3 * y[t] + 0.05 * y[t] * sum + 1.5 * (t >= 9 ? u[t - 9] : 0.0) * u[t] + 0.1;
    }
    std::vector<double> target(y.begin() + 1, y.end());
    require(std::isfinite(target.back()), errc::invalid_argument,
            [] { return std::string("evaluate_narma10: the NARMA-10 series diverged for this input seed"); });
    require(detail::standardise(u), errc::invalid_argument,
            [] { return std::string("evaluate_narma10: the input is constant"); });
    return detail::score_series(net, u, target, setup);
}

/// Mackey-Glass (τ = 17) prediction `horizon` time units ahead (see the header).
template <std::floating_point T>
benchmark_score evaluate_mackey_glass(network<T>& net, const protocol& setup = {}, std::size_t horizon = 1)
{
    require(horizon > 0, errc::invalid_argument, [] { return std::string("evaluate_mackey_glass: horizon >= 1"); });
    const std::size_t total = setup.washout + setup.train + setup.validation + setup.test;
    constexpr std::size_t per_unit = 10, delay = 17 * per_unit, transient = 1000;
    const std::size_t samples = transient + total + horizon;
    // The initial history: 1.2 plus a small seeded perturbation, so that seeds give different series.
    random_engine engine(setup.input_seed);
    std::vector<double> x(delay + 1);
    for (auto& v : x) v = 1.2 + 0.01 * (engine.uniform() - 0.5);
    std::vector<double> sampled;
    sampled.reserve(samples);
    for (std::size_t step = 0; sampled.size() < samples; ++step) {
        const double now = x[x.size() - 1], lagged = x[x.size() - 1 - delay];
        x.push_back(now + 0.1 * (0.2 * lagged / (1 + std::pow(lagged, 10)) - 0.1 * now));
        if ((step + 1) % per_unit == 0) sampled.push_back(x.back());
        if (x.size() > 4 * delay) x.erase(x.begin(), x.end() - static_cast<std::ptrdiff_t>(delay + 1));
    }
    std::vector<double> series(sampled.begin() + transient, sampled.end());
    require(detail::standardise(series), errc::invalid_argument,
            [] { return std::string("evaluate_mackey_glass: the series is constant or not finite"); });
    const std::vector<double> input(series.begin(), series.begin() + static_cast<std::ptrdiff_t>(total));
    const std::vector<double> target(series.begin() + static_cast<std::ptrdiff_t>(horizon), series.end());
    return detail::score_series(net, input, target, setup);
}

} // namespace hsc::reservoir
