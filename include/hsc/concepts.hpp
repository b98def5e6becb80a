// The contracts of hsc's policies, all in one place. Each concept has reference implementations in
// the folder its comment names; docs/design explains how they fit together.
#pragma once

#include "hsc/fwd.hpp"

#include <concepts>
#include <cstddef>
#include <span>
#include <type_traits>

namespace hsc {

struct encode_report;

/// A heterogeneity distribution: writes, deterministically, the parameter values of a population
/// whose size is the span's (orientation bandwidths, thresholds, time constants...). It reports
/// bad parameters through hsc::fail. See hsc/distribution/.
template <class D>
concept Distribution = requires(const D& d, std::span<double> out)
{
    {
        d.fill(out)
        } -> std::same_as<void>;
};

/// An oriented atom model (hsc::log_gabor, hsc::gabor): writes one n×n atom for (θ, B_θ, φ).
/// See hsc/bank/.
template <class M>
concept AtomModel = requires(const M& m, std::size_t n, double angle, double* out)
{
    m.fill(n, angle, angle, angle, out);
};

/// A recipe for a kernel bank (hsc::oriented_bank, hsc::random_normal_bank): builds it in any
/// floating-point type. See hsc/bank/.
template <class G, class T>
concept BankGenerator = std::floating_point<T> && requires(const G& g)
{
    {
        g.template build<T>()
        } -> std::same_as<kernel_bank<T>>;
};

namespace detail {
    template <class E>
    struct is_conv_extents : std::false_type
    {
    };
    template <std::size_t K, std::size_t N, std::size_t H, std::size_t W>
    struct is_conv_extents<conv_extents<K, N, H, W>> : std::true_type
    {
    };
    template <class E>
    struct is_patch_extents : std::false_type
    {
    };
    template <std::size_t K, std::size_t N>
    struct is_patch_extents<patch_extents<K, N>> : std::true_type
    {
    };
} // namespace detail

/// Sizes of convolutional coding (hsc::conv_extents). See hsc/encoder/.
template <class E>
concept ConvExtents = detail::is_conv_extents<E>::value;

/// Sizes of patch coding (hsc::patch_extents). See hsc/encoder/.
template <class E>
concept PatchExtents = detail::is_patch_extents<E>::value;

/// The result type of a solver that has no engine for some extents: the encoder host refuses it
/// with a static_assert that names the solver.
struct no_engine
{
};

/// A solver policy (hsc::solver::mp, omp, fista, admm): a name, and for each scalar type and
/// extents the engine that codes with it, or hsc::no_engine. An engine of conv_extents codes a
/// row-major image and keeps its sparse code; an engine of patch_extents codes one signal into
/// dense coefficients. Both report on every encode and never throw. See hsc/solver/.
template <class S, class T, class Extents = conv_extents<>>
concept Solver = std::floating_point<T> && std::copy_constructible<S> && requires
{
    {
        S::name
        } -> std::convertible_to<const char*>;
    typename S::template engine<T, Extents>;
} &&(std::same_as<typename S::template engine<T, Extents>, no_engine> ||
     (ConvExtents<Extents> &&
      requires(typename S::template engine<T, Extents> & engine, const T* image) {
          {
              engine.encode(image)
          }
          noexcept->std::same_as<encode_report>;
          {
              engine.code()
              } -> std::same_as<const sparse_code<T>&>;
      }) ||
     (PatchExtents<Extents> && requires(typename S::template engine<T, Extents> & engine, const T* signal, T* out) {
         {
             engine.encode(signal, out)
         }
         noexcept->std::same_as<encode_report>;
     }));

namespace fft {
    /// A real 2-D FFT backend (hsc::fft::real_fft_2d, hsc::fft::fftw_real_2d): the convex coders
    /// take one as a policy. A backend owns its buffers and plans for one image size; the layout of
    /// its half spectrum is its own, since the coders only work bin by bin. See hsc/fft/.
    template <class F, class T>
    concept RealFft2d = std::floating_point<T> && std::constructible_from<F, std::size_t, std::size_t> &&
        std::move_constructible<F> && requires(F& f, const F& c, const T* in, T* out, std::size_t bin)
    {
        /// Complex values in the half spectrum.
        {
            c.bins()
            } -> std::same_as<std::size_t>;
        /// How many bins of the full spectrum a stored bin stands for (1 or 2), for Parseval sums.
        {
            c.bin_weight(bin)
            } -> std::same_as<T>;
        /// Unnormalized forward transform of a row-major image, split real / imaginary output.
        {
            f.forward(in, out, out)
        }
        noexcept;
        {
            f.forward_pair(in, in, out, out, out, out)
        }
        noexcept;
        /// Normalized inverse: inverse(forward(x)) = x.
        {
            f.inverse(in, in, out)
        }
        noexcept;
        {
            f.inverse_pair(in, in, in, in, out, out)
        }
        noexcept;
    };
} // namespace fft

namespace nn {
    /// A layer of a classifier (hsc::nn::dense, conv2d, ...): its scalar, input and output shapes
    /// as types, its parameter count, and a forward pass. See hsc/nn/.
    template <class L>
    concept Layer = requires
    {
        typename L::scalar;
        typename L::input_shape;
        typename L::output_shape;
        {
            L::parameter_count
            } -> std::convertible_to<std::size_t>;
    };

    /// What a network's first layer reads: a pointer to the dense input, or a sparse_input for a
    /// layer that reads nonzeros (sparse_input_conv2d).
    template <class Input, class FirstLayer>
    concept NetworkInput = requires(FirstLayer& layer, const Input& input, typename FirstLayer::scalar* out)
    {
        layer.forward(input, out);
        layer.backward(input, out, out, nullptr);
    };
} // namespace nn

} // namespace hsc
