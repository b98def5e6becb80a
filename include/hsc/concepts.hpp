// The contracts of hsc's policies. Each concept has reference implementations in its folder.
#pragma once

#include "hsc/fwd.hpp"

#include <concepts>
#include <span>

namespace hsc {

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

/// A recipe for a kernel bank (hsc::oriented_bank, hsc::random_normal_bank): builds it in any
/// floating-point type. See hsc/bank/.
template <class G, class T>
concept BankGenerator = std::floating_point<T> && requires(const G& g)
{
    {
        g.template build<T>()
        } -> std::same_as<kernel_bank<T>>;
};

} // namespace hsc
