// The reservoir experiment of docs/science.md §3, run by hsc-reservoir, under a protocol a reviewer
// accepts: every condition (size, τ law and CV, recurrence, bias, J, density, μ_e, training length)
// is run at every mean τ of a grid, over several seeds; each seed draws its own τ, weights and input,
// and the homogeneous network of the same seed is its paired baseline. A condition's best mean τ is
// chosen on validation steps and scored on held-out test steps (best against best); the
// matched-mean comparison is reported beside it.
#pragma once

#include "../common/jobs.hpp"
#include "../common/statistics.hpp"

#include <hsc/distribution/by_name.hpp>
#include <hsc/reservoir/tasks.hpp>

#include <limits>
#include <string>
#include <vector>

namespace hsc::studies {

/// The tasks y(t) = u(t + Δ)^d for d ∈ powers and Δ ∈ shifts (inclusive ranges).
inline std::vector<reservoir::task> task_grid(unsigned min_power, unsigned max_power, int min_shift, int max_shift)
{
    std::vector<reservoir::task> tasks;
    for (unsigned d = min_power; d <= max_power; ++d)
        for (int shift = min_shift; shift <= max_shift; ++shift) tasks.push_back({d, shift});
    return tasks;
}

/// Jaeger's memory capacity is read from these tasks (d = 1, Δ = −1..−30) on the same states.
inline constexpr std::size_t memory_depth = 30;

/// What defines one network besides its seed and its mean τ.
struct reservoir_condition
{
    std::size_t n = 100;
    std::string distribution = "homogeneous";
    double cv = 0;
    bool recurrent = true;
    double gain = 1.5, density = 0.1, excitatory_mean = 1;
    std::size_t train = 2000;

    bool homogeneous() const noexcept { return distribution == "homogeneous"; }
    /// The same condition with homogeneous time constants: the paired baseline.
    reservoir_condition baseline() const
    {
        auto b = *this;
        b.distribution = "homogeneous", b.cv = 0;
        return b;
    }
    bool operator==(const reservoir_condition&) const = default;
};

/// One network (condition, mean τ, seed) scored.
struct seed_outcome
{
    double test = 0, validation = 0;                                ///< grid means of R² floored at 0
    std::vector<double> task_test;                                  ///< per grid task, test R² (not floored)
    std::vector<double> memory;                                     ///< m(k) = R²(u(t − k)) floored, k = 1..30
    double narma10 = NAN, mackey_glass = NAN;                       ///< test NRMSE (when the standard tasks are run)
    double narma10_validation = NAN, mackey_glass_validation = NAN; ///< validation R², to choose τ by
    double spectral_radius = 0, clamped_fraction = 0;

    double memory_capacity() const noexcept
    {
        double sum = 0;
        for (const double m : memory) sum += m;
        return sum;
    }
};

struct reservoir_study
{
    std::vector<std::size_t> sizes{25, 50, 100, 200, 400};
    std::vector<std::string> distributions{"lognormal", "gamma", "normal", "uniform"};
    std::vector<double> cvs{0.5};
    std::vector<double> tau_means{1, 1.5, 2, 3, 5, 8};
    std::vector<bool> recurrent{true};
    std::vector<double> gains{1.5}, densities{0.1}, excitatory_means{1};
    std::vector<std::size_t> train_lengths{2000};
    reservoir::neuron_model model = reservoir::neuron_model::rate;
    reservoir::integrator method = reservoir::integrator::euler;
    double bias = 1; ///< sd of the neuron biases (0: none)
    bool dale = true;
    double spectral_radius = 0; ///< > 0: set ρ(J·W) (then J does not matter)
    std::size_t refractory = 2; ///< LIF
    distribution::sampling::kind_t tau_draw = distribution::sampling::random;
    unsigned min_power = 1, max_power = 4;
    int min_shift = -15, max_shift = 0;
    reservoir::input_kind input = reservoir::input_kind::white;
    double correlation_steps = 5;
    std::size_t channels = 1;
    bool standard_tasks = true; ///< NARMA-10 and Mackey-Glass for every network
    std::size_t seeds = 5;
    std::uint64_t seed = 1;
    std::size_t threads = 1;

    std::vector<reservoir::task> grid() const { return task_grid(min_power, max_power, min_shift, max_shift); }

