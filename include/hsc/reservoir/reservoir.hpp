// Recurrent networks whose neurons differ only in their time constants (docs/science.md §3), frozen at
// construction, for reservoir computing with a trained linear readout (hsc/reservoir/readout.hpp).
//
// Rate neurons:  τ_i dv_i/dt = −v_i + J Σ_j w_ij f(v_j) + J_u Σ_k w^in_ik u_k + b_i + J_n ξ_i,
//                f(v) = 1/(1 + e^{−v}) (positive sigmoid); Euler or RK4 steps of dt (input and noise
//                held over a step); the readout sees f(v).
// LIF neurons:   τ_i dV_i/dt = −V_i + J Σ_j w_ij s_j + J_u Σ_k w^in_ik u_k + b_i + J_n ξ_i, spike and
//                reset to 0 at V ≥ 1, then held at 0 for `refractory` steps; s_j the spikes of the
//                previous step; the readout sees each neuron's spike train filtered with its own τ_i
//                (r_i ← r_i e^{−dt/τ_i} + s_i), so that the readout's memory is the neuron's.
// W: each ordered pair (i ≠ j) connected with probability `density`; presynaptic neuron j is
// excitatory with probability `excitatory_fraction`. Weights N(μ, sd²)/√(density·n), μ = μ_e for
// excitatory columns and μ_i for inhibitory ones. With `dale` (the default) every weight has its
// column's sign — drawn from the normal law truncated to that sign — and μ_i is set so that the
// truncated means balance (f·E⁺ + (1 − f)·E⁻ = 0: rows sum to zero on average); without it the
// weights are plain normals (about 16% of excitatory weights negative at μ_e = sd) and
// μ_i = −f μ_e/(1 − f). The spectral radius ρ(J·W) is estimated for every network and can be set
// instead of J (`spectral_radius` > 0 rescales J·W to it). W^in ~ N(0, 1); biases b_i ~ N(0, bias²)
// — without them (bias 0) and without recurrence f(v) − ½ is odd in the input, and even powers of it
// cannot be read out. τ_i come from any distribution policy (hsc/distribution/) and are clamped to
// ≥ dt — the symmetric laws put mass below zero at large CV; the number clamped is reported.
// `recurrent = false` sets W = 0 (the ablation). Everything is drawn from `seed` (W, then W^in, then
// b: switching the bias on leaves the weights as they were); the step allocates nothing.
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/config.hpp"
#include "hsc/detail/power_iteration.hpp"
#include "hsc/detail/special_functions.hpp"
#include "hsc/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
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
    double bias = 0;            ///< sd of the per-neuron biases b_i (0: none)
    bool dale = true;           ///< every weight has its presynaptic neuron's sign
    double spectral_radius = 0; ///< > 0: J·W rescaled to this spectral radius (J then only sets the draw's scale)
    std::size_t refractory = 0; ///< LIF: steps a neuron stays at rest after a spike
};

} // namespace hsc::reservoir

