// Convolutional matching pursuit on a 256×256 natural image (LCN) with the 144-atom 12×12
// heterogeneous bank: hsc's MP (windowed updates, two-level maximum) against the textbook MP
// (full recompute of all correlations and full scan per atom, with hsc's SIMD correlation so that
// only the algorithm differs), in atoms per second, in one run; and hsc's MP against the memory
// bound on its traffic (the ratios of the _vs_ pairs are MP's fractions of the bound): the bytes an
// exact selection moves at the rate of a stream with MP's mix (a read-only array beside a
// read-modify-write one; _vs_roofline) and of a single read-modify-write stream (_vs_rmw_stream),
// both on the memory MP's own large arrays get (huge pages where the system grants them). The same
// for MP with the 16-bit cross-correlation table (_int16): its speed over exact MP's, over the bound
// of its own traffic, and its codes against exact MP's on the five bundled images (counters of
// conv_mp_256x256_K144_int16_codes: PSNR differences, identical leading selections, shared events).
#include "hsc/bank/oriented_bank.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/io/pgm.hpp"
#include "hsc/preprocess/local_contrast.hpp"
#include "ratio_reporter.hpp"
#include "support/reference_mp.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
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

constexpr std::size_t selections = 20000;

hsc::solver::mp mp_policy(hsc::solver::cross_table table)
{
    return {.options = {.max_atoms = selections}, .table = table};
}

