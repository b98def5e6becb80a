#include "hsc/random.hpp"
#include "hsc/simd/admm_update.hpp"
#include "hsc/simd/correlate.hpp"
#include "hsc/simd/kernels.hpp"
#include "hsc/simd/transpose.hpp"
#include "support/random_data.hpp"
#include "support/reference_kernels.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace {

using scalar_types = boost::mpl::list<float, double>;

/// Sizes around the SIMD width, where tail loops go wrong: 0, 1, w−1, w, w+1, 3w+1 and a long one.
template <class T, class Arch>
std::vector<std::size_t> sizes_around_width()
{
    const std::size_t w = hsc::simd::batch<T, Arch>::size;
    return {0, 1, w - 1, w, w + 1, 2 * w - 1, 3 * w + 1, 1000};
}

template <class T, class Arch>
void check_kernels()
{
    constexpr T eps = std::numeric_limits<T>::epsilon();
    for (std::size_t n : sizes_around_width<T, Arch>()) {
        BOOST_TEST_CONTEXT("arch " << Arch::name() << ", n = " << n)
        {
            const auto a = hsc::testing::uniform_vector<T>(n, 1 + n, -2, 2);
            const auto b = hsc::testing::uniform_vector<T>(n, 1000 + n, -2, 2);

            T magnitude = 0;
            for (std::size_t i = 0; i < n; ++i) magnitude += std::fabs(a[i] * b[i]);
            const T dot_error =
                std::fabs(hsc::simd::dot<Arch>(a.data(), b.data(), n) - hsc::reference::dot(a.data(), b.data(), n));
            BOOST_TEST(dot_error <= 2 * static_cast<T>(n + 1) * eps * magnitude);

            auto y_simd = b;
            auto y_ref = b;
            hsc::simd::axpy<Arch>(T(0.75), a.data(), y_simd.data(), n);
            hsc::reference::axpy(T(0.75), a.data(), y_ref.data(), n);
            for (std::size_t i = 0; i < n; ++i) {
                // Fused or not, one multiply-add is within two roundings of the exact value.
                BOOST_TEST(std::fabs(y_simd[i] - y_ref[i]) <= 2 * eps * (std::fabs(0.75f * a[i]) + std::fabs(b[i])));
            }

            std::vector<T> s_simd(n), s_ref(n);
            hsc::simd::scale<Arch>(T(-1.5), a.data(), s_simd.data(), n);
            hsc::reference::scale(T(-1.5), a.data(), s_ref.data(), n);
            BOOST_TEST(s_simd == s_ref, boost::test_tools::per_element());

            hsc::simd::soft_threshold<Arch>(a.data(), T(0.5), s_simd.data(), n);
            hsc::reference::soft_threshold(a.data(), T(0.5), s_ref.data(), n);
            BOOST_TEST(s_simd == s_ref, boost::test_tools::per_element());

            auto in_place = a; // out == x is allowed
            hsc::simd::soft_threshold<Arch>(in_place.data(), T(0.5), in_place.data(), n);
            BOOST_TEST(in_place == s_ref, boost::test_tools::per_element());

            const auto m = hsc::simd::max_abs<Arch>(a.data(), n);
            const std::size_t expected = hsc::reference::argmax_abs(a.data(), n);
            BOOST_TEST(m.index == expected);
            if (n > 0) BOOST_TEST(m.value == std::fabs(a[expected]));
            BOOST_TEST(hsc::simd::max_abs_value<Arch>(a.data(), n) == (n > 0 ? std::fabs(a[expected]) : T(0)));
            if (n > 0) BOOST_TEST(hsc::simd::first_abs_equal<Arch>(a.data(), n, std::fabs(a[n - 1])) <= n - 1);
            BOOST_TEST(hsc::simd::first_abs_equal<Arch>(a.data(), n, T(7)) == n); // absent

            // Nonzeros of a mostly-zero copy, in order, against a scalar scan: runs of 16 zeros
            // (whole batches skipped) alternate with runs where every third value is kept.
            auto sparse = a;
            for (std::size_t i = 0; i < n; ++i)
                if ((i / 16) % 2 == 1 || i % 3 != 0) sparse[i] = 0;
            std::vector<std::pair<std::size_t, T>> seen, want;
            hsc::simd::for_each_nonzero<Arch>(sparse.data(), n, [&](std::size_t i, T v) { seen.emplace_back(i, v); });
            for (std::size_t i = 0; i < n; ++i)
                if (sparse[i] != 0) want.emplace_back(i, sparse[i]);
            BOOST_TEST((seen == want));

            // Fused axpy + max: the same y as axpy, and the max of that y, whichever array it
            // prefetches (another one, or y itself).
            auto fused = b, again = b;
            const T fused_max = hsc::simd::axpy_max_abs_value<Arch>(T(0.75), a.data(), fused.data(), n, b.data());
            hsc::simd::axpy_max_abs_value<Arch>(T(0.75), a.data(), again.data(), n, again.data());
            BOOST_TEST(again == fused, boost::test_tools::per_element());
            BOOST_TEST(fused == y_simd, boost::test_tools::per_element());
            BOOST_TEST(fused_max == (n > 0 ? std::fabs(fused[hsc::reference::argmax_abs(fused.data(), n)]) : T(0)));

            // The same with x in 16 bits, its extremes included: each int16 converted exactly,
            // then one multiply-add (fused or not) of a step that folds in the table's scale.
            std::vector<std::int16_t> narrow(n);
            for (std::size_t i = 0; i < n; ++i)
                narrow[i] = i % 7 == 0 ? std::int16_t(i % 2 ? 32767 : -32768)
                                       : static_cast<std::int16_t>(std::lrint(a[i] * 16000));
            const T step = T(0.75) / 32767;
            auto widened = b;
            const T widened_max = hsc::simd::axpy_max_abs_value<Arch>(step, narrow.data(), widened.data(), n, b.data());
            for (std::size_t i = 0; i < n; ++i) {
                const long double exact = static_cast<long double>(b[i]) + static_cast<long double>(step) * narrow[i];
                BOOST_TEST(std::fabs(widened[i] - exact) <= 2 * eps * (std::fabs(step * narrow[i]) + std::fabs(b[i])));
            }
            BOOST_TEST(widened_max ==
                       (n > 0 ? std::fabs(widened[hsc::reference::argmax_abs(widened.data(), n)]) : T(0)));
        }
    }
}

