// The unit suite's entry point for cross builds: Boost.Test compiled in (its single-header form),
// since the target has no Boost library of its own.
#define BOOST_TEST_MODULE hsc
#include <boost/test/included/unit_test.hpp>
