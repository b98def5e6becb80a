// Reservoir state updates (docs/science.md §3): steps per second of a rate network of N = 1000 neurons at
// 10% density, Euler. hsc: the sparse (CSR) recurrent product of hsc::reservoir; baseline: the same
// update with the recurrent weights as a dense N×N matrix (the plain implementation), same run.
#include "hsc/distribution/lognormal.hpp"
#include "hsc/reservoir/reservoir.hpp"
#include "hsc/simd/kernels.hpp"
#include "ratio_reporter.hpp"

#include <benchmark/benchmark.h>

#include <cmath>

namespace {

constexpr std::size_t neurons = 1000;
const hsc::reservoir::network_options options{.n = neurons, .density = 0.1};
const hsc::distribution::lognormal taus{.mean = 5, .cv = 1};

void bm_sparse(benchmark::State& state)
{
    hsc::reservoir::network<float> net(options, taus);
    float u = 0.3f;
    for (auto _ : state) {
        net.step({&u, 1});
        u = -u;
        benchmark::DoNotOptimize(net.features().data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void bm_dense(benchmark::State& state)
{
    // The same network's weights, expanded to a dense matrix: W·e_j column by column.
    hsc::reservoir::network<float> net(options, taus);
    std::vector<float> dense(neurons * neurons), unit(neurons, 0.f), column(neurons);
    for (std::size_t j = 0; j < neurons; ++j) {
        unit[j] = 1.f;
        net.multiply(unit.data(), column.data());
        unit[j] = 0.f;
        for (std::size_t i = 0; i < neurons; ++i) dense[i * neurons + j] = column[i];
    }
    std::vector<float> v(neurons, 0.f), rate(neurons, 0.5f), recurrent(neurons), input(neurons), step(neurons);
    for (std::size_t i = 0; i < neurons; ++i) {
        input[i] = std::sin(float(i)); // stand-in input weights: the work, not the values, is compared
        step[i] = 1.f / net.time_constants()[i];
    }
    float u = 0.3f;
    for (auto _ : state) {
        for (std::size_t i = 0; i < neurons; ++i)
            recurrent[i] = hsc::simd::dot(dense.data() + i * neurons, rate.data(), neurons);
        for (std::size_t i = 0; i < neurons; ++i) {
            v[i] += step[i] * (-v[i] + recurrent[i] + input[i] * u);
            rate[i] = 1.f / (1.f + std::exp(-v[i]));
        }
        u = -u;
        benchmark::DoNotOptimize(rate.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK(bm_sparse)->Name("reservoir_step_N1000_density0.1/hsc");
BENCHMARK(bm_dense)->Name("reservoir_step_N1000_density0.1/baseline");

} // namespace

int main(int argc, char** argv)
{
    return hsc::bench::run_with_ratios(argc, argv, "sparse (CSR) reservoir steps over dense-matrix steps");
}
