#include "hsc/io/npy.hpp"
#include "hsc/solver/patch_coder.hpp"
#include "support/check_error.hpp"
#include "support/random_data.hpp"
#include "support/reference_omp.hpp"
#include "support/test_data.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>

namespace {

using scalar_types = boost::mpl::list<float, double>;

/// k random unit-norm atoms of length n.
template <class T>
std::vector<T> unit_dictionary(std::size_t n, std::size_t k, std::uint64_t seed)
{
    auto d = hsc::testing::uniform_vector<T>(n * k, seed);
    for (std::size_t a = 0; a < k; ++a) {
        T norm = 0;
        for (std::size_t i = 0; i < n; ++i) norm += d[a * n + i] * d[a * n + i];
        for (std::size_t i = 0; i < n; ++i) d[a * n + i] /= std::sqrt(norm);
    }
    return d;
}

template <class T>
double residual_energy(const std::vector<T>& d, std::size_t n, std::size_t k, const T* x, const std::vector<T>& coef)
{
    double e = 0;
    for (std::size_t i = 0; i < n; ++i) {
        double r = x[i];
        for (std::size_t a = 0; a < k; ++a) r -= double(coef[a]) * double(d[a * n + i]);
        e += r * r;
    }
    return e;
}

} // namespace

BOOST_AUTO_TEST_SUITE(patch_mode)

