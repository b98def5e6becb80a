// Beyond coding: online dictionary learning, the Log-Gabor fit of learned atoms, the spike-phase
// quantizer and the reservoir network.

#include "arrays.hpp"

#include <functional>
#include <string>
#include <vector>

namespace hsc::python {
namespace {

    /// SPORCO's online learner on `steps` crops of height × width drawn from `images` (a list of 2-D
    /// arrays); `on_step(step, total)` after each step if given (the GIL is taken for it). Returns
    /// the learned atoms (K, N, N).
    template <class T>
    array<T> learn(const array<T>& atoms, const std::vector<array<T>>& images, std::size_t height, std::size_t width,
                   std::size_t steps, std::uint64_t seed, bool preprocess, double lambda,
                   const std::function<void(std::size_t, std::size_t)>& on_step)
    {
        online_learning_options options;
        options.coding.problem.lambda = lambda;
        std::vector<xt::xtensor<T, 2>> pixels;
        pixels.reserve(images.size());
        for (const auto& image : images) pixels.push_back(to_xtensor<T, 2>(image, "image"));
        online_dictionary_learner<T> learner(to_bank(atoms), height, width, options);
        {
            py::gil_scoped_release release;
            learn_from_images(learner, pixels, {.steps = steps, .seed = seed, .preprocess = preprocess},
                              [&](const learning_progress& p) {
                                  if (!on_step) return;
                                  py::gil_scoped_acquire acquire;
                                  on_step(p.step, p.total);
                              });
        }
        return to_numpy(learner.bank().atoms());
    }

    /// (θ, B_θ, φ, R²) of the Log-Gabor that best fits each atom, radians.
    template <class T>
    array<double> fit(const array<T>& atoms)
    {
        const auto fits = fit_log_gabor(to_bank(atoms));
        array<double> result({static_cast<py::ssize_t>(fits.size()), py::ssize_t{4}});
        for (std::size_t k = 0; k < fits.size(); ++k) {
            result.mutable_at(k, 0) = fits[k].theta;
            result.mutable_at(k, 1) = fits[k].b_theta;
            result.mutable_at(k, 2) = fits[k].phase;
            result.mutable_at(k, 3) = fits[k].r2;
        }
        return result;
    }

    /// Spike phases (S, N·D) of samples (S, N) through thresholds (N, D) (feature i's units in
    /// row i); phase 0 is silence. `table`: "lif" (the simulated neuron), "authors" (its step timing
    /// in the authors' code) or "drive_crossing".
    array<std::uint8_t> quantize_samples(const array<double>& samples, const array<double>& thresholds,
                                         const std::string& table, double payload)
    {
        require_rank(samples, 2, "samples");
        require_rank(thresholds, 2, "thresholds");
        const std::size_t n = extent(thresholds, 0), d = extent(thresholds, 1), count = extent(samples, 0);
        require(extent(samples, 1) == n, errc::invalid_argument, [&] {
            return "samples have " + std::to_string(extent(samples, 1)) + " features, the thresholds " +
                   std::to_string(n);
        });
        require(table == "lif" || table == "authors" || table == "drive_crossing", errc::invalid_argument,
                [&] { return "table must be 'lif', 'authors' or 'drive_crossing', got '" + table + "'"; });
        const std::vector<double> theta(thresholds.data(), thresholds.data() + n * d);
        const quantize::quantizer<double> q(n, d, theta,
                                            table == "drive_crossing"
                                                ? quantize::phase_table::drive_crossing()
                                                : quantize::phase_table::lif({.held_input = table == "authors"}),
                                            payload);
        array<std::uint8_t> phases({static_cast<py::ssize_t>(count), static_cast<py::ssize_t>(n * d)});
        for (std::size_t s = 0; s < count; ++s) q.encode(samples.data() + s * n, phases.mutable_data() + s * n * d);
        return phases;
    }

