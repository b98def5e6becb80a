// A header-only FFT for any size: self-sorting (Stockham) mixed-radix stages with radix 4, 2, 3
// and 5 butterflies and a direct DFT stage for any other prime factor. Transforms run along the
// outer axis of a batch of contiguous signals in split-complex form (separate real and imaginary
// arrays), so the inner loop of every butterfly runs over the batch, contiguous: each SIMD lane is
// a different signal (or an earlier stage's sub-transform), and 2-D transforms need no strided
// access. Each butterfly reads its p inputs and writes its p twiddled outputs in one pass; the
// twiddles are tabulated per stage in T when the plan is made.
#pragma once

#include "hsc/config.hpp"
#include "hsc/simd/batch.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

namespace hsc::fft {

namespace detail {

    /// A complex value of batches: lane j of re/im is signal j's real/imaginary part.
    template <class B>
    struct split
    {
        B re, im;
        friend split operator+(const split& a, const split& b) noexcept { return {a.re + b.re, a.im + b.im}; }
        friend split operator-(const split& a, const split& b) noexcept { return {a.re - b.re, a.im - b.im}; }
    };

    /// −i·a (a quarter turn clockwise): the forward transform's rotation.
    template <class B>
    inline split<B> minus_i(const split<B>& a) noexcept
    {
        return {a.im, -a.re};
    }

    /// The p outputs of a size-p DFT of x (exponent sign −1), p = 2, 3, 4 or 5.
    template <std::size_t P, class B, class T>
    inline void small_dft(std::array<split<B>, P>& x) noexcept
    {
        if constexpr (P == 2) {
            const split<B> a = x[0];
            x[0] = a + x[1];
            x[1] = a - x[1];
        } else if constexpr (P == 3) {
            const B half(T(0.5)), s60(static_cast<T>(std::numbers::sqrt3 / 2));
            const split<B> t1 = x[1] + x[2];
            const split<B> t2{x[0].re - half * t1.re, x[0].im - half * t1.im};
            const split<B> t3{s60 * (x[1].re - x[2].re), s60 * (x[1].im - x[2].im)};
            x[0] = x[0] + t1;
            x[1] = t2 + minus_i(t3);
            x[2] = t2 - minus_i(t3);
        } else if constexpr (P == 4) {
            const split<B> a0 = x[0] + x[2], a1 = x[0] - x[2], b0 = x[1] + x[3], b1 = minus_i(x[1] - x[3]);
            x[0] = a0 + b0;
            x[1] = a1 + b1;
            x[2] = a0 - b0;
            x[3] = a1 - b1;
        } else {
            static_assert(P == 5);
            const double angle = 2 * std::numbers::pi / 5;
            const B c1(static_cast<T>(std::cos(angle))), c2(static_cast<T>(std::cos(2 * angle)));
            const B s1(static_cast<T>(std::sin(angle))), s2(static_cast<T>(std::sin(2 * angle)));
            const split<B> t1 = x[1] + x[4], t2 = x[2] + x[3], t3 = x[1] - x[4], t4 = x[2] - x[3];
            const split<B> a1{x[0].re + c1 * t1.re + c2 * t2.re, x[0].im + c1 * t1.im + c2 * t2.im};
            const split<B> a2{x[0].re + c2 * t1.re + c1 * t2.re, x[0].im + c2 * t1.im + c1 * t2.im};
            const split<B> b1{s1 * t3.re + s2 * t4.re, s1 * t3.im + s2 * t4.im};
            const split<B> b2{s2 * t3.re - s1 * t4.re, s2 * t3.im - s1 * t4.im};
            x[0] = x[0] + t1 + t2;
            x[1] = a1 + minus_i(b1);
            x[4] = a1 - minus_i(b1);
            x[2] = a2 + minus_i(b2);
            x[3] = a2 - minus_i(b2);
        }
    }

} // namespace detail

/// A transform of length n along the outer axis of `batch` interleaved signals: element t of
/// signal b is at index t·batch + b. Plans hold twiddles; transforms use caller-provided scratch.
template <std::floating_point T>
class plan_1d
{
public:
    explicit plan_1d(std::size_t n) : m_n(n)
    {
        require(n > 0, errc::invalid_argument, [] { return std::string("fft: length must be > 0"); });
        std::vector<std::size_t> factors;
        std::size_t rest = n;
        for (const std::size_t p : {4u, 2u, 3u, 5u}) {
            while (rest % p == 0) {
                factors.push_back(p);
                rest /= p;
            }
        }
        for (std::size_t p = 7; p * p <= rest; p += 2) {
            while (rest % p == 0) {
                factors.push_back(p);
                rest /= p;
            }
        }
        if (rest > 1) factors.push_back(rest);
        // Stage twiddles w^{kt} = exp(−2πi·k·t / len) for the stage's sub-length len = p·m, stored
        // [k·(p − 1) + t − 1]; the generic stage also gets the p-th roots of unity.
        std::size_t len = n;
        for (const std::size_t p : factors) {
            stage s{p, len / p, {}, {}, {}, {}};
            for (std::size_t k = 0; k < s.m; ++k)
                for (std::size_t t = 1; t < p; ++t) {
                    const double angle = -2 * std::numbers::pi * double(k * t) / double(len);
                    s.w_re.push_back(static_cast<T>(std::cos(angle)));
                    s.w_im.push_back(static_cast<T>(std::sin(angle)));
                }
            if (p > 5)
                for (std::size_t j = 0; j < p; ++j) {
                    const double angle = -2 * std::numbers::pi * double(j) / double(p);
                    s.root_re.push_back(static_cast<T>(std::cos(angle)));
                    s.root_im.push_back(static_cast<T>(std::sin(angle)));
                }
            m_stages.push_back(std::move(s));
            len /= p;
        }
    }

