// "No heap in hot paths", proven: every form of global operator new is replaced by a counting one,
// and each hot path runs after construction with the counter armed — every solver's
// encode_unchecked (images and patches, 1 thread and several), the classifier's predict, the
// quantizer's encode_unchecked and the reservoir's step. Any allocation, on any thread, fails the
// check. Built with exceptions off, as an embedded user builds; its own harness prints
// "N passed, N failed".
#include <hsc/bank/random_normal.hpp>
#include <hsc/code/reconstruct.hpp>
#include <hsc/distribution/uniform.hpp>
#include <hsc/encoder/encoder.hpp>
#include <hsc/nn/layers.hpp>
#include <hsc/nn/sequential.hpp>
#include <hsc/quantize/quantizer.hpp>
#include <hsc/quantize/thresholds.hpp>
#include <hsc/reservoir/reservoir.hpp>
#include <hsc/solver/admm.hpp>
#include <hsc/solver/fista.hpp>
#include <hsc/solver/omp.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace {

std::atomic<bool> armed{false};
std::atomic<long> allocations{0};

void* counted(std::size_t size, std::size_t alignment) noexcept
{
    if (armed.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    if (size == 0) size = 1;
    if (alignment <= alignof(std::max_align_t)) return std::malloc(size);
    return std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
}

void* counted_or_abort(std::size_t size, std::size_t alignment)
{
    void* memory = counted(size, alignment);
    if (memory == nullptr) std::abort(); // cannot throw here: the test is built without exceptions
    return memory;
}

} // namespace

