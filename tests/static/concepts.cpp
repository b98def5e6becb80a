// Compile-time tests: the library's policies satisfy their concepts, and look-alikes do not.
#include <hsc/hsc.hpp>

#include <type_traits>

static_assert(hsc::Distribution<hsc::homogeneous>);
static_assert(hsc::Distribution<hsc::uniform_grid>);
static_assert(hsc::Distribution<hsc::lognormal>);
static_assert(hsc::Distribution<hsc::gamma>);
static_assert(hsc::Distribution<hsc::empirical>);
static_assert(!hsc::Distribution<double>);
static_assert(!hsc::Distribution<hsc::kernel_bank<float>>);

static_assert(hsc::AtomModel<hsc::log_gabor>);
static_assert(hsc::AtomModel<hsc::gabor>);
static_assert(!hsc::AtomModel<hsc::uniform_grid>);

static_assert(hsc::BankGenerator<hsc::oriented_bank<>, float>);
static_assert(hsc::BankGenerator<hsc::oriented_bank<hsc::gabor, hsc::lognormal>, double>);
static_assert(hsc::BankGenerator<hsc::random_normal_bank, float>);
static_assert(!hsc::BankGenerator<hsc::random_normal_bank, int>);

// Defaults declared once in fwd.hpp.
static_assert(std::is_same_v<hsc::default_scalar, float>);
static_assert(std::is_same_v<decltype(hsc::heterogeneous_bank()), hsc::kernel_bank<float>>);

// The random engine is a standard UniformRandomBitGenerator.
static_assert(std::uniform_random_bit_generator<hsc::random_engine>);

// Solver policies plug into the encoder host; a distribution does not.
static_assert(hsc::ConvSolver<hsc::mp, float>);
static_assert(hsc::ConvSolver<hsc::omp, double>);
static_assert(hsc::ConvSolver<hsc::admm, float>);
static_assert(!hsc::ConvSolver<hsc::uniform_grid, float>);

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
