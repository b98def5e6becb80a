#include "hsc/bank/random_normal.hpp"
#include "hsc/code/reconstruct.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/encoder/pyramid.hpp"
#include "hsc/metrics/metrics.hpp"
#include "hsc/metrics/pruning.hpp"
#include "hsc/solver/omp.hpp"
#include "support/check_error.hpp"
#include "support/random_data.hpp"
#include "support/reference_mp.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>

namespace tt = boost::test_tools;
using hsc::boundary;

namespace {

using scalar_types = boost::mpl::list<float, double>;

template <class T>
xt::xtensor<T, 2> random_image(std::size_t h, std::size_t w, std::uint64_t seed)
{
    const auto v = hsc::testing::uniform_vector<T>(h * w, seed);
    xt::xtensor<T, 2> image({h, w});
    std::copy(v.begin(), v.end(), image.begin());
    return image;
}

/// A small bank with the bank's own scale (not unit ℓ2), so the reporting scale is tested too.
template <class T>
hsc::kernel_bank<T> small_bank(std::size_t count = 6, std::size_t size = 5)
{
    return hsc::random_normal_bank{.count = count, .size = size, .seed = 11, .norm = hsc::normalization::maxabs}
        .build<T>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(matching_pursuit)

BOOST_AUTO_TEST_CASE_TEMPLATE(recovers_non_overlapping_atoms_exactly, T, scalar_types)
{
    // Three atoms far apart: each is orthogonal to the others, so MP finds them with their exact
    // coefficients, in order of their unit-norm magnitude |value|·‖d_k‖, and leaves nothing behind.
    const auto bank = small_bank<T>();
    auto norm = [&](std::size_t k) {
        return std::sqrt(hsc::reference::dot(bank.atom(k), bank.atom(k), bank.atom_size() * bank.atom_size()));
    };
    for (const auto mode : {boundary::circular, boundary::zero}) {
        const hsc::sparse_code<T> code({bank.size(), 32, 32, mode},
                                       {{2, 3, 4, T(5)}, {0, 20, 9, T(-3)}, {5, 12, 25, T(2)}});
        const auto image = hsc::reconstruct(code, bank);
        struct
        {
            std::vector<hsc::code_event<T>> list;
            const std::vector<hsc::code_event<T>>& events() const { return list; }
        } truth{code.events()};
        std::stable_sort(truth.list.begin(), truth.list.end(), [&](const auto& a, const auto& b) {
            return std::fabs(a.value) * norm(a.atom) > std::fabs(b.value) * norm(b.atom);
        });
        hsc::encoder<T> enc(bank, 32, 32, mode, hsc::solver::mp{.options = {.max_atoms = 3}});
        const auto report = enc.encode(image);
        BOOST_TEST_INFO("boundary " << hsc::to_string(mode));
        BOOST_REQUIRE(enc.code().events().size() == 3u);
        for (std::size_t i = 0; i < 3; ++i) {
            const auto& got = enc.code().events()[i];
            const auto& want = truth.events()[i];
            BOOST_TEST(got.atom == want.atom);
            BOOST_TEST(got.row == want.row);
            BOOST_TEST(got.col == want.col);
            BOOST_TEST(got.value == want.value, tt::tolerance(T(1e-4)));
        }
        BOOST_TEST(report.residual_energy < 1e-6);
    }
}

BOOST_AUTO_TEST_CASE(matches_textbook_mp_in_double)
{
    const auto bank = small_bank<double>();
    const auto image = random_image<double>(24, 28, 5);
    for (const auto mode : {boundary::circular, boundary::zero}) {
        for (const double gain : {1.0, 0.7}) {
            BOOST_TEST_CONTEXT("boundary " << hsc::to_string(mode) << ", gain " << gain)
            {
                hsc::encoder<double> enc(bank, 24, 28, mode,
                                         hsc::solver::mp{.options = {.max_atoms = 60, .gain = gain}});
                enc.encode(image);
                const auto expected = hsc::reference::matching_pursuit(image.data(), 24, 28, bank, mode, 60, gain);
                const auto& got = enc.code().events();
                BOOST_REQUIRE(got.size() == expected.size());
                for (std::size_t i = 0; i < got.size(); ++i) {
                    BOOST_TEST_INFO("event " << i);
                    BOOST_TEST((got[i].atom == expected[i].atom && got[i].row == expected[i].row &&
                                got[i].col == expected[i].col));
                    BOOST_TEST(got[i].value == expected[i].value, tt::tolerance(1e-9));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(residual_and_reconstruction_add_up_to_the_image, T, scalar_types)
{
    const auto bank = small_bank<T>(8, 6);
    const auto image = random_image<T>(30, 26, 9);
    for (const auto mode : {boundary::circular, boundary::zero}) {
        hsc::encoder<T> enc(bank, 30, 26, mode, hsc::solver::mp{.options = {.max_atoms = 200}});
        const auto report = enc.encode(image);
        const auto recon = hsc::reconstruct(enc.code(), bank);
        xt::xtensor<T, 2> residual({30, 26});
        enc.engine().residual(residual.data());
        double worst = 0;
        for (std::size_t i = 0; i < image.size(); ++i)
            worst = std::max(worst, std::fabs(double(image.data()[i] - recon.data()[i] - residual.data()[i])));
        BOOST_TEST(worst < (sizeof(T) == 4 ? 1e-4 : 1e-10));
        // The reported energy and PSNR are those of image − reconstruction.
        BOOST_TEST(report.residual_energy == hsc::squared_error(image, recon),
                   tt::tolerance(sizeof(T) == 4 ? 1e-3 : 1e-9));
        BOOST_TEST(report.psnr_db == hsc::psnr_db(image, recon), tt::tolerance(1e-3));
        // MP only ever lowers the residual energy.
        BOOST_TEST(report.residual_energy < hsc::squared_error(image, xt::xtensor<T, 2>(image * T(0))));
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(float_tracks_the_reference_energy, T, scalar_types)
{
    // In float the incremental correlations drift from recomputed ones; the code may differ in
    // near-ties, but the approximation must stay as good.
    const auto bank = small_bank<T>();
    const auto image = random_image<T>(24, 28, 5);
    hsc::encoder<T> enc(bank, 24, 28, boundary::circular, hsc::solver::mp{.options = {.max_atoms = 100}});
    const auto report = enc.encode(image);
    const hsc::sparse_code<T> ref(
        {bank.size(), 24, 28, boundary::circular},
        hsc::reference::matching_pursuit(image.data(), 24, 28, bank, boundary::circular, 100));
    const double ref_energy = hsc::squared_error(image, hsc::reconstruct(ref, bank));
    BOOST_TEST(report.residual_energy == ref_energy, tt::tolerance(1e-3));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(int16_table_stays_within_its_rounding_of_exact_mp, T, scalar_types)
{
    // Through the 16-bit table each update is within |step|·s/2 of the exact one, and a row's
    // scale s is at most 1/32767 (cross-correlations of unit atoms are at most 1 in magnitude). So
    // while both coders make the same selections, each coefficient (unit-atom scale) is within
    // Σ|earlier steps| / 65534 of exact MP's, plus T's own rounding; and it does differ somewhere,
    // or the table would not be in use.
    const auto bank = small_bank<T>(8, 6);
    const auto image = random_image<T>(30, 26, 9);
    auto norm = [&](std::size_t k) {
        return std::sqrt(hsc::reference::dot(bank.atom(k), bank.atom(k), bank.atom_size() * bank.atom_size()));
    };
    const double rounding = 100 * std::numeric_limits<T>::epsilon();
    for (const auto mode : {boundary::circular, boundary::zero}) {
        BOOST_TEST_CONTEXT("boundary " << hsc::to_string(mode))
        {
            const hsc::solver::mp_options options{.max_atoms = 300};
            hsc::encoder<T> exact(bank, 30, 26, mode, hsc::solver::mp{.options = options});
            hsc::encoder<T> narrow(bank, 30, 26, mode,
                                   hsc::solver::mp{.options = options, .table = hsc::solver::cross_table::int16});
            const auto exact_report = exact.encode(image);
            const auto narrow_report = narrow.encode(image);
            const auto& want = exact.code().events();
            const auto& got = narrow.code().events();
            BOOST_REQUIRE(got.size() == want.size());
            double steps = 0;
            std::size_t same = 0;
            bool differs = false;
            for (; same < got.size(); ++same) {
                const auto& g = got[same];
                const auto& w = want[same];
                if (g.atom != w.atom || g.row != w.row || g.col != w.col) break;
                const double a_got = double(g.value) * norm(g.atom), a_want = double(w.value) * norm(w.atom);
                BOOST_TEST_INFO("selection " << same);
                BOOST_TEST(std::fabs(a_got - a_want) <= steps * (1.0 / 65534 + rounding) + rounding);
                differs = differs || g.value != w.value;
                steps += std::fabs(a_want);
            }
            BOOST_TEST(same >= 200u); // all 300 here on AVX-512; near-ties may flip on other instruction sets
            BOOST_TEST(differs);
            BOOST_TEST(narrow_report.residual_energy == exact_report.residual_energy, tt::tolerance(0.01));
        }
    }
}

BOOST_AUTO_TEST_CASE(stopping_criteria)
{
    const auto bank = small_bank<double>();
    const auto image = random_image<double>(24, 24, 3);
    hsc::encoder<double> by_psnr(bank, 24, 24, boundary::circular,
                                 hsc::solver::mp{.options = {.max_atoms = 100000, .target_psnr_db = 20}});
    const auto r1 = by_psnr.encode(image);
    BOOST_TEST(r1.reason == hsc::encode_report::target_psnr);
    BOOST_TEST(r1.psnr_db >= 20.0);
    // One atom fewer would not have reached the target.
    hsc::encoder<double> one_less(bank, 24, 24, boundary::circular,
                                  hsc::solver::mp{.options = {.max_atoms = r1.selections - 1}});
    BOOST_TEST(one_less.encode(image).psnr_db < 20.0);

    hsc::encoder<double> by_threshold(bank, 24, 24, boundary::circular,
                                      hsc::solver::mp{.options = {.max_atoms = 100000, .threshold = 0.5}});
    const auto r2 = by_threshold.encode(image);
    BOOST_TEST(r2.reason == hsc::encode_report::threshold);
    BOOST_TEST(r2.selections > 0u);

    hsc::encoder<double> by_count(bank, 24, 24, boundary::circular, hsc::solver::mp{.options = {.max_atoms = 7}});
    const auto r3 = by_count.encode(image);
    BOOST_TEST(r3.reason == hsc::encode_report::atoms);
    BOOST_TEST(r3.selections == 7u);

    // An all-zero image has nothing to code.
    hsc::encoder<double> zero(bank, 24, 24, boundary::circular, hsc::solver::mp{.options = {.max_atoms = 5}});
    const auto r4 = zero.encode(xt::xtensor<double, 2>({24, 24}, 0.0));
    BOOST_TEST(r4.reason == hsc::encode_report::exhausted);
    BOOST_TEST(r4.selections == 0u);
}

BOOST_AUTO_TEST_CASE(bad_input_is_named)
{
    const auto bank = small_bank<float>(4, 12);
    HSC_CHECK_ERROR((hsc::encoder<float>(bank, 8, 30)), "do not fit");
    HSC_CHECK_ERROR((hsc::encoder<float>(bank, 30, 30, boundary::circular, hsc::solver::mp{.options = {.gain = 0}})),
                    "gain");
    HSC_CHECK_ERROR(
        (hsc::encoder<float>(bank, 30, 30, boundary::circular, hsc::solver::mp{.options = {.max_atoms = 0}})),
        "max_atoms");
    hsc::encoder<float> enc(bank, 30, 30);
    HSC_CHECK_ERROR(enc.encode(xt::xtensor<float, 2>({30, 31}, 0.f)), "30x31");
    xt::xtensor<float, 2> nan_image({30, 30}, 0.f);
    nan_image(4, 7) = NAN;
    HSC_CHECK_ERROR(enc.encode(nan_image), "pixel (4, 7)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sparse_codes)

BOOST_AUTO_TEST_CASE(dense_round_trip_rank_order_and_metrics)
{
    hsc::sparse_code<double> code({3, 4, 5, boundary::zero},
                                  {{1, 2, 3, 0.5}, {0, 0, 0, -2.0}, {1, 2, 3, 0.25}, {2, 3, 4, 1.0}, {2, 1, 1, 0.0}});
    BOOST_TEST(!code.is_merged());
    const auto dense = code.to_dense();
    BOOST_TEST(dense(1, 2, 3) == 0.75); // repeated events are summed
    BOOST_TEST(hsc::nnz(code) == 3u);   // the explicit zero does not count
    const auto merged = code.merged();  // one event per nonzero, where the position first occurs
    BOOST_REQUIRE(merged.events().size() == 3u);
    BOOST_TEST(merged.is_merged());
    BOOST_TEST((merged.geometry() == code.geometry())); // the boundary travels with the code
    BOOST_TEST(merged.merged().events().size() == 3u);  // merging a merged code changes nothing
    BOOST_TEST(merged.events()[0].value == 0.75);
    BOOST_TEST(merged.events()[1].value == -2.0);
    BOOST_TEST(merged.events()[2].value == 1.0);
    BOOST_TEST(hsc::sparseness(code) == 1 - 3.0 / 60, tt::tolerance(1e-15));
    const auto back = hsc::sparse_code<double>::from_dense(dense, boundary::zero);
    BOOST_TEST(back.events().size() == 3u);
    BOOST_TEST(back.is_merged());
    BOOST_TEST((back.to_dense() == dense));
    const auto table = code.to_table();
    BOOST_TEST(table.shape()[0] == 5u);
    BOOST_TEST((table(3, 0) == 2.0 && table(3, 1) == 3.0 && table(3, 2) == 4.0 && table(3, 3) == 1.0));
    code.sort_by_magnitude();
    BOOST_TEST(code.events()[0].value == -2.0);
    BOOST_TEST(code.events()[1].value == 1.0);
    const auto spikes = code.to_address_events();
    BOOST_TEST(spikes[0].address == 0u); // atom 0, (0, 0)
    BOOST_TEST(!spikes[0].positive);
    BOOST_TEST(spikes[1].address == (2u * 4 + 3) * 5 + 4); // atom 2, (3, 4)
    BOOST_TEST(spikes[1].positive);
}

BOOST_AUTO_TEST_CASE(pruning_removes_small_coefficients_after_summing_repeats)
{
    // small_bank has 6 atoms
    const hsc::sparse_code<double> code({6, 20, 20, boundary::circular},
                                        {{0, 2, 2, 0.3}, {0, 2, 2, 0.3}, {1, 9, 9, -0.4}, {1, 15, 3, 0.05}});
    const auto pruned = hsc::prune_absolute(code, 0.5); // 0.3 + 0.3 = 0.6 stays; -0.4 and 0.05 go
    BOOST_REQUIRE(pruned.events().size() == 1u);
    BOOST_TEST(pruned.events()[0].value == 0.6, tt::tolerance(1e-15));
    // Relative: below 0.7 · max|v| = 0.42 goes, so 0.6 stays and -0.4 goes; at 0.6, -0.4 stays.
    BOOST_TEST(hsc::prune_relative(code, 0.7).events().size() == 1u);
    BOOST_TEST(hsc::prune_relative(code, 0.6).events().size() == 2u);
    const auto c = hsc::default_pruning_thresholds();
    BOOST_TEST(c.size() == 6u);
    BOOST_TEST(c.front() == 0.001);
    BOOST_TEST(c[1] == 0.1008, tt::tolerance(1e-12));
    BOOST_TEST(c.back() == 0.5, tt::tolerance(1e-15));

    const auto bank = small_bank<double>();
    const auto image = hsc::reconstruct(code, bank);
    const auto sweep = hsc::pruning_sweep(code, bank, image, {0.01, 0.1, 0.5, 1.0});
    BOOST_TEST(std::isinf(sweep[0].psnr_db)); // nothing removed: exact
    BOOST_TEST(sweep[1].nnz == 2u);
    BOOST_TEST(sweep[2].nnz == 1u);
    BOOST_TEST(sweep[3].nnz == 0u);
    BOOST_TEST(sweep[1].psnr_db > sweep[2].psnr_db);
}

BOOST_AUTO_TEST_CASE(psnr_uses_the_reference_range)
{
    const xt::xtensor<double, 2> s({{0.0, 2.0}, {1.0, 1.0}});
    const xt::xtensor<double, 2> e({{0.0, 2.0}, {1.0, 2.0}});
    // range 2, mse 1/4: 10 log10(4 / 0.25) = 12.0412 dB
    BOOST_TEST(hsc::psnr_db(s, e) == 10 * std::log10(16.0), tt::tolerance(1e-12));
    BOOST_TEST(std::isinf(hsc::psnr_db(s, s)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(orthogonal_matching_pursuit)

BOOST_AUTO_TEST_CASE(recovers_overlapping_atoms_exactly)
{
    // Three atoms that overlap: MP cannot undo its first, biased coefficients, OMP's re-fit does.
    const auto bank = small_bank<double>();
    for (const auto mode : {boundary::circular, boundary::zero}) {
        const hsc::sparse_code<double> truth({bank.size(), 20, 20, mode},
                                             {{2, 8, 8, 3.0}, {0, 10, 9, -2.0}, {5, 7, 11, 1.5}});
        const auto image = hsc::reconstruct(truth, bank);
        hsc::encoder<double, hsc::solver::omp> omp(bank, 20, 20, mode, hsc::solver::omp{.options = {.max_atoms = 3}});
        hsc::encoder<double, hsc::solver::mp> mp(bank, 20, 20, mode, hsc::solver::mp{.options = {.max_atoms = 3}});
        const auto r_omp = omp.encode(image);
        const auto r_mp = mp.encode(image);
        BOOST_TEST_INFO("boundary " << hsc::to_string(mode));
        BOOST_TEST(r_omp.residual_energy < 1e-16 * hsc::squared_error(image, xt::xtensor<double, 2>(image * 0.0)));
        BOOST_TEST(r_mp.residual_energy > 1e-6);
        const auto dense = omp.code().to_dense();
        BOOST_TEST(dense(2, 8, 8) == 3.0, tt::tolerance(1e-9));
        BOOST_TEST(dense(0, 10, 9) == -2.0, tt::tolerance(1e-9));
        BOOST_TEST(dense(5, 7, 11) == 1.5, tt::tolerance(1e-9));
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(reported_energy_is_that_of_the_code, T, scalar_types)
{
    const auto bank = small_bank<T>(8, 6);
    const auto image = random_image<T>(30, 26, 9);
    for (const auto mode : {boundary::circular, boundary::zero}) {
        hsc::encoder<T, hsc::solver::omp> enc(bank, 30, 26, mode, hsc::solver::omp{.options = {.max_atoms = 150}});
        const auto report = enc.encode(image);
        const auto recon = hsc::reconstruct(enc.code(), bank);
        BOOST_TEST(report.residual_energy == hsc::squared_error(image, recon),
                   tt::tolerance(sizeof(T) == 4 ? 1e-3 : 1e-9));
        BOOST_TEST(enc.code().events().size() == 150u);
        BOOST_TEST(hsc::nnz(enc.code()) <= 150u);
    }
}

BOOST_AUTO_TEST_CASE(lower_residual_than_mp_at_equal_support_on_an_image)
{
    // Not a theorem (supports differ), checked on one fixed input as the usual outcome.
    const auto bank = small_bank<double>(8, 6);
    const auto image = random_image<double>(32, 32, 21);
    hsc::encoder<double, hsc::solver::omp> omp(bank, 32, 32, boundary::circular,
                                               hsc::solver::omp{.options = {.max_atoms = 120}});
    omp.encode(image);
    const std::size_t support = hsc::nnz(omp.code());
    // MP with as many distinct atoms: increase selections until its nnz reaches OMP's.
    std::size_t selections = support;
    double mp_energy = 0;
    for (;; selections += 5) {
        hsc::encoder<double, hsc::solver::mp> mp(bank, 32, 32, boundary::circular,
                                                 hsc::solver::mp{.options = {.max_atoms = selections}});
        mp_energy = mp.encode(image).residual_energy;
        if (hsc::nnz(mp.code()) >= support) break;
    }
    const auto omp_energy = hsc::squared_error(image, hsc::reconstruct(omp.code(), bank));
    BOOST_TEST(omp_energy < mp_energy);
}

BOOST_AUTO_TEST_CASE(bad_options_are_named)
{
    const auto bank = small_bank<float>(4, 12);
    HSC_CHECK_ERROR((hsc::encoder<float, hsc::solver::omp>(bank, 20, 30)), "at least 23 pixels");
    HSC_CHECK_ERROR((hsc::encoder<float, hsc::solver::omp>(bank, 30, 30, boundary::circular,
                                                           hsc::solver::omp{.options = {.gain = 0.5}})),
                    "gain");
    HSC_CHECK_ERROR(
        (hsc::encoder<float, hsc::solver::omp>(bank, 30, 30, boundary::circular, hsc::solver::omp{.max_local = 0})),
        "max_local");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(encoder_host)

BOOST_AUTO_TEST_CASE_TEMPLATE(static_extents_check_the_bank_and_image, T, scalar_types)
{
    const auto bank = small_bank<T>(6, 5);
    using fixed = hsc::encoder<T, hsc::solver::mp, hsc::conv_extents<6, 5, 16, 20>>;
    fixed enc(bank); // height and width from the extents
    BOOST_TEST((enc.height() == 16u && enc.width() == 20u && enc.atoms() == 6u));
    const auto image = random_image<T>(16, 20, 3);
    hsc::encoder<T> same(bank, 16, 20);
    enc.encode(image);
    same.encode(image);
    BOOST_TEST(enc.code().events().size() == same.code().events().size());
    HSC_CHECK_ERROR((hsc::encoder<T, hsc::solver::mp, hsc::conv_extents<7>>(bank, 16, 20)),
                    "the bank's atom count is 6, the extents fix it at 7");
    HSC_CHECK_ERROR((hsc::encoder<T, hsc::solver::mp, hsc::conv_extents<6, 5, 16>>(bank, 17, 20)),
                    "the image height is 17");
    HSC_CHECK_ERROR(enc.encode(random_image<T>(20, 16, 3)), "image is 20x16, this encoder codes 16x20");
}

BOOST_AUTO_TEST_CASE(set_bank_rebinds_without_changing_the_result_of_a_fresh_encoder)
{
    const auto first = small_bank<double>(6, 5),
               second = hsc::random_normal_bank{.count = 6, .size = 5, .seed = 99}.build<double>();
    const auto image = random_image<double>(20, 20, 8);
    for (const auto mode : {boundary::circular, boundary::zero}) {
        hsc::encoder<double, hsc::solver::omp> rebound(first, 20, 20, mode, {.options = {.max_atoms = 30}});
        rebound.encode(image);
        rebound.set_bank(second);
        rebound.encode(image);
        hsc::encoder<double, hsc::solver::omp> fresh(second, 20, 20, mode, {.options = {.max_atoms = 30}});
        fresh.encode(image);
        BOOST_REQUIRE(rebound.code().events().size() == fresh.code().events().size());
        for (std::size_t i = 0; i < fresh.code().events().size(); ++i)
            BOOST_TEST(rebound.code().events()[i].value == fresh.code().events()[i].value);
    }
    hsc::encoder<double> mp(first, 20, 20);
    HSC_CHECK_ERROR(mp.set_bank(small_bank<double>(5, 5)), "set_bank needs 6 atoms of 5x5, got 5 of 5");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(pyramid_codes_every_scale_into_one_code, T, scalar_types)
{
    // Two scales by hand (the full image; its 2×2 means), then the pyramid: same events, the coarse
    // ones at atoms K.. and doubled positions, in that order.
    const auto bank = small_bank<T>(6, 5);
    const auto image = random_image<T>(24, 28, 4);
    const hsc::solver::mp fine_policy{.options = {.max_atoms = 40}}, coarse_policy{.options = {.max_atoms = 20}};
    hsc::encoder<T> fine(bank, 24, 28, boundary::zero, fine_policy);
    hsc::encoder<T> coarse(bank, 12, 14, boundary::zero, coarse_policy);
    xt::xtensor<T, 2> halved({12, 14});
    for (std::size_t y = 0; y < 12; ++y)
        for (std::size_t x = 0; x < 14; ++x)
            halved(y, x) = T(0.25) * (image(2 * y, 2 * x) + image(2 * y, 2 * x + 1) + image(2 * y + 1, 2 * x) +
                                      image(2 * y + 1, 2 * x + 1));
    fine.encode(image);
    coarse.encode(halved);

    using pyramid = hsc::pyramid_encoder<T, hsc::solver::mp, hsc::conv_extents<6, 5, 24, 28>, 2>;
    static_assert(std::is_same_v<typename pyramid::code_extents, hsc::conv_extents<12, 5, 24, 28>>);
    pyramid both(bank, boundary::zero, {fine_policy, coarse_policy});
    const auto& code = both.encode(image);
    BOOST_TEST((code.geometry() == hsc::code_geometry{12, 24, 28, boundary::zero}));
    const auto& a = fine.code().events();
    const auto& b = coarse.code().events();
    BOOST_REQUIRE(code.events().size() == a.size() + b.size());
    for (std::size_t i = 0; i < a.size(); ++i) BOOST_TEST(code.events()[i].value == a[i].value);
    for (std::size_t i = 0; i < b.size(); ++i) {
        const auto& e = code.events()[a.size() + i];
        BOOST_TEST((e.atom == b[i].atom + 6 && e.row == 2 * b[i].row && e.col == 2 * b[i].col));
        BOOST_TEST(e.value == b[i].value);
    }
    HSC_CHECK_ERROR((hsc::pyramid_encoder<T, hsc::solver::mp, hsc::conv_extents<>, 3>(
                        bank, 24, 30, boundary::zero, {fine_policy, fine_policy, fine_policy})),
                    "multiples of 4");
}

BOOST_AUTO_TEST_SUITE_END()
