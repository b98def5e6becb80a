// The spike-phase quantizer (docs/science.md §2): samples per second for N = 8 features × D = 32 units
// (the paper's widest column) and a wide case, N = 1024 × D = 16, data-blind thresholds and the
// simulated neuron's phase table. hsc: encode_unchecked (SIMD over a column's units); baseline:
// the same lookup one unit at a time (quantizer::scalar_phase), in the same run.
#include "hsc/quantize/quantizer.hpp"
#include "hsc/quantize/thresholds.hpp"
#include "ratio_reporter.hpp"
#include "support/random_data.hpp"

#include <benchmark/benchmark.h>

namespace {

struct setup
{
    std::size_t n, d;
    hsc::quantize::quantizer<float> q;
    std::vector<float> samples;
    std::vector<std::uint8_t> phases;

    setup(std::size_t n_, std::size_t d_)
        : n(n_), d(d_), q(n_, d_, columns(n_, d_), hsc::quantize::phase_table::lif()),
          samples(hsc::testing::uniform_vector<float>(64 * n_, 3, 0, 1)), phases(n_ * d_)
    {}

    static std::vector<double> columns(std::size_t n, std::size_t d)
    {
        std::vector<double> theta;
        const auto column = hsc::quantize::thresholds::data_blind(d);
        for (std::size_t i = 0; i < n; ++i) theta.insert(theta.end(), column.begin(), column.end());
        return theta;
    }
};

void bm_hsc(benchmark::State& state, std::size_t n, std::size_t d)
{
    setup s(n, d);
    std::size_t sample = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(s.q.encode_unchecked(s.samples.data() + (sample++ % 64) * n, s.phases.data()));
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void bm_scalar(benchmark::State& state, std::size_t n, std::size_t d)
{
    setup s(n, d);
    const auto column = hsc::quantize::thresholds::data_blind(d);
    std::vector<float> weights(d);
    for (std::size_t k = 0; k < d; ++k) weights[k] = static_cast<float>(25 / column[k]);
    std::size_t sample = 0;
    for (auto _ : state) {
        const float* x = s.samples.data() + (sample++ % 64) * n;
        float total = 0;
        for (std::size_t i = 0; i < n; ++i) total += x[i];
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < d; ++k) s.phases[i * d + k] = s.q.scalar_phase(weights[k] * (x[i] / total));
        benchmark::DoNotOptimize(s.phases.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void bm_hsc_8x32(benchmark::State& state)
{
    bm_hsc(state, 8, 32);
}
void bm_scalar_8x32(benchmark::State& state)
{
    bm_scalar(state, 8, 32);
}
void bm_hsc_1024x16(benchmark::State& state)
{
    bm_hsc(state, 1024, 16);
}
void bm_scalar_1024x16(benchmark::State& state)
{
    bm_scalar(state, 1024, 16);
}

BENCHMARK(bm_hsc_8x32)->Name("quantize_N8_D32/hsc");
BENCHMARK(bm_scalar_8x32)->Name("quantize_N8_D32/baseline");
BENCHMARK(bm_hsc_1024x16)->Name("quantize_N1024_D16/hsc");
BENCHMARK(bm_scalar_1024x16)->Name("quantize_N1024_D16/baseline");

} // namespace

int main(int argc, char** argv)
{
    return hsc::bench::run_with_ratios(argc, argv, "the SIMD quantizer over one-unit-at-a-time lookup (samples/s)");
}
