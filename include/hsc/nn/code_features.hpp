// From a sparse code to a classifier's input: the code of an H×W image over a bank of K atoms (the
// static sizes of its conv_extents), pooled over Cell×Cell cells into ON/OFF maps — channel 2k sums
// the positive coefficients of atom k in each cell, channel 2k + 1 the magnitudes of its negative
// ones — after pruning the coefficients below c·max|coefficient| (hsc::prune_relative's meaning).
// The output shape is a type, so a network that reads it is checked against it at compile time
// (hsc::nn::accepts_input): from the encoder's extents to the logits.
//
// Pooling keeps the sign as two channels because averaging signed coefficients would cancel
// opposite contrasts; summing magnitudes per cell is a rate code of the atoms' spikes.
#pragma once

#include "hsc/code/sparse_code.hpp"
#include "hsc/concepts.hpp"
#include "hsc/config.hpp"
#include "hsc/encoder/extents.hpp"
#include "hsc/nn/layers.hpp"
#include "hsc/nn/sequential.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

namespace hsc::nn {

template <ConvExtents Extents, std::size_t Cell>
struct on_off_pooling
{
    static constexpr std::size_t Atoms = Extents::atoms, H = Extents::height, W = Extents::width;
    static_assert(Extents::static_code,
                  "hsc::nn::on_off_pooling: the code's atoms, height and width must be static extents");
    static_assert(Cell >= 1 && H % Cell == 0 && W % Cell == 0,
                  "hsc::nn::on_off_pooling: H and W must be multiples of Cell");
    using output_shape = shape<2 * Atoms, H / Cell, W / Cell>;

    /// The pooled maps of `events` (positions inside H×W, atoms < K) with every |value| below
    /// c·max|value| left out, into `out` (output_shape::size values, overwritten). noexcept and
    /// allocation-free.
    template <class T>
    static void apply(std::span<const code_event<T>> events, double c, T* out) noexcept
    {
        std::fill(out, out + output_shape::size, T(0));
        const T floor = static_cast<T>(c) * largest_magnitude(events);
        for (const auto& e : events)
            if (kept(e, floor)) out[index_of(e)] += std::fabs(e.value);
    }

    /// The nonzeros of apply()'s output, for a network that reads a sparse_input: entries in
    /// increasing index order, the values of one index summed in the order of `events` (so the
    /// values are apply()'s to the bit), into `out`, which needs room for events.size() entries;
    /// returns the count. noexcept and allocation-free.
    template <class T>
    static std::size_t entries(std::span<const code_event<T>> events, double c, std::span<sparse_entry<T>> out) noexcept
    {
        HSC_ASSERT(out.size() >= events.size());
        const T floor = static_cast<T>(c) * largest_magnitude(events);
        std::size_t count = 0;
        for (const auto& e : events) {
            if (!kept(e, floor) || count == out.size()) continue; // (out too small: asserted above)
            // Insertion keeps equal indices in event order (stable, no allocation); a code has a
            // few hundred events, so the quadratic worst case stays small.
            const sparse_entry<T> entry{static_cast<std::uint32_t>(index_of(e)), std::fabs(e.value)};
            std::size_t at = count++;
            for (; at > 0 && out[at - 1].index > entry.index; --at) out[at] = out[at - 1];
            out[at] = entry;
        }
        std::size_t merged = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (merged > 0 && out[merged - 1].index == out[i].index)
                out[merged - 1].value += out[i].value;
            else
                out[merged++] = out[i];
        }
        return merged;
    }

private:
    template <class T>
    static T largest_magnitude(std::span<const code_event<T>> events) noexcept
    {
        T top = 0;
        for (const auto& e : events) top = std::max(top, std::fabs(e.value));
        return top;
    }

    template <class T>
    static bool kept(const code_event<T>& e, T floor) noexcept
    {
        return e.value != T(0) && std::fabs(e.value) >= floor;
    }

    /// Flat index in output_shape: channel 2·atom (ON) or 2·atom + 1 (OFF), then the cell.
    template <class T>
    static std::size_t index_of(const code_event<T>& e) noexcept
    {
        const std::size_t channel = 2 * std::size_t{e.atom} + (e.value < 0 ? 1 : 0);
        return (channel * (H / Cell) + e.row / Cell) * (W / Cell) + e.col / Cell;
    }
};

