#include "hsc/config.hpp"
#include "hsc/detail/buffer.hpp"
#include "hsc/parallel.hpp"
#include "support/check_error.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace {
void quiet_handler(hsc::errc, const char*) noexcept {}
} // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(version_macros_agree)
{
    const std::string composed = std::to_string(HSC_VERSION_MAJOR) + "." + std::to_string(HSC_VERSION_MINOR) + "." +
                                 std::to_string(HSC_VERSION_PATCH);
    BOOST_TEST(composed == HSC_VERSION_STRING);
    BOOST_TEST(HSC_VERSION == HSC_VERSION_MAJOR * 10000 + HSC_VERSION_MINOR * 100 + HSC_VERSION_PATCH);
}

BOOST_AUTO_TEST_CASE(fail_throws_with_code_and_message)
{
    BOOST_TEST(HSC_HAS_EXCEPTIONS == 1);
    HSC_CHECK_ERROR(hsc::fail(hsc::errc::format, "bad header in x.npy"), "bad header");
    BOOST_CHECK_EXCEPTION(hsc::fail(hsc::errc::io, "gone"), hsc::error,
                          [](const hsc::error& e) { return e.code() == hsc::errc::io; });
    // require() builds its message only on failure.
    bool built = false;
    hsc::require(true, hsc::errc::invalid_argument, [&] {
        built = true;
        return std::string("never");
    });
    BOOST_TEST(!built);
}

BOOST_AUTO_TEST_CASE(error_handler_is_replaceable)
{
    const auto previous = hsc::set_error_handler(&quiet_handler);
    BOOST_TEST(hsc::set_error_handler(previous) == &quiet_handler);
    // Resetting to null restores the aborting default rather than leaving no handler.
    hsc::set_error_handler(nullptr);
    BOOST_TEST(hsc::set_error_handler(previous) != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(threads)

BOOST_AUTO_TEST_CASE(pool_runs_every_index_once_in_fixed_blocks)
{
    for (const std::size_t threads : {1, 2, 3, 8}) {
        hsc::thread_pool pool(threads);
        BOOST_TEST(pool.size() == threads);
        for (const std::size_t count : {0, 1, 2, 5, 1000}) {
            for (int repeat = 0; repeat < 50; ++repeat) { // the same threads, reused
                std::vector<std::atomic<int>> seen(count);
                std::vector<std::size_t> worker_of(count);
                pool.run(count, [&](std::size_t begin, std::size_t end, std::size_t worker) {
                    for (std::size_t i = begin; i < end; ++i) {
                        seen[i] += 1;
                        worker_of[i] = worker;
                    }
                });
                // Block t is [count·t/active, count·(t+1)/active), active = min(threads, count).
                const std::size_t active = std::min(threads, count);
                for (std::size_t i = 0; i < count; ++i) {
                    BOOST_TEST_REQUIRE(seen[i] == 1);
                    const std::size_t t = worker_of[i];
                    BOOST_TEST_REQUIRE((t < active && count * t / active <= i && i < count * (t + 1) / active));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(aligned_allocator_aligns_and_fails_through_hsc)
{
    hsc::detail::aligned_vector<float> v(37);
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(v.data()) % 64 == 0u);
    hsc::detail::aligned_allocator<double, 64> allocator;
    HSC_CHECK_ERROR(allocator.allocate(std::numeric_limits<std::size_t>::max() / 4), "cannot allocate");
}

BOOST_AUTO_TEST_CASE(large_allocator_aligns_large_arrays_to_huge_pages)
{
    // Below 4 MiB: cache-line aligned; from 4 MiB: 2 MiB aligned (the huge-page hint's unit), the
    // values kept through growth and the error path shared with the aligned allocator.
    hsc::detail::large_vector<float> small(37, 1.5f), large((std::size_t(1) << 20) + 3, 2.5f);
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(small.data()) % 64 == 0u);
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(large.data()) % (std::size_t(1) << 21) == 0u);
    small.resize(std::size_t(1) << 21, 0.5f); // grows past the threshold
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(small.data()) % (std::size_t(1) << 21) == 0u);
    BOOST_TEST(small[36] == 1.5f);
    BOOST_TEST(small.back() == 0.5f);
    BOOST_TEST(large.back() == 2.5f);
    hsc::detail::large_allocator<double> allocator;
    HSC_CHECK_ERROR(allocator.allocate(std::numeric_limits<std::size_t>::max() / 4), "cannot allocate");
}

BOOST_AUTO_TEST_SUITE_END()
