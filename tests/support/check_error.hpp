// BOOST_CHECK_EXCEPTION predicate: an hsc::error whose message names the problem.
#pragma once

#include "hsc/config.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace hsc::testing {

inline auto error_mentions(std::string fragment)
{
    return [fragment](const hsc::error& e) {
        const std::string what = e.what();
        BOOST_TEST_INFO("message: " << what);
        return what.find(fragment) != std::string::npos;
    };
}

} // namespace hsc::testing

#define HSC_CHECK_ERROR(statement, fragment)                                                                           \
    BOOST_CHECK_EXCEPTION(statement, hsc::error, hsc::testing::error_mentions(fragment))
