// The layers of a small residual network (same-size convolution, batch normalisation, channel
// dropout, residual block, global average pooling), mini-batch training, weight decay and the
// one-cycle schedule: known answers, finite-difference gradients through whole batches, and the
// batch path against the per-sample one.
#include "hsc/nn/code_features.hpp"
#include "hsc/nn/sequential.hpp"
#include "hsc/nn/training.hpp"
#include "support/check_error.hpp"
#include "support/random_data.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace {
namespace nn = hsc::nn;

using map = nn::shape<4, 5, 5>;
using wide = nn::shape<6, 5, 5>;
/// A residual network in miniature: stem, batch norm, an identity block and a projection block.
template <class T>
using tiny_resnet = nn::sequential<
    nn::same_conv2d<2, 5, 5, 4, 3, T>, nn::batch_norm<map, T>, nn::relu<map, T>,
    nn::residual<nn::identity<map, T>, nn::same_conv2d<4, 5, 5, 4, 3, T>, nn::batch_norm<map, T>, nn::relu<map, T>,
                 nn::same_conv2d<4, 5, 5, 4, 3, T>, nn::batch_norm<map, T>>,
    nn::relu<map, T>,
    nn::residual<nn::conv2d<4, 5, 5, 6, 1, T>, nn::same_conv2d<4, 5, 5, 6, 3, T>, nn::batch_norm<wide, T>>,
    nn::relu<wide, T>, nn::global_avg_pool<wide, T>, nn::dense<6, 3, T>>;

/// The summed loss of a batch run in training mode (batch statistics), and every parameter's
/// gradient of it against central differences; the worst relative error.
template <class Network>
double worst_batch_gradient_error(Network& net, const std::vector<double>& inputs, std::size_t n)
{
    constexpr std::size_t in = Network::input_shape::size;
    const auto input = [&](std::size_t s) { return inputs.data() + s * in; };
    const auto label = [](std::size_t s) { return s % Network::classes; };
    net.set_training(true);
    net.zero_gradients();
    net.accumulate_batch(input, label, n);
    std::vector<double> analytic;
    net.for_each_block(
        [&](std::span<double>, std::span<double> g) { analytic.insert(analytic.end(), g.begin(), g.end()); });
    const std::vector<double> flat = net.flat_parameters();
    double worst = 0;
    const double h = 1e-6;
    for (std::size_t i = 0; i < flat.size(); ++i) {
        auto loss_at = [&](double value) {
            auto p = flat;
            p[i] = value;
            net.set_flat_parameters(p);
            const double loss = net.accumulate_batch(input, label, n);
            net.zero_gradients();
            return loss;
        };
        const double numeric = (loss_at(flat[i] + h) - loss_at(flat[i] - h)) / (2 * h);
        worst = std::max(worst, std::fabs(numeric - analytic[i]) / std::max(1.0, std::fabs(numeric)));
    }
    net.set_flat_parameters(flat);
    return worst;
}

/// Inputs that put each channel off zero mean and unit variance, so that normalising matters.
std::vector<double> shifted_inputs(std::size_t count, std::uint64_t seed)
{
    auto x = hsc::testing::uniform_vector<double>(count, seed, -1, 3);
    return x;
}
} // namespace

BOOST_AUTO_TEST_SUITE(nn_blocks)

