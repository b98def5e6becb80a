// Bank geometry: orientations × bandwidths × phases of one atom model, in the paper's atom order.
#pragma once

#include "hsc/bank/gabor.hpp"
#include "hsc/bank/kernel_bank.hpp"
#include "hsc/bank/log_gabor.hpp"
#include "hsc/concepts.hpp"
#include "hsc/distribution/homogeneous.hpp"
#include "hsc/distribution/sampling.hpp"
#include "hsc/distribution/uniform_grid.hpp"

#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <numbers>
#include <string>
#include <vector>

namespace hsc {

/// θ = linspace(0, π, n_theta, endpoint=False); B_θ = the population of size n_btheta that the
/// distribution policy yields; φ from `phases`. Atom index = (iθ·n_btheta + iB_θ)·n_phases + iφ,
/// the order of docs/science.md §1.2.
template <class Model, class BThetaDistribution>
struct oriented_bank
{
    static_assert(AtomModel<Model>,
                  "hsc::oriented_bank: Model is not an atom model (hsc::AtomModel), such as hsc::log_gabor");
    static_assert(Distribution<BThetaDistribution>,
                  "hsc::oriented_bank: BThetaDistribution is not a distribution (hsc::Distribution)");

    std::size_t size = 12;
    std::size_t n_theta = 12;
    std::size_t n_btheta = 6;
    BThetaDistribution btheta{};
    std::vector<double> phases{0.0, std::numbers::pi / 2};
    normalization norm = normalization::maxabs;
    Model model{};

    std::size_t atom_count() const noexcept { return n_theta * n_btheta * phases.size(); }

    template <std::floating_point T>
    kernel_bank<T> build() const
    {
        require(size >= 2 && n_theta > 0 && n_btheta > 0 && !phases.empty(), errc::invalid_argument, [&] {
            return "oriented_bank: needs size >= 2 and at least one orientation, bandwidth and phase (got size " +
                   std::to_string(size) + ", " + std::to_string(n_theta) + " orientations, " +
                   std::to_string(n_btheta) + " bandwidths, " + std::to_string(phases.size()) + " phases)";
        });
        const std::vector<double> bandwidths = distribution::population(btheta, n_btheta);
        const std::size_t per_atom = size * size;
        xt::xtensor<T, 3> atoms({atom_count(), size, size});
        std::vector<atom_info> info;
        info.reserve(atom_count());
        std::vector<double> work(per_atom);
        std::size_t k = 0;
        for (std::size_t i_theta = 0; i_theta < n_theta; ++i_theta) {
            const double theta = std::numbers::pi * static_cast<double>(i_theta) / static_cast<double>(n_theta);
            for (double b_theta : bandwidths) {
                for (double phase : phases) {
                    model.fill(size, theta, b_theta, phase, work.data());
                    normalize_atom(work.data(), per_atom, norm);
                    std::copy(work.begin(), work.end(), atoms.data() + k * per_atom);
                    info.push_back({theta, b_theta, phase});
                    ++k;
                }
            }
        }
        return kernel_bank<T>(std::move(atoms), std::move(info));
    }
};

/// The paper's heterogeneous bank: 12 orientations × B_θ ∈ {5°, 10°, ..., 30°} × 2 phases = 144.
inline oriented_bank<log_gabor, distribution::uniform_grid> heterogeneous_log_gabor()
{
    return {.n_theta = 12, .n_btheta = 6, .btheta = {.low = 0, .high = std::numbers::pi / 6}};
}

/// The paper's homogeneous bank: 72 orientations × B_θ = 12° × 2 phases = 144.
inline oriented_bank<log_gabor, distribution::homogeneous> homogeneous_log_gabor()
{
    return {.n_theta = 72, .n_btheta = 1, .btheta = {.value = std::numbers::pi / 15}};
}

template <std::floating_point T = default_scalar>
kernel_bank<T> heterogeneous_bank()
{
    return heterogeneous_log_gabor().template build<T>();
}

template <std::floating_point T = default_scalar>
kernel_bank<T> homogeneous_bank()
{
    return homogeneous_log_gabor().template build<T>();
}

} // namespace hsc
