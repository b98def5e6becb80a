// Signals (patches): a dense dictionary of K atoms of N values, Batch-OMP, MP and the lasso by
// FISTA over many signals on `threads` threads (one engine per thread: the engines keep state), and
// Batch-OMP from a Gram matrix as scikit-learn's orthogonal_mp_gram.

#include "arrays.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

namespace hsc::python {
namespace {

    using dynamic_patches = patch_extents<dynamic, dynamic>;

    template <class T, class P>
    using patch_encoder_of = encoder<T, P, dynamic_patches>;

    /// The policy of a patch coder: "omp" and "mp" stop after `max_atoms` atoms or below
    /// `threshold`; "lasso" solves ½‖s − Dᵀc‖² + λ‖c‖₁ by FISTA to `tol` within `max_iter`.
    using patch_policy = std::variant<solver::omp, solver::mp, solver::fista>;

    patch_policy make_patch_policy(const std::string& name, std::size_t max_atoms, double threshold, double lambda,
                                   std::size_t max_iter, double tol)
    {
        if (name == "omp") return solver::omp{.options = {.max_atoms = max_atoms, .threshold = threshold}};
        if (name == "mp") return solver::mp{.options = {.max_atoms = max_atoms, .threshold = threshold}};
        require(name == "lasso", errc::invalid_argument,
                [&] { return "patch solver must be 'omp', 'mp' or 'lasso', got '" + name + "'"; });
        solver::fista policy;
        policy.options.problem.lambda = lambda;
        policy.options.max_iterations = max_iter;
        policy.options.tolerance = tol;
        return policy;
    }

    template <class T>
    class patch_coder
    {
    public:
        patch_coder(const array<T>& dictionary, const std::string& solver_name, std::size_t max_atoms, double threshold,
                    double lambda, std::size_t max_iter, double tol, std::size_t threads)
            : m_pool(std::max<std::size_t>(1, threads))
        {
            require_rank(dictionary, 2, "dictionary");
            m_atoms = extent(dictionary, 0);
            m_length = extent(dictionary, 1);
            const std::span<const T> atoms(dictionary.data(), m_atoms * m_length);
            const patch_policy policy = make_patch_policy(solver_name, max_atoms, threshold, lambda, max_iter, tol);
            for (std::size_t t = 0; t < m_pool.size(); ++t) {
                std::visit(
                    [&](const auto& p) {
                        using E = patch_encoder_of<T, std::decay_t<decltype(p)>>;
                        m_engines.emplace_back(std::make_unique<E>(atoms, m_length, p));
                    },
                    policy);
            }
        }

        /// Codes every row of `signals` (S, N) into (S, K) coefficients and the atoms or iterations
        /// of each; the rows are checked for finite values first, naming the first bad one.
        py::tuple encode(const array<T>& signals)
        {
            require_rank(signals, 2, "signals");
            const std::size_t count = extent(signals, 0);
            require(extent(signals, 1) == m_length, errc::invalid_argument, [&] {
                return "signals have " + std::to_string(extent(signals, 1)) + " values each, the atoms " +
                       std::to_string(m_length);
            });
            const T* x = signals.data();
            for (std::size_t s = 0; s < count; ++s) // each signal is coded on its own, as the library checks it
                require_usable(std::span<const T>(x + s * m_length, m_length), [&](std::size_t i) {
                    return "signal " + std::to_string(s) + ", value " + std::to_string(i);
                });
            array<T> codes({static_cast<py::ssize_t>(count), static_cast<py::ssize_t>(m_atoms)});
            array<std::int64_t> steps(static_cast<py::ssize_t>(count));
            T* out = codes.mutable_data();
            std::int64_t* used = steps.mutable_data();
            {
                py::gil_scoped_release release;
                const std::lock_guard lock(m_mutex);
                m_pool.run(count, [&](std::size_t begin, std::size_t end, std::size_t worker) {
                    std::visit(
                        [&](auto& e) {
                            for (std::size_t i = begin; i < end; ++i)
                                used[i] = static_cast<std::int64_t>(
                                    e->encode_unchecked(x + i * m_length, out + i * m_atoms).selections);
                        },
                        m_engines[worker]);
                });
            }
            return py::make_tuple(codes, steps);
        }

    private:
        template <class P>
        using ptr = std::unique_ptr<patch_encoder_of<T, P>>;
        std::size_t m_atoms = 0, m_length = 0;
        thread_pool m_pool;
        std::vector<std::variant<ptr<solver::omp>, ptr<solver::mp>, ptr<solver::fista>>> m_engines;
        std::mutex m_mutex;
    };

    /// scikit-learn's orthogonal_mp_gram on S signals: `xy` (S, K) correlations, `norms` (S) their
    /// squared norms (used with tol ≥ 0 only). Returns (S, K) coefficients and the atoms of each.
    template <class T>
    py::tuple omp_gram(const array<T>& gram, const array<T>& xy, std::size_t max_atoms, double tol,
                       const array<T>& norms)
    {
        require_rank(gram, 2, "Gram");
        require_rank(xy, 2, "Xy");
        const std::size_t k = extent(gram, 0), count = extent(xy, 0);
        require(extent(gram, 1) == k && extent(xy, 1) == k, errc::invalid_argument, [&] {
            return "Gram is " + std::to_string(k) + "x" + std::to_string(extent(gram, 1)) + ", Xy has " +
                   std::to_string(extent(xy, 1)) + " correlations per signal";
        });
        require(tol < 0 || static_cast<std::size_t>(norms.size()) == count, errc::invalid_argument, [&] {
            return "norms_squared has " + std::to_string(norms.size()) + " values for " + std::to_string(count) +
                   " signals";
        });
        solver::gram_omp<T> coder(gram.data(), k, max_atoms);
        array<T> codes({static_cast<py::ssize_t>(count), static_cast<py::ssize_t>(k)});
        array<std::int64_t> steps(static_cast<py::ssize_t>(count));
        {
            py::gil_scoped_release release;
            for (std::size_t i = 0; i < count; ++i) {
                const double energy = tol >= 0 ? static_cast<double>(norms.data()[i]) : 0;
                steps.mutable_data()[i] = static_cast<std::int64_t>(
                    coder.encode(xy.data() + i * k, codes.mutable_data() + i * k, tol, energy).selections);
            }
        }
        return py::make_tuple(codes, steps);
    }

    template <class T>
    void bind_scalar(py::module_ m)
    {
        py::class_<patch_coder<T>>(m, "PatchCoder")
            .def(py::init<const array<T>&, const std::string&, std::size_t, double, double, std::size_t, double,
                          std::size_t>())
            .def("encode", &patch_coder<T>::encode);
        m.def("omp_gram", &omp_gram<T>);
    }

} // namespace

void bind_patches(py::module_& m)
{
    bind_scalar<float>(m.attr("f4").cast<py::module_>());
    bind_scalar<double>(m.attr("f8").cast<py::module_>());
}

} // namespace hsc::python