    std::size_t size() const noexcept { return m_n; }

    /// In-place transform of `batch` signals (unnormalized both ways: inverse(forward(x)) = n·x).
    /// scratch_re/scratch_im hold n·batch values each.
    void transform(T* re, T* im, std::size_t batch, T* scratch_re, T* scratch_im, bool inverse) const noexcept
    {
        // The inverse is the forward transform with real and imaginary parts exchanged on the way
        // in and out: swap(DFT(swap(x))) = n·IDFT(x). Exchanging the arrays costs nothing.
        if (inverse) {
            std::swap(re, im);
            std::swap(scratch_re, scratch_im);
        }
        T *xr = re, *xi = im, *yr = scratch_re, *yi = scratch_im;
        std::size_t stride = batch; // distance between successive indices of this stage's input
        for (const stage& s : m_stages) {
            switch (s.p) {
            case 2:
                radix_pass<2>(s, stride, xr, xi, yr, yi);
                break;
            case 3:
                radix_pass<3>(s, stride, xr, xi, yr, yi);
                break;
            case 4:
                radix_pass<4>(s, stride, xr, xi, yr, yi);
                break;
            case 5:
                radix_pass<5>(s, stride, xr, xi, yr, yi);
                break;
            default:
                generic_pass(s, stride, xr, xi, yr, yi);
                break;
            }
            std::swap(xr, yr);
            std::swap(xi, yi);
            stride *= s.p;
        }
        if (xr != re) {
            std::copy(xr, xr + m_n * batch, re);
            std::copy(xi, xi + m_n * batch, im);
        }
    }

private:
    struct stage
    {
        std::size_t p, m;
        std::vector<T> w_re, w_im;       // twiddles, [k·(p − 1) + t − 1]
        std::vector<T> root_re, root_im; // exp(−2πi·j / p), generic stage only
    };

