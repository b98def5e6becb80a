// Inference latency of the default Fashion-MNIST classifier (hsc::nn::code_classifier on the
// two-scale code of studies/fashion/classification_study.hpp as ON/OFF maps (576, 28, 28)), one sample
// at a time, on the code of 128 + 64 matching-pursuit atoms. hsc: the network as shipped, given the
// code's nonzeros (a sparse_input, as the study feeds it; its convolution and hidden layer skip
// zeros); baseline: the same network with a plain conv2d first layer and a dense hidden layer on
// the dense maps, which is what a framework computes. PyTorch CPU on the same network is timed by
// benchmarks/classifier_vs_torch.sh, in the same run as this binary.
//
// --sample FILE.npy writes the sample's dense maps (float32, 451584 values) so that the PyTorch
// side times exactly the same input.
#include "hsc/io/npy.hpp"
#include "hsc/nn/code_features.hpp"
#include "hsc/random.hpp"
#include "ratio_reporter.hpp"

#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>
#include <vector>

namespace {

namespace nn = hsc::nn;
using pooling = nn::on_off_pooling<hsc::conv_extents<2 * 144, hsc::dynamic, 28, 28>, 1>; // two scales of 144 atoms
using features = pooling::output_shape;
using shipped = nn::code_classifier<features, 32, 3, 2, 128, 10>;
using convolved = nn::shape<32, 26, 26>;
using pooled = nn::shape<32, 13, 13>;
using plain =
    nn::sequential<nn::conv2d<2 * 2 * 144, 28, 28, 32, 3>, nn::relu<convolved>, nn::max_pool<convolved, 2>,
                   nn::flatten<pooled>, nn::dropout<nn::shape<pooled::size>, 50>, nn::dense<pooled::size, 128>,
                   nn::relu<nn::shape<128>>, nn::dropout<nn::shape<128>, 50>, nn::dense<128, 10>>;
static_assert(std::is_same_v<shipped::output_shape, plain::output_shape> &&
              shipped::parameter_count == plain::parameter_count);

/// A two-scale code at seeded random places and values: 128 atoms of the full-size code (atoms
/// 0..143) and 64 of the half-size one (144..287), as a 28×28 image gives.
std::vector<hsc::code_event<float>> code()
{
    hsc::random_engine rng(7);
    std::vector<hsc::code_event<float>> events;
    for (int i = 0; i < 192; ++i)
        events.push_back({static_cast<std::uint32_t>(rng.uniform() * 144) + (i < 128 ? 0u : 144u),
                          static_cast<std::uint32_t>(rng.uniform() * 28),
                          static_cast<std::uint32_t>(rng.uniform() * 28), static_cast<float>(rng.uniform() * 2 - 1)});
    return events;
}

/// The code's maps, dense.
std::vector<float> dense_sample()
{
    const auto events = code();
    std::vector<float> x(features::size);
    pooling::apply(std::span<const hsc::code_event<float>>(events), 0.0, x.data());
    return x;
}

/// The same maps as their nonzeros.
std::vector<nn::sparse_entry<float>> sparse_sample()
{
    const auto events = code();
    std::vector<nn::sparse_entry<float>> entries(events.size());
    entries.resize(pooling::entries(std::span<const hsc::code_event<float>>(events), 0.0,
                                    std::span<nn::sparse_entry<float>>(entries)));
    return entries;
}

/// Per-sample inference of Network on `x`: the dense maps (a vector of floats) or their nonzeros.
template <class Network, class Sample>
void bm_predict(benchmark::State& state, const Sample& x)
{
    auto net = std::make_unique<Network>();
    net->initialise(1);
    float logits[10];
    for (auto _ : state) {
        if constexpr (std::is_same_v<Sample, std::vector<float>>) {
            net->forward(x.data(), logits);
        } else {
            net->forward(nn::sparse_input<float>(x), logits);
        }
        benchmark::DoNotOptimize(logits);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void bm_baseline(benchmark::State& state)
{
    bm_predict<plain>(state, dense_sample());
}
void bm_shipped(benchmark::State& state)
{
    bm_predict<shipped>(state, sparse_sample());
}

} // namespace

BENCHMARK(bm_baseline)->Name("classifier_inference/baseline");
BENCHMARK(bm_shipped)->Name("classifier_inference/hsc");

int main(int argc, char** argv)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--sample") == 0) {
            const auto x = dense_sample();
            xt::xtensor<float, 1> out = xt::xtensor<float, 1>::from_shape({x.size()});
            std::copy(x.begin(), x.end(), out.begin());
            hsc::io::write_npy(argv[i + 1], out);
            std::memmove(argv + i, argv + i + 2, sizeof(char*) * static_cast<std::size_t>(argc - i - 2));
            argc -= 2;
            break;
        }
    }
    benchmark::Initialize(&argc, argv);
    hsc::bench::ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.print_ratios("the shipped classifier over its dense-layout twin (per-sample inference)");
    benchmark::Shutdown();
    return 0;
}
