#define BOOST_TEST_MODULE hsc
#include <boost/test/unit_test.hpp>
