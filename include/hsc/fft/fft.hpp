// A header-only FFT for any size: self-sorting (Stockham) mixed-radix stages with radix 8, 4, 2, 3,
// 5 and 7 butterflies and a direct DFT stage for any other prime factor. Transforms run along the
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

    /// Where the second of several arrays of n values of T starts after the first, when they share
    /// one allocation: n rounded up to whole 4 KiB pages, plus 17 cache lines. Arrays at the same
    /// offset in their pages (what separate large allocations get: mmap gives whole pages) make
    /// each load from one wait on the earlier stores to the other at the same address bits (4K
    /// aliasing): the real and imaginary parts a butterfly reads and writes side by side. With the
    /// skew, four arrays start a quarter page apart (256² double 20–40% faster than unskewed).
    template <class T>
    constexpr std::size_t skewed_span(std::size_t n) noexcept
    {
        constexpr std::size_t page = 4096 / sizeof(T), skew = 17 * 64 / sizeof(T);
        return (n + page - 1) / page * page + skew;
    }

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

    /// The p outputs of a size-p DFT of x (exponent sign −1), p = 2, 3, 4, 5, 7 or 8.
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
        } else if constexpr (P == 8) {
            // Two 4-point DFTs of the even and odd inputs, then y_t = E_t + ω^t·O_t and
            // y_{t+4} = E_t − ω^t·O_t, ω = exp(−iπ/4) = (1 − i)/√2.
            std::array<split<B>, 4> even{x[0], x[2], x[4], x[6]}, odd{x[1], x[3], x[5], x[7]};
            small_dft<4, B, T>(even);
            small_dft<4, B, T>(odd);
            const B r(static_cast<T>(std::numbers::sqrt2 / 2));
            const split<B> o1{r * (odd[1].re + odd[1].im), r * (odd[1].im - odd[1].re)};    // ω·O_1
            const split<B> o2 = minus_i(odd[2]);                                            // ω²·O_2
            const split<B> o3{r * (odd[3].im - odd[3].re), -(r * (odd[3].re + odd[3].im))}; // ω³·O_3
            x[0] = even[0] + odd[0];
            x[4] = even[0] - odd[0];
            x[1] = even[1] + o1;
            x[5] = even[1] - o1;
            x[2] = even[2] + o2;
            x[6] = even[2] - o2;
            x[3] = even[3] + o3;
            x[7] = even[3] - o3;
        } else {
            // An odd prime: with t_j = x_j + x_{P−j} and d_j = x_j − x_{P−j} (j = 1 … h, h = (P − 1)/2),
            // y_k = a_k − i·b_k and y_{P−k} = a_k + i·b_k, where a_k = x_0 + Σ_j cos(2πjk/P)·t_j and
            // b_k = Σ_j sin(2πjk/P)·d_j: h² multiply-adds per part instead of the direct DFT's (P − 1)².
            static_assert(P == 5 || P == 7);
            constexpr std::size_t h = (P - 1) / 2;
            std::array<split<B>, h> t, d;
            for (std::size_t j = 1; j <= h; ++j) {
                t[j - 1] = x[j] + x[P - j];
                d[j - 1] = x[j] - x[P - j];
            }
            // cos and sin of 2πm/P, m = 0 … P − 1, once per type (a static: the compiler does not
            // fold std::cos in a loop).
            static const std::array<std::array<T, P>, 2> roots = [] {
                std::array<std::array<T, P>, 2> r{};
                for (std::size_t m = 0; m < P; ++m) {
                    const double angle = 2 * std::numbers::pi * static_cast<double>(m) / static_cast<double>(P);
                    r[0][m] = static_cast<T>(std::cos(angle));
                    r[1][m] = static_cast<T>(std::sin(angle));
                }
                return r;
            }();
            const split<B> x0 = x[0];
            for (std::size_t j = 0; j < h; ++j) x[0] = x[0] + t[j];
            for (std::size_t k = 1; k <= h; ++k) {
                split<B> a = x0, b{B(T(0)), B(T(0))};
                for (std::size_t j = 1; j <= h; ++j) {
                    const B c(roots[0][j * k % P]), sn(roots[1][j * k % P]);
                    a = {a.re + c * t[j - 1].re, a.im + c * t[j - 1].im};
                    b = {b.re + sn * d[j - 1].re, b.im + sn * d[j - 1].im};
                }
                x[k] = a + minus_i(b);
                x[P - k] = a - minus_i(b);
            }
        }
    }

} // namespace detail

