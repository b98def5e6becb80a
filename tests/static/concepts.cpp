// Compile-time tests: the library's policies satisfy their concepts, and look-alikes do not.
#include <hsc/hsc.hpp>

#include <type_traits>

static_assert(hsc::Distribution<hsc::distribution::homogeneous>);
static_assert(hsc::Distribution<hsc::distribution::uniform_grid>);
static_assert(hsc::Distribution<hsc::distribution::lognormal>);
static_assert(hsc::Distribution<hsc::distribution::gamma>);
static_assert(hsc::Distribution<hsc::distribution::empirical>);
static_assert(!hsc::Distribution<double>);
static_assert(!hsc::Distribution<hsc::kernel_bank<float>>);

static_assert(hsc::AtomModel<hsc::log_gabor>);
static_assert(hsc::AtomModel<hsc::gabor>);
static_assert(!hsc::AtomModel<hsc::distribution::uniform_grid>);

static_assert(hsc::BankGenerator<hsc::oriented_bank<>, float>);
static_assert(hsc::BankGenerator<hsc::oriented_bank<hsc::gabor, hsc::distribution::lognormal>, double>);
static_assert(hsc::BankGenerator<hsc::random_normal_bank, float>);
static_assert(!hsc::BankGenerator<hsc::random_normal_bank, int>);

// Defaults declared once in fwd.hpp.
static_assert(std::is_same_v<hsc::default_scalar, float>);
static_assert(std::is_same_v<decltype(hsc::heterogeneous_bank()), hsc::kernel_bank<float>>);

// The random engine is a standard UniformRandomBitGenerator.
static_assert(std::uniform_random_bit_generator<hsc::random_engine>);

// Solver policies plug into the encoder host, for images and for patches; a distribution does not.
static_assert(hsc::Solver<hsc::solver::mp, float>);
static_assert(hsc::Solver<hsc::solver::omp, double>);
static_assert(hsc::Solver<hsc::solver::admm, float>);
static_assert(hsc::Solver<hsc::solver::fista, double, hsc::conv_extents<144, 12, 32, 32>>);
static_assert(hsc::Solver<hsc::solver::mp, float, hsc::patch_extents<>>);
static_assert(hsc::Solver<hsc::solver::omp, float, hsc::patch_extents<256, 64>>);
static_assert(hsc::Solver<hsc::solver::fista, double, hsc::patch_extents<>>);
static_assert(std::is_same_v<hsc::solver::admm::engine<float, hsc::patch_extents<>>, hsc::no_engine>);
static_assert(!hsc::Solver<hsc::distribution::uniform_grid, float>);
static_assert(!hsc::Solver<hsc::solver::mp_options, float>);
static_assert(hsc::ConvExtents<hsc::conv_extents<>> && !hsc::PatchExtents<hsc::conv_extents<>>);

// The defaults declared in fwd.hpp: float, matching pursuit, run-time image sizes.
static_assert(std::is_same_v<hsc::encoder<>, hsc::encoder<float, hsc::solver::mp, hsc::conv_extents<>>>);
// Hot paths are noexcept.
static_assert(noexcept(std::declval<hsc::encoder<>&>().encode_unchecked(nullptr)));
static_assert(noexcept(std::declval<hsc::encoder<float, hsc::solver::omp, hsc::patch_extents<8, 4>>&>()
                           .encode_unchecked(nullptr, nullptr)));
// Static patch extents keep everything inside the object (no heap): dictionary, Gram, buffers.
static_assert(sizeof(hsc::encoder<float, hsc::solver::omp, hsc::patch_extents<32, 16>>) >=
              (32 * 16 + 32 * 32) * sizeof(float));

// Networks are types: shapes and parameter counts are compile-time values.
namespace nn_checks {
using conv = hsc::nn::conv2d<1, 28, 28, 8, 5>;                // → (8, 24, 24)
using pool = hsc::nn::max_pool<hsc::nn::shape<8, 24, 24>, 2>; // → (8, 12, 12)
using net = hsc::nn::sequential<conv, hsc::nn::relu<conv::output_shape>, pool, hsc::nn::flatten<pool::output_shape>,
                                hsc::nn::dense<8 * 12 * 12, 10>>;
static_assert(std::is_same_v<conv::output_shape, hsc::nn::shape<8, 24, 24>>);
static_assert(std::is_same_v<pool::output_shape, hsc::nn::shape<8, 12, 12>>);
static_assert(net::classes == 10);
static_assert(net::parameter_count == (8 * 25 + 8) + (1152 * 10 + 10));
static_assert(std::is_same_v<net::input_shape, hsc::nn::shape<1, 28, 28>>);
static_assert(hsc::nn::accepts_input<hsc::nn::shape<1, 28, 28>, net>::ok);
static_assert(noexcept(std::declval<net&>().predict(nullptr)));
static_assert(noexcept(std::declval<net&>().forward(nullptr, nullptr)));
} // namespace nn_checks