    /// A reservoir network: options as keywords, the time constants as a population (the network
    /// assigns them in ascending order and clamps them at dt, as for the library's laws). run(inputs (T, m)) → the
    /// readout features (T, n), starting from rest.
    class reservoir_model
    {
    public:
        reservoir_model(const std::vector<double>& tau, std::size_t inputs, double density, double gain,
                        double input_gain, double noise, double dt, bool recurrent, const std::string& model,
                        const std::string& method, std::uint64_t seed, double bias, bool dale, double spectral_radius,
                        std::size_t refractory)
            : m_network(make_options(tau.size(), inputs, density, gain, input_gain, noise, dt, recurrent, model, method,
                                     seed, bias, dale, spectral_radius, refractory),
                        distribution::empirical::from_values(tau))
        {}

        array<double> run(const array<double>& inputs)
        {
            require_rank(inputs, 2, "inputs");
            const std::size_t steps = extent(inputs, 0), m = extent(inputs, 1), n = m_network.size();
            require(m == m_network.inputs(), errc::invalid_argument, [&] {
                return "inputs have " + std::to_string(m) + " channels, the network " +
                       std::to_string(m_network.inputs());
            });
            require_usable(std::span<const double>(inputs.data(), steps * m),
                           [&](std::size_t i) { return "input at step " + std::to_string(i / m); });
            array<double> features({static_cast<py::ssize_t>(steps), static_cast<py::ssize_t>(n)});
            {
                py::gil_scoped_release release;
                m_network.reset();
                for (std::size_t t = 0; t < steps; ++t) {
                    m_network.step(std::span<const double>(inputs.data() + t * m, m));
                    std::copy(m_network.features().begin(), m_network.features().end(),
                              features.mutable_data() + t * n);
                }
            }
            return features;
        }

        array<double> time_constants() const { return to_numpy<double>(m_network.time_constants()); }
        double spectral_radius() const { return m_network.spectral_radius(); }

    private:
        static reservoir::network_options make_options(std::size_t n, std::size_t inputs, double density, double gain,
                                                       double input_gain, double noise, double dt, bool recurrent,
                                                       const std::string& model, const std::string& method,
                                                       std::uint64_t seed, double bias, bool dale,
                                                       double spectral_radius, std::size_t refractory)
        {
            require(model == "rate" || model == "lif", errc::invalid_argument,
                    [&] { return "model must be 'rate' or 'lif', got '" + model + "'"; });
            require(method == "euler" || method == "rk4", errc::invalid_argument,
                    [&] { return "method must be 'euler' or 'rk4', got '" + method + "'"; });
            reservoir::network_options o;
            o.n = n;
            o.inputs = inputs;
            o.density = density;
            o.gain = gain;
            o.input_gain = input_gain;
            o.noise = noise;
            o.dt = dt;
            o.recurrent = recurrent;
            o.model = model == "rate" ? reservoir::neuron_model::rate : reservoir::neuron_model::lif;
            o.method = method == "euler" ? reservoir::integrator::euler : reservoir::integrator::rk4;
            o.seed = seed;
            o.bias = bias;
            o.dale = dale;
            o.spectral_radius = spectral_radius;
            o.refractory = refractory;
            return o;
        }

        reservoir::network<double> m_network;
    };

    template <class T>
    void bind_scalar(py::module_ m)
    {
        m.def("learn", &learn<T>);
        m.def("fit_log_gabor", &fit<T>);
    }

} // namespace

void bind_models(py::module_& m)
{
    bind_scalar<float>(m.attr("f4").cast<py::module_>());
    bind_scalar<double>(m.attr("f8").cast<py::module_>());
    m.def("quantize", &quantize_samples);
    py::class_<reservoir_model>(m, "Reservoir")
        .def(py::init<const std::vector<double>&, std::size_t, double, double, double, double, double, bool,
                      const std::string&, const std::string&, std::uint64_t, double, bool, double, std::size_t>())
        .def("run", &reservoir_model::run)
        .def("time_constants", &reservoir_model::time_constants)
        .def("spectral_radius", &reservoir_model::spectral_radius);
}

} // namespace hsc::python
