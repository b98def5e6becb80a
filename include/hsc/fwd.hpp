// Forward declarations of hsc's public templates, with their default policies, declared once here.
// A header that defines one of these templates repeats no default.
#pragma once

#include <concepts>
#include <cstddef>

namespace hsc {

/// Marks a size known only at run time (in conv_extents, patch_extents and fixed-size storage).
inline constexpr std::size_t dynamic = 0;

/// Default scalar type of codes, banks and networks: the paper's float32.
using default_scalar = float;

template <std::floating_point T>
class kernel_bank;

template <class T>
class sparse_code;

/// Sizes of convolutional coding: K atoms of N×N on H×W images (each a size or hsc::dynamic).
template <std::size_t K = dynamic, std::size_t N = dynamic, std::size_t H = dynamic, std::size_t W = dynamic>
struct conv_extents;

/// Sizes of patch coding: K atoms, each a vector of N values (each a size or hsc::dynamic).
template <std::size_t K = dynamic, std::size_t N = dynamic>
struct patch_extents;

namespace fft {
    template <std::floating_point T>
    class real_fft_2d;
} // namespace fft

namespace solver {
    struct mp;
    struct omp;
    template <template <class> class Fft = fft::real_fft_2d>
    struct basic_fista;
    template <template <class> class Fft = fft::real_fft_2d>
    struct basic_admm;

    /// FISTA and ADMM on the header-only FFT; hsc/fft/fftw.hpp offers basic_admm<fft::fftw_real_2d>.
    using fista = basic_fista<>;
    using admm = basic_admm<>;
} // namespace solver

/// The encoder host: codes images (conv_extents) or signals (patch_extents) with any solver.
template <std::floating_point T = default_scalar, class Solver = solver::mp, class Extents = conv_extents<>>
class encoder;

namespace distribution {
    struct homogeneous;
    struct uniform_grid;
    struct lognormal;
    struct normal;
    struct uniform;
    struct gamma;
    class empirical;
} // namespace distribution

struct log_gabor;
struct gabor;

/// A bank generator: atoms of an AtomModel at n_theta orientations × n_btheta bandwidths drawn
/// from a Distribution × phases (checked by static_assert in the definition).
template <class Model = log_gabor, class BThetaDistribution = distribution::uniform_grid>
struct oriented_bank;

namespace quantize {
    /// N features, D units per feature (each a size or hsc::dynamic).
    template <std::floating_point T, std::size_t N = dynamic, std::size_t D = dynamic>
    class quantizer;
} // namespace quantize

/// Layers of a classifier, in the network's scalar type.
namespace nn {
    template <std::size_t In, std::size_t Out, std::floating_point T = default_scalar>
    struct dense;
    template <std::size_t In, std::size_t Out, std::floating_point T = default_scalar>
    struct sparse_input_dense;
    template <class Shape, std::floating_point T = default_scalar>
    struct relu;
    template <class Shape, std::size_t RatePercent, std::floating_point T = default_scalar>
    struct dropout;
    template <class Shape, std::size_t RatePercent, std::floating_point T = default_scalar>
    struct channel_dropout;
    template <class Shape, std::floating_point T = default_scalar>
    struct batch_norm;
    template <class Shape, std::floating_point T = default_scalar>
    struct global_avg_pool;
    template <class Shape, std::floating_point T = default_scalar>
    struct identity;
    template <class Shortcut, class... Branch>
    class residual;
    template <class Shape, std::size_t B, std::floating_point T = default_scalar>
    struct space_to_depth;
    template <class Shape, std::floating_point T = default_scalar>
    struct flatten;
    template <std::size_t C, std::size_t H, std::size_t W, std::size_t F, std::size_t K,
              std::floating_point T = default_scalar>
    struct conv2d;
    template <std::size_t C, std::size_t H, std::size_t W, std::size_t F, std::size_t K, std::size_t Pad,
              std::floating_point T>
    struct tap_conv2d;
    template <class Shape, std::size_t P, bool Max, std::floating_point T = default_scalar>
    struct pool2d;
    template <std::size_t Classes, std::floating_point T = default_scalar>
    struct softmax_cross_entropy;
} // namespace nn

} // namespace hsc
