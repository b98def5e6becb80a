// Scalar references for hsc's SIMD kernels: the plainest loops that state what each kernel means.
// Tests compare against them; benchmarks use them as the baseline.
#pragma once

#include <cmath>
#include <cstddef>

namespace hsc::reference {

template <class T>
T dot(const T* a, const T* b, std::size_t n)
{
    T sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

template <class T>
void axpy(T alpha, const T* x, T* y, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

template <class T>
void scale(T alpha, const T* x, T* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) out[i] = alpha * x[i];
}

template <class T>
void soft_threshold(const T* x, T t, T* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        const T magnitude = std::fabs(x[i]) - t;
        out[i] = magnitude > 0 ? std::copysign(magnitude, x[i]) : T(0);
    }
}

template <class T>
std::size_t argmax_abs(const T* x, std::size_t n)
{
    std::size_t best = n;
    for (std::size_t i = 0; i < n; ++i) {
        if (best == n || std::fabs(x[i]) > std::fabs(x[best])) best = i;
    }
    return best;
}

/// out[i, j] = Σ k[u, v] · img(i + u − ar, j + v − ac); circular wraps, otherwise zero outside.
template <class T>
void correlate2d(const T* img, std::size_t h, std::size_t w, const T* k, std::size_t kh, std::size_t kw, std::size_t ar,
                 std::size_t ac, bool circular, T* out)
{
    const auto H = static_cast<long>(h);
    const auto W = static_cast<long>(w);
    for (long i = 0; i < H; ++i) {
        for (long j = 0; j < W; ++j) {
            T sum = 0;
            for (long u = 0; u < static_cast<long>(kh); ++u) {
                for (long v = 0; v < static_cast<long>(kw); ++v) {
                    long r = i + u - static_cast<long>(ar);
                    long c = j + v - static_cast<long>(ac);
                    if (circular) {
                        r = (r % H + H) % H;
                        c = (c % W + W) % W;
                    } else if (r < 0 || r >= H || c < 0 || c >= W) {
                        continue;
                    }
                    sum += k[u * static_cast<long>(kw) + v] * img[r * W + c];
                }
            }
            out[i * W + j] = sum;
        }
    }
}

} // namespace hsc::reference
