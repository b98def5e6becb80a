#include "hsc/distribution/gamma.hpp"
#include "hsc/distribution/homogeneous.hpp"
#include "hsc/distribution/lognormal.hpp"
#include "hsc/distribution/normal.hpp"
#include "hsc/distribution/uniform.hpp"
#include "hsc/reservoir/tasks.hpp"
#include "support/check_error.hpp"
#include "support/random_data.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

namespace {

/// The readout features of `net` over `steps` steps of a fixed pseudo-random input.
template <class T>
std::vector<T> trajectory(hsc::reservoir::network<T>& net, std::size_t steps)
{
    const auto u = hsc::testing::uniform_vector<T>(steps, 99);
    std::vector<T> out;
    net.reset();
    for (std::size_t t = 0; t < steps; ++t) {
        net.step({&u[t], 1});
        out.insert(out.end(), net.features().begin(), net.features().end());
    }
    return out;
}

/// Solves A x = b (m×m, row-major) by Gaussian elimination with partial pivoting: an independent
/// route to the ridge solution.
std::vector<double> gauss_solve(std::vector<double> a, std::vector<double> b, std::size_t m)
{
    for (std::size_t c = 0; c < m; ++c) {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < m; ++r)
            if (std::fabs(a[r * m + c]) > std::fabs(a[p * m + c])) p = r;
        for (std::size_t k = 0; k < m; ++k) std::swap(a[c * m + k], a[p * m + k]);
        std::swap(b[c], b[p]);
        for (std::size_t r = c + 1; r < m; ++r) {
            const double f = a[r * m + c] / a[c * m + c];
            for (std::size_t k = c; k < m; ++k) a[r * m + k] -= f * a[c * m + k];
            b[r] -= f * b[c];
        }
    }
    std::vector<double> x(m);
    for (std::size_t r = m; r-- > 0;) {
        double v = b[r];
        for (std::size_t k = r + 1; k < m; ++k) v -= a[r * m + k] * x[k];
        x[r] = v / a[r * m + r];
    }
    return x;
}

} // namespace

BOOST_AUTO_TEST_SUITE(reservoir)

BOOST_AUTO_TEST_CASE(cv_zero_reproduces_the_homogeneous_network_exactly)
{
    const hsc::reservoir::network_options options{.n = 60, .seed = 4};
    hsc::reservoir::network<double> homogeneous(options, hsc::distribution::homogeneous{.value = 5});
    const auto reference = trajectory(homogeneous, 300);
    hsc::reservoir::network<double> lognormal(options, hsc::distribution::lognormal{.mean = 5, .cv = 0});
    hsc::reservoir::network<double> gamma(options, hsc::distribution::gamma{.mean = 5, .cv = 0});
    hsc::reservoir::network<double> normal(options, hsc::distribution::normal{.mean = 5, .cv = 0});
    hsc::reservoir::network<double> uniform(options, hsc::distribution::uniform{.mean = 5, .cv = 0});
    BOOST_TEST((trajectory(lognormal, 300) == reference));
    BOOST_TEST((trajectory(gamma, 300) == reference));
    BOOST_TEST((trajectory(normal, 300) == reference));
    BOOST_TEST((trajectory(uniform, 300) == reference));
    hsc::reservoir::network<double> heterogeneous(options, hsc::distribution::lognormal{.mean = 5, .cv = 0.5});
    BOOST_TEST(!(trajectory(heterogeneous, 300) == reference));
}

BOOST_AUTO_TEST_CASE(a_homogeneous_network_recalls_the_last_input)
{
    // τ = dt: the classic echo-state network; u(t − 1) is read out almost perfectly.
    hsc::reservoir::network<double> net({.n = 100, .gain = 1.5}, hsc::distribution::homogeneous{.value = 1});
    const auto scores = hsc::reservoir::evaluate_tasks(net, {{1, -1}});
    BOOST_TEST(scores.r2[0] > 0.99);
}

BOOST_AUTO_TEST_CASE(ridge_matches_a_direct_solve)
{
    const std::size_t steps = 80, width = 4, train = 40;
    const auto states = hsc::testing::uniform_vector<double>(steps * width, 3);
    const auto y = hsc::testing::uniform_vector<double>(steps, 4);
    const hsc::reservoir::ridge_readout readout(states, steps, width, train, 20);
    for (const double alpha : {0.0, 0.3, 5.0}) {
        // (XᵀX + α I') w = Xᵀy over the training rows, X = [states, 1], the bias unpenalised.
        const std::size_t m = width + 1;
        std::vector<double> a(m * m, 0.0), b(m, 0.0);
        for (std::size_t t = 0; t < train; ++t)
            for (std::size_t i = 0; i < m; ++i) {
                const double xi = i < width ? states[t * width + i] : 1.0;
                b[i] += xi * y[t];
                for (std::size_t j = 0; j < m; ++j) a[i * m + j] += xi * (j < width ? states[t * width + j] : 1.0);
            }
        for (std::size_t i = 0; i < width; ++i) a[i * m + i] += alpha;
        const auto expected = gauss_solve(a, b, m);
        const auto w = readout.weights(y, alpha);
        for (std::size_t i = 0; i < m; ++i) BOOST_TEST(w[i] == expected[i], boost::test_tools::tolerance(1e-10));
    }
}

BOOST_AUTO_TEST_CASE(r2_of_a_perfect_and_of_a_mean_prediction)
{
    const double y[4] = {1, 2, 3, 4}, mean[4] = {2.5, 2.5, 2.5, 2.5};
    BOOST_TEST(hsc::reservoir::r_squared(y, y, 4) == 1.0);
    BOOST_TEST(hsc::reservoir::r_squared(y, mean, 4) == 0.0);
}

