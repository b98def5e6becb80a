// A header-only FFT for any size: self-sorting (Stockham) mixed-radix stages with radix 4, 2, 3
// and 5 butterflies and a direct DFT stage for any other prime factor. Transforms run along the
// outer axis of a batch of contiguous signals in split-complex form (separate real and imaginary
// arrays), so the inner loop of every butterfly runs over the batch, contiguous: it is what the
// compiler vectorises (and what SIMD needs), and 2-D transforms need no strided access.
#pragma once

#include "hsc/config.hpp"

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

namespace hsc::fft {

/// A transform of length n along the outer axis of `batch` interleaved signals: element t of
/// signal b is at index t·batch + b. Plans hold twiddles; transforms use caller-provided scratch.
template <std::floating_point T>
class plan_1d
{
public:
    explicit plan_1d(std::size_t n) : m_n(n)
    {
        require(n > 0, errc::invalid_argument, [] { return std::string("fft: length must be > 0"); });
        std::size_t rest = n;
        for (const std::size_t p : {4u, 2u, 3u, 5u}) {
            while (rest % p == 0) {
                m_factors.push_back(p);
                rest /= p;
            }
        }
        for (std::size_t p = 7; p * p <= rest; p += 2) {
            while (rest % p == 0) {
                m_factors.push_back(p);
                rest /= p;
            }
        }
        if (rest > 1) m_factors.push_back(rest);
        // Twiddles of each stage: exp(−2πi·k·t / len) for the stage's sub-length len = p·m.
        std::size_t len = n;
        for (const std::size_t p : m_factors) {
            std::vector<std::complex<double>> w(len);
            for (std::size_t k = 0; k < len; ++k)
                w[k] = std::polar(1.0, -2 * std::numbers::pi * double(k) / double(len));
            m_twiddles.push_back(std::move(w));
            len /= p;
        }
    }

    std::size_t size() const noexcept { return m_n; }

    /// In-place transform of `batch` signals (unnormalized both ways: inverse(forward(x)) = n·x).
    /// scratch_re/scratch_im hold n·batch values each.
    void transform(T* re, T* im, std::size_t batch, T* scratch_re, T* scratch_im, bool inverse) const noexcept
    {
        T *xr = re, *xi = im, *yr = scratch_re, *yi = scratch_im;
        std::size_t len = m_n, stride = batch; // stride: distance between successive "q"
        for (std::size_t stage = 0; stage < m_factors.size(); ++stage) {
            stage_pass(m_factors[stage], len, stride, m_twiddles[stage], xr, xi, yr, yi, inverse);
            std::swap(xr, yr);
            std::swap(xi, yi);
            len /= m_factors[stage];
            stride *= m_factors[stage];
        }
        if (xr != re) {
            std::copy(xr, xr + m_n * batch, re);
            std::copy(xi, xi + m_n * batch, im);
        }
    }

private:
    /// One decimation-in-frequency stage: for n = p·m, y[q + s(p·k + t)] = w^{kt} Σ_r x[q + s(k + r·m)] ω_p^{rt},
    /// with w = exp(∓2πi/len); q runs over the `stride` contiguous values (batch × earlier radices).
    static void stage_pass(std::size_t p, std::size_t len, std::size_t stride,
                           const std::vector<std::complex<double>>& twiddle, const T* xr, const T* xi, T* yr, T* yi,
                           bool inverse) noexcept
    {
        const std::size_t m = len / p;
        const T sign = inverse ? T(1) : T(-1); // of the exponent
        for (std::size_t k = 0; k < m; ++k) {
            for (std::size_t t = 0; t < p; ++t) {
                // Output t of the size-p DFT, then the twiddle w^{kt}.
                const auto w = twiddle[(k * t) % len];
                const T wr = static_cast<T>(w.real());
                const T wi = static_cast<T>(inverse ? -w.imag() : w.imag());
                T* out_r = yr + (p * k + t) * stride;
                T* out_i = yi + (p * k + t) * stride;
                for (std::size_t q = 0; q < stride; ++q) {
                    out_r[q] = T(0);
                    out_i[q] = T(0);
                }
                for (std::size_t r = 0; r < p; ++r) {
                    const double angle = sign * 2 * std::numbers::pi * double((r * t) % p) / double(p);
                    const T cr = static_cast<T>(std::cos(angle)), ci = static_cast<T>(std::sin(angle));
                    const T* in_r = xr + (k + r * m) * stride;
                    const T* in_i = xi + (k + r * m) * stride;
                    for (std::size_t q = 0; q < stride; ++q) {
                        out_r[q] += in_r[q] * cr - in_i[q] * ci;
                        out_i[q] += in_r[q] * ci + in_i[q] * cr;
                    }
                }
                if (t != 0) {
                    for (std::size_t q = 0; q < stride; ++q) {
                        const T a = out_r[q], b = out_i[q];
                        out_r[q] = a * wr - b * wi;
                        out_i[q] = a * wi + b * wr;
                    }
                }
            }
        }
    }

    std::size_t m_n;
    std::vector<std::size_t> m_factors;
    std::vector<std::vector<std::complex<double>>> m_twiddles;
};

} // namespace hsc::fft
