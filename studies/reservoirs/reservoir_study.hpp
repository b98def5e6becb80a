// The reservoir experiment of docs/science.md §3 as one loop, run by hsc-reservoir (JSON lines, and
// with --out a table, a figure and the smallest matching network): for each recurrence setting
// and network size, the homogeneous network, then each τ distribution at each CV, all at the same
// mean τ; every network is scored on the whole task grid.
#pragma once

#include <hsc/distribution/by_name.hpp>
#include <hsc/reservoir/tasks.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace hsc::studies {

/// The study's grid of docs/science.md §3: y(t) = u(t + Δ)^d for d ∈ 1..max_power and Δ ∈
/// min_shift..max_shift (by default 6 × 36 = 216 tasks).
inline std::vector<reservoir::task> task_grid(unsigned max_power = 6, int min_shift = -30, int max_shift = 5)
{
    std::vector<reservoir::task> tasks;
    for (unsigned d = 1; d <= max_power; ++d)
        for (int shift = min_shift; shift <= max_shift; ++shift) tasks.push_back({d, shift});
    return tasks;
}

struct reservoir_row
{
    reservoir::neuron_model model;
    std::size_t n;
    std::string distribution; ///< "homogeneous" for CV 0
    double cv;
    bool recurrent;
    reservoir::task_scores scores; ///< averaged over seeds (per-task values of the first seed)
    std::size_t clamped;           ///< time constants raised to dt (first seed)
};

struct reservoir_study
{
    std::vector<std::size_t> sizes{25, 50, 100, 200, 400};
    std::vector<std::string> distributions{"lognormal", "gamma", "normal", "uniform"};
    std::vector<double> cvs{0.25, 0.5, 1, 2};
    std::vector<bool> recurrent{true, false};
    reservoir::neuron_model model = reservoir::neuron_model::rate;
    reservoir::integrator method = reservoir::integrator::euler;
    double tau_mean = 5;
    std::size_t seeds = 1;
    std::uint64_t seed = 1;
};

inline reservoir_row score_reservoir(const reservoir_study& study, std::size_t n, const std::string& distribution,
                                     double cv, bool recurrent)
{
    reservoir_row row{study.model, n, distribution, cv, recurrent, {}, 0};
    const auto tasks = task_grid();
    for (std::size_t s = 0; s < study.seeds; ++s) {
        const reservoir::network_options options{
            .n = n, .recurrent = recurrent, .model = study.model, .method = study.method, .seed = study.seed + s};
        distribution::with_mean_cv(distribution, study.tau_mean, cv, [&](const auto& law) {
            reservoir::network<double> net(options, law);
            const auto scores = reservoir::evaluate_tasks(net, tasks);
            if (s == 0) {
                row.scores = scores;
                row.clamped = net.clamped_time_constants();
            } else {
                row.scores.mean_r2 += scores.mean_r2;
                row.scores.taylor += scores.taylor;
                row.scores.nostradamus += scores.nostradamus;
                row.scores.tayloramus += scores.tayloramus;
                row.scores.memory_capacity += scores.memory_capacity;
            }
            return 0;
        });
    }
    const double k = static_cast<double>(study.seeds);
    row.scores.mean_r2 /= k, row.scores.taylor /= k, row.scores.nostradamus /= k, row.scores.tayloramus /= k;
    row.scores.memory_capacity /= k;
    return row;
}

template <class Emit>
void run_reservoir_study(const reservoir_study& study, Emit&& emit)
{
    for (const bool recurrent : study.recurrent)
        for (const std::size_t n : study.sizes) {
            emit(score_reservoir(study, n, "homogeneous", 0, recurrent));
            for (const auto& distribution : study.distributions)
                for (const double cv : study.cvs) emit(score_reservoir(study, n, distribution, cv, recurrent));
        }
}

} // namespace hsc::studies
