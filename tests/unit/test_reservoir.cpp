#include "hsc/distribution/gamma.hpp"
#include "hsc/distribution/homogeneous.hpp"
#include "hsc/distribution/lognormal.hpp"
#include "hsc/distribution/normal.hpp"
#include "hsc/distribution/uniform.hpp"
#include "hsc/reservoir/tasks.hpp"
#include "support/check_error.hpp"
#include "support/random_data.hpp"

#include <boost/test/unit_test.hpp>

#include "hsc/detail/power_iteration.hpp"

#include <cmath>
#include <map>

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
    HSC_CHECK_ERROR(hsc::reservoir::evaluate_tasks(two_inputs, {{1, 0}}), "the input has 1 channel(s), the network 2");
    HSC_CHECK_ERROR(hsc::reservoir::evaluate_narma10(two_inputs), "drives one input, the network has 2");
    HSC_CHECK_ERROR(
        (hsc::reservoir::network<double>({.n = 10, .excitatory_mean = -1}, hsc::distribution::homogeneous{.value = 5})),
        "Dale's law needs an excitatory mean >= 0");
    HSC_CHECK_ERROR((hsc::reservoir::network<double>({.n = 10, .excitatory_fraction = 0.01},
                                                     hsc::distribution::homogeneous{.value = 5})),
                    "Dale's law cannot balance so few excitatory neurons");
    HSC_CHECK_ERROR(
        (hsc::reservoir::network<double>({.n = 10, .bias = -1}, hsc::distribution::homogeneous{.value = 5})),
        "bias >= 0");
    HSC_CHECK_ERROR(hsc::reservoir::evaluate_tasks(
                        net, {{1, 0}}, {.input = hsc::reservoir::input_kind::lowpass, .correlation_steps = 0}),
                    "correlation time > 0");
    const std::vector<double> states(10 * 4, 0.0);
    HSC_CHECK_ERROR(hsc::reservoir::ridge_readout(states, 10, 4, 8, 4), "cannot be split");
}

