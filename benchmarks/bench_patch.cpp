// Patch-mode OMP at the two sizes (n 144, K 288, L 10) and (n 64, K 256, L 10), float:
// hsc's Batch-OMP against the plain OMP of tests/support (explicit residual, fresh least squares
// every step), in signals per second, in one run. The scikit-learn comparison is a separate
// script (it needs python3-sklearn), not part of this program.
#include "hsc/encoder/encoder.hpp"
#include "hsc/solver/omp.hpp"
#include "ratio_reporter.hpp"
#include "support/random_data.hpp"
#include "support/reference_omp.hpp"

#include <benchmark/benchmark.h>

#include <cmath>

namespace {

constexpr std::size_t atoms = 10, signals = 256;

std::vector<float> unit_dictionary(std::size_t n, std::size_t k)
{
    auto d = hsc::testing::uniform_vector<float>(n * k, 1);
    for (std::size_t a = 0; a < k; ++a) {
        float norm = 0;
        for (std::size_t i = 0; i < n; ++i) norm += d[a * n + i] * d[a * n + i];
        for (std::size_t i = 0; i < n; ++i) d[a * n + i] /= std::sqrt(norm);
    }
    return d;
}

template <std::size_t N, std::size_t K>
void bm_omp_hsc(benchmark::State& state)
{
    const auto d = unit_dictionary(N, K);
    const auto x = hsc::testing::uniform_vector<float>(N * signals, 2);
    hsc::encoder<float, hsc::solver::omp, hsc::patch_extents<>> coder(d, N, {.options = {.max_atoms = atoms}});
    std::vector<float> coef(K);
    for (auto _ : state) {
        for (std::size_t s = 0; s < signals; ++s) coder.encode_unchecked(x.data() + s * N, coef.data());
        benchmark::DoNotOptimize(coef.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * signals));
}

template <std::size_t N, std::size_t K>
void bm_omp_baseline(benchmark::State& state)
{
    const auto d = unit_dictionary(N, K);
    const auto x = hsc::testing::uniform_vector<float>(N * signals, 2);
    for (auto _ : state) {
        for (std::size_t s = 0; s < 16; ++s) {
            const auto coef = hsc::reference::pursuit(d.data(), N, K, x.data() + s * N, atoms, true);
            benchmark::DoNotOptimize(coef.data());
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 16));
}

BENCHMARK(bm_omp_hsc<144, 288>)->Name("patch_omp_n144_K288_L10/hsc");
BENCHMARK(bm_omp_baseline<144, 288>)->Name("patch_omp_n144_K288_L10/baseline");
BENCHMARK(bm_omp_hsc<64, 256>)->Name("patch_omp_n64_K256_L10/hsc");
BENCHMARK(bm_omp_baseline<64, 256>)->Name("patch_omp_n64_K256_L10/baseline");

} // namespace

int main(int argc, char** argv)
{
    return hsc::bench::run_with_ratios(argc, argv, "hsc's Batch-OMP over plain OMP, in signals/s");
}
