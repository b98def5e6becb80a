#include "hsc/bank/oriented_bank.hpp"
#include "hsc/detail/power_iteration.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/io/npy.hpp"
#include "hsc/io/pgm.hpp"
#include "hsc/preprocess/local_contrast.hpp"
#include "hsc/solver/admm.hpp"
#include "hsc/solver/fista.hpp"
#include "support/check_error.hpp"
#include "support/convex_problems.hpp"
#include "support/test_data.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>

namespace {
using scalar_types = boost::mpl::list<float, double>;
using hsc::testing::random_problem;

template <class T>
xt::xtensor<T, 2> random_image(std::size_t h, std::size_t w, std::uint64_t seed)
{
    xt::xtensor<T, 2> image({h, w});
    const auto values = hsc::testing::uniform_vector<T>(h * w, seed);
    std::copy(values.begin(), values.end(), image.begin());
    return image;
}

/// Worst |y_i − soft(s_i, λ w_i)|: the answer of CBPDN with one unit-impulse atom and weights w.
template <class T>
double soft_threshold_error(const T* y, const xt::xtensor<T, 2>& image, double lambda, const std::vector<double>& w)
{
    double worst = 0;
    for (std::size_t i = 0; i < image.size(); ++i) {
        const double s = image.data()[i], t = lambda * (w.empty() ? 1.0 : w[i]);
        const double expected = std::copysign(std::max(std::fabs(s) - t, 0.0), s);
        worst = std::max(worst, std::fabs(double(y[i]) - expected));
    }
    return worst;
}
} // namespace

BOOST_AUTO_TEST_SUITE(fista)

