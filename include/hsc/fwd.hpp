// Forward declarations and the library's default policies, declared once.
#pragma once

#include <concepts>

namespace hsc {

template <std::floating_point T>
class kernel_bank;

struct homogeneous;
struct uniform_grid;
struct lognormal;
struct normal;
struct uniform;
struct gamma;
class empirical;

struct log_gabor;
struct gabor;

/// Default scalar type of codes and banks: the paper's float32.
using default_scalar = float;

} // namespace hsc