/// Split-complex signals side by side: element t of signal b at re[t·ld + b] and im[t·ld + b].
template <class T>
struct strided
{
    T* re;
    T* im;
    std::size_t ld;
};

/// A transform of length n along the outer axis of interleaved signals (strided). Plans hold
/// twiddles; transforms use caller-provided work space.
template <std::floating_point T>
class plan_1d
{
public:
    explicit plan_1d(std::size_t n) : m_n(n)
    {
        require(n > 0, errc::invalid_argument, [] { return std::string("fft: length must be > 0"); });
        // Radix 8 where it can (fewer passes over the data), 4s rather than a lone 2: 2^a as
        // 8s and 4s (2^10 = 8·8·4·4), or one 2 when a = 1.
        std::vector<std::size_t> factors;
        std::size_t rest = n, twos = 0;
        for (; rest % 2 == 0; rest /= 2) ++twos;
        std::size_t eights = twos / 3, fours = 0;
        if (twos % 3 == 1 && eights > 0) {
            --eights;
            fours = 2;
        } else if (twos % 3 == 2) {
            fours = 1;
        }
        factors.insert(factors.end(), eights, 8);
        factors.insert(factors.end(), fours, 4);
        if (twos == 1) factors.push_back(2);
        for (const std::size_t p : {3u, 5u}) {
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
            stage s{p, len / p, kernel_for(p), {}, {}, {}, {}};
            for (std::size_t k = 0; k < s.m; ++k)
                for (std::size_t t = 1; t < p; ++t) {
                    const double angle = -2 * std::numbers::pi * double(k * t) / double(len);
                    s.w_re.push_back(static_cast<T>(std::cos(angle)));
                    s.w_im.push_back(static_cast<T>(std::sin(angle)));
                }
            if (p >= 7 && p != 8) // a prime the butterflies do not cover
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

    /// Values of T the `work` argument of transform() needs for `count` signals.
    std::size_t work_size(std::size_t count) const noexcept { return 4 * detail::skewed_span<T>(m_n * (count + pad)); }

    /// Transforms `count` signals (unnormalized both ways: inverse(forward(x)) = n·x) from `in`,
    /// element t of signal b at in.re[t·in.ld + b] (and in.im), into `out`, laid out the same way
    /// with out.ld. in and out may be the same arrays (in place). `work` holds work_size(count)
    /// values; the passes between the first and the last run there, so a block of signals that
    /// fits in cache stays there.
    void transform(strided<const T> in, strided<T> out, std::size_t count, T* work, bool inverse) const noexcept
    {
        // The inverse is the forward transform with real and imaginary parts exchanged on the way
        // in and out: swap(DFT(swap(x))) = n·IDFT(x). Exchanging the arrays costs nothing.
        if (inverse) {
            std::swap(in.re, in.im);
            std::swap(out.re, out.im);
        }
        // Two ping-pong buffers of n rows. Between stages the data is compact: value q of the
        // stage's contiguous run (signal b + count·earlier digits) of row j at q + j·(run + pad),
        // the pad keeping the p rows a butterfly reads off power-of-two distances; the four arrays
        // skewed_span apart.
        const std::size_t span = detail::skewed_span<T>(m_n * (count + pad));
        T* const buffer_re[2] = {work, work + 2 * span};
        T* const buffer_im[2] = {work + span, work + 3 * span};
        const std::size_t stages = m_stages.size();
        std::size_t run = count; // count · the radices of the earlier stages
        for (std::size_t i = 0; i < stages; ++i) {
            const stage& st = m_stages[i];
            const T* xr = i == 0 ? in.re : buffer_re[(i + 1) % 2];
            const T* xi = i == 0 ? in.im : buffer_im[(i + 1) % 2];
            const std::size_t in_row = i == 0 ? in.ld : run + pad;
            if (i + 1 < stages || stages == 1) {
                // Output t of butterfly k at q + run·t + (run·p + pad)·k: the next stage's rows.
                pass(st, xr, xi, in_row, buffer_re[i % 2], buffer_im[i % 2], run, run * st.p + pad, run);
            } else {
                // The last stage (m = 1): output t of the run's q = b + count·e is element
                // e + (run / count)·t of signal b, written straight to `out`, one e at a time.
                for (std::size_t e = 0; e < run / count; ++e)
                    pass(st, xr + e * count, xi + e * count, in_row, out.re + e * out.ld, out.im + e * out.ld,
                         out.ld * (run / count), 0, count);
            }
            run *= st.p;
        }
        if (stages <= 1) { // n = 1, or one butterfly: the one pass went to the buffer (in may be out)
            const T* from_re = stages == 0 ? in.re : buffer_re[0];
            const T* from_im = stages == 0 ? in.im : buffer_im[0];
            const std::size_t from_ld = stages == 0 ? in.ld : count;
            if (stages == 0 && from_re == out.re && from_ld == out.ld) return;
            for (std::size_t t = 0; t < m_n; ++t) {
                std::copy_n(from_re + t * from_ld, count, out.re + t * out.ld);
                std::copy_n(from_im + t * from_ld, count, out.im + t * out.ld);
            }
        }
    }

private:
    // A cache line: rows stay as aligned as the work space (a pad of one value: 64² double 10%,
    // 1024² 5–15% slower).
    static constexpr std::size_t pad = 64 / sizeof(T);

    struct stage;
    using stage_kernel = void (*)(const stage&, const T*, const T*, std::size_t, T*, T*, std::size_t, std::size_t,
                                  std::size_t) noexcept;
    struct stage
    {
        std::size_t p, m;
        stage_kernel kernel;
        std::vector<T> w_re, w_im;       // twiddles, [k·(p − 1) + t − 1]
        std::vector<T> root_re, root_im; // exp(−2πi·j / p), generic stage only
    };

    /// One decimation-in-frequency stage, len = p·m: butterfly k reads input r at
    /// x + (k + r·m)·in_row and writes output t, times w^{kt} (w = exp(−2πi/len)), at
    /// y + k·out_k + t·out_t; each over a contiguous run of `run` values.
    static void pass(const stage& s, const T* xr, const T* xi, std::size_t in_row, T* yr, T* yi, std::size_t out_t,
                     std::size_t out_k, std::size_t run) noexcept
    {
        s.kernel(s, xr, xi, in_row, yr, yi, out_t, out_k, run);
    }

    /// The pass for radix p: a butterfly of its own, else the direct DFT.
    static stage_kernel kernel_for(std::size_t p) noexcept
    {
        switch (p) {
        case 2:
            return &radix_pass<2>;
        case 3:
            return &radix_pass<3>;
        case 4:
            return &radix_pass<4>;
        case 5:
            return &radix_pass<5>;
        case 7:
            return &radix_pass<7>;
        case 8:
            return &radix_pass<8>;
        default:
            return &generic_pass;
        }
    }

    template <std::size_t P>
    static void radix_pass(const stage& s, const T* xr, const T* xi, std::size_t in_row, T* yr, T* yi,
                           std::size_t out_t, std::size_t out_k, std::size_t run) noexcept
    {
        using wide = simd::batch<T>;
        using narrow = simd::scalar_batch<T>;
        const std::size_t lanes = wide::size, vector_end = run - run % lanes;
        for (std::size_t k = 0; k < s.m; ++k) {
            std::array<const T*, P> in_r, in_i;
            std::array<T*, P> out_r, out_i;
            for (std::size_t r = 0; r < P; ++r) {
                in_r[r] = xr + (k + r * s.m) * in_row;
                in_i[r] = xi + (k + r * s.m) * in_row;
                out_r[r] = yr + k * out_k + r * out_t;
                out_i[r] = yi + k * out_k + r * out_t;
            }
            const T* w_re = s.w_re.data() + k * (P - 1);
            const T* w_im = s.w_im.data() + k * (P - 1);
            for (std::size_t q = 0; q < vector_end; q += lanes)
                butterfly<P, wide>(in_r, in_i, out_r, out_i, w_re, w_im, q, k != 0);
            if (vector_end == run) continue;
            // The rest: one more vector overlapping the last one (passes are out of place, so the
            // overlap recomputes the same values), or single lanes when the run is that short.
            if (run >= lanes) {
                butterfly<P, wide>(in_r, in_i, out_r, out_i, w_re, w_im, run - lanes, k != 0);
            } else {
                for (std::size_t q = 0; q < run; ++q)
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

    /// The same stage for any p, by the direct p-point DFT (p² multiply-adds per point), across
    /// the run in SIMD vectors as radix_pass (the same tail rule).
    static void generic_pass(const stage& s, const T* xr, const T* xi, std::size_t in_row, T* yr, T* yi,
                             std::size_t out_t, std::size_t out_k, std::size_t run) noexcept
    {
        using wide = simd::batch<T>;
        using narrow = simd::scalar_batch<T>;
        const std::size_t lanes = wide::size, vector_end = run - run % lanes;
        for (std::size_t k = 0; k < s.m; ++k)
            for (std::size_t t = 0; t < s.p; ++t) {
                const direct_output out{yr + k * out_k + t * out_t, yi + k * out_k + t * out_t,
                                        t == 0 ? T(1) : s.w_re[k * (s.p - 1) + t - 1],
                                        t == 0 ? T(0) : s.w_im[k * (s.p - 1) + t - 1]};
                const T* x_re = xr + k * in_row;
                const T* x_im = xi + k * in_row;
                for (std::size_t q = 0; q < vector_end; q += lanes) direct_dft<wide>(s, x_re, x_im, in_row, t, out, q);
                if (vector_end == run) continue;
                if (run >= lanes) {
                    direct_dft<wide>(s, x_re, x_im, in_row, t, out, run - lanes);
                } else {
                    for (std::size_t q = 0; q < run; ++q) direct_dft<narrow>(s, x_re, x_im, in_row, t, out, q);
                }
            }
    }

    /// Where output t of a direct-DFT butterfly goes, and its twiddle.
    struct direct_output
    {
        T* re;
        T* im;
        T w_re, w_im;
    };

    /// Output t of the p-point DFT of inputs r at x + r·m·in_row (+ q), twiddled, into out (+ q).
    template <class B>
    static void direct_dft(const stage& s, const T* x_re, const T* x_im, std::size_t in_row, std::size_t t,
                           const direct_output& out, std::size_t q) noexcept
    {
        B sum_r(T(0)), sum_i(T(0));
        for (std::size_t r = 0; r < s.p; ++r) {
            const B a = B::load_unaligned(x_re + r * s.m * in_row + q),
                    b = B::load_unaligned(x_im + r * s.m * in_row + q);
            const B cr(s.root_re[r * t % s.p]), ci(s.root_im[r * t % s.p]);
            sum_r = sum_r + (a * cr - b * ci);
            sum_i = sum_i + (a * ci + b * cr);
        }
        const B wr(out.w_re), wi(out.w_im);
        (sum_r * wr - sum_i * wi).store_unaligned(out.re + q);
        (sum_r * wi + sum_i * wr).store_unaligned(out.im + q);
    }

    std::size_t m_n;
    std::vector<stage> m_stages;
};

} // namespace hsc::fft
