// Images: an encoder object per (bank, image size, solver, options) that codes many images with one
// set-up, the code as COO arrays, and the reconstruction.

#include "arrays.hpp"

#include <dataset_job.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <variant>

namespace hsc::python {
namespace {

    /// Options from a dict of Python values; every key must be one the solver knows.
    class option_reader
    {
    public:
        option_reader(const py::dict& options, const std::string& solver) : m_options(options), m_solver(solver) {}

        template <class V>
        void read(const char* key, V& value)
        {
            m_known.insert(key);
            if (!m_options.contains(key)) return;
            try {
                value = m_options[key].cast<V>();
            } catch (const py::cast_error&) {
                fail(errc::invalid_argument, "option '" + std::string(key) + "' of solver '" + m_solver +
                                                 "' cannot be " + py::repr(m_options[key]).cast<std::string>());
            }
        }

        /// Fails naming the first key no read() asked for.
        void finish() const
        {
            for (const auto& item : m_options) {
                const auto key = item.first.cast<std::string>();
                require(m_known.count(key) > 0, errc::invalid_argument, [&] {
                    std::string known;
                    for (const auto& k : m_known) known += (known.empty() ? "" : ", ") + k;
                    return "solver '" + m_solver + "' has no option '" + key + "' (it takes " + known + ")";
                });
            }
        }

    private:
        const py::dict& m_options;
        std::string m_solver;
        std::set<std::string> m_known;
    };

    void read_greedy(option_reader& in, solver::mp_options& o)
    {
        in.read("max_atoms", o.max_atoms);
        in.read("target_psnr", o.target_psnr_db);
        in.read("threshold", o.threshold);
    }

    /// What FISTA and ADMM share: the CBPDN problem, the iteration cap and the tolerance.
    template <class ConvexOptions>
    void read_convex(option_reader& in, ConvexOptions& o)
    {
        in.read("lmbda", o.problem.lambda);
        in.read("threads", o.problem.threads);
        in.read("l1_weight", o.problem.l1_weights);
        in.read("max_iter", o.max_iterations);
        in.read("tol", o.tolerance);
    }

    /// The policy named `solver` with `options` (hsc's names; SPORCO's are mapped in Python).
    using image_policy = std::variant<solver::mp, solver::omp, solver::fista, solver::admm>;

    image_policy make_policy(const std::string& name, const py::dict& options)
    {
        option_reader in(options, name);
        image_policy policy;
        if (name == "mp") {
            solver::mp p;
            read_greedy(in, p.options);
            in.read("gain", p.options.gain);
            std::string table = "exact";
            in.read("cross_table", table);
            require(table == "exact" || table == "int16", errc::invalid_argument,
                    [&] { return "mp: cross_table must be 'exact' or 'int16', got '" + table + "'"; });
            p.table = table == "int16" ? solver::cross_table::int16 : solver::cross_table::exact;
            policy = p;
        } else if (name == "omp") {
            solver::omp p;
            read_greedy(in, p.options);
            in.read("max_local", p.max_local);
            policy = p;
        } else if (name == "fista") {
            solver::fista p;
            read_convex(in, p.options);
            in.read("gap_tol", p.options.gap_tolerance);
            in.read("target_objective", p.options.target_objective);
            in.read("restart", p.options.restart);
            policy = p;
        } else {
            require(name == "admm", errc::invalid_argument,
                    [&] { return "solver must be 'mp', 'omp', 'fista' or 'admm', got '" + name + "'"; });
            solver::admm p;
            std::string settings = "sporco";
            in.read("settings", settings); // a preset first, the other options then override it
            require(settings == "sporco" || settings == "classification", errc::invalid_argument,
                    [&] { return "admm: settings must be 'sporco' or 'classification', got '" + settings + "'"; });
            if (settings == "classification") p.options = solver::admm_options::paper_classification_encoder();
            read_convex(in, p.options);
            in.read("relax", p.options.relaxation);
            in.read("rho", p.options.rho);
            in.read("auto_rho", p.options.auto_rho);
            in.read("rho_mu", p.options.rho_rule.mu);
            in.read("rho_max_factor", p.options.rho_rule.max_factor);
            in.read("rho_normalized", p.options.rho_rule.normalized_residuals);
            in.read("rho_increase", p.options.rho_rule.increase);
            std::string code = p.options.code == solver::admm_code::x ? "x" : "y";
            in.read("code", code);
            require(code == "x" || code == "y", errc::invalid_argument,
                    [&] { return "admm: code must be 'x' (dense) or 'y' (sparse), got '" + code + "'"; });
            p.options.code = code == "x" ? solver::admm_code::x : solver::admm_code::y;
            policy = p;
        }
        in.finish();
        return policy;
    }

