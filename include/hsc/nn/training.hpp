// Training a classifier type on labelled samples, and measuring its accuracy: the loop every
// study needs, in one place.
#pragma once

#include "hsc/nn/optimizer.hpp"
#include "hsc/random.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

namespace hsc::nn {

struct training_options
{
    std::size_t epochs = 12;
    std::size_t batch = 64;
    double learning_rate = 1e-3; ///< Adam's (the peak of the one-cycle schedule)
    double weight_decay = 0;     ///< Adam's coupled L2
    bool one_cycle = false;      ///< the one-cycle schedule over all steps, else a constant rate
};

/// Trains `net` from seeded initial weights: each epoch visits the samples in an order shuffled by
/// hsc's own generator (Fisher–Yates), accumulating mini-batches of `options.batch` samples and
/// stepping Adam after each; dropout and batch statistics are on while training and off
/// afterwards. A network with batch normalisation runs each mini-batch at once
/// (accumulate_batch), any other sample by sample. `features(i)` gives sample i's input (a
/// pointer or a sparse_input, valid until the next call); `labels[i]` its class. Deterministic
/// for a seed.
template <class Network, class Features, class Labels>
void train(Network& net, Features&& features, const Labels& labels, const training_options& options, std::uint64_t seed)
{
    require(options.batch >= 1, errc::invalid_argument,
            [] { return std::string("nn::train: the batch size must be >= 1"); });
    net.initialise(seed);
    net.set_training(true);
    adam<Network> optimizer({.learning_rate = options.learning_rate, .weight_decay = options.weight_decay});
    const std::size_t per_epoch = (labels.size() + options.batch - 1) / options.batch;
    const one_cycle schedule{.max_learning_rate = options.learning_rate,
                             .steps = std::max<std::size_t>(1, per_epoch * options.epochs)};
    std::vector<std::size_t> order(labels.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    random_engine rng(seed * 0x9e3779b97f4a7c15ULL + 1);
    std::size_t step = 0;
    for (std::size_t epoch = 0; epoch < options.epochs; ++epoch) {
        rng.shuffle(order);
        for (std::size_t start = 0; start < order.size(); start += options.batch) {
            const std::size_t count = std::min(options.batch, order.size() - start);
            if constexpr (Network::couples_samples) {
                net.accumulate_batch([&](std::size_t s) { return features(order[start + s]); },
                                     [&](std::size_t s) { return labels[order[start + s]]; }, count);
            } else {
                for (std::size_t s = start; s < start + count; ++s)
                    net.accumulate(features(order[s]), static_cast<std::size_t>(labels[order[s]]));
            }
            if (options.one_cycle) optimizer.set_learning_rate(schedule(step));
            optimizer.step(net, count);
            ++step;
        }
    }
    net.set_training(false);
}

/// The fraction of samples whose predicted class is their label (`features` as for train()).
template <class Network, class Features, class Labels>
double accuracy(Network& net, Features&& features, const Labels& labels)
{
    std::size_t correct = 0;
    for (std::size_t i = 0; i < labels.size(); ++i)
        correct += net.predict(features(i)) == static_cast<std::size_t>(labels[i]);
    return labels.size() == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(labels.size());
}

} // namespace hsc::nn