BOOST_AUTO_TEST_CASE(without_recurrence_each_neuron_is_its_own_leaky_integrator)
{
    // W = 0 and Euler: under a step input each v_i(t) = v∞_i (1 − (1 − dt/τ_i)^t) exactly, with its
    // own τ_i; v∞_i (= w_i·c) is read off a long run.
    hsc::reservoir::network<double> net({.n = 5, .recurrent = false},
                                        hsc::distribution::lognormal{.mean = 6, .cv = 0.5});
    BOOST_TEST(net.connections() == 0u);
    const double c = 0.7;
    for (int t = 0; t < 3000; ++t) net.step({&c, 1});
    const std::vector<double> v_inf = net.membrane();
    net.reset();
    for (int t = 1; t <= 20; ++t) {
        net.step({&c, 1});
        for (std::size_t i = 0; i < 5; ++i) {
            const double expected = v_inf[i] * (1 - std::pow(1 - 1 / net.time_constants()[i], t));
            BOOST_TEST(net.membrane()[i] == expected, boost::test_tools::tolerance(1e-9));
        }
    }
}

BOOST_AUTO_TEST_CASE(rk4_follows_the_exact_leaky_integration)
{
    // One neuron, no recurrence, step input: v(t) = v∞ (1 − e^{−t/τ}); v∞ from the long run.
    const hsc::reservoir::network_options options{
        .n = 1, .recurrent = false, .method = hsc::reservoir::integrator::rk4};
    hsc::reservoir::network<double> net(options, hsc::distribution::homogeneous{.value = 4});
    const double c = 1;
    for (int t = 0; t < 400; ++t) net.step({&c, 1});
    const double v_inf = net.membrane()[0];
    net.reset();
    double worst = 0, euler_worst = 0;
    hsc::reservoir::network<double> euler({.n = 1, .recurrent = false}, hsc::distribution::homogeneous{.value = 4});
    for (int t = 1; t <= 20; ++t) {
        net.step({&c, 1});
        euler.step({&c, 1});
        const double exact = v_inf * (1 - std::exp(-t / 4.0));
        worst = std::max(worst, std::fabs(net.membrane()[0] - exact));
        euler_worst = std::max(euler_worst, std::fabs(euler.membrane()[0] - exact));
    }
    BOOST_TEST(worst < 1e-3 * std::fabs(v_inf));
    BOOST_TEST(euler_worst > 10 * worst); // Euler with dt = τ/4 is visibly off
}

BOOST_AUTO_TEST_CASE(time_constants_below_dt_are_clamped_and_counted)
{
    hsc::reservoir::network<double> net({.n = 200}, hsc::distribution::normal{.mean = 5, .cv = 2});
    BOOST_TEST(net.clamped_time_constants() > 0u);
    for (const double tau : net.time_constants()) BOOST_TEST(tau >= 1.0);
}

BOOST_AUTO_TEST_CASE(lif_neurons_fire_with_drive_and_stay_silent_without)
{
    hsc::reservoir::network<double> net(
        {.n = 20, .input_gain = 5, .recurrent = false, .model = hsc::reservoir::neuron_model::lif},
        hsc::distribution::homogeneous{.value = 3});
    const double zero = 0, strong = 1;
    for (int t = 0; t < 50; ++t) net.step({&zero, 1});
    for (const double trace : net.features()) BOOST_TEST(trace == 0.0);
    double activity = 0;
    for (int t = 0; t < 100; ++t) {
        net.step({&strong, 1});
        for (const double trace : net.features()) activity += trace;
    }
    BOOST_TEST(activity > 0.0); // neurons with positive input weights (w·5 > 1) fire
}

BOOST_AUTO_TEST_CASE(seeded_and_deterministic)
{
    hsc::reservoir::network<float> a({.n = 50, .noise = 0.1, .seed = 8}, hsc::distribution::gamma{.mean = 5, .cv = 1});
    hsc::reservoir::network<float> b({.n = 50, .noise = 0.1, .seed = 8}, hsc::distribution::gamma{.mean = 5, .cv = 1});
    hsc::reservoir::network<float> c({.n = 50, .noise = 0.1, .seed = 9}, hsc::distribution::gamma{.mean = 5, .cv = 1});
    const auto ta = trajectory(a, 100);
    BOOST_TEST((ta == trajectory(b, 100)));
    BOOST_TEST((ta == trajectory(a, 100))); // reset restarts the noise too
    BOOST_TEST(!(ta == trajectory(c, 100)));
}

BOOST_AUTO_TEST_CASE(bad_options_are_named)
{
    HSC_CHECK_ERROR(
        (hsc::reservoir::network<double>({.n = 10, .density = 2}, hsc::distribution::homogeneous{.value = 5})),
        "density in [0, 1]");
    HSC_CHECK_ERROR((hsc::reservoir::network<double>({.n = 0}, hsc::distribution::homogeneous{.value = 5})),
                    "needs neurons");
    hsc::reservoir::network<double> net({.n = 10}, hsc::distribution::homogeneous{.value = 5});
    HSC_CHECK_ERROR(hsc::reservoir::evaluate_tasks(net, {{1, -200}}), "a recall of 200 steps needs a washout");
    hsc::reservoir::network<double> two_inputs({.n = 10, .inputs = 2}, hsc::distribution::homogeneous{.value = 5});
    HSC_CHECK_ERROR(hsc::reservoir::evaluate_tasks(two_inputs, {{1, 0}}), "drive one input, the network has 2");
    const std::vector<double> states(10 * 4, 0.0);
    HSC_CHECK_ERROR(hsc::reservoir::ridge_readout(states, 10, 4, 8, 4), "cannot be split");
}

BOOST_AUTO_TEST_SUITE_END()
