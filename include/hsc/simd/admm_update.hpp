// The element-wise half of an ADMM iteration for ℓ1 problems (docs/science.md §1.3) on one map, as one
// vector kernel: relax X, soft-threshold into Y, update U, and the five squared norms the
// normalized residuals need — one pass over X, Y and U while they are in cache.
#pragma once

#include "hsc/simd/kernels.hpp"

#include "hsc/simd/gcc12_avx512.hpp"

#include "hsc/simd/batch.hpp"

#include <algorithm>
#include <cstddef>

HSC_SIMD_BEGIN_GCC12_WORKAROUND

namespace hsc::simd {

/// Σ over the map of x², y², (x − y)², (y_prev − y)² and u², with y and u the new values.
struct admm_norms
{
    double xx = 0, yy = 0, xy = 0, dy = 0, uu = 0;
};

/// For i < n, with U kept as w = y − U (the X-step's transform then reads w as it is) and read as
/// u_scale·(y − w) (a pending change of ρ), and t = threshold·weights[i] (weights may be nullptr:
/// all ones):
///   u = u_scale·(y − w);  relaxed = α·x + (1 − α)·y;  v = relaxed + u;
///   y ← shrink(v, t);  U ← v − y;  w ← y − U;
/// and x_out[i] = x[i] unless x_out is nullptr. Returns the norms (u the new U), summed in T over
/// chunks of `chunk` values per vector lane, then in double per lane, lanes added in order at the
/// end: a fixed order (for a given instruction set) that keeps the whole loop in registers.
template <class Arch = simd::default_arch, class T>
inline admm_norms admm_update(const T* x, T alpha, T u_scale, T threshold, const T* weights, T* y, T* w, T* x_out,
                              std::size_t n) noexcept
{
    using batch = simd::batch<T, Arch>;
    constexpr std::size_t width = batch::size, chunk = 16 * width;
    double totals[5][width] = {};
    alignas(Arch::alignment()) T lanes[width];
    auto add = [&](int which, const batch& part) {
        part.store_aligned(lanes);
        for (std::size_t l = 0; l < width; ++l) totals[which][l] += static_cast<double>(lanes[l]);
    };
    const batch a(alpha), b(T(1) - alpha), s(u_scale), t(threshold);
    const std::size_t vec_end = n - n % width;
    std::size_t i = 0;
    while (i < vec_end) {
        const std::size_t end = std::min(vec_end, i + chunk);
        batch sxx(T(0)), syy(T(0)), sxy(T(0)), sdy(T(0)), suu(T(0));
        for (; i < end; i += width) {
            const batch xv = batch::load_unaligned(x + i), yv = batch::load_unaligned(y + i);
            const batch v = s * (yv - batch::load_unaligned(w + i)) + (a * xv + b * yv);
            const batch ti = weights == nullptr ? t : t * batch::load_unaligned(weights + i);
            const batch y_new = v - simd::min(simd::max(v, -ti), ti);
            const batch u_new = v - y_new, d = yv - y_new, e = xv - y_new;
            y_new.store_unaligned(y + i);
            (y_new - u_new).store_unaligned(w + i);
            if (x_out != nullptr) xv.store_unaligned(x_out + i);
            sxx = simd::fma(xv, xv, sxx);
            syy = simd::fma(y_new, y_new, syy);
            sxy = simd::fma(e, e, sxy);
            sdy = simd::fma(d, d, sdy);
            suu = simd::fma(u_new, u_new, suu);
        }
        add(0, sxx), add(1, syy), add(2, sxy), add(3, sdy), add(4, suu);
    }
    for (; i < n; ++i) {
        const T v = u_scale * (y[i] - w[i]) + (alpha * x[i] + (T(1) - alpha) * y[i]);
        const T y_new = shrink(v, weights == nullptr ? threshold : threshold * weights[i]);
        const T u_new = v - y_new, d = y[i] - y_new, e = x[i] - y_new;
        w[i] = y_new - u_new;
        y[i] = y_new;
        if (x_out != nullptr) x_out[i] = x[i];
        totals[0][0] += static_cast<double>(x[i]) * x[i];
        totals[1][0] += static_cast<double>(y_new) * y_new;
        totals[2][0] += static_cast<double>(e) * e;
        totals[3][0] += static_cast<double>(d) * d;
        totals[4][0] += static_cast<double>(u_new) * u_new;
    }
    double sums[5] = {};
    for (int which = 0; which < 5; ++which)
        for (std::size_t l = 0; l < width; ++l) sums[which] += totals[which][l];
    return {sums[0], sums[1], sums[2], sums[3], sums[4]};
}

} // namespace hsc::simd

HSC_SIMD_END_GCC12_WORKAROUND
