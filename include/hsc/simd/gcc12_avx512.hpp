// GCC 12's AVX-512 intrinsics (_mm512_max_ps, _mm512_extractf64x4_pd and friends) seed their result
// with _mm512_undefined_*(), which GCC 12 itself then reports as -Wmaybe-uninitialized and
// -Wuninitialized once inlined into a caller (GCC bug 105593, fixed in GCC 13). The warnings are
// about the compiler's own header, not about hsc's code, so each SIMD header silences them around
// its kernels only, only on the affected compilers and only when AVX-512 is on:
//   HSC_SIMD_BEGIN_GCC12_WORKAROUND ... kernels ... HSC_SIMD_END_GCC12_WORKAROUND
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13 && defined(__AVX512F__)
#define HSC_SIMD_BEGIN_GCC12_WORKAROUND                                                                                \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"")                         \
        _Pragma("GCC diagnostic ignored \"-Wuninitialized\"")
#define HSC_SIMD_END_GCC12_WORKAROUND _Pragma("GCC diagnostic pop")
#else
#define HSC_SIMD_BEGIN_GCC12_WORKAROUND
#define HSC_SIMD_END_GCC12_WORKAROUND
#endif
