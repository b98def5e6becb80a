#include "hsc/detail/special_functions.hpp"
#include "hsc/distribution/empirical.hpp"
#include "hsc/distribution/gamma.hpp"
#include "hsc/distribution/homogeneous.hpp"
#include "hsc/distribution/lognormal.hpp"
#include "hsc/distribution/uniform_grid.hpp"
#include "support/check_error.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numbers>
#include <numeric>
#include <vector>

namespace tt = boost::test_tools;

namespace {

struct moments
{
    double mean, cv;
};

moments moments_of(const std::vector<double>& v)
{
    const double n = static_cast<double>(v.size());
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
    double var = 0;
    for (double x : v) var += (x - mean) * (x - mean);
    return {mean, std::sqrt(var / n) / mean};
}

} // namespace

BOOST_AUTO_TEST_SUITE(distribution)

BOOST_AUTO_TEST_CASE(special_functions_known_values)
{
    BOOST_TEST(hsc::detail::normal_quantile(0.5) == 0.0, tt::tolerance(1e-15));
    BOOST_TEST(hsc::detail::normal_quantile(0.975) == 1.959963984540054, tt::tolerance(1e-13));
    BOOST_TEST(hsc::detail::normal_quantile(1e-10) == -6.361340902404056, tt::tolerance(1e-12));
    BOOST_TEST(hsc::detail::normal_quantile(1 - 1e-6) == 4.753424308822899, tt::tolerance(1e-9));
    for (double x : {0.01, 0.5, 1.0, 3.0, 20.0}) {
        BOOST_TEST(hsc::detail::gamma_p(1.0, x) == 1 - std::exp(-x), tt::tolerance(1e-13));
        BOOST_TEST(hsc::detail::gamma_p(0.5, x) == std::erf(std::sqrt(x)), tt::tolerance(1e-13));
    }
}

BOOST_AUTO_TEST_CASE(homogeneous_repeats_one_value)
{
    const auto v = hsc::distribution::population(hsc::distribution::homogeneous{.value = 0.2}, 5);
    BOOST_TEST(v == std::vector<double>(5, 0.2), tt::per_element());
    HSC_CHECK_ERROR(hsc::distribution::population(hsc::distribution::homogeneous{.value = NAN}, 3), "finite");
}

BOOST_AUTO_TEST_CASE(uniform_grid_is_the_papers_bandwidth_grid)
{
    // linspace(0, π/6, 7)[1:] = 5°, 10°, ..., 30°.
    const auto v =
        hsc::distribution::population(hsc::distribution::uniform_grid{.low = 0, .high = std::numbers::pi / 6}, 6);
    for (std::size_t i = 0; i < 6; ++i) {
        BOOST_TEST(v[i] * 180 / std::numbers::pi == 5.0 * static_cast<double>(i + 1), tt::tolerance(1e-12));
    }
    // With the low end: numpy's linspace(0.01, 1, 4).
    const auto q =
        hsc::distribution::population(hsc::distribution::uniform_grid{.low = 0.01, .high = 1, .include_low = true}, 4);
    const std::vector<double> expected{0.01, 0.34, 0.67, 1.0};
    for (std::size_t i = 0; i < 4; ++i) BOOST_TEST(q[i] == expected[i], tt::tolerance(1e-12));
    BOOST_TEST(hsc::distribution::population(hsc::distribution::uniform_grid{.low = 2, .high = 3, .include_low = true},
                                             1)[0] == 2.0);
    HSC_CHECK_ERROR(hsc::distribution::population(hsc::distribution::uniform_grid{.low = 1, .high = 0}, 3),
                    "low <= high");
}

BOOST_AUTO_TEST_CASE(lognormal_quantiles_match_mean_cv_and_median)
{
    const hsc::distribution::lognormal law{.mean = 2.0, .cv = 0.5};
    // The median of a log-normal is exp(μ) = mean / sqrt(1 + cv²).
    BOOST_TEST(law.quantile(0.5) == 2.0 / std::sqrt(1.25), tt::tolerance(1e-12));
    const auto v = hsc::distribution::population(law, 200000);
    const auto m = moments_of(v);
    BOOST_TEST(m.mean == 2.0, tt::tolerance(1e-3));
    BOOST_TEST(m.cv == 0.5, tt::tolerance(1e-2));
    BOOST_TEST(std::is_sorted(v.begin(), v.end()));
    HSC_CHECK_ERROR(hsc::distribution::population(hsc::distribution::lognormal{.mean = 1, .cv = -1}, 3), "cv >= 0");
    HSC_CHECK_ERROR(hsc::distribution::population(hsc::distribution::lognormal{.mean = 0, .cv = 1}, 3), "mean > 0");
}

