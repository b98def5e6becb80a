#include "hsc/nn/code_features.hpp"
#include "hsc/nn/optimizer.hpp"
#include "hsc/nn/sequential.hpp"
#include "support/check_error.hpp"
#include "support/random_data.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace {
namespace nn = hsc::nn;

/// Every parameter's back-propagated gradient against central differences of the loss.
template <class Network>
double worst_gradient_error(Network& net, const std::vector<double>& input, std::size_t label)
{
    net.zero_gradients();
    net.accumulate(input.data(), label);
    std::vector<double> analytic;
    net.for_each_block(
        [&](std::span<double>, std::span<double> g) { analytic.insert(analytic.end(), g.begin(), g.end()); });
    std::vector<double> flat = net.flat_parameters();
    double worst = 0;
    const double h = 1e-6;
    for (std::size_t i = 0; i < flat.size(); ++i) {
        auto loss_at = [&](double value) {
            auto p = flat;
            p[i] = value;
            net.set_flat_parameters(p);
            std::vector<double> logits(Network::classes), grad(Network::classes);
            net.forward(input.data(), logits.data());
            return nn::softmax_cross_entropy<Network::classes, double>::loss(logits.data(), label, grad.data());
        };
        const double numeric = (loss_at(flat[i] + h) - loss_at(flat[i] - h)) / (2 * h);
        worst = std::max(worst, std::fabs(numeric - analytic[i]) / std::max(1.0, std::fabs(numeric)));
    }
    net.set_flat_parameters(flat);
    return worst;
}

/// Three Gaussian blobs in the plane, seeded.
void blobs(std::size_t per_class, std::uint64_t seed, std::vector<float>& x, std::vector<std::size_t>& y)
{
    const auto noise = hsc::testing::uniform_vector<float>(per_class * 3 * 2, seed, -0.6, 0.6);
    const float centres[3][2] = {{0, 2}, {-2, -1}, {2, -1}};
    for (std::size_t c = 0; c < 3; ++c)
        for (std::size_t s = 0; s < per_class; ++s) {
            const std::size_t r = c * per_class + s;
            x.push_back(centres[c][0] + noise[2 * r]);
            x.push_back(centres[c][1] + noise[2 * r + 1]);
            y.push_back(c);
        }
}

template <class Network, class Optimizer>
double train_blobs(Network& net, Optimizer& optimizer, std::size_t epochs)
{
    std::vector<float> x;
    std::vector<std::size_t> y;
    blobs(60, 5, x, y);
    for (std::size_t epoch = 0; epoch < epochs; ++epoch)
        for (std::size_t start = 0; start < y.size(); start += 20) { // mini-batches of 20, interleaved classes
            for (std::size_t s = 0; s < 20; ++s) {
                const std::size_t r = (start + s) * 7 % y.size();
                net.accumulate(&x[2 * r], y[r]);
            }
            optimizer.step(net, 20);
        }
    std::vector<float> tx;
    std::vector<std::size_t> ty;
    blobs(50, 77, tx, ty); // held-out samples
    double correct = 0;
    for (std::size_t r = 0; r < ty.size(); ++r) correct += net.predict(&tx[2 * r]) == ty[r];
    return correct / double(ty.size());
}

using small_cnn = nn::sequential<nn::conv2d<2, 6, 6, 3, 3, double>, nn::relu<nn::shape<3, 4, 4>, double>,
                                 nn::max_pool<nn::shape<3, 4, 4>, 2, double>, nn::flatten<nn::shape<3, 2, 2>, double>,
                                 nn::dense<12, 4, double>>;
using small_avg = nn::sequential<nn::conv2d<1, 4, 4, 2, 2, double>, nn::avg_pool<nn::shape<2, 3, 3>, 3, double>,
                                 nn::flatten<nn::shape<2, 1, 1>, double>, nn::dense<2, 3, double>>;
using blob_net = nn::sequential<nn::dense<2, 16>, nn::relu<nn::shape<16>>, nn::dense<16, 3>>;
} // namespace

BOOST_AUTO_TEST_SUITE(nn_layers)

