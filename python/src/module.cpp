// The Python module hsc._core: banks, preprocessing and the error translation; the coders and the
// models are bound in images.cpp, patches.cpp and models.cpp. python/hsc/__init__.py is the API
// users see: it checks arguments and names them in its messages, then calls these functions.

#include "arrays.hpp"

#include <numbers>
#include <string>
#include <variant>
#include <vector>

namespace hsc::python {
namespace {

    using btheta_law = std::variant<distribution::homogeneous, distribution::uniform_grid, distribution::lognormal,
                                    distribution::gamma, distribution::empirical>;

    /// B_θ's law (radians) from the Python layer's normalised description: "single" (a),
    /// "grid" (a, b: LO excluded), "lognormal"/"gamma" (mean a, cv b), "values".
    btheta_law make_law(const std::string& law, double a, double b, const std::vector<double>& values)
    {
        if (law == "single") return distribution::homogeneous{a};
        if (law == "grid") return distribution::uniform_grid{.low = a, .high = b};
        if (law == "lognormal") return distribution::lognormal{.mean = a, .cv = b};
        if (law == "gamma") return distribution::gamma{.mean = a, .cv = b};
        require(law == "values", errc::invalid_argument,
                [&] { return "btheta: unknown law '" + law + "' (single, grid, lognormal, gamma, values)"; });
        return distribution::empirical::from_values(values);
    }

    normalization make_normalization(const std::string& name)
    {
        require(name == "maxabs" || name == "l2", errc::invalid_argument,
                [&] { return "normalize must be 'maxabs' or 'l2', got '" + name + "'"; });
        return name == "l2" ? normalization::l2 : normalization::maxabs;
    }

    /// A bank's atoms and, per atom, (θ, B_θ, φ) in radians.
    template <class T>
    py::tuple bank_arrays(const kernel_bank<T>& bank)
    {
        array<double> info({static_cast<py::ssize_t>(bank.size()), py::ssize_t{3}});
        for (std::size_t k = 0; k < bank.size(); ++k) {
            info.mutable_at(k, 0) = bank.info()[k].theta;
            info.mutable_at(k, 1) = bank.info()[k].b_theta;
            info.mutable_at(k, 2) = bank.info()[k].phase;
        }
        return py::make_tuple(to_numpy(bank.atoms()), info);
    }

    py::tuple oriented(const std::string& model, std::size_t size, std::size_t thetas, const std::string& law, double a,
                       double b, std::size_t count, const std::vector<double>& values,
                       const std::vector<double>& phases, const std::string& normalize, const std::string& dtype)
    {
        require(model == "log_gabor" || model == "gabor", errc::invalid_argument,
                [&] { return "model must be 'log_gabor' or 'gabor', got '" + model + "'"; });
        return with_scalar(dtype, [&](auto scalar) {
            using T = decltype(scalar);
            return std::visit(
                [&](const auto& distribution) {
                    auto build = [&](auto atom_model) {
                        return oriented_bank<decltype(atom_model), std::decay_t<decltype(distribution)>>{
                            .size = size,
                            .n_theta = thetas,
                            .n_btheta = count,
                            .btheta = distribution,
                            .phases = phases,
                            .norm = make_normalization(normalize),
                            .model = atom_model}
                            .template build<T>();
                    };
                    return bank_arrays(model == "gabor" ? build(gabor{}) : build(log_gabor{}));
                },
                make_law(law, a, b, values));
        });
    }

    py::tuple random_normal(std::size_t count, std::size_t size, std::uint64_t seed, const std::string& normalize,
                            const std::string& dtype)
    {
        return with_scalar(dtype, [&](auto scalar) {
            using T = decltype(scalar);
            return bank_arrays(
                random_normal_bank{.count = count, .size = size, .seed = seed, .norm = make_normalization(normalize)}
                    .build<T>());
        });
    }

    /// B_θ population of a law (radians), as a bank would draw it.
    std::vector<double> population_of(const std::string& law, double a, double b, std::size_t n,
                                      const std::vector<double>& values)
    {
        return std::visit([&](const auto& d) { return distribution::population(d, n); }, make_law(law, a, b, values));
    }

    template <class T>
    void bind_preprocessing(py::module_& m)
    {
        m.def("local_contrast_normalize", [](const array<T>& image, std::size_t n) {
            return to_numpy(local_contrast_normalize(to_xtensor<T, 2>(image, "image"), n));
        });
        m.def("whiten", [](const array<T>& image) { return to_numpy(whiten(to_xtensor<T, 2>(image, "image"))); });
        m.def("learning_preprocess",
              [](const array<T>& image) { return to_numpy(learning_preprocess(to_xtensor<T, 2>(image, "image"))); });
        m.def("centre_crop_resize", [](const array<T>& image, std::size_t height, std::size_t width) {
            return to_numpy(centre_crop_resize(to_xtensor<T, 2>(image, "image"), height, width));
        });
        m.def("grayscale", [](const array<T>& rgb) { return to_numpy(grayscale(to_xtensor<T, 3>(rgb, "image"))); });
    }

} // namespace
} // namespace hsc::python

PYBIND11_MODULE(_core, m)
{
    namespace py = pybind11;
    using namespace hsc::python;
    m.doc() = "hsc's C++ core; use the package hsc, which checks arguments and documents them";
    m.attr("version") = HSC_VERSION_STRING;
    // hsc reports bad input through hsc::error; Python sees the same message as ValueError (bad
    // argument or data), OSError (a file) or MemoryError.
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const hsc::error& e) {
            switch (e.code()) {
            case hsc::errc::io:
                PyErr_SetString(PyExc_OSError, e.what());
                break;
            case hsc::errc::out_of_memory:
                PyErr_SetString(PyExc_MemoryError, e.what());
                break;
            default:
                PyErr_SetString(PyExc_ValueError, e.what());
            }
        }
    });
    m.def("oriented_bank", &oriented);
    m.def("random_bank", &random_normal);
    m.def("population", &population_of);
    auto f4 = m.def_submodule("f4", "float32"), f8 = m.def_submodule("f8", "float64");
    bind_preprocessing<float>(f4);
    bind_preprocessing<double>(f8);
    bind_images(m);
    bind_patches(m);
    bind_models(m);
}