    boundary make_boundary(const std::string& name)
    {
        const auto mode = boundary_from_string(name);
        require(mode.has_value(), errc::invalid_argument,
                [&] { return "boundary must be 'circular' or 'zero', got '" + name + "'"; });
        return *mode;
    }

    py::dict report_dict(const encode_report& r, bool greedy)
    {
        py::dict d;
        d[greedy ? "atoms" : "iterations"] = r.selections;
        d["psnr_db"] = r.psnr_db;
        d["residual_energy"] = r.residual_energy;
        if (!greedy) d["objective"] = r.objective;
        d["stop"] = to_string(r.reason);
        return d;
    }

    /// COO arrays (atom, row, col, value) of a code, one entry per coefficient (merged).
    template <class T>
    py::tuple coo_arrays(const sparse_code<T>& merged)
    {
        const auto n = static_cast<py::ssize_t>(merged.events().size());
        array<std::uint32_t> atom(n), row(n), col(n);
        array<T> value(n);
        for (py::ssize_t i = 0; i < n; ++i) {
            const auto& e = merged.events()[static_cast<std::size_t>(i)];
            atom.mutable_data()[i] = e.atom;
            row.mutable_data()[i] = e.row;
            col.mutable_data()[i] = e.col;
            value.mutable_data()[i] = e.value;
        }
        return py::make_tuple(atom, row, col, value);
    }

    /// One encoder of hsc for any solver; safe to share between Python threads (one encode at a
    /// time per object; separate objects run in parallel, the GIL released).
    template <class T>
    class image_encoder
    {
    public:
        image_encoder(const array<T>& atoms, std::size_t height, std::size_t width, const std::string& boundary_name,
                      const std::string& solver_name, const py::dict& options)
            : m_greedy(solver_name == "mp" || solver_name == "omp")
        {
            const kernel_bank<T> bank = to_bank(atoms);
            const boundary mode = make_boundary(boundary_name);
            const image_policy policy = make_policy(solver_name, options);
            std::visit(
                [&](const auto& p) {
                    using E = encoder<T, std::decay_t<decltype(p)>>;
                    m_encoder = std::make_unique<E>(bank, height, width, mode, p);
                },
                policy);
        }

        /// Codes `image` in place (no copy) with the GIL released; returns (COO arrays, report).
        py::tuple encode(const array<T>& image)
        {
            require_rank(image, 2, "image");
            const std::size_t h = extent(image, 0), w = extent(image, 1);
            const std::span<const T> pixels(image.data(), h * w);
            encode_report report;
            sparse_code<T> code;
            double seconds = 0;
            {
                py::gil_scoped_release release;
                const std::lock_guard lock(m_mutex);
                std::visit(
                    [&](auto& e) {
                        const auto start = std::chrono::steady_clock::now();
                        report = e->encode(pixels, h, w);
                        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                        code = e->code().merged();
                    },
                    m_encoder);
            }
            py::dict result = report_dict(report, m_greedy);
            result["seconds"] = seconds; // the C++ call alone: what the module adds is measured against it
            return py::make_tuple(coo_arrays(code), result);
        }

    private:
        template <class P>
        using ptr = std::unique_ptr<encoder<T, P>>;
        std::variant<ptr<solver::mp>, ptr<solver::omp>, ptr<solver::fista>, ptr<solver::admm>> m_encoder;
        bool m_greedy;
        std::mutex m_mutex;
    };

