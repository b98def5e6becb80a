// CBPDN (docs/science.md §1.3) on a 256×256 natural image (LCN) with the 144-atom heterogeneous bank.
// Each pair NAME/hsc vs NAME/baseline runs in the same process; the printed ratio is the baseline's
// time over hsc's (> 1: hsc is faster; for an "iteration vs floor" pair, 1 / ratio is how many
// floors an iteration costs). Each hsc run is one encode of 100 iterations, so what an encode does
// once (the image's spectrum, the final report and sparse code) weighs as in use; seconds per 100
// iterations = 100 / (items/s).
//   admm_iteration/…           an ADMM iteration vs the FFT floor of the same backend: the 2·K real
//                              2-D transforms an iteration needs, as plain batched transforms of K
//                              distinct maps (they stream through memory as in the solver), nothing else
//   fista_iteration/…          the same for a FISTA iteration
//   fft_NxN_TYPE/…             (FFTW builds) hsc's own FFT vs FFTW (FFTW_MEASURE, plain r2c/c2r),
//                              N = 64 … 1024, float and double: two images forward and back
//   admm_vs_fftw_floor/…       (FFTW builds) hsc's ADMM on its own FFT vs the FFTW floor; also with
//   admm_2threads_vs_fftw_floor/…  2 threads, and admm_on_fftw[_2threads]/… with FFTW as the backend
//   to_admm100_objective/…     FISTA until the objective is within 1e-3 of what 100 ADMM
//                              iterations reach, vs those 100 ADMM iterations (2 threads each;
//                              slow: CI's smoke run leaves it out)
#include "hsc/bank/oriented_bank.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/io/pgm.hpp"
#include "hsc/preprocess/local_contrast.hpp"
#include "hsc/solver/admm.hpp"
#include "hsc/solver/fista.hpp"
#include "ratio_reporter.hpp"

#if HSC_HAS_FFTW
#include "hsc/fft/fftw.hpp"
#endif

#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

namespace {

constexpr std::size_t iterations_per_run = 100, maps = 144, side = 256;

const xt::xtensor<float, 2>& astronaut()
{
    static const auto image =
        hsc::local_contrast_normalize(hsc::io::read_pgm<float>(HSC_BENCH_DATA_DIR "/natural/astronaut.pgm"));
    return image;
}

const hsc::kernel_bank<float>& bank()
{
    static const auto b = hsc::heterogeneous_bank<float>();
    return b;
}

/// `iterations_per_run` iterations of a convex solver policy per benchmark iteration.
template <class Policy>
void bm_iterations(benchmark::State& state, std::size_t threads)
{
    Policy policy;
    policy.options.max_iterations = iterations_per_run;
    policy.options.problem.threads = threads;
    if constexpr (requires { policy.options.gap_tolerance; }) policy.options.tolerance = 0; // FISTA: run them all
    hsc::encoder<float, Policy> enc(bank(), side, side, hsc::boundary::circular, policy);
    for (auto _ : state) {
        const auto report = enc.encode(astronaut());
        benchmark::DoNotOptimize(report.psnr_db);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * iterations_per_run));
}

/// `count` distinct n×n maps forward into spectra and back through hsc's own transform's pair
/// calls (so the maps stream through memory as they do in the solvers).
template <class T>
void own_transforms(benchmark::State& state, std::size_t n, std::size_t count, std::int64_t items_per_iteration)
{
    const std::size_t pixels = n * n;
    hsc::fft::real_fft_2d<T> fft(n, n);
    const std::size_t bins = fft.bins();
    std::vector<T> values(count * pixels, T(0.5)), re(count * bins), im(count * bins);
    for (auto _ : state) {
        for (std::size_t m = 0; m < count; m += 2)
            fft.forward_pair(values.data() + m * pixels, values.data() + (m + 1) * pixels, re.data() + m * bins,
                             im.data() + m * bins, re.data() + (m + 1) * bins, im.data() + (m + 1) * bins);
        for (std::size_t m = 0; m < count; m += 2)
            fft.inverse_pair(re.data() + m * bins, im.data() + m * bins, re.data() + (m + 1) * bins,
                             im.data() + (m + 1) * bins, values.data() + m * pixels, values.data() + (m + 1) * pixels);
        benchmark::DoNotOptimize(values.data());
    }
    state.SetItemsProcessed(state.iterations() * items_per_iteration);
}