template <hsc::solver::cross_table Table>
void bm_conv_mp_hsc(benchmark::State& state)
{
    const auto& p = shared_problem();
    const std::size_t atoms = selections;
    // Bank set-up (cross-correlations) is paid once per bank, outside the timed loop; every
    // encode includes the initial correlations of the image.
    hsc::encoder<float> enc(p.bank, 256, 256, hsc::boundary::circular, mp_policy(Table));
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

/// Bytes an MP selection moves at least: the (2N−1)² positions its atom overlaps, at each the K
/// correlations read and written and the K cross-correlations of the atom's offset read, of
/// `table_value` bytes each (sizeof(float) for exact MP, 2 for the 16-bit table).
std::size_t bytes_per_selection(const hsc::kernel_bank<float>& bank, std::size_t table_value = sizeof(float))
{
    const std::size_t span = 2 * bank.atom_size() - 1;
    return span * span * bank.size() * (2 * sizeof(float) + table_value);
}

/// The 16-bit table's bytes without its conversions: each value of a read-only array half as
/// long as y serves two of y's, so that the stream stays a memory bound on every instruction set
/// (MP's own widening kernel is not memory-bound with SSE2).
void half_width_axpy(float alpha, const float* __restrict x, float* __restrict y, std::size_t half)
{
    for (std::size_t i = 0; i < half; ++i) {
        y[2 * i] += alpha * x[i];
        y[2 * i + 1] += alpha * x[i];
    }
}

/// The memory roofline of that traffic: y −= s·x streamed over arrays of the correlation volume's
/// size (H·W·K values each: together about MP's working set, correlations plus cross-correlation
/// table), in bytes/s converted to selections/s. MP's atoms/s over this is its fraction of the
/// bound (the pair's printed ratio). TableValue is the table's bytes per value: 2 for the 16-bit
/// table, whose stand-in is a read-only float array of half the length (half_width_axpy).
template <std::size_t TableValue>
void bm_conv_mp_roofline(benchmark::State& state)
{
    const auto& p = shared_problem();
    const std::size_t values = 256 * 256 * p.bank.size();
    hsc::detail::large_vector<float> x(values * TableValue / sizeof(float), 0.25f), y(values, 1.0f); // MP's memory
    for (auto _ : state) {
        if constexpr (TableValue == sizeof(float))
            hsc::simd::axpy(-1e-7f, x.data(), y.data(), values);
        else
            half_width_axpy(-1e-7f, x.data(), y.data(), x.size());
        benchmark::DoNotOptimize(y.data());
    }
    const double bytes = double(values) * (2 * sizeof(float) + TableValue);
    state.SetItemsProcessed(static_cast<std::int64_t>(double(state.iterations()) * bytes /
                                                      double(bytes_per_selection(p.bank, TableValue))));
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

/// The 16-bit table's codes against exact MP's, 20,000 selections on each bundled image, as
/// counters: PSNR (int16 − exact, dB) mean, min and max; the fewest identical leading selections;
/// the mean fraction of int16 events (atom, row, column) that exact MP's code also has.
void bm_conv_mp_int16_codes(benchmark::State& state)
{
    const auto& p = shared_problem();
    hsc::encoder<float> exact(p.bank, 256, 256, hsc::boundary::circular, mp_policy(hsc::solver::cross_table::exact));
    hsc::encoder<float> narrow(p.bank, 256, 256, hsc::boundary::circular, mp_policy(hsc::solver::cross_table::int16));
    double mean = 0, low = 1e9, high = -1e9, shared = 0, prefix = 1e9;
    std::size_t images = 0;
    for (auto _ : state) {
        for (const char* name : {"astronaut", "camera", "chelsea", "coffee", "grass"}) {
            const auto image = hsc::local_contrast_normalize(
                hsc::io::read_pgm<float>(std::string(HSC_BENCH_DATA_DIR "/natural/") + name + ".pgm"));
            const double gap = narrow.encode(image).psnr_db - exact.encode(image).psnr_db;
            mean += gap, low = std::min(low, gap), high = std::max(high, gap), ++images;
            auto key = [](const auto& e) { return std::tuple(e.atom, e.row, e.col); };
            const auto& a = exact.code().events();
            const auto& b = narrow.code().events();
            std::size_t same = 0;
            while (same < std::min(a.size(), b.size()) && key(a[same]) == key(b[same])) ++same;
            prefix = std::min(prefix, double(same));
            std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> in_exact;
            for (const auto& e : a) in_exact.push_back(key(e));
            std::sort(in_exact.begin(), in_exact.end());
            std::size_t found = 0;
            for (const auto& e : b) found += std::binary_search(in_exact.begin(), in_exact.end(), key(e));
            shared += double(found) / double(b.size());
        }
    }
    state.counters["dPSNR_mean"] = mean / double(images);
    state.counters["dPSNR_min"] = low;
    state.counters["dPSNR_max"] = high;
    state.counters["same_first"] = prefix;
    state.counters["shared"] = shared / double(images);
}

constexpr auto exact = hsc::solver::cross_table::exact;
constexpr auto int16 = hsc::solver::cross_table::int16;

BENCHMARK(bm_conv_mp_hsc<exact>)->Name("conv_mp_256x256_K144/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_baseline)->Name("conv_mp_256x256_K144/baseline")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_hsc<exact>)->Name("conv_mp_256x256_K144_vs_roofline/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_roofline<sizeof(float)>)
    ->Name("conv_mp_256x256_K144_vs_roofline/baseline")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_hsc<exact>)->Name("conv_mp_256x256_K144_vs_rmw_stream/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_rmw_stream)->Name("conv_mp_256x256_K144_vs_rmw_stream/baseline")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_hsc<int16>)->Name("conv_mp_256x256_K144_int16_vs_exact/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_hsc<exact>)->Name("conv_mp_256x256_K144_int16_vs_exact/baseline")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_hsc<int16>)->Name("conv_mp_256x256_K144_int16_vs_roofline/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_roofline<sizeof(std::int16_t)>)
    ->Name("conv_mp_256x256_K144_int16_vs_roofline/baseline")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm_conv_mp_int16_codes)
    ->Name("conv_mp_256x256_K144_int16_codes")
    ->Iterations(1)
    ->Repetitions(1)
    ->Unit(benchmark::kSecond);

} // namespace

int main(int argc, char** argv)
{
    return hsc::bench::run_with_ratios(argc, argv, "hsc's conv MP over textbook MP, in atoms/s");
}
