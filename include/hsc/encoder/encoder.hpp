// The encoder host: one type for every coder, parametrised by scalar type and solver policy.
#pragma once

#include "hsc/bank/kernel_bank.hpp"
#include "hsc/config.hpp"
#include "hsc/fft/real_fft_2d.hpp"
#include "hsc/solver/admm.hpp"
#include "hsc/solver/fista.hpp"
#include "hsc/solver/matching_pursuit.hpp"
#include "hsc/solver/orthogonal_matching_pursuit.hpp"

#include <xtensor/xtensor.hpp>

#include <cmath>
#include <string>

namespace hsc {

/// Solver policy: convolutional matching pursuit; its options are its stopping criteria.
struct mp
{
    static constexpr const char* name = "mp";
    mp_options options{};

    template <std::floating_point T>
    using engine = conv_mp_engine<T>;
};

/// Solver policy: convolutional OMP with local least-squares re-fits (LocOMP); `max_atoms` bounds
/// the support, `max_local` the atoms of one re-fit.
struct omp
{
    static constexpr const char* name = "omp";
    mp_options options{};
    std::size_t max_local = 16;

    template <std::floating_point T>
    using engine = conv_omp_engine<T>;
};

/// Solver policy of a convex coder: its options, and its engine over an FFT backend
/// (hsc::fft::real_fft_2d, or hsc::fft::fftw_real_2d from hsc/fft/fftw.hpp).
template <template <class, class> class Engine, class Options, template <class> class Backend>
struct convex_policy
{
    static constexpr const char* name = Engine<float, Backend<float>>::name;
    Options options{};

    template <std::floating_point T>
    using engine = Engine<T, Backend<T>>;
};

/// Convolutional basis pursuit denoising by ADMM (SPORCO's ConvBPDN).
template <template <class> class Backend = fft::real_fft_2d>
using basic_admm = convex_policy<cbpdn_admm_engine, admm_options, Backend>;
using admm = basic_admm<>;

/// The same problem by FISTA (adaptive restart, duality gap).
template <template <class> class Backend = fft::real_fft_2d>
using basic_fista = convex_policy<cbpdn_fista_engine, fista_options, Backend>;
using fista = basic_fista<>;

/// A solver policy for the encoder host: names an engine that, built from (bank, height, width,
/// boundary, options...), codes a row-major image and reports on it.
template <class S, class T>
concept ConvSolver = std::floating_point<T> && requires(typename S::template engine<T>& engine, const T* image)
{
    {
        S::name
        } -> std::convertible_to<const char*>;
    {
        engine.encode(image)
    }
    noexcept->std::same_as<encode_report>;
    {
        engine.code()
        } -> std::same_as<const sparse_code<T>&>;
};

/// Codes images of one size with one bank. Construction validates and allocates everything;
/// encode() validates the image (size, finite values) and runs the solver without allocating
/// (the convex solvers excepted at the very end: their event list grows if the code has more
/// nonzeros than reserved).
template <std::floating_point T, class Solver = mp>
requires ConvSolver<Solver, T>
class encoder
{
public:
    encoder(const kernel_bank<T>& bank, std::size_t height, std::size_t width,
            simd::boundary mode = simd::boundary::circular, const Solver& solver = {})
        : m_engine(make_engine(bank, height, width, mode, solver))
    {}

    encode_report encode(const xt::xtensor<T, 2>& image)
    {
        require(image.shape()[0] == m_engine.height() && image.shape()[1] == m_engine.width(), errc::invalid_argument,
                [&] {
                    return "encoder: image is " + std::to_string(image.shape()[0]) + "x" +
                           std::to_string(image.shape()[1]) + ", this encoder codes " +
                           std::to_string(m_engine.height()) + "x" + std::to_string(m_engine.width());
                });
        for (std::size_t i = 0; i < image.size(); ++i) {
            require(std::isfinite(image.data()[i]), errc::invalid_argument, [&] {
                return "encoder: pixel (" + std::to_string(i / m_engine.width()) + ", " +
                       std::to_string(i % m_engine.width()) + ") is not finite";
            });
        }
        return m_engine.encode(image.data());
    }

    /// For callers who validated the image themselves: no checks, no allocation.
    encode_report encode_unchecked(const T* image) noexcept { return m_engine.encode(image); }

    const sparse_code<T>& code() const noexcept { return m_engine.code(); }
    const typename Solver::template engine<T>& engine() const noexcept { return m_engine; }

private:
    using engine_type = typename Solver::template engine<T>;

    static engine_type make_engine(const kernel_bank<T>& bank, std::size_t height, std::size_t width,
                                   simd::boundary mode, const Solver& solver)
    {
        if constexpr (requires { solver.max_local; }) {
            return engine_type(bank, height, width, mode, solver.options, solver.max_local);
        } else {
            return engine_type(bank, height, width, mode, solver.options);
        }
    }

    engine_type m_engine;
};

} // namespace hsc