template <class T, class Arch>
void check_admm_update()
{
    constexpr T eps = std::numeric_limits<T>::epsilon();
    const T alpha = T(1.8), threshold = T(0.3);
    for (const T u_scale : {T(1), T(0.75)})
        for (const bool weighted : {false, true})
            for (std::size_t n : sizes_around_width<T, Arch>()) {
                BOOST_TEST_CONTEXT("arch " << Arch::name() << ", n = " << n << ", weighted " << weighted << ", u_scale "
                                           << u_scale)
                {
                    const auto x = hsc::testing::uniform_vector<T>(n, 1 + n, -2, 2);
                    const auto y0 = hsc::testing::uniform_vector<T>(n, 2 + n, -1, 1);
                    const auto w0 = hsc::testing::uniform_vector<T>(n, 3 + n, -1, 1); // W = Y − U
                    const auto weights = hsc::testing::uniform_vector<T>(n, 4 + n, 0, 2);
                    auto y = y0, w = w0;
                    std::vector<T> x_out(n, T(-7));
                    const auto norms = hsc::simd::admm_update<Arch>(x.data(), alpha, u_scale, threshold,
                                                                    weighted ? weights.data() : nullptr, y.data(),
                                                                    w.data(), x_out.data(), n);
                    // Scalar reference in double.
                    double xx = 0, yy = 0, xy = 0, dy = 0, uu = 0, scale = 1;
                    for (std::size_t i = 0; i < n; ++i) {
                        const double u = double(u_scale) * (double(y0[i]) - w0[i]);
                        const double v = u + (double(alpha) * x[i] + (1 - double(alpha)) * y0[i]);
                        const double t = double(threshold) * (weighted ? double(weights[i]) : 1.0);
                        const double y_new = v > t ? v - t : (v < -t ? v + t : 0.0), u_new = v - y_new;
                        BOOST_TEST(std::fabs(y[i] - y_new) <= 16 * eps * (std::fabs(v) + 1));
                        BOOST_TEST(std::fabs(w[i] - (y_new - u_new)) <= 16 * eps * (std::fabs(v) + 1));
                        BOOST_TEST(x_out[i] == x[i]);
                        xx += double(x[i]) * x[i], yy += y_new * y_new, xy += (x[i] - y_new) * (x[i] - y_new);
                        dy += (y0[i] - y_new) * (y0[i] - y_new), uu += u_new * u_new;
                        scale += v * v + double(x[i]) * x[i];
                    }
                    const double tolerance = 64 * double(eps) * scale;
                    BOOST_TEST(std::fabs(norms.xx - xx) <= tolerance);
                    BOOST_TEST(std::fabs(norms.yy - yy) <= tolerance);
                    BOOST_TEST(std::fabs(norms.xy - xy) <= tolerance);
                    BOOST_TEST(std::fabs(norms.dy - dy) <= tolerance);
                    BOOST_TEST(std::fabs(norms.uu - uu) <= tolerance);
                    // Without x_out, the same y and w.
                    auto y2 = y0, w2 = w0;
                    hsc::simd::admm_update<Arch>(x.data(), alpha, u_scale, threshold,
                                                 weighted ? weights.data() : nullptr, y2.data(), w2.data(),
                                                 static_cast<T*>(nullptr), n);
                    BOOST_TEST(y2 == y, boost::test_tools::per_element());
                    BOOST_TEST(w2 == w, boost::test_tools::per_element());
                }
            }
}