namespace detail {
    /// The layers of code_classifier, with the shapes between them worked out from Features.
    template <class Features, std::size_t Filters, std::size_t Kernel, std::size_t Pool, std::size_t Hidden,
              std::size_t Classes, std::size_t DropoutPercent, std::floating_point T>
    struct code_classifier_layers
    {
        static_assert(Features::rank == 3, "hsc::nn::code_classifier: features must be (channels, height, width)");
        static constexpr std::size_t C = Features::dims[0], H = Features::dims[1], W = Features::dims[2];
        using convolved = shape<Filters, H - Kernel + 1, W - Kernel + 1>;
        using pooled = shape<Filters, (H - Kernel + 1) / Pool, (W - Kernel + 1) / Pool>;
        using type =
            sequential<sparse_input_conv2d<C, H, W, Filters, Kernel, T>, relu<convolved, T>,
                       max_pool<convolved, Pool, T>, flatten<pooled, T>,
                       dropout<shape<pooled::size>, DropoutPercent, T>, sparse_input_dense<pooled::size, Hidden, T>,
                       relu<shape<Hidden>, T>, dropout<shape<Hidden>, DropoutPercent, T>, dense<Hidden, Classes, T>>;
    };
} // namespace detail

/// The default classifier on code maps (C, H, W): a convolution of Filters Kernel×Kernel filters
/// that skips the zeros of its input (given dense or as a sparse_input), ReLU, Pool×Pool max
/// pooling, a hidden layer of Hidden units with ReLU that also skips zero inputs (after the ReLU
/// and the dropout, most of them; sequential lets its backward skip them too), and the class
/// scores; while training, dropout at DropoutPercent % on the pooled maps and on the hidden units
/// (identity at inference). The convolution shares its weights over positions, so an atom's
/// evidence counts wherever in the image it appears. Dropout because the network fits its training
/// codes perfectly: on Fashion-MNIST it made every seed more accurate, most of all on pruned codes
/// (docs/results/fashion.md).
template <class Features, std::size_t Filters, std::size_t Kernel, std::size_t Pool, std::size_t Hidden,
          std::size_t Classes, std::size_t DropoutPercent = 50, std::floating_point T = default_scalar>
using code_classifier =
    typename detail::code_classifier_layers<Features, Filters, Kernel, Pool, Hidden, Classes, DropoutPercent, T>::type;

namespace detail {
    /// The layers of code_resnet on (C, H, W), after the layers Before... (none, or a rearrangement
    /// of the input such as space_to_depth).
    template <class Features, std::size_t Stem, std::size_t Wide, std::size_t Classes, std::size_t DropoutPercent,
              std::floating_point T, class... Before>
    struct resnet_layers
    {
        static_assert(Features::rank == 3, "hsc::nn::code_resnet: features must be (channels, height, width)");
        static constexpr std::size_t C = Features::dims[0], H = Features::dims[1], W = Features::dims[2];
        using stem = shape<Stem, H, W>;
        using wide = shape<Wide, H, W>;
        using type =
            sequential<Before..., same_conv2d<C, H, W, Stem, 3, T>, batch_norm<stem, T>, relu<stem, T>,
                       channel_dropout<stem, DropoutPercent, T>, basic_block<stem, Stem, T>, relu<stem, T>,
                       basic_block<stem, Wide, T>, relu<wide, T>, global_avg_pool<wide, T>, dense<Wide, Classes, T>>;
    };
} // namespace detail

/// A small residual network on code maps (C, H, W), the paper's ResNet-18 in miniature: its stem
/// (a 3×3 convolution to Stem channels, batch norm, ReLU, channel dropout at DropoutPercent % while
/// training), two BasicBlocks (Stem → Stem with the identity shortcut, Stem → Wide with a 1×1
/// projection) each followed by ReLU, global average pooling and the class scores. All
/// convolutions keep the map's size: the paper's strides halve 32×32 maps, ours are 7×7 or 8×8
/// already. Train it with hsc::nn::train (mini-batches at once, for the batch norms).
template <class Features, std::size_t Stem, std::size_t Wide, std::size_t Classes, std::size_t DropoutPercent = 50,
          std::floating_point T = default_scalar>
using code_resnet = typename detail::resnet_layers<Features, Stem, Wide, Classes, DropoutPercent, T>::type;

/// code_resnet on an image (C, H, W) whose Block×Block cells become channels first (space_to_depth):
/// a pixel baseline with the same network and the same map size as the codes it is compared with.
template <class Image, std::size_t Block, std::size_t Stem, std::size_t Wide, std::size_t Classes,
          std::size_t DropoutPercent = 50, std::floating_point T = default_scalar>
using pixel_resnet = typename detail::resnet_layers<typename space_to_depth<Image, Block, T>::output_shape, Stem, Wide,
                                                    Classes, DropoutPercent, T, space_to_depth<Image, Block, T>>::type;

} // namespace hsc::nn