    /// Every condition, in output order: recurrence, J, density, μ_e, training length, size, then
    /// the homogeneous network and each law at each CV.
    std::vector<reservoir_condition> conditions() const
    {
        std::vector<reservoir_condition> out;
        for (const bool rec : recurrent)
            for (const double gain : gains)
                for (const double density : densities)
                    for (const double mu : excitatory_means)
                        for (const std::size_t train : train_lengths)
                            for (const std::size_t n : sizes) {
                                const reservoir_condition base{.n = n,
                                                               .distribution = "homogeneous",
                                                               .cv = 0,
                                                               .recurrent = rec,
                                                               .gain = gain,
                                                               .density = density,
                                                               .excitatory_mean = mu,
                                                               .train = train};
                                out.push_back(base);
                                for (const auto& law : distributions)
                                    for (const double cv : cvs) {
                                        auto c = base;
                                        c.distribution = law, c.cv = cv;
                                        out.push_back(c);
                                    }
                            }
        return out;
    }
};

/// Builds and scores one network. The network seed (W, W^in, biases), the input and the τ draw all
/// follow `seed`, so the homogeneous network of the same seed differs only in its τ.
inline seed_outcome score_network(const reservoir_study& study, const reservoir_condition& c, double tau_mean,
                                  std::uint64_t seed)
{
    const reservoir::network_options options{.n = c.n,
                                             .inputs = study.channels,
                                             .density = c.density,
                                             .excitatory_mean = c.excitatory_mean,
                                             .gain = c.gain,
                                             .recurrent = c.recurrent,
                                             .model = study.model,
                                             .method = study.method,
                                             .seed = seed,
                                             .bias = study.bias,
                                             .dale = study.dale,
                                             .spectral_radius = study.spectral_radius,
                                             .refractory = study.refractory};
    reservoir::protocol setup{.train = c.train,
                              .input_seed = seed * 7919 + 7,
                              .input = study.input,
                              .correlation_steps = study.correlation_steps,
                              .channels = study.channels};
    auto tasks = study.grid();
    const std::size_t grid_size = tasks.size();
    for (std::size_t k = 1; k <= memory_depth; ++k) tasks.push_back({1, -static_cast<int>(k)});
    const distribution::sampling how{study.tau_draw, seed * 104729 + 1};
    return distribution::with_mean_cv(
        c.distribution, tau_mean, c.cv,
        [&](const auto& law) {
            reservoir::network<double> net(options, law);
            seed_outcome out;
            out.spectral_radius = net.spectral_radius();
            out.clamped_fraction = static_cast<double>(net.clamped_time_constants()) / static_cast<double>(c.n);
            const auto scores = reservoir::evaluate_tasks(net, tasks, setup);
            for (std::size_t t = 0; t < grid_size; ++t) {
                out.task_test.push_back(scores.r2[t]);
                out.test += std::max(0.0, scores.r2[t]) / static_cast<double>(grid_size);
                out.validation += std::max(0.0, scores.validation_r2[t]) / static_cast<double>(grid_size);
            }
            for (std::size_t t = grid_size; t < tasks.size(); ++t) out.memory.push_back(std::max(0.0, scores.r2[t]));
            if (study.standard_tasks && study.channels == 1) {
                setup.input_seed = seed * 7919 + 11;
                const auto narma = reservoir::evaluate_narma10(net, setup);
                const auto glass = reservoir::evaluate_mackey_glass(net, setup);
                out.narma10 = narma.nrmse, out.narma10_validation = narma.validation_r2;
                out.mackey_glass = glass.nrmse, out.mackey_glass_validation = glass.validation_r2;
            }
            return out;
        },
        how);
}

/// All networks of a condition at one mean τ: one outcome per seed.
struct condition_run
{
    reservoir_condition condition;
    double tau_mean = 0;
    std::vector<seed_outcome> seeds;

    std::vector<double> tests() const
    {
        return collect([](const seed_outcome& o) { return o.test; });
    }
    template <class F>
    std::vector<double> collect(F&& f) const
    {
        std::vector<double> v;
        for (const auto& o : seeds) v.push_back(f(o));
        return v;
    }
    /// The mean over seeds of a validation score (by default the grid's).
    double validation(double seed_outcome::*score = &seed_outcome::validation) const
    {
        double sum = 0;
        for (const auto& o : seeds) sum += o.*score;
        return sum / static_cast<double>(seeds.size());
    }
};

/// Runs every condition at every mean τ over the seeds, on `study.threads` threads (each network
/// is independent, so the results do not depend on the thread count). Returns runs ordered by
/// condition, then mean τ.
inline std::vector<condition_run> run_reservoir_study(const reservoir_study& study)
{
    std::vector<condition_run> runs;
    for (const auto& c : study.conditions())
        for (const double tau : study.tau_means) runs.push_back({c, tau, std::vector<seed_outcome>(study.seeds)});
    run_jobs(runs.size() * study.seeds, study.threads, [&](std::size_t j) {
        auto& run = runs[j / study.seeds];
        run.seeds[j % study.seeds] = score_network(study, run.condition, run.tau_mean, study.seed + j % study.seeds);
    });
    return runs;
}

/// The run of `condition` at its best mean τ: the highest mean validation score over the seeds
/// (by default the grid's mean R²; a standard task's R² to report that task).
inline const condition_run& best_run(const std::vector<condition_run>& runs, const reservoir_condition& condition,
                                     double seed_outcome::*score = &seed_outcome::validation)
{
    const condition_run* best = nullptr;
    for (const auto& r : runs)
        if (r.condition == condition && (!best || r.validation(score) > best->validation(score))) best = &r;
    require(best != nullptr, errc::invalid_argument, [] { return std::string("best_run: no such condition"); });
    return *best;
}

/// The run of `condition` at mean τ `tau`.
inline const condition_run& run_at(const std::vector<condition_run>& runs, const reservoir_condition& condition,
                                   double tau)
{
    for (const auto& r : runs)
        if (r.condition == condition && r.tau_mean == tau) return r;
    fail(errc::invalid_argument, "run_at: no such run");
}

} // namespace hsc::studies