/// The transforms of one ADMM/FISTA iteration as plain batched transforms: the K maps forward
/// and back; one item per iteration.
void bm_fft_floor(benchmark::State& state)
{
    own_transforms<float>(state, side, maps, 1);
}

void bm_admm(benchmark::State& state)
{
    bm_iterations<hsc::solver::admm>(state, 1);
}
void bm_admm_2threads(benchmark::State& state)
{
    bm_iterations<hsc::solver::admm>(state, 2);
}
void bm_fista(benchmark::State& state)
{
    bm_iterations<hsc::solver::fista>(state, 1);
}

BENCHMARK(bm_admm)->Name("admm_iteration_256x256_K144/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_fft_floor)->Name("admm_iteration_256x256_K144/baseline")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_fista)->Name("fista_iteration_256x256_K144/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_fft_floor)->Name("fista_iteration_256x256_K144/baseline")->Unit(benchmark::kMillisecond);

#if HSC_HAS_FFTW
/// FFTW at its best: `count` distinct n×n maps forward and back as plain r2c / c2r executions on
/// FFTW-allocated buffers (one measured plan, applied to each map with FFTW's new-array calls).
template <class T>
void fftw_transforms(benchmark::State& state, std::size_t n, std::size_t count, std::int64_t items_per_iteration)
{
    using api = hsc::fft::detail::fftw_api<T>;
    const std::size_t pixels = n * n, bins = n * (n / 2 + 1);
    auto* values = static_cast<T*>(api::allocate(sizeof(T) * count * pixels));
    auto* spectra = static_cast<typename api::complex*>(api::allocate(sizeof(typename api::complex) * count * bins));
    typename api::plan forward, inverse;
    {
        const std::lock_guard lock(hsc::fft::detail::fftw_planner_mutex());
        forward = api::r2c(int(n), int(n), values, spectra, FFTW_MEASURE);
        inverse = api::c2r(int(n), int(n), spectra, values, FFTW_MEASURE);
    }
    // Touch both buffers before timing (hsc's side fills its buffers when it makes them): left
    // untouched, FFTW's spectra took their first-touch page faults inside the timed loop, which
    // made a short run's floor 2–4× slower than FFTW itself.
    std::fill(values, values + count * pixels, T(0.5));
    std::fill_n(reinterpret_cast<T*>(spectra), 2 * count * bins, T(0));
    for (auto _ : state) {
        for (std::size_t m = 0; m < count; ++m) api::r2c(forward, values + m * pixels, spectra + m * bins);
        for (std::size_t m = 0; m < count; ++m) api::c2r(inverse, spectra + m * bins, values + m * pixels);
        benchmark::DoNotOptimize(values);
    }
    api::destroy(forward);
    api::destroy(inverse);
    api::release(values);
    api::release(spectra);
    state.SetItemsProcessed(state.iterations() * items_per_iteration);
}

/// The FFTW floor of an ADMM iteration: 2·K transforms of the 256×256 maps, one item.
void bm_fftw_floor(benchmark::State& state)
{
    fftw_transforms<float>(state, side, maps, 1);
}

/// Own FFT against FFTW, size by size: two n×n images forward and back per iteration (hsc through
/// its pair calls, FFTW as two r2c and two c2r), one item per image.
template <class T>
void bm_own_fft(benchmark::State& state)
{
    own_transforms<T>(state, static_cast<std::size_t>(state.range(0)), 2, 2);
}
template <class T>
void bm_fftw_fft(benchmark::State& state)
{
    fftw_transforms<T>(state, static_cast<std::size_t>(state.range(0)), 2, 2);
}

