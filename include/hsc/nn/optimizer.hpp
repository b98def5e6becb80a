// Optimizers for hsc::nn::sequential: SGD with momentum and Adam (with L2 weight decay), and the
// one-cycle learning-rate schedule. Each step uses the gradients a
// mini-batch accumulated (sequential::accumulate), divided by the batch size, then clears them.
// Training allocates its state once (one value or two per parameter); inference does not use it.
#pragma once

#include "hsc/config.hpp"
#include "hsc/simd/gcc12_avx512.hpp"

#include "hsc/simd/batch.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

HSC_SIMD_BEGIN_GCC12_WORKAROUND

namespace hsc::nn {

struct sgd_options
{
    double learning_rate = 0.01;
    double momentum = 0.9;
};

template <class Network>
class sgd
{
    using T = typename Network::scalar;

public:
    explicit sgd(const sgd_options& options = {}) : m_options(options), m_velocity(Network::parameter_count, T(0))
    {
        require(options.learning_rate > 0 && options.momentum >= 0 && options.momentum < 1, errc::invalid_argument,
                [&] {
                    return "nn::sgd: needs learning rate > 0 and momentum in [0, 1), got " +
                           std::to_string(options.learning_rate) + ", " + std::to_string(options.momentum);
                });
    }

    void step(Network& network, std::size_t batch_size)
    {
        const T rate = static_cast<T>(m_options.learning_rate / static_cast<double>(batch_size));
        const T momentum = static_cast<T>(m_options.momentum);
        std::size_t at = 0;
        network.for_each_block([&](std::span<T> p, std::span<T> g) {
            for (std::size_t i = 0; i < p.size(); ++i, ++at) {
                m_velocity[at] = momentum * m_velocity[at] - rate * g[i];
                p[i] += m_velocity[at];
                g[i] = T(0);
            }
        });
    }

private:
    sgd_options m_options;
    std::vector<T> m_velocity;
};

struct adam_options
{
    double learning_rate = 1e-3;
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
    /// L2 added to the gradient (weight_decay · p, as PyTorch's Adam: coupled, not AdamW's), on
    /// every parameter.
    double weight_decay = 0;
};

/// Adam in the form of Kingma & Ba's §2 (bias corrections folded into the step and ε:
/// α_t = α·√(1 − β₂ᵗ)/(1 − β₁ᵗ), ε̂ = ε·√(1 − β₂ᵗ)), which is exactly the textbook update.
/// State in the network's scalar type and one SIMD pass per block: the step streams over every
/// parameter once, which matters when a first layer holds millions of them.
template <class Network>
class adam
{
    using T = typename Network::scalar;

public:
    explicit adam(const adam_options& options = {})
        : m_options(options), m_m(Network::parameter_count, T(0)), m_v(Network::parameter_count, T(0))
    {
        require(options.learning_rate > 0 && options.beta1 >= 0 && options.beta1 < 1 && options.beta2 >= 0 &&
                    options.beta2 < 1 && options.epsilon > 0 && options.weight_decay >= 0,
                errc::invalid_argument, [&] {
                    return "nn::adam: needs learning rate > 0, betas in [0, 1), epsilon > 0, weight decay >= 0 (got "
                           "learning rate " +
                           std::to_string(options.learning_rate) + ", weight decay " +
                           std::to_string(options.weight_decay) + ")";
                });
    }

    /// The rate of the next steps (a schedule sets it before each step).
    void set_learning_rate(double rate)
    {
        require(rate > 0, errc::invalid_argument,
                [&] { return "nn::adam: the learning rate must be > 0, got " + std::to_string(rate); });
        m_options.learning_rate = rate;
    }

    void step(Network& network, std::size_t batch_size)
    {
        using batch = simd::batch<T>;
        ++m_t;
        const double b1 = m_options.beta1, b2 = m_options.beta2;
        const double root2 = std::sqrt(1 - std::pow(b2, static_cast<double>(m_t)));
        const T rate = static_cast<T>(m_options.learning_rate * root2 / (1 - std::pow(b1, static_cast<double>(m_t))));
        const T epsilon = static_cast<T>(m_options.epsilon * root2);
        const T scale = static_cast<T>(1 / static_cast<double>(batch_size)),
                decay = static_cast<T>(m_options.weight_decay);
        const T c1 = static_cast<T>(b1), c2 = static_cast<T>(b2), d1 = static_cast<T>(1 - b1),
                d2 = static_cast<T>(1 - b2);
        std::size_t at = 0;
        network.for_each_block([&](std::span<T> p, std::span<T> g) {
            T* m = m_m.data() + at;
            T* v = m_v.data() + at;
            const std::size_t n = p.size(), vectorised = n - n % batch::size;
            for (std::size_t i = 0; i < vectorised; i += batch::size) {
                const batch grad = batch::load_unaligned(g.data() + i) * batch(scale) +
                                   batch(decay) * batch::load_unaligned(p.data() + i);
                const batch mi = batch(c1) * batch::load_unaligned(m + i) + batch(d1) * grad;
                const batch vi = batch(c2) * batch::load_unaligned(v + i) + batch(d2) * grad * grad;
                mi.store_unaligned(m + i);
                vi.store_unaligned(v + i);
                (batch::load_unaligned(p.data() + i) - batch(rate) * mi / (simd::sqrt(vi) + batch(epsilon)))
                    .store_unaligned(p.data() + i);
                batch(T(0)).store_unaligned(g.data() + i);
            }
            for (std::size_t i = vectorised; i < n; ++i) { // the same update, one value at a time
                const T grad = g[i] * scale + decay * p[i];
                m[i] = c1 * m[i] + d1 * grad;
                v[i] = c2 * v[i] + d2 * grad * grad;
                p[i] -= rate * m[i] / (std::sqrt(v[i]) + epsilon);
                g[i] = T(0);
            }
            at += n;
        });
    }

private:
    adam_options m_options;
    std::vector<T> m_m, m_v;
    std::size_t m_t = 0;
};

/// The one-cycle schedule (Smith & Topin 2019, as PyTorch's OneCycleLR with cosine annealing and
/// its defaults): the rate rises from max/div_factor to max over the first warmup_fraction of the
/// steps, then falls to max/(div_factor·final_div_factor) at the last step, both along half a
/// cosine. (PyTorch also cycles Adam's β₁ by default; this schedule leaves it.)
struct one_cycle
{
    double max_learning_rate = 1e-3;
    std::size_t steps = 1;
    double warmup_fraction = 0.3, div_factor = 25, final_div_factor = 1e4;

    /// The rate of step t (0-based; steps past the last keep the last rate).
    double operator()(std::size_t t) const noexcept
    {
        const double initial = max_learning_rate / div_factor, last = initial / final_div_factor;
        const double peak = warmup_fraction * static_cast<double>(steps) - 1;
        const double end = static_cast<double>(steps) - 1, at = std::min(static_cast<double>(t), end);
        const auto anneal = [](double from, double to, double fraction) {
            return to + (from - to) / 2 * (1 + std::cos(3.141592653589793 * fraction));
        };
        if (at <= peak) return anneal(initial, max_learning_rate, peak > 0 ? at / peak : 1.0);
        return anneal(max_learning_rate, last, end > peak ? (at - peak) / (end - peak) : 1.0);
    }
};

} // namespace hsc::nn

HSC_SIMD_END_GCC12_WORKAROUND
