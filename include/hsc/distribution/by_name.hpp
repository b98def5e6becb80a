// Choosing a law by its name at run time (a tool's option, a study's table), for the laws given
// by mean and coefficient of variation.
#pragma once

#include "hsc/config.hpp"
#include "hsc/distribution/gamma.hpp"
#include "hsc/distribution/homogeneous.hpp"
#include "hsc/distribution/lognormal.hpp"
#include "hsc/distribution/normal.hpp"
#include "hsc/distribution/uniform.hpp"

#include <array>
#include <string>
#include <string_view>

namespace hsc::distribution {

/// The names with_mean_cv() knows besides "homogeneous".
inline constexpr std::array<std::string_view, 4> mean_cv_laws{"lognormal", "gamma", "normal", "uniform"};

/// Whether `name` is "homogeneous" or one of mean_cv_laws.
constexpr bool is_law_name(std::string_view name) noexcept
{
    if (name == "homogeneous") return true;
    for (const auto law : mean_cv_laws)
        if (law == name) return true;
    return false;
}

/// Calls f with the law named `name` of the given mean and cv, drawn as `how` says ("homogeneous":
/// the mean itself, whatever the cv) and returns what f returns; an unknown name fails through
/// hsc::fail.
template <class F>
decltype(auto) with_mean_cv(std::string_view name, double mean, double cv, F&& f, sampling how = {})
{
    if (name == "lognormal") return f(lognormal{.mean = mean, .cv = cv, .how = how});
    if (name == "gamma") return f(gamma{.mean = mean, .cv = cv, .how = how});
    if (name == "normal") return f(normal{.mean = mean, .cv = cv, .how = how});
    if (name == "uniform") return f(uniform{.mean = mean, .cv = cv, .how = how});
    require(name == "homogeneous", errc::invalid_argument, [&] {
        return "unknown distribution '" + std::string(name) + "' (homogeneous, lognormal, gamma, normal, uniform)";
    });
    return f(homogeneous{.value = mean});
}

} // namespace hsc::distribution
