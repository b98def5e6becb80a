// Recurrent networks whose neurons differ only in their time constants (docs/science.md §3), frozen at
// construction, for reservoir computing with a trained linear readout (hsc/reservoir/readout.hpp).
//
// Rate neurons:  τ_i dv_i/dt = −v_i + J Σ_j w_ij f(v_j) + J_u Σ_k w^in_ik u_k + J_n ξ_i,
//                f(v) = 1/(1 + e^{−v}) (positive sigmoid); Euler or RK4 steps of dt (input and noise
//                held over a step); the readout sees f(v).
// LIF neurons:   τ_i dV_i/dt = −V_i + J Σ_j w_ij s_j + J_u Σ_k w^in_ik u_k + J_n ξ_i, spike and reset
//                to 0 at V ≥ 1, s_j the spikes of the previous step; the readout sees each neuron's
//                spike train filtered with a 5-step exponential trace.
// W: each ordered pair (i ≠ j) connected with probability `density`; presynaptic neuron j is
// excitatory with probability `excitatory_fraction` (Dale: its whole column shares the sign of the
// mean); weights N(μ, sd²)/√(density·n) with μ = μ_e for excitatory columns and the balancing
// μ_i = −f μ_e/(1 − f) for inhibitory ones, so rows sum to zero on average. W^in ~ N(0, 1).
// τ_i come from any distribution policy (hsc/distribution/) and are clamped to ≥ dt — the symmetric
// laws put mass below zero at large CV; the number clamped is reported. `recurrent = false` sets
// W = 0 (the ablation). Everything is drawn from `seed`; the step allocates nothing.
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/config.hpp"
#include "hsc/detail/special_functions.hpp"
#include "hsc/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hsc::reservoir {

enum class neuron_model {
    rate,
    lif
};

enum class integrator {
    euler,
    rk4
};

constexpr const char* to_string(neuron_model model) noexcept
{
    return model == neuron_model::rate ? "rate" : "lif";
}

constexpr const char* to_string(integrator method) noexcept
{
    return method == integrator::euler ? "euler" : "rk4";
}

struct network_options
{
    std::size_t n = 100;
    std::size_t inputs = 1;
    double density = 0.1;
    double excitatory_fraction = 0.8;
    double excitatory_mean = 1.0; ///< μ_e, before the 1/√(density·n) scaling
    double weight_sd = 1.0;
    double gain = 1.5;       ///< J
    double input_gain = 1.0; ///< J_u
    double noise = 0;        ///< J_n
    double dt = 1;
    bool recurrent = true;
    neuron_model model = neuron_model::rate;
    integrator method = integrator::euler;
    std::uint64_t seed = 1;
};

