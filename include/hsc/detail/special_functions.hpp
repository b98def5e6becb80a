// Quantile functions behind the distribution policies (inverse-CDF sampling needs nothing else), and
// the normal law's distribution function and inverse Mills ratio (truncated normals).
#pragma once

#include <cmath>
#include <limits>
#include <numbers>

namespace hsc::detail {

/// Φ(x), the standard normal distribution function.
inline double normal_cdf(double x) noexcept
{
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

/// φ(x)/Φ(x) (the inverse Mills ratio), precise also far in the lower tail, where Φ underflows:
/// there Φ(x)/φ(x) = 1/(t + 1/(t + 2/(t + 3/(t + …)))), t = −x, evaluated backwards.
inline double inverse_mills_ratio(double x) noexcept
{
    if (x > -5) return std::exp(-x * x / 2) / std::sqrt(2 * std::numbers::pi) / normal_cdf(x);
    const double t = -x;
    double fraction = t;
    for (int k = 60; k >= 1; --k) fraction = t + k / fraction;
    return fraction;
}

/// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative error 1.15e-9), refined by
/// one Halley step on erfc, which brings it to double precision.
inline double normal_quantile(double p) noexcept
{
    constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                            1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                            6.680131188771972e+01, -1.328068155288572e+01};
    constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                            -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    constexpr double p_low = 0.02425;
    double x;
    if (p < p_low) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - p_low) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const double e = normal_cdf(x) - p;
    const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

/// Regularised lower incomplete gamma P(a, x), a > 0, x ≥ 0: the power series below a + 1,
/// the continued fraction of Q = 1 − P (modified Lentz) above.
inline double gamma_p(double a, double x) noexcept
{
    if (x <= 0) {
        return 0;
    }
    const double log_prefactor = a * std::log(x) - x - std::lgamma(a);
    if (x < a + 1) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < 1000; ++n) {
            term *= x / (a + n);
            sum += term;
            if (std::fabs(term) < std::fabs(sum) * 1e-16) {
                break;
            }
        }
        return sum * std::exp(log_prefactor);
    }
    constexpr double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int n = 1; n < 1000; ++n) {
        const double an = -n * (n - a);
        b += 2;
        d = an * d + b;
        d = std::fabs(d) < tiny ? tiny : d;
        c = b + an / c;
        c = std::fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1) < 1e-16) {
            break;
        }
    }
    return 1 - std::exp(log_prefactor) * h;
}

/// x such that P(a, x) = p, by bisection on a bracket grown until it holds the root: slow but
/// monotone and exact to the last bits, and populations are generated once, not in hot paths.
inline double gamma_quantile(double a, double p) noexcept
{
    double lo = 0;
    double hi = a + 1;
    while (gamma_p(a, hi) < p) {
        lo = hi;
        hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > std::numeric_limits<double>::min(); ++i) {
        const double mid = 0.5 * (lo + hi);
        if (mid == lo || mid == hi) {
            break;
        }
        (gamma_p(a, mid) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

} // namespace hsc::detail
