// From images to a class, every shape checked at compile time: 16×16 images coded by matching
// pursuit over the paper's heterogeneous bank, each code pooled into ON/OFF maps over 4×4 cells,
// and a small classifier trained on those maps. The task is made up so that the example needs no
// data set: gratings near 0° or near 90° (the two classes) at random frequency and phase, in noise.
#include <hsc/hsc.hpp>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

// The code's shape is a type: 144 atoms (their side taken from the bank) on 16×16 images...
using extents = hsc::conv_extents<144, hsc::dynamic, 16, 16>;
// ...so is the pooled input (shape<288, 4, 4>: positive and negative parts of each atom, per cell)...
using pooling = hsc::nn::on_off_pooling<extents, 4>;
using features = pooling::output_shape;
// ...and the network must accept it, or this file does not compile.
using classifier = hsc::nn::sequential<hsc::nn::flatten<features>, hsc::nn::dense<features::size, 32>,
                                       hsc::nn::relu<hsc::nn::shape<32>>, hsc::nn::dense<32, 2>>;
static_assert(hsc::nn::accepts_input<features, classifier>::ok);

/// A grating of class 0 (orientation within 20° of horizontal) or 1 (of vertical), with noise.
xt::xtensor<float, 2> grating(int label, hsc::random_engine& random)
{
    const double theta =
        (label == 0 ? 0.0 : 90.0) * std::numbers::pi / 180 + (random.uniform() - 0.5) * 40 * std::numbers::pi / 180;
    const double frequency = 0.15 + 0.2 * random.uniform(), phase = 2 * std::numbers::pi * random.uniform();
    xt::xtensor<float, 2> image({extents::height, extents::width});
    for (std::size_t y = 0; y < extents::height; ++y)
        for (std::size_t x = 0; x < extents::width; ++x) {
            const double along = double(x) * std::sin(theta) + double(y) * std::cos(theta);
            image(y, x) = float(std::sin(2 * std::numbers::pi * frequency * along + phase) + random.uniform() - 0.5);
        }
    return image;
}

int main()
{
    const auto bank = hsc::heterogeneous_bank<float>();
    hsc::encoder<float, hsc::solver::mp, extents> coder(bank, hsc::boundary::circular, {.options = {.max_atoms = 24}});

    // Code 400 images: the first 300 train the classifier, the last 100 test it.
    hsc::random_engine random(7);
    std::vector<std::vector<float>> inputs;
    std::vector<int> labels;
    for (int i = 0; i < 400; ++i) {
        labels.push_back(i % 2);
        coder.encode(grating(labels.back(), random));
        inputs.emplace_back(features::size);
        pooling::apply<float>(coder.code().events(), 0.0, inputs.back().data());
    }
    const std::vector<int> train_labels(labels.begin(), labels.begin() + 300);
    const std::vector<int> test_labels(labels.begin() + 300, labels.end());

    classifier net; // its weights live inside it: predict() neither allocates nor throws
    hsc::nn::train(
        net, [&](std::size_t i) { return inputs[i].data(); }, train_labels, {.epochs = 10, .batch = 16}, 1);
    const double accuracy = hsc::nn::accuracy(
        net, [&](std::size_t i) { return inputs[300 + i].data(); }, test_labels);
    std::printf("orientation from 24-atom codes: %.0f%% of 100 test images right (chance: 50%%)\n", 100 * accuracy);
    return accuracy > 0.9 ? 0 : 1;
}
