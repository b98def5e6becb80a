#include "hsc/io/pgm.hpp"
#include "hsc/preprocess/grayscale.hpp"
#include "hsc/preprocess/local_contrast.hpp"
#include "hsc/preprocess/resize.hpp"
#include "hsc/preprocess/whitening.hpp"
#include "support/check_error.hpp"
#include "support/test_data.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numbers>

using scalar_types = boost::mpl::list<float, double>;

BOOST_AUTO_TEST_SUITE(preprocess)

BOOST_AUTO_TEST_CASE(symmetric_padding_repeats_the_edge)
{
    // numpy.pad([0, 1, 2], 3, mode='symmetric') = [2 1 0 | 0 1 2 | 2 1 0]
    const std::size_t expected[] = {2, 1, 0, 0, 1, 2, 2, 1, 0};
    for (std::ptrdiff_t i = -3; i < 6; ++i) BOOST_TEST(hsc::detail::symmetric_index(i, 3) == expected[i + 3]);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(lcn_reproduces_the_sporco_trace, T, scalar_types)
{
    // REFERENCE.md: LCN of astronaut.pgm (read as 0..255) has min −3.568011, max 3.886989,
    // mean −0.002023, std 0.685682 (SPORCO 0.2.1, local_contrast_normalize(s, n=7)).
    const auto image = hsc::io::read_pgm<T>(hsc::testing::data_path("natural/astronaut.pgm"));
    const auto lcn = hsc::local_contrast_normalize(image);
    BOOST_TEST(lcn.shape() == image.shape());
    double low = 1e9, high = -1e9, sum = 0, sum2 = 0;
    for (const T v : lcn) {
        low = std::min(low, double(v));
        high = std::max(high, double(v));
        sum += double(v);
        sum2 += double(v) * double(v);
    }
    const double mean = sum / double(lcn.size());
    BOOST_TEST(std::fabs(low - -3.568011) < 2e-6);
    BOOST_TEST(std::fabs(high - 3.886989) < 2e-6);
    BOOST_TEST(std::fabs(mean - -0.002023) < 2e-6);
    BOOST_TEST(std::fabs(std::sqrt(sum2 / double(lcn.size()) - mean * mean) - 0.685682) < 2e-6);
}

BOOST_AUTO_TEST_CASE(lcn_of_a_constant_image_is_zero_and_small_images_are_refused)
{
    // The SPORCO formula divides rounding noise by itself on a flat image; hsc returns zeros.
    for (const double level : {0.0, 3.0, 1e6}) {
        const auto lcn = hsc::local_contrast_normalize(xt::xtensor<double, 2>({20, 20}, level));
        BOOST_TEST(*std::max_element(lcn.begin(), lcn.end()) == 0.0);
        BOOST_TEST(*std::min_element(lcn.begin(), lcn.end()) == 0.0);
    }
    HSC_CHECK_ERROR(hsc::local_contrast_normalize(xt::xtensor<double, 2>({5, 30}, 1.0)), "smaller than");
    // One inf would make every output zero: refused, with the pixel named.
    xt::xtensor<float, 2> with_inf({20, 20}, 1.0f);
    with_inf(3, 5) = INFINITY;
    HSC_CHECK_ERROR(hsc::local_contrast_normalize(with_inf), "pixel (3, 5) is not finite");
    HSC_CHECK_ERROR(hsc::whiten(with_inf), "pixel (3, 5) is not finite");
}

BOOST_AUTO_TEST_CASE(a_constant_image_whitens_and_preprocesses_to_zero)
{
    // Through the FFT a constant image would leave rounding noise that LCN then amplifies.
    for (const float level : {0.0f, 7.0f, 255.0f}) {
        const xt::xtensor<float, 2> flat({32, 32}, level);
        for (const auto& out : {hsc::whiten(flat), hsc::learning_preprocess(flat)}) {
            BOOST_TEST(*std::max_element(out.begin(), out.end()) == 0.0f);
            BOOST_TEST(*std::min_element(out.begin(), out.end()) == 0.0f);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(grayscale_weights_the_channels_as_bt601, T, scalar_types)
{
    xt::xtensor<T, 3> rgb({1, 3, 3}, T(0));
    rgb(0, 0, 0) = 100, rgb(0, 1, 1) = 100, rgb(0, 2, 0) = 10, rgb(0, 2, 1) = 20, rgb(0, 2, 2) = 30;
    const auto gray = hsc::grayscale(rgb);
    BOOST_TEST(std::fabs(gray(0, 0) - 29.9) < 1e-4);
    BOOST_TEST(std::fabs(gray(0, 1) - 58.7) < 1e-4);
    BOOST_TEST(std::fabs(gray(0, 2) - (2.99 + 11.74 + 3.42)) < 1e-4);
    HSC_CHECK_ERROR(hsc::grayscale(xt::xtensor<T, 3>({2, 2, 4})), "needs 3 channels");
}

BOOST_AUTO_TEST_CASE(centre_crop_resize_averages_areas_and_keeps_the_centre)
{
    // 4×8 → 2×2: the centred 4×4 crop (columns 2..5), then means of 2×2 blocks.
    xt::xtensor<double, 2> image({4, 8});
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 8; ++j) image(i, j) = double(10 * i + j);
    const auto out = hsc::centre_crop_resize(image, 2, 2);
    BOOST_TEST(out(0, 0) == (2 + 3 + 12 + 13) / 4.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(out(1, 1) == (24 + 25 + 34 + 35) / 4.0, boost::test_tools::tolerance(1e-12));
    // Same size: unchanged. Non-integer factor (5 → 3): the mean is kept.
    BOOST_TEST((hsc::centre_crop_resize(image, 4, 8) == image));
    xt::xtensor<double, 2> five({5, 5});
    for (std::size_t i = 0; i < 25; ++i) five.data()[i] = double(i * i % 7);
    const auto three = hsc::centre_crop_resize(five, 3, 3);
    double in_sum = 0, out_sum = 0;
    for (const double v : five) in_sum += v;
    for (const double v : three) out_sum += v;
    BOOST_TEST(out_sum / 9 == in_sum / 25, boost::test_tools::tolerance(1e-12));
    HSC_CHECK_ERROR(hsc::centre_crop_resize(image, 0, 3), "cannot make a 0x3 image");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(whitening_scales_a_pure_frequency_by_its_gain, T, scalar_types)
{
    // A cosine on an exact bin is an eigenvector of the filter: its amplitude becomes
    // gain(f)/mean(gain); a constant is removed (gain 0 at DC).
    const std::size_t h = 32, w = 48;
    double mean = 0;
    for (std::size_t k1 = 0; k1 < h; ++k1)
        for (std::size_t k2 = 0; k2 < w; ++k2) {
            const double fx = (2 * k1 < h ? double(k1) : double(k1) - double(h)) / double(h);
            const double fy = (2 * k2 < w ? double(k2) : double(k2) - double(w)) / double(w);
            mean += hsc::whitening_gain(std::hypot(fx, fy));
        }
    mean /= double(h * w);
    xt::xtensor<T, 2> image({h, w});
    for (std::size_t i = 0; i < h; ++i)
        for (std::size_t j = 0; j < w; ++j)
            image(i, j) = static_cast<T>(
                5 + std::cos(2 * std::numbers::pi * (3.0 * double(i) / double(h) + 6.0 * double(j) / double(w))));
    const double gain = hsc::whitening_gain(std::hypot(3.0 / double(h), 6.0 / double(w))) / mean;
    const auto white = hsc::whiten(image);
    double worst = 0;
    for (std::size_t i = 0; i < h; ++i)
        for (std::size_t j = 0; j < w; ++j) {
            const double expected = gain * (double(image(i, j)) - 5);
            worst = std::max(worst, std::fabs(double(white(i, j)) - expected));
        }
    BOOST_TEST(worst < (sizeof(T) == 4 ? 1e-5 : 1e-12));
}

BOOST_AUTO_TEST_CASE(learning_pipeline_masks_the_corners_and_keeps_the_centre)
{
    const auto image = hsc::io::read_pgm<double>(hsc::testing::data_path("natural/astronaut.pgm"));
    const auto out = hsc::learning_preprocess(image);
    BOOST_TEST(out.shape() == image.shape());
    BOOST_TEST(out(0, 0) == 0.0);
    BOOST_TEST(out(255, 0) == 0.0);
    BOOST_TEST(out(0, 128) == 0.0); // R = 1 at the middle of an edge
    const auto lcn = hsc::local_contrast_normalize(hsc::whiten(image));
    // x = y = linspace(−1, 1, 256) has no exact 0: the mask at the centre is just below 1.
    BOOST_TEST(std::fabs(out(128, 128) - lcn(128, 128)) <= 1e-4 * std::fabs(lcn(128, 128)));
}

BOOST_AUTO_TEST_SUITE_END()
