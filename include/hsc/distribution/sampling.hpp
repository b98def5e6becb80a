// What distributions share: drawing a population from a quantile function.
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/config.hpp"
#include "hsc/random.hpp"

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hsc::distribution {

/// How a continuous law becomes a finite population.
struct sampling
{
    enum kind_t {
        quantiles, ///< value i = Q((i + ½)/n): deterministic, ascending, no sampling noise
        random     ///< value i = Q(u_i), u_i uniform from `seed`: i.i.d. draws
    };
    kind_t kind = quantiles;
    std::uint64_t seed = 0;
};

constexpr const char* to_string(sampling::kind_t kind) noexcept
{
    return kind == sampling::quantiles ? "quantiles" : "random";
}

/// The population of size n a distribution yields.
template <Distribution D>
std::vector<double> population(const D& distribution, std::size_t n)
{
    std::vector<double> values(n);
    distribution.fill(values);
    return values;
}

} // namespace hsc::distribution

namespace hsc::detail {
template <class Quantile>
void fill_from_quantile(Quantile&& q, const distribution::sampling& how, std::span<double> out)
{
    random_engine engine(how.seed);
    const double n = static_cast<double>(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double p =
            how.kind == distribution::sampling::quantiles ? (static_cast<double>(i) + 0.5) / n : engine.uniform();
        out[i] = q(p);
    }
}

/// fill() of a law given by mean and coefficient of variation (lognormal, gamma, normal,
/// uniform): validate the two, then draw from the law's quantile function; cv = 0 gives the
/// mean itself, bit for bit, whatever the law.
template <class Law>
void fill_mean_cv_law(const Law& law, const char* who, std::span<double> out)
{
    require(std::isfinite(law.mean) && law.mean > 0 && std::isfinite(law.cv) && law.cv >= 0, errc::invalid_argument,
            [&] {
                return std::string(who) + ": needs mean > 0 and cv >= 0 (got mean " + std::to_string(law.mean) +
                       ", cv " + std::to_string(law.cv) + ")";
            });
    if (law.cv == 0) { // every law degenerates to its mean, exactly (no exp(log(mean)) rounding)
        for (double& v : out) v = law.mean;
        return;
    }
    fill_from_quantile([&law](double p) { return law.quantile(p); }, law.how, out);
}
} // namespace hsc::detail
