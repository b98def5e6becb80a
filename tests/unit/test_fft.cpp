#include "hsc/fft/real_fft_2d.hpp"
#include "support/random_data.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>

namespace {
using scalar_types = boost::mpl::list<float, double>;
}

BOOST_AUTO_TEST_SUITE(fft)

BOOST_AUTO_TEST_CASE_TEMPLATE(one_dimensional_transform_matches_the_dft, T, scalar_types)
{
    // Radix 8, 4, 2, 3, 5, 7 (7, 49, 14), the generic prime stage (97) and mixtures (32 = 8·4,
    // 128 = 8·4·4, 256 = 8·8·4, 60 = 4·3·5); batches of 3 signals (single lanes), 16 (whole SIMD
    // vectors) and 37 (vectors and an overlapping last one). The signals sit in rows of batch + 2
    // values (two lanes that must stay untouched), are transformed out of place into rows of
    // batch + 1, then in place forward and back.
    const std::pair<std::size_t, std::size_t> cases[] = {
        {1, 3},  {2, 3},  {3, 3},  {4, 3},  {5, 3},  {6, 3},   {7, 3},   {8, 3},   {12, 3},  {16, 3},
        {30, 3}, {32, 3}, {49, 3}, {60, 3}, {97, 3}, {128, 3}, {256, 3}, {60, 16}, {14, 37}, {300, 37}};
    for (const auto& [n, batch] : cases) {
        const std::size_t ld = batch + 2, out_ld = batch + 1;
        auto re = hsc::testing::uniform_vector<T>(n * ld, n);
        auto im = hsc::testing::uniform_vector<T>(n * ld, n + 100);
        const auto re0 = re, im0 = im;
        const hsc::fft::plan_1d<T> plan(n);
        std::vector<T> work(plan.work_size(batch)), out_re(n * out_ld), out_im(n * out_ld);
        plan.transform({re.data(), im.data(), ld}, {out_re.data(), out_im.data(), out_ld}, batch, work.data(), false);
        BOOST_TEST_INFO("n = " << n << ", batch = " << batch);
        BOOST_TEST((re == re0 && im == im0)); // out of place: the input is left alone
        double worst = 0;
        for (std::size_t b = 0; b < batch; ++b)
            for (std::size_t k = 0; k < n; ++k) {
                std::complex<double> sum = 0;
                for (std::size_t t = 0; t < n; ++t)
                    sum += std::complex<double>(re0[t * ld + b], im0[t * ld + b]) *
                           std::polar(1.0, -2 * std::numbers::pi * double(k * t % n) / double(n));
                worst = std::max(worst,
                                 std::abs(sum - std::complex<double>(out_re[k * out_ld + b], out_im[k * out_ld + b])));
            }
        BOOST_TEST(worst <= 4 * double(n) * std::numeric_limits<T>::epsilon() * 2);
        plan.transform({re.data(), im.data(), ld}, {re.data(), im.data(), ld}, batch, work.data(), false);
        bool same = true; // in place gives the same values
        for (std::size_t k = 0; k < n; ++k)
            for (std::size_t b = 0; b < batch; ++b)
                same = same && re[k * ld + b] == out_re[k * out_ld + b] && im[k * ld + b] == out_im[k * out_ld + b];
        BOOST_TEST(same);
        plan.transform({re.data(), im.data(), ld}, {re.data(), im.data(), ld}, batch, work.data(), true);
        for (std::size_t k = 0; k < n; ++k) {
            for (std::size_t b = 0; b < batch; ++b) {
                const std::size_t i = k * ld + b;
                BOOST_TEST(std::fabs(re[i] / T(n) - re0[i]) <= 8 * double(n) * std::numeric_limits<T>::epsilon());
                BOOST_TEST(std::fabs(im[i] / T(n) - im0[i]) <= 8 * double(n) * std::numeric_limits<T>::epsilon());
            }
            for (std::size_t b = batch; b < ld; ++b)
                BOOST_TEST((re[k * ld + b] == re0[k * ld + b] && im[k * ld + b] == im0[k * ld + b]));
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(real_two_dimensional_transform_matches_the_dft, T, scalar_types)
{
    // The last three have rows of 256 bytes in float or double: padded internally. Sizes above 16
    // run in several blocks below (a small block budget), the last one partial where 16 ∤ size.
    for (const auto& [h, w] :
         {std::pair<std::size_t, std::size_t>{4, 6}, {5, 7}, {8, 8}, {12, 10}, {9, 16}, {32, 64}, {64, 30}, {64, 64}}) {
        const auto image = hsc::testing::uniform_vector<T>(h * w, h * 31 + w);
        hsc::fft::real_fft_2d<T> transform(h, w, 1); // blocks of 16 rows or columns, the minimum
        BOOST_TEST(transform.bins() == (w / 2 + 1) * h);
        std::vector<T> re(transform.bins()), im(transform.bins()), back(h * w);
        transform.forward(image.data(), re.data(), im.data());
        // The DFT in double, separably: along axis 1 for each row, then along axis 0.
        std::vector<std::complex<double>> along_rows(h * (w / 2 + 1));
        for (std::size_t i = 0; i < h; ++i)
            for (std::size_t k2 = 0; k2 <= w / 2; ++k2)
                for (std::size_t j = 0; j < w; ++j)
                    along_rows[i * (w / 2 + 1) + k2] +=
                        double(image[i * w + j]) *
                        std::polar(1.0, -2 * std::numbers::pi * double(k2 * j % w) / double(w));
        double worst = 0;
        for (std::size_t k2 = 0; k2 <= w / 2; ++k2)
            for (std::size_t k1 = 0; k1 < h; ++k1) {
                std::complex<double> sum = 0;
                for (std::size_t i = 0; i < h; ++i)
                    sum += along_rows[i * (w / 2 + 1) + k2] *
                           std::polar(1.0, -2 * std::numbers::pi * double(k1 * i % h) / double(h));
                worst = std::max(worst, std::abs(sum - std::complex<double>(re[k2 * h + k1], im[k2 * h + k1])));
            }
        BOOST_TEST_INFO(h << "x" << w);
        BOOST_TEST(worst <= 16 * double(h * w) * std::numeric_limits<T>::epsilon());
        transform.inverse(re.data(), im.data(), back.data());
        double round_trip = 0;
        for (std::size_t i = 0; i < h * w; ++i)
            round_trip = std::max(round_trip, std::fabs(double(back[i] - image[i])));
        BOOST_TEST(round_trip <= 16 * double(h * w) * std::numeric_limits<T>::epsilon());

        // Two images through one complex transform: the same half spectra, and back.
        const auto second = hsc::testing::uniform_vector<T>(h * w, h * 37 + w);
        std::vector<T> a_re(transform.bins()), a_im(transform.bins()), b_re(transform.bins()), b_im(transform.bins());
        std::vector<T> second_re(transform.bins()), second_im(transform.bins()), a(h * w), b(h * w);
        transform.forward_pair(image.data(), second.data(), a_re.data(), a_im.data(), b_re.data(), b_im.data());
        transform.forward(second.data(), second_re.data(), second_im.data());
        double pair_error = 0;
        for (std::size_t i = 0; i < transform.bins(); ++i) {
            pair_error =
                std::max({pair_error, std::fabs(double(a_re[i] - re[i])), std::fabs(double(a_im[i] - im[i])),
                          std::fabs(double(b_re[i] - second_re[i])), std::fabs(double(b_im[i] - second_im[i]))});
        }
        BOOST_TEST(pair_error <= 16 * double(h * w) * std::numeric_limits<T>::epsilon());
        transform.inverse_pair(a_re.data(), a_im.data(), b_re.data(), b_im.data(), a.data(), b.data());
        double pair_round_trip = 0;
        for (std::size_t i = 0; i < h * w; ++i) {
            pair_round_trip =
                std::max({pair_round_trip, std::fabs(double(a[i] - image[i])), std::fabs(double(b[i] - second[i]))});
        }
        BOOST_TEST(pair_round_trip <= 16 * double(h * w) * std::numeric_limits<T>::epsilon());

        // The default block budget (all rows or columns at once at these sizes): the same values
        // up to rounding (the lanes a block leaves over may run scalar, with contracted multiply-adds).
        hsc::fft::real_fft_2d<T> whole(h, w);
        std::vector<T> whole_re(whole.bins()), whole_im(whole.bins());
        whole.forward(image.data(), whole_re.data(), whole_im.data());
        double block_difference = 0;
        for (std::size_t i = 0; i < whole.bins(); ++i)
            block_difference = std::max(
                {block_difference, std::fabs(double(whole_re[i] - re[i])), std::fabs(double(whole_im[i] - im[i]))});
        BOOST_TEST(block_difference <= 16 * double(h * w) * std::numeric_limits<T>::epsilon());
    }
}

BOOST_AUTO_TEST_SUITE_END()
