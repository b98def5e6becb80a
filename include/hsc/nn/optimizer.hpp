// Optimizers for hsc::nn::sequential: SGD with momentum and Adam. Each step uses the gradients a
// mini-batch accumulated (sequential::accumulate), divided by the batch size, then clears them.
// Training allocates its state once (one value or two per parameter); inference does not use it.
#pragma once

#include "hsc/config.hpp"

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

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
};

template <class Network>
class adam
{
    using T = typename Network::scalar;

public:
    explicit adam(const adam_options& options = {})
        : m_options(options), m_m(Network::parameter_count, 0.0), m_v(Network::parameter_count, 0.0)
    {
        require(options.learning_rate > 0 && options.beta1 >= 0 && options.beta1 < 1 && options.beta2 >= 0 &&
                    options.beta2 < 1 && options.epsilon > 0,
                errc::invalid_argument, [&] {
                    return "nn::adam: needs learning rate > 0, betas in [0, 1), epsilon > 0 (got learning rate " +
                           std::to_string(options.learning_rate) + ")";
                });
    }

    void step(Network& network, std::size_t batch_size)
    {
        ++m_t;
        const double b1 = m_options.beta1, b2 = m_options.beta2;
        const double correction1 = 1 - std::pow(b1, static_cast<double>(m_t));
        const double correction2 = 1 - std::pow(b2, static_cast<double>(m_t));
        const double scale = 1 / static_cast<double>(batch_size);
        std::size_t at = 0;
        network.for_each_block([&](std::span<T> p, std::span<T> g) {
            for (std::size_t i = 0; i < p.size(); ++i, ++at) {
                const double grad = static_cast<double>(g[i]) * scale;
                m_m[at] = b1 * m_m[at] + (1 - b1) * grad;
                m_v[at] = b2 * m_v[at] + (1 - b2) * grad * grad;
                const double m_hat = m_m[at] / correction1, v_hat = m_v[at] / correction2;
                p[i] = static_cast<T>(static_cast<double>(p[i]) -
                                      m_options.learning_rate * m_hat / (std::sqrt(v_hat) + m_options.epsilon));
                g[i] = T(0);
            }
        });
    }

private:
    adam_options m_options;
    std::vector<double> m_m, m_v;
    std::size_t m_t = 0;
};

} // namespace hsc::nn
