#include "hsc/config.hpp"
#include "support/check_error.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

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