BOOST_AUTO_TEST_CASE(dense_and_conv_forward_known_answers)
{
    nn::dense<3, 2, double> d;
    d.parameters = {1, 0, 2, 0, -1, 1, 0.5, -0.5}; // W = [[1 0 2], [0 −1 1]], b = [0.5, −0.5]
    const double x[3] = {1, 2, 3};
    double out[2];
    d.forward(x, out);
    BOOST_TEST(out[0] == 7.5);
    BOOST_TEST(out[1] == 0.5);
    // A 2×2 kernel [[1, 0], [0, −1]] on a 3×3 ramp: out(i, j) = in(i, j) − in(i + 1, j + 1) = −4.
    nn::conv2d<1, 3, 3, 1, 2, double> c;
    c.parameters = {1, 0, 0, -1, 0};
    const double ramp[9] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    double o[4];
    c.forward(ramp, o);
    for (const double v : o) BOOST_TEST(v == -4.0);
}

BOOST_AUTO_TEST_CASE(backpropagation_matches_finite_differences)
{
    auto cnn = std::make_unique<small_cnn>();
    cnn->initialise(3);
    const auto input = hsc::testing::uniform_vector<double>(2 * 6 * 6, 11);
    BOOST_TEST(worst_gradient_error(*cnn, input, 2) < 1e-6);
    auto avg = std::make_unique<small_avg>();
    avg->initialise(4);
    BOOST_TEST(worst_gradient_error(*avg, hsc::testing::uniform_vector<double>(16, 12), 1) < 1e-6);
}

BOOST_AUTO_TEST_CASE(dropout_is_the_identity_at_inference_and_a_scaled_mask_in_training)
{
    constexpr std::size_t n = 2000;
    using layer = nn::dropout<nn::shape<n>, 25, double>;
    layer a, b;
    hsc::random_engine ea(5), eb(5);
    a.initialise(ea);
    b.initialise(eb);
    const auto x = hsc::testing::uniform_vector<double>(n, 3, 0.5, 1.5); // never zero
    std::vector<double> out(n), out_b(n), grad_in(n), ones(n, 1.0);
    a.forward(x.data(), out.data());
    BOOST_TEST(out == x); // inference: untouched, the gradient too
    a.backward(x.data(), out.data(), ones.data(), grad_in.data());
    BOOST_TEST(grad_in == ones);
    a.training = b.training = true;
    a.forward(x.data(), out.data());
    b.forward(x.data(), out_b.data());
    BOOST_TEST(out == out_b); // same seed, same mask
    a.backward(x.data(), out.data(), ones.data(), grad_in.data());
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (out[i] == 0) {
            ++dropped;
            BOOST_TEST(grad_in[i] == 0.0); // no gradient through a dropped unit
        } else {
            BOOST_TEST(out[i] == x[i] / 0.75, boost::test_tools::tolerance(1e-15)); // kept, scaled by 1/(1 − rate)
            BOOST_TEST(grad_in[i] == 1 / 0.75, boost::test_tools::tolerance(1e-15));
        }
    }
    // 25% of 2000: binomial sd 19.4, so ±100 is beyond five sd.
    BOOST_TEST(dropped > 400u);
    BOOST_TEST(dropped < 600u);
    a.forward(x.data(), out_b.data());
    BOOST_TEST(out != out_b); // a new mask every sample
}

BOOST_AUTO_TEST_CASE(set_training_switches_every_dropout_of_a_network)
{
    using net_t = nn::sequential<nn::dense<4, 64, double>, nn::dropout<nn::shape<64>, 50, double>,
                                 nn::dense<64, 3, double>, nn::dropout<nn::shape<3>, 50, double>>;
    auto net = std::make_unique<net_t>();
    net->initialise(2);
    const auto x = hsc::testing::uniform_vector<double>(4, 8);
    double first[3], second[3];
    net->forward(x.data(), first);
    net->forward(x.data(), second);
    BOOST_TEST((std::equal(first, first + 3, second))); // inference is deterministic
    net->set_training(true);
    BOOST_TEST(net->layer<1>().training);
    BOOST_TEST(net->layer<3>().training);
    net->set_training(false);
    BOOST_TEST(!net->layer<1>().training);
    BOOST_TEST(!net->layer<3>().training);
    net->forward(x.data(), second);
    BOOST_TEST((std::equal(first, first + 3, second)));
}

