// Training a classifier type on labelled samples, and measuring its accuracy: the loop every
// study needs, in one place.
#pragma once

#include "hsc/nn/optimizer.hpp"
#include "hsc/random.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

namespace hsc::nn {

struct training_options
{
    std::size_t epochs = 12;
    std::size_t batch = 64;
    double learning_rate = 1e-3; ///< Adam's
};

/// Trains `net` from seeded initial weights: each epoch visits the samples in an order shuffled by
/// hsc's own generator (Fisher–Yates), accumulating mini-batches of `options.batch` samples and
/// stepping Adam after each; dropout is on while training and off afterwards. `features(i)` gives
/// sample i's input (a pointer or a sparse_input, valid until the next call); `labels[i]` its
/// class. Deterministic for a seed.
template <class Network, class Features, class Labels>
void train(Network& net, Features&& features, const Labels& labels, const training_options& options, std::uint64_t seed)
{
    net.initialise(seed);
    net.set_training(true);
    adam<Network> optimizer({.learning_rate = options.learning_rate});
    std::vector<std::size_t> order(labels.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    random_engine rng(seed * 0x9e3779b97f4a7c15ULL + 1);
    for (std::size_t epoch = 0; epoch < options.epochs; ++epoch) {
        rng.shuffle(order);
        for (std::size_t start = 0; start < order.size(); start += options.batch) {
            const std::size_t count = std::min(options.batch, order.size() - start);
            for (std::size_t s = start; s < start + count; ++s)
                net.accumulate(features(order[s]), static_cast<std::size_t>(labels[order[s]]));
            optimizer.step(net, count);
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
