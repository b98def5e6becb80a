// Horizontal reductions missing from xsimd 8.1 (it has `hadd` but no `reduce_max`), kept in one
// shim so that a later xsimd needs one change here and none in the kernels.
#pragma once

#include "hsc/simd/batch.hpp"
#include "hsc/simd/gcc12_avx512.hpp"

#include <algorithm>
#include <cstddef>

HSC_SIMD_BEGIN_GCC12_WORKAROUND

namespace hsc::simd {

#if HSC_SIMD_HAS_XSIMD
template <class T, class Arch>
inline T reduce_add(const xsimd::batch<T, Arch>& x) noexcept
{
    return xsimd::hadd(x);
}

template <class T, class Arch>
inline T reduce_max(const xsimd::batch<T, Arch>& x) noexcept
{
    alignas(Arch::alignment()) T lanes[xsimd::batch<T, Arch>::size];
    x.store_aligned(lanes);
    T best = lanes[0];
    for (std::size_t i = 1; i < xsimd::batch<T, Arch>::size; ++i) {
        best = std::max(best, lanes[i]);
    }
    return best;
}
#endif

template <class T>
inline T reduce_add(const scalar_batch<T>& x) noexcept
{
    return x.value;
}

template <class T>
inline T reduce_max(const scalar_batch<T>& x) noexcept
{
    return x.value;
}

} // namespace hsc::simd

HSC_SIMD_END_GCC12_WORKAROUND
