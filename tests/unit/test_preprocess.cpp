#include "hsc/io/pgm.hpp"
#include "hsc/preprocess/local_contrast.hpp"
#include "support/check_error.hpp"
#include "support/test_data.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>

using scalar_types = boost::mpl::list<float, double>;

BOOST_AUTO_TEST_SUITE(preprocess)

BOOST_AUTO_TEST_CASE(symmetric_padding_repeats_the_edge)
{
    // numpy.pad([0, 1, 2], 3, mode='symmetric') = [2 1 0 | 0 1 2 | 2 1 0]
    const std::size_t expected[] = {2, 1, 0, 0, 1, 2, 2, 1, 0};
    for (std::ptrdiff_t i = -3; i < 6; ++i) BOOST_TEST(hsc::detail::symmetric_index(i, 3) == expected[i + 3]);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(lcn_reproduces_the_sporco_trace, T, scalar_types)
{
    // REFERENCE.md: LCN of astronaut.pgm (read as 0..255) has min −3.568011, max 3.886989,
    // mean −0.002023, std 0.685682 (SPORCO 0.2.1, local_contrast_normalise(s, n=7)).
    const auto image = hsc::io::read_pgm<T>(hsc::testing::data_path("natural/astronaut.pgm"));
    const auto lcn = hsc::local_contrast_normalise(image);
    BOOST_TEST(lcn.shape() == image.shape());
    double low = 1e9, high = -1e9, sum = 0, sum2 = 0;
    for (const T v : lcn) {
        low = std::min(low, double(v));
        high = std::max(high, double(v));
        sum += double(v);
        sum2 += double(v) * double(v);
    }
    const double mean = sum / double(lcn.size());
    BOOST_TEST(std::fabs(low - -3.568011) < 2e-6);
    BOOST_TEST(std::fabs(high - 3.886989) < 2e-6);
    BOOST_TEST(std::fabs(mean - -0.002023) < 2e-6);
    BOOST_TEST(std::fabs(std::sqrt(sum2 / double(lcn.size()) - mean * mean) - 0.685682) < 2e-6);
}

BOOST_AUTO_TEST_CASE(lcn_of_a_constant_image_is_zero_and_small_images_are_refused)
{
    // The SPORCO formula divides rounding noise by itself on a flat image; hsc returns zeros.
    for (const double level : {0.0, 3.0, 1e6}) {
        const auto lcn = hsc::local_contrast_normalise(xt::xtensor<double, 2>({20, 20}, level));
        BOOST_TEST(*std::max_element(lcn.begin(), lcn.end()) == 0.0);
        BOOST_TEST(*std::min_element(lcn.begin(), lcn.end()) == 0.0);
    }
    HSC_CHECK_ERROR(hsc::local_contrast_normalise(xt::xtensor<double, 2>({5, 30}, 1.0)), "smaller than");
}

BOOST_AUTO_TEST_SUITE_END()