BOOST_AUTO_TEST_CASE(sparse_input_dense_is_dense_with_another_layout)
{
    // The same weights in both layouts give the same outputs and gradients on a sparse input.
    nn::dense<5, 3, double> d;
    nn::sparse_input_dense<5, 3, double> s;
    const auto w = hsc::testing::uniform_vector<double>(15, 21);
    for (std::size_t o = 0; o < 3; ++o) {
        for (std::size_t i = 0; i < 5; ++i) d.parameters[o * 5 + i] = s.parameters[i * 3 + o] = w[o * 5 + i];
        d.parameters[15 + o] = s.parameters[15 + o] = 0.1 * double(o);
    }
    const double x[5] = {0, 1.5, 0, 0, -2}, g[3] = {0.3, -1, 2};
    double out_d[3], out_s[3], gin_d[5], gin_s[5];
    d.forward(x, out_d);
    s.forward(x, out_s);
    d.backward(x, out_d, g, gin_d);
    s.backward(x, out_s, g, gin_s);
    for (std::size_t o = 0; o < 3; ++o) {
        BOOST_TEST(out_s[o] == out_d[o], boost::test_tools::tolerance(1e-12));
        BOOST_TEST(s.gradients[15 + o] == d.gradients[15 + o]);
        for (std::size_t i = 0; i < 5; ++i)
            BOOST_TEST(s.gradients[i * 3 + o] == d.gradients[o * 5 + i], boost::test_tools::tolerance(1e-12));
    }
    for (std::size_t i = 0; i < 5; ++i) BOOST_TEST(gin_s[i] == gin_d[i], boost::test_tools::tolerance(1e-12));
    // Asked for the input gradient only where the input is nonzero: the same there, zero elsewhere.
    double gin_nonzero[5];
    s.backward(x, out_s, g, gin_nonzero, nn::input_gradient_where_nonzero{});
    for (std::size_t i = 0; i < 5; ++i) BOOST_TEST(gin_nonzero[i] == (x[i] != 0 ? gin_s[i] : 0.0));
    // As the first layer behind a flatten, its gradients still match finite differences.
    using sparse_net = nn::sequential<nn::flatten<nn::shape<2, 2, 3>, double>, nn::sparse_input_dense<12, 4, double>,
                                      nn::relu<nn::shape<4>, double>, nn::dense<4, 3, double>>;
    auto net = std::make_unique<sparse_net>();
    net->initialise(8);
    std::vector<double> input = hsc::testing::uniform_vector<double>(12, 13);
    for (std::size_t i = 0; i < 12; i += 3) input[i] = 0; // a third of the inputs zero
    BOOST_TEST(worst_gradient_error(*net, input, 1) < 1e-6);
}

BOOST_AUTO_TEST_CASE(input_gradients_are_skipped_only_where_the_layers_below_lose_them)
{
    // A relu, then max pooling, flatten and dropout, lose the gradient of every zero they output,
    // so the sparse_input_dense above them computes d(loss)/d(input) only where its input is
    // nonzero. The convolution's gradients, which depend on it, still match finite differences.
    using skipping =
        nn::sequential<nn::conv2d<2, 6, 6, 3, 3, double>, nn::relu<nn::shape<3, 4, 4>, double>,
                       nn::max_pool<nn::shape<3, 4, 4>, 2, double>, nn::flatten<nn::shape<3, 2, 2>, double>,
                       nn::dropout<nn::shape<12>, 50, double>, nn::sparse_input_dense<12, 4, double>,
                       nn::relu<nn::shape<4>, double>, nn::dense<4, 3, double>>;
    static_assert(skipping::zero_inputs_need_no_gradient<5>());
    static_assert(!skipping::zero_inputs_need_no_gradient<7>()); // dense does not offer it
    auto net = std::make_unique<skipping>();
    net->initialise(4);
    const auto input = hsc::testing::uniform_vector<double>(2 * 6 * 6, 26);
    BOOST_TEST(worst_gradient_error(*net, input, 1) < 1e-6);
    // Average pooling passes the gradient of a zero average to nonzero inputs: no skipping above it,
    // nor above a layer with parameters.
    using averaging = nn::sequential<nn::conv2d<2, 6, 6, 3, 3, double>, nn::relu<nn::shape<3, 4, 4>, double>,
                                     nn::avg_pool<nn::shape<3, 4, 4>, 2, double>,
                                     nn::flatten<nn::shape<3, 2, 2>, double>, nn::sparse_input_dense<12, 4, double>>;
    static_assert(!averaging::zero_inputs_need_no_gradient<4>());
    using straight = nn::sequential<nn::flatten<nn::shape<2, 6, 6>, double>, nn::dense<72, 12, double>,
                                    nn::sparse_input_dense<12, 4, double>>;
    static_assert(!straight::zero_inputs_need_no_gradient<2>());
}

