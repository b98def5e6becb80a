// Compiled with -Werror for SSE2, AVX2, AVX-512 and without exceptions/RTTI: the umbrella header
// must stay warning-free everywhere, and the SIMD kernels must instantiate for every ISA.
#include <hsc/hsc.hpp>

float hsc_header_check(const float* a, const double* b, float* out, std::size_t n)
{
    hsc::simd::soft_threshold(a, 0.5f, out, n);
    hsc::simd::correlate2d(a, a, out, {n, n, 1, 1}, hsc::boundary::zero);
    return hsc::simd::dot(a, a, n) + static_cast<float>(hsc::simd::max_abs(b, n).value);
}
