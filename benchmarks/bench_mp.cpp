// Convolutional matching pursuit on a 256×256 natural image (LCN) with the 144-atom 12×12
// heterogeneous bank: hsc's MP (windowed updates, two-level maximum) against the textbook MP
// (full recompute of all correlations and full scan per atom, with hsc's SIMD correlation so that
// only the algorithm differs), in atoms per second, in one run; and hsc's MP against the memory
// bound on its traffic (the ratios of the _vs_ pairs are MP's fractions of the bound): the bytes an
// exact selection moves at the rate of a stream with MP's mix (a read-only array beside a
// read-modify-write one; _vs_roofline) and of a single read-modify-write stream (_vs_rmw_stream),
// both on the memory MP's own large arrays get (huge pages where the system grants them).
#include "hsc/bank/oriented_bank.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/io/pgm.hpp"
#include "hsc/preprocess/local_contrast.hpp"
#include "ratio_reporter.hpp"
#include "support/reference_mp.hpp"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

struct problem
{
    xt::xtensor<float, 2> image =
        hsc::local_contrast_normalize(hsc::io::read_pgm<float>(HSC_BENCH_DATA_DIR "/natural/astronaut.pgm"));
    hsc::kernel_bank<float> bank = hsc::heterogeneous_bank<float>();
};

const problem& shared_problem()
{
    static const problem p;
    return p;
}

void bm_conv_mp_hsc(benchmark::State& state)
{
    const auto& p = shared_problem();
    const std::size_t atoms = 20000;
    // Bank set-up (cross-correlations) is paid once per bank, outside the timed loop; every
    // encode includes the initial correlations of the image.
    hsc::encoder<float> enc(p.bank, 256, 256, hsc::boundary::circular,
                            hsc::solver::mp{.options = {.max_atoms = atoms}});
    for (auto _ : state) {
        const auto report = enc.encode(p.image);
        benchmark::DoNotOptimize(report.residual_energy);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * atoms));
}

struct simd_correlation
{
    void operator()(const float* canvas, std::size_t h, std::size_t w, const float* kernel, std::size_t n,
                    float* out) const
    {
        hsc::simd::correlate2d(canvas, kernel, out, {h, w, n, n}, hsc::boundary::circular);
    }
};

void bm_conv_mp_baseline(benchmark::State& state)
{
    const auto& p = shared_problem();
    const std::size_t atoms = 2; // each one recomputes all 144 correlation maps
    for (auto _ : state) {
        const auto events = hsc::reference::matching_pursuit(p.image.data(), 256, 256, p.bank, hsc::boundary::circular,
                                                             atoms, 1.0f, simd_correlation{});
        benchmark::DoNotOptimize(events.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * atoms));
}

/// Bytes an exact MP selection moves at least: the (2N−1)² positions its atom overlaps, at each
/// the K correlations read and written and the K cross-correlations of the atom's offset read.
std::size_t bytes_per_selection(const hsc::kernel_bank<float>& bank)
{
    const std::size_t span = 2 * bank.atom_size() - 1;
    return span * span * bank.size() * 3 * sizeof(float);
}

/// The memory roofline of that traffic: y −= s·x streamed over arrays of the correlation volume's
/// size (H·W·K values each: together about MP's working set, correlations plus cross-correlation
/// table), in bytes/s converted to selections/s. MP's atoms/s over this is its fraction of the
/// bound (the pair's printed ratio).
void bm_conv_mp_roofline(benchmark::State& state)
{
    const auto& p = shared_problem();
    const std::size_t values = 256 * 256 * p.bank.size();
    hsc::detail::large_vector<float> x(values, 0.25f), y(values, 1.0f); // MP's arrays' memory
    for (auto _ : state) {
        hsc::simd::axpy(-1e-7f, x.data(), y.data(), values);
        benchmark::DoNotOptimize(y.data());
    }
    const double bytes = double(values) * 3 * sizeof(float);
    state.SetItemsProcessed(
        static_cast<std::int64_t>(double(state.iterations()) * bytes / double(bytes_per_selection(p.bank))));
    state.counters["GB/s"] = benchmark::Counter(bytes * double(state.iterations()) / 1e9, benchmark::Counter::kIsRate);
}

/// The plainer bound: one array of MP's whole working set (correlations and the
/// cross-correlation table, H·W·K + K·(2N−1)²·K values) read and written in a single stream,
/// y = s·y + t; its bytes/s converted to selections/s the same way.
void bm_conv_mp_rmw_stream(benchmark::State& state)
{
    const auto& p = shared_problem();
    const std::size_t span = 2 * p.bank.atom_size() - 1;
    const std::size_t values = 256 * 256 * p.bank.size() + p.bank.size() * span * span * p.bank.size();
    hsc::detail::large_vector<float> y(values, 1.0f);
    for (auto _ : state) {
        hsc::simd::scale(0.5f, y.data(), y.data(), values);
        benchmark::DoNotOptimize(y.data());
    }
    const double bytes = double(values) * 2 * sizeof(float);
    state.SetItemsProcessed(
        static_cast<std::int64_t>(double(state.iterations()) * bytes / double(bytes_per_selection(p.bank))));
    state.counters["GB/s"] = benchmark::Counter(bytes * double(state.iterations()) / 1e9, benchmark::Counter::kIsRate);
}

BENCHMARK(bm_conv_mp_hsc)->Name("conv_mp_256x256_K144/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_baseline)->Name("conv_mp_256x256_K144/baseline")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_hsc)->Name("conv_mp_256x256_K144_vs_roofline/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_roofline)->Name("conv_mp_256x256_K144_vs_roofline/baseline")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_hsc)->Name("conv_mp_256x256_K144_vs_rmw_stream/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_rmw_stream)->Name("conv_mp_256x256_K144_vs_rmw_stream/baseline")->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    return hsc::bench::run_with_ratios(argc, argv, "hsc's conv MP over textbook MP, in atoms/s");
}