BOOST_AUTO_TEST_CASE(sparse_input_conv2d_is_conv2d_with_another_layout)
{
    // conv2d ([f][c][u][v]) and the sparse-input version ([c][u][v][f]) with the same weights, on
    // an input with zeros, nonzeros on every border and a non-square map: same outputs and
    // gradients, the input gradient included (it is dense).
    constexpr std::size_t C = 2, H = 5, W = 4, F = 3, K = 3, OH = H - K + 1, OW = W - K + 1;
    nn::conv2d<C, H, W, F, K, double> d;
    nn::sparse_input_conv2d<C, H, W, F, K, double> s;
    const auto w = hsc::testing::uniform_vector<double>(F * C * K * K, 22);
    for (std::size_t f = 0; f < F; ++f) {
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t t = 0; t < K * K; ++t)
                d.parameters[(f * C + c) * K * K + t] = s.parameters[(c * K * K + t) * F + f] =
                    w[(f * C + c) * K * K + t];
        d.parameters[F * C * K * K + f] = s.parameters[F * C * K * K + f] = 0.2 * double(f) - 0.1;
    }
    auto x = hsc::testing::uniform_vector<double>(C * H * W, 23, -1, 1);
    for (std::size_t i = 1; i < x.size(); i += 3) x[i] = 0;
    const auto g = hsc::testing::uniform_vector<double>(F * OH * OW, 24, -1, 1);
    std::vector<double> out_d(F * OH * OW), out_s(F * OH * OW), gin_d(C * H * W), gin_s(C * H * W);
    d.forward(x.data(), out_d.data());
    s.forward(x.data(), out_s.data());
    d.backward(x.data(), out_d.data(), g.data(), gin_d.data());
    s.backward(x.data(), out_s.data(), g.data(), gin_s.data());
    BOOST_TEST(out_s == out_d, boost::test_tools::tolerance(1e-12) << boost::test_tools::per_element());
    BOOST_TEST(gin_s == gin_d, boost::test_tools::tolerance(1e-12) << boost::test_tools::per_element());
    for (std::size_t f = 0; f < F; ++f) {
        BOOST_TEST(s.gradients[F * C * K * K + f] == d.gradients[F * C * K * K + f],
                   boost::test_tools::tolerance(1e-12));
        for (std::size_t c = 0; c < C; ++c)
            for (std::size_t t = 0; t < K * K; ++t)
                BOOST_TEST(s.gradients[(c * K * K + t) * F + f] == d.gradients[(f * C + c) * K * K + t],
                           boost::test_tools::tolerance(1e-12));
    }
    // As the first layer of a network (no input gradient), its gradients match finite differences.
    using sparse_cnn = nn::sequential<nn::sparse_input_conv2d<2, 6, 6, 3, 3, double>,
                                      nn::relu<nn::shape<3, 4, 4>, double>, nn::max_pool<nn::shape<3, 4, 4>, 2, double>,
                                      nn::flatten<nn::shape<3, 2, 2>, double>, nn::dense<12, 4, double>>;
    auto net = std::make_unique<sparse_cnn>();
    net->initialise(9);
    auto input = hsc::testing::uniform_vector<double>(2 * 6 * 6, 25);
    for (std::size_t i = 0; i < input.size(); i += 2) input[i] = 0;
    BOOST_TEST(worst_gradient_error(*net, input, 2) < 1e-6);
}

