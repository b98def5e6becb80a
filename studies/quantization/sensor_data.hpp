// The quantization study's synthetic odour-sensor data (docs/science.md §2.5): 8 analytes × 8 sensors, one class per
// analyte, class and concentration confounded over two decades. Seeded and deterministic.
//
// Affinities: the seed vector [1, .95, .8, .75, .4, .35, .2, .15] projected to Hoyer sparseness 0.4
// (Hoyer 2004: the non-negative vector with the same ℓ2 norm and the ℓ1 norm that sparseness
// implies, closest to the seed), then circularly shifted by the analyte's index, so analyte a
// prefers sensor a — our choice of "permuted so each analyte has its own preferred sensor".
// Class c's concentration is 2^c + Exp(1) (scipy's expon(loc = 2^c)). Sensors:
//   concentration session: r_j = conc · affinity_j + N(0, noise_sd²);
//   saturation session:    r_j = σ(8 (conc · affinity_j − 0.5)) + N(0, 0.02²);
// responses below 0 are clipped to 0 (the encoder needs non-negative inputs).
#pragma once

#include <hsc/config.hpp>
#include <hsc/detail/special_functions.hpp>
#include <hsc/metrics/hoyer.hpp>
#include <hsc/random.hpp>

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace hsc::studies {

enum class sensor_session {
    concentration, ///< linear sensors + noise
    saturation     ///< sigmoid sensors + noise
};

struct sensor_data_options
{
    sensor_session session = sensor_session::concentration;
    std::size_t samples_per_class = 16;
    double noise_sd = 0.05; ///< concentration session (the spec's range: 0.01–0.1); saturation uses 0.02
    std::uint64_t seed = 1;
};

/// Samples (classes·samples_per_class rows, 8 sensors), class by class; labels[r] = class of row r.
struct sensor_data
{
    xt::xtensor<double, 2> samples;
    std::vector<std::size_t> labels;
    xt::xtensor<double, 2> affinities; ///< (analyte, sensor)
    std::vector<double> concentrations;
};

inline xt::xtensor<double, 2> sensor_affinities()
{
    const std::vector<double> seed = {1, .95, .8, .75, .4, .35, .2, .15};
    const auto sparse = hoyer_project(seed, 0.4);
    xt::xtensor<double, 2> affinity({8, 8});
    for (std::size_t a = 0; a < 8; ++a)
        for (std::size_t j = 0; j < 8; ++j) affinity(a, j) = sparse[(j + 8 - a) % 8];
    return affinity;
}

/// One sensor's response to an analyte at a concentration, given the noise draw.
inline double sensor_response(const sensor_data_options& options, double concentration, double affinity,
                              double noise) noexcept
{
    const double clean = options.session == sensor_session::concentration
                             ? concentration * affinity
                             : 1 / (1 + std::exp(-8 * (concentration * affinity - 0.5)));
    return std::max(0.0, clean + noise);
}

inline sensor_data make_sensor_data(const sensor_data_options& options = {})
{
    require(options.samples_per_class > 0 && options.noise_sd >= 0 && std::isfinite(options.noise_sd),
            errc::invalid_argument, [&] {
                return "sensor data: needs samples per class > 0 and a finite noise sd >= 0 (got " +
                       std::to_string(options.samples_per_class) + ", " + std::to_string(options.noise_sd) + ")";
            });
    constexpr std::size_t classes = 8, sensors = 8;
    sensor_data data;
    data.affinities = sensor_affinities();
    data.samples = xt::xtensor<double, 2>({classes * options.samples_per_class, sensors});
    random_engine engine(options.seed);
    const double sd = options.session == sensor_session::concentration ? options.noise_sd : 0.02;
    for (std::size_t c = 0; c < classes; ++c)
        for (std::size_t s = 0; s < options.samples_per_class; ++s) {
            const std::size_t row = c * options.samples_per_class + s;
            const double concentration = std::ldexp(1.0, static_cast<int>(c)) - std::log(engine.uniform());
            data.labels.push_back(c);
            data.concentrations.push_back(concentration);
            for (std::size_t j = 0; j < sensors; ++j) {
                const double noise = sd * detail::normal_quantile(engine.uniform());
                data.samples(row, j) = sensor_response(options, concentration, data.affinities(c, j), noise);
            }
        }
    return data;
}

} // namespace hsc::studies