template <class T, class Arch>
void check_correlate()
{
    constexpr T eps = std::numeric_limits<T>::epsilon();
    const std::size_t w_simd = hsc::simd::batch<T, Arch>::size;
    struct geometry
    {
        std::size_t h, w, kh, kw, ar, ac;
    };
    const geometry cases[] = {
        {5, std::max<std::size_t>(w_simd + 1, 3), 3, 3, 0, 0}, // at least the kernel's width (one lane: 3)
        {16, 3 * w_simd + 1, 5, 4, 2, 1},
        {12, 12, 12, 12, 0, 0},
        {20, 17, 12, 12, 6, 6},
        {7, w_simd - 1 > 3 ? w_simd - 1 : 4, 3, 2, 1, 1},
    };
    for (const auto& g : cases) {
        const auto image = hsc::testing::uniform_vector<T>(g.h * g.w, 7 + g.w, -2, 2);
        const auto kernel = hsc::testing::uniform_vector<T>(g.kh * g.kw, 99 + g.kh, -2, 2);
        T bound = 0;
        for (T k : kernel) bound += std::fabs(k);
        bound *= 2 * static_cast<T>(g.kh * g.kw) * eps * 2; // |image| <= 2
        for (const bool circular : {true, false}) {
            BOOST_TEST_CONTEXT("arch " << Arch::name() << ", image " << g.h << "x" << g.w << ", kernel " << g.kh << "x"
                                       << g.kw << ", anchor (" << g.ar << "," << g.ac << "), circular " << circular)
            {
                std::vector<T> out(g.h * g.w, T(123)), expected(g.h * g.w);
                hsc::simd::correlate2d<Arch>(image.data(), kernel.data(), out.data(),
                                             {g.h, g.w, g.kh, g.kw, g.ar, g.ac},
                                             circular ? hsc::boundary::circular : hsc::boundary::zero);
                hsc::reference::correlate2d(image.data(), g.h, g.w, kernel.data(), g.kh, g.kw, g.ar, g.ac, circular,
                                            expected.data());
                T worst = 0;
                for (std::size_t i = 0; i < out.size(); ++i) worst = std::max(worst, std::fabs(out[i] - expected[i]));
                BOOST_TEST(worst <= bound);
            }
        }
    }
}

