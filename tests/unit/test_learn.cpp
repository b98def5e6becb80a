#include "hsc/bank/random_normal.hpp"
#include "hsc/io/pgm.hpp"
#include "hsc/learn/online_dictionary.hpp"
#include "hsc/learn/training.hpp"
#include "hsc/preprocess/local_contrast.hpp"
#include "support/test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>

namespace {

/// A size×size crop at (top, left) of a bundled image after LCN.
xt::xtensor<float, 2> crop(const std::string& name, std::size_t top, std::size_t left, std::size_t size)
{
    const auto image =
        hsc::local_contrast_normalize(hsc::io::read_pgm<float>(hsc::testing::data_path("natural/" + name + ".pgm")));
    xt::xtensor<float, 2> out({size, size});
    for (std::size_t i = 0; i < size; ++i)
        for (std::size_t j = 0; j < size; ++j) out(i, j) = image(top + i, left + j);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(online_learning)

BOOST_AUTO_TEST_CASE(learning_lowers_the_coding_objective_on_held_out_images)
{
    // Reduced §1.5: 16 random 8×8 atoms learned on 40×40 crops of four images, scored on crops of
    // a fifth image that learning never sees.
    const std::size_t side = 40;
    const std::vector<xt::xtensor<float, 2>> training = {crop("astronaut", 60, 80, side),
                                                         crop("camera", 100, 100, side), crop("coffee", 40, 120, side),
                                                         crop("grass", 150, 30, side)};
    const std::vector<xt::xtensor<float, 2>> held_out = {crop("chelsea", 90, 90, side), crop("chelsea", 160, 40, side)};
    const auto initial = hsc::random_normal_bank{.count = 16, .size = 8, .seed = 42}.build<float>();
    hsc::online_dictionary_learner<float> learner(initial, side, side);
    auto held_out_objective = [&] {
        double total = 0;
        for (const auto& image : held_out) total += learner.encoder().encode(image).objective;
        return total;
    };
    const double before = held_out_objective();
    for (std::size_t step = 0; step < 40; ++step) learner.step(training[step % training.size()].data());
    const double after = held_out_objective();
    BOOST_TEST_MESSAGE("held-out objective " << before << " -> " << after);
    BOOST_TEST(after < 0.9 * before);
    for (std::size_t k = 0; k < 16; ++k) { // atoms stay unit ℓ2
        double norm = 0;
        for (std::size_t i = 0; i < 64; ++i) norm += double(learner.bank().atom(k)[i]) * learner.bank().atom(k)[i];
        BOOST_TEST(std::sqrt(norm) == 1.0, boost::test_tools::tolerance(1e-5));
    }
}

BOOST_AUTO_TEST_CASE(learning_is_deterministic)
{
    const auto image = crop("camera", 30, 30, 32);
    const auto initial = hsc::random_normal_bank{.count = 6, .size = 6, .seed = 7}.build<float>();
    hsc::online_dictionary_learner<float> a(initial, 32, 32), b(initial, 32, 32);
    for (int step = 0; step < 5; ++step) {
        a.step(image.data());
        b.step(image.data());
    }
    BOOST_TEST((a.bank().atoms() == b.bank().atoms()));
    BOOST_TEST(!(a.bank().atoms() == hsc::online_dictionary_learner<float>(initial, 32, 32).bank().atoms()));
}

BOOST_AUTO_TEST_CASE(resuming_from_a_checkpoint_gives_the_uninterrupted_bank)
{
    const auto full = hsc::io::read_pgm<float>(hsc::testing::data_path("natural/camera.pgm"));
    const std::vector<xt::xtensor<float, 2>> images = {full, crop("grass", 0, 0, 64)};
    const auto initial = hsc::random_normal_bank{.count = 4, .size = 6, .seed = 3}.build<float>();
    hsc::online_learning_options options;
    options.coding.max_iterations = 20;
    std::vector<std::size_t> seen_steps, seen_images;
    hsc::online_dictionary_learner<float> straight(initial, 24, 24, options);
    hsc::learn_from_images(straight, images, {.steps = 6, .seed = 5}, [&](const hsc::learning_progress& p) {
        seen_steps.push_back(p.step);
        seen_images.push_back(p.draw.image);
        BOOST_TEST(p.total == 6u);
        BOOST_TEST(p.draw.top + 24 <= images[p.draw.image].shape()[0]);
    });
    BOOST_TEST(seen_steps == (std::vector<std::size_t>{1, 2, 3, 4, 5, 6}), boost::test_tools::per_element());
    BOOST_TEST((std::count(seen_images.begin(), seen_images.end(), 0u) > 0 &&
                std::count(seen_images.begin(), seen_images.end(), 1u) > 0)); // both images drawn

    hsc::online_dictionary_learner<float> first(initial, 24, 24, options);
    hsc::learn_from_images(first, images, {.steps = 3, .seed = 5}, [](const auto&) {});
    auto resumed_options = options;
    resumed_options.first_step = first.steps();
    hsc::online_dictionary_learner<float> resumed(first.bank(), 24, 24, resumed_options);
    hsc::learn_from_images(resumed, images, {.steps = 6, .seed = 5}, [](const auto&) {});
    BOOST_TEST(resumed.steps() == 6u);
    BOOST_TEST((resumed.bank().atoms() == straight.bank().atoms()));
    BOOST_TEST(!(resumed.bank().atoms() == first.bank().atoms()));
}

BOOST_AUTO_TEST_CASE(images_smaller_than_the_crop_are_named)
{
    const auto initial = hsc::random_normal_bank{.count = 2, .size = 4, .seed = 1}.build<float>();
    hsc::online_dictionary_learner<float> learner(initial, 16, 16);
    const std::vector<xt::xtensor<float, 2>> images = {xt::xtensor<float, 2>({20, 20}, 1.0f),
                                                       xt::xtensor<float, 2>({20, 10}, 1.0f)};
    BOOST_CHECK_EXCEPTION(
        hsc::learn_from_images(learner, images, {.steps = 2}, [](const auto&) {}), hsc::error, [](const hsc::error& e) {
            return std::string(e.what()).find("image 1 is 20x10, smaller than the 16x16") != std::string::npos;
        });
    BOOST_CHECK_THROW(hsc::learn_from_images(learner, {}, {.steps = 2}, [](const auto&) {}), hsc::error);
    std::vector<xt::xtensor<float, 2>> with_nan = {xt::xtensor<float, 2>({16, 16}, 1.0f)};
    with_nan[0](3, 4) = std::numeric_limits<float>::quiet_NaN();
    BOOST_CHECK_EXCEPTION(
        hsc::learn_from_images(learner, with_nan, {.steps = 2}, [](const auto&) {}), hsc::error,
        [](const hsc::error& e) { return std::string(e.what()).find("image 0 has a NaN") != std::string::npos; });
}

BOOST_AUTO_TEST_SUITE_END()
