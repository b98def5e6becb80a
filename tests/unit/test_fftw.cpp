// The FFTW backend (built only with HSC_WITH_FFTW): same spectra as hsc's own transform, and the
// convex coders give the same codes on either backend.
#include "hsc/detail/buffer.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/fft/fftw.hpp"
#include "hsc/solver/admm.hpp"
#include "hsc/solver/fista.hpp"
#include "support/convex_problems.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>

namespace {
using scalar_types = boost::mpl::list<float, double>;
using hsc::testing::random_problem;
} // namespace

BOOST_AUTO_TEST_SUITE(fftw_backend)

BOOST_AUTO_TEST_CASE_TEMPLATE(spectra_match_hsc_own_transform, T, scalar_types)
{
    static_assert(hsc::fft::RealFft2d<hsc::fft::fftw_real_2d<T>, T>);
    // Offset 0 in a 64-byte aligned array: FFTW reads and writes the caller's image in place;
    // offset 1: through the adapter's buffers. Both must give the same transforms.
    for (const std::size_t offset : {0u, 1u})
        for (const auto& [h, w] : {std::pair<std::size_t, std::size_t>{12, 10}, {16, 16}, {9, 15}}) {
            const auto values = hsc::testing::uniform_vector<T>(h * w, h * 31 + w);
            hsc::detail::aligned_vector<T> storage(h * w + offset), back_storage(h * w + offset);
            T* image = storage.data() + offset;
            T* back = back_storage.data() + offset;
            std::copy(values.begin(), values.end(), image);
            hsc::fft::real_fft_2d<T> own(h, w);
            hsc::fft::fftw_real_2d<T> fftw(h, w);
            BOOST_TEST(own.bins() == fftw.bins());
            std::vector<T> a_re(own.bins()), a_im(own.bins()), b_re(own.bins()), b_im(own.bins());
            own.forward(image, a_re.data(), a_im.data());
            fftw.forward(image, b_re.data(), b_im.data());
            double worst = 0, energy = 0, spectral = 0;
            const std::size_t half = w / 2 + 1;
            for (std::size_t k1 = 0; k1 < h; ++k1)
                for (std::size_t k2 = 0; k2 < half; ++k2) {
                    const std::size_t ours = k2 * h + k1, theirs = k1 * half + k2; // transposed layouts
                    worst = std::max({worst, std::fabs(double(a_re[ours]) - b_re[theirs]),
                                      std::fabs(double(a_im[ours]) - b_im[theirs])});
                    spectral += fftw.bin_weight(theirs) *
                                (double(b_re[theirs]) * b_re[theirs] + double(b_im[theirs]) * b_im[theirs]);
                }
            fftw.inverse(b_re.data(), b_im.data(), back);
            double round_trip = 0;
            for (std::size_t i = 0; i < h * w; ++i) {
                energy += double(image[i]) * image[i];
                round_trip = std::max(round_trip, std::fabs(double(back[i]) - image[i]));
            }
            BOOST_TEST(std::equal(values.begin(), values.end(), image)); // the input is left alone
            BOOST_TEST_INFO(h << "x" << w << ", offset " << offset);
            BOOST_TEST(worst < (sizeof(T) == 4 ? 1e-4 : 1e-12));
            BOOST_TEST(round_trip < (sizeof(T) == 4 ? 1e-5 : 1e-14));
            BOOST_TEST(std::fabs(spectral / double(h * w) - energy) < 1e-5 * energy); // Parseval with bin_weight
        }
}

BOOST_AUTO_TEST_CASE(admm_and_fista_codes_do_not_depend_on_the_backend)
{
    const auto [bank, image] = random_problem<double>(3, 4, 20, 18, 77);
    hsc::encoder<double, hsc::solver::admm> own(
        bank, 20, 18, hsc::boundary::circular,
        hsc::solver::admm{.options = {.problem = {.lambda = 0.05}, .max_iterations = 50}});
    hsc::encoder<double, hsc::solver::basic_admm<hsc::fft::fftw_real_2d>> fftw(
        bank, 20, 18, hsc::boundary::circular,
        hsc::solver::basic_admm<hsc::fft::fftw_real_2d>{
            .options = {.problem = {.lambda = 0.05}, .max_iterations = 50}});
    const double a = own.encode(image).objective, b = fftw.encode(image).objective;
    BOOST_TEST(std::fabs(a - b) < 1e-9 * a);
    double worst = 0;
    for (std::size_t i = 0; i < own.engine().y().size(); ++i)
        worst = std::max(worst, std::fabs(own.engine().y()[i] - fftw.engine().y()[i]));
    BOOST_TEST(worst < 1e-9);

    hsc::encoder<double, hsc::solver::fista> own_fista(
        bank, 20, 18, hsc::boundary::circular,
        hsc::solver::fista{.options = {.problem = {.lambda = 0.05}, .max_iterations = 50}});
    hsc::encoder<double, hsc::solver::basic_fista<hsc::fft::fftw_real_2d>> fftw_fista(
        bank, 20, 18, hsc::boundary::circular,
        hsc::solver::basic_fista<hsc::fft::fftw_real_2d>{
            .options = {.problem = {.lambda = 0.05}, .max_iterations = 50}});
    const double c = own_fista.encode(image).objective, d = fftw_fista.encode(image).objective;
    BOOST_TEST(std::fabs(c - d) < 1e-9 * c);
}

BOOST_AUTO_TEST_SUITE_END()