BOOST_AUTO_TEST_CASE(adam_steps_match_the_textbook_update)
{
    // Two steps on 9 parameters (vector lanes and a scalar tail) against Adam as written in
    // Kingma & Ba's Algorithm 1, in double.
    using net_t = nn::sequential<nn::dense<2, 3, double>>;
    net_t net;
    const auto start = hsc::testing::uniform_vector<double>(9, 31);
    net.set_flat_parameters(start);
    nn::adam<net_t> adam({.learning_rate = 0.01});
    std::vector<double> p = start, m(9, 0.0), v(9, 0.0);
    for (int t = 1; t <= 2; ++t) {
        const auto g = hsc::testing::uniform_vector<double>(9, 40 + t, -3, 3);
        std::copy(g.begin(), g.end(), net.layer<0>().gradients.begin());
        adam.step(net, 2); // the gradients are sums over a batch of 2
        for (std::size_t i = 0; i < 9; ++i) {
            const double gi = g[i] / 2;
            m[i] = 0.9 * m[i] + 0.1 * gi;
            v[i] = 0.999 * v[i] + 0.001 * gi * gi;
            const double m_hat = m[i] / (1 - std::pow(0.9, t)), v_hat = v[i] / (1 - std::pow(0.999, t));
            p[i] -= 0.01 * m_hat / (std::sqrt(v_hat) + 1e-8);
        }
        const auto got = net.flat_parameters();
        for (std::size_t i = 0; i < 9; ++i) {
            BOOST_TEST(got[i] == p[i], boost::test_tools::tolerance(1e-9));
            BOOST_TEST(net.layer<0>().gradients[i] == 0.0); // cleared for the next batch
        }
    }
}

BOOST_AUTO_TEST_CASE(on_off_pooling_of_a_known_code)
{
    using pooling =
        nn::on_off_pooling<hsc::conv_extents<2, hsc::dynamic, 8, 8>, 4>; // 2 atoms, 8×8 image, 4×4 cells → (4, 2, 2)
    static_assert(std::is_same_v<pooling::output_shape, nn::shape<4, 2, 2>>);
    const std::vector<hsc::code_event<float>> code = {
        {1, 5, 6, 2.f}, {1, 4, 7, 1.f}, {0, 0, 0, -0.5f}, {1, 0, 3, -1.f}};
    float out[16];
    pooling::apply(std::span<const hsc::code_event<float>>(code), 0.0, out);
    std::vector<float> expected(16, 0.f);
    expected[(2 * 1 + 0) * 4 + 1 * 2 + 1] = 3.f; // atom 1 ON, cell (1, 1): 2 + 1
    expected[(2 * 0 + 1) * 4 + 0] = 0.5f;        // atom 0 OFF, cell (0, 0)
    expected[(2 * 1 + 1) * 4 + 0] = 1.f;         // atom 1 OFF, cell (0, 0)
    BOOST_TEST(std::vector<float>(out, out + 16) == expected, boost::test_tools::per_element());
    pooling::apply(std::span<const hsc::code_event<float>>(code), 0.3, out); // keeps |v| >= 0.6
    expected[(2 * 0 + 1) * 4 + 0] = 0.f;
    BOOST_TEST(std::vector<float>(out, out + 16) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(on_off_entries_are_the_nonzeros_of_the_pooled_maps)
{
    // A random code with repeats (several events in a cell, the same atom and position twice):
    // the entries, densified, are apply()'s maps to the bit, in increasing index order, without
    // repeated indices, at every pruning level.
    using pooling = nn::on_off_pooling<hsc::conv_extents<3, hsc::dynamic, 6, 6>, 2>;
    const auto u = hsc::testing::uniform_vector<float>(4 * 40, 61, 0, 1);
    std::vector<hsc::code_event<float>> code;
    for (std::size_t i = 0; i < 40; ++i)
        code.push_back({static_cast<std::uint32_t>(u[4 * i] * 3), static_cast<std::uint32_t>(u[4 * i + 1] * 6),
                        static_cast<std::uint32_t>(u[4 * i + 2] * 6), 2 * u[4 * i + 3] - 1});
    code.push_back(code[7]);
    code.push_back(code[7]);
    const std::span<const hsc::code_event<float>> events(code);
    for (const double c : {0.0, 0.3, 0.9}) {
        std::vector<float> dense(pooling::output_shape::size), from_entries(pooling::output_shape::size, 0.f);
        pooling::apply(events, c, dense.data());
        std::vector<nn::sparse_entry<float>> entries(code.size());
        const std::size_t n = pooling::entries(events, c, std::span<nn::sparse_entry<float>>(entries));
        BOOST_TEST(n == std::size_t(std::count_if(dense.begin(), dense.end(), [](float v) { return v != 0; })));
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0) BOOST_TEST(entries[i - 1].index < entries[i].index);
            from_entries[entries[i].index] = entries[i].value;
        }
        BOOST_TEST(from_entries == dense, boost::test_tools::per_element()); // exact
    }
}

