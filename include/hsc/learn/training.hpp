// Learning a bank from a set of images (docs/science.md §1.5): step j codes one learner-sized crop of
// one image, both drawn at random, then updates the atoms.
//
// The draw of step j depends only on (seed, j), not on the steps before it: learning stopped after
// step j and resumed from the checkpointed bank (options.first_step = j) gives the same bank, bit
// for bit, as learning that never stopped.
#pragma once

#include "hsc/config.hpp"
#include "hsc/learn/online_dictionary.hpp"
#include "hsc/preprocess/whitening.hpp"
#include "hsc/random.hpp"

#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace hsc {

struct learning_schedule
{
    std::size_t steps = 1000; ///< total steps, counting those taken before a resume
    std::uint64_t seed = 42;  ///< the draws of images and crops
    bool preprocess = true;   ///< each crop through the learning pipeline (whiten, LCN, mask)
};

/// Which image, and where in it, step j learns from.
struct learning_draw
{
    std::size_t image, top, left;
};

/// The draw of step `step`: uniform over images, then uniform over the crop positions of that image.
inline learning_draw draw_for_step(std::uint64_t seed, std::size_t step, const std::vector<std::size_t>& heights,
                                   const std::vector<std::size_t>& widths, std::size_t crop_h, std::size_t crop_w)
{
    random_engine rng(seed * 0x100000001b3ULL + step);
    const std::size_t i = rng.below(heights.size());
    return {i, rng.below(heights[i] - crop_h + 1), rng.below(widths[i] - crop_w + 1)};
}

/// What the progress callback sees after every step.
struct learning_progress
{
    std::size_t step;  ///< steps taken so far (1-based after the first step)
    std::size_t total; ///< schedule.steps
    learning_draw draw;
    encode_report report; ///< coding of the step's crop, before the update
};

/// Runs the learner from its current step to schedule.steps on images it loads when a step draws
/// them: `sizes` gives each image's (height, width), known beforehand so that the draws are those of
/// learn_from_images; `load(i)` returns image i (an xt::xtensor<T, 2> or a reference to one; a
/// cache of the caller's bounds the memory, so a folder larger than memory can be learned from).
/// A loaded image of another size than `sizes` says, or with a pixel that is not finite, fails.
template <std::floating_point T, class Load, class Callback>
void learn_from_loader(online_dictionary_learner<T>& learner, const std::vector<std::array<std::size_t, 2>>& sizes,
                       Load&& load, const learning_schedule& schedule, Callback&& on_step)
{
    const std::size_t h = learner.height(), w = learner.width();
    require(!sizes.empty(), errc::invalid_argument, [] { return std::string("learning: no images"); });
    std::vector<std::size_t> heights, widths;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        heights.push_back(sizes[i][0]);
        widths.push_back(sizes[i][1]);
        require(heights.back() >= h && widths.back() >= w, errc::invalid_argument, [&] {
            return "learning: image " + std::to_string(i) + " is " + std::to_string(heights.back()) + "x" +
                   std::to_string(widths.back()) + ", smaller than the " + std::to_string(h) + "x" + std::to_string(w) +
                   " crops learned from";
        });
    }
    xt::xtensor<T, 2> crop({h, w});
    for (std::size_t step = learner.steps(); step < schedule.steps; ++step) {
        const learning_draw draw = draw_for_step(schedule.seed, step, heights, widths, h, w);
        const auto& image = load(draw.image);
        require(image.shape()[0] == heights[draw.image] && image.shape()[1] == widths[draw.image],
                errc::invalid_argument, [&] {
                    return "learning: image " + std::to_string(draw.image) + " was " +
                           std::to_string(heights[draw.image]) + "x" + std::to_string(widths[draw.image]) +
                           " and is now " + std::to_string(image.shape()[0]) + "x" + std::to_string(image.shape()[1]);
                });
        require(std::all_of(image.begin(), image.end(), [](T v) { return std::isfinite(v); }), errc::invalid_argument,
                [&] { return "learning: image " + std::to_string(draw.image) + " has a NaN or infinite pixel"; });
        for (std::size_t u = 0; u < h; ++u)
            for (std::size_t v = 0; v < w; ++v) crop(u, v) = image(draw.top + u, draw.left + v);
        const encode_report report = learner.step(schedule.preprocess ? learning_preprocess(crop).data() : crop.data());
        on_step(learning_progress{step + 1, schedule.steps, draw, report});
    }
}

/// Runs the learner from its current step to schedule.steps; on_step(const learning_progress&)
/// after each step (progress bars, checkpoints). Every image must be at least the learner's size.
template <std::floating_point T, class Callback>
void learn_from_images(online_dictionary_learner<T>& learner, const std::vector<xt::xtensor<T, 2>>& images,
                       const learning_schedule& schedule, Callback&& on_step)
{
    std::vector<std::array<std::size_t, 2>> sizes;
    for (std::size_t i = 0; i < images.size(); ++i) {
        sizes.push_back({images[i].shape()[0], images[i].shape()[1]});
        // Checked before the first step, not when a step first draws the image.
        require(std::all_of(images[i].begin(), images[i].end(), [](T v) { return std::isfinite(v); }),
                errc::invalid_argument,
                [&] { return "learning: image " + std::to_string(i) + " has a NaN or infinite pixel"; });
    }
    learn_from_loader(
        learner, sizes, [&](std::size_t i) -> const xt::xtensor<T, 2>& { return images[i]; }, schedule, on_step);
}

} // namespace hsc
