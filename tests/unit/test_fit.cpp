#include "hsc/bank/fit.hpp"
#include "hsc/bank/oriented_bank.hpp"
#include "hsc/bank/random_normal.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numbers>

BOOST_AUTO_TEST_SUITE(log_gabor_fit)

BOOST_AUTO_TEST_CASE(recovers_the_parameters_of_the_banks_own_atoms)
{
    // Heterogeneous bank: atom (iθ·6 + iB)·2 + iφ has θ = iθ·15°, B_θ = (iB + 1)·5°, φ = iφ·90°.
    const auto bank = hsc::heterogeneous_bank<double>();
    constexpr double degree = std::numbers::pi / 180;
    for (std::size_t k = 0; k < 144; k += 13) { // every θ, B_θ and phase appears among these
        std::vector<double> atom(bank.atom(k), bank.atom(k) + 144);
        const auto fit = hsc::fit_log_gabor(atom.data(), 12);
        const double theta = double(k / 12) * 15 * degree, b = double((k / 2) % 6 + 1) * 5 * degree;
        BOOST_TEST_INFO("atom " << k);
        double dt = std::fabs(fit.theta - theta);
        dt = std::min(dt, std::numbers::pi - dt);
        BOOST_TEST(dt < 0.05 * degree);
        BOOST_TEST(std::fabs(fit.b_theta - b) < 0.05 * degree);
        BOOST_TEST(fit.r2 > 0.9999);
    }
}

BOOST_AUTO_TEST_CASE(histogram_counts_bandwidths_in_equal_bins)
{
    constexpr double degree = std::numbers::pi / 180;
    std::vector<hsc::log_gabor_fit> fits;
    for (const double b : {5.0, 7.4, 9.99, 12.0, 22.6, 29.99, 30.0})
        fits.push_back({.theta = 0, .b_theta = b * degree, .phase = 0, .r2 = 1});
    BOOST_TEST((hsc::btheta_histogram(fits) == std::vector<std::size_t>{2, 2, 0, 0, 1, 2}));
}

BOOST_AUTO_TEST_CASE(random_atoms_fit_badly)
{
    const auto bank = hsc::random_normal_bank{.count = 6, .size = 12, .seed = 3}.build<double>();
    const auto fits = hsc::fit_log_gabor(bank);
    for (const auto& f : fits) BOOST_TEST(f.r2 < 0.6);
}

BOOST_AUTO_TEST_SUITE_END()
