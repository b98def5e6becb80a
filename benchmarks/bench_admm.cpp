// CBPDN by ADMM on a 256×256 natural image (LCN) with the 144-atom heterogeneous bank, against
// the FFT floor of the same backend: the 2·K real 2-D transforms an iteration needs, done as plain
// transforms and nothing else. Both report iterations/s; the printed ratio is hsc's ADMM over the
// floor (1.0 would be an iteration that costs no more than its transforms). Seconds per 100
// iterations = 100 / (iterations/s).
#include "hsc/bank/oriented_bank.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/io/pgm.hpp"
#include "hsc/preprocess/local_contrast.hpp"
#include "ratio_reporter.hpp"

#include <benchmark/benchmark.h>

namespace {

constexpr std::size_t iterations_per_run = 5;

void bm_admm_hsc(benchmark::State& state)
{
    const auto image =
        hsc::local_contrast_normalise(hsc::io::read_pgm<float>(HSC_BENCH_DATA_DIR "/natural/astronaut.pgm"));
    hsc::encoder<float, hsc::admm> enc(hsc::heterogeneous_bank<float>(), 256, 256, hsc::simd::boundary::circular,
                                       hsc::admm{.options = {.max_iterations = iterations_per_run}});
    for (auto _ : state) {
        const auto report = enc.encode(image);
        benchmark::DoNotOptimize(report.psnr_db);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * iterations_per_run));
}

void bm_admm_fft_floor(benchmark::State& state)
{
    const std::size_t k = 144, pixels = 256 * 256;
    hsc::fft::real_fft_2d<float> fft(256, 256);
    std::vector<float> maps(2 * pixels, 0.5f), re(2 * fft.bins()), im(2 * fft.bins());
    for (auto _ : state) {
        for (std::size_t m = 0; m < k; m += 2) { // K forward and K inverse transforms, two per call
            fft.forward_pair(maps.data(), maps.data() + pixels, re.data(), im.data(), re.data() + fft.bins(),
                             im.data() + fft.bins());
            fft.inverse_pair(re.data(), im.data(), re.data() + fft.bins(), im.data() + fft.bins(), maps.data(),
                             maps.data() + pixels);
        }
        benchmark::DoNotOptimize(maps.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK(bm_admm_hsc)->Name("admm_iteration_256x256_K144/hsc")->Unit(benchmark::kMillisecond);
BENCHMARK(bm_admm_fft_floor)->Name("admm_iteration_256x256_K144/baseline")->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    return hsc::bench::run_with_ratios(argc, argv, "hsc's ADMM iterations over the FFT floor's (1.0 = at the floor)");
}