BOOST_AUTO_TEST_CASE(spectral_radius_of_matrices_with_known_spectra)
{
    // Dense row-major matrices; each case is hard in its own way for a power iteration: a leading
    // complex pair (rotations), a non-normal transient, a cycle (all |λ| equal), a nilpotent matrix.
    auto radius = [](std::vector<double> a, std::size_t n) {
        std::vector<double> v(n), w(n);
        return hsc::detail::spectral_radius(
            [&](const double* in, double* out) {
                for (std::size_t i = 0; i < n; ++i) {
                    out[i] = 0;
                    for (std::size_t j = 0; j < n; ++j) out[i] += a[i * n + j] * in[j];
                }
            },
            v.data(), w.data(), n);
    };
    const double c = 0.9 * std::cos(0.7), s = 0.9 * std::sin(0.7);
    BOOST_TEST(radius({c, -s, 0, s, c, 0, 0, 0, 0.5}, 3) == 0.9, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(radius({0.5, 10, 0, 0.4}, 2) == 0.5, boost::test_tools::tolerance(1e-6));
    BOOST_TEST(radius({0, 0, 0.7, 0.7, 0, 0, 0, 0.7, 0}, 3) == 0.7, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(radius({0, 1, 0, 0}, 2) == 0.0);
}

BOOST_AUTO_TEST_CASE(truncated_normal_draws_have_the_truncated_mean)
{
    // E[X | X > 0] = √(2/π) for N(0, 1); and the inverse-CDF draws average to the closed form.
    BOOST_TEST(hsc::detail::truncated_normal_mean(0, 1, 1) == std::sqrt(2 / std::numbers::pi),
               boost::test_tools::tolerance(1e-12));
    for (const double mu : {-1.0, 0.3, 1.0, -5.0})
        for (const double sign : {1.0, -1.0}) {
            double sum = 0;
            const int k = 200000;
            for (int i = 0; i < k; ++i) {
                const double x = hsc::detail::truncated_normal(mu, 1.5, sign, (i + 0.5) / k);
                BOOST_TEST_REQUIRE(sign * x >= 0.0);
                sum += x;
            }
            BOOST_TEST(sum / k == hsc::detail::truncated_normal_mean(mu, 1.5, sign),
                       boost::test_tools::tolerance(2e-3));
        }
}

BOOST_AUTO_TEST_CASE(the_balancing_inhibitory_mean_balances)
{
    // f·E⁺(μ_e) + (1 − f)·E⁻(μ_i) = 0, also where μ_i is far from zero on either side; the inverse
    // Mills ratio agrees with φ/Φ where both are precise and keeps its asymptote 1/t where Φ underflows.
    auto direct = [](double x) {
        return std::exp(-x * x / 2) / std::sqrt(2 * std::numbers::pi) / hsc::detail::normal_cdf(x);
    };
    for (const double x : {-4.9, -5.01, -8.0}) // the continued fraction takes over at −5
        BOOST_TEST(hsc::detail::inverse_mills_ratio(x) == direct(x), boost::test_tools::tolerance(1e-9));
    BOOST_TEST(hsc::detail::inverse_mills_ratio(-40) == 40 + 1 / 40.0 - 2 / (40.0 * 40 * 40),
               boost::test_tools::tolerance(1e-7));
    for (const double f : {0.1, 0.2, 0.8, 0.95})
        for (const double mu : {0.0, 1.0, 3.0}) {
            const double mi = hsc::detail::balancing_inhibitory_mean(mu, 1, f);
            const double balance = f * hsc::detail::truncated_normal_mean(mu, 1, 1) +
                                   (1 - f) * hsc::detail::truncated_normal_mean(mi, 1, -1);
            BOOST_TEST(std::fabs(balance) < 1e-9);
        }
}

BOOST_AUTO_TEST_CASE(dale_signs_every_column_and_balances_the_means)
{
    for (const bool dale : {true, false}) {
        hsc::reservoir::network<double> net({.n = 300, .seed = 5, .dale = dale},
                                            hsc::distribution::homogeneous{.value = 3});
        std::map<std::uint32_t, std::pair<int, int>> signs; // column → (positive, negative) counts
        for (std::size_t k = 0; k < net.connections(); ++k)
            (net.weights()[k] > 0 ? signs[net.columns()[k]].first : signs[net.columns()[k]].second) += 1;
        std::size_t mixed = 0;
        for (const auto& [column, count] : signs) mixed += count.first > 0 && count.second > 0;
        if (!dale) {
            BOOST_TEST(mixed > 100u); // plain normals: most excitatory columns have negative weights
            continue;
        }
        BOOST_TEST(mixed == 0u);
        // Rows sum to zero on average: f·(mean excitatory weight) + (1 − f)·(mean inhibitory) ≈ 0.
        double positive = 0, negative = 0, np = 0, nn = 0;
        for (const double w : net.weights()) (w > 0 ? positive : negative) += w, (w > 0 ? np : nn) += 1;
        const double balance = 0.8 * positive / np + 0.2 * negative / nn;
        BOOST_TEST(std::fabs(balance) < 0.02 * positive / np);
    }
}

BOOST_AUTO_TEST_CASE(the_spectral_radius_is_reported_and_can_be_set)
{
    const hsc::reservoir::network<double> a({.n = 200, .gain = 1, .seed = 3},
                                            hsc::distribution::homogeneous{.value = 2});
    const hsc::reservoir::network<double> b({.n = 200, .gain = 2.5, .seed = 3},
                                            hsc::distribution::homogeneous{.value = 2});
    BOOST_TEST(a.spectral_radius() > 0.1);
    BOOST_TEST(b.spectral_radius() / a.spectral_radius() == 2.5, boost::test_tools::tolerance(1e-6));
    const hsc::reservoir::network<float> set({.n = 200, .seed = 3, .spectral_radius = 0.8},
                                             hsc::distribution::homogeneous{.value = 2});
    BOOST_TEST(set.spectral_radius() == 0.8, boost::test_tools::tolerance(1e-4));
    const hsc::reservoir::network<double> none({.n = 200, .recurrent = false, .spectral_radius = 0.8},
                                               hsc::distribution::homogeneous{.value = 2});
    BOOST_TEST(none.spectral_radius() == 0.0);
}

BOOST_AUTO_TEST_CASE(a_bias_makes_even_powers_learnable_without_recurrence)
{
    // Without bias or recurrence every feature is f(odd function of u) − ½ + ½, odd in u: u(t)² is
    // orthogonal to all of it. A bias breaks the symmetry; the weights stay those of the unbiased draw.
    const std::vector<hsc::reservoir::task> square{{2, 0}};
    for (const bool bias : {false, true}) {
        hsc::reservoir::network<double> net({.n = 50, .recurrent = false, .seed = 2, .bias = bias ? 1.0 : 0.0},
                                            hsc::distribution::homogeneous{.value = 1});
        const double r2 = hsc::reservoir::evaluate_tasks(net, square).r2[0];
        if (bias)
            BOOST_TEST(r2 > 0.5);
        else
            BOOST_TEST(r2 < 0.02);
    }
}

BOOST_AUTO_TEST_CASE(lif_refractory_period_and_own_time_constant_traces)
{
    // Strong constant drive: a neuron fires at most once every refractory + 1 steps; its trace
    // r ← r·e^{−dt/τ_i} + s reveals each spike s.
    const std::size_t refractory = 3;
    hsc::reservoir::network<double> net({.n = 30,
                                         .input_gain = 20,
                                         .recurrent = false,
                                         .model = hsc::reservoir::neuron_model::lif,
                                         .refractory = refractory},
                                        hsc::distribution::lognormal{.mean = 4, .cv = 0.5});
    const double strong = 1, zero = 0;
    std::vector<double> previous(30, 0.0);
    std::vector<int> last_spike(30, -100), spikes(30, 0);
    for (int t = 0; t < 200; ++t) {
        net.step({&strong, 1});
        for (std::size_t i = 0; i < 30; ++i) {
            const double decay = std::exp(-1 / net.time_constants()[i]);
            const double s = net.features()[i] - previous[i] * decay;
            BOOST_TEST_REQUIRE((std::fabs(s) < 1e-9 || std::fabs(s - 1) < 1e-9));
            if (s > 0.5) {
                BOOST_TEST_REQUIRE(t - last_spike[i] > static_cast<int>(refractory));
                last_spike[i] = t, ++spikes[i];
            }
            previous[i] = net.features()[i];
        }
    }
    BOOST_TEST(*std::max_element(spikes.begin(), spikes.end()) == 50); // fires as fast as it may
    for (int t = 0; t < 5; ++t) net.step({&zero, 1});
    // Silent now (below threshold): every trace decays with its own neuron's time constant.
    const std::vector<double> before = net.features();
    net.step({&zero, 1});
    for (std::size_t i = 0; i < 30; ++i)
        BOOST_TEST(net.features()[i] == before[i] * std::exp(-1 / net.time_constants()[i]),
                   boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_lowpass_input_is_standardised_and_predictable)
{
    // AR(1) with a = e^{−1/c}: unit variance, lag-one correlation a; its best one-step predictor has
    // R² = a² (0.819 at c = 10), which a reservoir approaches but cannot beat.
    const hsc::reservoir::protocol setup{.input = hsc::reservoir::input_kind::lowpass, .correlation_steps = 10};
    const auto u = hsc::reservoir::task_input(setup, 200000);
    double variance = 0, lag = 0;
    for (std::size_t t = 0; t < u.size(); ++t) {
        variance += u[t] * u[t];
        if (t > 0) lag += u[t] * u[t - 1];
    }
    variance /= double(u.size()), lag /= double(u.size() - 1);
    BOOST_TEST(variance == 1.0, boost::test_tools::tolerance(0.05));
    BOOST_TEST(lag / variance == std::exp(-0.1), boost::test_tools::tolerance(0.01));
    hsc::reservoir::network<double> net({.n = 100, .seed = 3, .bias = 1}, hsc::distribution::homogeneous{.value = 2});
    const auto predict = hsc::reservoir::evaluate_tasks(net, {{1, 1}}, setup).r2[0];
    BOOST_TEST(predict > 0.7);
    BOOST_TEST(predict < std::exp(-0.2) + 0.02);
    const auto white = hsc::reservoir::evaluate_tasks(net, {{1, 1}}).r2[0];
    BOOST_TEST(white < 0.01); // i.i.d. input: nothing to predict
}

BOOST_AUTO_TEST_CASE(narma10_and_mackey_glass)
{
    hsc::reservoir::network<double> net({.n = 100, .seed = 3, .bias = 1}, hsc::distribution::homogeneous{.value = 1});
    // Mackey-Glass one step ahead is smooth and nearly linear in the recent past: almost perfect.
    const auto glass = hsc::reservoir::evaluate_mackey_glass(net);
    BOOST_TEST(glass.r2 > 0.99);
    BOOST_TEST(glass.nrmse == std::sqrt(1 - glass.r2), boost::test_tools::tolerance(1e-12));
    // NARMA-10 needs ten steps of memory and products: a 100-neuron reservoir gets part of it.
    const auto narma = hsc::reservoir::evaluate_narma10(net);
    BOOST_TEST(narma.r2 > 0.2);
    BOOST_TEST(narma.r2 < 0.99);
}

BOOST_AUTO_TEST_SUITE_END()