BOOST_AUTO_TEST_CASE(same_conv2d_is_conv2d_on_a_zero_padded_input)
{
    // Same weights, one layout each: same_conv2d on (2, 4, 5) against conv2d on its padded
    // (2, 6, 7) copy, outputs and weight gradients; K = 3, padding 1.
    constexpr std::size_t C = 2, H = 4, W = 5, F = 3, K = 3;
    nn::same_conv2d<C, H, W, F, K, double> same;
    nn::conv2d<C, H + 2, W + 2, F, K, double> valid;
    static_assert(std::is_same_v<decltype(same)::output_shape, nn::shape<F, H, W>>);
    const auto w = hsc::testing::uniform_vector<double>(C * K * K * F + F, 3);
    for (std::size_t f = 0; f < F; ++f)
        for (std::size_t t = 0; t < C * K * K; ++t) {
            valid.parameters[f * C * K * K + t] = w[f * C * K * K + t];
            same.parameters[t * F + f] = w[f * C * K * K + t];
        }
    std::copy(w.end() - F, w.end(), valid.parameters.end() - F);
    std::copy(w.end() - F, w.end(), same.parameters.end() - F);
    const auto x = hsc::testing::uniform_vector<double>(C * H * W, 4);
    std::vector<double> padded(C * (H + 2) * (W + 2), 0.0);
    for (std::size_t c = 0; c < C; ++c)
        for (std::size_t y = 0; y < H; ++y)
            for (std::size_t v = 0; v < W; ++v)
                padded[(c * (H + 2) + y + 1) * (W + 2) + v + 1] = x[(c * H + y) * W + v];
    std::vector<double> a(F * H * W), b(F * H * W), grad_a(C * H * W), grad_b(C * (H + 2) * (W + 2));
    same.forward(x.data(), a.data());
    valid.forward(padded.data(), b.data());
    for (std::size_t i = 0; i < a.size(); ++i) BOOST_TEST(a[i] == b[i], boost::test_tools::tolerance(1e-12));
    const auto g = hsc::testing::uniform_vector<double>(F * H * W, 5);
    same.backward(x.data(), a.data(), g.data(), grad_a.data());
    valid.backward(padded.data(), b.data(), g.data(), grad_b.data());
    for (std::size_t f = 0; f < F; ++f)
        for (std::size_t t = 0; t < C * K * K; ++t)
            BOOST_TEST(same.gradients[t * F + f] == valid.gradients[f * C * K * K + t],
                       boost::test_tools::tolerance(1e-12));
    for (std::size_t c = 0; c < C; ++c) // the input gradient is the padded one's interior
        for (std::size_t y = 0; y < H; ++y)
            for (std::size_t v = 0; v < W; ++v)
                BOOST_TEST(grad_a[(c * H + y) * W + v] == grad_b[(c * (H + 2) + y + 1) * (W + 2) + v + 1],
                           boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(batch_norm_standardises_a_batch_and_then_follows_its_running_estimates)
{
    constexpr std::size_t C = 3, S = 4, n = 5;
    using layer = nn::batch_norm<nn::shape<C, 2, 2>, double>;
    layer bn;
    hsc::random_engine engine(1);
    bn.initialise(engine);
    const auto x = shifted_inputs(n * C * S, 7);
    std::vector<double> y(x.size());
    bn.training = true;
    bn.forward_batch(x.data(), y.data(), n);
    for (std::size_t c = 0; c < C; ++c) {
        double mean = 0, squares = 0, in_mean = 0, in_squares = 0;
        for (std::size_t s = 0; s < n; ++s)
            for (std::size_t i = 0; i < S; ++i) {
                mean += y[(s * C + c) * S + i];
                in_mean += x[(s * C + c) * S + i];
            }
        mean /= n * S;
        in_mean /= n * S;
        for (std::size_t s = 0; s < n; ++s)
            for (std::size_t i = 0; i < S; ++i) {
                squares += std::pow(y[(s * C + c) * S + i] - mean, 2);
                in_squares += std::pow(x[(s * C + c) * S + i] - in_mean, 2);
            }
        BOOST_TEST(std::fabs(mean) < 1e-12);
        // Variance 1 up to ε: σ²/(σ² + 1e−5).
        const double variance = in_squares / (n * S);
        BOOST_TEST(squares / (n * S) == variance / (variance + 1e-5), boost::test_tools::tolerance(1e-12));
        // Running estimates moved a tenth of the way from (0, 1), the variance unbiased.
        BOOST_TEST(bn.state[c] == 0.1 * in_mean, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(bn.state[C + c] == 0.9 + 0.1 * in_squares / (n * S - 1), boost::test_tools::tolerance(1e-12));
    }
    // Inference: an affine map per channel with the running estimates (γ = 2, β = −1 on channel 1).
    bn.training = false;
    bn.parameters[1] = 2;
    bn.parameters[C + 1] = -1;
    double one[C * S];
    bn.forward(x.data(), one);
    for (std::size_t i = 0; i < S; ++i)
        BOOST_TEST(one[S + i] == 2 * (x[S + i] - bn.state[1]) / std::sqrt(bn.state[C + 1] + 1e-5) - 1,
                   boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(batch_gradients_match_finite_differences)
{
    // Through batch statistics, a residual block with an identity and one with a 1×1 projection,
    // global average pooling: the summed loss of 6 samples.
    auto net = std::make_unique<tiny_resnet<double>>();
    net->initialise(3);
    BOOST_TEST(worst_batch_gradient_error(*net, shifted_inputs(6 * 50, 8), 6) < 1e-6);
}

BOOST_AUTO_TEST_CASE(a_sample_alone_gets_the_gradients_of_the_inference_network)
{
    // Per sample (accumulate), batch norm is the affine map of its running estimates: the same
    // finite-difference check as for any network, through both residual blocks.
    auto net = std::make_unique<tiny_resnet<double>>();
    net->initialise(4);
    const auto x = shifted_inputs(50, 9);
    net->zero_gradients();
    net->accumulate(x.data(), 2);
    std::vector<double> analytic;
    net->for_each_block(
        [&](std::span<double>, std::span<double> g) { analytic.insert(analytic.end(), g.begin(), g.end()); });
    const auto flat = net->flat_parameters();
    double worst = 0;
    for (std::size_t i = 0; i < flat.size(); ++i) {
        auto loss_at = [&](double value) {
            auto p = flat;
            p[i] = value;
            net->set_flat_parameters(p);
            double logits[3], grad[3];
            net->forward(x.data(), logits);
            return nn::softmax_cross_entropy<3, double>::loss(logits, 2, grad);
        };
        const double numeric = (loss_at(flat[i] + 1e-6) - loss_at(flat[i] - 1e-6)) / 2e-6;
        worst = std::max(worst, std::fabs(numeric - analytic[i]) / std::max(1.0, std::fabs(numeric)));
    }
    BOOST_TEST(worst < 1e-6);
}

BOOST_AUTO_TEST_CASE(without_batch_norm_a_batch_is_its_samples)
{
    // No layer couples the samples: accumulate_batch's gradients and loss are those of n calls of
    // accumulate, in float (sums in another order) and double.
    auto check = []<class T>(T tolerance) {
        using net_t = nn::sequential<nn::same_conv2d<2, 5, 5, 4, 3, T>, nn::relu<map, T>,
                                     nn::residual<nn::identity<map, T>, nn::same_conv2d<4, 5, 5, 4, 3, T>>,
                                     nn::global_avg_pool<map, T>, nn::dense<4, 3, T>>;
        static_assert(!net_t::couples_samples);
        auto a = std::make_unique<net_t>(), b = std::make_unique<net_t>();
        a->initialise(5);
        b->initialise(5);
        const auto x = hsc::testing::uniform_vector<T>(7 * 50, 10, -1, 1);
        T loss = 0;
        for (std::size_t s = 0; s < 7; ++s) loss += a->accumulate(x.data() + 50 * s, s % 3);
        const T batch_loss = b->accumulate_batch([&](std::size_t s) { return x.data() + 50 * s; },
                                                 [](std::size_t s) { return s % 3; }, 7);
        BOOST_TEST(batch_loss == loss, boost::test_tools::tolerance(tolerance));
        std::vector<T> ga, gb;
        a->for_each_block([&](std::span<T>, std::span<T> g) { ga.insert(ga.end(), g.begin(), g.end()); });
        b->for_each_block([&](std::span<T>, std::span<T> g) { gb.insert(gb.end(), g.begin(), g.end()); });
        BOOST_TEST(ga.size() == net_t::parameter_count);
        for (std::size_t i = 0; i < ga.size(); ++i)
            BOOST_TEST(std::fabs(ga[i] - gb[i]) <= tolerance * std::max(T(1), std::fabs(ga[i])));
    };
    check(1e-4f);
    check(1e-12);
}

BOOST_AUTO_TEST_CASE(channel_dropout_drops_whole_channels_per_sample)
{
    constexpr std::size_t C = 400, S = 6, n = 3;
    using layer = nn::channel_dropout<nn::shape<C, 2, 3>, 50, float>;
    layer d;
    hsc::random_engine engine(2);
    d.initialise(engine);
    const auto x = hsc::testing::uniform_vector<float>(n * C * S, 11, 0.5, 1.5); // never zero
    std::vector<float> y(x.size()), g(x.size()), ones(x.size(), 1.0f);
    d.forward_batch(x.data(), y.data(), n);
    BOOST_TEST(y == x); // inference: the identity
    d.training = true;
    d.forward_batch(x.data(), y.data(), n);
    d.backward_batch(x.data(), y.data(), ones.data(), g.data(), n);
    std::size_t dropped = 0;
    for (std::size_t c = 0; c < n * C; ++c) {
        const bool off = y[c * S] == 0;
        dropped += off;
        for (std::size_t i = c * S; i < (c + 1) * S; ++i) {
            BOOST_TEST(y[i] == (off ? 0.0f : 2 * x[i])); // the whole channel, kept ones doubled
            BOOST_TEST(g[i] == (off ? 0.0f : 2.0f));     // the gradient through the same mask
        }
    }
    // Half of 1200 channels: binomial sd 17.3, ±100 is beyond five sd.
    BOOST_TEST(dropped > 500u);
    BOOST_TEST(dropped < 700u);
}

BOOST_AUTO_TEST_CASE(global_avg_pool_and_identity_of_known_maps)
{
    nn::global_avg_pool<nn::shape<2, 2, 2>, double> pool;
    const double x[8] = {1, 2, 3, 6, -1, -1, 4, 2};
    double out[2], grad[8];
    pool.forward(x, out);
    BOOST_TEST(out[0] == 3.0);
    BOOST_TEST(out[1] == 1.0);
    const double g[2] = {4, -8};
    pool.backward(x, out, g, grad);
    for (std::size_t i = 0; i < 8; ++i) BOOST_TEST(grad[i] == (i < 4 ? 1.0 : -2.0));
}

BOOST_AUTO_TEST_CASE(weight_decay_adds_the_parameters_to_the_gradient)
{
    // Adam's first step moves every parameter by the learning rate against the sign of its
    // gradient; with no gradient and decay, that gradient is decay · p (the textbook Adam on it).
    using net_t = nn::sequential<nn::dense<2, 3, double>>;
    net_t net;
    const auto start = hsc::testing::uniform_vector<double>(9, 12, -1, 1);
    net.set_flat_parameters(start);
    nn::adam<net_t> adam({.learning_rate = 0.01, .weight_decay = 0.05});
    adam.step(net, 4);
    const auto got = net.flat_parameters();
    for (std::size_t i = 0; i < 9; ++i) {
        const double g = 0.05 * start[i]; // m̂ = g, v̂ = g²
        BOOST_TEST(got[i] == start[i] - 0.01 * g / (std::fabs(g) + 1e-8), boost::test_tools::tolerance(1e-9));
    }
    HSC_CHECK_ERROR((nn::adam<net_t>({.weight_decay = -1})), "weight decay >= 0");
}

BOOST_AUTO_TEST_CASE(one_cycle_rises_then_anneals_as_pytorch)
{
    // 100 steps: 1e−3/25 at step 0, the peak at step 29, 1e−3/25/1e4 at step 99; halfway up and
    // down at the cosine's midpoints.
    const nn::one_cycle schedule{.max_learning_rate = 1e-3, .steps = 100};
    const auto near = boost::test_tools::tolerance(1e-12);
    BOOST_TEST(schedule(0) == 4e-5, near);
    BOOST_TEST(schedule(29) == 1e-3, near);
    BOOST_TEST(schedule(99) == 4e-9, near);
    BOOST_TEST(schedule(500) == 4e-9, near);
    BOOST_TEST(schedule(29 - 0) > schedule(28));
    const double up_mid = (4e-5 + 1e-3) / 2;
    BOOST_TEST(std::fabs(schedule(14) - up_mid) < std::fabs(schedule(13) - up_mid));
    BOOST_TEST(schedule(64) == (1e-3 + 4e-9) / 2, near); // (64 − 29)/(99 − 29) = 1/2
}

BOOST_AUTO_TEST_CASE(a_tiny_resnet_learns_oriented_bars_and_saves_its_running_estimates)
{
    // Two channels of noise, a horizontal or vertical bar in one of them at a random place, three
    // classes (horizontal, vertical, none). Deterministic for a seed; the saved file holds the
    // running estimates, so a loaded network predicts as the trained one.
    const std::size_t n = 300;
    std::vector<float> x(n * 50);
    std::vector<int> labels(n);
    hsc::random_engine rng(13);
    for (std::size_t s = 0; s < n; ++s) {
        float* image = x.data() + 50 * s;
        for (std::size_t i = 0; i < 50; ++i) image[i] = static_cast<float>(rng.uniform() * 0.5);
        labels[s] = static_cast<int>(s % 3);
        const std::size_t channel = rng.below(2), at = rng.below(5);
        for (std::size_t i = 0; i < 5 && labels[s] < 2; ++i)
            image[channel * 25 + (labels[s] == 0 ? at * 5 + i : i * 5 + at)] += 1.5f;
    }
    const auto features = [&](std::size_t i) { return x.data() + 50 * i; };
    const nn::training_options options{.epochs = 15, .batch = 20, .learning_rate = 1e-2, .one_cycle = true};
    auto a = std::make_unique<tiny_resnet<float>>(), b = std::make_unique<tiny_resnet<float>>();
    nn::train(*a, features, labels, options, 21);
    nn::train(*b, features, labels, options, 21);
    BOOST_TEST((a->flat_parameters() == b->flat_parameters()));
    BOOST_TEST(nn::accuracy(*a, features, labels) > 0.95);
    BOOST_TEST(a->layer<1>().state[0] != 0.0f); // the running mean moved
    const std::string path = (std::filesystem::temp_directory_path() / "hsc_test_resnet.npy").string();
    a->save(path);
    auto c = std::make_unique<tiny_resnet<float>>();
    c->load(path);
    std::remove(path.c_str());
    for (std::size_t s = 0; s < n; s += 7) {
        float la[3], lc[3];
        a->forward(features(s), la);
        c->forward(features(s), lc);
        BOOST_TEST((std::equal(la, la + 3, lc)));
    }
    HSC_CHECK_ERROR(nn::train(*c, features, labels, {.batch = 0}, 1), "batch size must be >= 1");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_resnets)

BOOST_AUTO_TEST_CASE(space_to_depth_moves_each_cell_into_channels)
{
    // (1, 4, 4) with 2×2 cells: channel u·2 + v holds the value at (u, v) of each cell.
    nn::space_to_depth<nn::shape<1, 4, 4>, 2, double> layer;
    static_assert(std::is_same_v<decltype(layer)::output_shape, nn::shape<4, 2, 2>>);
    double x[16], out[16], back[16];
    for (int i = 0; i < 16; ++i) x[i] = i;
    layer.forward(x, out);
    const double expected[16] = {0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15};
    BOOST_TEST((std::equal(out, out + 16, expected)));
    layer.backward(x, out, out, back); // the gradient goes back where each value came from
    BOOST_TEST((std::equal(back, back + 16, x)));
}

BOOST_AUTO_TEST_CASE(the_study_networks_are_checked_from_input_to_logits)
{
    // code_resnet on 144 maps of 7×7, pixel_resnet on a 28×28 image through 4×4 cells: the same
    // layers after the rearrangement, both ending in 10 logits.
    using codes = nn::code_resnet<nn::shape<144, 7, 7>, 16, 32, 10>;
    using pixels = nn::pixel_resnet<nn::shape<1, 28, 28>, 4, 16, 32, 10>;
    static_assert(nn::accepts_input<nn::shape<144, 7, 7>, codes>::ok);
    static_assert(std::is_same_v<pixels::input_shape, nn::shape<1, 28, 28>>);
    static_assert(codes::classes == 10 && pixels::classes == 10);
    static_assert(codes::couples_samples && pixels::couples_samples);
    // Stem 144·9·16 + 16, batch norms 2·16 each, blocks, dense 32·10 + 10.
    static_assert(codes::parameter_count - pixels::parameter_count == (144 - 16) * 9 * 16);
    auto net = std::make_unique<pixels>();
    net->initialise(1);
    const auto x = hsc::testing::uniform_vector<float>(784, 2, 0, 1);
    BOOST_TEST(net->predict(x.data()) < 10u);
}

BOOST_AUTO_TEST_SUITE_END()