BOOST_AUTO_TEST_CASE(a_network_reads_a_sparse_input_as_its_dense_input)
{
    // Same logits, same prediction and same gradients, to the bit, whether the first layer
    // (sparse_input_conv2d) gets the dense maps or their nonzeros; float and double.
    auto check = []<class T>(T) {
        using net_t = nn::sequential<nn::sparse_input_conv2d<2, 6, 6, 3, 3, T>, nn::relu<nn::shape<3, 4, 4>, T>,
                                     nn::max_pool<nn::shape<3, 4, 4>, 2, T>, nn::flatten<nn::shape<3, 2, 2>, T>,
                                     nn::dense<12, 4, T>>;
        auto dense_net = std::make_unique<net_t>(), sparse_net = std::make_unique<net_t>();
        dense_net->initialise(3);
        sparse_net->initialise(3);
        auto x = hsc::testing::uniform_vector<T>(2 * 6 * 6, 71, 0, 1);
        std::vector<nn::sparse_entry<T>> nonzeros;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (i % 3 != 0)
                x[i] = 0;
            else
                nonzeros.push_back({static_cast<std::uint32_t>(i), x[i]});
        }
        const nn::sparse_input<T> sparse(nonzeros);
        std::vector<T> logits_dense(4), logits_sparse(4);
        dense_net->forward(x.data(), logits_dense.data());
        sparse_net->forward(sparse, logits_sparse.data());
        BOOST_TEST(logits_sparse == logits_dense, boost::test_tools::per_element());
        BOOST_TEST(sparse_net->predict(sparse) == dense_net->predict(x.data()));
        BOOST_TEST(sparse_net->accumulate(sparse, 2) == dense_net->accumulate(x.data(), 2));
        BOOST_TEST(sparse_net->template layer<0>().gradients == dense_net->template layer<0>().gradients);
        BOOST_TEST(sparse_net->template layer<4>().gradients == dense_net->template layer<4>().gradients);
    };
    check(float{});
    check(double{});
}

BOOST_AUTO_TEST_CASE(softmax_cross_entropy_of_known_logits)
{
    const double logits[3] = {0, std::log(2.0), std::log(5.0)}; // p = (1, 2, 5) / 8
    double grad[3];
    const double loss = nn::softmax_cross_entropy<3, double>::loss(logits, 2, grad);
    BOOST_TEST(loss == -std::log(5.0 / 8), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(grad[0] == 1.0 / 8, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(grad[2] == 5.0 / 8 - 1, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_training)

BOOST_AUTO_TEST_CASE(sgd_and_adam_learn_separable_blobs_deterministically)
{
    blob_net a, b, c;
    a.initialise(9);
    b.initialise(9);
    c.initialise(9);
    nn::sgd<blob_net> sgd_a({.learning_rate = 0.05}), sgd_b({.learning_rate = 0.05});
    nn::adam<blob_net> adam_c({.learning_rate = 0.01});
    BOOST_TEST(train_blobs(a, sgd_a, 20) > 0.95);
    BOOST_TEST(train_blobs(b, sgd_b, 20) > 0.95);
    BOOST_TEST((a.flat_parameters() == b.flat_parameters())); // same seed, same data: same network
    BOOST_TEST(train_blobs(c, adam_c, 20) > 0.95);
}

BOOST_AUTO_TEST_CASE(parameters_round_trip_and_bad_sizes_are_named)
{
    blob_net a, b;
    a.initialise(1);
    b.initialise(2);
    b.set_flat_parameters(a.flat_parameters());
    BOOST_TEST((a.flat_parameters() == b.flat_parameters()));
    HSC_CHECK_ERROR(b.set_flat_parameters(std::vector<float>(5)), "5 parameters given, this network has 99");
    HSC_CHECK_ERROR((nn::sgd<blob_net>({.learning_rate = -1})), "learning rate > 0");
    const std::string path = (std::filesystem::temp_directory_path() / "hsc_test_nn_weights.npy").string();
    a.save(path);
    blob_net c;
    c.initialise(3);
    c.load(path);
    BOOST_TEST((c.flat_parameters() == a.flat_parameters()));
    nn::sequential<nn::dense<2, 4>> other;
    HSC_CHECK_ERROR(other.load(path), "holds 99 values, this network has 12 parameters and 0 state values");
    std::remove(path.c_str());
    HSC_CHECK_ERROR((nn::adam<blob_net>({.beta1 = 1})), "betas in [0, 1)");
}

BOOST_AUTO_TEST_SUITE_END()
