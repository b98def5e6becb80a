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