// Every replaceable allocation function ([new.delete]): plain, array, aligned, and nothrow.
void* operator new(std::size_t size)
{
    return counted_or_abort(size, 0);
}
void* operator new[](std::size_t size)
{
    return counted_or_abort(size, 0);
}
void* operator new(std::size_t size, std::align_val_t a)
{
    return counted_or_abort(size, std::size_t(a));
}
void* operator new[](std::size_t size, std::align_val_t a)
{
    return counted_or_abort(size, std::size_t(a));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    return counted(size, 0);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    return counted(size, 0);
}
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept
{
    return counted(size, std::size_t(a));
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept
{
    return counted(size, std::size_t(a));
}
void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete[](void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept
{
    std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept
{
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept
{
    std::free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept
{
    std::free(p);
}

namespace {

int passed = 0;
int failed = 0;

/// Runs `hot` with the counter armed; passes when it allocated nothing and `valid(result)` holds,
/// so that a hot path that did nothing cannot pass.
template <class Hot, class Valid>
void check_no_heap(const std::string& what, Hot&& hot, Valid&& valid)
{
    allocations = 0;
    armed = true;
    const auto result = hot();
    armed = false;
    const long count = allocations;
    const bool ok = count == 0 && valid(result);
    ++(ok ? passed : failed);
    if (!ok)
        std::printf("FAILED: %s: %ld allocation(s), result %s\n", what.c_str(), count, valid(result) ? "ok" : "wrong");
}

template <class T>
void image_coders(std::size_t threads)
{
    const std::string suffix =
        std::string(sizeof(T) == 4 ? " float" : " double") + ", " + std::to_string(threads) + " thread(s)";
    const auto bank = hsc::random_normal_bank{.count = 6, .size = 5, .seed = 3}.build<T>();
    // Two atoms far apart: an image every coder codes well.
    const hsc::sparse_code<T> truth({6, 24, 24, hsc::boundary::circular}, {{1, 2, 3, T(2)}, {4, 14, 15, T(-1)}});
    const xt::xtensor<T, 2> image = hsc::reconstruct(truth, bank);
    const auto coded = [](const hsc::encode_report& r) { return r.selections > 0 && r.psnr_db > 20; };

    hsc::encoder<T, hsc::solver::mp> mp(bank, 24, 24, hsc::boundary::circular,
                                        hsc::solver::mp{.options = {.max_atoms = 50}});
    check_no_heap(
        "mp" + suffix, [&] { return mp.encode_unchecked(image.data()); }, coded);
    hsc::encoder<T, hsc::solver::omp> omp(bank, 24, 24, hsc::boundary::circular,
                                          hsc::solver::omp{.options = {.max_atoms = 50}});
    check_no_heap(
        "omp" + suffix, [&] { return omp.encode_unchecked(image.data()); }, coded);
    const hsc::solver::cbpdn_options problem{.lambda = 0.01, .threads = threads};
    hsc::encoder<T, hsc::solver::fista> fista(bank, 24, 24, hsc::boundary::circular,
                                              hsc::solver::fista{.options = {.problem = problem}});
    check_no_heap(
        "fista" + suffix, [&] { return fista.encode_unchecked(image.data()); }, coded);
    hsc::encoder<T, hsc::solver::admm> admm(bank, 24, 24, hsc::boundary::circular,
                                            hsc::solver::admm{.options = {.problem = problem}});
    check_no_heap(
        "admm" + suffix, [&] { return admm.encode_unchecked(image.data()); }, coded);
    // A second call reuses what the first one left (a pool's threads, the code's storage).
    check_no_heap(
        "admm again" + suffix, [&] { return admm.encode_unchecked(image.data()); }, coded);
}

template <class T>
void patch_coders()
{
    const std::string suffix = sizeof(T) == 4 ? " float" : " double";
    std::vector<T> identity(8 * 8, T(0));
    for (std::size_t i = 0; i < 8; ++i) identity[i * 8 + i] = T(1);
    std::vector<T> signal{T(3), T(0), T(-2), T(0), T(0), T(1), T(0), T(0)}, code(8);
    const auto found_three = [&](const hsc::encode_report& r) { return r.selections == 3 && code[0] == T(3); };
    hsc::encoder<T, hsc::solver::omp, hsc::patch_extents<>> omp(identity, 8,
                                                                hsc::solver::omp{.options = {.max_atoms = 3}});
    check_no_heap(
        "patch omp" + suffix, [&] { return omp.encode_unchecked(signal.data(), code.data()); }, found_three);
    hsc::encoder<T, hsc::solver::mp, hsc::patch_extents<>> mp(identity, 8,
                                                              hsc::solver::mp{.options = {.max_atoms = 3}});
    check_no_heap(
        "patch mp" + suffix, [&] { return mp.encode_unchecked(signal.data(), code.data()); }, found_three);
    hsc::encoder<T, hsc::solver::fista, hsc::patch_extents<>> lasso(
        identity, 8, hsc::solver::fista{.options = {.problem = {.lambda = 0.5}}});
    check_no_heap(
        "patch lasso" + suffix, [&] { return lasso.encode_unchecked(signal.data(), code.data()); },
        [&](const hsc::encode_report&) { return std::fabs(code[0] - T(2.5)) < T(1e-4); });
}

} // namespace

int main()
{
    static_assert(HSC_HAS_EXCEPTIONS == 0, "this test must be built with -fno-exceptions");
    for (const std::size_t threads : {1, 3}) {
        image_coders<float>(threads);
        image_coders<double>(threads);
    }
    patch_coders<float>();
    patch_coders<double>();

    using net = hsc::nn::sequential<hsc::nn::dense<4, 3>, hsc::nn::relu<hsc::nn::shape<3>>, hsc::nn::dense<3, 2>>;
    auto classifier = std::make_unique<net>();
    classifier->layer<0>().parameters = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0};
    classifier->layer<2>().parameters = {1, 0, 0, 0, 0, 1, 0, 0};
    const float features[4] = {0.2f, 5.f, 0.9f, 3.f};
    check_no_heap(
        "classifier predict", [&] { return classifier->predict(features); },
        [](std::size_t label) { return label == 1; });

    const auto column = hsc::quantize::thresholds::data_blind(8);
    std::vector<double> theta;
    for (int i = 0; i < 4; ++i) theta.insert(theta.end(), column.begin(), column.end());
    const hsc::quantize::quantizer<float, hsc::dynamic, hsc::dynamic> quantizer(4, 8, theta,
                                                                                hsc::quantize::phase_table::lif());
    const float sample[4] = {1.f, 0.f, 0.f, 0.f};
    std::vector<std::uint8_t> phases(32);
    check_no_heap(
        "quantizer encode_unchecked", [&] { return quantizer.encode_unchecked(sample, phases.data()).active; },
        [](std::size_t active) { return active == 8; });

    hsc::reservoir::network<double> reservoir({.n = 50, .seed = 2}, hsc::distribution::uniform{.mean = 5, .cv = 0.3});
    const double input = 0.5;
    check_no_heap(
        "reservoir step",
        [&] {
            for (int t = 0; t < 20; ++t) reservoir.step(std::span<const double>(&input, 1));
            return reservoir.features()[0];
        },
        [](double x) { return std::isfinite(x) && x != 0; });

    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