// The sizes of the comparison, float and double: fft_NxN_TYPE/hsc and /baseline.
const bool fft_sizes_registered = [] {
    for (const int n : {64, 128, 240, 256, 300, 512, 1024}) {
        const std::string size = "fft_" + std::to_string(n) + "x" + std::to_string(n);
        benchmark::RegisterBenchmark((size + "_float/hsc").c_str(), bm_own_fft<float>)->Arg(n);
        benchmark::RegisterBenchmark((size + "_float/baseline").c_str(), bm_fftw_fft<float>)->Arg(n);
        benchmark::RegisterBenchmark((size + "_double/hsc").c_str(), bm_own_fft<double>)->Arg(n);
        benchmark::RegisterBenchmark((size + "_double/baseline").c_str(), bm_fftw_fft<double>)->Arg(n);
    }
    return true;
}();

BENCHMARK(bm_admm)->Name("admm_vs_fftw_floor_256x256_K144/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_fftw_floor)->Name("admm_vs_fftw_floor_256x256_K144/baseline")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_admm_2threads)
    ->Name("admm_2threads_vs_fftw_floor_256x256_K144/hsc")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(bm_fftw_floor)->Name("admm_2threads_vs_fftw_floor_256x256_K144/baseline")->Unit(benchmark::kMillisecond);
void bm_admm_on_fftw(benchmark::State& state)
{
    bm_iterations<hsc::solver::basic_admm<hsc::fft::fftw_real_2d>>(state, 1);
}
BENCHMARK(bm_admm_on_fftw)->Name("admm_on_fftw_256x256_K144/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_fftw_floor)->Name("admm_on_fftw_256x256_K144/baseline")->Unit(benchmark::kMillisecond);
void bm_admm_on_fftw_2threads(benchmark::State& state)
{
    bm_iterations<hsc::solver::basic_admm<hsc::fft::fftw_real_2d>>(state, 2);
}
BENCHMARK(bm_admm_on_fftw_2threads)
    ->Name("admm_on_fftw_2threads_256x256_K144/hsc")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(bm_fftw_floor)->Name("admm_on_fftw_2threads_256x256_K144/baseline")->Unit(benchmark::kMillisecond);
#endif

/// What 100 ADMM iterations reach (2 threads; computed once).
double admm100_objective()
{
    static const double objective = [] {
        hsc::encoder<float, hsc::solver::admm> enc(bank(), side, side, hsc::boundary::circular,
                                                   hsc::solver::admm{.options = {.problem = {.threads = 2}}});
        return enc.encode(astronaut()).objective;
    }();
    return objective;
}

void bm_admm100(benchmark::State& state)
{
    hsc::encoder<float, hsc::solver::admm> enc(bank(), side, side, hsc::boundary::circular,
                                               hsc::solver::admm{.options = {.problem = {.threads = 2}}});
    for (auto _ : state) benchmark::DoNotOptimize(enc.encode(astronaut()).objective);
    state.counters["objective"] = admm100_objective();
}

void bm_fista_to_admm100(benchmark::State& state)
{
    const double target = admm100_objective() * (1 + 1e-3);
    hsc::encoder<float, hsc::solver::fista> enc(bank(), side, side, hsc::boundary::circular,
                                                hsc::solver::fista{.options = {.problem = {.threads = 2},
                                                                               .max_iterations = 2000,
                                                                               .tolerance = 0,
                                                                               .target_objective = target}});
    hsc::encode_report report;
    for (auto _ : state) report = enc.encode(astronaut());
    state.counters["objective"] = report.objective;
    state.counters["fista_iterations"] = static_cast<double>(report.selections);
    state.counters["reached"] = report.reason == hsc::encode_report::target_objective ? 1 : 0;
}

BENCHMARK(bm_admm100)->Name("to_admm100_objective/baseline")->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
BENCHMARK(bm_fista_to_admm100)
    ->Name("to_admm100_objective/hsc")
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

} // namespace

int main(int argc, char** argv)
{
    return hsc::bench::run_with_ratios(
        argc, argv, "the baseline's time over hsc's (iteration vs floor: 1/ratio floors per iteration)");
}