namespace hsc::detail {
/// The mean of N(μ, sd²) truncated to the sign s (+1: x > 0, −1: x < 0).
inline double truncated_normal_mean(double mu, double sd, double s) noexcept
{
    if (sd == 0) return s * std::max(s * mu, 0.0);
    return mu + s * sd * inverse_mills_ratio(s * mu / sd);
}

/// A draw of N(μ, sd²) truncated to the sign s, from the uniform p in (0, 1), by the inverse
/// distribution function taken from the tail that stays precise (no rejection loop).
inline double truncated_normal(double mu, double sd, double s, double p) noexcept
{
    if (sd == 0) return s * std::max(s * mu, 0.0);
    const double q = normal_quantile(std::max(p * normal_cdf(s * mu / sd), 1e-300));
    const double x = mu - s * sd * q;
    return s * x > 0 ? x : 0.0;
}

/// The inhibitory mean μ_i whose truncated mean balances the excitatory one:
/// f·E⁺(μ_e) + (1 − f)·E⁻(μ_i) = 0. E⁻ increases with μ_i, so bisection finds it.
inline double balancing_inhibitory_mean(double excitatory_mean, double sd, double f) noexcept
{
    const double target = -f * truncated_normal_mean(excitatory_mean, sd, 1) / (1 - f);
    if (sd == 0) return target;
    double lo = target, hi = -target + sd; // E⁻(lo) ≤ lo = target; raise hi until E⁻(hi) > target
    for (int i = 0; i < 64 && truncated_normal_mean(hi, sd, -1) < target; ++i) hi = 2 * hi;
    for (int i = 0; i < 200; ++i) {
        const double mid = (lo + hi) / 2;
        (truncated_normal_mean(mid, sd, -1) < target ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}
} // namespace hsc::detail

namespace hsc::reservoir {

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
        require(std::isfinite(options.gain) && std::isfinite(options.input_gain) &&
                    std::isfinite(options.excitatory_mean) && std::isfinite(options.weight_sd) &&
                    std::isfinite(options.bias) && options.bias >= 0 && std::isfinite(options.spectral_radius) &&
                    options.spectral_radius >= 0,
                errc::invalid_argument, [&] {
                    return "reservoir: needs finite gains, means and sd, bias >= 0 and spectral radius >= 0 (got "
                           "bias " +
                           std::to_string(options.bias) + ", spectral radius " +
                           std::to_string(options.spectral_radius) + ")";
                });
        require(!options.dale || options.excitatory_mean >= 0, errc::invalid_argument, [&] {
            return "reservoir: Dale's law needs an excitatory mean >= 0 (got " +
                   std::to_string(options.excitatory_mean) + ")";
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
        const double f = options.excitatory_fraction, sd = options.weight_sd;
        const double mean_inhibitory = options.dale ? detail::balancing_inhibitory_mean(options.excitatory_mean, sd, f)
                                                    : -f * options.excitatory_mean / (1 - f);
        // A truncated draw inverts Φ(−μ_i/sd): beyond 30 sd the law's mass is not representable.
        require(!options.dale || sd == 0 || mean_inhibitory < 30 * sd, errc::invalid_argument, [&] {
            return "reservoir: Dale's law cannot balance so few excitatory neurons (fraction " + std::to_string(f) +
                   "): the inhibitory weights would need a mean of " + std::to_string(mean_inhibitory / sd) +
                   " sd above zero";
        });
        const double scale = options.density > 0 ? 1 / std::sqrt(options.density * double(n)) : 0;
        std::vector<bool> excitatory(n);
        for (std::size_t j = 0; j < n; ++j) excitatory[j] = engine.uniform() < f;
        m_row_start.assign(1, 0);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                if (i == j || !(engine.uniform() < options.density)) continue;
                const double mean = excitatory[j] ? options.excitatory_mean : mean_inhibitory;
                const double w = options.dale
                                     ? detail::truncated_normal(mean, sd, excitatory[j] ? 1 : -1, engine.uniform())
                                     : mean + sd * gaussian();
                if (options.recurrent) {
                    m_column.push_back(static_cast<std::uint32_t>(j));
                    m_weight.push_back(static_cast<T>(options.gain * scale * w));
                }
            }
            m_row_start.push_back(static_cast<std::uint32_t>(m_column.size()));
        }
        m_input_weight.resize(n * options.inputs);
        for (auto& w : m_input_weight) w = static_cast<T>(options.input_gain * gaussian());
        m_bias.assign(n, T(0));
        if (options.bias > 0)
            for (auto& b : m_bias) b = static_cast<T>(options.bias * gaussian());
        m_v.assign(n, T(0));
        m_out.assign(n, T(0));
        m_recurrent.assign(n, T(0));
        m_drive.assign(n, T(0));
        m_k.assign(4 * n, T(0));
        m_scratch.assign(2 * n, T(0));
        m_trace_decay.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            m_trace_decay[i] = static_cast<T>(std::exp(-options.dt / static_cast<double>(m_tau[i])));
        m_refractory_left.assign(n, 0);
        m_spectral_radius = estimate_spectral_radius();
        if (options.spectral_radius > 0 && m_spectral_radius > 0) {
            const double rescale = options.spectral_radius / m_spectral_radius;
            for (auto& w : m_weight) w = static_cast<T>(w * rescale);
            m_spectral_radius = estimate_spectral_radius();
        }
        reset();
    }

    std::size_t size() const noexcept { return m_options.n; }
    /// The number of values step() takes.
    std::size_t inputs() const noexcept { return m_options.inputs; }
    std::size_t connections() const noexcept { return m_column.size(); }
    /// How many drawn time constants were below dt and raised to it.
    std::size_t clamped_time_constants() const noexcept { return m_clamped; }
    const std::vector<T>& time_constants() const noexcept { return m_tau; }
    /// ρ(J·W), estimated by power iteration (0 without recurrence).
    double spectral_radius() const noexcept { return m_spectral_radius; }
    const std::vector<T>& biases() const noexcept { return m_bias; }
    /// W's nonzero entries row by row (CSR: row_start, column, weight), J included.
    std::span<const T> weights() const noexcept { return m_weight; }
    std::span<const std::uint32_t> columns() const noexcept { return m_column; }
    std::span<const std::uint32_t> row_starts() const noexcept { return m_row_start; }

    /// Back to rest (v = 0), noise generator to its seed.
    void reset() noexcept
    {
        std::fill(m_v.begin(), m_v.end(), T(0));
        std::fill(m_recurrent.begin(), m_recurrent.end(), T(0));
        std::fill(m_scratch.begin(), m_scratch.end(), T(0));
        std::fill(m_refractory_left.begin(), m_refractory_left.end(), std::size_t(0));
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
            T drive = m_bias[i];
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
        for (std::size_t i = 0; i < n; ++i) {
            bool fired = false;
            if (m_refractory_left[i] > 0) {
                --m_refractory_left[i];
            } else {
                m_v[i] += m_rate_of_change[i] * (-m_v[i] + m_recurrent[i] + m_drive[i]);
                fired = m_v[i] >= T(1);
                if (fired) m_v[i] = 0, m_refractory_left[i] = m_options.refractory;
            }
            spikes[i] = fired ? T(1) : T(0);
            m_out[i] = m_out[i] * m_trace_decay[i] + spikes[i];
        }
    }

    /// ρ(J·W) by power iteration in double, whatever T (construction only: it allocates).
    double estimate_spectral_radius() const
    {
        if (m_weight.empty()) return 0;
        std::vector<double> v(size()), w(size());
        return detail::spectral_radius(
            [this](const double* in, double* out) {
                for (std::size_t i = 0; i < size(); ++i) {
                    double sum = 0;
                    for (std::uint32_t c = m_row_start[i]; c < m_row_start[i + 1]; ++c)
                        sum += static_cast<double>(m_weight[c]) * in[m_column[c]];
                    out[i] = sum;
                }
            },
            v.data(), w.data(), size());
    }

    network_options m_options;
    random_engine m_noise;
    std::size_t m_clamped = 0;
    double m_spectral_radius = 0;
    std::vector<T> m_tau, m_rate_of_change;
    std::vector<std::uint32_t> m_row_start, m_column;
    std::vector<T> m_weight, m_input_weight;
    std::vector<T> m_bias, m_trace_decay;
    std::vector<T> m_v, m_out, m_recurrent, m_drive, m_k, m_scratch;
    std::vector<std::size_t> m_refractory_left;
};

} // namespace hsc::reservoir