template <std::floating_point T>
class network
{
public:
    template <Distribution Tau>
    network(const network_options& options, const Tau& tau)
        : m_options(options), m_noise(options.seed ^ 0x9e3779b97f4a7c15ULL)
    {
        const std::size_t n = options.n;
        require(n > 0 && options.inputs > 0, errc::invalid_argument,
                [] { return std::string("reservoir: needs neurons and inputs"); });
        require(options.density >= 0 && options.density <= 1 && options.excitatory_fraction > 0 &&
                    options.excitatory_fraction < 1 && options.dt > 0 && options.weight_sd >= 0 && options.noise >= 0,
                errc::invalid_argument, [&] {
                    return "reservoir: needs density in [0, 1], excitatory fraction in (0, 1), dt > 0, sd >= 0, "
                           "noise >= 0 (got density " +
                           std::to_string(options.density) + ", fraction " +
                           std::to_string(options.excitatory_fraction) + ")";
                });
        std::vector<double> taus(n);
        tau.fill(taus);
        m_tau.resize(n);
        m_rate_of_change.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            require(std::isfinite(taus[i]), errc::invalid_argument,
                    [&] { return "reservoir: time constant " + std::to_string(i) + " is not finite"; });
            if (taus[i] < options.dt) ++m_clamped;
            m_tau[i] = static_cast<T>(std::max(taus[i], options.dt));
            m_rate_of_change[i] = static_cast<T>(options.dt / static_cast<double>(m_tau[i]));
        }
        random_engine engine(options.seed);
        auto gaussian = [&engine] { return detail::normal_quantile(engine.uniform()); };
        const double f = options.excitatory_fraction;
        const double mean_inhibitory = -f * options.excitatory_mean / (1 - f);
        const double scale = options.density > 0 ? 1 / std::sqrt(options.density * double(n)) : 0;
        std::vector<bool> excitatory(n);
        for (std::size_t j = 0; j < n; ++j) excitatory[j] = engine.uniform() < f;
        m_row_start.assign(1, 0);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                if (i == j || !(engine.uniform() < options.density)) continue;
                const double mean = excitatory[j] ? options.excitatory_mean : mean_inhibitory;
                const double w = scale * (mean + options.weight_sd * gaussian());
                if (options.recurrent) {
                    m_column.push_back(static_cast<std::uint32_t>(j));
                    m_weight.push_back(static_cast<T>(options.gain * w));
                }
            }
            m_row_start.push_back(static_cast<std::uint32_t>(m_column.size()));
        }
        m_input_weight.resize(n * options.inputs);
        for (auto& w : m_input_weight) w = static_cast<T>(options.input_gain * gaussian());
        m_v.assign(n, T(0));
        m_out.assign(n, T(0));
        m_recurrent.assign(n, T(0));
        m_drive.assign(n, T(0));
        m_k.assign(4 * n, T(0));
        m_scratch.assign(2 * n, T(0));
        reset();
    }

    std::size_t size() const noexcept { return m_options.n; }
    /// The number of values step() takes.
    std::size_t inputs() const noexcept { return m_options.inputs; }
    std::size_t connections() const noexcept { return m_column.size(); }
    /// How many drawn time constants were below dt and raised to it.
    std::size_t clamped_time_constants() const noexcept { return m_clamped; }
    const std::vector<T>& time_constants() const noexcept { return m_tau; }

    /// Back to rest (v = 0), noise generator to its seed.
    void reset() noexcept
    {
        std::fill(m_v.begin(), m_v.end(), T(0));
        std::fill(m_recurrent.begin(), m_recurrent.end(), T(0));
        std::fill(m_scratch.begin(), m_scratch.end(), T(0));
        m_noise = random_engine(m_options.seed ^ 0x9e3779b97f4a7c15ULL);
        if (m_options.model == neuron_model::rate) {
            for (std::size_t i = 0; i < size(); ++i) m_out[i] = sigmoid(m_v[i]);
        } else {
            std::fill(m_out.begin(), m_out.end(), T(0));
        }
    }

    /// One step of dt with input u, which holds `inputs` values (checked in debug builds; in
    /// release builds missing values count as 0 and extra ones are ignored, never read past).
    void step(std::span<const T> u) noexcept
    {
        HSC_ASSERT(u.size() == m_options.inputs);
        const std::size_t n = size(), given = std::min(u.size(), m_options.inputs);
        for (std::size_t i = 0; i < n; ++i) { // external drive: input and noise, held over the step
            T drive = 0;
            for (std::size_t k = 0; k < given; ++k) drive += m_input_weight[i * m_options.inputs + k] * u[k];
            if (m_options.noise > 0)
                drive += static_cast<T>(m_options.noise * detail::normal_quantile(m_noise.uniform()));
            m_drive[i] = drive;
        }
        if (m_options.model == neuron_model::lif) {
            lif_step();
        } else if (m_options.method == integrator::euler) {
            multiply(m_out.data(), m_recurrent.data());
            for (std::size_t i = 0; i < n; ++i) {
                m_v[i] += m_rate_of_change[i] * (-m_v[i] + m_recurrent[i] + m_drive[i]);
                m_out[i] = sigmoid(m_v[i]);
            }
        } else {
            rk4_step();
        }
    }

    /// What the readout sees: f(v) (rate) or the filtered spike trains (LIF).
    const std::vector<T>& features() const noexcept { return m_out; }
    const std::vector<T>& membrane() const noexcept { return m_v; }

    /// y = W x (CSR rows). Four partial sums per row: a single running sum would make every
    /// multiply-add wait for the previous one.
    void multiply(const T* x, T* y) const noexcept
    {
        const T* w = m_weight.data();
        const std::uint32_t* col = m_column.data();
        for (std::size_t i = 0; i < size(); ++i) {
            T s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            std::uint32_t c = m_row_start[i];
            const std::uint32_t end = m_row_start[i + 1];
            for (; c + 4 <= end; c += 4) {
                s0 += w[c] * x[col[c]];
                s1 += w[c + 1] * x[col[c + 1]];
                s2 += w[c + 2] * x[col[c + 2]];
                s3 += w[c + 3] * x[col[c + 3]];
            }
            for (; c < end; ++c) s0 += w[c] * x[col[c]];
            y[i] = (s0 + s1) + (s2 + s3);
        }
    }

private:
    static T sigmoid(T v) noexcept { return T(1) / (T(1) + std::exp(-v)); }

    /// dv/dt·dt at state v: (dt/τ)(−v + J W f(v) + drive), into k.
    void derivative(const T* v, T* k) noexcept
    {
        T* rate = m_scratch.data();
        for (std::size_t i = 0; i < size(); ++i) rate[i] = sigmoid(v[i]);
        multiply(rate, m_recurrent.data());
        for (std::size_t i = 0; i < size(); ++i) k[i] = m_rate_of_change[i] * (-v[i] + m_recurrent[i] + m_drive[i]);
    }

    void rk4_step() noexcept
    {
        const std::size_t n = size();
        T *k1 = m_k.data(), *k2 = k1 + n, *k3 = k2 + n, *k4 = k3 + n, *trial = m_scratch.data() + n;
        derivative(m_v.data(), k1);
        for (std::size_t i = 0; i < n; ++i) trial[i] = m_v[i] + k1[i] / 2;
        derivative(trial, k2);
        for (std::size_t i = 0; i < n; ++i) trial[i] = m_v[i] + k2[i] / 2;
        derivative(trial, k3);
        for (std::size_t i = 0; i < n; ++i) trial[i] = m_v[i] + k3[i];
        derivative(trial, k4);
        for (std::size_t i = 0; i < n; ++i) {
            m_v[i] += (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6;
            m_out[i] = sigmoid(m_v[i]);
        }
    }

    void lif_step() noexcept
    {
        const std::size_t n = size();
        T* spikes = m_scratch.data(); // last step's spikes
        multiply(spikes, m_recurrent.data());
        const T decay = static_cast<T>(std::exp(-m_options.dt / trace_steps));
        for (std::size_t i = 0; i < n; ++i) {
            m_v[i] += m_rate_of_change[i] * (-m_v[i] + m_recurrent[i] + m_drive[i]);
            const bool fired = m_v[i] >= T(1);
            if (fired) m_v[i] = 0;
            spikes[i] = fired ? T(1) : T(0);
            m_out[i] = m_out[i] * decay + spikes[i];
        }
    }

    static constexpr double trace_steps = 5;

    network_options m_options;
    random_engine m_noise;
    std::size_t m_clamped = 0;
    std::vector<T> m_tau, m_rate_of_change;
    std::vector<std::uint32_t> m_row_start, m_column;
    std::vector<T> m_weight, m_input_weight;
    std::vector<T> m_v, m_out, m_recurrent, m_drive, m_k, m_scratch;
};

} // namespace hsc::reservoir
