#include "hsc/bank/oriented_bank.hpp"
#include "hsc/bank/random_normal.hpp"
#include "hsc/distribution/lognormal.hpp"
#include "hsc/io/npy.hpp"
#include "support/check_error.hpp"
#include "support/test_data.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <xtensor/xview.hpp>

#include <cmath>
#include <numbers>

namespace tt = boost::test_tools;

namespace {

using scalar_types = boost::mpl::list<float, double>;
constexpr double degree = std::numbers::pi / 180;

template <class T>
double sum_of_squares(const T* x, std::size_t n)
{
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<double>(x[i]) * static_cast<double>(x[i]);
    return s;
}

/// Energy of the differences along axis 0 over that along axis 1: > 1 when stripes vary down rows.
template <class T>
double axis0_variation_ratio(const T* atom, std::size_t n)
{
    double along0 = 0, along1 = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        for (std::size_t j = 0; j + 1 < n; ++j) {
            along0 += std::pow(static_cast<double>(atom[(i + 1) * n + j] - atom[i * n + j]), 2);
            along1 += std::pow(static_cast<double>(atom[i * n + j + 1] - atom[i * n + j]), 2);
        }
    }
    return along0 / along1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(bank)

BOOST_AUTO_TEST_CASE_TEMPLATE(log_gabor_banks_match_science_reference_values, T, scalar_types)
{
    const auto het = hsc::heterogeneous_bank<T>();
    const auto hom = hsc::homogeneous_bank<T>();
    BOOST_TEST(het.size() == 144u);
    BOOST_TEST(hom.size() == 144u);
    BOOST_TEST(het.atom_size() == 12u);

    // docs/science.md §1.2, atom 0 of the heterogeneous bank (θ 0, B_θ 5°, φ 0).
    const T* a0 = het.atom(0);
    double sum = 0;
    for (std::size_t i = 0; i < 144; ++i) sum += static_cast<double>(a0[i]);
    BOOST_TEST(std::fabs(std::sqrt(sum_of_squares(a0, 144)) - 3.0738) <= 1e-4);
    BOOST_TEST(std::fabs(sum - -0.1150) <= 1e-4);
    BOOST_TEST(static_cast<double>(a0[6 * 12 + 6]) == 1.0, tt::tolerance(1e-6));
    // Σd² is given to three decimals: agree to half a unit of the last one.
    BOOST_TEST(std::fabs(sum_of_squares(het.atoms().data(), het.atoms().size()) - 836.634) <= 5e-4);
    BOOST_TEST(std::fabs(sum_of_squares(hom.atoms().data(), hom.atoms().size()) - 966.039) <= 5e-4);
    BOOST_TEST(std::fabs(std::sqrt(sum_of_squares(hom.atom(0), 144)) - 2.3614) <= 1e-4);
    // θ = 0 gives stripes that vary along axis 0.
    BOOST_TEST(axis0_variation_ratio(a0, 12) > 5.0);
    BOOST_TEST(axis0_variation_ratio(het.atom(6 * 12), 12) < 0.2); // θ = π/2
}

BOOST_AUTO_TEST_CASE_TEMPLATE(log_gabor_banks_match_independent_numpy_recipe, T, scalar_types)
{
    // tests/data/make_reference_banks.py computes both banks with numpy, step by step.
    const auto reference = hsc::io::read_npy<double, 4>(hsc::testing::data_path("reference_banks.npy"));
    const hsc::kernel_bank<T> banks[] = {hsc::heterogeneous_bank<T>(), hsc::homogeneous_bank<T>()};
    for (std::size_t b = 0; b < 2; ++b) {
        const auto& atoms = banks[b].atoms();
        BOOST_REQUIRE(atoms.size() == 144u * 144u);
        double worst = 0;
        for (std::size_t i = 0; i < atoms.size(); ++i) {
            worst = std::max(worst,
                             std::fabs(static_cast<double>(atoms.data()[i]) - reference.data()[b * atoms.size() + i]));
        }
        BOOST_TEST_INFO("bank " << b);
        BOOST_TEST(worst <= 1e-5);
    }
}

BOOST_AUTO_TEST_CASE(atoms_follow_the_papers_order)
{
    const auto het = hsc::heterogeneous_bank<double>();
    for (std::size_t i_theta = 0; i_theta < 12; ++i_theta) {
        for (std::size_t i_b = 0; i_b < 6; ++i_b) {
            for (std::size_t i_phi = 0; i_phi < 2; ++i_phi) {
                const auto& info = het.info()[(i_theta * 6 + i_b) * 2 + i_phi];
                BOOST_TEST(info.theta == std::numbers::pi * static_cast<double>(i_theta) / 12, tt::tolerance(1e-12));
                BOOST_TEST(info.b_theta == 5.0 * static_cast<double>(i_b + 1) * degree, tt::tolerance(1e-12));
                BOOST_TEST(info.phase == std::numbers::pi / 2 * static_cast<double>(i_phi), tt::tolerance(1e-12));
            }
        }
    }
    const auto hom = hsc::homogeneous_bank<double>();
    BOOST_TEST(hom.info()[143].theta == std::numbers::pi * 71 / 72, tt::tolerance(1e-12));
    BOOST_TEST(hom.info()[143].b_theta == 12 * degree, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(bandwidth_distribution_is_a_policy)
{
    // Any distribution sets B_θ; the bank size stays fixed by the geometry.
    hsc::oriented_bank<hsc::log_gabor, hsc::distribution::lognormal> bank{
        .n_theta = 8, .n_btheta = 3, .btheta = {.mean = 15 * degree, .cv = 0.5}};
    const auto built = bank.build<float>();
    BOOST_TEST(built.size() == 48u);
    const auto expected = hsc::distribution::population(bank.btheta, 3);
    BOOST_TEST(built.info()[2].b_theta == expected[1]);
    BOOST_TEST(expected[0] < expected[1]);
}

BOOST_AUTO_TEST_CASE(l2_normalization_gives_unit_atoms)
{
    auto recipe = hsc::heterogeneous_log_gabor();
    recipe.norm = hsc::normalization::l2;
    const auto bank = recipe.build<double>();
    for (std::size_t k = 0; k < bank.size(); ++k)
        BOOST_TEST(sum_of_squares(bank.atom(k), 144) == 1.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(gabor_bank_is_centred_zero_mean_and_oriented)
{
    hsc::oriented_bank<hsc::gabor, hsc::distribution::uniform_grid> recipe{
        .btheta = {.low = 0, .high = std::numbers::pi / 6}};
    const auto bank = recipe.build<double>();
    BOOST_TEST(bank.size() == 144u);
    const double* a0 = bank.atom(0); // θ 0, φ 0: even, peak at the centre
    double sum = 0, peak = 0;
    for (std::size_t i = 0; i < 144; ++i) {
        sum += a0[i];
        peak = std::max(peak, std::fabs(a0[i]));
    }
    BOOST_TEST(std::fabs(sum) < 1e-12);
    BOOST_TEST(peak == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(std::fabs(a0[6 * 12 + 6]) == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(axis0_variation_ratio(a0, 12) > 2.0);
}

BOOST_AUTO_TEST_CASE(random_normal_bank_is_seeded_and_unit_norm)
{
    const auto a = hsc::random_normal_bank{.seed = 7}.build<float>();
    const auto b = hsc::random_normal_bank{.seed = 7}.build<float>();
    const auto c = hsc::random_normal_bank{.seed = 8}.build<float>();
    BOOST_TEST(a.size() == 144u);
    BOOST_TEST(a.atoms() == b.atoms());
    BOOST_TEST(a.atoms() != c.atoms());
    for (std::size_t k = 0; k < a.size(); ++k) BOOST_TEST(sum_of_squares(a.atom(k), 144) == 1.0, tt::tolerance(1e-5));
    BOOST_TEST(std::isnan(a.info()[0].theta)); // random atoms have no designed orientation
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_named)
{
    HSC_CHECK_ERROR((hsc::oriented_bank<>{.n_theta = 0}.build<float>()), "orientation");
    HSC_CHECK_ERROR((hsc::oriented_bank<>{.size = 1}.build<float>()), "size >= 2");
    HSC_CHECK_ERROR((hsc::oriented_bank<>{.size = 2}.build<float>()),
                    "on 2x2 pixels no frequency lies in the pass band");
    hsc::oriented_bank<hsc::log_gabor, hsc::distribution::homogeneous> negative{.n_btheta = 1,
                                                                                .btheta = {.value = -0.1}};
    HSC_CHECK_ERROR(negative.build<float>(), "b_theta");
    HSC_CHECK_ERROR((hsc::random_normal_bank{.count = 0}.build<float>()), "count > 0");
    HSC_CHECK_ERROR(hsc::kernel_bank<float>(xt::xtensor<float, 3>({2, 3, 4})), "(K, N, N)");
    xt::xtensor<float, 3> with_nan({2, 3, 3}, 0.5f);
    with_nan(1, 2, 2) = NAN;
    HSC_CHECK_ERROR(hsc::kernel_bank<float>{with_nan}, "atom 1");
    xt::xtensor<float, 3> with_zero({2, 3, 3}, 0.5f);
    xt::view(with_zero, 0, xt::all(), xt::all()) = 0.0f;
    HSC_CHECK_ERROR(hsc::kernel_bank<float>{with_zero}, "atom 0 is all zero");
    xt::xtensor<float, 3> huge({2, 3, 3}, 1e30f);
    HSC_CHECK_ERROR(hsc::kernel_bank<float>{huge}, "above the largest usable magnitude");
    BOOST_TEST(hsc::kernel_bank<double>(xt::xtensor<double, 3>({2, 3, 3}, 1e30)).size() == 2u); // fine in double
}

BOOST_AUTO_TEST_SUITE_END()