BOOST_AUTO_TEST_CASE(gamma_quantiles_match_known_laws)
{
    // cv = 1 is the exponential law: Q(p) = −mean · ln(1 − p).
    const hsc::distribution::gamma exponential{.mean = 3.0, .cv = 1.0};
    for (double p : {0.001, 0.1, 0.5, 0.9, 0.999}) {
        BOOST_TEST(exponential.quantile(p) == -3.0 * std::log1p(-p), tt::tolerance(1e-10));
    }
    const auto v =
        hsc::distribution::population(hsc::distribution::gamma{.mean = 10.0, .cv = 1 / std::sqrt(3.0)}, 100000);
    const auto m = moments_of(v);
    BOOST_TEST(m.mean == 10.0, tt::tolerance(1e-3));
    BOOST_TEST(m.cv == 1 / std::sqrt(3.0), tt::tolerance(1e-2));
    BOOST_TEST(hsc::distribution::population(hsc::distribution::gamma{.mean = 4.0, .cv = 0.0}, 3) ==
                   std::vector<double>(3, 4.0),
               tt::per_element());
}

BOOST_AUTO_TEST_CASE(random_sampling_is_seeded_and_unbiased)
{
    const hsc::distribution::sampling draw{.kind = hsc::distribution::sampling::random, .seed = 42};
    const auto a =
        hsc::distribution::population(hsc::distribution::lognormal{.mean = 1, .cv = 0.8, .how = draw}, 50000);
    const auto b =
        hsc::distribution::population(hsc::distribution::lognormal{.mean = 1, .cv = 0.8, .how = draw}, 50000);
    BOOST_TEST(a == b, tt::per_element());
    const auto c = hsc::distribution::population(
        hsc::distribution::lognormal{.mean = 1, .cv = 0.8, .how = {hsc::distribution::sampling::random, 43}}, 50000);
    BOOST_TEST(a != c);
    BOOST_TEST(moments_of(a).mean == 1.0, tt::tolerance(2e-2));
    BOOST_TEST(!std::is_sorted(a.begin(), a.end()));
}

BOOST_AUTO_TEST_CASE(empirical_values_reproduce_the_list)
{
    const auto law = hsc::distribution::empirical::from_values({0.3, 0.1, 0.2});
    BOOST_TEST(hsc::distribution::population(law, 3) == (std::vector<double>{0.1, 0.2, 0.3}), tt::per_element());
    BOOST_TEST(hsc::distribution::population(law, 6) == (std::vector<double>{0.1, 0.1, 0.2, 0.2, 0.3, 0.3}),
               tt::per_element());
    HSC_CHECK_ERROR(hsc::distribution::empirical::from_values({}), "empty");
    HSC_CHECK_ERROR(hsc::distribution::empirical::from_values({1.0, INFINITY}), "not finite");
}

BOOST_AUTO_TEST_CASE(empirical_histogram_is_uniform_within_bins)
{
    const auto law = hsc::distribution::empirical::from_histogram({0, 1, 2, 4}, {1, 3, 0});
    BOOST_TEST(law.quantile(0.125) == 0.5, tt::tolerance(1e-12));
    BOOST_TEST(law.quantile(0.25) == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(law.quantile(0.625) == 1.5, tt::tolerance(1e-12));
    BOOST_TEST(law.quantile(0.999) <= 2.0); // the empty last bin is never drawn
    HSC_CHECK_ERROR(hsc::distribution::empirical::from_histogram({0, 1}, {1, 2}), "edges");
    HSC_CHECK_ERROR(hsc::distribution::empirical::from_histogram({0, 1, 1}, {1, 2}), "increasing");
    HSC_CHECK_ERROR(hsc::distribution::empirical::from_histogram({0, 1}, {0}), "sum to zero");
    HSC_CHECK_ERROR(hsc::distribution::empirical::from_histogram({0, 1}, {-1}), ">= 0");
}

BOOST_AUTO_TEST_SUITE_END()