    /// One decimation-in-frequency stage: for len = p·m,
    /// y[q + s(p·k + t)] = w^{kt} Σ_r x[q + s(k + r·m)] ω_p^{rt}, w = exp(−2πi/len), q < s = stride.
    template <std::size_t P>
    static void radix_pass(const stage& s, std::size_t stride, const T* xr, const T* xi, T* yr, T* yi) noexcept
    {
        using wide = simd::batch<T>;
        using narrow = simd::scalar_batch<T>;
        const std::size_t lanes = wide::size, vector_end = stride - stride % lanes;
        for (std::size_t k = 0; k < s.m; ++k) {
            std::array<const T*, P> in_r, in_i;
            std::array<T*, P> out_r, out_i;
            for (std::size_t r = 0; r < P; ++r) {
                in_r[r] = xr + (k + r * s.m) * stride;
                in_i[r] = xi + (k + r * s.m) * stride;
                out_r[r] = yr + (P * k + r) * stride;
                out_i[r] = yi + (P * k + r) * stride;
            }
            const T* w_re = s.w_re.data() + k * (P - 1);
            const T* w_im = s.w_im.data() + k * (P - 1);
            for (std::size_t q = 0; q < vector_end; q += lanes)
                butterfly<P, wide>(in_r, in_i, out_r, out_i, w_re, w_im, q, k != 0);
            if (vector_end == stride) continue;
            // The rest: one more vector overlapping the last one (the pass is out of place, so the
            // overlap recomputes the same values), or single lanes when the stride is that short.
            if (stride >= lanes) {
                butterfly<P, wide>(in_r, in_i, out_r, out_i, w_re, w_im, stride - lanes, k != 0);
            } else {
                for (std::size_t q = 0; q < stride; ++q)
                    butterfly<P, narrow>(in_r, in_i, out_r, out_i, w_re, w_im, q, k != 0);
            }
        }
    }

    template <std::size_t P, class B>
    static void butterfly(const std::array<const T*, P>& in_r, const std::array<const T*, P>& in_i,
                          const std::array<T*, P>& out_r, const std::array<T*, P>& out_i, const T* w_re, const T* w_im,
                          std::size_t q, bool twiddle) noexcept
    {
        std::array<detail::split<B>, P> x;
        for (std::size_t r = 0; r < P; ++r) x[r] = {B::load_unaligned(in_r[r] + q), B::load_unaligned(in_i[r] + q)};
        detail::small_dft<P, B, T>(x);
        x[0].re.store_unaligned(out_r[0] + q);
        x[0].im.store_unaligned(out_i[0] + q);
        for (std::size_t t = 1; t < P; ++t) {
            B re = x[t].re, im = x[t].im;
            if (twiddle) {
                const B wr(w_re[t - 1]), wi(w_im[t - 1]);
                const B a = re;
                re = a * wr - im * wi;
                im = a * wi + im * wr;
            }
            re.store_unaligned(out_r[t] + q);
            im.store_unaligned(out_i[t] + q);
        }
    }

    /// The same stage for any p, by the direct p-point DFT (p² multiply-adds per point).
    static void generic_pass(const stage& s, std::size_t stride, const T* xr, const T* xi, T* yr, T* yi) noexcept
    {
        const std::size_t p = s.p;
        for (std::size_t k = 0; k < s.m; ++k)
            for (std::size_t t = 0; t < p; ++t) {
                T* out_r = yr + (p * k + t) * stride;
                T* out_i = yi + (p * k + t) * stride;
                const T wr = t == 0 ? T(1) : s.w_re[k * (p - 1) + t - 1];
                const T wi = t == 0 ? T(0) : s.w_im[k * (p - 1) + t - 1];
                for (std::size_t q = 0; q < stride; ++q) {
                    T sum_r = 0, sum_i = 0;
                    for (std::size_t r = 0; r < p; ++r) {
                        const T cr = s.root_re[r * t % p], ci = s.root_im[r * t % p];
                        const T a = xr[(k + r * s.m) * stride + q], b = xi[(k + r * s.m) * stride + q];
                        sum_r += a * cr - b * ci;
                        sum_i += a * ci + b * cr;
                    }
                    out_r[q] = sum_r * wr - sum_i * wi;
                    out_i[q] = sum_r * wi + sum_i * wr;
                }
            }
    }

    std::size_t m_n;
    std::vector<stage> m_stages;
};

} // namespace hsc::fft
