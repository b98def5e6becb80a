// SIMD kernels against the plain scalar loops of tests/support, in one run, with speed-up ratios.
// The scalar loops are compiled with the same flags, so the compiler may auto-vectorise the
// simple ones (axpy, scale): the ratio is what hsc's explicit SIMD adds over that.
#include "hsc/random.hpp"
#include "hsc/simd/correlate.hpp"
#include "hsc/simd/kernels.hpp"
#include "support/random_data.hpp"
#include "support/reference_kernels.hpp"

#include "ratio_reporter.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

constexpr std::size_t vector_length = 4096;

template <class T, bool Simd>
void bm_dot(benchmark::State& state)
{
    const auto a = hsc::testing::uniform_vector<T>(vector_length, 1),
               b = hsc::testing::uniform_vector<T>(vector_length, 2);
    for (auto _ : state) {
        T r = Simd ? hsc::simd::dot(a.data(), b.data(), a.size()) : hsc::reference::dot(a.data(), b.data(), a.size());
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * vector_length));
}

template <class T, bool Simd>
void bm_axpy(benchmark::State& state)
{
    const auto x = hsc::testing::uniform_vector<T>(vector_length, 1);
    auto y = hsc::testing::uniform_vector<T>(vector_length, 2);
    for (auto _ : state) {
        if (Simd)
            hsc::simd::axpy(T(1e-3), x.data(), y.data(), x.size());
        else
            hsc::reference::axpy(T(1e-3), x.data(), y.data(), x.size());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * vector_length));
}

template <class T, bool Simd>
void bm_soft_threshold(benchmark::State& state)
{
    const auto x = hsc::testing::uniform_vector<T>(vector_length, 1);
    std::vector<T> out(vector_length);
    for (auto _ : state) {
        if (Simd)
            hsc::simd::soft_threshold(x.data(), T(0.3), out.data(), x.size());
        else
            hsc::reference::soft_threshold(x.data(), T(0.3), out.data(), x.size());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * vector_length));
}

template <class T, bool Simd>
void bm_max_abs(benchmark::State& state)
{
    const auto x = hsc::testing::uniform_vector<T>(vector_length, 1);
    for (auto _ : state) {
        std::size_t i =
            Simd ? hsc::simd::max_abs(x.data(), x.size()).index : hsc::reference::argmax_abs(x.data(), x.size());
        benchmark::DoNotOptimize(i);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * vector_length));
}

// The inner loop of matching pursuit: a 256×256 image correlated with one 12×12 atom.
template <class T, bool Simd>
void bm_correlate(benchmark::State& state)
{
    const std::size_t h = 256, w = 256, k = 12;
    const auto image = hsc::testing::uniform_vector<T>(h * w, 1), kernel = hsc::testing::uniform_vector<T>(k * k, 2);
    std::vector<T> out(h * w);
    for (auto _ : state) {
        if (Simd)
            hsc::simd::correlate2d(image.data(), kernel.data(), out.data(), {h, w, k, k}, hsc::boundary::circular);
        else
            hsc::reference::correlate2d(image.data(), h, w, kernel.data(), k, k, 0, 0, true, out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * h * w * k * k));
}

#define HSC_BENCH_PAIR(fn)                                                                                             \
    BENCHMARK(fn<float, false>)->Name(#fn "/float/baseline");                                                          \
    BENCHMARK(fn<float, true>)->Name(#fn "/float/hsc");                                                                \
    BENCHMARK(fn<double, false>)->Name(#fn "/double/baseline");                                                        \
    BENCHMARK(fn<double, true>)->Name(#fn "/double/hsc");

HSC_BENCH_PAIR(bm_dot)
HSC_BENCH_PAIR(bm_axpy)
HSC_BENCH_PAIR(bm_soft_threshold)
HSC_BENCH_PAIR(bm_max_abs)
HSC_BENCH_PAIR(bm_correlate)

} // namespace

int main(int argc, char** argv)
{
    return hsc::bench::run_with_ratios(argc, argv, "hsc SIMD kernels over the plain scalar loops");
}