/// correlate_bank against the scalar reference correlation of each atom, on a zero-margined canvas
/// (anchor at the centre: the canvas margin is the anchor) for atom counts around the tile sizes
/// (batches of atoms, whole tiles or not, leftover atoms) and widths that leave positions outside
/// the groups of 4 or 8.
template <class T, class Arch>
void check_correlate_bank()
{
    constexpr T eps = std::numeric_limits<T>::epsilon();
    const std::size_t lanes = hsc::simd::batch<T, Arch>::size;
    const std::size_t h = 7, n = 4, anchor = n / 2;
    for (const std::size_t w : {std::size_t{9}, std::size_t{15}})
        for (const std::size_t k : {std::size_t{1}, lanes - 1, lanes + 1, 4 * lanes, 5 * lanes + 3}) {
            const std::size_t cw = w + n - 1;
            BOOST_TEST_CONTEXT("arch " << Arch::name() << ", width " << w << ", atoms " << k)
            {
                const auto image = hsc::testing::uniform_vector<T>(h * w, 5, -2, 2);
                const auto atoms = hsc::testing::uniform_vector<T>(k * n * n, 17 + k, -1, 1);
                std::vector<T> canvas((h + n - 1) * cw, T(0)), atoms_t(k * n * n), out(h * w * k, T(-7));
                for (std::size_t i = 0; i < h; ++i)
                    for (std::size_t j = 0; j < w; ++j) canvas[(i + anchor) * cw + j + anchor] = image[i * w + j];
                for (std::size_t m = 0; m < k; ++m)
                    for (std::size_t t = 0; t < n * n; ++t) atoms_t[t * k + m] = atoms[m * n * n + t];
                hsc::simd::correlate_bank<Arch>(canvas.data(), cw, h, w, atoms_t.data(), n, k, out.data());
                T worst = 0;
                std::vector<T> expected(h * w);
                for (std::size_t m = 0; m < k; ++m) {
                    hsc::reference::correlate2d(image.data(), h, w, atoms.data() + m * n * n, n, n, anchor, anchor,
                                                false, expected.data());
                    for (std::size_t q = 0; q < h * w; ++q)
                        worst = std::max(worst, std::fabs(out[q * k + m] - expected[q]));
                }
                BOOST_TEST(worst <= T(2 * n * n) * 2 * eps * 4);
            }
        }
}

} // namespace

BOOST_AUTO_TEST_SUITE(simd)

BOOST_AUTO_TEST_CASE(default_arch_is_the_scalar_path_exactly_when_asked)
{
#if defined(HSC_NO_SIMD)
    BOOST_TEST(hsc::simd::scalar_path);
#else
    BOOST_TEST(!hsc::simd::scalar_path); // x86-64 always has SSE2, aarch64 NEON
#endif
    BOOST_TEST((hsc::simd::batch<float, hsc::simd::scalar_arch>::size == 1u));
#if XSIMD_WITH_SSE2
    static_assert(hsc::simd::vector_registers<xsimd::sse2>() == 16);
    static_assert(hsc::simd::vector_registers<xsimd::avx512bw>() == 32); // through avx512f
#endif
}