    /// The image Σ_k atom_k ∗ map_k of a code given as COO arrays.
    template <class T>
    array<T> reconstruct_coo(const array<T>& atoms, const array<std::uint32_t>& atom, const array<std::uint32_t>& row,
                             const array<std::uint32_t>& col, const array<T>& value, std::size_t height,
                             std::size_t width, const std::string& boundary_name)
    {
        const kernel_bank<T> bank = to_bank(atoms);
        const std::size_t n = static_cast<std::size_t>(value.size());
        require(static_cast<std::size_t>(atom.size()) == n && static_cast<std::size_t>(row.size()) == n &&
                    static_cast<std::size_t>(col.size()) == n,
                errc::invalid_argument, [] { return std::string("code: atom, row, col and value differ in length"); });
        require_usable(std::span<const T>(value.data(), n),
                       [](std::size_t i) { return "code: value " + std::to_string(i); });
        sparse_code<T> code({bank.size(), height, width, make_boundary(boundary_name)});
        code.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t a = atom.data()[i], r = row.data()[i], c = col.data()[i];
            require(a < bank.size() && r < height && c < width, errc::invalid_argument, [&] {
                return "code: entry " + std::to_string(i) + " (atom " + std::to_string(a) + ", row " +
                       std::to_string(r) + ", col " + std::to_string(c) + ") is outside the code's geometry";
            });
            code.push_back({a, r, c, value.data()[i]});
        }
        xt::xtensor<T, 2> image;
        {
            py::gil_scoped_release release;
            image = reconstruct(code, bank);
        }
        return to_numpy(image);
    }

    template <class T>
    void bind_scalar(py::module_ m)
    {
        py::class_<image_encoder<T>>(m, "ImageEncoder")
            .def(py::init<const array<T>&, std::size_t, std::size_t, const std::string&, const std::string&,
                          const py::dict&>())
            .def("encode", &image_encoder<T>::encode);
        m.def("reconstruct", &reconstruct_coo<T>);
    }

    /// `hsc encode-dataset` with the same job and the same files: what hsc.datasets and hsc.dask call.
    std::string encode_dataset(const std::vector<std::string>& inputs, const std::string& out,
                               const array<float>& atoms, const std::string& solver, const py::dict& options,
                               const std::string& boundary_name, const std::string& preprocess,
                               std::optional<std::size_t> resize, std::size_t shard_size, std::size_t part,
                               std::size_t parts, std::size_t workers, bool progress)
    {
        require(!options.contains("threads"), errc::invalid_argument, [] {
            return std::string("encode_dataset: give workers=N, not threads: each image is coded on one thread");
        });
        require(preprocess == "lcn" || preprocess == "whiten" || preprocess == "none", errc::invalid_argument,
                [&] { return "preprocess must be 'lcn', 'whiten' or 'none', got '" + preprocess + "'"; });
        const cli::dataset_plan plan{.images = cli::list_dataset(inputs),
                                     .out = out,
                                     .shard_size = shard_size,
                                     .part = part,
                                     .parts = parts,
                                     .threads = workers,
                                     .progress = progress};
        const kernel_bank<float> bank = to_bank(atoms);
        const boundary mode = make_boundary(boundary_name);
        const image_policy policy = make_policy(solver, options);
        py::gil_scoped_release release;
        return std::visit(
                   [&](const auto& p) {
                       return cli::run_dataset_job(plan, bank, mode, p, cli::image_preparation{resize, preprocess});
                   },
                   policy)
            .dump();
    }

    py::tuple list_dataset(const std::vector<std::string>& inputs)
    {
        const cli::dataset_listing listing = cli::list_dataset(inputs);
        return py::make_tuple(listing.root, listing.paths);
    }

} // namespace

void bind_images(py::module_& m)
{
    m.def("encode_dataset", &encode_dataset);
    m.def("list_dataset", &list_dataset);
    bind_scalar<float>(m.attr("f4").cast<py::module_>());
    bind_scalar<double>(m.attr("f8").cast<py::module_>());
}

} // namespace hsc::python