BOOST_AUTO_TEST_CASE_TEMPLATE(matches_plain_mp_and_omp, T, scalar_types)
{
    const std::size_t n = 36, k = 72, atoms = 8, signals = 20;
    const auto d = unit_dictionary<T>(n, k, 1);
    const auto x = hsc::testing::uniform_vector<T>(n * signals, 2);
    hsc::patch_coder<T> coder(d.data(), n, k, atoms);
    std::vector<T> coef(k);
    const double tolerance = sizeof(T) == 4 ? 2e-4 : 1e-9;
    for (const auto solver : {hsc::patch_solver::mp, hsc::patch_solver::omp}) {
        for (std::size_t s = 0; s < signals; ++s) {
            BOOST_TEST_CONTEXT((solver == hsc::patch_solver::omp ? "omp" : "mp") << ", signal " << s)
            {
                coder.encode(x.data() + s * n, coef.data(), solver);
                const auto expected =
                    hsc::reference::pursuit(d.data(), n, k, x.data() + s * n, atoms, solver == hsc::patch_solver::omp);
                double worst = 0;
                for (std::size_t a = 0; a < k; ++a) worst = std::max(worst, std::fabs(double(coef[a] - expected[a])));
                BOOST_TEST(worst <= tolerance);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(omp_residual_is_orthogonal_to_its_atoms_and_lower_than_mp_on_average)
{
    // What is guaranteed: OMP's coefficients are the least-squares fit on its support, so its
    // residual is orthogonal to every selected atom. "OMP never leaves more residual than MP at
    // equal nnz" is not a theorem (the supports differ) and fails on some signals; on average
    // OMP is clearly better, and that is what is checked.
    const std::size_t n = 64, k = 256, signals = 30;
    const auto d = unit_dictionary<double>(n, k, 3);
    const auto x = hsc::testing::uniform_vector<double>(n * signals, 4);
    for (std::size_t atoms : {1u, 3u, 10u}) {
        hsc::patch_coder<double> coder(d.data(), n, k, atoms);
        std::vector<double> mp(k), omp(k);
        double mp_total = 0, omp_total = 0;
        for (std::size_t s = 0; s < signals; ++s) {
            const double* xs = x.data() + s * n;
            BOOST_TEST(coder.encode(xs, omp.data(), hsc::patch_solver::omp) == atoms);
            BOOST_TEST(coder.encode(xs, mp.data(), hsc::patch_solver::mp) <= atoms);
            omp_total += residual_energy(d, n, k, xs, omp);
            mp_total += residual_energy(d, n, k, xs, mp);
            for (std::size_t a = 0; a < k; ++a) {
                if (omp[a] == 0) continue;
                double correlation = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    double r = xs[i];
                    for (std::size_t b = 0; b < k; ++b) r -= omp[b] * d[b * n + i];
                    correlation += r * d[a * n + i];
                }
                BOOST_TEST(std::fabs(correlation) < 1e-10);
            }
        }
        BOOST_TEST_INFO("atoms " << atoms);
        BOOST_TEST(omp_total <= mp_total + 1e-12);
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(omp_matches_scikit_learn, T, scalar_types)
{
    // tests/data/make_patch_reference.py: sklearn 1.2.1 orthogonal_mp_gram, n_nonzero_coefs = 5.
    using hsc::testing::data_path;
    const auto d = hsc::io::read_npy<T, 2>(data_path("patches_dictionary.npy"));
    const auto x = hsc::io::read_npy<T, 2>(data_path("patches_signals.npy"));
    const auto expected = hsc::io::read_npy<double, 2>(data_path("patches_omp_sklearn.npy"));
    const std::size_t k = d.shape()[0], n = d.shape()[1];
    hsc::patch_coder<T> coder(d.data(), n, k, 5);
    std::vector<T> coef(k);
    double worst = 0;
    for (std::size_t s = 0; s < x.shape()[0]; ++s) {
        BOOST_TEST(coder.encode(x.data() + s * n, coef.data(), hsc::patch_solver::omp) == 5u);
        for (std::size_t a = 0; a < k; ++a) worst = std::max(worst, std::fabs(double(coef[a]) - expected(s, a)));
    }
    BOOST_TEST(worst < (sizeof(T) == 4 ? 1e-4 : 1e-10));
}

BOOST_AUTO_TEST_CASE(omp_recovers_an_exact_sparse_combination)
{
    // x = 2 d_5 − d_40 + 0.5 d_63: OMP finds these three atoms and coefficients, then stops.
    const std::size_t n = 64, k = 128;
    const auto d = unit_dictionary<double>(n, k, 5);
    std::vector<double> x(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) x[i] = 2 * d[5 * n + i] - d[40 * n + i] + 0.5 * d[63 * n + i];
    hsc::patch_coder<double> coder(d.data(), n, k, 10);
    std::vector<double> coef(k);
    const std::size_t used = coder.encode(x.data(), coef.data(), hsc::patch_solver::omp);
    BOOST_TEST(used == 3u);
    BOOST_TEST(coef[5] == 2.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(coef[40] == -1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(coef[63] == 0.5, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(fixed_sizes_give_the_same_codes_without_heap_buffers)
{
    constexpr std::size_t n = 16, k = 32, atoms = 4;
    const auto d = unit_dictionary<float>(n, k, 7);
    const auto x = hsc::testing::uniform_vector<float>(n, 8);
    hsc::patch_coder<float> dynamic_coder(d.data(), n, k, atoms);
    hsc::patch_coder<float, n, k, atoms> fixed_coder(d.data(), n, k, atoms);
    // Fixed storage lives inside the object: its size covers dictionary and Gram matrix.
    static_assert(sizeof(hsc::patch_coder<float, n, k, atoms>) >= (n * k + k * k) * sizeof(float));
    std::vector<float> a(k), b(k);
    for (const auto solver : {hsc::patch_solver::mp, hsc::patch_solver::omp}) {
        dynamic_coder.encode(x.data(), a.data(), solver);
        fixed_coder.encode(x.data(), b.data(), solver);
        BOOST_TEST(a == b, boost::test_tools::per_element());
    }
    HSC_CHECK_ERROR((hsc::patch_coder<float, n, k, atoms>(d.data(), n, k, atoms + 1)), "compile-time");
}

BOOST_AUTO_TEST_CASE(bad_dictionaries_are_named)
{
    std::vector<float> d(4 * 8, 0.5f);
    HSC_CHECK_ERROR((hsc::patch_coder<float>(d.data(), 4, 8, 5)), "atoms <= min(n, K)");
    d[9] = NAN;
    HSC_CHECK_ERROR((hsc::patch_coder<float>(d.data(), 4, 8, 2)), "atom 2");
}

BOOST_AUTO_TEST_SUITE_END()
