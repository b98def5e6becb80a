// A residual block as a layer type: residual<Shortcut, Branch...> computes
// Shortcut(x) + Branch_n(… Branch_1(x)), the branch a chain of layers whose connections are
// checked at compile time like sequential's, the shortcut a layer from the same input to the same
// output shape (identity, or a 1×1 convolution where the branch changes the channels). A mismatch
// stops compilation in hsc::nn::residual_sum<ShortcutOutput, BranchOutput> (or, inside the branch,
// in hsc::nn::connection<Index, Output, Input>), naming the shapes. The ReLU after the sum of a
// ResNet's BasicBlock is the next layer of the network, not part of the block.
//
// Like every layer, a block holds its activations in fixed arrays (inference allocates nothing);
// run as a mini-batch (forward_batch, for batch normalisation inside) it keeps the batch's
// activations in vectors it sizes on first use.
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/nn/layers.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace hsc::nn {

/// The check of one connection: instantiated for every adjacent pair (Index, Index + 1) of a
/// sequential network or a residual branch.
template <std::size_t Index, class Output, class Input>
struct connection
{
    static_assert(std::is_same_v<Output, Input>,
                  "hsc::nn::sequential (or a residual branch): the output shape of layer Index is not the input shape "
                  "of layer Index + 1 "
                  "(Index, Output and Input are the arguments of this hsc::nn::connection)");
    static constexpr bool ok = std::is_same_v<Output, Input>;
};

namespace detail {
    /// Whether every adjacent pair of Layers connects (each checked by a connection<Index, …>).
    template <class... Layers>
    constexpr bool connected() noexcept
    {
        using tuple = std::tuple<Layers...>;
        return []<std::size_t... I>(std::index_sequence<I...>)
        {
            return (connection<I, typename std::tuple_element_t<I, tuple>::output_shape,
                               typename std::tuple_element_t<I + 1, tuple>::input_shape>::ok &&
                    ...);
        }
        (std::make_index_sequence<sizeof...(Layers) - 1>{});
    }
} // namespace detail

/// The check of a residual block's two paths: they read the same input and their outputs are added.
template <class ShortcutInput, class BranchInput, class ShortcutOutput, class BranchOutput>
struct residual_sum
{
    static_assert(std::is_same_v<ShortcutInput, BranchInput>,
                  "hsc::nn::residual: the shortcut's input shape is not the branch's (ShortcutInput, BranchInput)");
    static_assert(std::is_same_v<ShortcutOutput, BranchOutput>,
                  "hsc::nn::residual: the shortcut's output shape is not the branch's, so they cannot be added "
                  "(ShortcutOutput, BranchOutput)");
    static constexpr bool ok =
        std::is_same_v<ShortcutInput, BranchInput> && std::is_same_v<ShortcutOutput, BranchOutput>;
};

template <class Shortcut, class... Branch>
class residual
{
    static_assert(sizeof...(Branch) >= 1, "hsc::nn::residual needs at least one branch layer");
    static_assert(Layer<Shortcut> && (Layer<Branch> && ...), "hsc::nn::residual: every argument must be a layer");
    using tuple = std::tuple<Branch...>;
    static constexpr std::size_t count = sizeof...(Branch);
    template <std::size_t I>
    using layer_t = std::tuple_element_t<I, tuple>;

    static_assert(detail::connected<Branch...>());
    static_assert(residual_sum<typename Shortcut::input_shape, typename layer_t<0>::input_shape,
                               typename Shortcut::output_shape, typename layer_t<count - 1>::output_shape>::ok);

public:
    using scalar = typename layer_t<0>::scalar;
    using input_shape = typename layer_t<0>::input_shape;
    using output_shape = typename layer_t<count - 1>::output_shape;
    static constexpr std::size_t parameter_count = Shortcut::parameter_count + (Branch::parameter_count + ...);
    static constexpr std::size_t state_count = nn::state_count<Shortcut>() + (nn::state_count<Branch>() + ...);
    static constexpr bool couples_samples = couples_batch<Shortcut>() || (couples_batch<Branch>() || ...);

    void initialise(random_engine& engine)
    {
        m_shortcut.initialise(engine);
        std::apply([&](auto&... layer) { (layer.initialise(engine), ...); }, m_layers);
    }

    void set_training(bool on) noexcept
    {
        detail::set_training(m_shortcut, on);
        std::apply([&](auto&... layer) { (detail::set_training(layer, on), ...); }, m_layers);
    }

    /// f(parameters, gradients) for the shortcut's blocks, then the branch's, in order.
    template <class F>
    void for_each_block(F& f)
    {
        detail::visit_parameters(m_shortcut, f);
        std::apply([&](auto&... layer) { (detail::visit_parameters(layer, f), ...); }, m_layers);
    }

    template <class F>
    void for_each_state(F& f)
    {
        detail::visit_state(m_shortcut, f);
        std::apply([&](auto&... layer) { (detail::visit_state(layer, f), ...); }, m_layers);
    }

    Shortcut& shortcut() noexcept { return m_shortcut; }
    template <std::size_t I>
    layer_t<I>& branch() noexcept
    {
        return std::get<I>(m_layers);
    }

    void forward(const scalar* in, scalar* out) noexcept { run_forward<false>(in, out, 1); }

    /// d(loss)/d(input) is the sum of the two paths'; a null grad_in (the block is the lowest layer
    /// with parameters) computes the parameter gradients only.
    void backward(const scalar* in, const scalar*, const scalar* grad_out, scalar* grad_in) noexcept
    {
        run_backward<false>(in, grad_out, grad_in, 1);
    }

    void forward_batch(const scalar* in, scalar* out, std::size_t n)
    {
        std::apply([&](auto&... a) { (a.resize(n * a.per_sample), ...); }, m_batch_outputs);
        m_batch_skip.resize(n * output_shape::size);
        for (auto& g : m_batch_grad) g.resize(n * largest);
        run_forward<true>(in, out, n);
    }

    void backward_batch(const scalar* in, const scalar*, const scalar* grad_out, scalar* grad_in,
                        std::size_t n) noexcept
    {
        run_backward<true>(in, grad_out, grad_in, n);
    }

private:
    template <std::size_t... I>
    static constexpr std::size_t largest_input(std::index_sequence<I...>)
    {
        return std::max({std::size_t{1}, layer_t<I>::input_shape::size...});
    }
    /// The gradient buffers hold the input gradient of any branch layer above the first.
    static constexpr std::size_t largest = largest_input(std::make_index_sequence<count>{});

    /// Activations of layer I (its outputs) for one sample or for the batch.
    template <bool Batch, std::size_t I>
    scalar* activation() noexcept
    {
        return detail::outputs_of<Batch, I>(m_outputs, m_batch_outputs);
    }

    template <bool Batch>
    scalar* skip() noexcept
    {
        return Batch ? m_batch_skip.data() : m_skip.data();
    }

    template <bool Batch>
    scalar* gradient_buffer(std::size_t which) noexcept
    {
        return Batch ? m_batch_grad[which].data() : m_grad[which].data();
    }

    template <bool Batch>
    void run_forward(const scalar* in, scalar* out, std::size_t n)
    {
        [&]<std::size_t... I>(std::index_sequence<I...>)
        {
            ((detail::forward_step<Batch>(std::get<I>(m_layers), I == 0 ? in : input_of<Batch, I>(),
                                          activation<Batch, I>(), n)),
             ...);
        }
        (std::make_index_sequence<count>{});
        detail::forward_step<Batch>(m_shortcut, in, skip<Batch>(), n);
        const scalar* last = activation<Batch, count - 1>();
        const scalar* s = skip<Batch>();
        for (std::size_t i = 0; i < n * output_shape::size; ++i) out[i] = last[i] + s[i];
    }

    template <bool Batch, std::size_t I>
    scalar* input_of() noexcept
    {
        if constexpr (I == 0)
            return nullptr; // the block's input, handled by the caller
        else
            return activation<Batch, I - 1>();
    }

    /// Whether a branch layer below I has parameters (needs the gradient of its output).
    template <std::size_t I>
    static constexpr bool parameters_below() noexcept
    {
        return []<std::size_t... J>(std::index_sequence<J...>)
        {
            return ((layer_t<J>::parameter_count > 0) || ... || false);
        }
        (std::make_index_sequence<I>{});
    }

    template <bool Batch>
    void run_backward(const scalar* in, const scalar* grad_out, scalar* grad_in, std::size_t n)
    {
        branch_backward<Batch, count - 1>(in, grad_out, grad_in, n);
        if (!grad_in) {
            if constexpr (Shortcut::parameter_count > 0)
                detail::backward_step<Batch>(m_shortcut, in, skip<Batch>(), grad_out, nullptr, n);
            return;
        }
        // The shortcut's input gradient beside the branch's (now in grad_in), then their sum.
        scalar* mine = gradient_buffer<Batch>(0);
        detail::backward_step<Batch>(m_shortcut, in, skip<Batch>(), grad_out, mine, n);
        for (std::size_t i = 0; i < n * input_shape::size; ++i) grad_in[i] += mine[i];
    }

    /// Backward through branch layer I, grad_out holding d(loss)/d(its output): layer I writes its
    /// input gradient into buffer I mod 2 (layer I + 1 read from the other), the first layer into
    /// grad_in. Without grad_in, nothing runs below the lowest layer with parameters.
    template <bool Batch, std::size_t I>
    void branch_backward(const scalar* in, const scalar* grad_out, scalar* grad_in, std::size_t n)
    {
        auto& layer = std::get<I>(m_layers);
        const scalar* below = I == 0 ? in : input_of<Batch, I>();
        const bool needed = grad_in || parameters_below<I>();
        if (!needed && layer_t<I>::parameter_count == 0) return;
        scalar* gin = I == 0 ? grad_in : (needed ? gradient_buffer<Batch>(I % 2) : nullptr);
        if constexpr (I > 0) {
            // Buffer 0 also takes the shortcut's gradient later: the branch is done with it by then.
            detail::backward_step<Batch>(layer, below, activation<Batch, I>(), grad_out, gin, n);
            if (needed) branch_backward<Batch, I - 1>(in, gin, grad_in, n);
        } else {
            detail::backward_step<Batch>(layer, below, activation<Batch, I>(), grad_out, gin, n);
        }
    }

    Shortcut m_shortcut{};
    tuple m_layers{};
    std::tuple<std::array<scalar, Branch::output_shape::size>...> m_outputs{};
    std::array<scalar, output_shape::size> m_skip{};
    std::array<std::array<scalar, largest>, 2> m_grad{};
    std::tuple<detail::batch_buffer<scalar, Branch::output_shape::size>...> m_batch_outputs;
    std::vector<scalar> m_batch_skip;
    std::array<std::vector<scalar>, 2> m_batch_grad;
};

namespace detail {
    template <class Shape, std::size_t Out, std::floating_point T>
    struct basic_block_of
    {
        static_assert(Shape::rank == 3, "hsc::nn::basic_block: input must be (channels, height, width)");
        static constexpr std::size_t C = Shape::dims[0], H = Shape::dims[1], W = Shape::dims[2];
        using out = shape<Out, H, W>;
        using shortcut = std::conditional_t<C == Out, identity<Shape, T>, conv2d<C, H, W, Out, 1, T>>;
        using type = residual<shortcut, same_conv2d<C, H, W, Out, 3, T>, batch_norm<out, T>, relu<out, T>,
                              same_conv2d<Out, H, W, Out, 3, T>, batch_norm<out, T>>;
    };
} // namespace detail

/// ResNet's BasicBlock on (C, H, W) → (Out, H, W), stride 1: 3×3 convolution, batch norm, ReLU,
/// 3×3 convolution, batch norm, plus the input (the identity when C = Out, else a 1×1
/// convolution). The ReLU after the sum is the network's next layer.
template <class Shape, std::size_t Out, std::floating_point T = default_scalar>
using basic_block = typename detail::basic_block_of<Shape, Out, T>::type;

} // namespace hsc::nn
