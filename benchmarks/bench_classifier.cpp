// Inference latency of the default Fashion-MNIST classifier (hsc::nn::code_classifier on the
// two-scale code of examples/classification_study.hpp, pooled to (576, 14, 14)), one sample at a
// time, on a pooled code of 64 + 32 matching-pursuit atoms. hsc: the network as shipped (its
// convolution skips zero inputs); baseline: the same network with a plain conv2d first layer,
// which is what a framework computes. PyTorch CPU on the same network is timed by
// benchmarks/classifier_vs_torch.sh, in the same run as this binary.
//
// --sample FILE.npy writes the sample's features (float32, 112896 values) so that the PyTorch side
// times exactly the same input.
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
using pooling = nn::on_off_pooling<2 * 144, 28, 28, 2>;
using features = pooling::output_shape;
using shipped = nn::code_classifier<features, 32, 3, 2, 128, 10>;
using convolved = nn::shape<32, 12, 12>;
using pooled = nn::shape<32, 6, 6>;
using plain =
    nn::sequential<nn::conv2d<4 * 144, 14, 14, 32, 3>, nn::relu<convolved>, nn::max_pool<convolved, 2>,
                   nn::flatten<pooled>, nn::dropout<nn::shape<pooled::size>, 50>, nn::dense<pooled::size, 128>,
                   nn::relu<nn::shape<128>>, nn::dropout<nn::shape<128>, 50>, nn::dense<128, 10>>;
static_assert(std::is_same_v<shipped::output_shape, plain::output_shape> &&
              shipped::parameter_count == plain::parameter_count);

/// A pooled two-scale code at seeded random places and values: 64 atoms of the full-size code
/// (channels 0..287 after ON/OFF) and 32 of the half-size one (288..575), as a 28×28 image gives.
std::vector<float> sample()
{
    hsc::random_engine rng(7);
    std::vector<hsc::code_event<float>> events;
    for (int i = 0; i < 96; ++i)
        events.push_back({static_cast<std::uint32_t>(rng.uniform() * 144) + (i < 64 ? 0u : 144u),
                          static_cast<std::uint32_t>(rng.uniform() * 28),
                          static_cast<std::uint32_t>(rng.uniform() * 28), static_cast<float>(rng.uniform() * 2 - 1)});
    std::vector<float> x(features::size);
    pooling::apply(std::span<const hsc::code_event<float>>(events), 0.0, x.data());
    return x;
}

template <class Network>
void bm_predict(benchmark::State& state)
{
    auto net = std::make_unique<Network>();
    net->initialise(1);
    const auto x = sample();
    float logits[10];
    for (auto _ : state) {
        net->forward(x.data(), logits);
        benchmark::DoNotOptimize(logits);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

} // namespace

BENCHMARK(bm_predict<plain>)->Name("classifier_inference/baseline");
BENCHMARK(bm_predict<shipped>)->Name("classifier_inference/hsc");

int main(int argc, char** argv)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--sample") == 0) {
            const auto x = sample();
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