BOOST_AUTO_TEST_CASE_TEMPLATE(delta_atom_gives_the_soft_threshold, T, scalar_types)
{
    // One unit-impulse atom: min ½‖x − s‖² + λ‖x‖₁ is soft(s, λ); L = 1, so one step solves it and
    // the duality gap is then zero.
    const hsc::kernel_bank<T> bank(xt::xtensor<T, 3>({1, 1, 1}, T(1)));
    const auto image = random_image<T>(12, 10, 3);
    hsc::encoder<T, hsc::solver::fista> enc(
        bank, 12, 10, hsc::boundary::circular,
        hsc::solver::fista{.options = {.problem = {.lambda = 0.3}, .tolerance = 0, .gap_tolerance = 1e-5}});
    const auto report = enc.encode(image);
    BOOST_TEST(report.reason == hsc::encode_report::converged);
    BOOST_TEST(report.selections <= 3u);
    BOOST_TEST(std::fabs(enc.engine().lipschitz() - 1) < 1e-6);
    BOOST_TEST(soft_threshold_error(enc.engine().solution(), image, 0.3, {}) < (sizeof(T) == 4 ? 1e-6 : 1e-12));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(random_problem_meets_the_optimality_conditions, T, scalar_types)
{
    const auto [bank, image] = random_problem<T>(3, 3, 16, 16, 8);
    // Float rounding floors the relative gap: over 24 such random problems it ends between 1e-4 and
    // 6.3e-4 in a third of them at 20,000 iterations (with this FFT and its predecessor alike), so
    // a float bound of 1e-4 passed or failed by the last bits of the transform.
    const double lambda = 0.05, gap = sizeof(T) == 4 ? 1e-3 : 1e-8;
    hsc::encoder<T, hsc::solver::fista> enc(
        bank, 16, 16, hsc::boundary::circular,
        hsc::solver::fista{
            .options = {.problem = {.lambda = lambda}, .max_iterations = 20000, .tolerance = 0, .gap_tolerance = gap}});
    const auto report = enc.encode(image);
    BOOST_TEST(report.reason == hsc::encode_report::converged); // the gap closed before the cap
    BOOST_TEST(enc.engine().duality_gap() < gap);
    const double worst = hsc::testing::optimality_violation(bank, image, enc.engine().solution(), lambda);
    BOOST_TEST(worst < (sizeof(T) == 4 ? 2e-3 : 1e-4));
}

BOOST_AUTO_TEST_CASE(fista_and_admm_reach_the_same_minimum)
{
    const auto [bank, image] = random_problem<double>(2, 3, 16, 16, 21);
    const double lambda = 0.05;
    hsc::encoder<double, hsc::solver::fista> fista(bank, 16, 16, hsc::boundary::circular,
                                                   hsc::solver::fista{.options = {.problem = {.lambda = lambda},
                                                                                  .max_iterations = 20000,
                                                                                  .tolerance = 0,
                                                                                  .gap_tolerance = 1e-10}});
    hsc::encoder<double, hsc::solver::admm> admm(bank, 16, 16, hsc::boundary::circular,
                                                 hsc::solver::admm{.options = {.problem = {.lambda = lambda},
                                                                               .max_iterations = 5000,
                                                                               .tolerance = 1e-10,
                                                                               .rho = 1.0,
                                                                               .auto_rho = false}});
    const double f = fista.encode(image).objective, a = admm.encode(image).objective;
    BOOST_TEST(std::fabs(f - a) <= 1e-7 * a);
}

BOOST_AUTO_TEST_CASE(reaches_the_objective_of_100_admm_iterations_on_a_natural_image)
{
    // The criterion on a 48×48 crop of astronaut (LCN), the paper's bank and λ: FISTA
    // gets within 1e-3 of what SPORCO's 100 ADMM iterations reach.
    const auto full =
        hsc::local_contrast_normalize(hsc::io::read_pgm<float>(hsc::testing::data_path("natural/astronaut.pgm")));
    xt::xtensor<float, 2> crop({48, 48});
    for (std::size_t i = 0; i < 48; ++i)
        for (std::size_t j = 0; j < 48; ++j) crop(i, j) = full(100 + i, 100 + j);
    const auto bank = hsc::heterogeneous_bank<float>();
    hsc::encoder<float, hsc::solver::admm> admm(bank, 48, 48);
    const double target = admm.encode(crop).objective * (1 + 1e-3);
    hsc::encoder<float, hsc::solver::fista> fista(
        bank, 48, 48, hsc::boundary::circular,
        hsc::solver::fista{.options = {.max_iterations = 1000, .tolerance = 0, .target_objective = target}});
    const auto report = fista.encode(crop);
    BOOST_TEST_MESSAGE("FISTA iterations to the ADMM objective: " << report.selections);
    BOOST_TEST(report.reason == hsc::encode_report::target_objective);
    BOOST_TEST(report.objective <= target);
}

BOOST_AUTO_TEST_CASE(lipschitz_constant_is_what_a_power_iteration_finds)
{
    // L = max_bins Σ|D̂_m|² must equal λ_max(DᵀD) of the spatial operator, found here by power
    // iteration on x ↦ Dᵀ(D x) built from hsc's (FFT-free) reconstruct and correlate.
    const auto [bank, image] = random_problem<double>(3, 4, 12, 10, 5);
    hsc::solver::cbpdn_fista_engine<double> engine(bank, 12, 10, hsc::boundary::circular, hsc::solver::fista{});
    const std::size_t pixels = 120, n = 3 * pixels;
    std::vector<double> v(n), w(n), correlation(pixels);
    auto normal_operator = [&](const double* in, double* out) {
        xt::xtensor<double, 3> dense({3, 12, 10});
        std::copy(in, in + n, dense.begin());
        const auto recon = hsc::reconstruct(hsc::sparse_code<double>::from_dense(dense, hsc::boundary::circular), bank);
        for (std::size_t k = 0; k < 3; ++k)
            hsc::simd::correlate2d(recon.data(), bank.atom(k), out + k * pixels, {12, 10, 4, 4},
                                   hsc::boundary::circular);
    };
    const double power = hsc::detail::largest_eigenvalue(normal_operator, v.data(), w.data(), n, 5000, 1e-13);
    BOOST_TEST(std::fabs(power - engine.lipschitz()) < 1e-6 * engine.lipschitz());
}

BOOST_AUTO_TEST_CASE(restart_or_not_the_minimum_is_the_same)
{
    const auto [bank, image] = random_problem<double>(3, 3, 12, 12, 31);
    double objective[2];
    for (const bool restart : {false, true}) {
        hsc::encoder<double, hsc::solver::fista> enc(bank, 12, 12, hsc::boundary::circular,
                                                     hsc::solver::fista{.options = {.problem = {.lambda = 0.05},
                                                                                    .max_iterations = 50000,
                                                                                    .tolerance = 0,
                                                                                    .gap_tolerance = 1e-9,
                                                                                    .restart = restart}});
        const auto report = enc.encode(image);
        BOOST_TEST(report.reason == hsc::encode_report::converged);
        objective[restart] = report.objective;
    }
    BOOST_TEST(std::fabs(objective[0] - objective[1]) <= 1e-8 * objective[0]);
}

BOOST_AUTO_TEST_CASE(target_objective_stops_early_and_the_trace_descends_to_it)
{
    const auto [bank, image] = random_problem<float>(4, 3, 20, 20, 17);
    hsc::solver::cbpdn_fista_engine<float> engine(
        bank, 20, 20, hsc::boundary::circular,
        hsc::solver::fista{.options = {.problem = {.lambda = 0.05}, .max_iterations = 2000, .tolerance = 0}});
    engine.set_trace_capacity(2000);
    const double optimum = engine.encode(image.data()).objective;
    const double target = optimum * 1.01;
    hsc::solver::cbpdn_fista_engine<float> early(
        bank, 20, 20, hsc::boundary::circular,
        hsc::solver::fista{
            .options = {.problem = {.lambda = 0.05}, .max_iterations = 2000, .target_objective = target}});
    const auto report = early.encode(image.data());
    BOOST_TEST(report.reason == hsc::encode_report::target_objective);
    BOOST_TEST(report.objective <= target * (1 + 1e-5)); // recomputed from the code in double
    BOOST_TEST(early.iterations() < 2000u);
    BOOST_TEST(engine.objective_trace().size() == 2000u);
    BOOST_TEST(engine.objective_trace().front() > engine.objective_trace().back());
}

BOOST_AUTO_TEST_CASE(threads_give_bit_identical_results)
{
    const auto [bank, image] = random_problem<float>(5, 4, 24, 20, 12);
    std::vector<float> reference;
    for (const std::size_t threads : {1u, 2u, 3u}) {
        hsc::solver::cbpdn_fista_engine<float> engine(
            bank, 24, 20, hsc::boundary::circular,
            hsc::solver::fista{.options = {.problem = {.lambda = 0.05, .threads = threads}, .max_iterations = 40}});
        engine.encode(image.data());
        const std::vector<float> y(engine.solution(), engine.solution() + 5 * 24 * 20);
        if (threads == 1) {
            reference = y;
        } else {
            BOOST_TEST_INFO(threads << " threads");
            BOOST_TEST((y == reference));
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_options_are_named)
{
    const auto bank = hsc::heterogeneous_bank<float>();
    HSC_CHECK_ERROR((hsc::encoder<float, hsc::solver::fista>(bank, 64, 64, hsc::boundary::zero)), "fista: CBPDN");
    HSC_CHECK_ERROR((hsc::encoder<float, hsc::solver::fista>(bank, 8, 8)), "do not fit a 8x8 image");
    HSC_CHECK_ERROR((hsc::encoder<float, hsc::solver::fista>(bank, 64, 64, hsc::boundary::circular,
                                                             {.options = {.problem = {.lambda = 0}}})),
                    "lambda > 0");
    HSC_CHECK_ERROR((hsc::encoder<float, hsc::solver::fista>(bank, 64, 64, hsc::boundary::circular,
                                                             {.options = {.problem = {.l1_weights = {1.0, 2.0}}}})),
                    "2 l1 weights");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(l1_weights)

// Both convex solvers take the same weights; with a unit-impulse atom the answer is known exactly.
BOOST_AUTO_TEST_CASE_TEMPLATE(per_coefficient_weights_scale_the_threshold, T, scalar_types)
{
    const hsc::kernel_bank<T> bank(xt::xtensor<T, 3>({1, 1, 1}, T(1)));
    const auto image = random_image<T>(8, 9, 4);
    std::vector<double> weights(72);
    for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = static_cast<double>(i % 5) * 0.5; // 0..2
    const double lambda = 0.2, tolerance = sizeof(T) == 4 ? 1e-4 : 1e-5;
    hsc::encoder<T, hsc::solver::fista> fista(
        bank, 8, 9, hsc::boundary::circular,
        hsc::solver::fista{
            .options = {.problem = {.lambda = lambda, .l1_weights = weights}, .tolerance = 0, .gap_tolerance = 1e-6}});
    fista.encode(image);
    BOOST_TEST(soft_threshold_error(fista.engine().solution(), image, lambda, weights) < tolerance);
    hsc::encoder<T, hsc::solver::admm> admm(
        bank, 8, 9, hsc::boundary::circular,
        hsc::solver::admm{.options = {.problem = {.lambda = lambda, .l1_weights = weights},
                                      .max_iterations = 1000,
                                      .tolerance = 1e-7}});
    admm.encode(image);
    BOOST_TEST(soft_threshold_error(admm.engine().y().data(), image, lambda, weights) < tolerance);
}

BOOST_AUTO_TEST_CASE(a_heavy_map_weight_empties_that_map)
{
    const auto [bank, image] = random_problem<double>(3, 3, 12, 12, 40);
    hsc::encoder<double, hsc::solver::fista> enc(
        bank, 12, 12, hsc::boundary::circular,
        hsc::solver::fista{
            .options = {.problem = {.lambda = 0.05, .l1_weights = {1.0, 1e6, 1.0}}, .max_iterations = 3000}});
    enc.encode(image);
    std::size_t per_map[3] = {0, 0, 0};
    for (const auto& e : enc.code().events()) ++per_map[e.atom];
    BOOST_TEST(per_map[1] == 0u);
    BOOST_TEST(per_map[0] > 0u);
    BOOST_TEST(per_map[2] > 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(patch_fista)

/// The patch lasso through the encoder host.
template <class T, std::size_t K = hsc::dynamic, std::size_t N = hsc::dynamic>
using patch_lasso = hsc::encoder<T, hsc::solver::fista, hsc::patch_extents<K, N>>;

BOOST_AUTO_TEST_CASE_TEMPLATE(orthonormal_dictionary_gives_the_soft_threshold, T, scalar_types)
{
    // Rows of a 16×16 block rotation: Dᵀs are the coordinates, and the lasso answer is their soft
    // threshold. (16 values: a full SIMD register of floats even with AVX-512.)
    const std::size_t n = 16;
    std::vector<T> d(n * n, T(0));
    for (std::size_t block = 0; block < n / 2; ++block) {
        const double angle = 0.4 + 0.3 * static_cast<double>(block);
        const T c = static_cast<T>(std::cos(angle)), s = static_cast<T>(std::sin(angle));
        const std::size_t i = 2 * block;
        d[i * n + i] = c, d[i * n + i + 1] = s, d[(i + 1) * n + i] = -s, d[(i + 1) * n + i + 1] = c;
    }
    const auto signal = hsc::testing::uniform_vector<T>(n, 9);
    patch_lasso<T> coder(d, n, {.options = {.problem = {.lambda = 0.1}, .tolerance = 1e-9}});
    BOOST_TEST(std::fabs(coder.engine().lipschitz() - 1) < 1e-3);
    std::vector<T> x(n);
    coder.encode(signal, x);
    for (std::size_t a = 0; a < n; ++a) {
        const double coordinate = hsc::simd::dot(d.data() + n * a, signal.data(), n);
        const double expected = std::copysign(std::max(std::fabs(coordinate) - 0.1, 0.0), coordinate);
        BOOST_TEST(std::fabs(x[a] - expected) < (sizeof(T) == 4 ? 1e-5 : 1e-9));
    }
}

BOOST_AUTO_TEST_CASE(overcomplete_dictionary_meets_the_optimality_conditions)
{
    const std::size_t n = 8, k = 20;
    const auto d = hsc::testing::uniform_vector<double>(n * k, 50);
    const auto signal = hsc::testing::uniform_vector<double>(n, 51);
    const double lambda = 0.1;
    patch_lasso<double, 20, 8> coder(
        d, {.options = {.problem = {.lambda = lambda}, .max_iterations = 100000, .tolerance = 1e-12}});
    double x[20];
    const std::size_t iterations = coder.encode_unchecked(signal.data(), x).selections;
    BOOST_TEST(iterations < 100000u);
    double residual[8];
    for (std::size_t i = 0; i < n; ++i) {
        residual[i] = signal[i];
        for (std::size_t a = 0; a < k; ++a) residual[i] -= d[a * n + i] * x[a];
    }
    double worst = 0;
    for (std::size_t a = 0; a < k; ++a) {
        const double correlation = hsc::simd::dot(d.data() + a * n, residual, n);
        worst = std::max(worst, x[a] != 0 ? std::fabs(correlation - lambda * (x[a] > 0 ? 1 : -1))
                                          : std::max(0.0, std::fabs(correlation) - lambda));
    }
    BOOST_TEST(worst < 1e-8);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(matches_scikit_learn_lasso, T, scalar_types)
{
    // tests/data/make_patch_reference.py: sklearn 1.2.1 Lasso, λ = 0.1, coordinate descent to 1e-12.
    using hsc::testing::data_path;
    const auto d = hsc::io::read_npy<T, 2>(data_path("patches_dictionary.npy"));
    const auto x = hsc::io::read_npy<T, 2>(data_path("patches_signals.npy"));
    const auto expected = hsc::io::read_npy<double, 2>(data_path("patches_lasso_sklearn.npy"));
    const std::size_t k = d.shape()[0], n = d.shape()[1];
    patch_lasso<T> coder(d, {.options = {.problem = {.lambda = 0.1},
                                         .max_iterations = 200000,
                                         .tolerance = sizeof(T) == 4 ? 1e-7 : 1e-13}});
    BOOST_TEST(coder.atoms() == k);
    std::vector<T> coef(k);
    double worst = 0;
    std::size_t support_mismatch = 0;
    for (std::size_t s = 0; s < x.shape()[0]; ++s) {
        coder.encode_unchecked(x.data() + s * n, coef.data());
        for (std::size_t a = 0; a < k; ++a) {
            worst = std::max(worst, std::fabs(double(coef[a]) - expected(s, a)));
            support_mismatch += (coef[a] != 0) != (expected(s, a) != 0);
        }
    }
    BOOST_TEST_MESSAGE("largest difference from sklearn: " << worst);
    BOOST_TEST(worst < (sizeof(T) == 4 ? 3e-4 : 1e-8));
    if constexpr (sizeof(T) == 8) BOOST_TEST(support_mismatch == 0u);
}

BOOST_AUTO_TEST_CASE(bad_input_is_named)
{
    const double d[4] = {1, 0, 0, std::nan("")};
    HSC_CHECK_ERROR((patch_lasso<double>(d, 2)), "atom 1 is not finite");
    const double zero[4] = {0, 0, 0, 0};
    HSC_CHECK_ERROR((patch_lasso<double>(zero, 2)), "atom 0 is all zero");
    const double ok[4] = {1, 0, 0, 1};
    HSC_CHECK_ERROR((patch_lasso<double>(ok, 2, {.options = {.problem = {.lambda = -1}}})), "lambda > 0");
    HSC_CHECK_ERROR((patch_lasso<double>(ok, 3)), "not a whole number of atoms of 3");
    HSC_CHECK_ERROR((patch_lasso<double, 2, 3>(ok, 2)), "the signal length is 2, the extents fix it at 3");
    HSC_CHECK_ERROR((patch_lasso<double>(ok, 2, {.options = {.gap_tolerance = 1e-3}})), "convolutional coding only");
    patch_lasso<double> coder(ok, 2);
    double x[2];
    const double signal[3] = {1, 2, 3}, bad[2] = {1, std::nan("")};
    HSC_CHECK_ERROR(coder.encode(std::span<const double>(signal, 3), x), "a signal of 3 values");
    HSC_CHECK_ERROR(coder.encode(bad, x), "signal value 1 is not finite");
}

BOOST_AUTO_TEST_SUITE_END()