BOOST_AUTO_TEST_CASE_TEMPLATE(correlate_bank_matches_scalar_reference, T, scalar_types)
{
    check_correlate_bank<T, hsc::simd::scalar_arch>();
#if XSIMD_WITH_SSE2
    check_correlate_bank<T, xsimd::sse2>();
#endif
    check_correlate_bank<T, hsc::simd::default_arch>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(kernels_match_scalar_reference_scalar_and_sse2, T, scalar_types)
{
    check_kernels<T, hsc::simd::scalar_arch>();
#if XSIMD_WITH_SSE2
    check_kernels<T, xsimd::sse2>();
#endif
}

BOOST_AUTO_TEST_CASE_TEMPLATE(kernels_match_scalar_reference_default_arch, T, scalar_types)
{
    check_kernels<T, hsc::simd::default_arch>();
#if XSIMD_WITH_AVX2
    check_kernels<T, xsimd::avx2>(); // the AVX2 paths, also where the default is AVX-512
#endif
}

BOOST_AUTO_TEST_CASE_TEMPLATE(admm_update_matches_scalar_reference, T, scalar_types)
{
    check_admm_update<T, hsc::simd::scalar_arch>();
#if XSIMD_WITH_SSE2
    check_admm_update<T, xsimd::sse2>();
#endif
    check_admm_update<T, hsc::simd::default_arch>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(correlate_matches_scalar_reference, T, scalar_types)
{
    check_correlate<T, hsc::simd::scalar_arch>();
#if XSIMD_WITH_SSE2
    check_correlate<T, xsimd::sse2>();
#endif
    check_correlate<T, hsc::simd::default_arch>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(max_abs_returns_first_of_ties, T, scalar_types)
{
    std::vector<T> x(37, T(0));
    x[20] = T(-3);
    x[30] = T(3);
    const auto m = hsc::simd::max_abs(x.data(), x.size());
    BOOST_TEST(m.index == 20u);
    BOOST_TEST(m.value == T(3));
    const auto empty = hsc::simd::max_abs(x.data(), 0);
    BOOST_TEST(empty.index == 0u); // index == n for an empty range
}

BOOST_AUTO_TEST_CASE_TEMPLATE(transpose_matches_element_by_element, T, scalar_types)
{
    // Shapes with and without whole 8×8 blocks and 256-byte tiles, leading dimensions padded by
    // odd amounts (unaligned rows) and by whole vectors; the padding of out must stay untouched.
    const std::size_t shapes[][4] = {{1, 1, 1, 1},   {8, 8, 8, 8},     {7, 9, 9, 7},       {16, 24, 27, 17},
                                     {8, 64, 72, 8}, {33, 70, 75, 40}, {100, 37, 37, 109}, {130, 129, 136, 131}};
    for (const auto& [rows, cols, ld_in, ld_out] : shapes) {
        BOOST_REQUIRE(ld_in >= cols && ld_out >= rows);
        std::vector<T> in(rows * ld_in), out(cols * ld_out, T(-1));
        for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<T>(i);
        for (const bool scalar : {false, true}) {
            std::fill(out.begin(), out.end(), T(-1));
            if (scalar) {
                hsc::simd::transpose<hsc::simd::scalar_arch>(in.data(), rows, cols, ld_in, out.data(), ld_out);
            } else {
                hsc::simd::transpose(in.data(), rows, cols, ld_in, out.data(), ld_out);
            }
            std::size_t wrong = 0;
            for (std::size_t j = 0; j < cols; ++j)
                for (std::size_t i = 0; i < ld_out; ++i)
                    wrong += out[j * ld_out + i] != (i < rows ? in[i * ld_in + j] : T(-1));
            BOOST_TEST(wrong == 0u, (scalar ? "scalar " : "")
                                        << rows << "×" << cols << " (ld " << ld_in << ", " << ld_out << "): " << wrong);
        }
    }
}

BOOST_AUTO_TEST_CASE(correlate_delta_kernel_shifts_image)
{
    // A kernel with a single 1 at (1, 2) and anchor (0, 0) reads the image shifted by (1, 2).
    const std::size_t h = 6, w = 9;
    std::vector<double> image(h * w);
    for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<double>(i);
    std::vector<double> kernel(3 * 3, 0.0);
    kernel[1 * 3 + 2] = 1;
    std::vector<double> out(h * w);
    hsc::simd::correlate2d(image.data(), kernel.data(), out.data(), {h, w, 3, 3}, hsc::boundary::circular);
    for (std::size_t i = 0; i < h; ++i)
        for (std::size_t j = 0; j < w; ++j) BOOST_TEST(out[i * w + j] == image[((i + 1) % h) * w + (j + 2) % w]);
}

BOOST_AUTO_TEST_SUITE_END()
